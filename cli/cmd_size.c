/*
 * cmd_size.c - goelf size [--top N] [--format text|json] [--ascii] FILE...:
 * where the bytes go, by section class, section and Go package.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: goelf size [--top N] [--format text|json] [--ascii] FILE...\n"
	"\n"
	"Shows where the bytes of each file go: section classes (text,\n"
	"rodata, pclntab, types, data, debug, symbols, other, unsectioned),\n"
	"the largest sections, and the function bytes of each Go package\n"
	"from the pclntab (C code from .symtab as C, C/libc, C/libgcc,\n"
	"C/crt, C/cgo; the rest of .text as unattributed).\n"
	"\n"
	"  -n, --top N        rows per list in text (default 10, 0 = all)\n"
	"  -f, --format FMT   text (default) or json (full lists, one object\n"
	"                     per file)\n"
	"      --ascii        bars drawn with '#' (the default when stdout is\n"
	"                     not a UTF-8 terminal)\n"
	"  -h, --help         this text\n"
	"\n"
	"Exit status: 0 every file analysed, 2 a file could not be analysed\n"
	"or bad usage.\n";

/* Unicode bars only on a terminal whose locale says UTF-8. */
static bool
want_unicode(void)
{
	const char *vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };

	if (!isatty(fileno(stdout)))
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(vars); i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return strcasestr(v, "utf-8") || strcasestr(v, "utf8");
	}
	return false;
}

static void
print_json(const struct goelf_report *r)
{
	json_t *o = json_object();
	char *s;

	json_object_set_new(o, "schema_version", json_integer(1));
	json_object_set_new(o, "path", goelf_json_str(r->path));
	json_object_set_new(o, "arch", json_string(r->an.arch));
	json_object_set_new(o, "size", goelf_json_size(r));
	s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
	if (s) {
		puts(s);
		free(s);
	}
	json_decref(o);
}

int
cmd_size(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "top", required_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'f' },
		{ "ascii", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct goelf_size_view v = { 10, false };
	const char *format = "text";
	bool ascii = false;
	int c, rc = GOELF_EXIT_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, "n:f:h", opts, NULL)) != -1) {
		char *end;
		unsigned long n;

		switch (c) {
		case 'n':
			n = strtoul(optarg, &end, 10);
			if (!*optarg || *end || *optarg == '-' || n > 1000000)
				return cli_usage_error("size",
						       "--top takes a "
						       "number, not '%s'",
						       optarg);
			v.top = (size_t)n;
			break;
		case 'f': format = optarg; break;
		case 'a': ascii = true; break;
		case 'h': fputs(usage_text, stdout); return GOELF_EXIT_OK;
		default: return cli_usage_error("size", "bad option");
		}
	}
	if (strcmp(format, "text") && strcmp(format, "json"))
		return cli_usage_error("size",
				       "unknown format '%s' (text or "
				       "json)",
				       format);
	if (optind >= argc)
		return cli_usage_error("size", "no FILE given");
	v.unicode = !ascii && want_unicode();
	for (int i = optind; i < argc; i++) {
		struct goelf_report r;

		if (goelf_report_file(argv[i], &r) != GOELF_OK) {
			fflush(stdout);
			cli_warn("%s: %s", argv[i], r.err_message);
			rc = GOELF_EXIT_ERROR;
		} else if (!strcmp(format, "json")) {
			print_json(&r);
		} else {
			if (i > optind)
				fputc('\n', stdout);
			goelf_render_size_text(&r, &v, stdout);
		}
		goelf_report_release(&r);
	}
	return rc;
}
