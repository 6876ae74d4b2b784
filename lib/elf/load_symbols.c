/*
 * load_symbols.c - marker symbols in .symtab and marker strings in
 * read-only data.  A Go binary's .symtab has tens of thousands of names;
 * we keep only the ones on a fixed list that later analyses decide from
 * (static glibc vs static musl, NSS/dlopen use, cgo), so the facts stay
 * small.  Sources for each marker: reference/go-binary-format.md 5.1, 7.4,
 * 7.5.
 */
#include "elf/elf.h"

#include <stdlib.h>
#include <string.h>

static const char *const exact_markers[] = {
	/* static glibc (csu/, elf/dl-reloc-static-pie.c) */
	"__libc_setup_tls",
	"_dl_relocate_static_pie",
	"__libc_start_call_main",
	"_IO_stdin_used",
	"__libc_start_main",
	"_dl_aux_init",
	/* static musl (crt/crt1.c, src/env/__libc_start_main.c) */
	"__init_libc",
	"__libc_start_init",
	"_start_c",
	"__dls2",
	"__init_tls",
	/* run-time loading in static glibc: NSS and dlopen */
	"getaddrinfo",
	"getnameinfo",
	"gethostbyname",
	"gethostbyname_r",
	"getpwnam",
	"getpwnam_r",
	"getpwuid",
	"getpwuid_r",
	"getgrnam_r",
	"getgrgid_r",
	"getgrouplist",
	"dlopen",
	"__libc_dlopen_mode",
	"iconv_open",
	/* cgo (runtime/cgo) */
	"crosscall2",
	"_cgo_topofstack",
	"_cgo_panic",
	"x_cgo_init",
	"_cgo_init",
	"runtime.iscgo",
	/* external link by the GNU toolchain */
	"_start",
	"frame_dummy",
	"deregister_tm_clones",
	/* Go runtime */
	"runtime.main",
	"runtime.buildVersion",
	/* race detector (runtime/race) */
	"__tsan_init",
	"__tsan_go_start",
	/* hardening of C code */
	"__stack_chk_fail",
	"__fortify_fail",
	"__chk_fail",
};

static const char *const prefix_markers[] = {
	"main._Cfunc_",
	"_cgo_",
};

static const char *const string_markers[] = {
	"GLIBC_TUNABLES",	/* glibc elf/dl-tunables.c */
	"No error information", /* musl src/errno/__strerror.h */
	"UPX!",			/* UPX packer */
	/* static glibc that loads code at run time; these survive strip */
	"libnss_%s.so",	 /* nss/nss_module.c module_load */
	"gconv-modules", /* iconv/gconv_conf.c: iconv loads modules */
};

static void
match_symbol(struct goelf_facts *f, const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(exact_markers); i++)
		if (name[0] == exact_markers[i][0] &&
		    !strcmp(name, exact_markers[i])) {
			goelf_strlist_add_unique(&f->markers, name);
			return;
		}
	for (size_t i = 0; i < ARRAY_SIZE(prefix_markers); i++) {
		size_t n = strlen(prefix_markers[i]);

		if (!strncmp(name, prefix_markers[i], n)) {
			char pat[64];

			snprintf(pat, sizeof(pat), "%s*", prefix_markers[i]);
			goelf_strlist_add_unique(&f->markers, pat);
		}
	}
}

static void
scan_symtab(struct goelf_ld *ld, const struct goelf_section *sym)
{
	struct goelf_facts *f = ld->facts;
	uint64_t entsz = f->elf_class == 64 ? 24 : 16, n;
	const struct goelf_section *str;
	uint8_t *syms, *strs;

	if (sym->link >= f->nsections ||
	    f->sections[sym->link].type != SHT_STRTAB) {
		goelf_issue(f, "symtab",
			    ".symtab sh_link %u is not a string "
			    "table",
			    sym->link);
		return;
	}
	str = &f->sections[sym->link];
	if (!sym->in_file || !str->in_file)
		return;
	if (sym->size > GOELF_MAX_SYMTAB || str->size > GOELF_MAX_SYMTAB) {
		goelf_limit(f, "symtab",
			    ".symtab larger than %u bytes: not "
			    "scanned",
			    GOELF_MAX_SYMTAB);
		return;
	}
	syms = goelf_src_read(&ld->src, sym->offset, sym->size,
			      GOELF_MAX_SYMTAB);
	strs = goelf_src_read(&ld->src, str->offset, str->size,
			      GOELF_MAX_SYMTAB);
	if (syms && strs) {
		n = sym->size / entsz;
		f->nsymtab = (size_t)n;
		for (uint64_t i = 1; i < n; i++) {
			uint32_t nm =
				goelf_get_u32(syms + i * entsz, f->endian);
			const char *s = goelf_strtab_get(strs, str->size, nm);

			if (s && *s)
				match_symbol(f, s);
		}
	}
	free(syms);
	free(strs);
}

static bool
strings_chunk(void *ctx, const uint8_t *buf, size_t n, size_t step, uint64_t at)
{
	struct goelf_facts *f = ctx;

	(void)step;
	(void)at;
	for (size_t i = 0; i < ARRAY_SIZE(string_markers); i++) {
		const char *m = string_markers[i];

		if (memmem(buf, n, m, strlen(m)))
			goelf_strlist_add_unique(&f->string_markers, m);
	}
	return false;
}

static void
scan_strings(struct goelf_ld *ld, uint64_t off, uint64_t size, uint64_t *budget)
{
	struct goelf_facts *f = ld->facts;

	goelf_src_scan(&ld->src, off, size, 64, budget, strings_chunk, f);
	if (*budget == 0)
		goelf_limit(f, "strings", "marker scan stopped after %u bytes",
			    GOELF_MAX_SCAN);
}

/*
 * A Go binary that Go's own linker wrote: Go sections or the Go note, and
 * none of the marks a GNU/musl link leaves (.comment, the glibc ABI tag,
 * _start).  It contains no C library, so its (large) read-only data is
 * not scanned for C library strings.
 */
static bool
go_internal_link(const struct goelf_facts *f)
{
	bool go = f->go_build_id || goelf_find_section(f, ".gopclntab") ||
		  goelf_find_section(f, ".go.buildinfo");

	return go && !f->has_abi_tag && !goelf_find_section(f, ".comment") &&
	       !goelf_strlist_has(&f->markers, "_start");
}

void
goelf_load_symbols(struct goelf_ld *ld)
{
	struct goelf_facts *f = ld->facts;
	uint64_t budget = GOELF_MAX_SCAN;
	bool scanned = false;
	uint8_t head[4096];
	size_t hn = f->file_size < sizeof(head) ? (size_t)f->file_size
						: sizeof(head);

	/* UPX writes its "UPX!" header in the first page. */
	if (goelf_src_pread(&ld->src, 0, head, hn) &&
	    memmem(head, hn, "UPX!", 4))
		f->has_upx_marker = true;

	for (size_t i = 0; i < f->nsections; i++) {
		if (f->sections[i].type == SHT_SYMTAB) {
			f->has_symtab = true;
			scan_symtab(ld, &f->sections[i]);
			/* The C function sizes and the Go text bounds are
			 * for per-package sizes only (goelf_an_size). */
			if (ld->opts.funcs)
				goelf_load_symtab_sizes(ld, &f->sections[i]);
			break;
		}
	}
	goelf_strlist_sort(&f->markers);
	/* Marker strings live in read-only data; static executables only,
	 * since dynamic ones tell their libc by interpreter and NEEDED, and
	 * objects (.o) have no C library yet. */
	if (f->interp || f->needed.n ||
	    (f->e_type != ET_EXEC && f->e_type != ET_DYN) ||
	    go_internal_link(f))
		return;
	for (size_t i = 0; i < f->nsections; i++) {
		const struct goelf_section *s = &f->sections[i];

		if (s->in_file && (s->flags & SHF_ALLOC) &&
		    !(s->flags & (SHF_WRITE | SHF_EXECINSTR)) &&
		    s->type == SHT_PROGBITS) {
			scan_strings(ld, s->offset, s->size, &budget);
			scanned = true;
		}
	}
	for (size_t i = 0; !scanned && i < f->nsegments; i++) {
		const struct goelf_segment *s = &f->segments[i];

		if (s->type == PT_LOAD && !(s->flags & (PF_W | PF_X)) &&
		    goelf_in_range(s->offset, s->filesz, f->file_size))
			scan_strings(ld, s->offset, s->filesz, &budget);
	}
	goelf_strlist_sort(&f->string_markers);
}
