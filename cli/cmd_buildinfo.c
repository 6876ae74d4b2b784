/*
 * cmd_buildinfo.c - goelf buildinfo FILE...: the output of
 * `go version -m FILE`, byte for byte, without a Go toolchain.
 * Unlike go (which exits 0), a file without readable build info makes the
 * exit status 1 so scripts can tell.
 */
#include "cli/cli.h"

#include <string.h>

static const char usage_text[] =
	"usage: goelf buildinfo FILE...\n"
	"\n"
	"Prints what 'go version -m FILE' prints: the Go version, then the\n"
	"module path, main module, dependencies (with => replacements) and\n"
	"build settings, each line indented by a tab.\n"
	"\n"
	"Exit status: 0 every file had build info, 1 a file had none or it\n"
	"could not be read (go itself exits 0 then), 2 bad usage.\n";

/* go's "PATH: could not read Go build info from PATH: why" on stderr. */
static void
cannot_read(const char *path, const char *why)
{
	goelf_text_escape_lines(stderr, path);
	fputs(": could not read Go build info from ", stderr);
	goelf_text_escape_lines(stderr, path);
	fprintf(stderr, ": %s\n", why);
}

/* Prints one file like cmd/go/internal/version scanFile; 1 when it has
 * no readable build info.  Paths are escaped as the module lines are
 * (goelf_text_escape_lines): go's bytes for any ordinary name. */
static int
one(const char *path)
{
	struct goelf_report *r = goelf_report_open(path, NULL);
	int rc = 1;

	if (goelf_report_error(r) == GOELF_E_IO) {
		goelf_text_escape_lines(stderr, path);
		fputc('\n', stderr);
	} else if (goelf_report_error(r) != GOELF_OK) {
		cannot_read(path, "unrecognized file format");
	} else {
		switch (goelf_report_buildinfo(r)) {
		case GOELF_BUILDINFO_ABSENT:
			cannot_read(path, "not a Go executable");
			break;
		case GOELF_BUILDINFO_MALFORMED:
			cannot_read(path, "could not parse Go build info");
			break;
		case GOELF_BUILDINFO_OK:
			goelf_render_buildinfo(r, stdout);
			rc = 0;
			break;
		}
	}
	goelf_report_free(r);
	return rc;
}

int
cmd_buildinfo(int argc, char **argv)
{
	int rc = GOELF_EXIT_OK;

	if (argc > 1 &&
	    (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage_text, stdout);
		return GOELF_EXIT_OK;
	}
	if (argc < 2)
		return cli_usage_error("buildinfo", "no FILE given");
	for (int i = 1; i < argc; i++) {
		fflush(stdout);
		if (one(argv[i]))
			rc = GOELF_EXIT_FAIL;
	}
	return rc;
}
