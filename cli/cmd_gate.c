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
	"  --format F             text (default), json or sarif\n"
	"  --dwarf                also walk DWARF (build-path leaks)\n"
	"  --color WHEN           auto, always, never\n"
	"  -q, --quiet            text: print failing files only\n"
	"\n"
	"Flags override the policy file's scalar keys; --targets and\n"
	"--require replace the file's lists; --allow entries add to them.\n";

static void
print_text(const struct goelf_report *r, bool quiet, bool color)
{
	const struct goelf_verdict *v = &r->verdict;
	const char *st = v->failed		       ? "FAIL"
			 : v->status == GOELF_SEV_WARN ? "WARN"
						       : "PASS";

	if (quiet && !v->failed)
		return;
	if (color)
		printf("\033[%sm", v->failed			 ? "31"
				   : v->status == GOELF_SEV_WARN ? "33"
								 : "32");
	printf("%s", st);
	if (color)
		fputs("\033[0m", stdout);
	printf(" %s\n", r->path);
	for (size_t i = 0; i < r->findings.n; i++) {
		const struct goelf_finding *x = &r->findings.v[i];

		if (x->allowed || x->sev == GOELF_SEV_INFO)
			continue;
		printf("  %-4s %s: %s\n", goelf_sev_name(x->sev), x->id,
		       x->message);
	}
	for (size_t t = 0; t < v->ntargets; t++) {
		const struct goelf_target_result *tr = &v->targets[t];

		if (!tr->selected || tr->status == GOELF_SEV_INFO)
			continue;
		for (size_t j = 0; j < tr->nreasons; j++) {
			const struct goelf_reason *re = &tr->reasons[j];

			if (re->allowed || re->sev == GOELF_SEV_INFO)
				continue;
			printf("  %-4s %s on %s: %s\n", goelf_sev_name(re->sev),
			       re->id, tr->name, re->message);
		}
	}
}

int
cmd_gate(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_POLICY_LONGOPTS,
		{ "format", required_argument, NULL, 'f' },
		{ "dwarf", no_argument, NULL, 'D' },
		{ "color", required_argument, NULL, 'C' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_policy cp;
	size_t nrep = 0;
	const char *format = "text", *color = "auto";
	bool quiet = false;
	struct goelf_opts lo = { 0 };
	struct goelf_policy pol;
	struct goelf_buf err;
	struct goelf_report *reps = NULL;
	const struct goelf_report **ptrs = NULL;
	size_t npass = 0, nwarn = 0, nfail = 0, nerr = 0;
	int c, rc = GOELF_EXIT_OK;

	cli_policy_init(&cp, argc);
	goelf_policy_init(&pol);
	goelf_buf_init(&err, 4096);
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:qh", opts, NULL)) != -1) {
		if (cli_policy_option(&cp, c, optarg))
			continue;
		switch (c) {
		case 'f': format = optarg; break;
		case 'D': lo.dwarf = true; break;
		case 'C': color = optarg; break;
		case 'q': quiet = true; break;
		case 'h': fputs(usage_text, stdout); goto out;
		default: rc = cli_usage_error("gate", "bad option"); goto out;
		}
	}
	if (strcmp(format, "text") && strcmp(format, "json") &&
	    strcmp(format, "sarif")) {
		rc = cli_usage_error("gate",
				     "unknown format '%s' (text, json "
				     "or sarif)",
				     format);
		goto out;
	}
	rc = cli_policy_build(&cp, "gate", &pol);
	if (rc)
		goto out;
	if (optind >= argc) {
		rc = cli_usage_error("gate", "no FILE given");
		goto out;
	}
	nrep = (size_t)(argc - optind);
	reps = goelf_xcalloc(nrep, sizeof(*reps));
	ptrs = goelf_xcalloc(nrep, sizeof(*ptrs));
	for (size_t i = 0; i < nrep; i++) {
		struct goelf_report *r = &reps[i];

		ptrs[i] = r;
		if (goelf_report_file_opts(argv[optind + i], &lo, r) !=
		    GOELF_OK) {
			fflush(stdout);
			cli_warn("%s: %s", r->path, r->err_message);
			nerr++;
		} else {
			goelf_verdict_compute(r, &pol);
			if (r->verdict.failed)
				nfail++;
			else if (r->verdict.status == GOELF_SEV_WARN)
				nwarn++;
			else
				npass++;
		}
		if (!strcmp(format, "json"))
			goelf_render_json(r, stdout);
		else if (!strcmp(format, "text") && r->err == GOELF_OK)
			print_text(r, quiet, cli_want_color(color, stdout));
	}
	if (!strcmp(format, "sarif"))
		goelf_render_sarif(ptrs, nrep, stdout);
	if (!strcmp(format, "text"))
		printf("gate: %zu file%s: %zu passed, %zu warned, %zu failed, "
		       "%zu not analysed (fail-on %s%s%s)\n",
		       nrep, nrep == 1 ? "" : "s", npass, nwarn, nfail, nerr,
		       goelf_sev_name(pol.fail_on), cp.file ? ", policy " : "",
		       cp.file ? cp.file : "");
	rc = nerr ? GOELF_EXIT_ERROR : nfail ? GOELF_EXIT_FAIL : GOELF_EXIT_OK;
out:
	for (size_t i = 0; reps && i < nrep; i++)
		goelf_report_release(&reps[i]);
	free(reps);
	free(ptrs);
	cli_policy_release(&cp);
	goelf_policy_release(&pol);
	goelf_buf_release(&err);
	return rc;
}
