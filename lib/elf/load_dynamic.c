/*
 * load_dynamic.c - PT_DYNAMIC: DT_NEEDED, DT_RPATH, DT_RUNPATH, DT_SONAME,
 * DT_FLAGS, DT_FLAGS_1 and the addresses the versions step needs.
 *
 * The table is taken from the program header (what ld.so reads), or from
 * the SHT_DYNAMIC section when there are no program headers.  Entries are
 * decoded with our cursor, bounded by the segment size, GOELF_MAX_DYN and
 * DT_NULL (a table without DT_NULL is an issue, golang/go#10999).  Strings
 * are resolved through DT_STRTAB mapped by PT_LOAD and DT_STRSZ.
 */
#include "elf/elf.h"

#include <stdlib.h>
#include <string.h>

#define MAX_DYNSTR GOELF_MAX_DYNSTR

static void
add_pathlist(struct goelf_facts *f, struct goelf_strlist *l, const char *s)
{
	const char *p = s;

	/* DT_RPATH/DT_RUNPATH are colon-separated; keep empty items out. */
	while (*p && l->n < GOELF_MAX_LIST) {
		const char *colon = strchr(p, ':');
		size_t n = colon ? (size_t)(colon - p) : strlen(p);

		if (n) {
			char *item = goelf_xstrndup(p, n);

			goelf_strlist_add(l, item);
			free(item);
		}
		if (!colon)
			break;
		p = colon + 1;
	}
	if (l->n >= GOELF_MAX_LIST)
		goelf_limit(f, "dynamic", "search path list truncated at %u",
			    GOELF_MAX_LIST);
}

static const char *
dynstr(struct goelf_facts *f, const struct goelf_dyninfo *d, uint64_t off,
       const char *tag)
{
	const char *s = goelf_strtab_get(d->strtab, d->strsz, off);

	if (!s)
		goelf_issue(f, "dynamic",
			    "%s string offset %#llx is outside DT_STRTAB", tag,
			    (unsigned long long)off);
	return s;
}

void
goelf_load_dynamic(struct goelf_ld *ld)
{
	struct goelf_facts *f = ld->facts;
	struct goelf_dyninfo d = { 0 };
	uint64_t off = 0, size = 0, strtab_va = 0, strsz = 0;
	bool found = false, has_strtab = false, has_strsz = false,
	     ended = false;
	size_t entsz = f->elf_class == 64 ? 16 : 8, count = 0;
	uint64_t *needed = NULL, *rpath = NULL, *runpath = NULL, soname = 0;
	size_t nneeded = 0, nrpath = 0, nrunpath = 0;
	bool has_soname = false;
	uint8_t *raw, *strtab = NULL;
	struct goelf_cursor c;

	for (size_t i = 0; i < f->nsegments; i++) {
		if (f->segments[i].type == PT_DYNAMIC) {
			off = f->segments[i].offset;
			size = f->segments[i].filesz;
			found = true;
			break;
		}
	}
	for (size_t i = 0; !found && !f->nsegments && i < f->nsections; i++) {
		if (f->sections[i].type == SHT_DYNAMIC) {
			off = f->sections[i].offset;
			size = f->sections[i].size;
			found = true;
		}
	}
	if (!found)
		return;
	if (size == 0 && f->debug_only)
		return; /* .dynamic is NOBITS in a debug-info file */
	f->has_dynamic = true;
	if (size > (uint64_t)GOELF_MAX_DYN * entsz) {
		goelf_limit(f, "dynamic",
			    "PT_DYNAMIC holds more than %u "
			    "entries; the rest is ignored",
			    GOELF_MAX_DYN);
		size = (uint64_t)GOELF_MAX_DYN * entsz;
	}
	raw = goelf_src_read(&ld->src, off, size, size);
	if (!raw) {
		goelf_issue(f, "dynamic",
			    "PT_DYNAMIC at offset %#llx size %#llx is outside "
			    "the file",
			    (unsigned long long)off, (unsigned long long)size);
		return;
	}
	needed = goelf_xcalloc(size / entsz + 1, sizeof(*needed));
	rpath = goelf_xcalloc(size / entsz + 1, sizeof(*rpath));
	runpath = goelf_xcalloc(size / entsz + 1, sizeof(*runpath));
	goelf_cursor_init(&c, raw, (size_t)size, f->endian);
	while (goelf_cursor_left(&c) >= entsz) {
		uint64_t tag, val;

		goelf_cursor_word(&c, f->elf_class / 8, &tag);
		goelf_cursor_word(&c, f->elf_class / 8, &val);
		count++;
		if (f->elf_class == 32 && tag > INT32_MAX)
			tag |= 0xffffffff00000000ull; /* sign of Elf32_Sword */
		if (tag == DT_NULL) {
			ended = true;
			break;
		}
		switch (tag) {
		case DT_NEEDED: needed[nneeded++] = val; break;
		case DT_RPATH: rpath[nrpath++] = val; break;
		case DT_RUNPATH: runpath[nrunpath++] = val; break;
		case DT_SONAME:
			soname = val;
			has_soname = true;
			break;
		case DT_STRTAB:
			strtab_va = val;
			has_strtab = true;
			break;
		case DT_STRSZ:
			strsz = val;
			has_strsz = true;
			break;
		case DT_FLAGS:
			f->has_flags = true;
			f->dt_flags = val;
			if (val & DF_BIND_NOW)
				f->has_bind_now = true;
			if (val & DF_TEXTREL)
				f->has_textrel = true;
			break;
		case DT_FLAGS_1:
			f->has_flags_1 = true;
			f->dt_flags_1 = val;
			if (val & DF_1_NOW)
				f->has_bind_now = true;
			break;
		case DT_BIND_NOW: f->has_bind_now = true; break;
		case DT_TEXTREL: f->has_textrel = true; break;
		case DT_DEBUG: f->has_debug_tag = true; break;
		case 36: /* DT_RELR */ f->has_relr = true; break;
		case DT_VERNEED:
			d.verneed = val;
			d.has_verneed = true;
			f->has_verneed_tag = true;
			break;
		case DT_VERNEEDNUM: d.verneednum = val; break;
		case DT_VERDEF:
			d.verdef = val;
			d.has_verdef = true;
			f->has_verdef_tag = true;
			break;
		case DT_VERDEFNUM: d.verdefnum = val; break;
		case DT_VERSYM:
			d.versym = val;
			d.has_versym = true;
			break;
		case DT_SYMTAB:
			d.symtab = val;
			d.has_symtab = true;
			break;
		case DT_SYMENT: d.syment = val; break;
		case DT_HASH:
			d.hash = val;
			d.has_hash = true;
			break;
		case DT_GNU_HASH:
			d.gnu_hash = val;
			d.has_gnu_hash = true;
			break;
		case DT_RELA:
			d.rela = val;
			d.has_rela = true;
			break;
		case DT_RELASZ: d.relasz = val; break;
		case DT_RELAENT: d.relaent = val; break;
		case DT_RELACOUNT: d.relacount = val; break;
		case DT_REL:
			d.rel = val;
			d.has_rel = true;
			break;
		case DT_RELSZ: d.relsz = val; break;
		case DT_RELENT: d.relent = val; break;
		case DT_RELCOUNT: d.relcount = val; break;
		default: break;
		}
	}
	free(raw);
	if (!ended)
		goelf_issue(f, "dynamic",
			    "PT_DYNAMIC at offset %#llx has no DT_NULL within "
			    "its %zu entries",
			    (unsigned long long)off, count);
	if (has_strtab) {
		uint64_t soff;

		if (!has_strsz)
			goelf_issue(f, "dynamic", "DT_STRTAB without DT_STRSZ");
		else if (strsz > MAX_DYNSTR)
			goelf_issue(f, "dynamic", "DT_STRSZ %#llx is too large",
				    (unsigned long long)strsz);
		else if (!goelf_vaddr_to_off(f, strtab_va, strsz, &soff))
			goelf_issue(
				f, "dynamic",
				"DT_STRTAB %#llx (size %#llx) is not mapped "
				"by any PT_LOAD",
				(unsigned long long)strtab_va,
				(unsigned long long)strsz);
		else if (!(strtab = goelf_src_read(&ld->src, soff, strsz,
						   MAX_DYNSTR)))
			goelf_issue(f, "dynamic", "DT_STRTAB unreadable");
	} else if (nneeded || nrpath || nrunpath || has_soname) {
		goelf_issue(f, "dynamic", "dynamic strings without DT_STRTAB");
	}
	d.strtab = strtab;
	d.strsz = strtab ? strsz : 0;
	for (size_t i = 0; strtab && i < nneeded; i++) {
		const char *s = dynstr(f, &d, needed[i], "DT_NEEDED");

		if (s && f->needed.n >= GOELF_MAX_LIST) {
			goelf_limit(f, "dynamic",
				    "more than %u DT_NEEDED "
				    "entries; the rest are not listed",
				    GOELF_MAX_LIST);
			break;
		}
		if (s)
			goelf_strlist_add(&f->needed, s);
	}
	for (size_t i = 0; strtab && i < nrpath; i++) {
		const char *s = dynstr(f, &d, rpath[i], "DT_RPATH");

		if (s)
			add_pathlist(f, &f->rpath, s);
	}
	for (size_t i = 0; strtab && i < nrunpath; i++) {
		const char *s = dynstr(f, &d, runpath[i], "DT_RUNPATH");

		if (s)
			add_pathlist(f, &f->runpath, s);
	}
	if (strtab && has_soname) {
		const char *s = dynstr(f, &d, soname, "DT_SONAME");

		if (s)
			f->soname = goelf_xstrdup(s);
	}
	free(needed);
	free(rpath);
	free(runpath);
	if (strtab) {
		goelf_load_versions(ld, &d);
		/* The facts keep DT_STRTAB: the dynamic symbol names. */
		f->dynstr = (char *)strtab;
		f->dynstr_size = strsz;
	}
}
