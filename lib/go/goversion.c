/*
 * load_goversion.c - Go version evidence when there is no build info
 * (reference/go-binary-format.md 4.3, steps 3 and 4).  The linker always
 * keeps runtime.buildVersion, because schedinit references it
 * (golang/go#13507), so its bytes are in read-only data even when
 * .go.buildinfo is gone.  We only ever report a string found in the file.
 */
#include "go/go.h"

#include <stdlib.h>
#include <string.h>

#define VERSION_MAX  256u /* longest runtime.buildVersion accepted */
#define SCAN_OVERLAP 64u  /* longer than any match (see match_version) */
#define NUM_MAX	     4u	  /* digits per number in a version */

static bool
is_digit(uint8_t c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alnum(uint8_t c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Printable ASCII, no NUL: what a real version string is made of. */
static bool
plain_text(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] < 0x20 || p[i] > 0x7e)
			return false;
	return true;
}

/* Reads the Go string header {ptr, len} of runtime.buildVersion at
 * vaddr, then the bytes it points to. */
static void
read_buildversion(struct goelf_ld *ld, uint64_t vaddr)
{
	struct goelf_facts *f = ld->facts;
	unsigned w = (unsigned)f->elf_class / 8;
	uint8_t hdr[16], *s;
	uint64_t off, ptr, len;

	if (!goelf_vaddr_to_off(f, vaddr, 2 * w, &off) ||
	    !goelf_src_pread(&ld->src, off, hdr, 2 * w))
		return;
	ptr = w == 8 ? goelf_get_u64(hdr, f->endian)
		     : goelf_get_u32(hdr, f->endian);
	len = w == 8 ? goelf_get_u64(hdr + 8, f->endian)
		     : goelf_get_u32(hdr + 4, f->endian);
	/* In a PIE the pointer may be zero on disk (a RELATIVE reloc fills
	 * it in), so a miss here is not an issue; the scan follows. */
	if (len == 0 || len > VERSION_MAX ||
	    !goelf_vaddr_to_off(f, ptr, len, &off))
		return;
	s = goelf_src_read(&ld->src, off, len, VERSION_MAX);
	if (!s)
		return;
	if (plain_text(s, (size_t)len) &&
	    ((len >= 4 && !memcmp(s, "go1.", 4)) ||
	     (len >= 6 && !memcmp(s, "devel ", 6))))
		f->go.buildversion = goelf_xstrndup((char *)s, (size_t)len);
	free(s);
}

/* Step 3: the symbol runtime.buildVersion in .symtab. */
static void
from_symtab(struct goelf_ld *ld)
{
	struct goelf_facts *f = ld->facts;
	const struct goelf_section *sym = NULL, *str;
	uint64_t entsz = f->elf_class == 64 ? 24 : 16;
	uint8_t *syms = NULL, *strs = NULL;

	for (size_t i = 0; i < f->nsections && !sym; i++)
		if (f->sections[i].type == SHT_SYMTAB)
			sym = &f->sections[i];
	/* load_symbols.c reports a bad link or size; we just skip. */
	if (!sym || !sym->in_file || sym->link >= f->nsections)
		return;
	str = &f->sections[sym->link];
	if (str->type != SHT_STRTAB || !str->in_file)
		return;
	syms = goelf_src_read(&ld->src, sym->offset, sym->size,
			      GOELF_MAX_SYMTAB);
	strs = goelf_src_read(&ld->src, str->offset, str->size,
			      GOELF_MAX_SYMTAB);
	for (uint64_t i = 1; syms && strs && i < sym->size / entsz; i++) {
		const uint8_t *e = syms + i * entsz;
		const char *name = goelf_strtab_get(
			strs, str->size, goelf_get_u32(e, f->endian));

		if (!name || strcmp(name, "runtime.buildVersion"))
			continue;
		read_buildversion(ld,
				  f->elf_class == 64
					  ? goelf_get_u64(e + 8, f->endian)
					  : goelf_get_u32(e + 4, f->endian));
		break;
	}
	free(syms);
	free(strs);
}

/* Digits at p[*i..n), 1..NUM_MAX of them. */
static bool
number(const uint8_t *p, size_t n, size_t *i)
{
	size_t start = *i;

	while (*i < n && is_digit(p[*i]) && *i - start <= NUM_MAX)
		(*i)++;
	return *i > start && *i - start <= NUM_MAX;
}

/*
 * go1\.[0-9]+(\.[0-9]+)?((rc|beta)[0-9]+)? at p[0..n), not followed by a
 * digit or a dot; returns the length or 0.  Numbers are capped at
 * NUM_MAX digits, so a match is at most 4+4+1+4+4+4 bytes.
 */
static size_t
match_version(const uint8_t *p, size_t n)
{
	size_t i = 4, save;

	if (n < 5 || memcmp(p, "go1.", 4) || !number(p, n, &i))
		return 0;
	if (i + 1 < n && p[i] == '.' && is_digit(p[i + 1])) {
		i++;
		if (!number(p, n, &i))
			return 0;
	}
	save = i;
	if (i + 2 <= n && !memcmp(p + i, "rc", 2))
		i += 2;
	else if (i + 4 <= n && !memcmp(p + i, "beta", 4))
		i += 4;
	if (i != save && !number(p, n, &i))
		i = save;
	if (i < n && (is_digit(p[i]) || p[i] == '.'))
		return 0;
	return i;
}

struct vhit {
	char text[32];
	uint64_t off;
	bool found, clean; /* clean: not preceded by a letter or digit */
};

struct vscan {
	struct vhit *h;
	uint8_t prev; /* the byte before this chunk */
};

static bool
version_chunk(void *ctx, const uint8_t *buf, size_t n, size_t step, uint64_t at)
{
	struct vscan *v = ctx;
	struct vhit *h = v->h;
	const uint8_t *p = buf;

	while (!h->clean) {
		size_t i, len;
		bool clean;

		p = memmem(p, (size_t)(buf + step - p), "go1.", 4);
		if (!p)
			break;
		i = (size_t)(p - buf);
		len = match_version(p, n - i);
		clean = !is_alnum(i ? buf[i - 1] : v->prev);
		if (len && len < sizeof(h->text) &&
		    (!h->found || (clean && !h->clean))) {
			memcpy(h->text, p, len);
			h->text[len] = '\0';
			h->off = at + i;
			h->found = true;
			h->clean = clean;
		}
		p++;
	}
	v->prev = buf[step - 1];
	return h->clean;
}

/* Over [off, off+size), in chunks; stops at the first clean hit. */
static void
scan_region(struct goelf_ld *ld, uint64_t off, uint64_t size, uint64_t *budget,
	    struct vhit *h)
{
	struct vscan v = { h, 0 };

	goelf_src_scan(&ld->src, off, size, SCAN_OVERLAP, budget, version_chunk,
		       &v);
}

void
goelf_load_goversion(struct goelf_ld *ld)
{
	struct goelf_facts *f = ld->facts;
	const struct goelf_section *ro = goelf_find_section(f, ".rodata");
	uint64_t budget = GOELF_MAX_SCAN;
	struct vhit h = { 0 };

	if (f->go.bi_version)
		return;
	/* Only Go binaries: a C file's strings say nothing of Go. */
	if (!f->go.has_pclntab && !f->go_build_id &&
	    !goelf_find_section(f, ".go.buildinfo"))
		return;
	from_symtab(ld);
	if (f->go.buildversion)
		return;
	/* The string bytes of runtime.buildVersion live in .rodata. */
	if (ro && ro->in_file && ro->type != SHT_NOBITS) {
		scan_region(ld, ro->offset, ro->size, &budget, &h);
	} else {
		for (size_t i = 0; i < f->nsegments && !h.clean; i++) {
			const struct goelf_segment *s = &f->segments[i];

			if (s->type == PT_LOAD && !(s->flags & (PF_W | PF_X)))
				scan_region(ld, s->offset, s->filesz, &budget,
					    &h);
		}
	}
	if (h.found) {
		f->go.version_string = goelf_xstrdup(h.text);
		f->go.version_string_offset = h.off;
	} else if (!budget) {
		goelf_limit(f, "go-version",
			    "version string scan stopped "
			    "after %u bytes",
			    GOELF_MAX_SCAN);
	}
}
