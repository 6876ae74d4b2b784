/*
 * image/ldcache.c - /etc/ld.so.cache read as ld.so reads it.
 *
 * The primary source is glibc 2.36 (tag glibc-2.36):
 * sysdeps/generic/dl-cache.h (the layouts, cache_extension_load,
 * cache_file_new_matches_endian, dl_cache_hwcap_extension),
 * elf/dl-cache.c (_dl_load_cache_lookup: which of the three layouts is
 * used; search_cache: the lookup; _dl_cache_libcmp; the glibc-hwcaps
 * priorities), elf/cache.c (save_cache: where ldconfig puts what;
 * compare: the sort order; print_cache: what `ldconfig -p` shows),
 * sysdeps/generic/ldconfig.h (the flag values), the per-architecture
 * sysdeps/unix/sysv/linux/<arch>/dl-cache.h (_DL_CACHE_DEFAULT_ID,
 * _dl_cache_check_flags), sysdeps/x86/dl-isa-level.h,
 * sysdeps/x86_64/dl-hwcaps-subdirs.c and
 * sysdeps/unix/sysv/linux/x86/elf-read-prop.h (the ISA level stored is
 * the bit index of GNU_PROPERTY_X86_ISA_1_NEEDED: 0 baseline .. 3 v4).
 *
 * Where this differs from ld.so, on purpose:
 * - string offsets are checked against the end of the file and need a
 *   NUL before it (ld.so checks key/value < the file size only, relative
 *   to the new header even in the compat layout, and then reads with
 *   strlen); an entry that fails is kept with key or value NULL;
 * - the compat layout's new part must hold its nlibs entries (ld.so
 *   does not check that there); the entries that fit are used;
 * - len_strings, which ld.so never reads, is checked and a mismatch is
 *   only a problem;
 * - a cache with no endianness mark (new header flags 0, or the old
 *   format) is read in host order, or in the other order when only that
 *   makes nlibs fit the file; ld.so reads it in its own order and
 *   ignores it when nlibs does not fit (goelf_ldcache_matches_endian);
 * - legacy hwcap bits: the CPU is assumed to match none of them (and no
 *   platform), so an entry with any legacy bit but bit 63 (TLS) is
 *   skipped, as on an ld.so whose dl_hwcap & hwcap_mask is 0;
 * - glibc-hwcaps priorities are modelled for x86-64 only (x86-64-v4,
 *   -v3, -v2, best first, each active when isa_level reaches it);
 *   GLIBC_HWCAPS_PREPEND is not; other architectures' extension
 *   entries are never chosen.
 *
 * Fuzz seed idea (not built): tests/fuzz/fuzz_ldcache.c feeding bytes
 * to goelf_ldcache_parse and then goelf_ldcache_lookup for every key
 * found, seeded with this machine's /etc/ld.so.cache and the buffers
 * test_ldcache.c builds (old, compat, big-endian, hwcaps).
 */
#include "image/image.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OLD_MAGIC     "ld.so-1.7.0"
#define NEW_MAGIC     "glibc-ld.so.cache1.1"
#define OLD_HDR	      16u /* magic[11], pad, u32 nlibs */
#define OLD_ENT	      12u /* i32 flags, u32 key, value */
#define NEW_HDR	      48u
#define NEW_ENT	      24u /* + u32 osversion, u64 hwcap */
#define EXT_MAGIC     0xeaa42174u
#define EXT_HDR	      8u
#define EXT_SEC	      16u
#define TAG_GENERATOR 0u
#define TAG_HWCAPS    1u
#define HWCAP_TLS     (1ull << 63)
#define ISA_MASK      ((1u << 10) - 1)

static enum goelf_endian
host_endian(void)
{
	const uint16_t one = 1;

	return *(const uint8_t *)&one ? GOELF_LITTLE : GOELF_BIG;
}

static enum goelf_endian
other_endian(enum goelf_endian e)
{
	return e == GOELF_LITTLE ? GOELF_BIG : GOELF_LITTLE;
}

static void problem(struct goelf_ldcache *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
problem(struct goelf_ldcache *c, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	c->nproblems++;
	if (c->problems.n >= GOELF_IMAGE_MAX_LDCACHE_PROBLEMS)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	goelf_strlist_add(&c->problems, line);
}

/* Does a table of width-byte entries at off hold nlibs of them? The
 * check of _dl_load_cache_lookup: (size - off) / width >= nlibs. */
static bool
fits(size_t n, size_t off, size_t width, uint32_t nlibs)
{
	return off <= n && (n - off) / width >= nlibs;
}

/* The count at p in the order known, or (no mark) the order in which
 * it fits; *e is set to the order used. */
static uint32_t
count_guess(struct goelf_ldcache *c, const uint8_t *p, size_t off, size_t width)
{
	uint32_t v = goelf_get_u32(p, c->endian);
	uint32_t w = goelf_get_u32(p, other_endian(c->endian));
	bool fv = fits(c->size, off, width, v);
	bool fw = fits(c->size, off, width, w);

	c->endian_either = fv && fw;
	if (!fv && fw) {
		c->endian = other_endian(c->endian);
		return w;
	}
	return v;
}

/* The entries at table (count nlibs, each width bytes; table <= size)
 * with string offsets relative to base (<= size). */
static void
read_entries(struct goelf_ldcache *c, size_t table, uint32_t nlibs,
	     size_t width, size_t base)
{
	size_t n = nlibs, bad = 0, avail = c->size - table;

	if (avail / width < n) { /* only the compat new part can get here */
		problem(c, "ld.so.cache: %u entries at byte %#zx, room for %zu",
			nlibs, table, avail / width);
		n = avail / width;
	}
	if (n > GOELF_IMAGE_MAX_LDCACHE_ENTRIES) {
		c->limit_reached = true;
		problem(c, "ld.so.cache: %zu entries, %u read (limit)", n,
			GOELF_IMAGE_MAX_LDCACHE_ENTRIES);
		n = GOELF_IMAGE_MAX_LDCACHE_ENTRIES;
	}
	c->entries = n ? goelf_xcalloc(n, sizeof(*c->entries)) : NULL;
	c->nentries = n;
	for (size_t i = 0; i < n; i++) {
		const uint8_t *q = c->data + table + i * width;
		struct goelf_ldcache_entry *en = &c->entries[i];

		en->flags = (int32_t)goelf_get_u32(q, c->endian);
		en->key_off = goelf_get_u32(q + 4, c->endian);
		en->value_off = goelf_get_u32(q + 8, c->endian);
		if (width == NEW_ENT)
			en->hwcap = goelf_get_u64(q + 16, c->endian);
		en->key = goelf_strtab_get(c->data + base, c->size - base,
					   en->key_off);
		en->value = goelf_strtab_get(c->data + base, c->size - base,
					     en->value_off);
		if ((!en->key || !en->value) && bad++ < 4)
			problem(c,
				"ld.so.cache: entry %zu at byte %#zx: %s "
				"offset %#x out of the string table",
				i, table + i * width, en->key ? "value" : "key",
				en->key ? en->value_off : en->key_off);
	}
	if (bad > 4)
		problem(c, "ld.so.cache: %zu entries with bad string offsets",
			bad);
}

/* cache_extension_load and cache_extension_verify: offsets are from the
 * start of the file; any bad section drops the whole directory. */
static void
read_extensions(struct goelf_ldcache *c, uint32_t ext)
{
	const uint8_t *d = c->data;
	uint32_t magic, count;
	uint64_t sec[2][2] = { { 0, 0 }, { 0, 0 } }; /* tag: off, size */
	bool have[2] = { false, false };

	if (ext == 0)
		return;
	if (ext % 4 || !goelf_in_range(ext, EXT_HDR, c->size)) {
		problem(c,
			"ld.so.cache: extension directory at byte %#x "
			"misaligned or past the end",
			ext);
		return;
	}
	magic = goelf_get_u32(d + ext, c->endian);
	count = goelf_get_u32(d + ext + 4, c->endian);
	if (magic != EXT_MAGIC) {
		problem(c,
			"ld.so.cache: extension directory at byte %#x: "
			"bad magic %#x",
			ext, magic);
		return;
	}
	if ((c->size - ext - EXT_HDR) / EXT_SEC < count) {
		problem(c,
			"ld.so.cache: extension directory at byte %#x: "
			"%u sections past the end",
			ext, count);
		return;
	}
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *s = d + ext + EXT_HDR + (size_t)i * EXT_SEC;
		uint32_t tag = goelf_get_u32(s, c->endian);
		uint32_t off = goelf_get_u32(s + 8, c->endian);
		uint32_t size = goelf_get_u32(s + 12, c->endian);

		if (!goelf_in_range(off, size, c->size)) {
			problem(c,
				"ld.so.cache: extension section %u: "
				"%#x bytes at %#x past the end",
				i, size, off);
			return;
		}
		if (tag > TAG_HWCAPS)
			continue;
		sec[tag][0] = off;
		sec[tag][1] = size;
		have[tag] = true;
	}
	if (have[TAG_GENERATOR]) {
		size_t len = (size_t)sec[0][1];
		const uint8_t *g = d + sec[0][0];
		const uint8_t *nul = memchr(g, '\0', len);

		if (nul)
			len = (size_t)(nul - g);
		if (len > GOELF_IMAGE_MAX_LDCACHE_GENERATOR)
			len = GOELF_IMAGE_MAX_LDCACHE_GENERATOR;
		c->generator = goelf_xstrndup((const char *)g, len);
	}
	if (have[TAG_HWCAPS]) {
		size_t off = (size_t)sec[1][0], size = (size_t)sec[1][1];
		size_t k = size / 4;

		if (size == 0 || off % 4 || size % 4) {
			problem(c,
				"ld.so.cache: glibc-hwcaps section at "
				"byte %#zx: bad size or alignment",
				off);
			return;
		}
		if (k > GOELF_IMAGE_MAX_LDCACHE_HWCAPS) {
			c->limit_reached = true;
			problem(c,
				"ld.so.cache: %zu glibc-hwcaps names, %u "
				"read (limit)",
				k, GOELF_IMAGE_MAX_LDCACHE_HWCAPS);
			k = GOELF_IMAGE_MAX_LDCACHE_HWCAPS;
		}
		c->hwcaps = goelf_xcalloc(k, sizeof(*c->hwcaps));
		c->nhwcaps = k;
		for (size_t i = 0; i < k; i++) {
			uint32_t so = goelf_get_u32(d + off + 4 * i, c->endian);

			c->hwcaps[i] = goelf_strtab_get(d, c->size, so);
			if (!c->hwcaps[i])
				problem(c,
					"ld.so.cache: glibc-hwcaps name %zu "
					"offset %#x out of the file",
					i, so);
		}
	}
}

/* The new header at off: endianness, count, entries, extensions.  -1
 * when ld.so would ignore the file. */
static int
read_new(struct goelf_ldcache *c, size_t off, struct goelf_buf *err)
{
	const uint8_t *h = c->data + off;
	uint8_t flags = h[28];
	uint32_t nlibs, len_strings, ext;
	size_t table = off + NEW_HDR;
	uint64_t end;

	if (flags == 0) {
		c->endian = host_endian();
		nlibs = count_guess(c, h + 20, table, NEW_ENT);
	} else if ((flags & 3) == 2 || (flags & 3) == 3) {
		c->endian_known = true;
		c->endian_either = false;
		c->endian = (flags & 3) == 2 ? GOELF_LITTLE : GOELF_BIG;
		nlibs = goelf_get_u32(h + 20, c->endian);
	} else {
		goelf_buf_addf(err,
			       "ld.so.cache: endianness flags %#x at byte "
			       "%#zx (%s): ld.so ignores the file",
			       flags, off + 28,
			       (flags & 3) == 1 ? "marked invalid" : "not 2/3");
		return -1;
	}
	/* The new-only layout must hold nlibs entries; the compat one is
	 * not checked by ld.so (read_entries keeps those that fit). */
	if (off == 0 && !fits(c->size, table, NEW_ENT, nlibs)) {
		goelf_buf_addf(err,
			       "ld.so.cache: %u entries do not fit in %zu "
			       "bytes: ld.so ignores the file",
			       nlibs, c->size);
		return -1;
	}
	len_strings = goelf_get_u32(h + 24, c->endian);
	ext = goelf_get_u32(h + 32, c->endian);
	c->nlibs = nlibs;
	c->is_new = true;
	if (table > c->size) /* compat: ld.so does not check this */
		table = c->size;
	read_entries(c, table, nlibs, NEW_ENT, off);
	end = table + (uint64_t)nlibs * NEW_ENT;
	if (!goelf_in_range(end, len_strings, c->size))
		problem(c,
			"ld.so.cache: string table of %u bytes at byte %#zx "
			"runs past the end (%zu)",
			len_strings, (size_t)end, c->size);
	read_extensions(c, ext);
	return 0;
}

static int
refuse(struct goelf_ldcache *c, struct goelf_buf *err, const char *why)
{
	goelf_buf_addf(err, "ld.so.cache: %s: ld.so ignores the file", why);
	goelf_ldcache_release(c);
	return -1;
}

int
goelf_ldcache_parse(const uint8_t *p, size_t n, struct goelf_ldcache *c,
		    struct goelf_buf *err)
{
	memset(c, 0, sizeof(*c));
	if (!p)
		n = 0;
	if (n > GOELF_IMAGE_MAX_LDCACHE_BYTES) {
		c->limit_reached = true;
		goelf_buf_addf(err,
			       "ld.so.cache: %zu bytes, over the limit of %u",
			       n, GOELF_IMAGE_MAX_LDCACHE_BYTES);
		return -1;
	}
	/* _dl_load_cache_lookup: the new magic with room for more than the
	 * header, else the old magic, else ignored. */
	if (n > NEW_HDR && !memcmp(p, NEW_MAGIC, strlen(NEW_MAGIC))) {
		c->data = goelf_xmalloc(n);
		memcpy(c->data, p, n);
		c->size = n;
		c->format = GOELF_LDCACHE_NEW;
		if (read_new(c, 0, err) < 0) {
			goelf_ldcache_release(c);
			return -1;
		}
		return 0;
	}
	if (n > OLD_HDR && !memcmp(p, OLD_MAGIC, strlen(OLD_MAGIC))) {
		uint32_t nlibs;
		size_t off;

		c->data = goelf_xmalloc(n);
		memcpy(c->data, p, n);
		c->size = n;
		c->endian = host_endian();
		nlibs = count_guess(c, p + 12, OLD_HDR, OLD_ENT);
		if (!fits(n, OLD_HDR, OLD_ENT, nlibs))
			return refuse(c, err, "old-format entries do not fit");
		/* ALIGN_CACHE: 8, the alignment of struct cache_file_new */
		off = (OLD_HDR + (size_t)nlibs * OLD_ENT + 7) & ~(size_t)7;
		if (n >= off && NEW_HDR <= n - off &&
		    !memcmp(p + off, NEW_MAGIC, strlen(NEW_MAGIC))) {
			c->format = GOELF_LDCACHE_COMPAT;
			if (read_new(c, off, err) < 0) {
				goelf_ldcache_release(c);
				return -1;
			}
			return 0;
		}
		c->format = GOELF_LDCACHE_OLD;
		c->nlibs = nlibs;
		off = OLD_HDR + (size_t)nlibs * OLD_ENT;
		read_entries(c, OLD_HDR, nlibs, OLD_ENT, off);
		return 0;
	}
	if (n <= NEW_HDR && n >= strlen(NEW_MAGIC) &&
	    !memcmp(p, NEW_MAGIC, strlen(NEW_MAGIC)))
		return refuse(c, err, "truncated header");
	if (n <= OLD_HDR && n >= strlen(OLD_MAGIC) &&
	    !memcmp(p, OLD_MAGIC, strlen(OLD_MAGIC)))
		return refuse(c, err, "truncated header");
	return refuse(c, err, "bad magic");
}

void
goelf_ldcache_release(struct goelf_ldcache *c)
{
	free(c->data);
	free(c->entries);
	free(c->generator);
	free(c->hwcaps);
	goelf_strlist_release(&c->problems);
	memset(c, 0, sizeof(*c));
}

bool
goelf_ldcache_matches_endian(const struct goelf_ldcache *c, enum goelf_endian e)
{
	return c->endian == e || (!c->endian_known && c->endian_either);
}

int
goelf_ldcache_libcmp(const char *p1, const char *p2)
{
	while (*p1 != '\0') {
		if (*p1 >= '0' && *p1 <= '9') {
			if (*p2 >= '0' && *p2 <= '9') {
				/* glibc uses int and may overflow; a wide
				 * unsigned keeps it defined */
				unsigned long long v1 = (unsigned)(*p1++ - '0');
				unsigned long long v2 = (unsigned)(*p2++ - '0');

				while (*p1 >= '0' && *p1 <= '9')
					v1 = v1 * 10 + (unsigned)(*p1++ - '0');
				while (*p2 >= '0' && *p2 <= '9')
					v2 = v2 * 10 + (unsigned)(*p2++ - '0');
				if (v1 != v2)
					return v1 < v2 ? -1 : 1;
			} else {
				return 1;
			}
		} else if (*p2 >= '0' && *p2 <= '9') {
			return -1;
		} else if (*p1 != *p2) {
			return *p1 - *p2; /* plain char, as glibc */
		} else {
			++p1;
			++p2;
		}
	}
	return *p1 - *p2;
}

bool
goelf_ldcache_flags_match(uint32_t want, int32_t flags)
{
	uint32_t f = (uint32_t)flags;

	if (!want)
		return false;
	if (want == GOELF_LDCACHE_FLAG_ELF_LIBC6) /* the generic check */
		return f == GOELF_LDCACHE_FLAG_ELF || f == want;
	if (want == (GOELF_LDCACHE_FLAG_ARM_LIBHF | 3) ||
	    want == (GOELF_LDCACHE_FLAG_ARM_LIBSF | 3))
		return f == want || f == GOELF_LDCACHE_FLAG_ELF_LIBC6;
	return f == want;
}

uint32_t
goelf_ldcache_flags_for(unsigned e_machine, unsigned ei_class, uint32_t e_flags)
{
	const bool is64 = ei_class == 2;

	switch (e_machine) {
	case 62: /* EM_X86_64: x86_64/dl-cache.h, x32/dl-cache.h */
		return (is64 ? GOELF_LDCACHE_FLAG_X8664_LIB64
			     : GOELF_LDCACHE_FLAG_X8664_LIBX32) |
		       3;
	case 183: /* EM_AARCH64 (ILP32 is not in 2.36's ldconfig.h) */
		return is64 ? GOELF_LDCACHE_FLAG_AARCH64_LIB64 | 3 : 0;
	case 40: /* EM_ARM: EF_ARM_ABI_FLOAT_HARD 0x400 */
		return ((e_flags & 0x400) ? GOELF_LDCACHE_FLAG_ARM_LIBHF
					  : GOELF_LDCACHE_FLAG_ARM_LIBSF) |
		       3;
	case 21: /* EM_PPC64 */
		return is64 ? GOELF_LDCACHE_FLAG_POWERPC_LIB64 | 3 : 0;
	case 22: /* EM_S390 */
		return is64 ? GOELF_LDCACHE_FLAG_S390_LIB64 | 3 : 3;
	case 43: /* EM_SPARCV9 */ return GOELF_LDCACHE_FLAG_SPARC_LIB64 | 3;
	case 50: /* EM_IA_64 */ return GOELF_LDCACHE_FLAG_IA64_LIB64 | 3;
	case 243: /* EM_RISCV: EF_RISCV_FLOAT_ABI 0x6, DOUBLE 0x4 */
		if ((e_flags & 0x6) == 0x4)
			return GOELF_LDCACHE_FLAG_RISCV_FLOAT_ABI_DOUBLE | 3;
		if ((e_flags & 0x6) == 0)
			return GOELF_LDCACHE_FLAG_RISCV_FLOAT_ABI_SOFT | 3;
		return 0;
	case 8: { /* EM_MIPS: EF_MIPS_NAN2008 0x400, EF_MIPS_ABI2 0x20 */
		bool nan = (e_flags & 0x400) != 0;

		if (is64)
			return nan ? GOELF_LDCACHE_FLAG_MIPS64_LIBN64_NAN2008 |
					       3
				   : GOELF_LDCACHE_FLAG_MIPS64_LIBN64 | 3;
		if (e_flags & 0x20)
			return nan ? GOELF_LDCACHE_FLAG_MIPS64_LIBN32_NAN2008 |
					       3
				   : GOELF_LDCACHE_FLAG_MIPS64_LIBN32 | 3;
		return nan ? GOELF_LDCACHE_FLAG_MIPS_LIB32_NAN2008 | 3 : 3;
	}
	case 3:	  /* EM_386 */
	case 2:	  /* EM_SPARC */
	case 18:  /* EM_SPARC32PLUS */
	case 20:  /* EM_PPC */
	case 258: /* EM_LOONGARCH (generic in 2.36) */
		return is64 && e_machine != 258 ? 0 : 3;
	default: return 0;
	}
}

/* glibc_hwcaps_priority for x86-64: 1 best, 0 unusable. */
static uint32_t
hwcaps_priority(const struct goelf_ldcache *c, uint32_t want, uint32_t index,
		unsigned isa_level)
{
	static const char *const names[] = { "x86-64-v4", "x86-64-v3",
					     "x86-64-v2" };
	uint32_t prio = 0;

	if ((want & GOELF_LDCACHE_FLAG_REQUIRED_MASK) !=
		    GOELF_LDCACHE_FLAG_X8664_LIB64 &&
	    (want & GOELF_LDCACHE_FLAG_REQUIRED_MASK) !=
		    GOELF_LDCACHE_FLAG_X8664_LIBX32)
		return 0;
	if (index >= c->nhwcaps || !c->hwcaps[index])
		return 0;
	/* the active subdirectories, best first: v4 when level 4, ... */
	for (unsigned v = 4; v >= 2; v--) {
		if (isa_level < v)
			continue;
		prio++;
		if (!strcmp(c->hwcaps[index], names[4 - v]))
			return prio;
	}
	return 0;
}

/* dl_cache_hwcap_isa_level_compatible (x86): the entry's level is a bit
 * index of GNU_PROPERTY_X86_ISA_1_*; the CPU's mask is cumulative. */
static bool
isa_ok(uint64_t hwcap, unsigned isa_level)
{
	unsigned lvl = (unsigned)(hwcap >> 32) & ISA_MASK;
	uint32_t cpu = (1u << isa_level) - 1;

	return lvl < 32 && ((1u << lvl) & cpu) == (1u << lvl);
}

static bool
is_extension(uint64_t hwcap)
{
	return ((hwcap >> 32) & ~(uint64_t)ISA_MASK) ==
	       (GOELF_LDCACHE_HWCAP_EXTENSION >> 32);
}

const char *
goelf_ldcache_lookup(const struct goelf_ldcache *c, const char *name,
		     uint32_t want, unsigned isa_level)
{
	const struct goelf_ldcache_entry *e = c->entries;
	long left = 0, right = (long)c->nentries - 1;
	const char *best = NULL;
	uint32_t best_priority = 0;

	if (!name || !e)
		return NULL;
	if (isa_level == 0)
		isa_level = 1;
	if (isa_level > 4)
		isa_level = 4;
	/* search_cache, line for line */
	while (left <= right) {
		long middle = left + (right - left) / 2;
		int cmpres;

		if (!e[middle].key)
			return NULL;
		cmpres = goelf_ldcache_libcmp(name, e[middle].key);
		if (cmpres == 0) {
			left = middle;
			while (middle > 0 && e[middle - 1].key &&
			       goelf_ldcache_libcmp(name, e[middle - 1].key) ==
				       0)
				--middle;
			do {
				const struct goelf_ldcache_entry *lib =
					&e[middle];
				bool named = false;

				if (middle > left &&
				    (!lib->key ||
				     goelf_ldcache_libcmp(name, lib->key) != 0))
					break;
				if (!goelf_ldcache_flags_match(want,
							       lib->flags) ||
				    !lib->value)
					continue;
				if (c->is_new) {
					named = is_extension(lib->hwcap);
					if (named &&
					    !isa_ok(lib->hwcap, isa_level))
						continue;
					if (!named && best)
						break;
					if (!named && (lib->hwcap & ~HWCAP_TLS))
						continue;
					if (named) {
						uint32_t pr = hwcaps_priority(
							c, want,
							(uint32_t)lib->hwcap,
							isa_level);

						if (pr == 0)
							continue;
						if (best && pr >= best_priority)
							continue;
						best_priority = pr;
					}
				}
				best = lib->value;
				if (!named && (uint32_t)lib->flags == want)
					break;
			} while (++middle <= right);
			break;
		}
		if (cmpres < 0)
			left = middle + 1;
		else
			right = middle - 1;
	}
	return best;
}
