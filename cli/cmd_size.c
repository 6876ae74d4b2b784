/*
 * cmd_size.c - goelf size [--top N] [--format text|json] [--ascii] FILE...:
 * where the bytes go, by section class, section and Go package.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: goelf size [-n|--top N] [-f text|json|jsonl] [--color WHEN]\n"
	"                  [--ascii] [-h] FILE...\n"
	"\n"
	"Shows where the bytes of each file go: section classes (text,\n"
	"rodata, pclntab, types, data, debug, symbols, other, unsectioned),\n"
	"the largest sections, and the function bytes of each Go package\n"
	"from the pclntab (C code from .symtab as C, C/libc, C/libgcc,\n"
	"C/crt, C/cgo; the rest of .text as unattributed).\n"
	"\n"
	"  -n, --top N        rows per list in text (default 10, 0 = all)\n"
	"  -f, --format FMT   text (default) or json (full lists, one object\n"
	"                     per file and line; jsonl is the same)\n"
	"      --color WHEN   auto, always, never (checked; size prints no\n"
	"                     colour yet)\n"
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
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return strcasestr(v, "utf-8") || strcasestr(v, "utf8");
	}
	return false;
}

int
cmd_size(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "top", required_argument, NULL, 'n' },
		CLI_OUTPUT_LONGOPTS,
		{ "ascii", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct goelf_size_view v = { 10, false };
	struct cli_output out;
	bool ascii = false;
	int c, rc = GOELF_EXIT_OK;

	cli_output_init(&out, "size", CLI_FMT_TEXT | CLI_FMT_JSON);
	optind = 1;
	while ((c = getopt_long(argc, argv, "n:f:h", opts, NULL)) != -1) {
		char *end;
		unsigned long n;

		if (cli_output_option(&out, c, optarg))
			continue;
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
		case 'a': ascii = true; break;
		case 'h': fputs(usage_text, stdout); return GOELF_EXIT_OK;
		default: return cli_usage_error("size", "bad option");
		}
	}
	rc = cli_output_check(&out);
	if (rc)
		return rc;
	if (optind >= argc)
		return cli_usage_error("size", "no FILE given");
	v.unicode = !ascii && want_unicode();
	for (int i = optind; i < argc; i++) {
		struct goelf_report *r = goelf_report_open(
			argv[i], &(struct goelf_load_options){ .sizes = true });

		if (goelf_report_error(r) != GOELF_OK) {
			fflush(stdout);
			cli_file_error(argv[i], "%s",
				       goelf_report_error_message(r));
			rc = GOELF_EXIT_ERROR;
		} else if (out.format == CLI_FMT_JSON) {
			goelf_render_size_json(r, stdout);
		} else {
			if (i > optind)
				fputc('\n', stdout);
			goelf_render_size_text(r, &v, stdout);
		}
		goelf_report_free(r);
	}
	return rc;
}
