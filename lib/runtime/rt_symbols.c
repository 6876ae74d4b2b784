/*
 * runtime/rt_symbols.c - symbol versions and undefined symbols over the
 * load set, as glibc's ld.so checks them at start-up (elf/dl-version.c
 * _dl_check_map_versions, match_symbol) and binds them (elf/dl-lookup.c
 * do_lookup_x), and as musl's do_relocs does; the lookups themselves
 * are rt_symtab.c's.
 */
#include "runtime/runtime.h"

#include <stdlib.h>
#include <string.h>

/* Whether obj o answers to name (_dl_name_match_p: the names it was
 * requested by, its SONAME). */
static bool
name_match(const struct goelf_rt_obj *o, const char *name)
{
	if (o->f->soname && !strcmp(o->f->soname, name))
		return true;
	return goelf_strlist_has(&o->names, name);
}

static const char *
obj_label(const struct goelf_rt_ctx *x, const struct goelf_rt_obj *o)
{
	return o == &x->objs[0] ? x->at : o->path;
}

/* "GLIBC_2.34 (symbols: a, b)" with at most GOELF_RT_MAX_NAMED. */
static void
add_symbols(struct goelf_buf *b, const struct goelf_verneed *v)
{
	size_t n = v->symbols.n;

	if (!n)
		return;
	goelf_buf_adds(b, " (symbols: ");
	for (size_t i = 0; i < n && i < GOELF_RT_MAX_NAMED; i++)
		goelf_buf_addf(b, "%s%s", i ? ", " : "", v->symbols.v[i]);
	if (n > GOELF_RT_MAX_NAMED || v->symbols_truncated)
		goelf_buf_addf(b, " and %zu more",
			       n > GOELF_RT_MAX_NAMED ? n - GOELF_RT_MAX_NAMED
						      : (size_t)0);
	goelf_buf_adds(b, ")");
}

static void
version_missing(struct goelf_rt_ctx *x, const struct goelf_rt_obj *o,
		const struct goelf_rt_obj *p, const struct goelf_verneed *v)
{
	struct goelf_buf b;
	char want[64], have[64];

	goelf_buf_init(&b, 2048);
	goelf_buf_addf(&b, "%s needs %s from %s", obj_label(x, o), v->version,
		       v->library);
	add_symbols(&b, v);
	if (p->lib && p->lib->glibc_max &&
	    goelf_glibc_tag_version(v->version, want, sizeof(want)) &&
	    goelf_glibc_tag_version(p->lib->glibc_max, have, sizeof(have)))
		goelf_buf_addf(&b, ", the image's %s provides up to %s",
			       p->path, p->lib->glibc_max);
	else
		goelf_buf_addf(&b, ", the image's %s does not define it",
			       p->path);
	goelf_buf_addf(&b, "; ld.so stops with \"version `%s' not found\"%s",
		       v->version,
		       v->weak ? " only as a warning (a weak version)" : "");
	goelf_rt_problem(x, "runtime.version_missing",
			 v->weak ? GOELF_SEV_WARN : GOELF_SEV_FAIL, "%s",
			 b.buf);
	goelf_buf_release(&b);
}

void
goelf_rt_versions(struct goelf_rt_ctx *x)
{
	if (x->is_musl) /* musl checks no versions */
		return;
	for (size_t i = 0; i < x->nobjs; i++) {
		const struct goelf_rt_obj *o = &x->objs[i];

		for (size_t k = 0; k < o->f->nverneed; k++) {
			const struct goelf_verneed *v = &o->f->verneed[k];
			const struct goelf_rt_obj *p = NULL;
			bool found = false;

			/* find_needed: the provider by its vn_file name
			 * among the loaded objects; not loaded (missing)
			 * is reported elsewhere. */
			for (size_t j = 0; j < x->nobjs && !p; j++)
				if (j != i &&
				    name_match(&x->objs[j], v->library))
					p = &x->objs[j];
			if (!p || !p->lib)
				continue;
			/* A provider without DT_VERDEF passes (ld.so
			 * warns "no version information available"). */
			if (!p->f->nverdef)
				continue;
			for (size_t d = 0; d < p->f->nverdef && !found; d++)
				found = p->f->verdef[d].name &&
					!strcmp(p->f->verdef[d].name,
						v->version);
			if (!found)
				version_missing(x, o, p, v);
		}
	}
}

/* The verneed of f with index ndx, or NULL. */
static const struct goelf_verneed *
verneed_at(const struct goelf_facts *f, uint16_t ndx)
{
	for (size_t i = 0; i < f->nverneed; i++)
		if (f->verneed[i].index == ndx)
			return &f->verneed[i];
	return NULL;
}

/* Bound at start-up: DF_BIND_NOW, DF_1_NOW, DT_BIND_NOW, LD_BIND_NOW
 * (any non-empty value), and always under musl (eager relocation). */
static bool
bind_now(const struct goelf_rt_ctx *x, const struct goelf_facts *f)
{
	const char *e = x->env ? goelf_rt_getenv(x->env, "LD_BIND_NOW") : NULL;

	return x->is_musl || (f->has_flags && (f->dt_flags & DF_BIND_NOW)) ||
	       (f->has_flags_1 && (f->dt_flags_1 & DF_1_NOW)) ||
	       f->has_bind_now || (e && *e);
}

struct undef_list {
	struct goelf_strlist names;
	size_t n;
};

static void
undef_add(struct undef_list *u, const char *name, const char *version)
{
	if (u->names.n < GOELF_RT_MAX_NAMED) {
		if (version)
			goelf_strlist_addf_bounded(&u->names, "%s@%s", name,
						   version);
		else
			goelf_strlist_add(&u->names, name);
	}
	u->n++;
}

static void
undef_report(struct goelf_rt_ctx *x, const struct goelf_rt_obj *o,
	     struct undef_list *u, bool fatal, bool now)
{
	struct goelf_buf b;

	if (!u->n)
		return;
	goelf_buf_init(&b, 2048);
	goelf_buf_addf(&b, "%s: undefined symbol%s: ", obj_label(x, o),
		       u->n > 1 ? "s" : "");
	for (size_t i = 0; i < u->names.n; i++)
		goelf_buf_addf(&b, "%s%s", i ? ", " : "", u->names.v[i]);
	if (u->n > u->names.n)
		goelf_buf_addf(&b, " and %zu more", u->n - u->names.n);
	if (fatal)
		goelf_buf_addf(&b,
			       " (no object of the load set defines %s; "
			       "%s)",
			       u->n > 1 ? "them" : "it",
			       x->is_musl ? "musl stops with \"symbol not "
					    "found\""
			       : now	  ? "bound at start-up: ld.so stops "
					    "with \"symbol lookup error\""
					  : "data is bound at start-up: "
					    "ld.so stops with \"symbol lookup "
					    "error\"");
	else
		goelf_buf_addf(&b,
			       " (no object of the load set defines %s; "
			       "lazy binding: the program fails at the "
			       "first call)",
			       u->n > 1 ? "them" : "it");
	goelf_rt_problem(
		x, fatal ? "runtime.symbol_undefined" : "runtime.symbol_lazy",
		fatal ? GOELF_SEV_FAIL : GOELF_SEV_WARN, "%s", b.buf);
	goelf_buf_release(&b);
	goelf_strlist_release(&u->names);
	memset(u, 0, sizeof(*u));
}

void
goelf_rt_symbols(struct goelf_rt_ctx *x)
{
	size_t checked = 0, nset = 0;
	const struct goelf_rt_lib **set =
		goelf_xcalloc(x->nscope + 1, sizeof(*set));

	for (size_t j = 0; j < x->nscope; j++)
		if (x->objs[x->scope[j]].lib)
			set[nset++] = x->objs[x->scope[j]].lib;
	for (size_t i = 0; i < x->nobjs; i++) {
		const struct goelf_rt_obj *o = &x->objs[i];
		const struct goelf_facts *f = o->f;
		struct undef_list fatal = { 0 }, lazy = { 0 };
		bool now = bind_now(x, f);
		const struct goelf_rt_lib *prov[32];
		size_t nprov = 0;
		bool memo = o->lib != NULL;

		if (!o->in_scope)
			continue;
		/* A library whose symbols its providers defined before. */
		if (o->lib &&
		    goelf_rt_libs_memo_get(x->libs, o->lib, set, nset))
			continue;
		for (size_t k = 1; k < f->ndynsyms; k++) {
			const struct goelf_dynsym *s = &f->dynsyms[k];
			const struct goelf_verneed *v = NULL;
			const char *name;
			bool found = false;
			/* A COPY relocation's symbol is defined here (in
			 * .bss) and looked up in the other objects at
			 * start-up (do_lookup_x skips its own map). */
			bool copy = (s->flags & GOELF_DYNSYM_COPY) != 0;
			uint32_t h;

			if ((s->shndx != SHN_UNDEF && !copy) ||
			    s->bind == STB_WEAK || s->bind == STB_LOCAL ||
			    (s->flags & GOELF_DYNSYM_BAD_NAME))
				continue;
			name = goelf_dynsym_name(f, s);
			if (!*name)
				continue;
			if (++checked > GOELF_RT_MAX_SYMBOLS) {
				x->out->limit_reached = true;
				goelf_rt_problem(
					x, "input.limit_reached",
					GOELF_SEV_WARN,
					"undefined symbols checked up to %u "
					"(GOELF_RT_MAX_SYMBOLS); the rest is "
					"not judged",
					GOELF_RT_MAX_SYMBOLS);
				undef_report(x, o, &fatal, true, now);
				undef_report(x, o, &lazy, false, now);
				free(set);
				return;
			}
			if (f->has_versym && (s->versym & 0x7fff) >= 2)
				v = verneed_at(f, s->versym & 0x7fff);
			h = goelf_rt_hash(name);
			/* Whether a definition exists does not depend on the
			 * scope order: the libraries first (their tables are
			 * cached), the binary's own table only when needed. */
			for (size_t j = 0; j < x->nscope && !found; j++) {
				const struct goelf_rt_obj *d =
					&x->objs[x->scope[j]];
				size_t q = 0;

				if (!d->lib || (copy && d == o))
					continue;
				found = goelf_rt_defines(d->f, d->syms, name, h,
							 v ? v->version : NULL,
							 false, x->is_musl);
				if (!found || !memo)
					continue;
				while (q < nprov && prov[q] != d->lib)
					q++;
				if (q == nprov && nprov < ARRAY_SIZE(prov))
					prov[nprov++] = d->lib;
				else if (q == nprov)
					memo = false;
			}
			if (!found && x->nobjs && x->objs[0].in_scope &&
			    !(copy && o == &x->objs[0])) {
				if (!x->exe_built) {
					goelf_rt_symtab_build(&x->exe_syms,
							      x->objs[0].f);
					x->exe_built = true;
				}
				found = goelf_rt_defines(x->objs[0].f,
							 &x->exe_syms, name, h,
							 v ? v->version : NULL,
							 false, x->is_musl);
				if (found) /* the binary: no memo */
					memo = false;
			}
			if (found)
				continue;
			if (now || copy ||
			    (s->type != STT_FUNC && s->type != STT_GNU_IFUNC))
				undef_add(&fatal, name, v ? v->version : NULL);
			else
				undef_add(&lazy, name, v ? v->version : NULL);
		}
		if (memo && !fatal.n && !lazy.n)
			goelf_rt_libs_memo_put(x->libs, o->lib, prov, nprov);
		undef_report(x, o, &fatal, true, now);
		undef_report(x, o, &lazy, false, now);
	}
	free(set);
}
