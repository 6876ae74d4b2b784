/*
 * an_glibc.c - the oldest glibc the file can run on: the highest
 * GLIBC_x.y[.z] tag it needs, compared numerically (2.10 > 2.9).
 * GLIBC_PRIVATE says nothing about the release; GLIBC_ABI_DT_RELR
 * (-z pack-relative-relocs) needs glibc 2.36.
 */
#include "analyze/analyze.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void
goelf_an_glibc(const struct goelf_facts *f, struct goelf_analysis *an)
{
	char best[32] = "", v[32];

	for (size_t i = 0; i < f->nverneed; i++) {
		if (!goelf_glibc_tag_version(f->verneed[i].version, v,
					     sizeof(v)))
			continue;
		if (!best[0] || goelf_version_cmp(v, best) > 0)
			snprintf(best, sizeof(best), "%s", v);
	}
	if (best[0])
		an->min_glibc = goelf_xstrdup(best);
}
