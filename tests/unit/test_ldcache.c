/*
 * test_ldcache.c - lib/image/ldcache.c: this machine's /etc/ld.so.cache
 * against `ldconfig -p` (the independent truth: glibc's print_cache),
 * hand-built caches in every layout (old, compat, new big-endian, the
 * glibc-hwcaps extension), and hostile buffers that must be refused or
 * partly used, never crash (also run under ASan/UBSan).
 */
#include "testutil.h"

#include "image/image.h"

#define X8664 0x0303u

/* --- a cache builder ----------------------------------------------------- */

struct bld {
	uint8_t b[8192];
	size_t n;
	bool big;
};

static void
put32(struct bld *w, size_t at, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		w->b[at + (size_t)i] =
			(uint8_t)(v >> (w->big ? 24 - 8 * i : 8 * i));
}

static void
put64(struct bld *w, size_t at, uint64_t v)
{
	put32(w, at + (w->big ? 4 : 0), (uint32_t)v);
	put32(w, at + (w->big ? 0 : 4), (uint32_t)(v >> 32));
}

/* Appends s with its NUL; returns its offset from base. */
static uint32_t
str(struct bld *w, size_t base, const char *s)
{
	size_t at = w->n;

	memcpy(w->b + at, s, strlen(s) + 1);
	w->n += strlen(s) + 1;
	return (uint32_t)(at - base);
}

struct ent {
	uint32_t flags;
	const char *key, *value;
	uint64_t hwcap;
};

/* A new-format part at w->n (base), as save_cache writes it: header,
 * entries, strings, then at a 4-byte boundary the extension directory
 * (generator, glibc-hwcaps names); extension offsets from the file
 * start.  endian_flags: the header flags byte. */
static void
build_new(struct bld *w, const struct ent *e, size_t ne, uint8_t endian_flags,
	  const char *const *hwcaps, size_t nh, const char *generator)
{
	size_t base = w->n, strings, ext;
	uint32_t hoff[8];

	memcpy(w->b + base, "glibc-ld.so.cache1.1", 20);
	put32(w, base + 20, (uint32_t)ne);
	w->b[base + 28] = endian_flags;
	w->n = base + 48 + 24 * ne;
	strings = w->n;
	for (size_t i = 0; i < nh; i++)
		hoff[i] = str(w, 0, hwcaps[i]); /* from the file start */
	for (size_t i = 0; i < ne; i++) {
		size_t at = base + 48 + 24 * i;

		put32(w, at, e[i].flags);
		put32(w, at + 4, str(w, base, e[i].key));
		put32(w, at + 8, str(w, base, e[i].value));
		put64(w, at + 16, e[i].hwcap);
	}
	put32(w, base + 24, (uint32_t)(w->n - strings));
	if (!generator)
		return;
	w->n = (w->n + 3) & ~(size_t)3;
	ext = w->n;
	put32(w, base + 32, (uint32_t)ext);
	put32(w, ext, 0xeaa42174u);
	put32(w, ext + 4, nh ? 2 : 1);
	w->n = ext + 8 + 16 * (nh ? 2 : 1);
	if (nh) {
		put32(w, ext + 24, 1);
		put32(w, ext + 32, (uint32_t)w->n);
		put32(w, ext + 36, (uint32_t)(4 * nh));
		for (size_t i = 0; i < nh; i++, w->n += 4)
			put32(w, w->n, hoff[i]);
	}
	put32(w, ext + 8, 0);
	put32(w, ext + 16, (uint32_t)w->n);
	put32(w, ext + 20, (uint32_t)strlen(generator));
	memcpy(w->b + w->n, generator, strlen(generator));
	w->n += strlen(generator);
}

/* An old-format cache: header, entries, strings (offsets from the end
 * of the entries). */
static void
build_old(struct bld *w, const struct ent *e, size_t ne)
{
	size_t strings = 16 + 12 * ne;

	memset(w, 0, sizeof(*w));
	memcpy(w->b, "ld.so-1.7.0", 11);
	put32(w, 12, (uint32_t)ne);
	w->n = strings;
	for (size_t i = 0; i < ne; i++) {
		put32(w, 16 + 12 * i, e[i].flags);
		put32(w, 20 + 12 * i, str(w, strings, e[i].key));
		put32(w, 24 + 12 * i, str(w, strings, e[i].value));
	}
}

static int
parse(const struct bld *w, struct goelf_ldcache *c, struct goelf_buf *err)
{
	goelf_buf_reset(err);
	return goelf_ldcache_parse(w->b, w->n, c, err);
}

/* --- (1) this machine's cache against ldconfig -p ------------------------ */

static FILE *
open_ldconfig(void)
{
	static const char *const cmds[] = { "/sbin/ldconfig -p 2>/dev/null",
					    "/usr/sbin/ldconfig -p 2>/dev/null",
					    "ldconfig -p 2>/dev/null" };

	for (size_t i = 0; i < 3; i++) {
		FILE *f;
		char probe[256];

		snprintf(probe, sizeof(probe), "%.*s",
			 (int)strcspn(cmds[i], " "), cmds[i]);
		if (probe[0] == '/' && access(probe, X_OK) != 0)
			continue;
		f = popen(cmds[i], "r");
		if (f)
			return f;
	}
	return NULL;
}

static void
test_host_cache(void **s)
{
	struct goelf_buf err;
	struct goelf_ldcache c;
	uint8_t *data;
	size_t n = 0, alloc = 1 << 16, line_no = 0, checked = 0, x86 = 0;
	FILE *f = fopen("/etc/ld.so.cache", "rb"), *p;
	char line[8192];
	long found = -1;

	(void)s;
	if (!f) {
		skip();
		return;
	}
	data = goelf_xmalloc(alloc);
	for (size_t k; (k = fread(data + n, 1, alloc - n, f)) > 0;) {
		n += k;
		if (n == alloc)
			data = goelf_xrealloc(data, alloc *= 2);
	}
	fclose(f);
	goelf_buf_init(&err, 4096);
	assert_int_equal(goelf_ldcache_parse(data, n, &c, &err), 0);
	free(data); /* the cache holds its own copy */
	assert_true(goelf_ldcache_matches_endian(&c, GOELF_LITTLE));
	p = open_ldconfig();
	if (!p) {
		goelf_ldcache_release(&c);
		goelf_buf_release(&err);
		skip();
		return;
	}
	while (fgets(line, sizeof(line), p)) {
		char key[4096], desc[4096], path[4096];
		const struct goelf_ldcache_entry *e;

		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, "%ld libs found", &found) == 1)
			continue;
		if (!strncmp(line, "Cache generated by: ", 20)) {
			assert_non_null(c.generator);
			assert_string_equal(c.generator, line + 20);
			continue;
		}
		/* "\tSONAME (libc6,x86-64[, hwcap: ...]) => PATH" */
		if (sscanf(line, "\t%4095s (%4095[^)]) => %4095[^\n]", key,
			   desc, path) != 3)
			fail_msg("unparsed ldconfig -p line: %s", line);
		/* line i is entry i (print_cache walks the file order) */
		assert_true(line_no < c.nentries);
		e = &c.entries[line_no++];
		assert_non_null(e->key);
		assert_non_null(e->value);
		assert_string_equal(e->key, key);
		assert_string_equal(e->value, path);
		if (strcmp(desc, "libc6,x86-64") != 0)
			continue;
		x86++;
		/* the first x86-64 line without hwcaps for a name is the
		 * one ld.so tries: earlier lines of that name were hwcaps
		 * or other ABIs, or it would have been picked already */
		{
			const char *got =
				goelf_ldcache_lookup(&c, key, X8664, 1);
			bool first = true;

			for (size_t j = 0; j + 1 < line_no; j++)
				if (c.entries[j].key &&
				    !strcmp(c.entries[j].key, key) &&
				    (uint32_t)c.entries[j].flags == X8664 &&
				    c.entries[j].hwcap == 0)
					first = false;
			if (first) {
				assert_non_null(got);
				assert_string_equal(got, path);
				checked++;
			}
		}
	}
	assert_int_equal(pclose(p), 0);
	assert_true(found >= 0);
	assert_int_equal((size_t)found, c.nlibs);
	assert_int_equal((size_t)found, c.nentries);
	assert_int_equal(line_no, c.nentries);
	assert_true(x86 > 0 && checked > 0);
	print_message("host cache: %zu entries = ldconfig -p's %ld libs, "
		      "%zu x86-64 lines, %zu soname -> path lookups equal\n",
		      c.nentries, found, x86, checked);
	assert_null(
		goelf_ldcache_lookup(&c, "libgoelf-no-such.so.1", X8664, 1));
	goelf_ldcache_release(&c);
	goelf_buf_release(&err);
}

/* --- (2) hand-built caches --------------------------------------------- */

static const struct ent two_abis[] = {
	{ X8664, "libfoo.so.10", "/lib64/libfoo.so.10", 0 },
	{ X8664, "libfoo.so.9", "/lib64/libfoo.so.9", 0 },
	{ X8664, "libfoo.so.2", "/lib64/libfoo.so.2", 0 },
	{ 0x0003, "libfoo.so.2", "/lib32/libfoo.so.2", 0 },
	{ X8664, "libc.so.6", "/lib64/libc.so.6", 0 },
};

static void
check_two_abis(const struct goelf_ldcache *c)
{
	assert_string_equal(goelf_ldcache_lookup(c, "libfoo.so.10", X8664, 1),
			    "/lib64/libfoo.so.10");
	assert_string_equal(goelf_ldcache_lookup(c, "libfoo.so.9", X8664, 1),
			    "/lib64/libfoo.so.9");
	assert_string_equal(goelf_ldcache_lookup(c, "libfoo.so.2", X8664, 1),
			    "/lib64/libfoo.so.2");
	assert_string_equal(goelf_ldcache_lookup(c, "libfoo.so.2", 3, 1),
			    "/lib32/libfoo.so.2");
	assert_string_equal(goelf_ldcache_lookup(c, "libc.so.6", X8664, 1),
			    "/lib64/libc.so.6");
	assert_null(goelf_ldcache_lookup(c, "libc.so.6", 3, 1));
	assert_null(goelf_ldcache_lookup(c, "libfoo.so.3", X8664, 1));
	assert_null(goelf_ldcache_lookup(c, "libfoo.so.2", 0x0a03, 1));
}

static void
test_new_le_and_be(void **s)
{
	struct bld w;
	struct goelf_buf err;
	struct goelf_ldcache c;

	(void)s;
	goelf_buf_init(&err, 1024);
	for (int big = 0; big < 2; big++) {
		memset(&w, 0, sizeof(w));
		w.big = big;
		build_new(&w, two_abis, 5, big ? 3 : 2, NULL, 0, "gen 2.36");
		assert_int_equal(parse(&w, &c, &err), 0);
		assert_int_equal(c.format, GOELF_LDCACHE_NEW);
		assert_true(c.endian_known);
		assert_int_equal(c.endian, big ? GOELF_BIG : GOELF_LITTLE);
		assert_true(goelf_ldcache_matches_endian(&c, c.endian));
		assert_false(goelf_ldcache_matches_endian(&c, big ? GOELF_LITTLE
								  : GOELF_BIG));
		assert_int_equal(c.nentries, 5);
		assert_int_equal(c.problems.n, 0);
		assert_string_equal(c.generator, "gen 2.36");
		check_two_abis(&c);
		goelf_ldcache_release(&c);

		/* flags 0 (no mark): read in the order where nlibs fits */
		w.b[28] = 0;
		assert_int_equal(parse(&w, &c, &err), 0);
		assert_false(c.endian_known);
		assert_int_equal(c.endian, big ? GOELF_BIG : GOELF_LITTLE);
		assert_false(goelf_ldcache_matches_endian(&c, big ? GOELF_LITTLE
								  : GOELF_BIG));
		check_two_abis(&c);
		goelf_ldcache_release(&c);
	}
	goelf_buf_release(&err);
}

static void
test_old_and_compat(void **s)
{
	struct bld w;
	struct goelf_buf err;
	struct goelf_ldcache c;
	static const struct ent old_only[] = {
		{ X8664, "libold.so.1", "/old/libold.so.1", 0 },
	};
	size_t off;

	(void)s;
	goelf_buf_init(&err, 1024);
	build_old(&w, two_abis, 5);
	assert_int_equal(parse(&w, &c, &err), 0);
	assert_int_equal(c.format, GOELF_LDCACHE_OLD);
	assert_false(c.is_new);
	assert_null(c.generator);
	check_two_abis(&c);
	goelf_ldcache_release(&c);

	/* compat: an old part (2 entries, as save_cache rounds it up to an
	 * even count), then the new header at ALIGN_CACHE(16 + 12 * 2) =
	 * 40; the new part is the one used */
	memset(&w, 0, sizeof(w));
	memcpy(w.b, "ld.so-1.7.0", 11);
	put32(&w, 12, 2);
	off = (16 + 12 * 2 + 7) & ~(size_t)7;
	w.n = off;
	build_new(&w, two_abis, 5, 2, NULL, 0, "compat gen");
	assert_int_equal(parse(&w, &c, &err), 0);
	assert_int_equal(c.format, GOELF_LDCACHE_COMPAT);
	assert_true(c.is_new);
	assert_int_equal(c.nlibs, 5);
	assert_string_equal(c.generator, "compat gen");
	check_two_abis(&c);
	goelf_ldcache_release(&c);

	/* an old file whose string area is no new header stays old */
	build_old(&w, old_only, 1);
	assert_int_equal(parse(&w, &c, &err), 0);
	assert_int_equal(c.format, GOELF_LDCACHE_OLD);
	assert_string_equal(goelf_ldcache_lookup(&c, "libold.so.1", X8664, 1),
			    "/old/libold.so.1");
	goelf_ldcache_release(&c);
	goelf_buf_release(&err);
}

#define EXT(lvl, idx)                                                          \
	(GOELF_LDCACHE_HWCAP_EXTENSION | ((uint64_t)(lvl) << 32) | (idx))

/* As save_cache sorts them: the extension entries of a name first,
 * sorted by subdirectory name, then the plain one. */
static const struct ent hw[] = {
	{ X8664, "libz.so.1", "/usr/lib/glibc-hwcaps/x86-64-v2/libz.so.1.3",
	  EXT(1, 0) },
	{ X8664, "libz.so.1", "/usr/lib/glibc-hwcaps/x86-64-v3/libz.so.1.3",
	  EXT(2, 1) },
	{ X8664, "libz.so.1", "/usr/lib/libz.so.1", 0 },
	{ X8664, "liblegacy.so.1", "/usr/lib/tls/liblegacy.so.1", 1ull << 5 },
	{ X8664, "liblegacy.so.1", "/usr/lib/liblegacy.so.1", 0 },
	{ X8664, "liba.so.1", "/usr/lib/glibc-hwcaps/x86-64-v4/liba.so.1",
	  EXT(3, 2) },
	{ X8664, "liba.so.1", "/usr/lib/liba.so.1", 0 },
};
static const char *const hw_names[] = { "x86-64-v2", "x86-64-v3", "x86-64-v4" };

static void
test_hwcaps(void **s)
{
	struct bld w;
	struct goelf_buf err;
	struct goelf_ldcache c;

	(void)s;
	goelf_buf_init(&err, 1024);
	memset(&w, 0, sizeof(w));
	build_new(&w, hw, 7, 2, hw_names, 3, "ldconfig (test) 2.36");
	assert_int_equal(parse(&w, &c, &err), 0);
	assert_int_equal(c.problems.n, 0);
	assert_int_equal(c.nhwcaps, 3);
	assert_string_equal(c.hwcaps[1], "x86-64-v3");
	assert_string_equal(c.generator, "ldconfig (test) 2.36");
	assert_string_equal(goelf_ldcache_lookup(&c, "libz.so.1", X8664, 1),
			    "/usr/lib/libz.so.1");
	assert_string_equal(goelf_ldcache_lookup(&c, "libz.so.1", X8664, 2),
			    "/usr/lib/glibc-hwcaps/x86-64-v2/libz.so.1.3");
	assert_string_equal(goelf_ldcache_lookup(&c, "libz.so.1", X8664, 3),
			    "/usr/lib/glibc-hwcaps/x86-64-v3/libz.so.1.3");
	assert_string_equal(goelf_ldcache_lookup(&c, "libz.so.1", X8664, 4),
			    "/usr/lib/glibc-hwcaps/x86-64-v3/libz.so.1.3");
	assert_string_equal(goelf_ldcache_lookup(&c, "liba.so.1", X8664, 3),
			    "/usr/lib/liba.so.1");
	assert_string_equal(goelf_ldcache_lookup(&c, "liba.so.1", X8664, 4),
			    "/usr/lib/glibc-hwcaps/x86-64-v4/liba.so.1");
	/* a legacy hwcap entry is skipped (no legacy bits assumed) */
	assert_string_equal(
		goelf_ldcache_lookup(&c, "liblegacy.so.1", X8664, 4),
		"/usr/lib/liblegacy.so.1");
	goelf_ldcache_release(&c);

	/* hwcaps section missing (generator only): extension entries are
	 * unusable, the plain ones remain */
	memset(&w, 0, sizeof(w));
	build_new(&w, hw, 7, 2, NULL, 0, "g");
	assert_int_equal(parse(&w, &c, &err), 0);
	assert_string_equal(goelf_ldcache_lookup(&c, "libz.so.1", X8664, 4),
			    "/usr/lib/libz.so.1");
	goelf_ldcache_release(&c);
	goelf_buf_release(&err);
}

static void
test_flags_and_libcmp(void **s)
{
	(void)s;
	assert_int_equal(goelf_ldcache_flags_for(62, 2, 0), 0x0303);
	assert_int_equal(goelf_ldcache_flags_for(62, 1, 0), 0x0803);
	assert_int_equal(goelf_ldcache_flags_for(3, 1, 0), 0x0003);
	assert_int_equal(goelf_ldcache_flags_for(183, 2, 0), 0x0a03);
	assert_int_equal(goelf_ldcache_flags_for(40, 1, 0x400), 0x0903);
	assert_int_equal(goelf_ldcache_flags_for(21, 2, 0), 0x0503);
	assert_int_equal(goelf_ldcache_flags_for(22, 2, 0), 0x0403);
	assert_int_equal(goelf_ldcache_flags_for(243, 2, 0x4), 0x1003);
	assert_int_equal(goelf_ldcache_flags_for(9999, 2, 0), 0);
	assert_true(goelf_ldcache_flags_match(0x0303, 0x0303));
	assert_false(goelf_ldcache_flags_match(0x0303, 0x0003));
	assert_false(goelf_ldcache_flags_match(0x0303, 0x0001));
	assert_true(goelf_ldcache_flags_match(0x0003, 0x0001));
	assert_true(goelf_ldcache_flags_match(0x0903, 0x0003));
	assert_false(goelf_ldcache_flags_match(0, 0));
	assert_true(goelf_ldcache_libcmp("libfoo.so.10", "libfoo.so.9") > 0);
	assert_true(goelf_ldcache_libcmp("libfoo.so.9", "libfoo.so.10") < 0);
	assert_int_equal(goelf_ldcache_libcmp("libc.so.6", "libc.so.6"), 0);
	assert_true(goelf_ldcache_libcmp("lib1", "liba") > 0);
	assert_true(goelf_ldcache_libcmp("libc.so", "libc.so.6") < 0);
	assert_true(goelf_ldcache_libcmp("libx99999999999999999999", "libx1") >
		    0);
}

/* --- (3) hostile buffers ------------------------------------------------- */

static void
expect_refused(const struct bld *w, const char *why)
{
	struct goelf_buf err;
	struct goelf_ldcache c;

	goelf_buf_init(&err, 1024);
	assert_int_equal(parse(w, &c, &err), -1);
	assert_non_null(strstr(err.buf, why));
	assert_null(c.entries);
	assert_null(goelf_ldcache_lookup(&c, "libc.so.6", X8664, 1));
	goelf_ldcache_release(&c);
	goelf_buf_release(&err);
}

static void
test_refused(void **s)
{
	struct bld w, base;
	struct goelf_buf err;
	struct goelf_ldcache c;

	(void)s;
	memset(&base, 0, sizeof(base));
	build_new(&base, two_abis, 5, 2, NULL, 0, "g");

	w = base;
	put32(&w, 20, 0xffffffffu); /* nlibs huge */
	expect_refused(&w, "do not fit");
	w.b[28] = 0; /* ... and no mark: neither order fits */
	expect_refused(&w, "do not fit");
	w = base;
	put32(&w, 20, (uint32_t)((w.n - 48) / 24 + 1)); /* one too many */
	expect_refused(&w, "do not fit");
	w = base;
	w.b[28] = 1;
	expect_refused(&w, "marked invalid");
	w = base;
	w.b[28] = 4; /* endian bits 0, another bit set: glibc mismatch */
	expect_refused(&w, "not 2/3");
	w = base;
	w.n = 30;
	expect_refused(&w, "truncated header");
	w.n = 48; /* ld.so wants more than the header */
	expect_refused(&w, "truncated header");
	w = base;
	w.b[0] = 'G';
	expect_refused(&w, "bad magic");
	w.n = 0;
	expect_refused(&w, "bad magic");
	goelf_buf_init(&err, 64);
	assert_int_equal(goelf_ldcache_parse(NULL, 100, &c, &err), -1);
	goelf_ldcache_release(&c);
	goelf_buf_release(&err);

	build_old(&w, two_abis, 5);
	put32(&w, 12, 0x7fffffffu);
	expect_refused(&w, "do not fit");
	w.n = 14;
	expect_refused(&w, "truncated header");
}

static void
test_partial(void **s)
{
	struct bld w, base;
	struct goelf_buf err;
	struct goelf_ldcache c;

	(void)s;
	goelf_buf_init(&err, 1024);
	memset(&base, 0, sizeof(base));
	build_new(&base, two_abis, 5, 2, NULL, 0, "generator");

	/* len_strings past the end: ld.so never reads it */
	w = base;
	put32(&w, 24, 0x7fffffffu);
	assert_int_equal(parse(&w, &c, &err), 0);
	assert_int_equal(c.problems.n, 1);
	assert_non_null(strstr(c.problems.v[0], "string table"));
	check_two_abis(&c);
	goelf_ldcache_release(&c);

	/* the value of entry 1 past the end; the key of entry 4 too */
	w = base;
	put32(&w, 48 + 24 + 8, 0x10000);
	put32(&w, 48 + 24 * 4 + 4, 0xfffffff0u);
	assert_int_equal(parse(&w, &c, &err), 0);
	assert_null(c.entries[1].value);
	assert_null(c.entries[4].key);
	assert_int_equal(c.problems.n, 2);
	assert_null(goelf_ldcache_lookup(&c, "libfoo.so.9", X8664, 1));
	/* the binary search meets the bad key of entry 4 only when it
	 * probes it, as in ld.so (which then gives up: NULL) */
	assert_string_equal(goelf_ldcache_lookup(&c, "libfoo.so.2", X8664, 1),
			    "/lib64/libfoo.so.2");
	goelf_ldcache_release(&c);

	/* the last string runs to the end without a NUL */
	w = base;
	w.n = 0;
	for (size_t i = 0; i < base.n; i++)
		if (base.b[i] == '/' &&
		    !memcmp(base.b + i, "/lib64/libc.so.6", 16))
			w.n = i + 16;
	assert_true(w.n > 0);
	put32(&w, 32, 0); /* the extension would now be past the end */
	assert_int_equal(parse(&w, &c, &err), 0);
	assert_null(c.entries[4].value);
	assert_null(goelf_ldcache_lookup(&c, "libc.so.6", X8664, 1));
	goelf_ldcache_release(&c);

	/* extension directory: past the end, misaligned, at the header
	 * itself (a "loop" back to byte 4: no magic), count huge, a
	 * section past the end: dropped, entries kept */
	{
		size_t ext;
		static const uint32_t bad_off[] = { 0xfffffff0u, 0x31, 4 };

		for (size_t i = 0; i < 3; i++) {
			w = base;
			put32(&w, 32, bad_off[i]);
			assert_int_equal(parse(&w, &c, &err), 0);
			assert_null(c.generator);
			assert_int_equal(c.problems.n, 1);
			check_two_abis(&c);
			goelf_ldcache_release(&c);
		}
		w = base;
		ext = (size_t)w.b[32] | (size_t)w.b[33] << 8 |
		      (size_t)w.b[34] << 16;
		put32(&w, ext + 4, 0x40000000u);
		assert_int_equal(parse(&w, &c, &err), 0);
		assert_null(c.generator);
		goelf_ldcache_release(&c);
		w = base;
		put32(&w, ext + 16, 0xfffffff0u);
		assert_int_equal(parse(&w, &c, &err), 0);
		assert_null(c.generator);
		assert_int_equal(c.problems.n, 1);
		goelf_ldcache_release(&c);
	}

	/* compat whose new part claims more entries than the file holds */
	memset(&w, 0, sizeof(w));
	memcpy(w.b, "ld.so-1.7.0", 11);
	put32(&w, 12, 0);
	w.n = 16;
	build_new(&w, two_abis, 5, 2, NULL, 0, NULL);
	put32(&w, 16 + 20, 1000);
	assert_int_equal(parse(&w, &c, &err), 0);
	assert_int_equal(c.format, GOELF_LDCACHE_COMPAT);
	assert_true(c.nentries < 1000);
	assert_true(c.problems.n >= 1);
	goelf_ldcache_release(&c);
	goelf_buf_release(&err);
}

/* More entries than GOELF_IMAGE_MAX_LDCACHE_ENTRIES: a limit. */
static void
test_entry_cap(void **s)
{
	size_t nl = GOELF_IMAGE_MAX_LDCACHE_ENTRIES + 10, n = 48 + 24 * nl;
	uint8_t *p = goelf_xcalloc(1, n);
	struct goelf_buf err;
	struct goelf_ldcache c;

	(void)s;
	memcpy(p, "glibc-ld.so.cache1.1", 20);
	p[20] = (uint8_t)nl;
	p[21] = (uint8_t)(nl >> 8);
	p[22] = (uint8_t)(nl >> 16);
	p[28] = 2;
	goelf_buf_init(&err, 1024);
	assert_int_equal(goelf_ldcache_parse(p, n, &c, &err), 0);
	assert_true(c.limit_reached);
	assert_int_equal(c.nlibs, nl);
	assert_int_equal(c.nentries, GOELF_IMAGE_MAX_LDCACHE_ENTRIES);
	/* every key is offset 0: the magic and nlibs' low bytes */
	assert_null(goelf_ldcache_lookup(&c, "libc.so.6", X8664, 1));
	goelf_ldcache_release(&c);
	goelf_buf_release(&err);
	free(p);
}

/* Every truncation and every single-byte 0xff of a valid hwcaps cache
 * and a compat cache: parsed or refused, and looked up, never a crash. */
static void
test_mutations(void **s)
{
	struct bld base[2], w;
	struct goelf_buf err;
	struct goelf_ldcache c;
	size_t runs = 0;

	(void)s;
	goelf_buf_init(&err, 1024);
	memset(base, 0, sizeof(base));
	build_new(&base[0], hw, 7, 2, hw_names, 3, "gen");
	base[1].big = true;
	memcpy(base[1].b, "ld.so-1.7.0", 11);
	base[1].n = 16;
	build_new(&base[1], hw, 7, 3, hw_names, 3, "gen");
	for (int k = 0; k < 2; k++) {
		for (size_t cut = 0; cut <= base[k].n; cut++) {
			w = base[k];
			w.n = cut;
			if (parse(&w, &c, &err) == 0) {
				for (size_t i = 0; i < 7; i++)
					(void)goelf_ldcache_lookup(
						&c, hw[i].key, X8664, 4);
				runs++;
			}
			goelf_ldcache_release(&c);
		}
		for (size_t at = 0; at < base[k].n; at++) {
			w = base[k];
			w.b[at] = 0xff;
			if (parse(&w, &c, &err) == 0) {
				for (size_t i = 0; i < 7; i++)
					(void)goelf_ldcache_lookup(
						&c, hw[i].key, X8664, 4);
				runs++;
			}
			goelf_ldcache_release(&c);
		}
	}
	assert_true(runs > 0);
	goelf_buf_release(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host_cache),
		cmocka_unit_test(test_new_le_and_be),
		cmocka_unit_test(test_old_and_compat),
		cmocka_unit_test(test_hwcaps),
		cmocka_unit_test(test_flags_and_libcmp),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_partial),
		cmocka_unit_test(test_entry_cap),
		cmocka_unit_test(test_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
