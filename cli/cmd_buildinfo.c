/*
 * cmd_buildinfo.c - goelf buildinfo [-m] [-v] [--] FILE|DIR...: the
 * output of `go version -m FILE|DIR`, byte for byte, without a Go
 * toolchain.  The reference is Go 1.19's cmd/go/internal/version
 * (runVersion, scanDir, scanFile) and debug/buildinfo (ReadFile).
 * Unlike go (which exits 0, or 1 for a missing file), a file without
 * readable build info makes the exit status 1 and an unreadable one 2,
 * so scripts can tell; the differences are listed in usage_text, the
 * README and man/goelf.1.
 */
#include "cli/cli.h"

#include <errno.h>
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: goelf buildinfo [-m] [-v] [--] FILE|DIR...\n"
	"\n"
	"Prints what 'go version -m FILE|DIR' prints: for each Go executable\n"
	"the Go version, then the module path, main module, dependencies\n"
	"(with => replacements) and build settings, each line indented by a\n"
	"tab.  A directory is walked as go walks it: regular files and\n"
	"symlinks to files, in name order; files that are not executable\n"
	"(no x bit) or not Go are skipped silently unless -v.\n"
	"\n"
	"  -m    accepted for go's sake: the module lines are always printed\n"
	"  -v    say why each file met in a directory is skipped\n"
	"  --    the arguments after it are files, even if they start with -\n"
	"\n"
	"Differences from go version -m (Go 1.19):\n"
	"  - the module lines are printed without -m too;\n"
	"  - a symlink found in a directory is not followed when its target\n"
	"    is outside that directory (-v says so);\n"
	"  - only ELF is read: a Mach-O, PE or XCOFF file gets 'not an ELF\n"
	"    file' (even in a directory without -v), where go reads it;\n"
	"  - no FILE is a usage error (go prints its own version);\n"
	"  - only -m, -v and -- are options (go also takes -m=true, --m ...);\n"
	"  - the whole data segment is searched for the build info header\n"
	"    (go 1.19: its first 64 KiB);\n"
	"  - module info that does not parse gives 'could not parse Go build\n"
	"    info' without go's line number and reason; an ELF file cut short\n"
	"    gives 'unrecognized file format';\n"
	"  - bytes a terminal could obey are printed as \\xNN;\n"
	"  - the exit status.\n"
	"\n"
	"Exit status: 0 every file named (and every file -v reports) has\n"
	"build info; 1 one has none (not executable, not ELF, not Go);\n"
	"2 one is missing or unreadable, or bad usage.  go exits 1 for a\n"
	"missing file and 0 otherwise.\n";

/* Allocation that dies on out of memory, like libgoelf's. */
static void *
must(void *p)
{
	if (!p) {
		cli_warn("out of memory");
		exit(GOELF_EXIT_ERROR);
	}
	return p;
}

/* Go's text for an errno (syscall.Errno.Error()): glibc's strerror
 * with a lower-case first letter ("no such file or directory"). */
static void
put_errno(FILE *out, int e)
{
	const char *s = strerror(e);

	if (*s >= 'A' && *s <= 'Z') {
		fputc(*s - 'A' + 'a', out);
		s++;
	}
	fputs(s, out);
}

/* "PATH: why\n" on stderr, PATH escaped like the module lines. */
static void
say(const char *path, const char *why)
{
	goelf_text_escape_lines(stderr, path);
	fprintf(stderr, ": %s\n", why);
}

/* go's "PATH: could not read Go build info from PATH: why" on stderr. */
static void
cannot_read(const char *path, const char *why)
{
	goelf_text_escape_lines(stderr, path);
	fputs(": could not read Go build info from ", stderr);
	goelf_text_escape_lines(stderr, path);
	fprintf(stderr, ": %s\n", why);
}

/* An *os.PathError whose path is the file: go prints the file name
 * alone (scanFile). */
static int
path_error(const char *path)
{
	goelf_text_escape_lines(stderr, path);
	fputc('\n', stderr);
	return GOELF_EXIT_ERROR;
}

/*
 * The executable formats debug/buildinfo knows besides ELF, by the magic
 * it checks (readRawBuildInfo); NULL for anything else.
 */
static const char *
other_format(const unsigned char *id)
{
	if (id[0] == 'M' && id[1] == 'Z')
		return "PE";
	if ((id[0] == 0xfe && id[1] == 0xed && id[2] == 0xfa) ||
	    (id[1] == 0xfa && id[2] == 0xed && id[3] == 0xfe))
		return "Mach-O";
	if (id[0] == 0x01 && (id[1] == 0xdf || id[1] == 0xf7))
		return "XCOFF";
	return NULL;
}

/*
 * debug/buildinfo.ReadFile and the printing of scanFile for an
 * executable regular file; returns the exit status it earns.  Errors are
 * printed only when must_print, except the not-ELF message, which stands
 * for output go would have printed.
 */
static int
read_file(const char *path, bool must_print)
{
	unsigned char id[16];
	const char *fmt;
	struct goelf_report *r;
	size_t n;
	FILE *fp = fopen(path, "rb");
	int rc = GOELF_EXIT_FAIL;

	if (!fp)
		return must_print ? path_error(path) : 0;
	n = fread(id, 1, sizeof(id), fp);
	if (ferror(fp)) {
		fclose(fp);
		return must_print ? path_error(path) : 0;
	}
	fclose(fp);
	if (n < sizeof(id)) {
		if (!must_print)
			return 0;
		cannot_read(path, "unrecognized file format");
		return GOELF_EXIT_FAIL;
	}
	fmt = other_format(id);
	if (fmt) {
		goelf_text_escape_lines(stderr, path);
		fprintf(stderr,
			": not an ELF file: %s (goelf buildinfo reads ELF "
			"only)\n",
			fmt);
		return GOELF_EXIT_FAIL;
	}

	r = goelf_report_open(
		path, &(struct goelf_load_options){ .buildinfo_only = true });
	switch (goelf_report_error(r)) {
	case GOELF_OK: break;
	case GOELF_E_IO:
	case GOELF_E_NOT_REGULAR:
		rc = must_print ? path_error(path) : 0;
		goelf_report_free(r);
		return rc;
	default:
		if (must_print)
			cannot_read(path, "unrecognized file format");
		goelf_report_free(r);
		return must_print ? GOELF_EXIT_FAIL : 0;
	}
	switch (goelf_report_buildinfo(r)) {
	case GOELF_BUILDINFO_OK:
		goelf_render_buildinfo(r, stdout);
		fflush(stdout);
		rc = GOELF_EXIT_OK;
		break;
	case GOELF_BUILDINFO_ABSENT:
		if (must_print)
			cannot_read(path, "not a Go executable");
		break;
	case GOELF_BUILDINFO_MALFORMED:
		if (must_print)
			cannot_read(path, "could not parse Go build info");
		break;
	case GOELF_BUILDINFO_PAST_EOF:
		/* io.EOF from reading the data segment's file bytes. */
		if (must_print)
			cannot_read(path, "EOF");
		break;
	case GOELF_BUILDINFO_UNMAPPED:
		if (must_print)
			cannot_read(path, "unrecognized file format");
		break;
	}
	goelf_report_free(r);
	return must_print ? rc : 0;
}

/* Whether resolved path p is root or below it (both from realpath). */
static bool
is_below(const char *p, const char *root)
{
	size_t n = strlen(root);

	if (!strcmp(root, "/"))
		return true;
	return !strncmp(p, root, n) && (p[n] == '\0' || p[n] == '/');
}

/*
 * scanFile: st is what lstat (in a directory walk) or stat (a named
 * file) says about path.  root is the resolved directory being walked,
 * or NULL for a named file: goelf does not follow a symlink in a walk
 * whose target lies outside root.
 */
static int
scan_file(const char *path, const struct stat *st, bool must_print,
	  const char *root, const char *root_arg)
{
	struct stat t;

	if (S_ISLNK(st->st_mode)) {
		char *real;
		bool inside;

		if (stat(path, &t) != 0 || !S_ISREG(t.st_mode)) {
			if (must_print)
				say(path, "symlink");
			return must_print ? GOELF_EXIT_FAIL : 0;
		}
		real = realpath(path, NULL);
		inside = real && root && is_below(real, root);
		free(real);
		if (!inside) {
			if (!must_print)
				return 0;
			goelf_text_escape_lines(stderr, path);
			fputs(": symlink to a file outside ", stderr);
			goelf_text_escape_lines(stderr, root_arg);
			fputs(", not followed (goelf)\n", stderr);
			return GOELF_EXIT_FAIL;
		}
		st = &t;
	}
	/* isExe: a regular file with an execute bit. */
	if (!S_ISREG(st->st_mode) || !(st->st_mode & 0111)) {
		if (must_print)
			say(path, "not executable file");
		return must_print ? GOELF_EXIT_FAIL : 0;
	}
	return read_file(path, must_print);
}

/*
 * path/filepath.Clean for '/'-separated paths, which WalkDir applies to
 * every path it builds with Join.  The result is never longer than the
 * input (or "."); the caller frees it.
 */
static char *
clean_path(const char *path)
{
	size_t n = strlen(path), r = 0, w = 0, dotdot = 0;
	bool rooted = n && path[0] == '/';
	char *out = must(malloc(n + 2));

	if (rooted) {
		out[w++] = '/';
		r = dotdot = 1;
	}
	while (r < n) {
		if (path[r] == '/') {
			r++;
		} else if (path[r] == '.' &&
			   (r + 1 == n || path[r + 1] == '/')) {
			r++;
		} else if (path[r] == '.' && path[r + 1] == '.' &&
			   (r + 2 == n || path[r + 2] == '/')) {
			r += 2;
			if (w > dotdot) {
				w--;
				while (w > dotdot && out[w] != '/')
					w--;
			} else if (!rooted) {
				if (w > 0)
					out[w++] = '/';
				out[w++] = '.';
				out[w++] = '.';
				dotdot = w;
			}
		} else {
			if ((rooted && w != 1) || (!rooted && w != 0))
				out[w++] = '/';
			while (r < n && path[r] != '/')
				out[w++] = path[r++];
		}
	}
	if (w == 0)
		out[w++] = '.';
	out[w] = '\0';
	return out;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in directory path, sorted bytewise as os.ReadDir sorts
 * them; NULL when it cannot be read (WalkDir then skips it silently). */
static char **
read_names(const char *path, size_t *count)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if (!d)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			names = must(realloc(names, cap * sizeof(*names)));
		}
		names[n++] = must(strdup(e->d_name));
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	*count = n;
	return names;
}

struct walk {
	const char *root;     /* realpath of the directory named */
	const char *root_arg; /* as named, for messages */
	bool verbose;	      /* -v */
	int rc;
};

/* filepath.WalkDir from dir (already known to be a directory): every
 * regular file or symlink goes to scan_file, directories are entered,
 * anything else is passed over without a word, as scanDir does. */
static void
walk_dir(struct walk *w, const char *dir)
{
	size_t n = 0;
	char **names = read_names(dir, &n);

	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(dir) + strlen(names[i]) + 2;
		char *joined = must(malloc(len));
		char *path;
		struct stat st;
		int rc = 0;

		snprintf(joined, len, "%s/%s", dir, names[i]);
		path = clean_path(joined);
		free(joined);
		if (lstat(path, &st) != 0) {
			/* d.Info() failed: the entry went away. */
			if (w->verbose) {
				int e = errno;

				goelf_text_escape_lines(stderr, path);
				fputs(": lstat ", stderr);
				goelf_text_escape_lines(stderr, path);
				fputs(": ", stderr);
				put_errno(stderr, e);
				fputc('\n', stderr);
				rc = GOELF_EXIT_ERROR;
			}
		} else if (S_ISDIR(st.st_mode)) {
			walk_dir(w, path);
		} else if (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) {
			rc = scan_file(path, &st, w->verbose, w->root,
				       w->root_arg);
		}
		if (rc > w->rc)
			w->rc = rc;
		free(path);
		free(names[i]);
	}
	free(names);
}

/* scanDir(arg): WalkDir starts with an lstat of arg, so a symlink to a
 * directory is a symlink (not walked; "ARG: symlink" with -v). */
static int
scan_dir(const char *arg, bool verbose)
{
	struct walk w = { .root_arg = arg, .verbose = verbose };
	struct stat st;
	char *root;

	if (lstat(arg, &st) != 0 || !S_ISDIR(st.st_mode))
		return scan_file(arg, &st, verbose, NULL, arg);
	root = realpath(arg, NULL);
	if (!root)
		return path_error(arg);
	w.root = root;
	walk_dir(&w, arg);
	free(root);
	return w.rc;
}

/* runVersion for one argument. */
static int
one(const char *arg, bool verbose)
{
	struct stat st;

	if (stat(arg, &st) != 0) {
		/* *fs.PathError from os.Stat: "stat ARG: why". */
		int e = errno;

		fputs("stat ", stderr);
		goelf_text_escape_lines(stderr, arg);
		fputs(": ", stderr);
		put_errno(stderr, e);
		fputc('\n', stderr);
		return GOELF_EXIT_ERROR;
	}
	if (S_ISDIR(st.st_mode))
		return scan_dir(arg, verbose);
	return scan_file(arg, &st, true, NULL, arg);
}

int
cmd_buildinfo(int argc, char **argv)
{
	int rc = GOELF_EXIT_OK, i = 1;
	bool verbose = false;

	/* Go's flag package: options end at the first non-option or "--". */
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage_text, stdout);
			return GOELF_EXIT_OK;
		}
		if (!strcmp(argv[i], "-m"))
			continue;
		if (!strcmp(argv[i], "-v")) {
			verbose = true;
			continue;
		}
		return cli_usage_error("buildinfo", "unknown option '%s'",
				       argv[i]);
	}
	if (i >= argc)
		return cli_usage_error("buildinfo", "no FILE given");
	for (; i < argc; i++) {
		int r;

		fflush(stdout);
		r = one(argv[i], verbose);
		if (r > rc)
			rc = r;
	}
	return rc;
}
