/*
 * facts/facts.c - what every loader layer shares: bounded issue records,
 * virtual address mapping, section lookup, and freeing the facts.
 */
#include "facts/facts.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static void
add_issue(struct goelf_facts *f, const char *what, bool limit, const char *fmt,
	  va_list ap)
{
	struct goelf_buf b;
	char line[512];

	if (f->nissues >= GOELF_MAX_ISSUES) {
		f->issues_truncated = true;
		return;
	}
	vsnprintf(line, sizeof(line), fmt, ap);
	goelf_buf_init(&b, sizeof(line));
	goelf_buf_adds(&b, line);
	f->issues = goelf_xrealloc(f->issues,
				   (f->nissues + 1) * sizeof(*f->issues));
	f->issues[f->nissues].what = goelf_xstrdup(what);
	f->issues[f->nissues].message = goelf_buf_detach(&b);
	f->issues[f->nissues].limit = limit;
	f->nissues++;
}

void
goelf_issue(struct goelf_facts *f, const char *what, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_issue(f, what, false, fmt, ap);
	va_end(ap);
}

void
goelf_limit(struct goelf_facts *f, const char *what, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_issue(f, what, true, fmt, ap);
	va_end(ap);
}

bool
goelf_vaddr_to_off(const struct goelf_facts *f, uint64_t vaddr, uint64_t n,
		   uint64_t *off)
{
	for (size_t i = 0; i < f->nsegments; i++) {
		const struct goelf_segment *s = &f->segments[i];
		uint64_t rel;

		if (s->type != PT_LOAD || vaddr < s->vaddr)
			continue;
		rel = vaddr - s->vaddr;
		if (!goelf_in_range(rel, n, s->filesz))
			continue;
		if (!goelf_in_range(s->offset, s->filesz, f->file_size))
			continue;
		*off = s->offset + rel;
		return true;
	}
	return false;
}

const struct goelf_section *
goelf_find_section(const struct goelf_facts *f, const char *name)
{
	for (size_t i = 0; i < f->nsections; i++)
		if (!strcmp(f->sections[i].name, name))
			return &f->sections[i];
	return NULL;
}

const char *
goelf_dynsym_name(const struct goelf_facts *f, const struct goelf_dynsym *s)
{
	/* The loader checked name < dynstr_size and its NUL. */
	if (!f->dynstr || (s->flags & GOELF_DYNSYM_BAD_NAME) ||
	    s->name >= f->dynstr_size)
		return "";
	return f->dynstr + s->name;
}

void
goelf_godep_release(struct goelf_godep *d)
{
	free(d->path);
	free(d->version);
	free(d->sum);
	free(d->rpath);
	free(d->rversion);
	free(d->rsum);
	memset(d, 0, sizeof(*d));
}

void
goelf_modinfo_release(struct goelf_modinfo *m)
{
	free(m->path);
	goelf_godep_release(&m->main);
	for (size_t i = 0; i < m->ndeps; i++)
		goelf_godep_release(&m->deps[i]);
	free(m->deps);
	for (size_t i = 0; i < m->nsettings; i++) {
		free(m->settings[i].key);
		free(m->settings[i].value);
	}
	free(m->settings);
	memset(m, 0, sizeof(*m));
}

void
goelf_gofacts_release(struct goelf_gofacts *g)
{
	free(g->bi_version);
	free(g->modinfo);
	goelf_modinfo_release(&g->mod);
	if (g->funcs_buf) { /* funcs.v borrows: free only the array */
		free(g->funcs.v);
		free(g->funcs_buf);
		goelf_strlist_release(&g->funcs_extra);
	} else {
		goelf_strlist_release(&g->funcs);
	}
	free(g->func_entry);
	free(g->buildversion);
	free(g->version_string);
	memset(g, 0, sizeof(*g));
}

void
goelf_dwarf_release(struct goelf_dwarf *d)
{
	free(d->error);
	goelf_strlist_release(&d->versions);
	goelf_strlist_release(&d->producers);
	goelf_strlist_release(&d->languages);
	goelf_strlist_release(&d->build_paths);
	memset(d, 0, sizeof(*d));
}

void
goelf_facts_release(struct goelf_facts *f)
{
	free(f->path);
	for (size_t i = 0; i < f->nsections; i++)
		free(f->sections[i].name);
	free(f->sections);
	free(f->segments);
	free(f->interp);
	goelf_strlist_release(&f->needed);
	goelf_strlist_release(&f->rpath);
	goelf_strlist_release(&f->runpath);
	free(f->soname);
	for (size_t i = 0; i < f->nverneed; i++) {
		free(f->verneed[i].library);
		free(f->verneed[i].version);
		goelf_strlist_release(&f->verneed[i].symbols);
	}
	free(f->verneed);
	for (size_t i = 0; i < f->nverdef; i++)
		free(f->verdef[i].name);
	free(f->verdef);
	free(f->dynsyms);
	free(f->dynstr);
	goelf_gofacts_release(&f->go);
	goelf_dwarf_release(&f->dwarf);
	free(f->gnu_build_id);
	free(f->go_build_id);
	goelf_strlist_release(&f->markers);
	goelf_strlist_release(&f->string_markers);
	for (size_t i = 0; i < f->nfuncsyms; i++)
		free(f->funcsyms[i].name);
	free(f->funcsyms);
	for (size_t i = 0; i < f->nissues; i++) {
		free(f->issues[i].what);
		free(f->issues[i].message);
	}
	free(f->issues);
	memset(f, 0, sizeof(*f));
}
