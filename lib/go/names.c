/*
 * go/names.c - the few function names the analyzers decide from, found
 * in one pass over the pclntab's name table (or a list of names) by a
 * bit-parallel prefix automaton: bit i of mask[k][c] says pattern i can
 * have byte c at position k, so the AND of the masks of a name's first
 * GOELF_FNSET_POS bytes is the set of patterns worth comparing.  Almost
 * every name is rejected after one or two table lookups.  The patterns
 * are an_go.c's table; this file only matches.
 */
#include "go/go.h"

#include <string.h>

void
goelf_fnset_init(struct goelf_fnset *set, const struct goelf_fn_pattern *p,
		 size_t n)
{
	memset(set, 0, sizeof(*set));
	if (n > GOELF_FNSET_MAX)
		n = GOELF_FNSET_MAX;
	set->pat = p;
	set->n = n;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(p[i].name);
		uint32_t bit = 1u << i;

		if (len && p[i].name[len - 1] == '*') {
			set->prefix |= bit;
			len--;
		}
		set->len[i] = len;
		for (size_t k = 0; k < GOELF_FNSET_POS; k++) {
			if (k < len) {
				set->mask[k][(unsigned char)p[i].name[k]] |=
					bit;
				continue;
			}
			/* Past the pattern's bytes: anything (the full
			 * comparison checks the length). */
			for (size_t c = 0; c < 256; c++)
				set->mask[k][c] |= bit;
		}
	}
}

unsigned
goelf_fnset_match(const struct goelf_fnset *set, const char *name, size_t len,
		  bool complete)
{
	uint32_t cand = UINT32_MAX;
	unsigned bits = 0;

	for (size_t k = 0; k < GOELF_FNSET_POS && cand; k++)
		cand &= set->mask[k][k < len ? (unsigned char)name[k] : 0];
	while (cand) {
		size_t i = (size_t)__builtin_ctz(cand);
		size_t plen = set->len[i];
		bool pre = set->prefix & (1u << i);

		cand &= cand - 1;
		if (i >= set->n || len < plen ||
		    (!pre && (!complete || len != plen)))
			continue;
		if (!memcmp(name, set->pat[i].name, plen))
			bits |= set->pat[i].bit;
	}
	return bits;
}
