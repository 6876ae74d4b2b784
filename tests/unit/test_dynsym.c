/* test_dynsym.c - the loader's view of a file (facts.verdef, facts.dynsyms)
 * against readelf, the independent truth: `readelf -W -V` for the
 * version definitions and `readelf -W --dyn-syms` for every dynamic
 * symbol (name, binding, type, visibility, defined, versioned, hidden),
 * on this machine's libc, libm, libpthread and a few fixtures; and the
 * crafted bad version tables, which must be issues, never a crash. */
#include "testutil.h"

#include <elf.h>

/* What one file's comparison counted (printed for the record). */
struct counts {
	size_t verdefs, syms, defined, undefined, weak, unique, versioned,
		hidden, mismatches;
};

static void
load(const char *path, struct goelf_facts *f)
{
	struct goelf_buf err;

	memset(f, 0, sizeof(*f));
	goelf_buf_init(&err, 1024);
	assert_int_equal(goelf_load_file(path, f, &err), GOELF_OK);
	goelf_buf_release(&err);
}

static FILE *
readelf(const char *opts, const char *path)
{
	char cmd[8192];

	snprintf(cmd, sizeof(cmd), "readelf %s '%s' 2>/dev/null", opts, path);
	return popen(cmd, "r");
}

static int
lookup(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], s))
			return (int)i;
	return -1;
}

static const char *const types[] = {
	[STT_NOTYPE] = "NOTYPE", [STT_OBJECT] = "OBJECT",
	[STT_FUNC] = "FUNC",	 [STT_SECTION] = "SECTION",
	[STT_FILE] = "FILE",	 [STT_COMMON] = "COMMON",
	[STT_TLS] = "TLS",	 [STT_GNU_IFUNC] = "IFUNC",
};
static const char *const binds[] = {
	[STB_LOCAL] = "LOCAL",
	[STB_GLOBAL] = "GLOBAL",
	[STB_WEAK] = "WEAK",
	[STB_GNU_UNIQUE] = "UNIQUE",
};
static const char *const vises[] = { "DEFAULT", "INTERNAL", "HIDDEN",
				     "PROTECTED" };

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Compares facts.verdef with readelf -V's "Rev: 1  Flags: BASE  Index: 1
 * Cnt: 1  Name: libc.so.6" lines, in table order. */
static void
compare_verdef(const char *path, const struct goelf_facts *f, struct counts *c)
{
	FILE *p = readelf("-W -V", path);
	char line[4096];
	size_t k = 0;

	assert_non_null(p);
	while (fgets(line, sizeof(line), p)) {
		const char *fl = strstr(line, "Flags: ");
		const char *ix = strstr(line, "Index: ");
		const char *nm = strstr(line, "Name: ");
		unsigned idx;
		char name[1024];
		uint16_t flags = 0;

		if (!strstr(line, "Rev: ") || !fl || !ix || !nm)
			continue;
		assert_int_equal(sscanf(ix, "Index: %u", &idx), 1);
		assert_int_equal(sscanf(nm, "Name: %1023s", name), 1);
		if (strstr(fl, "BASE") && strstr(fl, "BASE") < ix)
			flags |= VER_FLG_BASE;
		if (strstr(fl, "WEAK") && strstr(fl, "WEAK") < ix)
			flags |= VER_FLG_WEAK;
		if (k >= f->nverdef) {
			print_message("%s: readelf has Verdef %s beyond %zu\n",
				      path, name, f->nverdef);
			c->mismatches++;
			k++;
			continue;
		}
		if (f->verdef[k].index != idx ||
		    strcmp(f->verdef[k].name, name) ||
		    f->verdef[k].flags != flags) {
			print_message(
				"%s: Verdef %zu: readelf %u %s %#x, goelf "
				"%u %s %#x\n",
				path, k, idx, name, flags, f->verdef[k].index,
				f->verdef[k].name, f->verdef[k].flags);
			c->mismatches++;
		}
		k++;
	}
	pclose(p);
	assert_int_equal(k, f->nverdef);
	c->verdefs = k;
}

/* Compares one "  12: 0000000000001234  56 FUNC  GLOBAL DEFAULT  15
 * name@@VER" line with dynsyms[num]. */
static void
compare_sym(const char *path, const struct goelf_facts *f, const char *line,
	    struct counts *c)
{
	unsigned num;
	unsigned long long value;
	char size[64], type[64], bind[64], vis[64], ndx[64], full[8192] = "";
	const struct goelf_dynsym *s;
	char *at;
	bool versioned, hidden, bad = false;
	int n = sscanf(line, " %u: %llx %63s %63s %63s %63s %63s %8191s", &num,
		       &value, size, type, bind, vis, ndx, full);

	if (n < 7)
		return;
	c->syms++;
	if (num >= f->ndynsyms) {
		print_message("%s: symbol %u beyond %zu\n", path, num,
			      f->ndynsyms);
		c->mismatches++;
		return;
	}
	s = &f->dynsyms[num];
	at = strchr(full, '@');
	versioned = at != NULL;
	hidden = at && at[1] != '@' && strcmp(ndx, "UND");
	if (at)
		*at = '\0';
	/* readelf leaves out @VER when the name is the version's own (the
	 * ABS symbols GLIBC_2.2.5 ... that name a Verdef). */
	if (!at && strcmp(ndx, "UND"))
		for (size_t i = 0; i < f->nverdef; i++)
			if (f->verdef[i].index == (s->versym & 0x7fff) &&
			    !strcmp(f->verdef[i].name, full))
				versioned = true;
	if (strcmp(goelf_dynsym_name(f, s), full) ||
	    lookup(types, N(types), type) != s->type ||
	    lookup(binds, N(binds), bind) != s->bind ||
	    lookup(vises, N(vises), vis) != s->visibility ||
	    (!strcmp(ndx, "UND")) != (s->shndx == SHN_UNDEF) ||
	    (value == 0) != ((s->flags & GOELF_DYNSYM_VALUE_ZERO) != 0))
		bad = true;
	/* readelf prints @VER only for an index >= 2, and name@VER (one @)
	 * for a hidden definition. */
	if (versioned != (f->has_versym && (s->versym & 0x7fff) >= 2) ||
	    (at && strcmp(ndx, "UND") && hidden != !!(s->versym & 0x8000)))
		bad = true;
	if (bad) {
		print_message("%s: symbol %u [%s %s %s %s %s] versym %#x, "
			      "goelf %s type %u bind %u vis %u shndx %u\n",
			      path, num, full, type, bind, vis, ndx, s->versym,
			      goelf_dynsym_name(f, s), s->type, s->bind,
			      s->visibility, s->shndx);
		c->mismatches++;
	}
	if (strcmp(ndx, "UND"))
		c->defined++;
	else if (num)
		c->undefined++;
	c->weak += s->bind == STB_WEAK;
	c->unique += s->bind == STB_GNU_UNIQUE;
	c->versioned += versioned;
	c->hidden += hidden;
}

static void
compare_dynsyms(const char *path, const struct goelf_facts *f, struct counts *c)
{
	FILE *p = readelf("-W --dyn-syms", path);
	char line[16384];

	assert_non_null(p);
	while (fgets(line, sizeof(line), p))
		compare_sym(path, f, line, c);
	pclose(p);
	assert_int_equal(c->syms, f->ndynsyms);
}

/* Loads path, compares it with readelf, and returns the counts. */
static void
check_file(const char *path, struct counts *c)
{
	struct goelf_facts f;
	size_t malformed = 0;

	memset(c, 0, sizeof(*c));
	if (access(path, R_OK) != 0 || system("readelf -v >/dev/null 2>&1")) {
		print_message("%s (or readelf) missing: skipped\n", path);
		skip();
	}
	load(path, &f);
	compare_verdef(path, &f, c);
	compare_dynsyms(path, &f, c);
	for (size_t i = 0; i < f.nissues; i++)
		malformed += !f.issues[i].limit;
	print_message("%s: %zu verdefs, %zu symbols: %zu defined, %zu "
		      "undefined, %zu weak, %zu unique, %zu versioned, %zu "
		      "hidden; %zu mismatches, %zu issues (%zu malformed)\n",
		      path, c->verdefs, c->syms, c->defined, c->undefined,
		      c->weak, c->unique, c->versioned, c->hidden,
		      c->mismatches, f.nissues, malformed);
	assert_int_equal(c->mismatches, 0);
	/* A cap elsewhere (.symtab over 16 MiB) is not damage. */
	assert_int_equal(malformed, 0);
	goelf_facts_release(&f);
}

static bool
has_verdef(const char *path, const char *name, uint16_t flags)
{
	struct goelf_facts f;
	bool found = false;

	load(path, &f);
	for (size_t i = 0; i < f.nverdef; i++)
		if (!strcmp(f.verdef[i].name, name) &&
		    f.verdef[i].flags == flags)
			found = true;
	goelf_facts_release(&f);
	return found;
}

static void
test_libc(void **state)
{
	const char *libc = "/lib/x86_64-linux-gnu/libc.so.6";
	struct counts c;

	(void)state;
	check_file(libc, &c);
	assert_true(c.verdefs > 30);
	assert_true(c.defined > 1000);
	assert_true(has_verdef(libc, "libc.so.6", VER_FLG_BASE));
	assert_true(has_verdef(libc, "GLIBC_2.2.5", 0));
	assert_true(has_verdef(libc, "GLIBC_PRIVATE", 0));
}

static void
test_libm(void **state)
{
	struct counts c;

	(void)state;
	check_file("/lib/x86_64-linux-gnu/libm.so.6", &c);
	assert_true(c.verdefs > 5);
}

static void
test_libpthread(void **state)
{
	struct counts c;

	(void)state;
	check_file("/lib/x86_64-linux-gnu/libpthread.so.0", &c);
}

/* GNU_UNIQUE definitions and Verdefs with parents (Cnt: 2). */
static void
test_libstdcxx(void **state)
{
	struct counts c;

	(void)state;
	check_file("/usr/lib/x86_64-linux-gnu/libstdc++.so.6", &c);
	assert_true(c.unique > 0);
}

static void
test_fixtures(void **state)
{
	static const char *const names[] = { "go-cgo-dyn", "c-hello",
					     "go-cshared.so", "go-musl-dyn" };
	struct counts c;

	(void)state;
	for (size_t i = 0; i < N(names); i++) {
		char path[4096];

		snprintf(path, sizeof(path), "%s", fixture(names[i]));
		check_file(path, &c);
		assert_true(c.undefined > 0);
		if (!strcmp(names[i], "go-cshared.so"))
			assert_true(c.defined > 0);
	}
}

/* Any file, by hand: GOELF_DYNSYM_FILE=/usr/lib/.../libLLVM-15.so.1 */
static void
test_env_file(void **state)
{
	const char *path = getenv("GOELF_DYNSYM_FILE");
	struct counts c;

	(void)state;
	if (!path)
		skip();
	check_file(path, &c);
}

/* GOELF_DYNSYM_COPY against `readelf -rW`: the same set of names as
 * the *_COPY relocations (version suffix cut), on executables of this
 * machine that have some (curl, perl, ls ...; 0 copies passes too). */
static size_t
compare_copies(const char *path)
{
	struct goelf_facts f;
	const char *want[512];
	char line[4096], *names[512];
	size_t n = 0, ours = 0;
	FILE *p;

	if (access(path, R_OK) != 0)
		return 0;
	p = readelf("-rW", path);
	assert_non_null(p);
	while (fgets(line, sizeof(line), p) && n < ARRAY_SIZE(names)) {
		char off[32], info[32], type[64], val[32], name[1024];

		if (sscanf(line, "%31s %31s %63s %31s %1023s", off, info, type,
			   val, name) != 5 ||
		    strlen(type) < 5 ||
		    strcmp(type + strlen(type) - 5, "_COPY"))
			continue;
		name[strcspn(name, "@")] = 0;
		names[n] = strdup(name);
		want[n] = names[n];
		n++;
	}
	pclose(p);
	load(path, &f);
	for (size_t i = 0; i < f.ndynsyms; i++) {
		const char *s = goelf_dynsym_name(&f, &f.dynsyms[i]);

		if (!(f.dynsyms[i].flags & GOELF_DYNSYM_COPY))
			continue;
		ours++;
		if (lookup(want, n, s) < 0)
			fail_msg("%s: %s flagged COPY, readelf has no COPY",
				 path, s);
	}
	assert_int_equal(ours, n);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	goelf_facts_release(&f);
	return n;
}

static void
test_copy_relocs(void **state)
{
	static const char *const files[] = { "/usr/bin/curl", "/usr/bin/perl",
					     "/bin/ls", "/usr/bin/make",
					     "/usr/bin/gdb" };
	size_t total = 0;

	(void)state;
	if (system("readelf -v >/dev/null 2>&1"))
		skip();
	for (size_t i = 0; i < ARRAY_SIZE(files); i++)
		total += compare_copies(files[i]);
	print_message("copy relocations: %zu\n", total);
}

/* The same binary without section headers: the count comes from
 * DT_HASH/DT_GNU_HASH, the symbols must be the same. */
static void
test_noshdr(void **state)
{
	struct goelf_facts a, b;
	char pa[4096], pb[4096];

	(void)state;
	snprintf(pa, sizeof(pa), "%s", fixture("go-cgo-dyn"));
	snprintf(pb, sizeof(pb), "%s", fixture("go-noshdr"));
	if (access(pa, R_OK) || access(pb, R_OK))
		skip();
	load(pa, &a);
	load(pb, &b);
	assert_true(a.ndynsyms > 0);
	assert_int_equal(a.ndynsyms, b.ndynsyms);
	for (size_t i = 0; i < a.ndynsyms; i++) {
		assert_string_equal(goelf_dynsym_name(&a, &a.dynsyms[i]),
				    goelf_dynsym_name(&b, &b.dynsyms[i]));
		assert_int_equal(a.dynsyms[i].versym, b.dynsyms[i].versym);
	}
	goelf_facts_release(&a);
	goelf_facts_release(&b);
}

/* The crafted tables of fixtures/bad/README.md: an issue naming the
 * part, the records before the damage kept. */
static void
bad(const char *name, const char *what, size_t nverdef, size_t ndynsyms)
{
	struct goelf_facts f;
	bool found = false;
	char path[4096];

	snprintf(path, sizeof(path), "%s", badfile(name));
	if (access(path, R_OK) != 0) {
		print_message("%s missing (run make bad): skipped\n", path);
		skip();
	}
	load(path, &f);
	for (size_t i = 0; i < f.nissues; i++)
		if (!strcmp(f.issues[i].what, what) && !f.issues[i].limit)
			found = true;
	assert_true(found);
	assert_int_equal(f.nverdef, nverdef);
	assert_int_equal(f.ndynsyms, ndynsyms);
	goelf_facts_release(&f);
}

static void
test_bad(void **state)
{
	struct goelf_facts f;

	(void)state;
	bad("verdef-loop", "verdef", 2, 0);
	bad("verdef-count-huge", "verdef", 2, 0);
	bad("versym-short", "versym", 2, 2);
	load(badfile("versym-short"), &f);
	assert_string_equal(f.verdef[1].name, "FOO_1");
	assert_int_equal(f.verdef[1].index, 2);
	assert_int_equal(f.verdef[0].flags, VER_FLG_BASE);
	assert_string_equal(goelf_dynsym_name(&f, &f.dynsyms[1]), "foo");
	assert_int_equal(f.dynsyms[1].shndx, SHN_UNDEF);
	assert_int_equal(f.dynsyms[1].versym, 1);
	goelf_facts_release(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_libc),
		cmocka_unit_test(test_libm),
		cmocka_unit_test(test_libpthread),
		cmocka_unit_test(test_libstdcxx),
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_env_file),
		cmocka_unit_test(test_noshdr),
		cmocka_unit_test(test_copy_relocs),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests_name("dynsym", tests, NULL, NULL);
}
