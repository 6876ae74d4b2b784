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

size_t
goelf_glibc_symbols(const struct goelf_facts *f, const char *v, bool newer,
		    bool with_tag, size_t max, struct goelf_buf *out)
{
	char tv[32];
	size_t shown = 0;

	for (size_t i = 0; i < f->nverneed; i++) {
		const struct goelf_verneed *vn = &f->verneed[i];
		int c;

		if (!goelf_glibc_tag_version(vn->version, tv, sizeof(tv)))
			continue;
		c = goelf_version_cmp(tv, v);
		if (newer ? c <= 0 : c != 0)
			continue;
		for (size_t j = 0; j < vn->symbols.n && shown < max;
		     j++, shown++)
			goelf_buf_addf(out, "%s%s%s%s", shown ? ", " : "",
				       vn->symbols.v[j], with_tag ? "@" : "",
				       with_tag ? vn->version : "");
	}
	return shown;
}
