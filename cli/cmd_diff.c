/*
 * cmd_diff.c - goelf diff [options] OLD NEW: compare two builds, each a
 * binary or a saved 'goelf inspect --format json' report (or two images,
 * each a tarball, a layout or a saved scan of one image), and exit 0
 * (within the thresholds), 1 (a threshold crossed) or 2 (a side could not
 * be read, or bad usage).  Thresholds come from the [diff] section of
 * --policy FILE (default .goelf.ini when present); flags override them.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: goelf diff [--max-growth N] [--fail-on-new-finding[=SEV]]\n"
	"                  [--fail-on-glibc-raise] [--policy FILE | "
	"--no-policy]\n"
	"                  [-f text|json|jsonl] [--color WHEN] OLD NEW\n"
	"\n"
	"Compares two builds. OLD and NEW are ELF binaries or reports saved\n"
	"with 'goelf inspect --format json FILE > report.json'. Reports the\n"
	"file size delta, section and package deltas, Go version, module and\n"
	"build setting changes, linking, NEEDED and glibc floor changes,\n"
	"target status changes (scratch: ok -> fail), debug data and\n"
	"findings that are new or gone. An architecture change is a warning\n"
	"on stderr.\n"
	"\n"
	"OLD and NEW may also both be images: a `docker save` tarball, an\n"
	"OCI layout, or a file holding the saved 'goelf scan --format jsonl'\n"
	"output of one image. Then the diff shows the total, final, wasted\n"
	"and needed byte deltas, layers added, removed and changed (by\n"
	"digest), leftover classes and files that grew, the entrypoint\n"
	"binary's own diff and the run-time verdict change; --max-growth\n"
	"applies to the image's total_bytes.\n"
	"\n"
	"  --max-growth N       fail when NEW is more than N larger: a size\n"
	"                       (5MiB, 200KiB, 1000) or a percentage (10%);\n"
	"                       images: of total_bytes\n"
	"  --fail-on-new-finding[=SEV]  fail when NEW has a finding OLD has\n"
	"                       not, of severity SEV (info, warn, fail) or\n"
	"                       above; without =SEV: warn\n"
	"  --fail-on-glibc-raise  fail when NEW needs a newer glibc\n"
	"  --policy FILE        read the [diff] keys max-growth,\n"
	"                       fail-on-new-finding, fail-on-glibc-raise\n"
	"                       (default: .goelf.ini if present)\n"
	"  --no-policy          ignore .goelf.ini\n"
	"  -f, --format FMT     text (default) or json (one line; jsonl is\n"
	"                       the same)\n"
	"      --color WHEN     auto, always, never (checked; diff prints no\n"
	"                       colour yet)\n"
	"  -h, --help           this text\n"
	"\n"
	"Exit status: 0 within the thresholds, 1 a threshold crossed, 2 a\n"
	"side could not be read (not ELF and not a goelf JSON report, an\n"
	"unknown schema_version, a truncated file) or bad usage.\n";

int
cmd_diff(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "max-growth", required_argument, NULL, 'g' },
		{ "fail-on-new-finding", optional_argument, NULL, 'n' },
		{ "fail-on-glibc-raise", no_argument, NULL, 'G' },
		CLI_POLICY_FILE_LONGOPTS,
		CLI_OUTPUT_LONGOPTS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_policy cp;
	struct cli_output out;
	struct goelf_policy *pol = goelf_policy_new();
	struct goelf_diff *d = NULL;
	int c, rc = GOELF_EXIT_OK;

	cli_policy_init(&cp, argc);
	cli_output_init(&out, "diff", CLI_FMT_TEXT | CLI_FMT_JSON);
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		if (cli_policy_option(&cp, c, optarg) ||
		    cli_output_option(&out, c, optarg))
			continue;
		switch (c) {
		case 'g': cli_policy_add(&cp, "max-growth", optarg); break;
		case 'n':
			cli_policy_add(&cp, "fail-on-new-finding",
				       optarg ? optarg : "true");
			break;
		case 'G':
			cli_policy_add(&cp, "fail-on-glibc-raise", "true");
			break;
		case 'h': fputs(usage_text, stdout); goto out;
		default: rc = cli_usage_error("diff", "bad option"); goto out;
		}
	}
	rc = cli_output_check(&out);
	if (rc)
		goto out;
	if (argc - optind != 2) {
		rc = cli_usage_error("diff", "need exactly two files, OLD and "
					     "NEW");
		goto out;
	}
	rc = cli_policy_build(&cp, "diff", pol);
	if (rc)
		goto out;
	d = goelf_diff_open(argv[optind], argv[optind + 1]);
	if (goelf_diff_error(d)) {
		/* The message quotes the saved report (its error text,
		 * its schema_version): one line whatever it holds. */
		cli_line(goelf_diff_error_path(d), "", goelf_diff_error(d));
		rc = GOELF_EXIT_ERROR;
		goto out;
	}
	goelf_diff_compare(d, pol);
	/* The architecture warning comes first, on stderr too. */
	for (size_t i = 0; i < goelf_diff_warning_count(d); i++)
		cli_line(NULL, "warning: ", goelf_diff_warning(d, i));
	fflush(stderr);
	if (out.format == CLI_FMT_JSON)
		goelf_diff_render_json(d, stdout);
	else
		goelf_diff_render_text(d, stdout);
	rc = goelf_diff_failed(d) ? GOELF_EXIT_FAIL : GOELF_EXIT_OK;
out:
	goelf_diff_free(d);
	cli_policy_release(&cp);
	goelf_policy_free(pol);
	return rc;
}
