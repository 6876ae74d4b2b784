/*
 * dwarf/dwarf_walk.c - the child side of the DWARF summary (dwarf.c): a
 * forked process with resource limits walks the compile units with
 * libdwarf on a libelf handle of its own and writes length-prefixed
 * records to the pipe the parent reads.  The only file that includes
 * libdwarf.
 */
#include "dwarf/dwarf.h"
#include "elf/elf.h"

#include <dwarf.h>
#include <errno.h>
#include <libdwarf.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

struct walk {
	int fd;
	Dwarf_Debug dbg;
	struct goelf_strlist versions, producers, languages, paths, goroots;
	uint64_t cus, items;
	bool truncated;
	int handler_calls;
};

static void
put_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n) {
		ssize_t w = write(fd, c, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			_exit(3);
		c += w;
		n -= (size_t)w;
	}
}

static void
put_rec(int fd, enum rec tag, const void *p, size_t n)
{
	uint8_t h[5];

	if (n > MAX_ITEM)
		n = MAX_ITEM;
	h[0] = (uint8_t)tag;
	h[1] = (uint8_t)n;
	h[2] = (uint8_t)(n >> 8);
	h[3] = (uint8_t)(n >> 16);
	h[4] = (uint8_t)(n >> 24);
	put_all(fd, h, sizeof(h));
	if (n)
		put_all(fd, p, n);
}

static void
put_str(int fd, enum rec tag, const char *s)
{
	put_rec(fd, tag, s, strlen(s));
}

/* Libdwarf calls this only when a call got no error pointer; we always
 * pass one, so it only counts (it must exist: NULL means abort()). */
static void
err_handler(Dwarf_Error e, Dwarf_Ptr arg)
{
	(void)e;
	((struct walk *)arg)->handler_calls++;
}

static void
add_capped(struct walk *w, struct goelf_strlist *l, const char *s, size_t cap)
{
	if (goelf_strlist_has(l, s))
		return;
	if (l->n >= cap) {
		w->truncated = true;
		return;
	}
	goelf_strlist_add(l, s);
}

static const char *
lang_name(Dwarf_Unsigned l)
{
	switch (l) {
	case DW_LANG_C89: return "C89";
	case DW_LANG_C: return "C";
	case DW_LANG_C99: return "C99";
	case DW_LANG_C11: return "C11";
	case DW_LANG_C_plus_plus: return "C++";
	case DW_LANG_C_plus_plus_03: return "C++03";
	case DW_LANG_C_plus_plus_11: return "C++11";
	case DW_LANG_C_plus_plus_14: return "C++14";
	case DW_LANG_Go: return "Go";
	case DW_LANG_Rust: return "Rust";
	case DW_LANG_Fortran77: return "Fortran77";
	case DW_LANG_Fortran90: return "Fortran90";
	case DW_LANG_Fortran95: return "Fortran95";
	case DW_LANG_Fortran03: return "Fortran03";
	case DW_LANG_Fortran08: return "Fortran08";
	case DW_LANG_ObjC: return "ObjC";
	case DW_LANG_ObjC_plus_plus: return "ObjC++";
	case DW_LANG_D: return "D";
	case DW_LANG_Swift: return "Swift";
	case DW_LANG_Ada83: return "Ada83";
	case DW_LANG_Ada95: return "Ada95";
	case DW_LANG_Java: return "Java";
	case DW_LANG_Mips_Assembler: return "Mips_Assembler";
	default: return NULL;
	}
}

static bool
has_prefix(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

/* GOROOT from a file path ".../src/runtime/x.go" (into goroots). */
static void
note_goroot(struct walk *w, const char *path)
{
	const char *m = strstr(path, "/src/runtime/");

	if (path[0] != '/' || !m || m == path)
		return;
	if (w->goroots.n < 8) {
		char *r = goelf_xstrndup(path, (size_t)(m - path));

		add_capped(w, &w->goroots, r, 8);
		free(r);
	}
}

static bool
is_toolchain(const struct walk *w, const char *p, size_t *root_len)
{
	static const char *const fixed[] = {
		"/usr/lib/go-",	  "/usr/lib/go/",	 "/usr/local/go/",
		"/usr/share/go-", "/usr/lib/golang/",	 "/usr/include/",
		"/usr/lib/gcc/",  "/usr/local/include/", "/usr/lib/llvm-",
	};

	for (size_t i = 0; i < w->goroots.n; i++) {
		size_t n = strlen(w->goroots.v[i]);

		if (!strncmp(p, w->goroots.v[i], n) &&
		    (p[n] == '/' || p[n] == '\0')) {
			*root_len = n;
			return true;
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(fixed); i++) {
		if (has_prefix(p, fixed[i])) {
			const char *s = strstr(p, "/src/");

			/* GOROOT-like: cut at /src/; else at the fixed
			 * prefix's last directory. */
			if (s && strncmp(fixed[i], "/usr/lib/go", 11) == 0)
				*root_len = (size_t)(s - p);
			else if (s && !strcmp(fixed[i], "/usr/local/go/"))
				*root_len = (size_t)(s - p);
			else
				*root_len = strlen(fixed[i]) - 1;
			return true;
		}
	}
	return false;
}

static bool
is_absolute(const char *p)
{
	if (p[0] == '/')
		return true;
	/* A Windows drive path built elsewhere: C:\ or C:/ */
	return ((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) &&
	       p[1] == ':' && (p[2] == '\\' || p[2] == '/');
}

/* Records an absolute path as a directory: a build path or a toolchain
 * root (prefixed "toolchain:").  file says whether p names a file. */
static void
note_path(struct walk *w, const char *p, bool file)
{
	struct goelf_buf b;
	size_t root, n = strnlen(p, MAX_ITEM);
	const char *m;

	/* Placeholders, not paths: "/_/" is what -trimpath leaves for cgo
	 * files, "/tmp/go-build" is what go build maps $WORK to
	 * (-fdebug-prefix-map) for cgo's C files. */
	if (!is_absolute(p) || !strncmp(p, "/_/", 3) ||
	    !strcmp(p, "/tmp/go-build") || !strncmp(p, "/tmp/go-build/", 14))
		return;
	goelf_buf_init(&b, MAX_ITEM + 16);
	if (is_toolchain(w, p, &root)) {
		goelf_buf_adds(&b, "toolchain:");
		goelf_buf_add(&b, p, root);
	} else if ((m = strstr(p, "/pkg/mod/")) != NULL &&
		   (size_t)(m - p) < n) {
		goelf_buf_add(&b, p, (size_t)(m - p) + 8);
	} else {
		const char *slash = memrchr(p, '/', n);

		if (file && slash && slash != p)
			n = (size_t)(slash - p);
		else if (file && slash == p)
			n = 1;
		goelf_buf_add(&b, p, n);
	}
	add_capped(w, &w->paths, b.buf, GOELF_MAX_DWARF_PATHS);
	goelf_buf_release(&b);
}

static char *
attr_string(struct walk *w, Dwarf_Die die, Dwarf_Half at)
{
	Dwarf_Attribute a = NULL;
	Dwarf_Error err = NULL;
	char *s = NULL;
	int res;

	res = dwarf_attr(die, at, &a, &err);
	if (res == DW_DLV_ERROR) {
		dwarf_dealloc_error(w->dbg, err);
		return NULL;
	}
	if (res != DW_DLV_OK)
		return NULL;
	res = dwarf_formstring(a, &s, &err);
	if (res == DW_DLV_ERROR) {
		dwarf_dealloc_error(w->dbg, err);
		s = NULL;
	} else if (res != DW_DLV_OK) {
		s = NULL;
	}
	dwarf_dealloc(w->dbg, a, DW_DLA_ATTR);
	return s;
}

static void
walk_files(struct walk *w, Dwarf_Die die)
{
	char **files = NULL;
	Dwarf_Signed n = 0;
	Dwarf_Error err = NULL;
	int res = dwarf_srcfiles(die, &files, &n, &err);

	if (res == DW_DLV_ERROR) {
		dwarf_dealloc_error(w->dbg, err);
		return;
	}
	if (res != DW_DLV_OK)
		return;
	for (Dwarf_Signed i = 0; i < n; i++)
		if (files[i])
			note_goroot(w, files[i]);
	for (Dwarf_Signed i = 0; i < n; i++) {
		if (!files[i])
			continue;
		if (w->items < GOELF_MAX_DWARF_DIES) {
			w->items++;
			note_path(w, files[i], true);
		} else {
			w->truncated = true;
		}
		dwarf_dealloc(w->dbg, files[i], DW_DLA_STRING);
	}
	dwarf_dealloc(w->dbg, files, DW_DLA_LIST);
}

static void
walk_cu_die(struct walk *w, Dwarf_Die die)
{
	Dwarf_Unsigned lang = 0;
	Dwarf_Error err = NULL;
	char *s;
	int res;

	if ((s = attr_string(w, die, DW_AT_producer)) != NULL)
		add_capped(w, &w->producers, s, MAX_LIST);
	res = dwarf_srclang(die, &lang, &err);
	if (res == DW_DLV_ERROR)
		dwarf_dealloc_error(w->dbg, err);
	if (res == DW_DLV_OK) {
		const char *ln = lang_name(lang);
		char num[32];

		if (!ln) {
			snprintf(num, sizeof(num), "DW_LANG_%#llx",
				 (unsigned long long)lang);
			ln = num;
		}
		add_capped(w, &w->languages, ln, MAX_LIST);
	}
	if ((s = attr_string(w, die, DW_AT_comp_dir)) != NULL)
		note_path(w, s, false);
	if ((s = attr_string(w, die, DW_AT_name)) != NULL)
		note_path(w, s, true);
	walk_files(w, die);
}

static void
child_error(struct walk *w, const char *what, Dwarf_Error err)
{
	char line[512];

	snprintf(line, sizeof(line), "%s: %s", what,
		 err ? dwarf_errmsg(err) : "unknown error");
	put_str(w->fd, REC_ERROR, line);
}

static void
child_walk(struct walk *w, Elf *elf)
{
	Dwarf_Error err = NULL;
	int res;

	res = dwarf_elf_init_b(elf, DW_DLC_READ, DW_GROUPNUMBER_ANY,
			       err_handler, w, &w->dbg, &err);
	if (res == DW_DLV_NO_ENTRY) {
		put_str(w->fd, REC_ERROR, "libdwarf found no DWARF");
		return;
	}
	if (res != DW_DLV_OK) {
		child_error(w, "libdwarf initialisation failed", err);
		return;
	}
	for (;;) {
		Dwarf_Unsigned hlen = 0, typeoff = 0, next = 0;
		Dwarf_Half ver = 0, asz = 0, lsz = 0, esz = 0, cutype = 0;
		Dwarf_Off abbrev = 0;
		Dwarf_Sig8 sig;
		Dwarf_Die die = NULL;
		char v[16];

		if (w->cus >= GOELF_MAX_DWARF_CUS) {
			w->truncated = true;
			break;
		}
		err = NULL;
		res = dwarf_next_cu_header_d(w->dbg, 1, &hlen, &ver, &abbrev,
					     &asz, &lsz, &esz, &sig, &typeoff,
					     &next, &cutype, &err);
		if (res == DW_DLV_NO_ENTRY)
			break;
		if (res != DW_DLV_OK) {
			child_error(w, "compile unit header unreadable", err);
			break;
		}
		w->cus++;
		snprintf(v, sizeof(v), "%u", (unsigned)ver);
		add_capped(w, &w->versions, v, MAX_LIST);
		err = NULL;
		res = dwarf_siblingof_b(w->dbg, NULL, 1, &die, &err);
		if (res == DW_DLV_ERROR) {
			child_error(w, "compile unit DIE unreadable", err);
			break;
		}
		if (res == DW_DLV_OK) {
			walk_cu_die(w, die);
			dwarf_dealloc_die(die);
		}
	}
}

/* Sets an address-space limit CHILD_AS_EXTRA above what the process
 * already maps (a fixed limit would break sanitizer builds, which reserve
 * terabytes of shadow up front). */
static void
limit_child(void)
{
	struct rlimit cpu = { CHILD_CPU_SECONDS, CHILD_CPU_SECONDS + 1 };
	unsigned long long pages = 0;
	long psz = sysconf(_SC_PAGESIZE);
	FILE *fp = fopen("/proc/self/statm", "r");

	if (fp) {
		if (fscanf(fp, "%llu", &pages) != 1)
			pages = 0;
		fclose(fp);
	}
	if (pages && psz > 0) {
		struct rlimit as;

		as.rlim_cur = as.rlim_max =
			(rlim_t)(pages * (unsigned long long)psz +
				 CHILD_AS_EXTRA);
		setrlimit(RLIMIT_AS, &as);
	} else {
		struct rlimit as = { 2 * CHILD_AS_EXTRA, 2 * CHILD_AS_EXTRA };

		setrlimit(RLIMIT_AS, &as);
	}
	setrlimit(RLIMIT_CPU, &cpu);
	signal(SIGALRM, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	alarm(CHILD_WALL_SECONDS);
}

void
goelf_dwarf_child_main(struct goelf_ld *ld, int fd)
{
	struct walk w = { 0 };
	uint8_t cus[8];
	struct Elf *elf;

	limit_child();
	w.fd = fd;
	elf = goelf_elf_handle_open(&ld->src);
	if (!elf) {
		put_str(fd, REC_ERROR, "libelf cannot read the file");
		put_rec(fd, REC_DONE, NULL, 0);
		_exit(0);
	}
	child_walk(&w, elf);
	for (int i = 0; i < 8; i++)
		cus[i] = (uint8_t)(w.cus >> (8 * i));
	put_rec(fd, REC_CUS, cus, sizeof(cus));
	for (size_t i = 0; i < w.versions.n; i++)
		put_str(fd, REC_VERSION, w.versions.v[i]);
	for (size_t i = 0; i < w.producers.n; i++)
		put_str(fd, REC_PRODUCER, w.producers.v[i]);
	for (size_t i = 0; i < w.languages.n; i++)
		put_str(fd, REC_LANGUAGE, w.languages.v[i]);
	for (size_t i = 0; i < w.paths.n; i++)
		put_str(fd, REC_PATH, w.paths.v[i]);
	if (w.truncated)
		put_rec(fd, REC_TRUNCATED, NULL, 0);
	put_rec(fd, REC_DONE, NULL, 0);
	/* _exit: no atexit handlers, no flushing of the parent's stdio
	 * buffers a second time; the process image is dropped whole. */
	_exit(0);
}
