/*
 * runtime/rt_symtab.c - the defined dynamic symbols of one object,
 * hashed once (the libraries' tables live in the shared cache), and
 * whether a definition answers a reference the way check_match
 * (glibc elf/dl-lookup.c) or musl's find_sym accepts it; the highest
 * GLIBC_ release a library defines.  Calls nothing else of the folder.
 */
#include "runtime/runtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint32_t
goelf_rt_hash(const char *s)
{
	uint32_t h = 5381;

	for (; *s; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

/*
 * What check_match accepts as a definition, before versions: not
 * undefined, st_value not 0 unless SHN_ABS or STT_TLS, a type in
 * ALLOWED_STT (NOTYPE, OBJECT, FUNC, COMMON, TLS, GNU_IFUNC), not
 * hidden or internal (dl_symbol_visibility_binds_local_p), and bound
 * GLOBAL, WEAK or GNU_UNIQUE (do_lookup_x ignores LOCAL).
 */
static bool
is_definition(const struct goelf_dynsym *s)
{
	if (s->shndx == SHN_UNDEF)
		return false;
	if ((s->flags & GOELF_DYNSYM_VALUE_ZERO) && s->shndx != SHN_ABS &&
	    s->type != STT_TLS)
		return false;
	if (s->flags & GOELF_DYNSYM_BAD_NAME)
		return false;
	switch (s->type) {
	case STT_NOTYPE:
	case STT_OBJECT:
	case STT_FUNC:
	case STT_COMMON:
	case STT_TLS:
	case STT_GNU_IFUNC: break;
	default: return false;
	}
	if (s->visibility == STV_HIDDEN || s->visibility == STV_INTERNAL)
		return false;
	return s->bind == STB_GLOBAL || s->bind == STB_WEAK ||
	       s->bind == STB_GNU_UNIQUE;
}

void
goelf_rt_symtab_build(struct goelf_rt_symtab *t, const struct goelf_facts *f)
{
	size_t n = 0, cap = 16;

	memset(t, 0, sizeof(*t));
	for (size_t i = 1; i < f->ndynsyms; i++)
		if (is_definition(&f->dynsyms[i]))
			n++;
	if (!n)
		return;
	while (cap < n * 2)
		cap *= 2;
	t->idx = goelf_xcalloc(cap, sizeof(*t->idx));
	t->hash = goelf_xcalloc(cap, sizeof(*t->hash));
	t->mask = cap - 1;
	for (size_t i = 1; i < f->ndynsyms; i++) {
		uint32_t h;
		size_t j;

		if (!is_definition(&f->dynsyms[i]))
			continue;
		h = goelf_rt_hash(goelf_dynsym_name(f, &f->dynsyms[i]));
		for (j = h & t->mask; t->idx[j]; j = (j + 1) & t->mask)
			;
		t->idx[j] = (uint32_t)i + 1;
		t->hash[j] = h;
	}
}

void
goelf_rt_symtab_release(struct goelf_rt_symtab *t)
{
	free(t->idx);
	free(t->hash);
	memset(t, 0, sizeof(*t));
}

/* The verdef of f with index ndx (vd_ndx), or NULL. */
static const struct goelf_verdef *
verdef_at(const struct goelf_facts *f, uint16_t ndx)
{
	for (size_t i = 0; i < f->nverdef; i++)
		if ((f->verdef[i].index & 0x7fff) == ndx)
			return &f->verdef[i];
	return NULL;
}

/*
 * The version part of check_match for one candidate s of f.
 *
 * Versioned reference (version != NULL): a definer without DT_VERSYM is
 * accepted.  Otherwise, with ndx = versym & 0x7fff, the definition
 * matches when its version (l_versions[ndx], filled from the verdefs
 * except the VER_FLG_BASE one) has the same name -- whether or not the
 * definition is hidden (foo@V, an old version, still binds a reference
 * to foo@V) -- or else when the reference is not hidden and the
 * definition is unversioned (ndx 0/1 or the base entry: l_versions hash
 * 0) and not hidden.
 *
 * Unversioned reference: ndx 0..2 is accepted at once; ndx >= 3 only
 * when it is the object's single non-hidden versioned candidate
 * (*nver counts them, do_lookup_x then takes it).  musl skips hidden
 * definitions and ignores versions otherwise.
 */
static int
version_ok(const struct goelf_facts *f, const struct goelf_dynsym *s,
	   const char *version, bool hidden, bool musl, size_t *nver)
{
	uint16_t ndx = s->versym & 0x7fff;
	bool def_hidden = (s->versym & 0x8000) != 0;
	const struct goelf_verdef *d;

	if (musl)
		return f->has_versym && def_hidden ? 0 : 1;
	if (!f->has_versym)
		return 1;
	if (version) {
		d = ndx >= 2 ? verdef_at(f, ndx) : NULL;
		if (d && (d->flags & VER_FLG_BASE))
			d = NULL;
		if (d && !strcmp(d->name, version))
			return 1;
		return !hidden && !d && !def_hidden;
	}
	if (ndx <= 2)
		return 1;
	if (!def_hidden)
		(*nver)++;
	return 2; /* a candidate only if it stays the only one */
}

bool
goelf_rt_defines(const struct goelf_facts *f, const struct goelf_rt_symtab *t,
		 const char *name, uint32_t h, const char *version, bool hidden,
		 bool musl)
{
	size_t nver = 0;

	if (!t->idx)
		return false;
	for (size_t j = h & t->mask, k = 0; t->idx[j] && k <= t->mask;
	     j = (j + 1) & t->mask, k++) {
		const struct goelf_dynsym *s;

		if (t->hash[j] != h)
			continue;
		s = &f->dynsyms[t->idx[j] - 1];
		if (strcmp(goelf_dynsym_name(f, s), name))
			continue;
		if (version_ok(f, s, version, hidden, musl, &nver) == 1)
			return true;
	}
	return nver == 1;
}

char *
goelf_rt_glibc_max(const struct goelf_facts *f)
{
	const char *best = NULL;
	char bv[64], v[64];

	for (size_t i = 0; i < f->nverdef; i++) {
		const char *n = f->verdef[i].name;

		/* GLIBC_x.y only (GLIBC_ABI_DT_RELR reads as 2.36 for a
		 * requirement, but is no release a provider offers) */
		if (!n || strncmp(n, "GLIBC_", 6) || n[6] < '0' || n[6] > '9' ||
		    !goelf_glibc_tag_version(n, v, sizeof(v)))
			continue;
		if (!best || goelf_version_cmp(v, bv) > 0) {
			best = n;
			snprintf(bv, sizeof(bv), "%s", v);
		}
	}
	return best ? goelf_xstrdup(best) : NULL;
}
