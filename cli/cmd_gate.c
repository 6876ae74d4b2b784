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
	"usage: goelf gate [--policy FILE | --no-policy] [--targets LIST]\n"
	"                  [--fail-on warn|fail] [--max-glibc V] [--require "
	"R]\n"
	"                  [--max-debug-bytes N] [--min-go V] [--allow "
	"ID[:GLOB]]"
	"\n"
	"                  [--platform P | --arch A]\n"
	"                  [-f "
	"text|json|jsonl|sarif|codeclimate|junit|cyclonedx]"
	"\n"
	"                  [--compact] [--dwarf] [--color WHEN] [-q]\n"
	"                  [--image PATH [--at P] [--user U] [--tmpfs P]\n"
	"                  [--read-only-root] [--env K=V] [--tree]] [-h] "
	"FILE...\n"
	"\n"
	"Checks each file against a policy and the target images, prints a\n"
	"summary that names each failing file, finding and fix, and the\n"
	"targets checked. The verdict of a file is the worst of its findings\n"
	"and of the selected targets (--targets, the policy's targets);\n"
	"with none selected, the findings alone. Allowlisted findings are\n"
	"shown, marked (allowed), and do not count.\n"
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
	"  --platform P           target platform, linux/arm64 or arm64; a\n"
	"                         binary for another architecture fails,\n"
	"                         with or without a target\n"
	"  --arch A               the same as --platform\n"
	"  --format F             text (default), json (one object per line;\n"
	"                         jsonl is the same), sarif (GitHub code\n"
	"                         scanning), codeclimate (GitLab Code "
	"Quality),\n"
	"                         junit (JUnit XML) or cyclonedx (CycloneDX "
	"1.5\n"
	"                         SBOM: files, SHA-256, Go modules); README\n"
	"                         \"CI and SBOM formats\"\n"
	"  --compact              json: leave out the per-section, "
	"per-package\n"
	"                         and per-symbol lists\n"
	"  --dwarf                also walk DWARF (build-path leaks)\n"
	"  --color WHEN           auto, always, never\n"
	"  -q, --quiet            text: print failing files only\n" CLI_RUN_HELP
	"  -h, --help             this text\n"
	"\n"
	"Every flag is a key of the policy file's [gate] section, spelt the\n"
	"same (platform as arch). Flags override the file's scalar keys;\n"
	"--targets and --require replace the file's lists; --allow entries\n"
	"add to them.\n"
	"\n"
	"Exit status: 0 every file passed (or warned, below --fail-on),\n"
	"1 a file failed, 2 a file could not be analysed or bad usage; 2\n"
	"wins when some files failed and others could not be analysed.\n";

/* Which targets the verdicts counted, so that a pass without any says
 * so: "gate: targets checked: ..." or "gate: no target selected". */
static void
targets_line(const struct goelf_policy *pol, const char *image)
{
	size_t n = goelf_policy_target_count(pol);
	const char *arch = goelf_policy_arch(pol);

	if (image) {
		fputs("gate: targets checked: image ", stdout);
		goelf_text_escape(stdout, image);
		for (size_t i = 0; i < n; i++) {
			fputs(", ", stdout);
			goelf_text_escape(stdout, goelf_policy_target(pol, i));
		}
	} else if (!n) {
		fputs("gate: no target selected: findings only", stdout);
	} else {
		fputs("gate: targets checked: ", stdout);
		for (size_t i = 0; i < n; i++) {
			if (i)
				fputs(", ", stdout);
			goelf_text_escape(stdout, goelf_policy_target(pol, i));
		}
	}
	if (arch) {
		fputs(" (platform linux/", stdout);
		goelf_text_escape(stdout, arch);
		fputc(')', stdout);
	}
	fputc('\n', stdout);
}

int
cmd_gate(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_POLICY_LONGOPTS,
		CLI_OUTPUT_LONGOPTS,
		CLI_COMPACT_LONGOPT,
		{ "dwarf", no_argument, NULL, 'D' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		CLI_RUN_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_run run;
	struct cli_policy cp;
	struct cli_output out;
	size_t nrep = 0;
	struct goelf_load_options lo = { 0 };
	struct goelf_policy *pol = goelf_policy_new();
	struct goelf_report **reps = NULL;
	struct goelf_doc *doc = NULL;
	size_t npass = 0, nwarn = 0, nfail = 0, nerr = 0;
	int c, rc = GOELF_EXIT_OK;

	cli_policy_init(&cp, argc);
	cli_run_init(&run, argc);
	cli_output_init(&out, "gate",
			CLI_FMT_TEXT | CLI_FMT_JSON | CLI_FMT_SARIF |
				CLI_FMT_DOCS);
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:qh", opts, NULL)) != -1) {
		if (cli_policy_option(&cp, c, optarg) ||
		    cli_output_option(&out, c, optarg) ||
		    cli_run_option(&run, c, optarg))
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
	rc = cli_run_check(&run, "gate", true);
	if (rc)
		goto out;
	doc = cli_output_doc(&out, "gate");
	lo.sha256 = out.format == CLI_FMT_CYCLONEDX;
	rc = cli_policy_build(&cp, "gate", pol);
	if (rc)
		goto out;
	if (optind >= argc) {
		rc = cli_usage_error("gate", "no FILE given");
		goto out;
	}
	rc = cli_run_open(&run, pol);
	if (rc)
		goto out;
	out.ro.tree = run.tree;
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
		} else if (cli_run_judge(&run, r) != 0) {
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
		if (doc)
			goelf_doc_add(doc, r);
		if (out.format == CLI_FMT_JSON)
			goelf_render_json_opts(r, &out.ro, stdout);
		else if (out.format == CLI_FMT_TEXT &&
			 goelf_report_error(r) == GOELF_OK)
			goelf_render_gate(r, &out.ro, stdout);
	}
	if (doc)
		goelf_doc_print(doc, stdout);
	if (out.format == CLI_FMT_SARIF)
		goelf_render_sarif((const struct goelf_report *const *)reps,
				   nrep, stdout);
	if (out.format == CLI_FMT_TEXT) {
		targets_line(pol, run.image);
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
	goelf_doc_free(doc);
	cli_policy_release(&cp);
	cli_run_release(&run);
	goelf_policy_free(pol);
	return rc;
}
