/*
 * dwarf/dwarf.c - DWARF summary (compile units, versions, producers,
 * languages, build-machine paths) through libdwarf.
 *
 * libdwarf 20210528 (Debian 12) is treated as unsafe on hostile input
 * (reference/hostile-input.md): it aborts when a call fails with neither
 * an error pointer nor a handler, its own ELF reader is the weak path, and
 * it inflates compressed sections by itself.  So:
 *   1. compressed sections are checked here first, from the headers that
 *      load.c already read, and the walk is refused when one claims more
 *      than GOELF_MAX_INFLATE bytes or GOELF_MAX_INFLATE_RATIO times its
 *      size, or an unknown ch_type (ZSTD: libdwarf 20210528 has no zstd);
 *   2. the walk runs in a forked child with RLIMIT_AS, RLIMIT_CPU and an
 *      alarm(), uses dwarf_elf_init_b() on a libelf handle that elf/
 *      opens in the child (goelf_elf_handle_open), passes a
 *      handler and &err on every call, and is capped in CUs and items;
 *   3. the child writes length-prefixed records to a pipe; the parent
 *      reads at most CHILD_MAX_OUTPUT bytes, parses them with the cursor
 *      API and accepts them only when the final "done" record is there.
 * A child that crashes, runs out of time or memory, or writes garbage
 * costs one dwarf.error (a finding), never the report.
 *
 * Paths: Go CUs have comp_dir "." and their line tables name files with
 * absolute paths unless built with -trimpath.  Absolute paths under GOROOT
 * (derived from .../src/runtime/ files, plus /usr/lib/go*, /usr/local/go)
 * and C system include directories are toolchain paths: they are listed
 * with the prefix "toolchain:" and do not count as a leak.  Other absolute
 * paths are reduced to their directory (module cache paths to the
 * .../pkg/mod root) and listed as they are.
 */
#include "dwarf/dwarf.h"
#include "elf/elf.h"

#include <dwarf.h>
#include <errno.h>
#include <fcntl.h>
#include <libdwarf.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHILD_AS_EXTRA	   (1024ull << 20) /* address space over the parent's */
#define CHILD_CPU_SECONDS  10
#define CHILD_WALL_SECONDS 30
#define CHILD_MAX_OUTPUT   (4u << 20) /* bytes the parent reads */
#define MAX_LIST	   256u	      /* versions/producers/languages */
#define MAX_ITEM	   1024u      /* one string in a record */

enum rec {
	REC_CUS = 'C', /* u64 compile-unit count */
	REC_VERSION = 'V',
	REC_PRODUCER = 'P',
	REC_LANGUAGE = 'L',
	REC_PATH = 'B',
	REC_TRUNCATED = 'T', /* no payload */
	REC_ERROR = 'E',     /* the walk stopped early: why */
	REC_DONE = 'D',	     /* last record; without it nothing is used */
};

/* ---- child side ---------------------------------------------------- */

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

static void __attribute__((noreturn)) child_main(struct goelf_ld *ld, int fd)
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

/* ---- parent side --------------------------------------------------- */

static void set_error(struct goelf_dwarf *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
set_error(struct goelf_dwarf *d, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (d->error)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	d->error = goelf_xstrdup(line);
}

/* Copies a record string: NUL bytes end it, length is already capped. */
static void
rec_add(struct goelf_strlist *l, const uint8_t *p, uint32_t n, size_t cap,
	bool *truncated)
{
	char *s = goelf_xstrndup((const char *)p, n);

	if (!goelf_strlist_has(l, s)) {
		if (l->n < cap)
			goelf_strlist_add(l, s);
		else
			*truncated = true;
	}
	free(s);
}

/* Parses the child's records into d; false when they are malformed or
 * the final record is missing. */
static bool
parse_records(const uint8_t *buf, size_t len, struct goelf_dwarf *d)
{
	struct goelf_cursor c;
	bool done = false;

	goelf_cursor_init(&c, buf, len, GOELF_LITTLE);
	while (goelf_cursor_left(&c) && !done) {
		uint8_t tag;
		uint32_t n;
		const uint8_t *p;

		if (!goelf_cursor_u8(&c, &tag) || !goelf_cursor_u32(&c, &n) ||
		    n > MAX_ITEM || !goelf_cursor_take(&c, n, &p))
			return false;
		switch (tag) {
		case REC_CUS:
			if (n != 8)
				return false;
			d->compile_units = goelf_get_u64(p, GOELF_LITTLE);
			break;
		case REC_VERSION:
			rec_add(&d->versions, p, n, MAX_LIST, &d->truncated);
			break;
		case REC_PRODUCER:
			rec_add(&d->producers, p, n, MAX_LIST, &d->truncated);
			break;
		case REC_LANGUAGE:
			rec_add(&d->languages, p, n, MAX_LIST, &d->truncated);
			break;
		case REC_PATH:
			rec_add(&d->build_paths, p, n, GOELF_MAX_DWARF_PATHS,
				&d->truncated);
			break;
		case REC_TRUNCATED: d->truncated = true; break;
		case REC_ERROR: {
			char *s = goelf_xstrndup((const char *)p, n);

			set_error(d, "DWARF summary incomplete: %s", s);
			free(s);
			break;
		}
		case REC_DONE: done = true; break;
		default: return false;
		}
	}
	return done && !goelf_cursor_left(&c);
}

/* Refuses what libdwarf would inflate beyond our caps (rule 3). */
static bool
inflate_ok(const struct goelf_facts *f, struct goelf_dwarf *d)
{
	for (size_t i = 0; i < f->nsections; i++) {
		const struct goelf_section *s = &f->sections[i];
		uint64_t u = s->uncompressed_size;

		if (!s->is_compressed || !s->in_file)
			continue;
		if (s->ch_type != ELFCOMPRESS_ZLIB) {
			set_error(d,
				  "DWARF summary unavailable: %.64s uses "
				  "compression type %u (only zlib is read)",
				  s->name, s->ch_type);
			return false;
		}
		if (u > GOELF_MAX_INFLATE ||
		    (s->size <= UINT64_MAX / GOELF_MAX_INFLATE_RATIO &&
		     u > s->size * GOELF_MAX_INFLATE_RATIO)) {
			set_error(d,
				  "DWARF summary unavailable: %.64s claims "
				  "%llu bytes uncompressed from %llu (limits: "
				  "%u MiB, %ux its size)",
				  s->name, (unsigned long long)u,
				  (unsigned long long)s->size,
				  GOELF_MAX_INFLATE >> 20,
				  GOELF_MAX_INFLATE_RATIO);
			return false;
		}
	}
	return true;
}

static void
run_child(struct goelf_ld *ld, struct goelf_dwarf *d)
{
	struct goelf_buf out;
	int p[2], status = 0;
	bool overflow = false;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) != 0) {
		set_error(d, "DWARF summary unavailable: pipe: %s",
			  strerror(errno));
		return;
	}
	pid = fork();
	if (pid < 0) {
		set_error(d, "DWARF summary unavailable: fork: %s",
			  strerror(errno));
		close(p[0]);
		close(p[1]);
		return;
	}
	if (pid == 0) {
		close(p[0]);
		child_main(ld, p[1]);
	}
	close(p[1]);
	goelf_buf_init(&out, CHILD_MAX_OUTPUT);
	for (;;) {
		char chunk[65536];
		ssize_t r = read(p[0], chunk, sizeof(chunk));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (goelf_buf_add(&out, chunk, (size_t)r) != 0) {
			overflow = true;
			kill(pid, SIGKILL);
			break;
		}
	}
	close(p[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (overflow)
		set_error(d,
			  "DWARF summary unavailable: child wrote more than "
			  "%u bytes",
			  CHILD_MAX_OUTPUT);
	else if (WIFSIGNALED(status))
		set_error(d,
			  "DWARF summary unavailable: child killed by signal "
			  "%d (%s)",
			  WTERMSIG(status), strsignal(WTERMSIG(status)));
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		set_error(d,
			  "DWARF summary unavailable: child exited with "
			  "status %d",
			  WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	else if (!parse_records((const uint8_t *)out.buf, out.len, d))
		set_error(d, "DWARF summary unavailable: child output is "
			     "malformed");
	else
		d->walked = true;
	if (!d->walked) {
		/* Partial records from a failed child are not trusted. */
		char *e = d->error;
		bool present = d->present;

		d->error = NULL;
		goelf_dwarf_release(d);
		d->error = e;
		d->present = present;
	}
	goelf_buf_release(&out);
	goelf_strlist_sort(&d->versions);
	goelf_strlist_sort(&d->producers);
	goelf_strlist_sort(&d->languages);
	goelf_strlist_sort(&d->build_paths);
}

void
goelf_load_dwarf(struct goelf_ld *ld)
{
	struct goelf_facts *f = ld->facts;
	struct goelf_dwarf *d = &f->dwarf;

	d->present = goelf_find_section(f, ".debug_info") ||
		     goelf_find_section(f, ".zdebug_info");
	if (!ld->opts.dwarf || !d->present)
		return;
	if (!inflate_ok(f, d))
		return;
	run_child(ld, d);
}
