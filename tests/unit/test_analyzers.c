/* test_analyzers.c - the analyzers over hand-built facts (no ELF file). */
#include "testutil.h"

/* Facts and analysis for one test; everything is heap-owned so that
 * goelf_facts_release() / goelf_analysis_release() free it all. */
struct fx {
	struct goelf_facts f;
	struct goelf_analysis an;
};

static int
setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));

	if (!x)
		return -1;
	x->f.elf_class = 64;
	x->f.endian = GOELF_LITTLE;
	x->f.e_machine = EM_X86_64;
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;

	goelf_facts_release(&x->f);
	goelf_analysis_release(&x->an);
	free(x);
	return 0;
}

static void
set_interp(struct goelf_facts *f, const char *s)
{
	free(f->interp);
	f->interp = goelf_xstrdup(s);
}

static void
add_verneed(struct goelf_facts *f, const char *lib, const char *ver)
{
	struct goelf_verneed *v;

	f->verneed = goelf_xrealloc(f->verneed,
				    (f->nverneed + 1) * sizeof(*f->verneed));
	v = &f->verneed[f->nverneed++];
	memset(v, 0, sizeof(*v));
	v->library = goelf_xstrdup(lib);
	v->version = goelf_xstrdup(ver);
}

static bool
evidence_has(const struct goelf_analysis *an, const char *sub)
{
	for (size_t i = 0; i < an->libc_evidence.n; i++)
		if (strstr(an->libc_evidence.v[i], sub))
			return true;
	return false;
}

/* Runs identity then linkage then libc then glibc, like goelf_analyze. */
static void
run_all(struct fx *x)
{
	goelf_an_identity(&x->f, &x->an);
	goelf_an_linkage(&x->f, &x->an);
	goelf_an_libc(&x->f, x->an.is_go, &x->an);
	goelf_an_glibc(&x->f, &x->an);
}

/* ------------------------------------------------------------ linkage */

static void
test_link_static_exec(void **state)
{
	struct fx *x = *state;

	x->f.e_type = ET_EXEC;
	goelf_an_linkage(&x->f, &x->an);
	assert_int_equal(x->an.link_kind, GOELF_LINK_STATIC);
	assert_false(x->an.is_pie);
	assert_string_equal(goelf_link_kind_name(x->an.link_kind), "static");
}

static void
test_link_static_pie(void **state)
{
	struct fx *x = *state;

	x->f.e_type = ET_DYN;
	goelf_an_linkage(&x->f, &x->an);
	assert_int_equal(x->an.link_kind, GOELF_LINK_STATIC_PIE);
	assert_true(x->an.is_pie);
	assert_string_equal(goelf_link_kind_name(x->an.link_kind),
			    "static-pie");
}

static void
test_link_dynamic_exec(void **state)
{
	struct fx *x = *state;

	x->f.e_type = ET_EXEC;
	set_interp(&x->f, "/lib64/ld-linux-x86-64.so.2");
	goelf_an_linkage(&x->f, &x->an);
	assert_int_equal(x->an.link_kind, GOELF_LINK_DYNAMIC);
	assert_false(x->an.is_pie);
	assert_string_equal(goelf_link_kind_name(x->an.link_kind), "dynamic");
}

static void
test_link_pie_flag(void **state)
{
	struct fx *x = *state;

	x->f.e_type = ET_DYN;
	set_interp(&x->f, "/lib64/ld-linux-x86-64.so.2");
	goelf_strlist_add(&x->f.needed, "libc.so.6");
	x->f.has_dynamic = true;
	x->f.has_flags_1 = true;
	x->f.dt_flags_1 = DF_1_PIE | DF_1_NOW;
	goelf_an_linkage(&x->f, &x->an);
	assert_int_equal(x->an.link_kind, GOELF_LINK_DYNAMIC);
	assert_true(x->an.is_pie);
}

static void
test_link_shared_object(void **state)
{
	struct fx *x = *state;

	x->f.e_type = ET_DYN;
	x->f.has_dynamic = true;
	x->f.soname = goelf_xstrdup("libfoo.so.1");
	goelf_strlist_add(&x->f.needed, "libc.so.6");
	goelf_an_linkage(&x->f, &x->an);
	assert_int_equal(x->an.link_kind, GOELF_LINK_DYNAMIC);
	assert_false(x->an.is_pie);
}

static void
test_link_unknown_type(void **state)
{
	struct fx *x = *state;

	x->f.e_type = ET_REL;
	goelf_an_linkage(&x->f, &x->an);
	assert_int_equal(x->an.link_kind, GOELF_LINK_UNKNOWN);
	assert_false(x->an.is_pie);
	assert_string_equal(goelf_link_kind_name(x->an.link_kind), "unknown");
}

/* --------------------------------------------------------------- libc */

static void
test_libc_musl_interp(void **state)
{
	struct fx *x = *state;

	x->f.e_type = ET_DYN;
	set_interp(&x->f, "/lib/ld-musl-x86_64.so.1");
	goelf_strlist_add(&x->f.needed, "libc.musl-x86_64.so.1");
	run_all(x);
	assert_int_equal(x->an.libc, GOELF_LIBC_MUSL);
	assert_string_equal(goelf_libc_name(x->an.libc), "musl");
	assert_true(evidence_has(&x->an, "musl loader"));
	assert_null(x->an.min_glibc);
	assert_string_equal(x->an.os, "linux");
}

static void
test_libc_musl_gcc(void **state)
{
	struct fx *x = *state;

	x->f.e_type = ET_EXEC;
	set_interp(&x->f, "/lib/ld-musl-x86_64.so.1");
	goelf_strlist_add(&x->f.needed, "libc.so");
	run_all(x);
	assert_int_equal(x->an.libc, GOELF_LIBC_MUSL);
	assert_true(evidence_has(&x->an, "musl-gcc"));
}

static void
test_libc_glibc_dynamic(void **state)
{
	struct fx *x = *state;

	x->f.e_type = ET_EXEC;
	set_interp(&x->f, "/lib64/ld-linux-x86-64.so.2");
	goelf_strlist_add(&x->f.needed, "libc.so.6");
	add_verneed(&x->f, "libc.so.6", "GLIBC_2.2.5");
	add_verneed(&x->f, "libc.so.6", "GLIBC_2.34");
	run_all(x);
	assert_int_equal(x->an.libc, GOELF_LIBC_GLIBC);
	assert_string_equal(goelf_libc_name(x->an.libc), "glibc");
	assert_true(evidence_has(&x->an, "glibc loader"));
	assert_true(evidence_has(&x->an, "libc.so.6"));
	assert_non_null(x->an.min_glibc);
	assert_string_equal(x->an.min_glibc, "2.34");
	assert_string_equal(x->an.os, "linux");
	assert_string_equal(x->an.arch, "amd64");
}

static void
test_libc_go_static_none(void **state)
{
	struct fx *x = *state;

	x->f.e_type = ET_EXEC;
	x->f.go_build_id = goelf_xstrdup("abc/def/ghi/jkl");
	goelf_an_identity(&x->f, &x->an);
	assert_true(x->an.is_go);
	assert_string_equal(x->an.os, "linux");
	goelf_an_libc(&x->f, x->an.is_go, &x->an);
	assert_int_equal(x->an.libc, GOELF_LIBC_NONE);
	assert_string_equal(goelf_libc_name(x->an.libc), "none");
	assert_int_equal(x->an.libc_evidence.n, 1);
}

static void
test_libc_go_static_with_start(void **state)
{
	struct fx *x = *state;

	/* A C runtime marker (_start) stops the "none" verdict. */
	x->f.e_type = ET_EXEC;
	x->f.go_build_id = goelf_xstrdup("abc");
	goelf_strlist_add(&x->f.markers, "_start");
	goelf_an_identity(&x->f, &x->an);
	goelf_an_libc(&x->f, x->an.is_go, &x->an);
	assert_int_equal(x->an.libc, GOELF_LIBC_UNKNOWN);
}

static void
test_libc_static_abi_tag(void **state)
{
	struct fx *x = *state;

	x->f.e_type = ET_EXEC;
	x->f.go_build_id = goelf_xstrdup("abc");
	x->f.has_abi_tag = true;
	x->f.abi_tag[1] = 3;
	x->f.abi_tag[2] = 2;
	x->f.abi_tag[3] = 0;
	run_all(x);
	assert_int_equal(x->an.libc, GOELF_LIBC_GLIBC);
	assert_true(evidence_has(&x->an, "NT_GNU_ABI_TAG"));
	assert_null(x->an.min_glibc);
	assert_string_equal(x->an.os, "linux");
}

static void
test_libc_static_musl_markers(void **state)
{
	struct fx *x = *state;

	x->f.e_type = ET_EXEC;
	x->f.has_symtab = true;
	goelf_strlist_add(&x->f.markers, "__init_libc");
	goelf_strlist_add(&x->f.markers, "_start");
	run_all(x);
	assert_int_equal(x->an.libc, GOELF_LIBC_MUSL);
	assert_true(evidence_has(&x->an, "__init_libc"));
}

static void
test_libc_static_musl_string(void **state)
{
	struct fx *x = *state;

	x->f.e_type = ET_EXEC;
	goelf_strlist_add(&x->f.string_markers, "No error information");
	run_all(x);
	assert_int_equal(x->an.libc, GOELF_LIBC_MUSL);
}

static void
test_libc_static_glibc_markers(void **state)
{
	struct fx *x = *state;

	x->f.e_type = ET_DYN;
	goelf_strlist_add(&x->f.markers, "_dl_relocate_static_pie");
	goelf_strlist_add(&x->f.string_markers, "GLIBC_TUNABLES");
	run_all(x);
	assert_int_equal(x->an.link_kind, GOELF_LINK_STATIC_PIE);
	assert_int_equal(x->an.libc, GOELF_LIBC_GLIBC);
	assert_int_equal(x->an.libc_evidence.n, 2);
}

static void
test_libc_conflict_static(void **state)
{
	struct fx *x = *state;

	x->f.e_type = ET_EXEC;
	x->f.go_build_id = goelf_xstrdup("abc");
	x->f.has_abi_tag = true;
	goelf_strlist_add(&x->f.markers, "__init_libc");
	run_all(x);
	assert_int_equal(x->an.libc, GOELF_LIBC_UNKNOWN);
	assert_true(evidence_has(&x->an, "conflicting"));
}

/* A string of another libc beside glibc's crt evidence (the static goelf:
 * musl's strerror text comes with a library) does not make it unknown;
 * strings alone still conflict. */
static void
test_libc_weak_strings(void **state)
{
	struct fx *x = *state;

	x->f.e_type = ET_DYN;
	x->f.has_abi_tag = true;
	goelf_strlist_add(&x->f.markers, "__libc_start_call_main");
	goelf_strlist_add(&x->f.string_markers, "GLIBC_TUNABLES");
	goelf_strlist_add(&x->f.string_markers, "No error information");
	run_all(x);
	assert_int_equal(x->an.libc, GOELF_LIBC_GLIBC);
	assert_true(evidence_has(&x->an, "not conclusive"));
	assert_false(evidence_has(&x->an, "conflicting"));
}

static void
test_libc_strings_conflict(void **state)
{
	struct fx *x = *state;

	x->f.e_type = ET_EXEC;
	goelf_strlist_add(&x->f.string_markers, "GLIBC_TUNABLES");
	goelf_strlist_add(&x->f.string_markers, "No error information");
	run_all(x);
	assert_int_equal(x->an.libc, GOELF_LIBC_UNKNOWN);
	assert_true(evidence_has(&x->an, "conflicting"));
}

static void
test_libc_conflict_dynamic(void **state)
{
	struct fx *x = *state;

	x->f.e_type = ET_EXEC;
	set_interp(&x->f, "/lib/ld-musl-x86_64.so.1");
	goelf_strlist_add(&x->f.needed, "libc.so.6");
	run_all(x);
	assert_int_equal(x->an.libc, GOELF_LIBC_UNKNOWN);
	assert_true(evidence_has(&x->an, "conflicting"));
	assert_string_equal(goelf_libc_name(x->an.libc), "unknown");
}

static void
test_libc_nongo_static_unknown(void **state)
{
	struct fx *x = *state;

	x->f.e_type = ET_EXEC;
	run_all(x);
	assert_false(x->an.is_go);
	assert_int_equal(x->an.link_kind, GOELF_LINK_STATIC);
	assert_int_equal(x->an.libc, GOELF_LIBC_UNKNOWN);
	assert_int_equal(x->an.libc_evidence.n, 0);
	assert_string_equal(x->an.os, "unknown");
}

static void
test_libc_bionic(void **state)
{
	struct fx *x = *state;

	x->f.e_type = ET_DYN;
	x->f.e_machine = EM_AARCH64;
	set_interp(&x->f, "/system/bin/linker64");
	goelf_strlist_add(&x->f.needed, "libc.so");
	goelf_strlist_add(&x->f.needed, "libdl.so");
	run_all(x);
	assert_int_equal(x->an.libc, GOELF_LIBC_BIONIC);
	assert_string_equal(goelf_libc_name(x->an.libc), "bionic");
	assert_string_equal(x->an.os, "android");
	assert_string_equal(x->an.arch, "arm64");
	assert_true(x->an.is_pie);
}

static void
test_libc_bsd(void **state)
{
	struct fx *x = *state;

	x->f.e_type = ET_EXEC;
	x->f.osabi = ELFOSABI_FREEBSD;
	set_interp(&x->f, "/libexec/ld-elf.so.1");
	goelf_strlist_add(&x->f.needed, "libc.so.7");
	run_all(x);
	assert_int_equal(x->an.libc, GOELF_LIBC_BSD);
	assert_string_equal(goelf_libc_name(x->an.libc), "bsd");
	assert_string_equal(x->an.os, "freebsd");
}

/* -------------------------------------------------------------- glibc */

static void
test_version_cmp(void **state)
{
	(void)state;
	assert_true(goelf_version_cmp("2.10", "2.9") > 0);
	assert_true(goelf_version_cmp("2.9", "2.10") < 0);
	assert_true(goelf_version_cmp("2.3.2", "2.34") < 0);
	assert_true(goelf_version_cmp("2.34", "2.3.2") > 0);
	assert_int_equal(goelf_version_cmp("2.34", "2.34"), 0);
	assert_int_equal(goelf_version_cmp("2.34", "2.34.0"), 0);
	assert_int_equal(goelf_version_cmp("2.34.0", "2.34"), 0);
	assert_true(goelf_version_cmp("2.34.1", "2.34") > 0);
	assert_true(goelf_version_cmp("2.34", "2.34.1") < 0);
	assert_true(goelf_version_cmp("2.2.5", "2.2") > 0);
	assert_true(goelf_version_cmp("3.0", "2.99") > 0);
	assert_true(goelf_version_cmp("2.36", "2.34") > 0);
	assert_int_equal(goelf_version_cmp("", ""), 0);
}

static void
test_glibc_tag_version(void **state)
{
	char out[32];

	(void)state;
	assert_true(goelf_glibc_tag_version("GLIBC_2.34", out, sizeof(out)));
	assert_string_equal(out, "2.34");
	assert_true(goelf_glibc_tag_version("GLIBC_2.3.2", out, sizeof(out)));
	assert_string_equal(out, "2.3.2");
	assert_true(goelf_glibc_tag_version("GLIBC_2.2.5", out, sizeof(out)));
	assert_string_equal(out, "2.2.5");
	assert_true(
		goelf_glibc_tag_version("GLIBC_ABI_DT_RELR", out, sizeof(out)));
	assert_string_equal(out, "2.36");

	assert_false(
		goelf_glibc_tag_version("GLIBC_PRIVATE", out, sizeof(out)));
	assert_false(goelf_glibc_tag_version("GLIBC_2", out, sizeof(out)));
	assert_false(goelf_glibc_tag_version("GLIBC_2.x", out, sizeof(out)));
	assert_false(goelf_glibc_tag_version("GLIBC_2.", out, sizeof(out)));
	assert_false(goelf_glibc_tag_version("GLIBC_2..3", out, sizeof(out)));
	assert_false(
		goelf_glibc_tag_version("GLIBC_2.3.4.5", out, sizeof(out)));
	assert_false(goelf_glibc_tag_version("GLIBC_", out, sizeof(out)));
	assert_false(goelf_glibc_tag_version("GLIBC_.2", out, sizeof(out)));
	assert_false(goelf_glibc_tag_version("GLIBCXX_3.4", out, sizeof(out)));
	assert_false(goelf_glibc_tag_version("GCC_3.0", out, sizeof(out)));
	assert_false(goelf_glibc_tag_version("", out, sizeof(out)));
	assert_false(goelf_glibc_tag_version("glibc_2.34", out, sizeof(out)));
	/* Output too small for the version: rejected, not truncated. */
	assert_false(goelf_glibc_tag_version("GLIBC_2.34", out, 4));
	assert_true(goelf_glibc_tag_version("GLIBC_2.34", out, 5));
	assert_string_equal(out, "2.34");
}

static void
test_glibc_max(void **state)
{
	struct fx *x = *state;

	add_verneed(&x->f, "libc.so.6", "GLIBC_2.9");
	add_verneed(&x->f, "libc.so.6", "GLIBC_2.10");
	add_verneed(&x->f, "libc.so.6", "GLIBC_2.3.2");
	add_verneed(&x->f, "libc.so.6", "GLIBC_PRIVATE");
	goelf_an_glibc(&x->f, &x->an);
	assert_non_null(x->an.min_glibc);
	assert_string_equal(x->an.min_glibc, "2.10");
}

static void
test_glibc_max_234(void **state)
{
	struct fx *x = *state;

	add_verneed(&x->f, "libc.so.6", "GLIBC_2.3.2");
	add_verneed(&x->f, "libc.so.6", "GLIBC_2.34");
	add_verneed(&x->f, "libc.so.6", "GLIBC_2.2.5");
	goelf_an_glibc(&x->f, &x->an);
	assert_non_null(x->an.min_glibc);
	assert_string_equal(x->an.min_glibc, "2.34");
}

static void
test_glibc_private_only(void **state)
{
	struct fx *x = *state;

	add_verneed(&x->f, "libc.so.6", "GLIBC_PRIVATE");
	add_verneed(&x->f, "libgcc_s.so.1", "GCC_3.0");
	goelf_an_glibc(&x->f, &x->an);
	assert_null(x->an.min_glibc);
}

static void
test_glibc_relr(void **state)
{
	struct fx *x = *state;

	add_verneed(&x->f, "libc.so.6", "GLIBC_2.34");
	add_verneed(&x->f, "libc.so.6", "GLIBC_ABI_DT_RELR");
	add_verneed(&x->f, "libc.so.6", "GLIBC_2.2.5");
	goelf_an_glibc(&x->f, &x->an);
	assert_non_null(x->an.min_glibc);
	assert_string_equal(x->an.min_glibc, "2.36");
}

static void
test_glibc_none(void **state)
{
	struct fx *x = *state;

	goelf_an_glibc(&x->f, &x->an);
	assert_null(x->an.min_glibc);
}

/* ----------------------------------------------------------- identity */

static const char *
arch_of(uint16_t em, int cls, enum goelf_endian e)
{
	struct goelf_facts f;
	struct goelf_analysis an;

	memset(&f, 0, sizeof(f));
	memset(&an, 0, sizeof(an));
	f.e_machine = em;
	f.elf_class = cls;
	f.endian = e;
	goelf_an_identity(&f, &an);
	goelf_analysis_release(&an); /* arch is a static string */
	goelf_an_identity(&f, &an);
	return an.arch;
}

static void
test_identity_arch(void **state)
{
	(void)state;
	assert_string_equal(arch_of(EM_MIPS, 32, GOELF_BIG), "mips");
	assert_string_equal(arch_of(EM_MIPS, 32, GOELF_LITTLE), "mipsle");
	assert_string_equal(arch_of(EM_MIPS, 64, GOELF_LITTLE), "mips64le");
	assert_string_equal(arch_of(EM_MIPS, 64, GOELF_BIG), "mips64");
	assert_string_equal(arch_of(EM_PPC64, 64, GOELF_BIG), "ppc64");
	assert_string_equal(arch_of(EM_PPC64, 64, GOELF_LITTLE), "ppc64le");
	assert_string_equal(arch_of(EM_S390, 64, GOELF_BIG), "s390x");
	assert_string_equal(arch_of(258, 64, GOELF_LITTLE), "loong64");
	assert_string_equal(arch_of(EM_RISCV, 64, GOELF_LITTLE), "riscv64");
	assert_string_equal(arch_of(EM_386, 32, GOELF_LITTLE), "386");
	assert_string_equal(arch_of(EM_X86_64, 64, GOELF_LITTLE), "amd64");
	assert_string_equal(arch_of(EM_ARM, 32, GOELF_LITTLE), "arm");
	assert_string_equal(arch_of(EM_AARCH64, 64, GOELF_LITTLE), "arm64");
	assert_string_equal(arch_of(0x1234, 64, GOELF_LITTLE), "unknown");
}

static void
test_identity_names(void **state)
{
	struct fx *x = *state;

	x->f.e_machine = 258;
	x->f.e_type = ET_DYN;
	goelf_an_identity(&x->f, &x->an);
	assert_string_equal(x->an.machine, "EM_LOONGARCH");
	assert_string_equal(x->an.type, "dyn");
	assert_false(x->an.is_go);

	x->f.e_machine = EM_S390;
	x->f.e_type = ET_EXEC;
	goelf_an_identity(&x->f, &x->an);
	assert_string_equal(x->an.machine, "EM_S390");
	assert_string_equal(x->an.type, "exec");

	x->f.e_machine = 0x7777;
	x->f.e_type = 0x4242;
	goelf_an_identity(&x->f, &x->an);
	assert_string_equal(x->an.machine, "unknown");
	assert_string_equal(x->an.type, "unknown");
	assert_string_equal(x->an.arch, "unknown");
}

static void
test_identity_go_by_marker(void **state)
{
	struct fx *x = *state;

	goelf_strlist_add(&x->f.markers, "runtime.main");
	goelf_an_identity(&x->f, &x->an);
	assert_true(x->an.is_go);
	assert_string_equal(x->an.os, "linux");
}

static void
test_identity_go_by_section(void **state)
{
	struct fx *x = *state;

	x->f.sections = goelf_xcalloc(2, sizeof(*x->f.sections));
	x->f.nsections = 2;
	x->f.sections[0].name = goelf_xstrdup("");
	x->f.sections[1].name = goelf_xstrdup(".gopclntab");
	x->f.has_shdrs = true;
	goelf_an_identity(&x->f, &x->an);
	assert_true(x->an.is_go);
}

static void
test_identity_os(void **state)
{
	struct fx *x = *state;

	x->f.has_netbsd_note = true;
	x->f.go_build_id = goelf_xstrdup("abc");
	goelf_an_identity(&x->f, &x->an);
	assert_string_equal(x->an.os, "netbsd");
	x->f.has_netbsd_note = false;
	x->f.has_openbsd_note = true;
	goelf_an_identity(&x->f, &x->an);
	assert_string_equal(x->an.os, "openbsd");
}

/* ----------------------------------------------- goelf_analyze + issues */

static size_t
count_id(const struct goelf_findings *fs, const char *id)
{
	size_t n = 0;

	for (size_t i = 0; i < fs->n; i++)
		n += !strcmp(fs->v[i].id, id);
	return n;
}

static void
test_analyze_issues(void **state)
{
	struct fx *x = *state;
	struct goelf_findings fs = { 0 };

	x->f.e_type = ET_EXEC;
	goelf_issue(&x->f, "dynamic", "bad thing at %#x", 0x40);
	goelf_issue(&x->f, "notes", "%s", "other");
	goelf_analyze(&x->f, &x->an, &fs);
	/* other analyzers may add findings (libc.unknown); keep ours */
	assert_true(fs.n >= 2);
	assert_int_equal(count_id(&fs, "input.malformed"), 2);
	for (size_t i = 0; i < 2; i++) {
		assert_string_equal(fs.v[i].id, "input.malformed");
		assert_int_equal(fs.v[i].sev, GOELF_SEV_WARN);
		assert_int_equal(fs.v[i].evidence.n, 1);
	}
	assert_non_null(strstr(fs.v[0].message, "0x40"));
	assert_string_equal(fs.v[0].evidence.v[0], "part=dynamic");
	goelf_findings_release(&fs);
}

static void
test_issue_cap(void **state)
{
	struct fx *x = *state;
	struct goelf_findings fs = { 0 };

	for (unsigned i = 0; i < GOELF_MAX_ISSUES + 5; i++)
		goelf_issue(&x->f, "phdrs", "issue %u", i);
	assert_int_equal(x->f.nissues, GOELF_MAX_ISSUES);
	assert_true(x->f.issues_truncated);
	goelf_analyze(&x->f, &x->an, &fs);
	assert_int_equal(count_id(&fs, "input.malformed"),
			 GOELF_MAX_ISSUES + 1);
	goelf_findings_release(&fs);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_link_static_exec),
		T(test_link_static_pie),
		T(test_link_dynamic_exec),
		T(test_link_pie_flag),
		T(test_link_shared_object),
		T(test_link_unknown_type),
		T(test_libc_musl_interp),
		T(test_libc_musl_gcc),
		T(test_libc_glibc_dynamic),
		T(test_libc_go_static_none),
		T(test_libc_go_static_with_start),
		T(test_libc_static_abi_tag),
		T(test_libc_static_musl_markers),
		T(test_libc_static_musl_string),
		T(test_libc_static_glibc_markers),
		T(test_libc_conflict_static),
		T(test_libc_conflict_dynamic),
		T(test_libc_weak_strings),
		T(test_libc_strings_conflict),
		T(test_libc_nongo_static_unknown),
		T(test_libc_bionic),
		T(test_libc_bsd),
		cmocka_unit_test(test_version_cmp),
		cmocka_unit_test(test_glibc_tag_version),
		T(test_glibc_max),
		T(test_glibc_max_234),
		T(test_glibc_private_only),
		T(test_glibc_relr),
		T(test_glibc_none),
		cmocka_unit_test(test_identity_arch),
		T(test_identity_names),
		T(test_identity_go_by_marker),
		T(test_identity_go_by_section),
		T(test_identity_os),
		T(test_analyze_issues),
		T(test_issue_cap),
	};

	return cmocka_run_group_tests_name("analyzers", tests, NULL, NULL);
}
