/*
 * test_runtime.c - the pure logic of lib/runtime: check_match's
 * version rules (elf/dl-lookup.c) over hand-built dynamic symbols and
 * over this machine's libc (readelf -V --dyn-syms is the truth named in
 * each case), open_verify's skip/fatal split (elf/dl-load.c), DST
 * expansion (_dl_dst_substitute; musl fixup_rpath), musl's reserved
 * names (ldso/dynlink.c load_library), the SYSTEM_DIRS of this
 * machine's ld.so against its own --help, and the GLIBC_ version
 * order.  The loader runs themselves are tests/cli/run-runtime-ld.sh.
 */
#include "testutil.h"

#include "runtime/runtime.h"

#include <pthread.h>

/* --- hand-built facts ---------------------------------------------------- */

struct hb {
	struct goelf_facts f;
	char str[4096];
	size_t nstr;
};

static uint32_t
hb_str(struct hb *h, const char *s)
{
	uint32_t at = (uint32_t)h->nstr;

	memcpy(h->str + h->nstr, s, strlen(s) + 1);
	h->nstr += strlen(s) + 1;
	return at;
}

static void
hb_init(struct hb *h)
{
	memset(h, 0, sizeof(*h));
	h->nstr = 1; /* offset 0 is "" */
	h->f.has_versym = true;
	h->f.dynsyms = calloc(64, sizeof(*h->f.dynsyms));
	h->f.ndynsyms = 1;
	h->f.verdef = calloc(16, sizeof(*h->f.verdef));
}

static void
hb_verdef(struct hb *h, uint16_t index, const char *name, uint16_t flags)
{
	struct goelf_verdef *d = &h->f.verdef[h->f.nverdef++];

	d->name = strdup(name);
	d->index = index;
	d->flags = flags;
}

static struct goelf_dynsym *
hb_sym(struct hb *h, const char *name, uint16_t versym)
{
	struct goelf_dynsym *s = &h->f.dynsyms[h->f.ndynsyms++];

	s->name = hb_str(h, name);
	s->shndx = 12;
	s->versym = versym;
	s->bind = STB_GLOBAL;
	s->type = STT_FUNC;
	s->visibility = STV_DEFAULT;
	return s;
}

/* Finishes the string table; builds the symbol hash into t. */
static void
hb_done(struct hb *h, struct goelf_rt_symtab *t)
{
	h->f.dynstr = malloc(h->nstr + 1);
	memcpy(h->f.dynstr, h->str, h->nstr);
	h->f.dynstr[0] = 0;
	h->f.dynstr[h->nstr] = 0;
	h->f.dynstr_size = h->nstr;
	goelf_rt_symtab_build(t, &h->f);
}

static bool
defines(struct hb *h, struct goelf_rt_symtab *t, const char *name,
	const char *version, bool hidden)
{
	return goelf_rt_defines(&h->f, t, name, goelf_rt_hash(name), version,
				hidden, false);
}

static void
hb_release(struct hb *h, struct goelf_rt_symtab *t)
{
	goelf_rt_symtab_release(t);
	goelf_facts_release(&h->f);
}

/* A versioned reference binds only its own version, a hidden old one
 * included; an unversioned definition serves it unless either side is
 * hidden (check_match, version != NULL). */
static void
test_versioned_reference(void **state)
{
	struct hb h;
	struct goelf_rt_symtab t;

	(void)state;
	hb_init(&h);
	hb_verdef(&h, 1, "libfoo.so.1", VER_FLG_BASE);
	hb_verdef(&h, 2, "FOO_1", 0);
	hb_verdef(&h, 3, "FOO_2", 0);
	hb_sym(&h, "foo2", 3);
	hb_sym(&h, "old", 0x8000 | 2); /* old@FOO_1 (hidden) */
	hb_sym(&h, "old", 3);	       /* old@@FOO_2 */
	hb_sym(&h, "plain", 1);	       /* unversioned (global) */
	hb_sym(&h, "base", 1);
	hb_done(&h, &t);
	assert_true(defines(&h, &t, "foo2", "FOO_2", false));
	assert_false(defines(&h, &t, "foo2", "FOO_1", false));
	assert_false(defines(&h, &t, "foo2", "FOO_3", false));
	assert_true(defines(&h, &t, "old", "FOO_1", false));
	assert_true(defines(&h, &t, "old", "FOO_2", false));
	assert_true(defines(&h, &t, "plain", "FOO_9", false));
	assert_false(defines(&h, &t, "plain", "FOO_9", true));
	assert_false(defines(&h, &t, "missing", "FOO_1", false));
	hb_release(&h, &t);

	/* A definer without DT_VERSYM satisfies any version. */
	hb_init(&h);
	h.f.has_versym = false;
	hb_sym(&h, "foo2", 1);
	hb_done(&h, &t);
	assert_true(defines(&h, &t, "foo2", "FOO_2", false));
	hb_release(&h, &t);
}

/* An unversioned reference takes index 0..2 at once, a higher one only
 * when it is the single non-hidden version of the name. */
static void
test_unversioned_reference(void **state)
{
	struct hb h;
	struct goelf_rt_symtab t;

	(void)state;
	hb_init(&h);
	hb_verdef(&h, 1, "libfoo.so.1", VER_FLG_BASE);
	hb_verdef(&h, 2, "FOO_1", 0);
	hb_verdef(&h, 3, "FOO_2", 0);
	hb_verdef(&h, 4, "FOO_3", 0);
	hb_sym(&h, "a", 2);
	hb_sym(&h, "b", 3);
	hb_sym(&h, "c", 3);
	hb_sym(&h, "c", 4);
	hb_sym(&h, "d", 0x8000 | 3);
	hb_sym(&h, "e", 0x8000 | 3);
	hb_sym(&h, "e", 4);
	hb_done(&h, &t);
	assert_true(defines(&h, &t, "a", NULL, false));
	assert_true(defines(&h, &t, "b", NULL, false));
	assert_false(defines(&h, &t, "c", NULL, false));
	assert_false(defines(&h, &t, "d", NULL, false));
	assert_true(defines(&h, &t, "e", NULL, false));
	hb_release(&h, &t);
}

/* What is not a definition: undefined, LOCAL, hidden or internal,
 * STT_SECTION/FILE, st_value 0 (unless TLS or ABS); musl skips hidden
 * versions and ignores the rest. */
static void
test_not_definitions(void **state)
{
	struct hb h;
	struct goelf_rt_symtab t;
	struct goelf_dynsym *s;

	(void)state;
	hb_init(&h);
	hb_verdef(&h, 2, "V1", 0);
	hb_sym(&h, "undef", 1)->shndx = SHN_UNDEF;
	hb_sym(&h, "local", 1)->bind = STB_LOCAL;
	hb_sym(&h, "hid", 1)->visibility = STV_HIDDEN;
	hb_sym(&h, "intern", 1)->visibility = STV_INTERNAL;
	hb_sym(&h, "prot", 1)->visibility = STV_PROTECTED;
	hb_sym(&h, "sect", 1)->type = STT_SECTION;
	hb_sym(&h, "weak", 1)->bind = STB_WEAK;
	hb_sym(&h, "uniq", 1)->bind = STB_GNU_UNIQUE;
	hb_sym(&h, "zero", 1)->flags = GOELF_DYNSYM_VALUE_ZERO;
	s = hb_sym(&h, "tls0", 1);
	s->flags = GOELF_DYNSYM_VALUE_ZERO;
	s->type = STT_TLS;
	s = hb_sym(&h, "abs0", 1);
	s->flags = GOELF_DYNSYM_VALUE_ZERO;
	s->shndx = SHN_ABS;
	hb_sym(&h, "mhid", 0x8000 | 2);
	hb_done(&h, &t);
	assert_false(defines(&h, &t, "undef", NULL, false));
	assert_false(defines(&h, &t, "local", NULL, false));
	assert_false(defines(&h, &t, "hid", NULL, false));
	assert_false(defines(&h, &t, "intern", NULL, false));
	assert_true(defines(&h, &t, "prot", NULL, false));
	assert_false(defines(&h, &t, "sect", NULL, false));
	assert_true(defines(&h, &t, "weak", NULL, false));
	assert_true(defines(&h, &t, "uniq", NULL, false));
	assert_false(defines(&h, &t, "zero", NULL, false));
	assert_true(defines(&h, &t, "tls0", NULL, false));
	assert_true(defines(&h, &t, "abs0", NULL, false));
	/* musl: versions ignored, hidden skipped */
	assert_true(goelf_rt_defines(&h.f, &t, "weak", goelf_rt_hash("weak"),
				     "NOPE", false, true));
	assert_false(goelf_rt_defines(&h.f, &t, "mhid", goelf_rt_hash("mhid"),
				      "V1", false, true));
	assert_true(defines(&h, &t, "mhid", "V1", false));
	hb_release(&h, &t);
}

/* This machine's libc: `readelf --dyn-syms -W libc.so.6` shows
 * memcpy@GLIBC_2.2.5 (old, hidden) and memcpy@@GLIBC_2.14. */
static void
test_host_libc(void **state)
{
	const char *p = "/lib/x86_64-linux-gnu/libc.so.6";
	struct goelf_opts o = { .elf_only = true };
	struct goelf_facts f = { 0 };
	struct goelf_rt_symtab t;
	struct goelf_buf err;
	char *max;

	(void)state;
	if (access(p, R_OK) != 0)
		skip();
	goelf_buf_init(&err, 256);
	assert_int_equal(goelf_load_file_opts(p, &o, &f, &err), GOELF_OK);
	assert_false(f.go.has_pclntab);
	goelf_rt_symtab_build(&t, &f);
	assert_true(goelf_rt_defines(&f, &t, "memcpy", goelf_rt_hash("memcpy"),
				     "GLIBC_2.2.5", false, false));
	assert_true(goelf_rt_defines(&f, &t, "memcpy", goelf_rt_hash("memcpy"),
				     "GLIBC_2.14", false, false));
	assert_false(goelf_rt_defines(&f, &t, "memcpy", goelf_rt_hash("memcpy"),
				      "GLIBC_2.99", false, false));
	assert_true(goelf_rt_defines(&f, &t, "memcpy", goelf_rt_hash("memcpy"),
				     NULL, false, false));
	assert_false(goelf_rt_defines(&f, &t, "no_such_function_here",
				      goelf_rt_hash("no_such_function_here"),
				      NULL, false, false));
	max = goelf_rt_glibc_max(&f);
	assert_non_null(max);
	assert_int_equal(strncmp(max, "GLIBC_2.", 8), 0);
	free(max);
	goelf_rt_symtab_release(&t);
	goelf_facts_release(&f);
	goelf_buf_release(&err);
}

/* GLIBC_2.10 is above GLIBC_2.9: numeric, not lexical. */
static void
test_glibc_max(void **state)
{
	struct hb h;
	char *m;

	(void)state;
	hb_init(&h);
	hb_verdef(&h, 1, "libc.so.6", VER_FLG_BASE);
	hb_verdef(&h, 2, "GLIBC_2.2.5", 0);
	hb_verdef(&h, 3, "GLIBC_2.10", 0);
	hb_verdef(&h, 4, "GLIBC_2.9", 0);
	hb_verdef(&h, 5, "GLIBC_PRIVATE", 0);
	hb_verdef(&h, 6, "GLIBC_ABI_DT_RELR", 0);
	m = goelf_rt_glibc_max(&h.f);
	assert_string_equal(m, "GLIBC_2.10");
	free(m);
	goelf_facts_release(&h.f);
}

/* --- open_verify --------------------------------------------------------- */

static void
mk_ehdr(struct goelf_rt_lib *l)
{
	memset(l, 0, sizeof(*l));
	memcpy(l->ehdr, ELFMAG, 4);
	l->ehdr[EI_CLASS] = ELFCLASS64;
	l->ehdr[EI_DATA] = ELFDATA2LSB;
	l->ehdr[EI_VERSION] = EV_CURRENT;
	l->ehdr[16] = ET_DYN;
	l->ehdr[18] = EM_X86_64;
	l->ehdr[20] = EV_CURRENT;
	l->ehdr[54] = 56;
	l->nehdr = 64;
}

static int
verify(struct goelf_rt_lib *l, const char **why)
{
	return goelf_rt_verify(l, 64, GOELF_LITTLE, EM_X86_64, why);
}

static void
test_verify(void **state)
{
	struct goelf_rt_lib l;
	const char *why;

	(void)state;
	mk_ehdr(&l);
	assert_int_equal(verify(&l, &why), 0);
	l.ehdr[EI_OSABI] = ELFOSABI_GNU;
	l.ehdr[EI_ABIVERSION] = 3; /* ABSOLUTE < LIBC_ABI_MAX 4 on x86 */
	assert_int_equal(verify(&l, &why), 0);
	l.ehdr[EI_ABIVERSION] = 4;
	assert_int_equal(verify(&l, &why), -1);
	assert_string_equal(why, "ELF file ABI version invalid");
	mk_ehdr(&l);
	l.ehdr[EI_CLASS] = ELFCLASS32; /* skipped, not fatal */
	assert_int_equal(verify(&l, &why), 1);
	mk_ehdr(&l);
	l.ehdr[18] = EM_AARCH64;
	assert_int_equal(verify(&l, &why), 1);
	mk_ehdr(&l);
	l.ehdr[EI_OSABI] = ELFOSABI_FREEBSD;
	assert_int_equal(verify(&l, &why), -1);
	assert_string_equal(why, "ELF file OS ABI invalid");
	mk_ehdr(&l);
	l.ehdr[EI_DATA] = ELFDATA2MSB;
	assert_int_equal(verify(&l, &why), -1);
	assert_string_equal(why, "ELF file data encoding not little-endian");
	mk_ehdr(&l);
	l.ehdr[EI_PAD + 2] = 1;
	assert_int_equal(verify(&l, &why), -1);
	assert_string_equal(why, "nonzero padding in e_ident");
	mk_ehdr(&l);
	l.ehdr[16] = ET_REL;
	assert_int_equal(verify(&l, &why), -1);
	assert_string_equal(why, "only ET_DYN and ET_EXEC can be loaded");
	mk_ehdr(&l);
	l.ehdr[54] = 32;
	assert_int_equal(verify(&l, &why), -1);
	mk_ehdr(&l);
	l.nehdr = 40;
	assert_int_equal(verify(&l, &why), -1);
	assert_string_equal(why, "file too short");
	mk_ehdr(&l);
	l.ehdr[1] = 'X';
	assert_int_equal(verify(&l, &why), -1);
	assert_string_equal(why, "invalid ELF header");
}

/* --- DSTs and names ------------------------------------------------------ */

static void
test_expand(void **state)
{
	char out[256];

	(void)state;
	assert_true(goelf_rt_expand("$ORIGIN/../lib", "/app/bin", "lib64",
				    "x86_64", false, out, sizeof(out)));
	assert_string_equal(out, "/app/bin/../lib");
	assert_true(goelf_rt_expand("${ORIGIN}/x:$LIB/$PLATFORM", "/o", "L",
				    "P", false, out, sizeof(out)));
	assert_string_equal(out, "/o/x:L/P");
	/* not a DST: kept as written */
	assert_true(goelf_rt_expand("/a/$ORIGINX/$FOO", "/o", "L", "P", false,
				    out, sizeof(out)));
	assert_string_equal(out, "/a/$ORIGINX/$FOO");
	/* a known DST without a value drops the element */
	assert_false(goelf_rt_expand("/a/$PLATFORM", "/o", "L", NULL, false,
				     out, sizeof(out)));
	/* musl: $ORIGIN only; anything else voids it */
	assert_true(goelf_rt_expand("$ORIGIN/lib", "/o", "L", "P", true, out,
				    sizeof(out)));
	assert_string_equal(out, "/o/lib");
	assert_false(goelf_rt_expand("/x/$LIB", "/o", "L", "P", true, out,
				     sizeof(out)));
	/* too long for out */
	assert_false(goelf_rt_expand("$ORIGIN/abcdefgh", "/o", "L", "P", false,
				     out, 8));
}

static void
test_musl_reserved(void **state)
{
	static const char *const yes[] = {
		"libc.so",	   "libc.so.6",	 "libm.so.6",
		"libpthread.so.0", "libdl.so.2", "librt.so.1",
		"libutil.so.1",	   "libxnet.so", "libm.so",
	};
	static const char *const no[] = {
		"libcrypt.so.1", "libresolv.so.2", "libcrypto.so.3",
		"libc",		 "libmagic.so.1",  "libmx.so",
		"c.so",		 "libdlx.so",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(yes); i++)
		assert_true(goelf_rt_musl_reserved(yes[i]));
	for (size_t i = 0; i < ARRAY_SIZE(no); i++)
		assert_false(goelf_rt_musl_reserved(no[i]));
}

/* The SYSTEM_DIRS of this machine's ld.so, as its --help prints them
 * under "(system search path)". */
static void
test_sysdirs(void **state)
{
	const char *ld = "/lib64/ld-linux-x86-64.so.2";
	struct goelf_strlist got = { 0 }, want = { 0 };
	char line[512], cmd[600];
	uint8_t *data;
	size_t n;
	FILE *f;

	(void)state;
	f = fopen(ld, "rb");
	if (!f)
		skip();
	data = malloc(8u << 20);
	n = fread(data, 1, 8u << 20, f);
	fclose(f);
	goelf_rt_find_sysdirs(data, n, &got);
	free(data);
	snprintf(cmd, sizeof(cmd), "%s --help 2>/dev/null", ld);
	f = popen(cmd, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char dir[512];

		if (strstr(line, "(system search path)") &&
		    sscanf(line, " %511s", dir) == 1) {
			strcat(dir, "/");
			goelf_strlist_add(&want, dir);
		}
	}
	pclose(f);
	if (!want.n)
		skip();
	assert_int_equal(got.n, want.n);
	for (size_t i = 0; i < want.n; i++)
		assert_string_equal(got.v[i], want.v[i]);
	goelf_strlist_release(&got);
	goelf_strlist_release(&want);
}

/* --- the library cache --------------------------------------------------- */

static uint8_t *
slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	uint8_t *d;

	if (!f)
		return NULL;
	d = malloc(16u << 20);
	*n = fread(d, 1, 16u << 20, f);
	fclose(f);
	return d;
}

/* Image mode: bytes in, facts kept, each path parsed once; a path
 * never added is NULL (cached too). */
static void
test_libs_bytes(void **state)
{
	struct goelf_rt_libs *c = goelf_rt_libs_new(NULL);
	const struct goelf_rt_lib *l, *l2;
	size_t n = 0, cached, parsed;
	uint8_t *d = slurp("/lib/x86_64-linux-gnu/libc.so.6", &n);

	(void)state;
	if (!d) {
		goelf_rt_libs_free(c);
		skip();
	}
	goelf_rt_libs_add_bytes(c, "/usr/lib/libc.so.6", d, n);
	goelf_rt_libs_add_bytes(c, "/usr/lib/libc.so.6", d, n);
	free(d);
	l = goelf_rt_libs_get(c, "/usr/lib/libc.so.6");
	assert_non_null(l);
	assert_int_equal(l->err, GOELF_OK);
	assert_string_equal(l->facts.soname, "libc.so.6");
	assert_non_null(l->glibc_max);
	assert_int_equal(l->sysdirs.n, 0);
	assert_null(goelf_rt_libs_get(c, "/nope.so"));
	goelf_rt_libs_stats(c, &cached, &parsed);
	assert_int_equal(cached, 2);
	assert_int_equal(parsed, 1);
	/* not ELF: kept with the error */
	goelf_rt_libs_add_bytes(c, "/text.so", (const uint8_t *)"hello", 5);
	l2 = goelf_rt_libs_get(c, "/text.so");
	assert_non_null(l2);
	assert_int_not_equal(l2->err, GOELF_OK);
	d = slurp("/lib64/ld-linux-x86-64.so.2", &n);
	if (d) {
		goelf_rt_libs_add_bytes(c, "/ld.so", d, n);
		free(d);
		l2 = goelf_rt_libs_get(c, "/ld.so");
		assert_non_null(l2);
		assert_true(l2->sysdirs.n >= 2);
	}
	goelf_rt_libs_free(c);
}

struct thr {
	struct goelf_rt_libs *c;
	const struct goelf_rt_lib *got[8];
};

static const char *const thr_paths[] = {
	"/lib/x86_64-linux-gnu/libc.so.6",
	"/lib/x86_64-linux-gnu/libm.so.6",
	"/lib64/ld-linux-x86-64.so.2",
	"/lib/x86_64-linux-gnu/libz.so.1",
	"/nonexistent/libx.so",
	"/etc/passwd",
};

static void *
thr_run(void *arg)
{
	struct thr *t = arg;

	for (int round = 0; round < 50; round++)
		for (size_t i = 0; i < ARRAY_SIZE(thr_paths); i++) {
			char res[4096];
			enum goelf_rootfs_kind k;

			if (goelf_rt_libs_stat(t->c, thr_paths[i], res,
					       sizeof(res), &k) == 0)
				t->got[i] = goelf_rt_libs_get(t->c, res);
		}
	return NULL;
}

/* Four threads on one cache get the same entries; each file is parsed
 * once. */
static void
test_libs_threads(void **state)
{
	struct goelf_buf err;
	struct goelf_rootfs *fs;
	struct goelf_rt_libs *c;
	struct thr t[4];
	pthread_t th[4];
	size_t cached, parsed, distinct = 0;

	(void)state;
	goelf_buf_init(&err, 256);
	fs = goelf_rootfs_open_dir("/", &err);
	assert_non_null(fs);
	c = goelf_rt_libs_new(fs);
	goelf_elf_init(); /* libelf's elf_version, once, as scan does */
	for (int i = 0; i < 4; i++) {
		memset(&t[i], 0, sizeof(t[i]));
		t[i].c = c;
		assert_int_equal(pthread_create(&th[i], NULL, thr_run, &t[i]),
				 0);
	}
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	for (size_t i = 0; i < ARRAY_SIZE(thr_paths); i++) {
		for (int k = 1; k < 4; k++)
			assert_ptr_equal(t[0].got[i], t[k].got[i]);
		if (t[0].got[i]) /* /etc/passwd too: read, not ELF */
			distinct++;
	}
	goelf_rt_libs_stats(c, &cached, &parsed);
	assert_int_equal(parsed, distinct);
	goelf_rt_libs_free(c);
	goelf_rootfs_free(fs);
	goelf_buf_release(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_versioned_reference),
		cmocka_unit_test(test_unversioned_reference),
		cmocka_unit_test(test_not_definitions),
		cmocka_unit_test(test_host_libc),
		cmocka_unit_test(test_glibc_max),
		cmocka_unit_test(test_verify),
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_musl_reserved),
		cmocka_unit_test(test_sysdirs),
		cmocka_unit_test(test_libs_bytes),
		cmocka_unit_test(test_libs_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
