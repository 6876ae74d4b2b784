/* test_size.c - an_size on hand-built facts (package names, the sum,
 * hostile tables, C from .symtab) and the size JSON object. */
#include "testutil.h"

#include <jansson.h>

static void
pkg_is(const char *name, const char *want)
{
	char out[512];

	goelf_size_func_pkg(name, out, sizeof(out));
	assert_string_equal(out, want);
}

static void
test_func_pkg(void **state)
{
	(void)state;
	pkg_is("runtime.main", "runtime");
	pkg_is("net/http.(*Client).Do", "net/http");
	pkg_is("main.main.func1", "main");
	pkg_is("gopkg.in/yaml%2ev2.(*decoder).unmarshal", "gopkg.in/yaml.v2");
	pkg_is("slices.SortFunc[go.shape.[]*net/http.Request]", "slices");
	pkg_is("example.com/m/pkg.(*T[go.shape.int]).M", "example.com/m/pkg");
	pkg_is("type..eq.[...]internal/cpu.option", "internal/cpu");
	pkg_is("type..eq.*net/url.URL", "net/url");
	pkg_is("type..eq.struct { a int }", "go:typealg");
	pkg_is("struct { runtime.gList; runtime.n int32 }.push", "go:anon");
	pkg_is("cmpbody", "");
	pkg_is("x_cgo_init", "");
	pkg_is("_ZN6__tsan4InitEPNS_11ThreadStateE", "");
	pkg_is("frobnicate.part.0", "");
	pkg_is(".weird", "");
}

/* Hand-built facts: a .text of text_size with the given functions. */
struct hf {
	struct goelf_facts f;
	struct goelf_analysis an;
};

static void
hf_init(struct hf *h, uint64_t text_size, const char *const *names,
	const uint64_t *entries, size_t n, uint64_t end)
{
	memset(h, 0, sizeof(*h));
	h->f.file_size = text_size + 0x1000;
	h->f.sections = goelf_xcalloc(2, sizeof(*h->f.sections));
	h->f.nsections = 2;
	h->f.has_shdrs = true;
	h->f.sections[0].name = goelf_xstrdup("");
	h->f.sections[1].name = goelf_xstrdup(".text");
	h->f.sections[1].type = SHT_PROGBITS;
	h->f.sections[1].flags = SHF_ALLOC | SHF_EXECINSTR;
	h->f.sections[1].addr = 0x401000;
	h->f.sections[1].offset = 0x1000;
	h->f.sections[1].size = text_size;
	h->f.sections[1].in_file = true;
	h->f.go.func_entry = goelf_xcalloc(n + 1, sizeof(uint64_t));
	for (size_t i = 0; i < n; i++) {
		goelf_strlist_add(&h->f.go.funcs, names[i]);
		h->f.go.func_entry[i] = entries[i];
	}
	h->f.go.func_end = end;
	h->f.go.has_pclntab = n > 0;
	h->f.opts.funcs = true; /* as goelf size loads */
}

static void
hf_release(struct hf *h)
{
	goelf_analysis_release(&h->an);
	goelf_facts_release(&h->f);
}

static uint64_t
pkg_bytes(const struct goelf_analysis *an, const char *name)
{
	for (size_t i = 0; i < an->nsize_pkgs; i++)
		if (!strcmp(an->size_pkgs[i].name, name))
			return an->size_pkgs[i].bytes;
	return UINT64_MAX;
}

static uint64_t
sum_pkgs(const struct goelf_analysis *an)
{
	uint64_t s = 0;

	for (size_t i = 0; i < an->nsize_pkgs; i++)
		s += an->size_pkgs[i].bytes;
	return s;
}

static void
test_sum_and_neighbours(void **state)
{
	static const char *const names[] = {
		"runtime.a", "gogo", "runtime.b", "main.main", "helper",
		"main.f",
	};
	static const uint64_t e[] = {0, 0x10, 0x30, 0x40, 0x80, 0x90};
	struct hf h;

	(void)state;
	hf_init(&h, 0x100, names, e, 6, 0xf0);
	h.an.cgo = 0;
	goelf_an_size(&h.f, h.an.libc, &h.an);
	assert_true(h.an.has_size);
	assert_int_equal(h.an.text_bytes, 0x100);
	assert_int_equal(h.an.size_go_bytes, 0xf0);
	assert_int_equal(h.an.size_unattributed, 0x10);
	assert_int_equal(sum_pkgs(&h.an), h.an.size_attributed);
	assert_int_equal(pkg_bytes(&h.an, "runtime"), 0x40);
	/* helper sits between two main functions. */
	assert_int_equal(pkg_bytes(&h.an, "main"), 0xb0);
	assert_int_equal(h.an.size_class[GOELF_SIZE_TEXT], 0x100);
	hf_release(&h);
}

static void
test_hostile_entries(void **state)
{
	/* Unsorted, past the end of .text, end before the last entry. */
	static const char *const names[] = {"a.x", "b.y", "c.z", "d.w"};
	static const uint64_t e[] = {0x80, 0x10, 0x5000, 0x90};
	struct hf h;

	(void)state;
	hf_init(&h, 0x100, names, e, 4, 0x20);
	goelf_an_size(&h.f, h.an.libc, &h.an);
	assert_true(h.an.size_attributed <= h.an.text_bytes);
	assert_int_equal(sum_pkgs(&h.an), h.an.size_attributed);
	assert_int_equal(h.an.size_attributed + h.an.size_unattributed,
			 h.an.text_bytes);
	hf_release(&h);
}

static void
test_c_from_symtab(void **state)
{
	static const char *const names[] = {"runtime.a", "main.main"};
	static const uint64_t e[] = {0, 0x40};
	struct hf h;

	(void)state;
	/* .text: 0x20 of crt, then Go at 0x401020..0x4010a0, then C. */
	hf_init(&h, 0x100, names, e, 2, 0x80);
	h.f.has_go_text_syms = true;
	h.f.go_text_start = 0x401020;
	h.f.go_text_end = 0x4010a0;
	h.f.funcsyms = goelf_xcalloc(3, sizeof(*h.f.funcsyms));
	h.f.funcsyms[0] = (struct goelf_funcsym){goelf_xstrdup("_start"),
						 0x401000, 0x20};
	h.f.funcsyms[1] = (struct goelf_funcsym){goelf_xstrdup("add"),
						 0x4010a0, 0x10};
	/* Overlaps add and runs past .text: clipped. */
	h.f.funcsyms[2] = (struct goelf_funcsym){goelf_xstrdup("__udivti3"),
						 0x4010a8, 0x1000};
	h.f.nfuncsyms = 3;
	h.an.cgo = 1;
	h.an.libc = GOELF_LIBC_GLIBC;
	goelf_an_size(&h.f, h.an.libc, &h.an);
	assert_int_equal(h.an.size_go_bytes, 0x80);
	assert_int_equal(pkg_bytes(&h.an, "C/crt"), 0x20);
	assert_int_equal(pkg_bytes(&h.an, "C/libc"), 0x10); /* static */
	assert_int_equal(pkg_bytes(&h.an, "C/libgcc"), 0x100 - 0xb0);
	assert_int_equal(h.an.size_unattributed, 0);
	assert_int_equal(sum_pkgs(&h.an), h.an.size_attributed);
	hf_release(&h);
}

static void
test_no_text(void **state)
{
	struct goelf_facts f = {0};
	struct goelf_analysis an = {0};

	(void)state;
	f.file_size = 1234;
	goelf_an_size(&f, an.libc, &an);
	assert_true(an.has_size);
	assert_false(an.has_text);
	assert_int_equal(an.size_class[GOELF_SIZE_HEADERS], 1234);
	assert_int_equal(an.nsize_pkgs, 0);
	goelf_analysis_release(&an);
}

/* Without goelf_opts.funcs (default inspect) the pclntab's function
 * records are not read: no packages, and the function byte counts are
 * null, not 0; the section classes stay. */
static void
test_fixture_default_no_packages(void **state)
{
	struct goelf_report r;
	const char *path = fixture("go-stripped");
	json_t *o, *s;

	(void)state;
	if (access(path, R_OK))
		skip();
	assert_int_equal(goelf_report_file(path, &r), GOELF_OK);
	assert_int_equal(r.facts.go.funcs.n, 0);
	assert_true(r.facts.go.names_scanned);
	assert_true(r.facts.go.nnames >= r.facts.go.nfunc);
	o = goelf_report_to_json(&r);
	s = json_object_get(o, "size");
	assert_true(json_is_object(s));
	assert_true(json_is_false(json_object_get(s, "packages_computed")));
	assert_int_equal(json_array_size(json_object_get(s, "packages")), 0);
	assert_true(json_is_false(json_object_get(s, "packages_listed_all")));
	assert_true(json_is_null(json_object_get(s, "go_bytes")));
	assert_true(json_is_null(json_object_get(s, "attributed_bytes")));
	assert_true(json_integer_value(json_object_get(
			    json_object_get(s, "classes"), "pclntab")) > 0);
	json_decref(o);
	goelf_report_release(&r);
}

static void
test_fixture_json(void **state)
{
	struct goelf_report r;
	const char *path = fixture("go-stripped");
	json_t *o, *s;
	json_int_t sum = 0;
	size_t i;
	json_t *e;

	(void)state;
	if (access(path, R_OK))
		skip();
	assert_int_equal(goelf_report_file_opts(
				 path, &(struct goelf_opts){ .funcs = true },
				 &r),
			 GOELF_OK);
	o = goelf_report_to_json(&r);
	s = json_object_get(o, "size");
	assert_true(json_is_object(s));
	assert_true(json_is_true(json_object_get(s, "packages_computed")));
	assert_true(json_array_size(json_object_get(s, "packages")) > 0);
	json_array_foreach(json_object_get(s, "packages"), i, e)
		sum += json_integer_value(json_object_get(e, "bytes"));
	assert_int_equal(sum, json_integer_value(json_object_get(
				      s, "attributed_bytes")));
	assert_true(sum * 100 >= json_integer_value(json_object_get(
					 s, "text_bytes")) * 95);
	json_decref(o);
	goelf_report_release(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_func_pkg),
		cmocka_unit_test(test_sum_and_neighbours),
		cmocka_unit_test(test_hostile_entries),
		cmocka_unit_test(test_c_from_symtab),
		cmocka_unit_test(test_no_text),
		cmocka_unit_test(test_fixture_json),
		cmocka_unit_test(test_fixture_default_no_packages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
