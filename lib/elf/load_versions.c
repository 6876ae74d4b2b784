/*
 * load_versions.c - symbol versioning: which library version tags
 * (GLIBC_2.34, GCC_3.0 ...) the file needs and which dynamic symbols need
 * each one.
 *
 * Verneed records come from DT_VERNEED/DT_VERNEEDNUM (the section
 * .gnu.version_r when section headers exist gives the size); the symbol
 * to version map is .gnu.version (DT_VERSYM) indexed like .dynsym
 * (DT_SYMTAB).  The dynsym count is the section size, or DT_HASH nchain,
 * or a walk of DT_GNU_HASH, so section-less files work too.  All records
 * are decoded with our cursor; chains must move strictly forward (vn_next
 * and vna_next > 0), which rules out loops (elfutils 2785ba7a).
 */
#include "elf/elf.h"

#include <stdlib.h>
#include <string.h>

#define MAX_REGION (4u << 20)

/* Reads up to want bytes at vaddr, or fewer up to the end of its PT_LOAD. */
static uint8_t *
read_va(struct goelf_ld *ld, uint64_t vaddr, uint64_t want, uint64_t *got)
{
	const struct goelf_facts *f = ld->facts;

	for (size_t i = 0; i < f->nsegments; i++) {
		const struct goelf_segment *s = &f->segments[i];
		uint64_t rel, n;

		if (s->type != PT_LOAD || vaddr < s->vaddr)
			continue;
		rel = vaddr - s->vaddr;
		if (rel >= s->filesz)
			continue;
		n = s->filesz - rel;
		if (n > want)
			n = want;
		if (!goelf_in_range(s->offset, s->filesz, f->file_size))
			continue;
		*got = n;
		return goelf_src_read(&ld->src, s->offset + rel, n, MAX_REGION);
	}
	return NULL;
}

static const struct goelf_section *
section_at(const struct goelf_facts *f, uint32_t type, uint64_t vaddr)
{
	for (size_t i = 0; i < f->nsections; i++)
		if (f->sections[i].type == type &&
		    f->sections[i].addr == vaddr && f->sections[i].in_file)
			return &f->sections[i];
	return NULL;
}

static uint64_t
count_gnu_hash(struct goelf_ld *ld, uint64_t vaddr)
{
	struct goelf_facts *f = ld->facts;
	uint64_t got = 0, maxb = 0, n;
	uint8_t *p = read_va(ld, vaddr, MAX_REGION, &got);
	struct goelf_cursor c;
	uint32_t nbuckets, symoff, bloom, shift;

	if (!p)
		return 0;
	goelf_cursor_init(&c, p, (size_t)got, f->endian);
	if (!goelf_cursor_u32(&c, &nbuckets) ||
	    !goelf_cursor_u32(&c, &symoff) || !goelf_cursor_u32(&c, &bloom) ||
	    !goelf_cursor_u32(&c, &shift) ||
	    !goelf_cursor_skip(&c, (size_t)bloom * (f->elf_class / 8))) {
		free(p);
		return 0;
	}
	for (uint32_t i = 0; i < nbuckets; i++) {
		uint32_t b;

		if (!goelf_cursor_u32(&c, &b)) {
			free(p);
			return 0;
		}
		if (b > maxb)
			maxb = b;
	}
	if (maxb < symoff) {
		free(p);
		return symoff;
	}
	/* The chain array starts here, indexed from symoff. */
	n = maxb;
	if (!goelf_cursor_skip(&c, (size_t)(maxb - symoff) * 4)) {
		free(p);
		return 0;
	}
	for (;;) {
		uint32_t h;

		if (!goelf_cursor_u32(&c, &h) || n >= GOELF_MAX_DYNSYMS) {
			n = 0;
			break;
		}
		n++;
		if (h & 1)
			break;
	}
	free(p);
	return n;
}

static uint64_t
count_dynsyms(struct goelf_ld *ld, const struct goelf_dyninfo *d,
	      uint64_t entsz)
{
	struct goelf_facts *f = ld->facts;
	const struct goelf_section *s = section_at(f, SHT_DYNSYM, d->symtab);
	uint64_t got;
	uint8_t *p;

	if (s && entsz)
		return s->size / entsz;
	if (d->has_hash) {
		p = read_va(ld, d->hash, 8, &got);
		if (p && got == 8) {
			uint64_t n = goelf_get_u32(p + 4, f->endian);

			free(p);
			return n;
		}
		free(p);
	}
	if (d->has_gnu_hash)
		return count_gnu_hash(ld, d->gnu_hash);
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
sort_unique(struct goelf_strlist *l)
{
	size_t j = 0;

	if (l->n < 2)
		return;
	qsort(l->v, l->n, sizeof(*l->v), cmp_str);
	for (size_t i = 1; i < l->n; i++) {
		if (!strcmp(l->v[i], l->v[j]))
			free(l->v[i]);
		else
			l->v[++j] = l->v[i];
	}
	l->n = j + 1;
}

static void
load_verneed(struct goelf_ld *ld, const struct goelf_dyninfo *d)
{
	struct goelf_facts *f = ld->facts;
	const struct goelf_section *s =
		section_at(f, SHT_GNU_verneed, d->verneed);
	uint64_t size = s ? s->size : MAX_REGION, got = 0, pos = 0;
	uint8_t *p = read_va(ld, d->verneed, size, &got);
	size_t records = 0;

	if (!p) {
		goelf_issue(f, "verneed", "DT_VERNEED %#llx is not mapped",
			    (unsigned long long)d->verneed);
		return;
	}
	for (uint64_t i = 0; i < d->verneednum; i++) {
		struct goelf_cursor c;
		uint16_t ver, cnt;
		uint32_t file, aux, next;
		const char *lib;
		uint64_t apos;

		goelf_cursor_init(&c, p, (size_t)got, f->endian);
		if (!goelf_cursor_skip(&c, (size_t)pos) ||
		    !goelf_cursor_u16(&c, &ver) ||
		    !goelf_cursor_u16(&c, &cnt) ||
		    !goelf_cursor_u32(&c, &file) ||
		    !goelf_cursor_u32(&c, &aux) ||
		    !goelf_cursor_u32(&c, &next)) {
			goelf_issue(f, "verneed",
				    "Verneed record %llu at %#llx is truncated",
				    (unsigned long long)i,
				    (unsigned long long)pos);
			break;
		}
		lib = goelf_strtab_get(d->strtab, d->strsz, file);
		apos = pos + aux;
		for (uint16_t j = 0; j < cnt; j++) {
			struct goelf_verneed *v;
			uint32_t hash, name, anext;
			uint16_t flags, other;
			const char *vname;

			if (++records > GOELF_MAX_VERNEED) {
				goelf_limit(f, "verneed",
					    "more than %u version records",
					    GOELF_MAX_VERNEED);
				goto out;
			}
			goelf_cursor_init(&c, p, (size_t)got, f->endian);
			if (aux < 16 || apos < pos ||
			    !goelf_cursor_skip(&c, (size_t)apos) ||
			    !goelf_cursor_u32(&c, &hash) ||
			    !goelf_cursor_u16(&c, &flags) ||
			    !goelf_cursor_u16(&c, &other) ||
			    !goelf_cursor_u32(&c, &name) ||
			    !goelf_cursor_u32(&c, &anext)) {
				goelf_issue(
					f, "verneed",
					"Vernaux record at %#llx is outside "
					"the table",
					(unsigned long long)apos);
				break;
			}
			(void)hash;
			vname = goelf_strtab_get(d->strtab, d->strsz, name);
			if (!lib || !vname) {
				goelf_issue(f, "verneed",
					    "version name offset outside "
					    "DT_STRTAB");
			} else {
				f->verneed = goelf_xrealloc(
					f->verneed, (f->nverneed +
						     1) * sizeof(*f->verneed));
				v = &f->verneed[f->nverneed++];
				memset(v, 0, sizeof(*v));
				v->library = goelf_xstrdup(lib);
				v->version = goelf_xstrdup(vname);
				v->index = other & 0x7fff;
				v->weak = (flags & VER_FLG_WEAK) != 0;
			}
			if (anext == 0)
				break;
			if (anext < 16 || apos > UINT64_MAX - anext) {
				goelf_issue(
					f, "verneed",
					"vna_next %#x at %#llx does not move "
					"forward",
					anext, (unsigned long long)apos);
				break;
			}
			apos += anext;
		}
		if (next == 0)
			break;
		if (next < 16) {
			goelf_issue(
				f, "verneed",
				"vn_next %#x at %#llx does not move forward",
				next, (unsigned long long)pos);
			break;
		}
		pos += next;
	}
out:
	free(p);
}

/* Undefined dynamic symbols that later analyses decide from (the C
 * hardening of an_hardening.c); they survive strip, .symtab does not. */
static bool
import_of_interest(const char *s)
{
	size_t n = strlen(s);

	return !strcmp(s, "__stack_chk_fail") ||
	       (n > 6 && !strncmp(s, "__", 2) && !strcmp(s + n - 4, "_chk"));
}

/* Attributes each dynamic symbol to the version its .gnu.version entry
 * names (when there are versions), and notes the imports of interest. */
static void
load_symbol_versions(struct goelf_ld *ld, const struct goelf_dyninfo *d)
{
	struct goelf_facts *f = ld->facts;
	uint64_t entsz = f->elf_class == 64 ? 24 : 16, nsyms, got_sym = 0,
		 got_ver = 0;
	uint8_t *syms = NULL, *vers = NULL;
	uint16_t *map;
	bool versioned = f->nverneed && d->has_versym;

	if (d->syment && d->syment != entsz) {
		goelf_issue(f, "dynsym", "DT_SYMENT %llu, expected %llu",
			    (unsigned long long)d->syment,
			    (unsigned long long)entsz);
		return;
	}
	nsyms = count_dynsyms(ld, d, entsz);
	if (nsyms > GOELF_MAX_DYNSYMS) {
		goelf_limit(f, "dynsym", "%llu dynamic symbols, only %u read",
			    (unsigned long long)nsyms, GOELF_MAX_DYNSYMS);
		nsyms = GOELF_MAX_DYNSYMS;
	}
	if (nsyms == 0)
		return;
	syms = read_va(ld, d->symtab, nsyms * entsz, &got_sym);
	if (versioned)
		vers = read_va(ld, d->versym, nsyms * 2, &got_ver);
	if (!syms || (versioned && !vers) || got_sym < nsyms * entsz ||
	    (versioned && got_ver < nsyms * 2)) {
		goelf_issue(f, "dynsym",
			    "dynamic symbol or version table is truncated");
		if (syms && (vers || !versioned)) {
			uint64_t a = got_sym / entsz,
				 b = versioned ? got_ver / 2 : a;

			nsyms = a < b ? a : b;
		} else {
			nsyms = 0;
		}
	}
	f->ndynsyms = (size_t)nsyms;
	map = goelf_xcalloc(0x8000, sizeof(*map));
	for (size_t i = 0; i < f->nverneed; i++)
		map[f->verneed[i].index] = (uint16_t)(i + 1);
	for (uint64_t i = 1; i < nsyms; i++) {
		uint32_t name = goelf_get_u32(syms + i * entsz, f->endian);
		/* st_shndx: offset 6 in Elf64_Sym, 14 in Elf32_Sym */
		uint16_t shndx = goelf_get_u16(
			syms + i * entsz + (f->elf_class == 64 ? 6 : 14),
			f->endian);
		uint16_t ver =
			versioned ? goelf_get_u16(vers + i * 2, f->endian) &
					    0x7fff
				  : 0;
		struct goelf_verneed *v;
		const char *s;

		s = goelf_strtab_get(d->strtab, d->strsz, name);
		if (!s || !*s)
			continue;
		if (shndx == SHN_UNDEF && import_of_interest(s))
			goelf_strlist_add_unique(&f->markers, s);
		if (ver < 2 || !map[ver])
			continue;
		v = &f->verneed[map[ver] - 1];
		if (v->symbols.n >= GOELF_MAX_SYMS_PER_VERSION) {
			if (!v->symbols_truncated)
				goelf_limit(f, "dynsym",
					    "more than %u symbols need %s; the "
					    "rest are not listed",
					    GOELF_MAX_SYMS_PER_VERSION,
					    v->version);
			v->symbols_truncated = true;
			continue;
		}
		goelf_strlist_add(&v->symbols, s);
	}
	for (size_t i = 0; i < f->nverneed; i++)
		sort_unique(&f->verneed[i].symbols);
	free(map);
	free(syms);
	free(vers);
}

void
goelf_load_versions(struct goelf_ld *ld, const struct goelf_dyninfo *d)
{
	if (d->has_verneed && d->verneednum)
		load_verneed(ld, d);
	if (d->has_symtab)
		load_symbol_versions(ld, d);
}
