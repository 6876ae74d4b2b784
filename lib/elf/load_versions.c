/*
 * load_versions.c - symbol versioning and the dynamic symbol table:
 * which library version tags (GLIBC_2.34, GCC_3.0 ...) the file needs and
 * which dynamic symbols need each one, the versions it defines (Verdef),
 * and every dynamic symbol as ld.so's lookup sees it (facts.dynsyms).
 *
 * Verneed records come from DT_VERNEED/DT_VERNEEDNUM (the section
 * .gnu.version_r when section headers exist gives the size); the symbol
 * to version map is .gnu.version (DT_VERSYM) indexed like .dynsym
 * (DT_SYMTAB).  The dynsym count is the section size, or DT_HASH nchain,
 * or a walk of DT_GNU_HASH, so section-less files work too.  All records
 * are decoded with our cursor; chains must move strictly forward (vn_next
 * and vna_next > 0), which rules out loops (elfutils 2785ba7a).
 * Last, DT_RELA and DT_REL are scanned for COPY relocations, whose
 * symbols get GOELF_DYNSYM_COPY.
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

/*
 * Verdef records (DT_VERDEF/DT_VERDEFNUM, .gnu.version_d): the versions
 * this file defines, as glibc's _dl_check_map_versions reads them: a
 * vd_version other than 1 is fatal there, vd_next 0 ends the list.  Only
 * the first Verdaux (the name) is read; the others name parents, which
 * ld.so ignores, so their chain cannot loop us.
 */
static void
load_verdef(struct goelf_ld *ld, const struct goelf_dyninfo *d)
{
	struct goelf_facts *f = ld->facts;
	const struct goelf_section *s =
		section_at(f, SHT_GNU_verdef, d->verdef);
	uint64_t size = s ? s->size : MAX_REGION, got = 0, pos = 0;
	uint8_t *p = read_va(ld, d->verdef, size, &got);

	if (!p) {
		goelf_issue(f, "verdef", "DT_VERDEF %#llx is not mapped",
			    (unsigned long long)d->verdef);
		return;
	}
	for (uint64_t i = 0; i < d->verdefnum; i++) {
		struct goelf_cursor c;
		uint16_t ver, flags, ndx, cnt;
		uint32_t hash, aux, next, name;
		const char *vname;
		struct goelf_verdef *v;

		if (f->nverdef >= GOELF_MAX_VERDEF) {
			goelf_limit(f, "verdef", "more than %u Verdef records",
				    GOELF_MAX_VERDEF);
			break;
		}
		goelf_cursor_init(&c, p, (size_t)got, f->endian);
		if (!goelf_cursor_skip(&c, (size_t)pos) ||
		    !goelf_cursor_u16(&c, &ver) ||
		    !goelf_cursor_u16(&c, &flags) ||
		    !goelf_cursor_u16(&c, &ndx) ||
		    !goelf_cursor_u16(&c, &cnt) ||
		    !goelf_cursor_u32(&c, &hash) ||
		    !goelf_cursor_u32(&c, &aux) ||
		    !goelf_cursor_u32(&c, &next)) {
			goelf_issue(f, "verdef",
				    "Verdef record %llu at %#llx is truncated",
				    (unsigned long long)i,
				    (unsigned long long)pos);
			break;
		}
		if (ver != 1) {
			goelf_issue(f, "verdef",
				    "Verdef record at %#llx has vd_version %u",
				    (unsigned long long)pos, ver);
			break;
		}
		/* The Verdaux lies after its Verdef (20 bytes). */
		goelf_cursor_init(&c, p, (size_t)got, f->endian);
		if (cnt == 0 || aux < 20 ||
		    !goelf_cursor_skip(&c, (size_t)(pos + aux)) ||
		    !goelf_cursor_u32(&c, &name)) {
			goelf_issue(f, "verdef",
				    "Verdef record at %#llx has no Verdaux "
				    "name (vd_cnt %u, vd_aux %#x)",
				    (unsigned long long)pos, cnt, aux);
			break;
		}
		vname = goelf_strtab_get(d->strtab, d->strsz, name);
		if (!vname) {
			goelf_issue(f, "verdef",
				    "version name offset outside DT_STRTAB");
		} else {
			f->verdef = goelf_xrealloc(f->verdef,
						   (f->nverdef + 1) *
							   sizeof(*f->verdef));
			v = &f->verdef[f->nverdef++];
			v->name = goelf_xstrdup(vname);
			v->hash = hash;
			v->index = ndx;
			v->flags = flags;
		}
		if (next == 0)
			break;
		/* Strictly forward past this record: no loops. */
		if (next < 20) {
			goelf_issue(
				f, "verdef",
				"vd_next %#x at %#llx does not move forward",
				next, (unsigned long long)pos);
			break;
		}
		pos += next;
	}
	free(p);
}

/* Dynamic symbols read at a time: 384 KiB of Elf64_Sym, so a table of
 * GOELF_MAX_DYNSYMS costs the 12-byte goelf_dynsym per entry, not the
 * whole table twice. */
#define SYM_CHUNK 16384u

/* Undefined dynamic symbols that later analyses decide from (the C
 * hardening of an_hardening.c); they survive strip, .symtab does not. */
static bool
import_of_interest(const char *s)
{
	size_t n = strlen(s);

	return !strcmp(s, "__stack_chk_fail") ||
	       (n > 6 && !strncmp(s, "__", 2) && !strcmp(s + n - 4, "_chk"));
}

/* Decodes one Elf32_Sym or Elf64_Sym at e (with its .gnu.version entry
 * ver) into ds; returns its name, NULL when unusable. */
static const char *
decode_sym(struct goelf_facts *f, const struct goelf_dyninfo *d,
	   const uint8_t *e, uint16_t ver, struct goelf_dynsym *ds,
	   uint64_t *badnames, uint64_t *longnames)
{
	uint32_t name = goelf_get_u32(e, f->endian);
	uint8_t info, other;
	uint64_t value;
	const char *s;

	if (f->elf_class == 64) {
		info = e[4];
		other = e[5];
		ds->shndx = goelf_get_u16(e + 6, f->endian);
		value = goelf_get_u64(e + 8, f->endian);
	} else {
		value = goelf_get_u32(e + 4, f->endian);
		info = e[12];
		other = e[13];
		ds->shndx = goelf_get_u16(e + 14, f->endian);
	}
	ds->name = name;
	ds->versym = ver;
	ds->bind = info >> 4;
	ds->type = info & 0xf;
	ds->visibility = other & 3;
	ds->flags = value == 0 ? GOELF_DYNSYM_VALUE_ZERO : 0;
	s = goelf_strtab_get(d->strtab, d->strsz, name);
	if (!s) {
		ds->flags |= GOELF_DYNSYM_BAD_NAME;
		++*badnames;
	} else if (strlen(s) > GOELF_MAX_DYNSYM_NAME) {
		ds->flags |= GOELF_DYNSYM_BAD_NAME;
		++*longnames;
		s = NULL;
	}
	return s;
}

/* Attributes a needed version's symbols (symbol i, name s) to it. */
static void
attribute(struct goelf_facts *f, const uint16_t *map, size_t nmap, uint16_t ver,
	  const char *s)
{
	struct goelf_verneed *v;

	ver &= 0x7fff;
	if (ver < 2 || ver >= nmap || !map[ver])
		return;
	v = &f->verneed[map[ver] - 1];
	if (v->symbols.n >= GOELF_MAX_SYMS_PER_VERSION) {
		if (!v->symbols_truncated)
			goelf_limit(f, "dynsym",
				    "more than %u symbols need %s; the "
				    "rest are not listed",
				    GOELF_MAX_SYMS_PER_VERSION, v->version);
		v->symbols_truncated = true;
		return;
	}
	goelf_strlist_add(&v->symbols, s);
}

/*
 * The one pass over .dynsym and .gnu.version (DT_SYMTAB, DT_VERSYM):
 * fills facts.dynsyms, attributes each symbol to the version it needs
 * (when there are Verneeds), and notes the imports of interest.  Read
 * in SYM_CHUNK pieces; a table or version array that ends early (its
 * PT_LOAD, or the .gnu.version section size) keeps the symbols before.
 */
static void
load_symbol_versions(struct goelf_ld *ld, const struct goelf_dyninfo *d)
{
	struct goelf_facts *f = ld->facts;
	uint64_t entsz = f->elf_class == 64 ? 24 : 16, nsyms, done = 0,
		 badnames = 0, longnames = 0;
	const struct goelf_section *vs;
	uint16_t *map = NULL;
	size_t nmap = 0;
	bool has_vers = d->has_versym;

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
	if (d->symtab > UINT64_MAX - nsyms * entsz ||
	    (has_vers && d->versym > UINT64_MAX - nsyms * 2)) {
		goelf_issue(f, "dynsym",
			    "DT_SYMTAB or DT_VERSYM wraps the address space");
		return;
	}
	vs = has_vers ? section_at(f, SHT_GNU_versym, d->versym) : NULL;
	if (vs && vs->size / 2 < nsyms) {
		goelf_issue(f, "versym",
			    ".gnu.version has %llu entries for %llu dynamic "
			    "symbols",
			    (unsigned long long)(vs->size / 2),
			    (unsigned long long)nsyms);
		nsyms = vs->size / 2;
	}
	if (f->nverneed && has_vers) {
		/* Version index -> Verneed + 1, as large as the largest
		 * index needs (not all 0x8000: one page to clear per file). */
		for (size_t i = 0; i < f->nverneed; i++)
			if ((size_t)(f->verneed[i].index & 0x7fff) >= nmap)
				nmap = (size_t)(f->verneed[i].index & 0x7fff) +
				       1;
		map = goelf_xcalloc(nmap, sizeof(*map));
		for (size_t i = 0; i < f->nverneed; i++)
			map[f->verneed[i].index & 0x7fff] = (uint16_t)(i + 1);
	}
	while (done < nsyms) {
		uint64_t n =
			nsyms - done < SYM_CHUNK ? nsyms - done : SYM_CHUNK;
		uint64_t got_sym = 0, got_ver = 0;
		uint8_t *syms, *vers = NULL;
		bool cut = false;

		syms = read_va(ld, d->symtab + done * entsz, n * entsz,
			       &got_sym);
		if (has_vers)
			vers = read_va(ld, d->versym + done * 2, n * 2,
				       &got_ver);
		if (!syms || got_sym < n * entsz ||
		    (has_vers && (!vers || got_ver < n * 2))) {
			uint64_t a = syms ? got_sym / entsz : 0,
				 b = has_vers ? (vers ? got_ver / 2 : 0) : a;

			goelf_issue(f, "dynsym",
				    "dynamic symbol or version table is "
				    "truncated");
			n = a < b ? a : b;
			cut = true;
		}
		f->dynsyms = goelf_xrealloc(
			f->dynsyms, (size_t)(done + n) * sizeof(*f->dynsyms));
		for (uint64_t k = 0; k < n; k++) {
			uint16_t ver = has_vers ? goelf_get_u16(vers + k * 2,
								f->endian)
						: 1;
			struct goelf_dynsym *ds = &f->dynsyms[done + k];
			const char *s = decode_sym(f, d, syms + k * entsz, ver,
						   ds, &badnames, &longnames);

			if (done + k == 0 || !s || !*s)
				continue;
			if (ds->shndx == SHN_UNDEF && import_of_interest(s))
				goelf_strlist_add_unique(&f->markers, s);
			if (map)
				attribute(f, map, nmap, ver, s);
		}
		done += n;
		f->ndynsyms = (size_t)done;
		free(syms);
		free(vers);
		if (cut)
			break;
	}
	f->has_versym = has_vers && f->ndynsyms > 0;
	if (badnames)
		goelf_issue(f, "dynsym",
			    "%llu dynamic symbol names lie outside DT_STRTAB",
			    (unsigned long long)badnames);
	if (longnames)
		goelf_limit(f, "dynsym",
			    "%llu dynamic symbol names are longer than %u "
			    "bytes",
			    (unsigned long long)longnames,
			    GOELF_MAX_DYNSYM_NAME);
	for (size_t i = 0; i < f->nverneed; i++)
		sort_unique(&f->verneed[i].symbols);
	free(map);
}

/* The COPY relocation type of machine m (elf.h), 0 when none is known.
 * MIPS64 packs r_info in its own way and is left out. */
static uint32_t
copy_type(const struct goelf_facts *f)
{
	switch (f->e_machine) {
	case EM_X86_64: return R_X86_64_COPY;
	case EM_386: return R_386_COPY;
	case EM_AARCH64: return R_AARCH64_COPY;
	case EM_ARM: return R_ARM_COPY;
	case EM_PPC: return R_PPC_COPY;
	case EM_PPC64: return R_PPC64_COPY;
	case EM_S390: return R_390_COPY;
	case EM_RISCV: return R_RISCV_COPY;
	case EM_LOONGARCH: return R_LARCH_COPY;
	case EM_SPARC:
	case EM_SPARCV9: return R_SPARC_COPY;
	case EM_MIPS: return f->elf_class == 32 ? R_MIPS_COPY : 0;
	default: return 0;
	}
}

/* Relocation entries read: ld.so applies at most what DT_RELASZ says;
 * past this cap the rest is not looked at (a limit issue). */
#define MAX_RELOCS (1u << 22)
#define REL_CHUNK  65536u

/*
 * Flags the dynamic symbols that are the target of a COPY relocation
 * in one table (DT_RELA when rela, else DT_REL) of size bytes with
 * entries of ent bytes; the first skip (DT_RELACOUNT) are relative
 * relocations, which ld.so applies without looking at their type.
 */
static void
mark_copies(struct goelf_ld *ld, bool rela, uint64_t va, uint64_t size,
	    uint64_t ent, uint64_t skip)
{
	struct goelf_facts *f = ld->facts;
	const char *tag = rela ? "DT_RELA" : "DT_REL";
	uint64_t want =
		(f->elf_class == 64 ? 16 : 8) + (rela ? f->elf_class / 8 : 0);
	uint32_t copy = copy_type(f);
	uint64_t n, done;

	if (!copy)
		return;
	if (ent == 0) /* no DT_RELAENT: ld.so assumes its own size */
		ent = want;
	if (ent != want) {
		goelf_issue(f, "relocs", "%sENT %llu, expected %llu", tag,
			    (unsigned long long)ent, (unsigned long long)want);
		return;
	}
	n = size / ent;
	if (n > MAX_RELOCS) {
		goelf_limit(f, "relocs",
			    "%s holds %llu relocations, only %u read", tag,
			    (unsigned long long)n, MAX_RELOCS);
		n = MAX_RELOCS;
	}
	done = skip < n ? skip : n;
	if (va > UINT64_MAX - n * ent) {
		goelf_issue(f, "relocs", "%s wraps the address space", tag);
		return;
	}
	while (done < n) {
		uint64_t k = n - done < REL_CHUNK ? n - done : REL_CHUNK;
		uint64_t got = 0;
		uint8_t *p = read_va(ld, va + done * ent, k * ent, &got);

		if (!p || got < k * ent) {
			goelf_issue(f, "relocs",
				    "%s %#llx (size %#llx) is not mapped in "
				    "full",
				    tag, (unsigned long long)va,
				    (unsigned long long)size);
			k = p ? got / ent : 0;
			n = done + k;
		}
		for (uint64_t i = 0; i < k; i++) {
			const uint8_t *e = p + i * ent;
			uint64_t sym;
			uint32_t type;

			if (f->elf_class == 64) {
				uint64_t info = goelf_get_u64(e + 8, f->endian);

				sym = ELF64_R_SYM(info);
				type = (uint32_t)ELF64_R_TYPE(info);
			} else {
				uint32_t info = goelf_get_u32(e + 4, f->endian);

				sym = ELF32_R_SYM(info);
				type = ELF32_R_TYPE(info);
			}
			if (type == copy && sym && sym < f->ndynsyms)
				f->dynsyms[sym].flags |= GOELF_DYNSYM_COPY;
		}
		free(p);
		done += k;
	}
}

void
goelf_load_versions(struct goelf_ld *ld, const struct goelf_dyninfo *d)
{
	if (d->has_verneed && d->verneednum)
		load_verneed(ld, d);
	if (d->has_verdef && d->verdefnum)
		load_verdef(ld, d);
	if (d->has_symtab)
		load_symbol_versions(ld, d);
	if (!ld->facts->ndynsyms)
		return;
	if (d->has_rela && d->relasz)
		mark_copies(ld, true, d->rela, d->relasz, d->relaent,
			    d->relacount);
	if (d->has_rel && d->relsz)
		mark_copies(ld, false, d->rel, d->relsz, d->relent,
			    d->relcount);
}
