/*
 * cmd_gate.c - goelf gate [options] FILE...: apply a policy to every file
 * and exit 0 (pass), 1 (policy failed) or 2 (a file could not be
 * analysed, or bad usage).  The policy comes from --policy FILE (default
 * .goelf.ini when present), then the command-line flags of the same
 * names override it.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: goelf gate [options] FILE...\n"
	"\n"
	"Checks each file against a policy and the target images, prints a\n"
	"summary that names each failing file, finding and fix, and exits\n"
	"0 pass, 1 policy failed, 2 a file could not be analysed.\n"
	"\n"
	"  --policy FILE          INI policy (default: .goelf.ini if present)\n"
	"  --no-policy            ignore .goelf.ini\n"
	"  --targets LIST         images that must run the binary, e.g.\n"
	"                         scratch,alpine:3.20,debian:bookworm (or "
	"all)\n"
	"  --fail-on warn|fail    lowest severity that fails (default fail)\n"
	"  --max-glibc V          highest glibc floor allowed, e.g. 2.31\n"
	"  --require R            static, no-cgo, trimpath, stripped (repeat\n"
	"                         or comma-separate)\n"
	"  --max-debug-bytes N    debug/symbol bytes allowed (10MiB ...)\n"
	"  --min-go V             oldest Go allowed, e.g. 1.22\n"
	"  --allow ID[:GLOB]      ignore finding ID (fnmatch) for paths\n"
	"                         matching GLOB; repeatable\n"
	"  --platform P           target platform, linux/arm64 or arm64\n"
	"  --format F             text (default), json (one object per line;\n"
	"                         jsonl is the same) or sarif\n"
	"  --dwarf                also walk DWARF (build-path leaks)\n"
	"  --color WHEN           auto, always, never\n"
	"  -q, --quiet            text: print failing files only\n"
	"\n"
	"Flags override the policy file's scalar keys; --targets and\n"
	"--require replace the file's lists; --allow entries add to them.\n";

int
cmd_gate(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_POLICY_LONGOPTS,
		CLI_OUTPUT_LONGOPTS,
		{ "dwarf", no_argument, NULL, 'D' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_policy cp;
	struct cli_output out;
	size_t nrep = 0;
	struct goelf_load_options lo = { 0 };
	struct goelf_policy *pol = goelf_policy_new();
	struct goelf_report **reps = NULL;
	size_t npass = 0, nwarn = 0, nfail = 0, nerr = 0;
	int c, rc = GOELF_EXIT_OK;

	cli_policy_init(&cp, argc);
	cli_output_init(&out, "gate",
			CLI_FMT_TEXT | CLI_FMT_JSON | CLI_FMT_SARIF);
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:qh", opts, NULL)) != -1) {
		if (cli_policy_option(&cp, c, optarg) ||
		    cli_output_option(&out, c, optarg))
			continue;
		switch (c) {
		case 'D': lo.dwarf = true; break;
		case 'q': out.ro.quiet = true; break;
		case 'h': fputs(usage_text, stdout); goto out;
		default: rc = cli_usage_error("gate", "bad option"); goto out;
		}
	}
	rc = cli_output_check(&out);
	if (rc)
		goto out;
	rc = cli_policy_build(&cp, "gate", pol);
	if (rc)
		goto out;
	if (optind >= argc) {
		rc = cli_usage_error("gate", "no FILE given");
		goto out;
	}
	nrep = (size_t)(argc - optind);
	reps = calloc(nrep, sizeof(*reps));
	if (!reps) {
		cli_warn("out of memory");
		rc = GOELF_EXIT_ERROR;
		goto out;
	}
	for (size_t i = 0; i < nrep; i++) {
		struct goelf_report *r =
			goelf_report_open(argv[optind + i], &lo);

		reps[i] = r;
		if (goelf_report_error(r) != GOELF_OK) {
			fflush(stdout);
			cli_file_error(goelf_report_path(r), "%s",
				       goelf_report_error_message(r));
			nerr++;
		} else {
			goelf_report_judge(r, pol);
			if (goelf_report_failed(r))
				nfail++;
			else if (goelf_report_status(r) == GOELF_SEV_WARN)
				nwarn++;
			else
				npass++;
		}
		if (out.format == CLI_FMT_JSON)
			goelf_render_json(r, stdout);
		else if (out.format == CLI_FMT_TEXT &&
			 goelf_report_error(r) == GOELF_OK)
			goelf_render_gate(r, &out.ro, stdout);
	}
	if (out.format == CLI_FMT_SARIF)
		goelf_render_sarif((const struct goelf_report *const *)reps,
				   nrep, stdout);
	if (out.format == CLI_FMT_TEXT) {
		printf("gate: %zu file%s: %zu passed, %zu warned, %zu failed, "
		       "%zu not analysed (fail-on %s",
		       nrep, nrep == 1 ? "" : "s", npass, nwarn, nfail, nerr,
		       goelf_sev_name(goelf_policy_fail_on(pol)));
		cli_policy_print_file(&cp, stdout);
		fputs(")\n", stdout);
	}
	rc = nerr ? GOELF_EXIT_ERROR : nfail ? GOELF_EXIT_FAIL : GOELF_EXIT_OK;
out:
	for (size_t i = 0; reps && i < nrep; i++)
		goelf_report_free(reps[i]);
	free(reps);
	cli_policy_release(&cp);
	goelf_policy_free(pol);
	return rc;
}
