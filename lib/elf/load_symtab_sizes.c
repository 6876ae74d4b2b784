/*
 * load_symtab_sizes.c - what goelf size needs from .symtab: the bounds of
 * the Go text (runtime.text, runtime.etext), and every sized function symbol that
 * lies in an executable section outside the Go text.  Those are the C
 * functions of a cgo or C binary (crt, libc, libgcc, the cgo glue and the
 * user's C code), which the pclntab does not list when the binary was
 * linked externally (bloaty reads the same symbols for "every byte
 * accounted for").  Go symbols are skipped: the pclntab already sizes
 * them, and there are tens of thousands.
 */
#include "elf/elf.h"

#include <stdlib.h>
#include <string.h>

/* Sizes past this are not a real function (and would wrap sums). */
#define MAX_FUNC_SIZE (1ull << 32)

struct sym {
	uint32_t name;
	uint8_t info;
	uint16_t shndx;
	uint64_t value, size;
};

static void
get_sym(const struct goelf_facts *f, const uint8_t *p, struct sym *s)
{
	s->name = goelf_get_u32(p, f->endian);
	if (f->elf_class == 64) {
		s->info = p[4];
		s->shndx = goelf_get_u16(p + 6, f->endian);
		s->value = goelf_get_u64(p + 8, f->endian);
		s->size = goelf_get_u64(p + 16, f->endian);
	} else {
		s->value = goelf_get_u32(p + 4, f->endian);
		s->size = goelf_get_u32(p + 8, f->endian);
		s->info = p[12];
		s->shndx = goelf_get_u16(p + 14, f->endian);
	}
}

static int
cmp_addr(const void *a, const void *b)
{
	const struct goelf_funcsym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if (x->size != y->size)
		return x->size > y->size ? -1 : 1; /* longest first */
	return strcmp(x->name, y->name);
}

/* Pass 1: the Go text bounds. */
static void
find_bounds(struct goelf_facts *f, const uint8_t *syms, uint64_t n,
	    uint64_t entsz, const uint8_t *strs, uint64_t strsz)
{
	bool t0 = false, t1 = false;

	for (uint64_t i = 1; i < n; i++) {
		struct sym s;
		const char *nm;

		get_sym(f, syms + i * entsz, &s);
		nm = goelf_strtab_get(strs, strsz, s.name);
		if (!nm || strncmp(nm, "runtime.", 8))
			continue;
		nm += 8;
		if (!strcmp(nm, "text") && !t0) {
			f->go_text_start = s.value;
			t0 = true;
		} else if (!strcmp(nm, "etext") && !t1) {
			f->go_text_end = s.value;
			t1 = true;
		}
	}
	f->has_go_text_syms = t0 && t1 && f->go_text_start <= f->go_text_end;
}

void
goelf_load_symtab_sizes(struct goelf_ld *ld, const struct goelf_section *sym)
{
	struct goelf_facts *f = ld->facts;
	uint64_t entsz = f->elf_class == 64 ? 24 : 16, n;
	const struct goelf_section *str;
	uint8_t *syms = NULL, *strs = NULL;
	size_t alloc = 0;

	/* Same checks as scan_symtab in load_symbols.c, which reports the
	 * problems; here an unusable table just means no C sizes. */
	if (sym->link >= f->nsections ||
	    f->sections[sym->link].type != SHT_STRTAB)
		return;
	str = &f->sections[sym->link];
	if (!sym->in_file || !str->in_file || sym->size > GOELF_MAX_SYMTAB ||
	    str->size > GOELF_MAX_SYMTAB)
		return;
	syms = goelf_src_read(&ld->src, sym->offset, sym->size,
			      GOELF_MAX_SYMTAB);
	strs = goelf_src_read(&ld->src, str->offset, str->size,
			      GOELF_MAX_SYMTAB);
	if (!syms || !strs)
		goto out;
	n = sym->size / entsz;
	find_bounds(f, syms, n, entsz, strs, str->size);
	for (uint64_t i = 1; i < n; i++) {
		struct sym s;
		const struct goelf_section *sec;
		const char *nm;

		get_sym(f, syms + i * entsz, &s);
		if (ELF64_ST_TYPE(s.info) != STT_FUNC || s.size == 0 ||
		    s.size > MAX_FUNC_SIZE || s.shndx == SHN_UNDEF ||
		    s.shndx >= SHN_LORESERVE || s.shndx >= f->nsections)
			continue;
		sec = &f->sections[s.shndx];
		if (!(sec->flags & SHF_EXECINSTR))
			continue;
		if (f->has_go_text_syms && s.value >= f->go_text_start &&
		    s.value < f->go_text_end)
			continue;
		nm = goelf_strtab_get(strs, str->size, s.name);
		if (!nm)
			continue;
		if (f->nfuncsyms >= GOELF_MAX_FUNCSYMS) {
			goelf_issue(f, "symtab",
				    "more than %u sized function symbols; "
				    "the rest are not used for size",
				    GOELF_MAX_FUNCSYMS);
			f->funcsyms_truncated = true;
			break;
		}
		goelf_grow((void **)&f->funcsyms, &alloc, f->nfuncsyms + 1,
			   sizeof(*f->funcsyms));
		f->funcsyms[f->nfuncsyms].name =
			goelf_xstrndup(nm, strnlen(nm, 256));
		f->funcsyms[f->nfuncsyms].addr = s.value;
		f->funcsyms[f->nfuncsyms].size = s.size;
		f->nfuncsyms++;
	}
	if (f->nfuncsyms)
		qsort(f->funcsyms, f->nfuncsyms, sizeof(*f->funcsyms),
		      cmp_addr);
out:
	free(syms);
	free(strs);
}
