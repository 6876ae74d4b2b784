/* test_load.c - goelf_load_file / goelf_report_file on the fixtures,
 * goelf_load_buffer on hand-made headers, and every crafted bad file. */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

/* Skips the calling test when fixture NAME was not built. */
#define NEED_FIXTURE(path)                                                   \
	do {                                                                 \
		if (access((path), R_OK) != 0) {                             \
			print_message("fixture %s missing: skipped\n",       \
				      (path));                               \
			skip();                                              \
		}                                                            \
	} while (0)

static bool
valid_err(enum goelf_err e)
{
	switch (e) {
	case GOELF_OK:
	case GOELF_E_IO:
	case GOELF_E_NOT_ELF:
	case GOELF_E_MALFORMED:
	case GOELF_E_UNSUPPORTED:
	case GOELF_E_NOMEM:
	case GOELF_E_NOT_REGULAR:
	case GOELF_E_TRUNCATED:
		return true;
	}
	return false;
}

static bool
has_verneed(const struct goelf_facts *f, const char *lib, const char *ver)
{
	for (size_t i = 0; i < f->nverneed; i++)
		if (!strcmp(f->verneed[i].library, lib) &&
		    !strcmp(f->verneed[i].version, ver))
			return true;
	return false;
}

/* Runs the whole pipeline on fixture NAME (skipping if missing) and
 * checks it loaded. */
static void
report(const char *name, struct goelf_report *r)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s", fixture(name));
	NEED_FIXTURE(path);
	assert_int_equal(goelf_report_file(path, r), GOELF_OK);
	assert_int_equal(r->err, GOELF_OK);
	assert_null(r->err_message);
	assert_string_equal(r->path, path);
	assert_string_equal(r->facts.path, path);
}

/* ------------------------------------------------------------ fixtures */

static void
test_go_static(void **state)
{
	struct goelf_report r;

	(void)state;
	report("go-static", &r);
	assert_int_equal(r.facts.elf_class, 64);
	assert_int_equal(r.facts.endian, GOELF_LITTLE);
	assert_int_equal(r.facts.e_type, ET_EXEC);
	assert_int_equal(r.facts.e_machine, EM_X86_64);
	assert_null(r.facts.interp);
	assert_int_equal(r.facts.needed.n, 0);
	assert_true(r.facts.has_shdrs);
	assert_non_null(r.facts.go_build_id);
	assert_true(r.an.is_go);
	assert_string_equal(r.an.arch, "amd64");
	assert_string_equal(r.an.os, "linux");
	assert_string_equal(r.an.type, "exec");
	assert_int_equal(r.an.link_kind, GOELF_LINK_STATIC);
	assert_false(r.an.is_pie);
	assert_int_equal(r.an.libc, GOELF_LIBC_NONE);
	assert_null(r.an.min_glibc);
	assert_int_equal(r.facts.nissues, 0);
	goelf_report_release(&r);
}

static void
test_go_static_facts_only(void **state)
{
	struct goelf_facts f;
	struct goelf_buf err;
	char path[4096];

	(void)state;
	snprintf(path, sizeof(path), "%s", fixture("go-static"));
	NEED_FIXTURE(path);
	memset(&f, 0, sizeof(f));
	goelf_buf_init(&err, 1024);
	assert_int_equal(goelf_load_file(path, &f, &err), GOELF_OK);
	assert_int_equal(err.len, 0);
	assert_int_equal(f.elf_class, 64);
	assert_true(f.file_size > 0);
	assert_true(f.nsegments > 0);
	assert_true(f.nsections > 0);
	assert_non_null(goelf_find_section(&f, ".gopclntab"));
	assert_non_null(goelf_find_section(&f, ".text"));
	assert_null(goelf_find_section(&f, ".no-such-section"));
	goelf_facts_release(&f);
	goelf_buf_release(&err);
}

static void
test_go_cgo_dyn(void **state)
{
	struct goelf_report r;

	(void)state;
	report("go-cgo-dyn", &r);
	assert_non_null(r.facts.interp);
	assert_string_equal(r.facts.interp, "/lib64/ld-linux-x86-64.so.2");
	assert_true(goelf_strlist_has(&r.facts.needed, "libc.so.6"));
	assert_true(r.facts.has_dynamic);
	assert_true(r.facts.nverneed > 0);
	assert_true(has_verneed(&r.facts, "libc.so.6", "GLIBC_2.2.5"));
	assert_true(r.an.is_go);
	assert_int_equal(r.an.link_kind, GOELF_LINK_DYNAMIC);
	assert_int_equal(r.an.libc, GOELF_LIBC_GLIBC);
	assert_non_null(r.an.min_glibc);
	assert_true(goelf_version_cmp(r.an.min_glibc, "2.2.5") >= 0);
	goelf_report_release(&r);
}

static void
check_be(const char *name, const char *arch, uint16_t em)
{
	struct goelf_report r;

	report(name, &r);
	assert_int_equal(r.facts.endian, GOELF_BIG);
	assert_int_equal(r.facts.elf_class, 64);
	assert_int_equal(r.facts.e_machine, em);
	assert_string_equal(r.an.arch, arch);
	assert_true(r.an.is_go);
	assert_non_null(r.facts.go_build_id);
	assert_int_equal(r.an.link_kind, GOELF_LINK_STATIC);
	assert_int_equal(r.an.libc, GOELF_LIBC_NONE);
	goelf_report_release(&r);
}

static void
test_go_s390x(void **state)
{
	(void)state;
	check_be("go-s390x", "s390x", EM_S390);
}

static void
test_go_ppc64(void **state)
{
	(void)state;
	check_be("go-ppc64", "ppc64", EM_PPC64);
}

static void
test_go_386(void **state)
{
	struct goelf_report r;

	(void)state;
	report("go-386", &r);
	assert_int_equal(r.facts.elf_class, 32);
	assert_int_equal(r.facts.endian, GOELF_LITTLE);
	assert_string_equal(r.an.arch, "386");
	assert_true(r.an.is_go);
	assert_int_equal(r.an.link_kind, GOELF_LINK_STATIC);
	goelf_report_release(&r);
}

static void
test_go_noshdr(void **state)
{
	struct goelf_report r;

	(void)state;
	report("go-noshdr", &r);
	assert_false(r.facts.has_shdrs);
	assert_int_equal(r.facts.nsections, 0);
	assert_non_null(r.facts.interp);
	assert_string_equal(r.facts.interp, "/lib64/ld-linux-x86-64.so.2");
	assert_true(goelf_strlist_has(&r.facts.needed, "libc.so.6"));
	assert_true(r.facts.nverneed > 0);
	assert_true(has_verneed(&r.facts, "libc.so.6", "GLIBC_2.2.5"));
	assert_non_null(r.facts.go_build_id);
	assert_true(strlen(r.facts.go_build_id) > 0);
	assert_true(r.an.is_go);
	assert_int_equal(r.an.link_kind, GOELF_LINK_DYNAMIC);
	assert_int_equal(r.an.libc, GOELF_LIBC_GLIBC);
	assert_non_null(r.an.min_glibc);
	goelf_report_release(&r);
}

static void
test_noshdr_matches_cgo_dyn(void **state)
{
	struct goelf_report a, b;

	(void)state;
	report("go-cgo-dyn", &a);
	if (access(fixture("go-noshdr"), R_OK) != 0) {
		goelf_report_release(&a);
		skip();
	}
	report("go-noshdr", &b);
	assert_non_null(a.facts.go_build_id);
	assert_non_null(b.facts.go_build_id);
	assert_string_equal(a.facts.go_build_id, b.facts.go_build_id);
	assert_int_equal(a.facts.needed.n, b.facts.needed.n);
	assert_int_equal(a.facts.nverneed, b.facts.nverneed);
	assert_string_equal(a.an.min_glibc, b.an.min_glibc);
	goelf_report_release(&a);
	goelf_report_release(&b);
}

static void
test_go_musl_static(void **state)
{
	struct goelf_report r;

	(void)state;
	report("go-musl-static", &r);
	assert_null(r.facts.interp);
	assert_int_equal(r.facts.needed.n, 0);
	assert_true(r.an.is_go);
	assert_int_equal(r.an.link_kind, GOELF_LINK_STATIC);
	assert_int_equal(r.an.libc, GOELF_LIBC_MUSL);
	assert_null(r.an.min_glibc);
	goelf_report_release(&r);
}

static void
test_go_static_glibc(void **state)
{
	struct goelf_report r;

	(void)state;
	report("go-static-glibc", &r);
	assert_null(r.facts.interp);
	assert_true(r.an.is_go);
	assert_int_equal(r.an.link_kind, GOELF_LINK_STATIC);
	assert_int_equal(r.an.libc, GOELF_LIBC_GLIBC);
	goelf_report_release(&r);
}

static void
test_c_hello(void **state)
{
	struct goelf_report r;

	(void)state;
	report("c-hello", &r);
	assert_false(r.an.is_go);
	assert_null(r.facts.go_build_id);
	assert_non_null(r.facts.interp);
	assert_true(goelf_strlist_has(&r.facts.needed, "libc.so.6"));
	assert_int_equal(r.an.link_kind, GOELF_LINK_DYNAMIC);
	assert_int_equal(r.an.libc, GOELF_LIBC_GLIBC);
	goelf_report_release(&r);
}

/* ------------------------------------------------------ error paths */

static void
test_file_errors(void **state)
{
	struct goelf_report r;

	(void)state;
	assert_int_equal(goelf_report_file("/nonexistent/goelf/xyz", &r),
			 GOELF_E_IO);
	assert_int_equal(r.err, GOELF_E_IO);
	assert_non_null(r.err_message);
	assert_true(strlen(r.err_message) > 0);
	goelf_report_release(&r);

	assert_int_equal(goelf_report_file("/", &r), GOELF_E_NOT_REGULAR);
	assert_non_null(r.err_message);
	goelf_report_release(&r);

	assert_string_equal(goelf_errcode(GOELF_E_NOT_ELF), "not_elf");
	assert_string_equal(goelf_errcode((enum goelf_err)99), "unknown");
	assert_string_equal(goelf_strerror(GOELF_OK), "success");
	assert_non_null(goelf_strerror((enum goelf_err)-1));
}

/* --------------------------------------------------- hand-made buffers */

static enum goelf_err
load_buf(const void *data, size_t size, struct goelf_facts *f)
{
	struct goelf_buf err;
	enum goelf_err e;

	memset(f, 0, sizeof(*f));
	goelf_buf_init(&err, 1024);
	e = goelf_load_buffer(data, size, "buf", f, &err);
	if (e != GOELF_OK)
		assert_true(err.len > 0);
	goelf_buf_release(&err);
	return e;
}

static void
test_buffer_empty(void **state)
{
	static const uint8_t one[1] = {0};
	struct goelf_facts f;
	struct goelf_report r;

	(void)state;
	assert_int_equal(load_buf(NULL, 0, &f), GOELF_E_NOT_ELF);
	goelf_facts_release(&f);
	assert_int_equal(load_buf(one, 0, &f), GOELF_E_NOT_ELF);
	goelf_facts_release(&f);

	assert_int_equal(goelf_report_buffer(one, 0, NULL, &r),
			 GOELF_E_NOT_ELF);
	assert_string_equal(r.path, "<buffer>");
	assert_non_null(r.err_message);
	goelf_report_release(&r);
}

static void
test_buffer_three_bytes(void **state)
{
	static const uint8_t b[3] = {0x7f, 'E', 'L'};
	struct goelf_facts f;

	(void)state;
	assert_int_equal(load_buf(b, sizeof(b), &f), GOELF_E_NOT_ELF);
	goelf_facts_release(&f);
}

static void
test_buffer_not_elf(void **state)
{
	static const char text[] = "#!/bin/sh\necho hi\n";
	struct goelf_facts f;

	(void)state;
	assert_int_equal(load_buf(text, sizeof(text) - 1, &f),
			 GOELF_E_NOT_ELF);
	goelf_facts_release(&f);
}

static void
test_buffer_short_ident(void **state)
{
	static const uint8_t b[10] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
	struct goelf_facts f;

	(void)state;
	assert_int_equal(load_buf(b, sizeof(b), &f), GOELF_E_MALFORMED);
	goelf_facts_release(&f);
}

static void
test_buffer_bad_class(void **state)
{
	uint8_t b[16] = {0x7f, 'E', 'L', 'F', 7, 1, 1};
	struct goelf_facts f;

	(void)state;
	assert_int_equal(load_buf(b, sizeof(b), &f), GOELF_E_UNSUPPORTED);
	goelf_facts_release(&f);
	b[4] = 2;
	b[5] = 9; /* bad data encoding */
	assert_int_equal(load_buf(b, sizeof(b), &f), GOELF_E_UNSUPPORTED);
	goelf_facts_release(&f);
	b[5] = 1;
	b[6] = 2; /* bad version */
	assert_int_equal(load_buf(b, sizeof(b), &f), GOELF_E_UNSUPPORTED);
	goelf_facts_release(&f);
	/* A valid ident but no room for the rest of the header. */
	b[6] = 1;
	assert_int_equal(load_buf(b, sizeof(b), &f), GOELF_E_MALFORMED);
	goelf_facts_release(&f);
}

static void
put16(uint8_t *p, uint16_t v, bool be)
{
	p[be ? 1 : 0] = (uint8_t)v;
	p[be ? 0 : 1] = (uint8_t)(v >> 8);
}

static void
put32(uint8_t *p, uint32_t v, bool be)
{
	for (int i = 0; i < 4; i++)
		p[be ? 3 - i : i] = (uint8_t)(v >> (8 * i));
}

/* A 64-byte Elf64_Ehdr, little-endian x86-64 ET_EXEC, no tables. */
static void
make_ehdr64(uint8_t *b)
{
	memset(b, 0, 64);
	memcpy(b, ELFMAG, SELFMAG);
	b[EI_CLASS] = ELFCLASS64;
	b[EI_DATA] = ELFDATA2LSB;
	b[EI_VERSION] = EV_CURRENT;
	put16(b + 16, ET_EXEC, false);	 /* e_type */
	put16(b + 18, EM_X86_64, false); /* e_machine */
	put32(b + 20, EV_CURRENT, false); /* e_version */
	b[24] = 0x00;			 /* e_entry 0x401000 */
	b[25] = 0x10;
	b[26] = 0x40;
	put16(b + 52, 64, false); /* e_ehsize */
	put16(b + 54, 56, false); /* e_phentsize */
	put16(b + 58, 64, false); /* e_shentsize */
}

/* A 52-byte Elf32_Ehdr, big-endian MIPS ET_EXEC, no tables. */
static void
make_ehdr32be(uint8_t *b)
{
	memset(b, 0, 52);
	memcpy(b, ELFMAG, SELFMAG);
	b[EI_CLASS] = ELFCLASS32;
	b[EI_DATA] = ELFDATA2MSB;
	b[EI_VERSION] = EV_CURRENT;
	put16(b + 16, ET_EXEC, true);
	put16(b + 18, EM_MIPS, true);
	put32(b + 20, EV_CURRENT, true);
	put32(b + 24, 0x10000, true); /* e_entry */
	put16(b + 40, 52, true);      /* e_ehsize */
	put16(b + 42, 32, true);      /* e_phentsize */
	put16(b + 46, 40, true);      /* e_shentsize */
}

static void
test_buffer_min64(void **state)
{
	uint8_t b[64];
	struct goelf_report r;

	(void)state;
	make_ehdr64(b);
	assert_int_equal(goelf_report_buffer(b, sizeof(b), "min64", &r),
			 GOELF_OK);
	assert_string_equal(r.path, "min64");
	assert_int_equal(r.facts.file_size, 64);
	assert_int_equal(r.facts.elf_class, 64);
	assert_int_equal(r.facts.endian, GOELF_LITTLE);
	assert_int_equal(r.facts.e_type, ET_EXEC);
	assert_int_equal(r.facts.e_machine, EM_X86_64);
	assert_true(r.facts.e_entry == 0x401000);
	assert_false(r.facts.has_shdrs);
	assert_int_equal(r.facts.nsegments, 0);
	assert_int_equal(r.facts.nsections, 0);
	assert_null(r.facts.interp);
	assert_false(r.facts.has_dynamic);
	assert_int_equal(r.facts.nissues, 0);
	assert_int_equal(r.an.link_kind, GOELF_LINK_STATIC);
	assert_false(r.an.is_go);
	assert_string_equal(r.an.arch, "amd64");
	for (size_t i = 0; i < r.findings.n; i++)
		assert_string_not_equal(r.findings.v[i].id, "input.malformed");
	goelf_report_release(&r);
}

static void
test_buffer_min32be(void **state)
{
	uint8_t b[52];
	struct goelf_report r;

	(void)state;
	make_ehdr32be(b);
	assert_int_equal(goelf_report_buffer(b, sizeof(b), "min32", &r),
			 GOELF_OK);
	assert_int_equal(r.facts.elf_class, 32);
	assert_int_equal(r.facts.endian, GOELF_BIG);
	assert_int_equal(r.facts.e_type, ET_EXEC);
	assert_int_equal(r.facts.e_machine, EM_MIPS);
	assert_true(r.facts.e_entry == 0x10000);
	assert_false(r.facts.has_shdrs);
	assert_int_equal(r.an.link_kind, GOELF_LINK_STATIC);
	assert_string_equal(r.an.arch, "mips");
	goelf_report_release(&r);

	/* One byte short of the ELF32 header. */
	assert_int_equal(goelf_report_buffer(b, sizeof(b) - 1, "min32", &r),
			 GOELF_E_MALFORMED);
	goelf_report_release(&r);
}

static void
test_buffer_phoff_beyond(void **state)
{
	uint8_t b[64];
	struct goelf_report r;

	(void)state;
	make_ehdr64(b);
	b[32] = 0x00; /* e_phoff 0x1000, past the end */
	b[33] = 0x10;
	put16(b + 56, 2, false); /* e_phnum */
	/* Whatever libelf thinks of it, this must not crash and, when it
	 * loads, must record the bad table as an issue. */
	if (goelf_report_buffer(b, sizeof(b), "phoff", &r) == GOELF_OK) {
		assert_int_equal(r.facts.nsegments, 0);
		assert_true(r.facts.nissues > 0);
	}
	goelf_report_release(&r);
}

/* Every truncation of a real ELF header: never crashes, always an error
 * or a clean load. */
static void
test_buffer_truncations(void **state)
{
	uint8_t b[64];

	(void)state;
	make_ehdr64(b);
	for (size_t n = 0; n <= sizeof(b); n++) {
		struct goelf_report r;
		uint8_t *copy = malloc(n ? n : 1);

		assert_non_null(copy);
		memcpy(copy, b, n);
		enum goelf_err e = goelf_report_buffer(copy, n, "t", &r);

		assert_true(valid_err(e));
		if (n < 4)
			assert_int_equal(e, GOELF_E_NOT_ELF);
		else if (n < 64)
			assert_int_equal(e, GOELF_E_MALFORMED);
		else
			assert_int_equal(e, GOELF_OK);
		goelf_report_release(&r);
		free(copy);
	}
}

/* ------------------------------------------------------- bad files */

static void
test_bad_files(void **state)
{
	const char *dir = getenv("GOELF_BAD");
	DIR *d;
	struct dirent *de;
	int n = 0, errors = 0;

	(void)state;
	if (!dir)
		dir = "build/bad";
	d = opendir(dir);
	if (!d) {
		print_message("%s: %s: skipped (run make bad)\n", dir,
			      strerror(errno));
		skip();
	}
	while ((de = readdir(d)) != NULL) {
		char path[4096];
		struct goelf_report r;
		struct stat st;
		enum goelf_err e;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		e = goelf_report_file(path, &r);
		assert_true(valid_err(e));
		assert_int_equal(r.err, e);
		if (e != GOELF_OK) {
			assert_non_null(r.err_message);
			errors++;
		}
		goelf_report_release(&r);
		assert_null(r.path);
		n++;
	}
	closedir(d);
	print_message("%d bad files read, %d with a load error\n", n, errors);
	assert_true(n > 0);
}

/* Same bytes through goelf_report_buffer: file and buffer agree. */
static void
test_bad_files_buffer(void **state)
{
	const char *dir = getenv("GOELF_BAD");
	DIR *d;
	struct dirent *de;

	(void)state;
	if (!dir)
		dir = "build/bad";
	d = opendir(dir);
	if (!d)
		skip();
	while ((de = readdir(d)) != NULL) {
		char path[4096];
		struct goelf_report rf, rb;
		FILE *fp;
		uint8_t *data;
		long size;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		fp = fopen(path, "rb");
		if (!fp)
			continue;
		if (fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) < 0) {
			fclose(fp);
			continue;
		}
		rewind(fp);
		data = malloc((size_t)size + 1);
		assert_non_null(data);
		assert_int_equal(fread(data, 1, (size_t)size, fp),
				 (size_t)size);
		fclose(fp);

		goelf_report_file(path, &rf);
		goelf_report_buffer(data, (size_t)size, path, &rb);
		if (rf.err != rb.err)
			print_message("%s: file %s, buffer %s\n", de->d_name,
				      goelf_errcode(rf.err),
				      goelf_errcode(rb.err));
		assert_int_equal(rf.err, rb.err);
		assert_int_equal(rf.facts.nissues, rb.facts.nissues);
		goelf_report_release(&rf);
		goelf_report_release(&rb);
		free(data);
	}
	closedir(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_go_static),
		cmocka_unit_test(test_go_static_facts_only),
		cmocka_unit_test(test_go_cgo_dyn),
		cmocka_unit_test(test_go_s390x),
		cmocka_unit_test(test_go_ppc64),
		cmocka_unit_test(test_go_386),
		cmocka_unit_test(test_go_noshdr),
		cmocka_unit_test(test_noshdr_matches_cgo_dyn),
		cmocka_unit_test(test_go_musl_static),
		cmocka_unit_test(test_go_static_glibc),
		cmocka_unit_test(test_c_hello),
		cmocka_unit_test(test_file_errors),
		cmocka_unit_test(test_buffer_empty),
		cmocka_unit_test(test_buffer_three_bytes),
		cmocka_unit_test(test_buffer_not_elf),
		cmocka_unit_test(test_buffer_short_ident),
		cmocka_unit_test(test_buffer_bad_class),
		cmocka_unit_test(test_buffer_min64),
		cmocka_unit_test(test_buffer_min32be),
		cmocka_unit_test(test_buffer_phoff_beyond),
		cmocka_unit_test(test_buffer_truncations),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_bad_files_buffer),
	};

	return cmocka_run_group_tests_name("load", tests, NULL, NULL);
}
