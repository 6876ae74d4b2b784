/*
 * internal.h - private structs and prototypes shared by the src/ files.
 */
#ifndef GOELF_INTERNAL_H
#define GOELF_INTERNAL_H

#include "goelf.h"

#include <gelf.h>
#include <libelf.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* xalloc.c: abort with a message on OOM (pax-utils xfuncs, git). */
void *goelf_xmalloc(size_t n);
void *goelf_xcalloc(size_t n, size_t size);
void *goelf_xrealloc(void *p, size_t n);
char *goelf_xstrdup(const char *s);
char *goelf_xstrndup(const char *s, size_t n);
/* Grows *v (of *alloc elements of size sz) to hold at least need; dies on
 * overflow. */
void goelf_grow(void **v, size_t *alloc, size_t need, size_t sz);
/* True when a*b overflows size_t; *out = a*b otherwise. */
bool goelf_mul_overflow(size_t a, size_t b, size_t *out);
void goelf_bug(const char *file, int line, const char *msg)
	__attribute__((noreturn));
#define BUG(msg) goelf_bug(__FILE__, __LINE__, (msg))

/* Range check that subtracts: [off, off+n) inside [0, len). */
static inline bool
goelf_in_range(uint64_t off, uint64_t n, uint64_t len)
{
	return off <= len && n <= len - off;
}

/* cursor.c: bounds-checked byte reader; a failed take never moves it. */
struct goelf_cursor {
	const uint8_t *p, *end;
	enum goelf_endian endian;
};

void goelf_cursor_init(struct goelf_cursor *c, const void *p, size_t n,
		       enum goelf_endian e);
size_t goelf_cursor_left(const struct goelf_cursor *c);
bool goelf_cursor_skip(struct goelf_cursor *c, size_t n);
bool goelf_cursor_take(struct goelf_cursor *c, size_t n, const uint8_t **out);
bool goelf_cursor_u8(struct goelf_cursor *c, uint8_t *v);
bool goelf_cursor_u16(struct goelf_cursor *c, uint16_t *v);
bool goelf_cursor_u32(struct goelf_cursor *c, uint32_t *v);
bool goelf_cursor_u64(struct goelf_cursor *c, uint64_t *v);
/* Pointer-sized word (4 or 8 bytes). */
bool goelf_cursor_word(struct goelf_cursor *c, int size, uint64_t *v);
/* encoding/binary uvarint: at most 10 bytes, overflow fails. */
bool goelf_cursor_uvarint(struct goelf_cursor *c, uint64_t *v);
uint32_t goelf_get_u32(const uint8_t *p, enum goelf_endian e);
uint64_t goelf_get_u64(const uint8_t *p, enum goelf_endian e);
uint16_t goelf_get_u16(const uint8_t *p, enum goelf_endian e);

/*
 * src.c: where the file bytes come from, a file descriptor read lazily
 * with pread or a caller-owned buffer.  Reads are checked against the
 * size seen at open time; a file that shrinks under us gives an error.
 */
struct goelf_src {
	int fd;		    /* -1 for a buffer */
	const uint8_t *mem; /* NULL for a file */
	uint64_t size;
};

/* Reads n bytes at off into a new heap block (free() it); NULL on a bad
 * range, a short read or n > max. */
uint8_t *goelf_src_read(const struct goelf_src *s, uint64_t off, uint64_t n,
			uint64_t max);
bool goelf_src_pread(const struct goelf_src *s, uint64_t off, void *dst,
		     size_t n);

/*
 * Calls fn over [off, off+size) of the file in 1 MiB chunks, each read
 * with `overlap` extra bytes so a pattern that starts in a chunk is seen
 * whole, spending at most *budget bytes (decremented).  fn gets the
 * chunk, its length n (overlap included), the bytes that belong to this
 * chunk (step <= n) and the chunk's file offset; it returns true to stop.
 * Returns true when fn stopped the scan; a range outside the file or a
 * short read ends it quietly.
 */
typedef bool (*goelf_scan_fn)(void *ctx, const uint8_t *buf, size_t n,
			      size_t step, uint64_t at);
bool goelf_src_scan(const struct goelf_src *s, uint64_t off, uint64_t size,
		    size_t overlap, uint64_t *budget, goelf_scan_fn fn,
		    void *ctx);

/* The per-file loading context: one libelf handle, the source, facts. */
struct goelf_ld {
	Elf *elf;
	struct goelf_src src;
	struct goelf_facts *facts;
	struct goelf_opts opts;
};

/* Records a malformed-input issue (bounded). */
void goelf_issue(struct goelf_facts *f, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Records that a GOELF_MAX_* cap cut a fact short: the output says it is
 * partial (finding input.limit_reached). */
void goelf_limit(struct goelf_facts *f, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Maps a virtual address range to a file offset through PT_LOAD. */
bool goelf_vaddr_to_off(const struct goelf_facts *f, uint64_t vaddr, uint64_t n,
			uint64_t *off);
/* The section named name, or NULL. */
const struct goelf_section *goelf_find_section(const struct goelf_facts *f,
					       const char *name);

/* Loader steps, each in its own file; each records issues, never fails
 * the whole load. */
void goelf_load_dynamic(struct goelf_ld *ld);
/* What PT_DYNAMIC told us, for the versions step. */
struct goelf_dyninfo {
	const uint8_t *strtab; /* DT_STRTAB bytes, NULL when unusable */
	uint64_t strsz;
	uint64_t verneed, verneednum, versym, symtab, syment, hash, gnu_hash;
	bool has_verneed, has_versym, has_symtab, has_hash, has_gnu_hash;
};
void goelf_load_versions(struct goelf_ld *ld, const struct goelf_dyninfo *d);
void goelf_load_notes(struct goelf_ld *ld);
void goelf_load_symbols(struct goelf_ld *ld);
void goelf_load_buildinfo(struct goelf_ld *ld);
void goelf_load_pclntab(struct goelf_ld *ld);
void goelf_load_goversion(struct goelf_ld *ld);
/* load_dwarf.c: sets facts->dwarf.present always; walks only when
 * ld->opts.dwarf. */
void goelf_load_dwarf(struct goelf_ld *ld);
void goelf_dwarf_release(struct goelf_dwarf *d);
void goelf_gofacts_release(struct goelf_gofacts *g);

/* modinfo.c: ParseBuildInfo / BuildInfo.String() of Go 1.19. */
int goelf_modinfo_parse(const char *text, struct goelf_modinfo *m,
			struct goelf_buf *err);
void goelf_modinfo_format(const struct goelf_modinfo *m, struct goelf_buf *b);
void goelf_modinfo_release(struct goelf_modinfo *m);

/* Bounded lookup of a NUL-terminated string at off in tab[0..n). */
const char *goelf_strtab_get(const uint8_t *tab, uint64_t n, uint64_t off);

/* Analyzers: read only facts, write only their outputs. */
void goelf_an_identity(const struct goelf_facts *f, struct goelf_analysis *an);
void goelf_an_linkage(const struct goelf_facts *f, struct goelf_analysis *an);
void goelf_an_libc(const struct goelf_facts *f, struct goelf_analysis *an);
void goelf_an_glibc(const struct goelf_facts *f, struct goelf_analysis *an);
void goelf_an_go(const struct goelf_facts *f, struct goelf_analysis *an);
/* an_debug.c: debug sections, strip model, debug.* findings. */
void goelf_an_debug(const struct goelf_facts *f, struct goelf_analysis *an,
		    struct goelf_findings *findings);
void goelf_an_debug_release(struct goelf_analysis *an);
/* render_debug.c: the "debug" JSON object (a json_t *, owned by the
 * caller) and the "Debug and size" text block. */
void *goelf_json_debug(const struct goelf_report *r);
void goelf_text_debug(const struct goelf_report *r, FILE *out);
/* render_util.c: "1.2 MiB" style sizes; \xNN escaping of file strings
 * for text; a json_t * string made valid UTF-8 (U+FFFD), NULL -> null. */
void goelf_fmt_size(uint64_t n, char *out, size_t outsz);
void goelf_text_escape(FILE *out, const char *s);
void *goelf_json_str(const char *s);
/* Compares "2.10" style versions numerically; -1/0/1. */
int goelf_version_cmp(const char *a, const char *b);
/* "GLIBC_2.34" -> "2.34" into out; false for other tags. */
bool goelf_glibc_tag_version(const char *tag, char *out, size_t outsz);

void goelf_verdict_release(struct goelf_verdict *v);

/* policy.c: "10MiB" -> bytes. */
int goelf_parse_size(const char *s, uint64_t *out);

/* gorelease.c: the shipped Go release table. */
extern const char *const goelf_gorelease_table_date;
int goelf_go_minor(const char *v);
bool goelf_go_unsupported(const char *version, const char **since,
			  const char **latest);
/* an_findings.c: findings from facts + analysis (no policy). */
void goelf_an_findings(const struct goelf_facts *f, struct goelf_analysis *an,
		       struct goelf_findings *out);
/* Static glibc that still loads NSS modules or uses dlopen at run time:
 * the marker symbols found (into out); false when none. */
bool goelf_static_glibc_dlopen(const struct goelf_facts *f,
			       const struct goelf_analysis *an,
			       struct goelf_strlist *out);

/* load_symtab_sizes.c: runtime.text/etext and the
 * sized C function symbols of .symtab (facts->funcsyms). */
void goelf_load_symtab_sizes(struct goelf_ld *ld,
			     const struct goelf_section *symtab);
/* an_size.c: section classes and per-package bytes (an->size_*). */
void goelf_an_size(const struct goelf_facts *f, struct goelf_analysis *an);
void goelf_an_size_release(struct goelf_analysis *an);
/* The package of a pclntab function name ("net/http.(*Client).Do" ->
 * "net/http"), written into out; "" when it has none (assembly or C). */
void goelf_size_func_pkg(const char *name, char *out, size_t outsz);
/* render_size.c: the "size" JSON object (a json_t *, owned by the caller)
 * and the goelf size text view. */
void *goelf_json_size(const struct goelf_report *r);
struct goelf_size_view {
	size_t top;   /* rows per list (0: all) */
	bool unicode; /* block bars; '#' otherwise */
};
void goelf_text_size(const struct goelf_report *r,
		     const struct goelf_size_view *v, FILE *out);
/* render_json.c: the JSON object goelf_render_json prints (a json_t *,
 * owned by the caller). */
void *goelf_report_to_json(const struct goelf_report *r);
/* diff.c: one side of goelf diff as an inspect JSON object (json_t *,
 * owned by the caller): an ELF file is analysed (default policy), other
 * files are read as a saved report and validated (schema_version 1).
 * NULL with "PATH: reason" in err; *is_report tells which it was. */
void *goelf_diff_load(const char *path, bool *is_report, struct goelf_buf *err);
/* Compares two such objects; returns the diff object (json_t *, owned by
 * the caller) with "failed" true when a threshold of p was crossed. */
void *goelf_diff_compute(const void *old, const void *new_,
			 const char *old_path, bool old_report,
			 const char *new_path, bool new_report,
			 const struct goelf_policy *p);
/* The diff object as text for a CI log. */
void goelf_diff_text(const void *diff, FILE *out);

#endif /* GOELF_INTERNAL_H */
