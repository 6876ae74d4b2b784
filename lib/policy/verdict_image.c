/*
 * verdict_image.c - the policy on an image's size: each [image] limit
 * crossed is a policy.image_* finding (fail), judged then by the one
 * rule of goelf_verdict_findings() with the image's other findings (the
 * allowlist, fail-on), so `scan --gate` exits 1 for it.
 */
#include "policy/policy.h"

void
goelf_verdict_image_size(struct goelf_findings *f,
			 const struct goelf_image_size *z,
			 const struct goelf_policy *p)
{
	char a[32], b[32];
	double pct = z->total_bytes ? 100.0 * (double)z->wasted_bytes /
					      (double)z->total_bytes
				    : 0;

	if (!p)
		return;
	if (p->has_max_size && z->total_bytes > p->max_size) {
		goelf_fmt_size(z->total_bytes, a, sizeof(a));
		goelf_fmt_size(p->max_size, b, sizeof(b));
		goelf_finding_evidence(
			goelf_findings_add(f, "policy.image_max_size",
					   GOELF_SEV_FAIL,
					   "the layers ship %s, more than "
					   "max-size %s",
					   a, b),
			"total_bytes=%llu", (unsigned long long)z->total_bytes);
	}
	if (p->has_max_wasted && z->wasted_bytes > p->max_wasted) {
		goelf_fmt_size(z->wasted_bytes, a, sizeof(a));
		goelf_fmt_size(p->max_wasted, b, sizeof(b));
		goelf_finding_evidence(
			goelf_findings_add(f, "policy.image_max_wasted",
					   GOELF_SEV_FAIL,
					   "%s of the layers are wasted, more "
					   "than max-wasted %s",
					   a, b),
			"wasted_bytes=%llu",
			(unsigned long long)z->wasted_bytes);
	}
	if (p->has_max_wasted_pct && pct > p->max_wasted_pct)
		goelf_findings_add(f, "policy.image_max_wasted_percent",
				   GOELF_SEV_FAIL,
				   "%.1f%% of the layers' bytes are wasted, "
				   "more than max-wasted-percent %g%%",
				   pct, p->max_wasted_pct);
	for (unsigned c = 0; c < GOELF_IC_N; c++) {
		if (!(p->forbid_classes & (1u << c)) || !z->classes[c].bytes)
			continue;
		goelf_fmt_size(z->classes[c].bytes, a, sizeof(a));
		goelf_finding_evidence(
			goelf_findings_add(f, "policy.image_forbidden_class",
					   GOELF_SEV_FAIL,
					   "the image ships %s of %s, which "
					   "forbid-classes forbids",
					   a,
					   goelf_image_class_name(
						   (enum goelf_image_class)c)),
			"%s",
			z->classes[c].ntop ? z->classes[c].top[0].path : "");
	}
}
