/*
 * judge.c - would FILE run on base image TARGET?  The verdict `goelf
 * gate --targets TARGET FILE` gives, through the library.
 *
 *   $ ./judge scratch build/fixtures/go-cgo-dyn build/fixtures/go-minimal
 *   build/fixtures/go-cgo-dyn: fail on scratch
 *   build/fixtures/go-minimal: pass on scratch
 *
 * TARGET is a name from `goelf targets` (scratch, alpine-3.20,
 * debian-12 ...) or an image reference (alpine:3.20).  The findings that
 * count are listed under each file; the target's own reasons ("no C
 * library or loader") have no accessor yet: goelf_render_gate() prints
 * them with the findings, as `goelf gate` does.  Exit status: 0 every
 * file passed (or warned), 1 one failed, 2 bad usage or a file not
 * analysed.
 *
 * Build: see inspect.c (pkg-config --static --libs goelf).
 */
#include <goelf.h>

#include <stdio.h>
#include <stdlib.h>

/* The counted findings of a judged report, one per line. */
static void
print_findings(const struct goelf_report *r)
{
	for (size_t i = 0; i < goelf_report_finding_count(r); i++) {
		enum goelf_sev sev = goelf_report_finding_sev(r, i);

		/* Info findings never count; allowlisted ones neither. */
		if (sev == GOELF_SEV_INFO || goelf_report_finding_allowed(r, i))
			continue;
		printf("  %s %s: ", goelf_sev_name(sev),
		       goelf_report_finding_id(r, i));
		/* Messages are goelf's own text around file-derived parts:
		 * goelf_text_escape_lines() keeps them readable and safe. */
		goelf_text_escape_lines(stdout,
					goelf_report_finding_message(r, i));
		putchar('\n');
	}
}

int
main(int argc, char **argv)
{
	struct goelf_policy *p;
	char *err = NULL;
	int status = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: judge TARGET FILE...\n");
		return 2;
	}
	/*
	 * A policy is what `goelf gate` builds from .goelf.ini and its
	 * flags: here an empty one with one key set, as the file's
	 * "targets = TARGET" would.  An unknown target is an error here.
	 */
	p = goelf_policy_new();
	if (goelf_policy_put(p, NULL, "targets", argv[1], &err) != 0) {
		fprintf(stderr, "judge: %s\n", err);
		free(err); /* the caller owns the message */
		goelf_policy_free(p);
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		struct goelf_report *r = goelf_report_open(argv[i], NULL);

		if (goelf_report_error(r) != GOELF_OK) {
			fprintf(stderr, "judge: %s: %s\n", argv[i],
				goelf_report_error_message(r));
			if (status == 0 || status == 1)
				status = 2;
			goelf_report_free(r);
			continue;
		}
		/* The verdict: the worst of the counted findings and of the
		 * selected target.  The policy is only read, so one policy
		 * can judge many reports (on many threads). */
		goelf_report_judge(r, p);
		goelf_text_escape(stdout, argv[i]);
		printf(": %s on %s\n",
		       goelf_status_name(goelf_report_status(r)),
		       goelf_policy_target(p, 0));
		print_findings(r);
		if (goelf_report_failed(r) && status == 0)
			status = 1;
		goelf_report_free(r);
	}
	goelf_policy_free(p);
	return status;
}
