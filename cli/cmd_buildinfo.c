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

/* Prints one file like cmd/go/internal/version scanFile. */
static int
one(const char *path)
{
	struct goelf_report r;
	const struct goelf_gofacts *g;
	struct goelf_buf b;
	int rc = 0;

	goelf_report_file(path, &r);
	g = &r.facts.go;
	if (r.err == GOELF_E_IO) {
		fprintf(stderr, "%s\n", path);
		rc = 1;
	} else if (r.err != GOELF_OK) {
		fprintf(stderr,
			"%s: could not read Go build info from %s: "
			"unrecognized file format\n",
			path, path);
		rc = 1;
	} else if (!g->has_buildinfo) {
		fprintf(stderr,
			"%s: could not read Go build info from %s: "
			"not a Go executable\n",
			path, path);
		rc = 1;
	} else if (!g->modinfo_ok) {
		fprintf(stderr,
			"%s: could not read Go build info from %s: "
			"could not parse Go build info\n",
			path, path);
		rc = 1;
	} else {
		printf("%s: %s\n", path, g->bi_version);
		goelf_buf_init(&b, 64u << 20);
		goelf_modinfo_format(&g->mod, &b);
		if (b.len) {
			fputc('\t', stdout);
			for (size_t i = 0; i + 1 < b.len; i++) {
				fputc(b.buf[i], stdout);
				if (b.buf[i] == '\n')
					fputc('\t', stdout);
			}
			fputc('\n', stdout);
		}
		goelf_buf_release(&b);
	}
	goelf_report_release(&r);
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
