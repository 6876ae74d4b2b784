/*
 * cmd_inspect.c - goelf inspect [--format text|json] [--color WHEN] FILE...
 */
#include "cli.h"

#include <getopt.h>
#include <string.h>

static const char usage_text[] =
	"usage: goelf inspect [--format text|json] [--color auto|always|never] "
	"FILE...\n"
	"\n"
	"Reports class, byte order, architecture, linking kind, interpreter,\n"
	"NEEDED libraries, RPATH/RUNPATH, the C library family with its\n"
	"evidence, every symbol version needed (GLIBC_2.34 ...) with the\n"
	"symbols that need it, and the minimum glibc.\n"
	"\n"
	"  -f, --format FMT   text (default) or json (one object per line)\n"
	"      --color WHEN   auto (default: on a TTY unless NO_COLOR), always,\n"
	"                     never\n"
	"  -h, --help         this text\n"
	"\n"
	"Exit status: 0 every file analysed, 2 a file could not be analysed\n"
	"(its reason is printed as 'goelf: PATH: reason'; the others are\n"
	"still reported) or bad usage.\n";

int
cmd_inspect(int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"color", required_argument, NULL, 'C'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *format = "text", *color = "auto";
	struct goelf_render_opts ro = {0};
	int c, rc = GOELF_EXIT_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'C': color = optarg; break;
		case 'h': fputs(usage_text, stdout); return GOELF_EXIT_OK;
		default: return cli_usage_error("inspect", "bad option");
		}
	}
	if (strcmp(format, "text") && strcmp(format, "json"))
		return cli_usage_error("inspect",
				       "unknown format '%s' (text or json)",
				       format);
	if (strcmp(color, "auto") && strcmp(color, "always") &&
	    strcmp(color, "never"))
		return cli_usage_error("inspect",
				       "--color takes auto, always or never");
	if (optind >= argc)
		return cli_usage_error("inspect", "no FILE given");
	ro.color = cli_want_color(color, stdout);
	for (int i = optind; i < argc; i++) {
		struct goelf_report r;

		if (goelf_report_file(argv[i], &r) != GOELF_OK) {
			fflush(stdout);
			cli_warn("%s: %s", argv[i], r.err_message);
			rc = GOELF_EXIT_ERROR;
		}
		if (!strcmp(format, "json"))
			goelf_render_json(&r, stdout);
		else if (r.err == GOELF_OK) {
			if (i > optind)
				fputc('\n', stdout);
			goelf_render_text(&r, &ro, stdout);
		}
		goelf_report_release(&r);
	}
	return rc;
}
