/*
 * cmd_inspect.c - goelf inspect [--format text|json] [--color WHEN] FILE...
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
	"usage: goelf inspect [-f text|json|jsonl|cyclonedx] [--compact]\n"
	"                     [--targets LIST]\n"
	"                     [--platform P | --arch A] [--dwarf] [--sizes]\n"
	"                     [--color WHEN]\n"
	"                     [--image PATH [--at P] [--user U] [--tmpfs P]\n"
	"                     [--read-only-root] [--env K=V] [--tree]]\n"
	"                     [-h] FILE...\n"
	"\n"
	"Reports class, byte order, architecture, linking kind, interpreter,\n"
	"NEEDED libraries, RPATH/RUNPATH, the C library family with its\n"
	"evidence, every symbol version needed (GLIBC_2.34 ...) with the\n"
	"symbols that need it, the minimum glibc, and (\"Debug and size\")\n"
	"leftover debug/symbol sections with the bytes strip would save.\n"
	"\n"
	"  -f, --format FMT   text (default), json (one object per line;\n"
	"                     jsonl is the same) or cyclonedx (one CycloneDX\n"
	"                     1.5 SBOM for all the files: SHA-256, facts, Go\n"
	"                     modules as pkg:golang purls)\n"
	"      --compact      JSON: leave out the per-section, per-package "
	"and\n"
	"                     per-symbol lists (totals and findings stay)\n"
	"      --targets LIST select these targets (names or image refs,\n"
	"                     comma-separated, or all; see 'goelf targets'):\n"
	"                     only they are shown and count in the verdict.\n"
	"                     Without: every target is shown for\n"
	"                     information and the verdict is the findings'\n"
	"      --platform P   check against platform P (linux/arm64 or "
	"arm64);\n"
	"      --arch A       the same; a wrong architecture fails\n"
	"      --color WHEN   auto (default: on a TTY unless NO_COLOR), "
	"always,\n"
	"                     never\n"
	"      --dwarf        also summarise the DWARF (compile units, "
	"producers,\n"
	"                     languages, build-machine paths) with libdwarf,\n"
	"                     in a resource-limited child process\n"
	"      --sizes        JSON: also the bytes per Go package (as 'goelf\n"
	"                     size'); reads the pclntab's function records\n"
	"                     too.  Save reports for 'goelf diff' with "
	"it\n" CLI_RUN_HELP "  -h, --help         this text\n"
	"\n"
	"The verdict is the worst of the findings (allowlisted ones do not\n"
	"count) and of the selected targets.\n"
	"\n"
	"Exit status: 0 every file analysed, 2 a file could not be analysed\n"
	"(its reason is printed as 'goelf: PATH: reason'; the others are\n"
	"still reported) or bad usage.\n";

int
cmd_inspect(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OUTPUT_LONGOPTS,
		CLI_COMPACT_LONGOPT,
		{ "targets", required_argument, NULL, 'T' },
		{ "platform", required_argument, NULL, 'P' },
		{ "arch", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ "dwarf", no_argument, NULL, 'D' },
		CLI_RUN_LONGOPTS,
		{ "sizes", no_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 },
	};
	struct goelf_load_options lo = { 0 };
	struct cli_run run;
	struct cli_output out;
	struct goelf_policy *pol = goelf_policy_new();
	struct goelf_doc *doc = NULL;
	char *err = NULL;
	int c, rc = GOELF_EXIT_OK;

	cli_output_init(&out, "inspect",
			CLI_FMT_TEXT | CLI_FMT_JSON | CLI_FMT_CYCLONEDX);
	cli_run_init(&run, argc);
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		if (cli_output_option(&out, c, optarg) ||
		    cli_run_option(&run, c, optarg))
			continue;
		switch (c) {
		case 'D': lo.dwarf = true; break;
		case 'S': lo.sizes = true; break;
		case 'T':
		case 'P':
			if (goelf_policy_put(pol, NULL,
					     c == 'T' ? "targets" : "arch",
					     optarg, &err)) {
				rc = cli_usage_error("inspect", "%s", err);
				goto out;
			}
			break;
		case 'h': fputs(usage_text, stdout); goto out;
		default:
			rc = cli_usage_error("inspect", "bad option");
			goto out;
		}
	}
	rc = cli_output_check(&out);
	if (!rc)
		rc = cli_run_check(&run, "inspect", true);
	if (rc)
		goto out;
	if (optind >= argc) {
		rc = cli_usage_error("inspect", "no FILE given");
		goto out;
	}
	rc = cli_run_open(&run, pol);
	if (rc)
		goto out;
	out.ro.tree = run.tree;
	doc = cli_output_doc(&out, "inspect");
	lo.sha256 = doc != NULL;
	for (int i = optind; i < argc; i++) {
		struct goelf_report *r = goelf_report_open(argv[i], &lo);
		bool ok = goelf_report_error(r) == GOELF_OK;

		if (!ok) {
			fflush(stdout);
			cli_file_error(argv[i], "%s",
				       goelf_report_error_message(r));
			rc = GOELF_EXIT_ERROR;
		}
		if (cli_run_judge(&run, r) != 0)
			rc = GOELF_EXIT_ERROR;
		goelf_report_judge(r, pol);
		if (doc)
			goelf_doc_add(doc, r);
		else if (out.format == CLI_FMT_JSON)
			goelf_render_json_opts(r, &out.ro, stdout);
		else if (ok) {
			if (i > optind)
				fputc('\n', stdout);
			goelf_render_text(r, &out.ro, stdout);
		}
		goelf_report_free(r);
	}
	if (doc)
		goelf_doc_print(doc, stdout);
out:
	cli_run_release(&run);
	goelf_doc_free(doc);
	goelf_policy_free(pol);
	free(err);
	return rc;
}
