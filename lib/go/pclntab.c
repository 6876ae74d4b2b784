/*
 * load_pclntab.c - find the Go pc-line table (runtime.pcheader) and read
 * what the answer needs of it.  The table survives -s -w, strip and the
 * removal of build info, so it is the last reliable sign of a Go binary
 * and its magic bounds the toolchain version (reference/go-binary-format.md
 * 3, 4.2).  Layouts follow go1.19 debug/gosym/pclntab.go and
 * runtime/symtab.go; the 1.20+ layout is the 1.18 one with a new magic.
 *
 * Read lazily (issue 16): the header; then, for Go 1.16+, the function
 * name table [funcnametab, cutab) in bounded pread windows, once, for the
 * patterns of the load options (go/names.c); the function table and its
 * _func records only when goelf_opts.funcs asks (per-package sizes), and
 * then only those two regions; never the pc-value, file or cu tables.
 * Tables older than 1.16 keep the names among the records: read whole.
 */
#include "go/go.h"

#include <stdlib.h>
#include <string.h>

/* The table is read in one piece; real ones are a few MiB to tens. */
#define PCLN_MAX_READ (256u << 20)
/* Scan chunk; candidates only need their 6 marker bytes in the chunk. */
#define SCAN_OVERLAP  8u
/* Bytes read to check one name while validating a candidate. */
#define NAME_PEEK     256u
/* The name table is scanned through a window of this size; a name longer
 * than NAME_CARRY is matched on its start only. */
#define NAME_WINDOW   (256u << 10)
#define NAME_CARRY    (64u << 10)

enum pcln_ver {
	VER12 = 12,
	VER116 = 116,
	VER118 = 118,
	VER120 = 120
};

/* Bytes of the table in memory: [start, start+len) of it. */
struct pcln_win {
	uint64_t start, len;
	const uint8_t *p;
};

/* Two windows the function records are read through, from lo on: the
 * function table and the _func records are each read in order, so each
 * keeps one window (the other is replaced on a miss). */
#define CACHE_WIN (256u << 10)
struct pcln_cache {
	struct pcln_win w[2];
	uint8_t *buf[2];
	unsigned next; /* the window a miss replaces */
	uint64_t lo;
};

/* One candidate table: [off, off+size) of the file, the header decoded. */
struct pcln {
	struct goelf_ld *ld;
	uint64_t off, size;
	struct pcln_win win[2];	  /* parts read into memory (len 0: none) */
	struct pcln_cache *cache; /* the records' windows, or NULL */
	enum goelf_endian e;
	uint32_t magic;
	enum pcln_ver ver;
	unsigned ptrsz, fsz; /* pointer size; functab field size */
	uint8_t quantum;
	uint64_t nfunc;
	uint64_t nametab, funcdata, functab; /* relative to the table */
	uint64_t nameend; /* end of the name table (1.16+), else 0 */
	char why[160];	  /* first reason it is unusable */
};

/* The window holding [off, off+n) of the table, or NULL. */
static const struct pcln_win *
win_of(const struct pcln *t, uint64_t off, uint64_t n)
{
	for (size_t i = 0; i < ARRAY_SIZE(t->win); i++) {
		const struct pcln_win *w = &t->win[i];

		if (w->len && off >= w->start &&
		    goelf_in_range(off - w->start, n, w->len))
			return w;
	}
	return NULL;
}

/* [off, off+n) through the cache windows (n <= CACHE_WIN). */
static bool
cache_get(const struct pcln *t, uint64_t off, void *dst, size_t n)
{
	struct pcln_cache *c = t->cache;
	struct pcln_win *w;
	uint64_t len;

	for (unsigned i = 0; i < 2; i++) {
		w = &c->w[i];
		if (w->len && off >= w->start &&
		    goelf_in_range(off - w->start, n, w->len)) {
			memcpy(dst, w->p + (off - w->start), n);
			c->next = i ^ 1;
			return true;
		}
	}
	w = &c->w[c->next];
	len = t->size - off < CACHE_WIN ? t->size - off : CACHE_WIN;
	w->len = 0;
	if (len < n || !goelf_src_pread(&t->ld->src, t->off + off,
					c->buf[c->next], (size_t)len))
		return goelf_src_pread(&t->ld->src, t->off + off, dst, n);
	w->start = off;
	w->len = len;
	w->p = c->buf[c->next];
	c->next ^= 1;
	memcpy(dst, w->p, n);
	return true;
}

static bool
tab_get(const struct pcln *t, uint64_t off, void *dst, size_t n)
{
	const struct pcln_win *w;

	if (!goelf_in_range(off, n, t->size))
		return false;
	if (t->cache && off >= t->cache->lo && n <= CACHE_WIN)
		return cache_get(t, off, dst, n);
	w = win_of(t, off, n);
	if (w) {
		memcpy(dst, w->p + (off - w->start), n);
		return true;
	}
	return goelf_src_pread(&t->ld->src, t->off + off, dst, n);
}

static bool
tab_word(const struct pcln *t, uint64_t off, unsigned sz, uint64_t *v)
{
	uint8_t b[8];

	if (!tab_get(t, off, b, sz))
		return false;
	*v = sz == 4 ? goelf_get_u32(b, t->e) : goelf_get_u64(b, t->e);
	return true;
}

static bool
magic_ver(uint32_t m, enum pcln_ver *v)
{
	switch (m) {
	case 0xfffffffbu: *v = VER12; return true;
	case 0xfffffffau: *v = VER116; return true;
	case 0xfffffff0u: *v = VER118; return true;
	case 0xfffffff1u: *v = VER120; return true;
	}
	return false;
}

/*
 * The name of function i: functab[i].funcoff -> _func.nameoff -> a
 * NUL-terminated string in funcnametab.  With the name in a window the
 * result points into it; otherwise up to NAME_PEEK bytes go into tmp.
 * On failure *bad is the table offset that did not check out.
 */
static const char *
func_name(const struct pcln *t, uint64_t i, char *tmp, uint64_t *bad)
{
	uint64_t funcoff, fn, at, left, max;
	uint8_t b[4];
	int32_t nameoff;
	const uint8_t *nul;
	const struct pcln_win *w;

	*bad = t->functab + (2 * i + 1) * t->fsz;
	if (!tab_word(t, *bad, t->fsz, &funcoff))
		return NULL;
	/* _func starts with the entry: uint32 in 1.18+, uintptr before. */
	*bad = t->funcdata + funcoff; /* wraps harmlessly: message only */
	if (t->funcdata >= t->size || funcoff >= t->size - t->funcdata)
		return NULL;
	fn = t->funcdata + funcoff;
	*bad = fn;
	if (!tab_get(t, fn + (t->ver >= VER118 ? 4 : t->ptrsz), b, 4))
		return NULL;
	nameoff = (int32_t)goelf_get_u32(b, t->e);
	*bad = t->nametab + (uint64_t)(uint32_t)nameoff;
	if (nameoff < 0 || t->nametab >= t->size ||
	    (uint64_t)nameoff >= t->size - t->nametab)
		return NULL;
	at = t->nametab + (uint64_t)nameoff;
	*bad = at;
	left = t->size - at;
	w = win_of(t, at, 1);
	if (w) {
		left = w->len - (at - w->start);
		max = left < GOELF_MAX_STRING ? left : GOELF_MAX_STRING;
		nul = memchr(w->p + (at - w->start), '\0', (size_t)max);
		return nul ? (const char *)w->p + (at - w->start) : NULL;
	}
	max = left < NAME_PEEK - 1 ? left : NAME_PEEK - 1;
	if (!tab_get(t, at, tmp, (size_t)max))
		return NULL;
	tmp[max] = '\0';
	return memchr(tmp, '\0', (size_t)max) ? tmp : NULL;
}

static bool
printable(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s == 0x7f)
			return false;
	return true;
}

#define BAD(...)                                                               \
	do {                                                                   \
		snprintf(t->why, sizeof(t->why), __VA_ARGS__);                 \
		return false;                                                  \
	} while (0)

/*
 * Decodes and checks the header of the candidate at t->off in byte order
 * t->e (the other one too when swap).  "Valid" is what every reader
 * checks (zero pad, quantum, pointer size), plus: offsets inside the
 * table, a function table that fits, and a first function whose name is
 * a printable C string.  Random bytes that look like a magic rarely pass
 * all of it.
 */
static bool
parse_header(struct pcln *t, bool swap)
{
	const unsigned class_ptr = (unsigned)t->ld->facts->elf_class / 8;
	uint8_t h[8 + 8 * 8];
	uint64_t w[8], left;
	unsigned nw;
	char tmp[NAME_PEEK];
	const char *name;

	if (!tab_get(t, 0, h, 8))
		BAD("table shorter than its 8-byte header");
	t->magic = goelf_get_u32(h, t->e);
	if (!magic_ver(t->magic, &t->ver) && swap) {
		t->e = t->e == GOELF_LITTLE ? GOELF_BIG : GOELF_LITTLE;
		t->magic = goelf_get_u32(h, t->e);
	}
	if (!magic_ver(t->magic, &t->ver))
		BAD("unknown magic %#x",
		    goelf_get_u32(h, t->ld->facts->endian));
	t->quantum = h[6];
	t->ptrsz = h[7];
	if (h[4] || h[5])
		BAD("header padding is %#x %#x, not zero", h[4], h[5]);
	if (t->quantum != 1 && t->quantum != 2 && t->quantum != 4)
		BAD("quantum %u is not 1, 2 or 4", t->quantum);
	if (t->ptrsz != class_ptr)
		BAD("pointer size %u does not match ELFCLASS%d", t->ptrsz,
		    t->ld->facts->elf_class);
	nw = t->ver >= VER118 ? 8 : t->ver == VER116 ? 7 : 1;
	if (!tab_get(t, 0, h, 8 + nw * t->ptrsz))
		BAD("header (%u bytes) runs past the table end %#llx",
		    8 + nw * t->ptrsz, (unsigned long long)t->size);
	for (unsigned i = 0; i < nw; i++)
		w[i] = t->ptrsz == 4 ? goelf_get_u32(h + 8 + 4 * i, t->e)
				     : goelf_get_u64(h + 8 + 8 * i, t->e);
	t->nfunc = w[0];
	if (t->nfunc == 0)
		BAD("nfunc is 0");
	/* Words 1.. are nfiles, (textStart), then table offsets. */
	for (unsigned i = t->ver >= VER118 ? 3 : 2; i < nw; i++)
		if (w[i] >= t->size)
			BAD("header word %u (%#llx) beyond the table size "
			    "%#llx",
			    i, (unsigned long long)w[i],
			    (unsigned long long)t->size);
	if (t->ver >= VER118) {
		t->nametab = w[3];
		t->nameend = w[4];
		t->funcdata = t->functab = w[7];
		t->fsz = 4;
	} else if (t->ver == VER116) {
		t->nametab = w[2];
		t->nameend = w[3];
		t->funcdata = t->functab = w[6];
		t->fsz = t->ptrsz;
	} else {
		t->nametab = t->funcdata = 0;
		t->functab = 8 + t->ptrsz;
		t->fsz = t->ptrsz;
	}
	/* (nfunc * 2 + 1) fields: the last one is the end PC. */
	left = t->size - t->functab;
	if (left < t->fsz || t->nfunc > (left - t->fsz) / (2 * t->fsz))
		BAD("nfunc %llu: function table at %#llx does not fit in "
		    "%#llx bytes",
		    (unsigned long long)t->nfunc,
		    (unsigned long long)t->functab,
		    (unsigned long long)t->size);
	name = func_name(t, 0, tmp, &left);
	if (!name || !printable(name))
		BAD("first function name (near table offset %#llx) is not a "
		    "printable C string",
		    (unsigned long long)left);
	return true;
}

#undef BAD

/* Reads names and entry offsets, stopping at the first inconsistency. */
static void
read_funcs(struct pcln *t)
{
	struct goelf_gofacts *g = &t->ld->facts->go;
	uint64_t n = t->nfunc, base = 0, v, bad, bytes = 0;
	const char *name;
	char tmp[NAME_PEEK];

	if (n > GOELF_MAX_FUNCS) {
		goelf_limit(t->ld->facts, "pclntab",
			    "%llu functions, only the first %u read",
			    (unsigned long long)n, GOELF_MAX_FUNCS);
		g->funcs_truncated = true;
		n = GOELF_MAX_FUNCS;
	}
	/* Before 1.18 the table holds absolute PCs; keep them relative to
	 * the first function like the 1.18+ entryoff. */
	if (t->ver < VER118 && tab_word(t, t->functab, t->fsz, &v))
		base = v;
	if (tab_word(t, t->functab + 2 * t->nfunc * t->fsz, t->fsz, &v))
		g->func_end = v >= base ? v - base : 0;
	g->func_entry = goelf_xcalloc((size_t)n, sizeof(*g->func_entry));
	if (g->funcs_buf) /* borrowed names: one array, no copy each */
		g->funcs.v = goelf_xcalloc((size_t)n + 1, sizeof(*g->funcs.v));
	for (uint64_t i = 0; i < n; i++) {
		size_t len;

		/* Fits by parse_header, unless the read was capped. */
		bad = t->functab + 2 * i * t->fsz;
		name = NULL;
		if (tab_word(t, bad, t->fsz, &v) && v >= base)
			name = func_name(t, i, tmp, &bad);
		if (!name) {
			goelf_issue(t->ld->facts, "pclntab",
				    "function %llu: bad entry or name at "
				    "offset %#llx (table at file offset "
				    "%#llx); %zu names kept",
				    (unsigned long long)i,
				    (unsigned long long)(t->off + bad),
				    (unsigned long long)t->off, g->funcs.n);
			break;
		}
		len = strlen(name) + 1;
		if (len > GOELF_MAX_FUNCNAME_BYTES - bytes) {
			goelf_limit(t->ld->facts, "pclntab",
				    "function names exceed %u bytes; %zu kept",
				    GOELF_MAX_FUNCNAME_BYTES, g->funcs.n);
			g->funcs_truncated = true;
			break;
		}
		bytes += len;
		g->func_entry[g->funcs.n] = v - base;
		if (!g->funcs_buf) {
			goelf_strlist_add(&g->funcs, name);
			continue;
		}
		/* Into the kept name table, or a copy when it lies outside
		 * (only a hostile table points there). */
		if (!win_of(t, t->nametab, 1) ||
		    (const uint8_t *)name < t->win[0].p ||
		    (const uint8_t *)name >= t->win[0].p + t->win[0].len) {
			goelf_strlist_add(&g->funcs_extra, name);
			name = g->funcs_extra.v[g->funcs_extra.n - 1];
		}
		g->funcs.v[g->funcs.n++] = (char *)name;
	}
	if (!g->funcs.n) {
		free(g->func_entry);
		g->func_entry = NULL;
	}
}

/* scan_names() on [pos, end) of the table held by window w: the same
 * names, counts and bits as through the pread window (a name longer than
 * NAME_CARRY is whole here, but no exact pattern is that long). */
static void
scan_mem(const struct goelf_fnset *set, const struct pcln_win *w, uint64_t pos,
	 uint64_t end, struct goelf_gofacts *g)
{
	const uint8_t *p = w->p + (pos - w->start), *e = p + (end - pos);
	const uint8_t *nul;

	while (p < e && (nul = memchr(p, '\0', (size_t)(e - p)))) {
		size_t len = (size_t)(nul - p);

		if (len) {
			g->fn_bits |= goelf_fnset_match(set, (const char *)p,
							len, true);
			g->nnames++;
		}
		p = nul + 1;
	}
	if (p < e && (size_t)(e - p) > NAME_CARRY) {
		g->fn_bits |= goelf_fnset_match(set, (const char *)p,
						NAME_CARRY, false);
		g->nnames++;
	}
}

/* The names of [nametab, nameend) for the fn_patterns, bounded windows. */
static void
scan_names(struct pcln *t)
{
	struct goelf_facts *f = t->ld->facts;
	struct goelf_gofacts *g = &f->go;
	struct goelf_fnset set;
	uint64_t pos = t->nametab, end = t->nameend;
	size_t have = 0; /* bytes of an unfinished name at buf[0] */
	bool skip = false, ok = true;
	uint8_t *buf;

	if (end - pos > GOELF_MAX_FUNCNAME_BYTES) {
		goelf_limit(f, "pclntab",
			    "function name table is %#llx bytes; only the "
			    "first %u scanned",
			    (unsigned long long)(end - pos),
			    GOELF_MAX_FUNCNAME_BYTES);
		end = pos + GOELF_MAX_FUNCNAME_BYTES;
		ok = false;
	}
	goelf_fnset_init(&set, t->ld->opts.fn_patterns,
			 t->ld->opts.nfn_patterns);
	if (win_of(t, pos, end - pos)) { /* in memory already (sizes) */
		scan_mem(&set, win_of(t, pos, end - pos), pos, end, g);
		g->names_scanned = ok;
		return;
	}
	buf = goelf_xmalloc(NAME_WINDOW + NAME_CARRY);
	while (pos < end) {
		size_t n = end - pos < NAME_WINDOW ? (size_t)(end - pos)
						   : NAME_WINDOW,
		       i = 0;
		const uint8_t *nul;

		if (!tab_get(t, pos, buf + have, n)) {
			goelf_issue(f, "pclntab",
				    "function name table unreadable at file "
				    "offset %#llx",
				    (unsigned long long)(t->off + pos));
			ok = false;
			break;
		}
		pos += n;
		n += have;
		if (skip) { /* the rest of a name longer than NAME_CARRY */
			nul = memchr(buf, '\0', n);
			if (!nul) {
				have = 0;
				continue;
			}
			i = (size_t)(nul - buf) + 1;
			skip = false;
		}
		while (i < n && (nul = memchr(buf + i, '\0', n - i))) {
			size_t len = (size_t)(nul - (buf + i));

			if (len) {
				g->fn_bits |= goelf_fnset_match(
					&set, (const char *)buf + i, len, true);
				g->nnames++;
			}
			i += len + 1;
		}
		have = n - i;
		if (have > NAME_CARRY) {
			g->fn_bits |= goelf_fnset_match(
				&set, (const char *)buf + i, have, false);
			g->nnames++;
			skip = true;
			have = 0;
		} else if (have) {
			memmove(buf, buf + i, have);
		}
	}
	free(buf);
	g->names_scanned = ok;
}

/* Reads [start, start+len) of the table into window w. */
static bool
read_win(struct pcln *t, struct pcln_win *w, uint64_t start, uint64_t len)
{
	uint8_t *p;

	if (len > PCLN_MAX_READ) {
		goelf_limit(t->ld->facts, "pclntab",
			    "part at table offset %#llx is %#llx bytes; only "
			    "the first %u read",
			    (unsigned long long)start, (unsigned long long)len,
			    PCLN_MAX_READ);
		len = PCLN_MAX_READ;
	}
	p = goelf_src_read(&t->ld->src, t->off + start, len, PCLN_MAX_READ);
	if (!p) {
		goelf_issue(t->ld->facts, "pclntab",
			    "table at offset %#llx unreadable",
			    (unsigned long long)t->off);
		return false;
	}
	w->start = start;
	w->len = len;
	w->p = p;
	return true;
}

/*
 * Takes the validated table t: copies the header facts, scans the name
 * table, and reads the function records when asked or when the names are
 * among them (before 1.16): then the name table and [functab, end) are
 * the windows, or the whole table before 1.16.
 */
static void
accept(struct pcln *t, const char *where)
{
	struct goelf_facts *f = t->ld->facts;
	bool split = t->ver >= VER116 && t->nameend > t->nametab &&
		     t->nameend <= t->size;

	f->go.has_pclntab = true;
	f->go.pclntab_magic = t->magic;
	f->go.pclntab_where = where;
	f->go.pclntab_offset = t->off;
	f->go.pclntab_size = t->size;
	f->go.pclntab_ptrsize = (uint8_t)t->ptrsz;
	f->go.pclntab_quantum = t->quantum;
	f->go.nfunc = t->nfunc;
	if (t->ver >= VER116 && !split)
		goelf_issue(f, "pclntab",
			    "function name table [%#llx, %#llx) is not inside "
			    "the table",
			    (unsigned long long)t->nametab,
			    (unsigned long long)t->nameend);
	if (split && !t->ld->opts.funcs) {
		scan_names(t);
		return;
	}
	if (split ? read_win(t, &t->win[0], t->nametab, t->nameend - t->nametab)
		  : read_win(t, &t->win[0], 0, t->size)) {
		struct pcln_cache c = { .lo = t->functab };

		if (!split)
			t->size = t->win[0].len;
		/* The names stay in the name table window, which the facts
		 * keep (the function names point into it); the records
		 * [functab, end) go through two small windows. */
		if (split) {
			f->go.funcs_buf = (uint8_t *)t->win[0].p;
			c.buf[0] = goelf_xmalloc(CACHE_WIN);
			c.buf[1] = goelf_xmalloc(CACHE_WIN);
			t->cache = &c;
		}
		read_funcs(t);
		t->cache = NULL;
		free(c.buf[0]);
		free(c.buf[1]);
	}
	if (split)
		scan_names(t);		/* from the window when it was read */
	if (split && f->go.funcs_buf) { /* kept by the facts */
		t->win[0].p = NULL;
		t->win[0].len = 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(t->win); i++) {
		free((void *)t->win[i].p);
		t->win[i].p = NULL;
		t->win[i].len = 0;
	}
}

static bool
try_at(struct goelf_ld *ld, struct pcln *t, uint64_t off, uint64_t size,
       enum goelf_endian e, bool swap)
{
	memset(t, 0, sizeof(*t));
	t->ld = ld;
	t->off = off;
	t->size = size;
	t->e = e;
	return parse_header(t, swap);
}

static bool
is_marker(const uint8_t *p, enum goelf_endian *e)
{
	enum pcln_ver v;

	if (p[4] || p[5])
		return false;
	if (magic_ver(goelf_get_u32(p, GOELF_LITTLE), &v)) {
		*e = GOELF_LITTLE;
		return true;
	}
	if (magic_ver(goelf_get_u32(p, GOELF_BIG), &v)) {
		*e = GOELF_BIG;
		return true;
	}
	return false;
}

struct magic_scan {
	struct goelf_ld *ld;
	struct pcln *t;
	uint64_t end; /* end of the region: a hit's table runs to it */
};

static bool
magic_chunk(void *ctx, const uint8_t *buf, size_t n, size_t step, uint64_t at)
{
	struct magic_scan *m = ctx;

	/* 4-byte aligned file offsets; chunks are multiples of 4. */
	for (size_t i = (4 - (at & 3)) & 3; i + 6 <= n && i < step; i += 4) {
		enum goelf_endian e;

		if (buf[i + 1] != 0xff || buf[i + 2] != 0xff ||
		    !is_marker(buf + i, &e))
			continue;
		if (try_at(m->ld, m->t, at + i, m->end - (at + i), e, false))
			return true;
	}
	return false;
}

/*
 * Looks for a valid header at 4-byte aligned offsets in [off, off+size)
 * (the linker aligns runtime.pcheader to 32 in practice), spending at
 * most *budget bytes.  A hit's table runs to the end of the region.
 */
static bool
scan_region(struct goelf_ld *ld, uint64_t off, uint64_t size, uint64_t *budget,
	    struct pcln *t)
{
	struct magic_scan m = { ld, t, off + size };

	if (!goelf_in_range(off, size, ld->facts->file_size))
		return false;
	return goelf_src_scan(&ld->src, off, size, SCAN_OVERLAP, budget,
			      magic_chunk, &m);
}

/* Tier 4 of reference 3.4: a validated magic scan. */
/*
 * Worth a wide magic scan: other Go evidence, or no section headers to
 * tell.  .data.rel.ro (where GNU ld merges an external-link PIE's table)
 * is small and always scanned; .rodata and the segments of a C binary
 * (section headers, no Go note, section or build info) are not, so
 * scanning a whole /usr stays cheap.
 */
static bool
maybe_go(const struct goelf_facts *f)
{
	static const char *const go_sections[] = {
		".go.buildinfo", ".gosymtab",  ".typelink",
		".itablink",	 ".go.module", ".noptrdata",
	};

	if (!f->has_shdrs || f->go_build_id || f->go.has_buildinfo ||
	    goelf_strlist_has(&f->markers, "runtime.main"))
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(go_sections); i++)
		if (goelf_find_section(f, go_sections[i]))
			return true;
	return false;
}

static bool
scan(struct goelf_ld *ld, struct pcln *t)
{
	static const char *const names[] = { ".data.rel.ro", ".rodata" };
	struct goelf_facts *f = ld->facts;
	uint64_t budget = GOELF_MAX_SCAN;
	bool any = false, wide = maybe_go(f);

	for (size_t i = 0; f->has_shdrs && i < ARRAY_SIZE(names); i++) {
		const struct goelf_section *s = goelf_find_section(f, names[i]);

		if (!s || !s->in_file || (i > 0 && !wide))
			continue;
		any = true;
		if (scan_region(ld, s->offset, s->size, &budget, t))
			return true;
	}
	if (any && !budget)
		goelf_limit(f, "pclntab", "magic scan stopped after %u bytes",
			    GOELF_MAX_SCAN);
	if (any || !wide)
		return false;
	/* No section headers (or neither section): every PT_LOAD that is
	 * not code; RELRO data is writable, so PF_W is allowed. */
	for (size_t i = 0; i < f->nsegments; i++) {
		const struct goelf_segment *s = &f->segments[i];

		if (s->type == PT_LOAD && !(s->flags & PF_X) &&
		    scan_region(ld, s->offset, s->filesz, &budget, t))
			return true;
	}
	if (!budget)
		goelf_limit(f, "pclntab", "magic scan stopped after %u bytes",
			    GOELF_MAX_SCAN);
	return false;
}

void
goelf_load_pclntab(struct goelf_ld *ld)
{
	static const char *const names[] = { ".gopclntab",
					     ".data.rel.ro.gopclntab" };
	struct goelf_facts *f = ld->facts;
	struct pcln t;

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		const struct goelf_section *s = goelf_find_section(f, names[i]);

		if (!s)
			continue;
		if (!s->in_file && f->debug_only)
			return; /* a debug-info file keeps only the header */
		if (!s->in_file) {
			goelf_issue(f, "pclntab",
				    "section %s has no bytes in the file",
				    names[i]);
			continue;
		}
		if (try_at(ld, &t, s->offset, s->size, f->endian, true)) {
			accept(&t, names[i]);
			return;
		}
		goelf_issue(f, "pclntab", "section %s at offset %#llx: %s",
			    names[i], (unsigned long long)s->offset, t.why);
		/* A named section that does not parse is the answer: the
		 * scan would only find the same bytes again. */
		return;
	}
	if (scan(ld, &t))
		accept(&t, "scan");
}
