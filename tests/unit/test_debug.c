/* test_debug.c - debug sections, the strip model (hand-built facts), the
 * DWARF summary on fixtures, and hostile DWARF (cut, bombs). */
#include "testutil.h"

#include <jansson.h>

/* ---- hand-built facts ---------------------------------------------- */

static void
add_sec(struct goelf_facts *f, const char *name, uint32_t type,
	uint64_t flags, uint64_t off, uint64_t size, uint64_t align)
{
	struct goelf_section *s;

	f->sections = goelf_xrealloc(f->sections, (f->nsections + 1) *
							  sizeof(*f->sections));
	s = &f->sections[f->nsections++];
	memset(s, 0, sizeof(*s));
	s->name = goelf_xstrdup(name);
	s->type = type;
	s->flags = flags;
	s->offset = off;
	s->size = size;
	s->addralign = align;
	s->in_file = type != SHT_NOBITS && type != SHT_NULL;
}

/*
 * An ELF64 executable laid out like GNU ld output:
 *   0x1000 .text (0x100)   0x2000 .data (0x10)   0x2010 .bss (NOBITS)
 *   0x2010 .comment (0x27) 0x2037 .debug_info (0x1000)
 *   0x3038 .symtab (0x180, align 8)  0x31b8 .strtab (0x50)
 *   0x3208 .shstrtab (0x40)  0x3248 section headers (9 x 64)
 */
static void
build_ld_layout(struct goelf_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->elf_class = 64;
	f->endian = GOELF_LITTLE;
	f->e_type = ET_EXEC;
	f->e_machine = EM_X86_64;
	add_sec(f, "", SHT_NULL, 0, 0, 0, 0);
	add_sec(f, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 0x1000,
		0x100, 16);
	add_sec(f, ".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 0x2000, 0x10,
		8);
	add_sec(f, ".bss", SHT_NOBITS, SHF_ALLOC | SHF_WRITE, 0x2010, 0x1000,
		32);
	add_sec(f, ".comment", SHT_PROGBITS, SHF_MERGE | SHF_STRINGS, 0x2010,
		0x27, 1);
	add_sec(f, ".debug_info", SHT_PROGBITS, 0, 0x2037, 0x1001, 1);
	add_sec(f, ".symtab", SHT_SYMTAB, 0, 0x3038, 0x180, 8);
	f->sections[6].link = 7;
	add_sec(f, ".strtab", SHT_STRTAB, 0, 0x31b8, 0x50, 1);
	add_sec(f, ".shstrtab", SHT_STRTAB, 0, 0x3208, 0x40, 1);
	f->shoff = 0x3248;
	f->shdr_table_bytes = 9 * 64;
	f->file_size = 0x3248 + 9 * 64;
	f->has_shdrs = true;
	f->has_symtab = true;
}

static bool
has_finding(const struct goelf_findings *fs, const char *id)
{
	for (size_t i = 0; i < fs->n; i++)
		if (!strcmp(fs->v[i].id, id))
			return true;
	return false;
}

static const struct goelf_finding *
get_finding(const struct goelf_findings *fs, const char *id)
{
	for (size_t i = 0; i < fs->n; i++)
		if (!strcmp(fs->v[i].id, id))
			return &fs->v[i];
	return NULL;
}

static void
test_strip_model_ld(void **state)
{
	struct goelf_facts f;
	struct goelf_analysis an = {0};
	struct goelf_findings fs = {0};
	/* names kept by --strip-all: .text .data .bss .comment .shstrtab */
	uint64_t names_all = 1 + 6 + 6 + 5 + 9 + 10;
	uint64_t all, dbg, sw;

	(void)state;
	build_ld_layout(&f);
	goelf_an_debug(&f, &an, &fs);

	assert_true(an.has_strip_model);
	/* after .data (0x2010): .comment, names, headers aligned to 8 */
	all = 0x2037 + names_all;
	all = (all + 7) & ~7ull;
	all += (4 + 2) * 64;
	assert_int_equal(an.size_strip_all, all);
	assert_int_equal(an.savings_strip_all, f.file_size - all);

	/* --strip-debug keeps .symtab (aligned to 8) and .strtab */
	dbg = 0x2038 + 0x180 + 0x50 + names_all + 8 + 8;
	dbg = (dbg + 7) & ~7ull;
	dbg += (6 + 2) * 64;
	assert_int_equal(an.size_strip_debug, dbg);

	/* -s -w: .shstrtab and the headers after the DWARF move up */
	sw = 0x2037 + names_all;
	sw = (sw + 7) & ~7ull;
	sw += (4 + 2) * 64;
	assert_int_equal(an.savings_go_s_w, f.file_size - sw);

	/* listed: everything non-alloc but .shstrtab */
	assert_int_equal(an.ndebug_sections, 4);
	assert_string_equal(an.debug_sections[0].name, ".comment");
	assert_string_equal(an.debug_sections[1].name, ".debug_info");
	assert_int_equal(an.debug_total, 0x27 + 0x1001 + 0x180 + 0x50);

	assert_true(has_finding(&fs, "debug.sections_present"));
	assert_true(has_finding(&fs, "debug.symtab_present"));
	assert_true(has_finding(&fs, "debug.strip_recommended"));
	assert_false(has_finding(&fs, "debug.build_paths_leaked"));
	assert_false(has_finding(&fs, "debug.dwarf_unavailable"));
	assert_non_null(strstr(get_finding(&fs, "debug.strip_recommended")
				       ->message,
			       "vulnerability scanning"));

	goelf_findings_release(&fs);
	goelf_analysis_release(&an);
	goelf_facts_release(&f);
}

/* Go's internal linker: headers near the start, .shstrtab between
 * allocated sections, DWARF and symbols last from a page boundary.  -s -w
 * simply ends the file at the first DWARF byte. */
static void
test_strip_model_go_internal(void **state)
{
	struct goelf_facts f;
	struct goelf_analysis an = {0};
	struct goelf_findings fs = {0};

	(void)state;
	memset(&f, 0, sizeof(f));
	f.elf_class = 64;
	f.e_type = ET_EXEC;
	add_sec(&f, "", SHT_NULL, 0, 0, 0, 0);
	add_sec(&f, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 0x1000,
		0x800, 32);
	add_sec(&f, ".rodata", SHT_PROGBITS, SHF_ALLOC, 0x2000, 0x100, 32);
	add_sec(&f, ".shstrtab", SHT_STRTAB, 0, 0x2100, 0x60, 1);
	add_sec(&f, ".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 0x3000,
		0x123, 32);
	add_sec(&f, ".zdebug_info", SHT_PROGBITS, 0, 0x4000, 0x800, 1);
	f.sections[5].is_compressed = true;
	f.sections[5].ch_type = ELFCOMPRESS_ZLIB;
	f.sections[5].uncompressed_size = 0x2000;
	add_sec(&f, ".symtab", SHT_SYMTAB, 0, 0x4800, 0x300, 8);
	f.sections[6].link = 7;
	add_sec(&f, ".strtab", SHT_STRTAB, 0, 0x4b00, 0x100, 1);
	f.shoff = 0x1c8;
	f.shdr_table_bytes = 8 * 64;
	f.file_size = 0x4c00;
	f.has_shdrs = true;
	goelf_an_debug(&f, &an, &fs);
	assert_true(an.has_strip_model);
	assert_int_equal(an.savings_go_s_w, 0x4c00 - 0x4000);
	/* strip: .data ends at 0x3123; names .text .rodata .data
	 * .shstrtab; headers (3 + 2) * 64 */
	assert_int_equal(an.size_strip_all,
			 ((0x3123 + 1 + 6 + 8 + 6 + 10 + 7) & ~7ull) + 5 * 64);
	assert_true(an.debug_sections[0].compressed);
	assert_int_equal(an.debug_sections[0].uncompressed_size, 0x2000);
	goelf_findings_release(&fs);
	goelf_analysis_release(&an);
	goelf_facts_release(&f);
}

static void
test_strip_model_refused(void **state)
{
	struct goelf_facts f;
	struct goelf_analysis an = {0};
	struct goelf_findings fs = {0};

	(void)state;
	/* relocatable objects: strip rewrites relocations, no model */
	build_ld_layout(&f);
	f.e_type = ET_REL;
	goelf_an_debug(&f, &an, &fs);
	assert_false(an.has_strip_model);
	assert_true(has_finding(&fs, "debug.sections_present"));
	assert_false(has_finding(&fs, "debug.strip_recommended"));
	goelf_findings_release(&fs);
	goelf_analysis_release(&an);
	goelf_facts_release(&f);

	/* a section outside the file: the table is not trusted */
	build_ld_layout(&f);
	f.sections[5].in_file = false;
	goelf_an_debug(&f, &an, &fs);
	assert_false(an.has_strip_model);
	goelf_findings_release(&fs);
	goelf_analysis_release(&an);
	goelf_facts_release(&f);

	/* no section headers at all */
	memset(&f, 0, sizeof(f));
	f.elf_class = 64;
	f.e_type = ET_EXEC;
	f.file_size = 4096;
	goelf_an_debug(&f, &an, &fs);
	assert_false(an.has_strip_model);
	assert_int_equal(an.ndebug_sections, 0);
	assert_int_equal(fs.n, 0);
	goelf_findings_release(&fs);
	goelf_analysis_release(&an);
	goelf_facts_release(&f);
}

/* Suffix merging of the new .shstrtab: ".plt" is stored inside
 * ".rela.plt" (BFD _bfd_elf_strtab_finalize). */
static void
test_shstrtab_suffix_merge(void **state)
{
	struct goelf_facts f;
	struct goelf_analysis an = {0};
	struct goelf_findings fs = {0};
	uint64_t names;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.elf_class = 32;
	f.e_type = ET_DYN;
	add_sec(&f, "", SHT_NULL, 0, 0, 0, 0);
	add_sec(&f, ".rela.plt", SHT_RELA, SHF_ALLOC, 0x100, 0x18, 4);
	add_sec(&f, ".plt", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 0x120,
		0x20, 16);
	add_sec(&f, ".symtab", SHT_SYMTAB, 0, 0x141, 0x20, 4);
	f.sections[3].link = 4;
	add_sec(&f, ".strtab", SHT_STRTAB, 0, 0x161, 0x10, 1);
	add_sec(&f, ".shstrtab", SHT_STRTAB, 0, 0x171, 0x30, 1);
	f.shoff = 0x1a4;
	f.shdr_table_bytes = 6 * 40;
	f.file_size = 0x1a4 + 6 * 40;
	f.has_shdrs = true;
	goelf_an_debug(&f, &an, &fs);
	assert_true(an.has_strip_model);
	/* --strip-debug: .symtab right after .plt at 0x140 (ELF32: align
	 * 4); names: "" + ".rela.plt" (holds ".plt") + ".symtab" +
	 * ".strtab" + ".shstrtab" (".strtab" is not its suffix) */
	names = 1 + 10 + 8 + 8 + 10;
	assert_int_equal(an.size_strip_debug,
			 ((0x140 + 0x20 + 0x10 + names + 3) & ~3ull) +
				 (4 + 2) * 40);
	goelf_findings_release(&fs);
	goelf_analysis_release(&an);
	goelf_facts_release(&f);
}

/* Hostile section names are escaped in text and valid UTF-8 in JSON. */
static void
test_render_escapes(void **state)
{
	struct goelf_report r;
	char *buf = NULL, *js;
	size_t len = 0;
	FILE *m;
	json_t *j;

	(void)state;
	memset(&r, 0, sizeof(r));
	build_ld_layout(&r.facts);
	free(r.facts.sections[4].name);
	r.facts.sections[4].name = goelf_xstrdup(".co\x1b[31m\xff");
	r.facts.dwarf.present = true;
	r.facts.dwarf.error = goelf_xstrdup("bad \x07 thing");
	goelf_analyze(&r.facts, &r.an, &r.findings);
	m = open_memstream(&buf, &len);
	assert_non_null(m);
	goelf_text_debug(&r, m);
	fclose(m);
	assert_non_null(strstr(buf, "Debug and size"));
	assert_non_null(strstr(buf, ".co\\x1b[31m\\xff"));
	assert_null(strchr(buf, '\x1b'));
	assert_non_null(strstr(buf, "bad \\x07 thing"));
	assert_non_null(strstr(buf, "strip --strip-all"));
	free(buf);
	j = goelf_json_debug(&r);
	js = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII);
	assert_non_null(js);
	assert_non_null(strstr(js, "\"total_bytes\":"));
	assert_non_null(strstr(js, "\"go_ldflags_s_w\":"));
	assert_non_null(strstr(js, "\"dwarf\":null"));
	assert_non_null(strcasestr(js, "\\ufffd"));
	free(js);
	json_decref(j);
	goelf_report_release(&r);
}

/* ---- fixtures ------------------------------------------------------ */

static bool
have(const char *path)
{
	if (access(path, R_OK) == 0)
		return true;
	fprintf(stderr, "skipping: %s missing (make fixtures)\n", path);
	return false;
}

static bool
list_has_prefix(const struct goelf_strlist *l, const char *p)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strncmp(l->v[i], p, strlen(p)))
			return true;
	return false;
}

static void
dwarf_fixture(const char *name, const char *producer, const char *lang)
{
	const struct goelf_opts o = {.dwarf = true};
	struct goelf_report r;
	const struct goelf_dwarf *d;

	if (!have(fixture(name)))
		return;
	assert_int_equal(goelf_report_file_opts(fixture(name), &o, &r),
			 GOELF_OK);
	d = &r.facts.dwarf;
	assert_true(d->present);
	assert_null(d->error);
	assert_true(d->walked);
	assert_true(d->compile_units > 0);
	assert_true(list_has_prefix(&d->producers, producer));
	assert_true(goelf_strlist_has(&d->languages, lang));
	assert_false(d->truncated);
	goelf_report_release(&r);
}

static void
test_dwarf_go_static(void **state)
{
	(void)state;
	dwarf_fixture("go-static", "Go cmd/compile go1.19", "Go");
}

static void
test_dwarf_go_debug(void **state)
{
	const struct goelf_opts o = {.dwarf = true};
	struct goelf_report r;

	(void)state;
	dwarf_fixture("go-debug", "Go cmd/compile go1.19", "Go");
	if (!have(fixture("go-debug")))
		return;
	/* built without -trimpath: the source directory leaks */
	goelf_report_file_opts(fixture("go-debug"), &o, &r);
	assert_true(r.facts.dwarf.build_paths.n > 0);
	assert_true(list_has_prefix(&r.facts.dwarf.build_paths,
				    "toolchain:"));
	assert_true(has_finding(&r.findings, "debug.build_paths_leaked"));
	goelf_report_release(&r);
}

static void
test_dwarf_cgo_ext(void **state)
{
	(void)state;
	dwarf_fixture("go-cgo-ext", "GNU C17 ", "C11");
	dwarf_fixture("go-cgo-ext", "Go cmd/compile go1.19", "Go");
}

static void
test_dwarf_trimpath(void **state)
{
	const struct goelf_opts o = {.dwarf = true};
	struct goelf_report r;

	(void)state;
	if (!have(fixture("go-trimpath")))
		return;
	goelf_report_file_opts(fixture("go-trimpath"), &o, &r);
	assert_true(r.facts.dwarf.walked);
	assert_false(has_finding(&r.findings, "debug.build_paths_leaked"));
	goelf_report_release(&r);
}

static void
test_dwarf_not_asked(void **state)
{
	struct goelf_report r;

	(void)state;
	if (!have(fixture("go-static")))
		return;
	goelf_report_file(fixture("go-static"), &r);
	assert_true(r.facts.dwarf.present);
	assert_false(r.facts.dwarf.walked);
	assert_null(r.facts.dwarf.error);
	assert_true(r.an.has_strip_model);
	assert_true(has_finding(&r.findings, "debug.sections_present"));
	goelf_report_release(&r);

	if (!have(fixture("go-stripped")))
		return;
	goelf_report_file(fixture("go-stripped"), &r);
	assert_false(r.facts.dwarf.present);
	assert_false(has_finding(&r.findings, "debug.sections_present"));
	assert_false(has_finding(&r.findings, "debug.symtab_present"));
	goelf_report_release(&r);

	if (!have(fixture("go-noshdr")))
		return;
	goelf_report_file(fixture("go-noshdr"), &r);
	assert_false(r.an.has_strip_model);
	goelf_report_release(&r);
}

static uint8_t *
slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *p;
	long sz;

	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	sz = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	p = malloc((size_t)sz);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)sz, fp), (size_t)sz);
	fclose(fp);
	*n = (size_t)sz;
	return p;
}

/* Cuts go-debug's uncompressed .debug_info two ways; each must give a
 * finding, never a crash (run under ASan by make check-asan). */
static void
test_dwarf_cut(void **state)
{
	const struct goelf_opts o = {.dwarf = true};
	struct goelf_report r;
	const struct goelf_section *s;
	uint64_t off, size;
	uint8_t *p;
	size_t n;

	(void)state;
	if (!have(fixture("go-debug")))
		return;
	p = slurp(fixture("go-debug"), &n);
	goelf_report_buffer(p, n, "go-debug", &r);
	s = goelf_find_section(&r.facts, ".debug_info");
	assert_non_null(s);
	assert_false(s->is_compressed);
	off = s->offset;
	size = s->size;
	goelf_report_release(&r);
	assert_true(size > 4096);

	/* 1: the first CU claims 0x7ffffff0 bytes */
	p[off] = 0xf0;
	p[off + 1] = 0xff;
	p[off + 2] = 0xff;
	p[off + 3] = 0x7f;
	assert_int_equal(goelf_report_buffer_opts(p, n, "cut1", &o, &r),
			 GOELF_OK);
	assert_non_null(r.facts.dwarf.error);
	assert_true(has_finding(&r.findings, "debug.dwarf_unavailable"));
	goelf_report_release(&r);

	/* 2: the middle half overwritten with 0xff */
	free(p);
	p = slurp(fixture("go-debug"), &n);
	memset(p + off + size / 4, 0xff, (size_t)(size / 2));
	assert_int_equal(goelf_report_buffer_opts(p, n, "cut2", &o, &r),
			 GOELF_OK);
	assert_non_null(r.facts.dwarf.error);
	assert_true(has_finding(&r.findings, "debug.dwarf_unavailable"));
	goelf_report_release(&r);
	free(p);
}

static void
test_compressed_bomb(void **state)
{
	const struct goelf_opts o = {.dwarf = true};
	struct goelf_report r;

	(void)state;
	if (!have(badfile("compressed-bomb")))
		return;
	assert_int_equal(goelf_report_file_opts(badfile("compressed-bomb"),
						&o, &r),
			 GOELF_OK);
	assert_true(r.facts.dwarf.present);
	assert_false(r.facts.dwarf.walked);
	assert_non_null(r.facts.dwarf.error);
	assert_non_null(strstr(r.facts.dwarf.error, "claims"));
	assert_true(has_finding(&r.findings, "debug.dwarf_unavailable"));
	goelf_report_release(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strip_model_ld),
		cmocka_unit_test(test_strip_model_go_internal),
		cmocka_unit_test(test_strip_model_refused),
		cmocka_unit_test(test_shstrtab_suffix_merge),
		cmocka_unit_test(test_render_escapes),
		cmocka_unit_test(test_dwarf_go_static),
		cmocka_unit_test(test_dwarf_go_debug),
		cmocka_unit_test(test_dwarf_cgo_ext),
		cmocka_unit_test(test_dwarf_trimpath),
		cmocka_unit_test(test_dwarf_not_asked),
		cmocka_unit_test(test_dwarf_cut),
		cmocka_unit_test(test_compressed_bomb),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
