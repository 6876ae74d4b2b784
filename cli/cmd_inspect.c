/*
 * cmd_inspect.c - goelf inspect [--format text|json] [--color WHEN] FILE...
 */
#include "cli/cli.h"

#include <getopt.h>
#include <string.h>

static const char usage_text[] =
	"usage: goelf inspect [--format text|json] [--color auto|always|never] "
	"FILE...\n"
	"\n"
	"Reports class, byte order, architecture, linking kind, interpreter,\n"
	"NEEDED libraries, RPATH/RUNPATH, the C library family with its\n"
	"evidence, every symbol version needed (GLIBC_2.34 ...) with the\n"
	"symbols that need it, the minimum glibc, and (\"Debug and size\")\n"
	"leftover debug/symbol sections with the bytes strip would save.\n"
	"\n"
	"  -f, --format FMT   text (default) or json (one object per line)\n"
	"      --targets LIST show only these targets (names or image refs,\n"
	"                     comma-separated; default: every known target)\n"
	"      --platform P   check against platform P (linux/arm64 or arm64)\n"
	"      --color WHEN   auto (default: on a TTY unless NO_COLOR), "
	"always,\n"
	"                     never\n"
	"      --dwarf        also summarise the DWARF (compile units, "
	"producers,\n"
	"                     languages, build-machine paths) with libdwarf,\n"
	"                     in a resource-limited child process\n"
	"  -h, --help         this text\n"
	"\n"
	"Exit status: 0 every file analysed, 2 a file could not be analysed\n"
	"(its reason is printed as 'goelf: PATH: reason'; the others are\n"
	"still reported) or bad usage.\n";

int
cmd_inspect(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "color", required_argument, NULL, 'C' },
		{ "targets", required_argument, NULL, 'T' },
		{ "platform", required_argument, NULL, 'P' },
		{ "arch", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ "dwarf", no_argument, NULL, 'D' },
		{ NULL, 0, NULL, 0 },
	};
	struct goelf_opts lo = { 0 };
	const char *format = "text", *color = "auto";
	struct goelf_render_opts ro = { 0 };
	struct goelf_policy pol;
	struct goelf_buf err;
	int c, rc = GOELF_EXIT_OK;

	goelf_policy_init(&pol);
	goelf_buf_init(&err, 4096);

	optind = 1;
	while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'C': color = optarg; break;
		case 'D': lo.dwarf = true; break;
		case 'T':
		case 'P':
			if (goelf_policy_set(&pol, NULL,
					     c == 'T' ? "targets" : "arch",
					     optarg, &err)) {
				rc = cli_usage_error("inspect", "%s", err.buf);
				goto out;
			}
			break;
		case 'h': fputs(usage_text, stdout); goto out;
		default:
			rc = cli_usage_error("inspect", "bad option");
			goto out;
		}
	}
	if (strcmp(format, "text") && strcmp(format, "json")) {
		rc = cli_usage_error("inspect",
				     "unknown format '%s' (text or json)",
				     format);
		goto out;
	}
	if (strcmp(color, "auto") && strcmp(color, "always") &&
	    strcmp(color, "never")) {
		rc = cli_usage_error("inspect",
				     "--color takes auto, always or never");
		goto out;
	}
	if (optind >= argc) {
		rc = cli_usage_error("inspect", "no FILE given");
		goto out;
	}
	ro.color = cli_want_color(color, stdout);
	for (int i = optind; i < argc; i++) {
		struct goelf_report r;

		if (goelf_report_file_opts(argv[i], &lo, &r) != GOELF_OK) {
			fflush(stdout);
			cli_warn("%s: %s", argv[i], r.err_message);
			rc = GOELF_EXIT_ERROR;
		}
		goelf_verdict_compute(&r, &pol);
		if (!strcmp(format, "json"))
			goelf_render_json(&r, stdout);
		else if (r.err == GOELF_OK) {
			if (i > optind)
				fputc('\n', stdout);
			goelf_render_text(&r, &ro, stdout);
		}
		goelf_report_release(&r);
	}
out:
	goelf_policy_release(&pol);
	goelf_buf_release(&err);
	return rc;
}
