/*
 * fuzz_goelf.c - libFuzzer target for the whole pipeline on a byte
 * buffer: goelf_report_buffer_opts (loader, versions, notes, buildinfo,
 * pclntab, Go version, DWARF summary in its child process), every
 * analyzer, the verdict with a policy that enables every policy finding,
 * and the JSON, text and SARIF renderers.
 *
 * Build and run: make fuzz FUZZ_SECONDS=N.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "diff/diff.h"
#include "scan/scan.h"

static FILE *sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct goelf_opts opts = {.dwarf = true};
	struct goelf_render_opts ro = {.color = true};
	struct goelf_policy p;
	struct goelf_buf err;
	struct goelf_report r;
	const struct goelf_report *one = &r;

	if (!sink)
		sink = fopen("/dev/null", "w");
	goelf_policy_init(&p);
	goelf_buf_init(&err, 4096);
	goelf_policy_set(&p, NULL, "targets", "all", &err);
	goelf_policy_set(&p, NULL, "require",
			 "static,no-cgo,trimpath,stripped", &err);
	goelf_policy_set(&p, NULL, "max-glibc", "2.17", &err);
	goelf_policy_set(&p, NULL, "min-go", "1.30", &err);
	goelf_policy_set(&p, NULL, "max-debug-bytes", "1", &err);
	goelf_policy_set(&p, NULL, "allow", "go.*:fuzz", &err);
	goelf_report_buffer_opts(data, size, "fuzz", &opts, &r);
	goelf_verdict_compute(&r, &p);
	goelf_render_json(&r, sink);
	goelf_render_text(&r, &ro, sink);
	goelf_render_sarif(&one, 1, sink);
	goelf_report_release(&r);
	goelf_policy_release(&p);
	goelf_buf_release(&err);
	return 0;
}
