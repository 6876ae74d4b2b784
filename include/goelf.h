/*
 * goelf.h - the public API of libgoelf.
 *
 * Data flow: goelf_report_load() opens one file (or buffer), the loaders
 * copy what they need into struct goelf_facts and release the libelf
 * handle; the analyzers turn the facts into struct goelf_analysis and
 * findings; the renderers print a const struct goelf_report.  Everything a
 * report owns is freed by goelf_report_release().
 *
 * Ownership: every char * and array in these structs is owned by the
 * struct that contains it, unless its comment says otherwise.
 */
#ifndef GOELF_H
#define GOELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define GOELF_VERSION "0.1.0"

/* Caps on everything driven by file data; hitting one is a load issue. */
#define GOELF_MAX_STRING	   (64u * 1024) /* one string copied from a file */
#define GOELF_MAX_PHDRS		   4096u	/* program headers walked */
#define GOELF_MAX_SHDRS		   65536u	/* section headers walked */
#define GOELF_MAX_DYN		   65536u	/* PT_DYNAMIC entries */
#define GOELF_MAX_LIST		   4096u      /* NEEDED, RPATH, runpath items */
#define GOELF_MAX_VERNEED	   1024u      /* Verneed + Vernaux records */
#define GOELF_MAX_DYNSYMS	   (1u << 20) /* dynamic symbols read */
#define GOELF_MAX_SYMS_PER_VERSION 4096u      /* symbols listed per version */
#define GOELF_MAX_NOTES		   1024u      /* notes walked */
#define GOELF_MAX_NOTE_BYTES	   (1u << 20) /* bytes of notes read */
#define GOELF_MAX_DESC		   4096u      /* one note descriptor kept */
#define GOELF_MAX_SYMTAB	   (1u << 24) /* .symtab bytes scanned */
#define GOELF_MAX_SCAN		   (64u << 20) /* bytes scanned for markers */
#define GOELF_MAX_ISSUES	   64u	       /* load issues kept per file */
#define GOELF_MAX_LISTED	   512u	       /* sections listed in a report */
#define GOELF_MAX_BUILDINFO	   (1u << 20)  /* modinfo/version bytes */
#define GOELF_MAX_BI_SCAN	   (64u << 20) /* bytes scanned for the header */
#define GOELF_MAX_GODEPS	   10000u      /* dep lines kept */
#define GOELF_MAX_GOSETTINGS	   1000u       /* build settings kept */
#define GOELF_MAX_FUNCS		   1000000u    /* pclntab functions read */
#define GOELF_MAX_FUNCNAME_BYTES   (64u << 20)	/* their names, in total */
#define GOELF_MAX_DWARF_CUS	   100000u	/* compile units walked */
#define GOELF_MAX_DWARF_DIES	   2000000u	/* DIEs visited */
#define GOELF_MAX_DWARF_PATHS	   256u		/* build paths listed */
#define GOELF_MAX_INFLATE	   (256u << 20) /* one decompressed section */
#define GOELF_MAX_INFLATE_RATIO	   32u		/* decompressed / file size */
#define GOELF_MAX_FUNCSYMS	   200000u /* .symtab functions kept (size) */

enum goelf_err {
	GOELF_OK = 0,
	GOELF_E_IO,	     /* cannot open, read or stat the file */
	GOELF_E_NOT_ELF,     /* not an ELF file at all */
	GOELF_E_MALFORMED,   /* ELF, but unusable (bad header) */
	GOELF_E_UNSUPPORTED, /* ELF we do not handle (bad class/data) */
	GOELF_E_NOMEM,
	GOELF_E_NOT_REGULAR, /* directory, FIFO, device, socket */
};

/* Static English text for an error code; never NULL. */
const char *goelf_strerror(enum goelf_err e);
/* Stable machine name for an error code ("io", "not_elf" ...). */
const char *goelf_errcode(enum goelf_err e);

/*
 * Growable NUL-terminated buffer with a size cap (git strbuf, curl dynbuf).
 * buf is never NULL after goelf_buf_init(); appending beyond cap fails and
 * leaves the buffer as it was, with `truncated` set.
 */
struct goelf_buf {
	char *buf;
	size_t len;
	size_t alloc;
	size_t cap;
	bool truncated;
};

void goelf_buf_init(struct goelf_buf *b, size_t cap);
void goelf_buf_release(struct goelf_buf *b);
void goelf_buf_reset(struct goelf_buf *b);
int goelf_buf_add(struct goelf_buf *b, const void *p, size_t n);
int goelf_buf_adds(struct goelf_buf *b, const char *s);
int goelf_buf_addc(struct goelf_buf *b, char c);
int goelf_buf_addf(struct goelf_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Hands the string to the caller (free() it) and re-inits the buffer. */
char *goelf_buf_detach(struct goelf_buf *b);

/* A growable list of owned strings. */
struct goelf_strlist {
	char **v;
	size_t n;
	size_t alloc;
};

void goelf_strlist_add(struct goelf_strlist *l, const char *s);
void goelf_strlist_add_unique(struct goelf_strlist *l, const char *s);
bool goelf_strlist_has(const struct goelf_strlist *l, const char *s);
void goelf_strlist_addf_bounded(struct goelf_strlist *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void goelf_strlist_release(struct goelf_strlist *l);
void goelf_strlist_sort(struct goelf_strlist *l);

/* One section header, copied. */
struct goelf_section {
	char *name; /* "" when the name table is unusable */
	uint32_t type;
	uint64_t flags, addr, offset, size, addralign, entsize;
	uint32_t link, info;
	bool in_file;	    /* offset/size lie inside the file (not NOBITS) */
	bool is_compressed; /* SHF_COMPRESSED or .zdebug "ZLIB" */
	uint32_t ch_type;   /* ELFCOMPRESS_* (0 when unknown/none) */
	uint64_t
		uncompressed_size; /* from the Chdr/ZLIB header, never inflated */
};

/* One program header, copied. */
struct goelf_segment {
	uint32_t type, flags;
	uint64_t offset, vaddr, filesz, memsz, align;
};

/* One GLIBC_2.34-style need: library, version tag and the symbols using it. */
struct goelf_verneed {
	char *library;
	char *version;
	uint16_t index; /* vna_other, matched against .gnu.version */
	bool weak;
	struct goelf_strlist symbols; /* sorted, unique */
	bool symbols_truncated;
};

/* A malformed-input record: loading went on without this fact. */
struct goelf_issue {
	char *what;    /* "phdrs", "dynamic", "verneed", "notes", ... */
	char *message; /* one line, with the file offset where known */
	bool limit;    /* a GOELF_MAX_* cap was hit (not malformed) */
};

enum goelf_endian {
	GOELF_LITTLE = 1,
	GOELF_BIG = 2
};

/* One dependency line of Go module info ("dep" and its "=>"). */
struct goelf_godep {
	char *path, *version, *sum; /* sum may be NULL */
	bool has_replace;
	char *rpath, *rversion, *rsum; /* the replacement, when has_replace */
};

/* One "build" setting: key=value, in original order. */
struct goelf_gosetting {
	char *key, *value;
};

/* Parsed modinfo (runtime/debug.ParseBuildInfo). */
struct goelf_modinfo {
	char *path; /* NULL when absent */
	struct goelf_godep main;
	bool has_main;
	struct goelf_godep *deps;
	size_t ndeps;
	struct goelf_gosetting *settings;
	size_t nsettings;
};

/* Go facts: build info, pclntab, version evidence.  See
 * reference/go-binary-format.md. */
struct goelf_gofacts {
	/* .go.buildinfo */
	bool has_buildinfo;    /* a valid header was found */
	const char *bi_format; /* "inline" or "pointer" (static) */
	uint64_t bi_offset;    /* file offset of the header */
	char *bi_version;      /* "go1.19.8", NULL when absent */
	char *modinfo;	       /* module text between the sentinels */
	bool modinfo_ok;       /* parsed into `mod` without error */
	struct goelf_modinfo mod;

	/* pclntab (load_pclntab.c) */
	bool has_pclntab;
	uint32_t pclntab_magic;	   /* 0xfffffff1 ... */
	const char *pclntab_where; /* section name, or "scan" (static) */
	uint64_t pclntab_offset;   /* file offset */
	uint64_t pclntab_size;
	uint8_t pclntab_ptrsize, pclntab_quantum;
	uint64_t nfunc;		    /* from the header */
	struct goelf_strlist funcs; /* function names read, in table order */
	uint64_t *func_entry;	    /* entry offset per name (same index) */
	uint64_t func_end;	    /* end PC offset of the last function */
	bool funcs_truncated;

	/* version evidence when build info is absent (load_goversion.c) */
	char *buildversion;   /* runtime.buildVersion read via .symtab */
	char *version_string; /* "go1.x.y" found in read-only data */
	uint64_t version_string_offset;
};

/* DWARF summary (load_dwarf.c), walked only when asked (--dwarf). */
struct goelf_dwarf {
	bool present; /* a .debug_info or .zdebug_info section */
	bool walked;  /* the summary below is filled in */
	char *error;  /* why the walk failed, NULL otherwise */
	uint64_t compile_units;
	struct goelf_strlist versions;	  /* "4", "5", sorted unique */
	struct goelf_strlist producers;	  /* DW_AT_producer, sorted unique */
	struct goelf_strlist languages;	  /* "Go", "C11" ..., sorted unique */
	struct goelf_strlist build_paths; /* comp_dir / absolute file paths
					     that name the build machine */
	bool truncated;			  /* a GOELF_MAX_DWARF_* cap was hit */
};

/* Options for one load. */
struct goelf_opts {
	bool dwarf; /* walk DWARF with libdwarf (in a child process) */
};

/* One STT_FUNC symbol with a size, in an executable section and outside
 * the Go text range [runtime.text, runtime.etext): C code in a cgo or C
 * binary. */
struct goelf_funcsym {
	char *name; /* owned */
	uint64_t addr, size;
};

/* Plain data copied out of one ELF file; see STYLE.md 6.2. */
struct goelf_facts {
	char *path;
	uint64_t file_size;

	/* identity */
	int elf_class; /* 32 or 64 */
	enum goelf_endian endian;
	uint16_t e_type, e_machine;
	uint8_t osabi, abiversion;
	uint32_t e_flags;
	uint64_t e_entry;

	/* tables */
	bool has_shdrs; /* a usable section header table */
	struct goelf_section *sections;
	size_t nsections;
	uint64_t shdr_table_bytes; /* e_shnum * e_shentsize */
	uint64_t shoff;
	struct goelf_segment *segments;
	size_t nsegments;

	/* dynamic linking */
	char *interp;	  /* NULL when there is no PT_INTERP */
	bool has_dynamic; /* a PT_DYNAMIC segment */
	struct goelf_strlist needed, rpath, runpath;
	char *soname;
	bool has_flags, has_flags_1, has_bind_now, has_textrel, has_debug_tag;
	uint64_t dt_flags, dt_flags_1;
	bool has_verneed_tag, has_relr; /* DT_VERNEED, DT_RELR */
	struct goelf_verneed *verneed;
	size_t nverneed;
	size_t ndynsyms;

	/* segments of interest */
	bool has_relro, has_gnu_stack;
	uint32_t gnu_stack_flags;

	/* notes */
	char *gnu_build_id; /* lowercase hex, NULL when absent */
	bool has_abi_tag;
	uint32_t abi_tag[4]; /* os, major, minor, subminor */
	char *go_build_id;   /* "Go\0\0" type 4, NULL when absent */
	bool has_freebsd_note, has_netbsd_note, has_openbsd_note,
		has_android_note;
	bool has_upx_marker; /* "UPX!" in the first 4 KiB */

	/* symbols and strings of interest (names from a fixed marker list) */
	bool has_symtab;
	size_t nsymtab;
	struct goelf_strlist markers;	     /* symbol markers found, sorted */
	struct goelf_strlist string_markers; /* string markers found */

	/* Go */
	struct goelf_gofacts go;

	/* DWARF */
	struct goelf_dwarf dwarf;

	/* malformed-input records */
	struct goelf_issue *issues;
	size_t nissues;
	bool issues_truncated;

	/* .symtab function sizes (load_symtab_sizes.c), for goelf size */
	bool has_go_text_syms; /* runtime.text and runtime.etext found */
	uint64_t go_text_start, go_text_end; /* their values (vaddr) */
	struct goelf_funcsym *funcsyms;	     /* owned; sorted by addr */
	size_t nfuncsyms;
	bool funcsyms_truncated; /* GOELF_MAX_FUNCSYMS was hit */
};

enum goelf_link_kind {
	GOELF_LINK_UNKNOWN = 0,
	GOELF_LINK_STATIC,
	GOELF_LINK_STATIC_PIE,
	GOELF_LINK_DYNAMIC,
};

enum goelf_libc {
	GOELF_LIBC_UNKNOWN = 0,
	GOELF_LIBC_NONE,
	GOELF_LIBC_GLIBC,
	GOELF_LIBC_MUSL,
	GOELF_LIBC_BIONIC,
	GOELF_LIBC_BSD,
};

enum goelf_sev {
	GOELF_SEV_INFO = 0,
	GOELF_SEV_WARN,
	GOELF_SEV_FAIL
};

/* One finding: stable dotted id, severity, message, key=value evidence. */
struct goelf_finding {
	char *id;
	enum goelf_sev sev;
	char *message;
	struct goelf_strlist evidence;
	bool allowed; /* matched an allowlist entry (set by the verdict) */
};

struct goelf_findings {
	struct goelf_finding *v;
	size_t n, alloc;
};

/* pclntab functions that decide findings (an_go.c), as bits. */
#define GOELF_FN_LOAD_ROOTS	1u  /* crypto/x509.loadSystemRoots */
#define GOELF_FN_ROOTS_FALLBACK 2u  /* x509roots/fallback.init */
#define GOELF_FN_LOAD_LOCATION	4u  /* time.LoadLocation */
#define GOELF_FN_TZDATA		8u  /* time/tzdata.loadFromEmbeddedTZData */
#define GOELF_FN_CROSSCALL2	16u /* crosscall2 (runtime/cgo) */
#define GOELF_FN_CGO_TOPOFSTACK 32u /* _cgo_topofstack (runtime/cgo) */
#define GOELF_FN_CFUNC_MAIN	64u /* main._Cfunc_* */

/* One non-allocated (debug, symbols, comment ...) section (an_debug.c). */
struct goelf_debug_section {
	const char *name; /* points into facts.sections; not owned */
	uint64_t size;	  /* bytes in the file */
	bool compressed;
	uint64_t uncompressed_size; /* 0 when not compressed */
};

/* Section classes of goelf size (an_size.c); goelf_size_class_name(). */
enum goelf_size_class_id {
	GOELF_SIZE_TEXT = 0, /* SHF_EXECINSTR */
	GOELF_SIZE_RODATA,   /* other read-only allocated data */
	GOELF_SIZE_PCLNTAB,  /* .gopclntab */
	GOELF_SIZE_TYPES,    /* .typelink, .itablink (the type descriptors
				themselves are inside .rodata) */
	GOELF_SIZE_DATA,     /* writable allocated data with file bytes */
	GOELF_SIZE_DEBUG,    /* .debug_*, .zdebug_* */
	GOELF_SIZE_SYMBOLS,  /* .symtab, .strtab, .symtab_shndx */
	GOELF_SIZE_OTHER,    /* other non-allocated sections */
	GOELF_SIZE_HEADERS,  /* ELF/program/section headers, padding: the
				file bytes in no section */
	GOELF_SIZE_NCLASS
};

/* One section as goelf size sees it. */
struct goelf_size_section {
	const char *name;    /* points into facts.sections; not owned */
	uint64_t size;	     /* sh_size (memory size for NOBITS) */
	uint64_t file_bytes; /* bytes it takes in the file */
	enum goelf_size_class_id cls;
	bool bss; /* SHT_NOBITS and allocated */
};

/* Function bytes of one Go package or pseudo-package ("C", "C/libc" ...). */
struct goelf_size_pkg {
	char *name; /* owned */
	uint64_t bytes, funcs;
};

/* What the analyzers derive from the facts. */
struct goelf_analysis {
	const char *arch;    /* GOARCH spelling or "unknown"; static string */
	const char *machine; /* ELF machine name ("EM_X86_64" style); static */
	const char *type;    /* "exec", "dyn", "rel", "core", "unknown" */
	const char *os;	     /* "linux", "freebsd", ... or "unknown" */
	enum goelf_link_kind link_kind;
	bool is_pie;
	bool is_go;
	enum goelf_libc libc;
	struct goelf_strlist libc_evidence;
	char *min_glibc; /* "2.34" or NULL */

	/* Go (an_go.c) */
	char *go_version;		   /* best evidence, or NULL */
	const char *go_version_source;	   /* buildinfo, buildversion, strings,
					  pclntab-range, or NULL */
	const char *pclntab_range;	   /* "go1.18-go1.19" ... or NULL */
	int cgo;			   /* 1 yes, 0 no, -1 unknown */
	unsigned go_funcs;		   /* GOELF_FN_* found in pclntab */
	bool needs_ca_certs, needs_tzdata; /* decided from go_funcs */
	struct goelf_strlist cgo_evidence;

	/* Hardening (an_findings.c); -1 = not applicable */
	const char *relro; /* "full", "partial", "none" */
	bool nx_stack;
	int canary, fortify;

	/* Debug leftovers and strip savings (an_debug.c) */
	struct goelf_debug_section *debug_sections; /* owned array */
	size_t ndebug_sections;	    /* listed (at most GOELF_MAX_LISTED) */
	size_t ndebug_sections_all; /* all of them, listed or not */
	uint64_t debug_total;	    /* sum of their sizes */
	bool has_strip_model;	    /* the predictions below are valid */
	uint64_t size_strip_all;    /* predicted size after strip --strip-all */
	uint64_t size_strip_debug;  /* ... after strip --strip-debug */
	uint64_t savings_strip_all; /* file size - size_strip_all */
	uint64_t savings_strip_debug;
	uint64_t savings_go_s_w; /* bytes -ldflags="-s -w" would not emit */

	/* Where the bytes go (an_size.c): section classes and packages. */
	bool has_size;				/* the fields below are valid */
	uint64_t size_class[GOELF_SIZE_NCLASS]; /* file bytes per class */
	uint64_t size_bss; /* SHT_NOBITS alloc bytes (memory) */
	struct goelf_size_section *size_sections; /* owned, header order */
	size_t nsize_sections;
	bool size_sections_truncated;	  /* more than GOELF_MAX_LISTED */
	struct goelf_size_pkg *size_pkgs; /* owned; bytes desc, then name */
	size_t nsize_pkgs;
	bool has_text;		    /* a .text section with bytes */
	uint64_t text_bytes;	    /* its size */
	uint64_t size_go_bytes;	    /* function bytes from the pclntab */
	uint64_t size_c_bytes;	    /* function bytes from .symtab (C) */
	uint64_t size_attributed;   /* go + c = sum over size_pkgs */
	uint64_t size_unattributed; /* text_bytes - attributed (0 if no
				       text) */
	uint64_t size_nfuncs;	    /* functions counted */
};

/* One reason a target is not ok (or a note that it is). */
struct goelf_reason {
	char *id; /* "target.glibc_too_old" ... */
	enum goelf_sev sev;
	char *message;
	bool allowed; /* matched an allowlist entry: does not count */
};

struct goelf_target_result {
	const char *name;      /* canonical target name; static */
	enum goelf_sev status; /* INFO = ok */
	struct goelf_reason *reasons;
	size_t nreasons;
	bool selected; /* named by the policy / --targets: counts */
};

/* Computed once per file from findings + policy; text, JSON and the
 * exit code all come from it. */
struct goelf_verdict {
	bool computed;
	enum goelf_sev status; /* INFO = pass */
	bool failed;	       /* fails the gate (exit 1) */
	struct goelf_target_result *targets;
	size_t ntargets;
};

#define GOELF_REQUIRE_STATIC   1u
#define GOELF_REQUIRE_NO_CGO   2u
#define GOELF_REQUIRE_TRIMPATH 4u
#define GOELF_REQUIRE_STRIPPED 8u

struct goelf_allow {
	char *id;   /* finding id, fnmatch pattern */
	char *glob; /* path pattern, NULL = any path */
};

/* A gate policy (INI file and/or flags). */
struct goelf_policy {
	struct goelf_strlist targets; /* canonical names; empty = none */
	bool all_targets;	      /* report every target, none counts */
	enum goelf_sev fail_on;	      /* WARN or FAIL (default FAIL) */
	char *max_glibc;	      /* "2.31" or NULL */
	unsigned require;	      /* GOELF_REQUIRE_* */
	bool has_max_debug;
	uint64_t max_debug_bytes;
	char *min_go; /* "1.21" or NULL */
	struct goelf_allow *allow;
	size_t nallow;
	char *arch; /* GOARCH of the target platform, or NULL */
	/* diff thresholds (goelf diff) */
	bool has_max_growth;
	bool max_growth_pct; /* max_growth is a percentage */
	double max_growth;
	bool fail_on_new_finding, fail_on_glibc_raise;
};

struct goelf_report {
	char *path;
	enum goelf_err err; /* GOELF_OK or why the file could not be read */
	char *err_message;  /* one line, NULL when err == GOELF_OK */
	struct goelf_facts facts;
	struct goelf_analysis an;
	struct goelf_findings findings;
	struct goelf_verdict verdict;
};

/* Loading. */
/*
 * Reads PATH into facts. On failure returns the error and puts a one-line
 * reason (without the path) into err.  facts must be zeroed; release it
 * with goelf_facts_release() in every case.
 */
enum goelf_err goelf_load_file(const char *path, struct goelf_facts *facts,
			       struct goelf_buf *err);
/* The same pipeline over a caller-owned byte buffer (fuzzing, tests). */
enum goelf_err goelf_load_buffer(const void *data, size_t size,
				 const char *name, struct goelf_facts *facts,
				 struct goelf_buf *err);
/* Loads from an open descriptor; the caller keeps and closes fd. */
enum goelf_err goelf_load_fd_opts(int fd, const char *name,
				  const struct goelf_opts *opts,
				  struct goelf_facts *facts,
				  struct goelf_buf *err);
/* The same with options (NULL: defaults). */
enum goelf_err goelf_load_file_opts(const char *path,
				    const struct goelf_opts *opts,
				    struct goelf_facts *facts,
				    struct goelf_buf *err);
enum goelf_err goelf_load_buffer_opts(const void *data, size_t size,
				      const char *name,
				      const struct goelf_opts *opts,
				      struct goelf_facts *facts,
				      struct goelf_buf *err);
void goelf_facts_release(struct goelf_facts *facts);

/* Analysis: pure, never prints. */
void goelf_analyze(const struct goelf_facts *facts, struct goelf_analysis *an,
		   struct goelf_findings *findings);
void goelf_analysis_release(struct goelf_analysis *an);

/* Findings list. */
struct goelf_finding *goelf_findings_add(struct goelf_findings *f,
					 const char *id, enum goelf_sev sev,
					 const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void goelf_finding_evidence(struct goelf_finding *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void goelf_findings_sort(struct goelf_findings *f);
void goelf_findings_release(struct goelf_findings *f);
const char *goelf_sev_name(enum goelf_sev s);

/* Whole pipeline: load + analyze one file. Returns report->err.
 * opts may be NULL (defaults: no DWARF walk). */
enum goelf_err goelf_report_file(const char *path, struct goelf_report *r);
enum goelf_err goelf_report_file_opts(const char *path,
				      const struct goelf_opts *opts,
				      struct goelf_report *r);
/* The pipeline on an open file descriptor (read with pread; the caller
 * keeps and closes fd); name is the path shown in the report. */
enum goelf_err goelf_report_fd_opts(int fd, const char *name,
				    const struct goelf_opts *opts,
				    struct goelf_report *r);
enum goelf_err goelf_report_buffer(const void *data, size_t size,
				   const char *name, struct goelf_report *r);
enum goelf_err goelf_report_buffer_opts(const void *data, size_t size,
					const char *name,
					const struct goelf_opts *opts,
					struct goelf_report *r);
void goelf_report_release(struct goelf_report *r);

/* Policy and verdict (policy.c, verdict.c). */
void goelf_policy_init(struct goelf_policy *p);
void goelf_policy_release(struct goelf_policy *p);
/* Reads an INI policy file; on error puts "FILE:LINE: reason" in err. */
int goelf_policy_load(struct goelf_policy *p, const char *path,
		      struct goelf_buf *err);
/* Sets one key as in the file ("targets", "fail-on", "max-glibc",
 * "require", "max-debug-bytes", "min-go", "allow", "arch", ...);
 * -1 with a reason in err for an unknown key or a bad value. */
int goelf_policy_set(struct goelf_policy *p, const char *section,
		     const char *key, const char *value, struct goelf_buf *err);
/* Computes r->verdict (and policy findings) from the report. */
void goelf_verdict_compute(struct goelf_report *r,
			   const struct goelf_policy *p);
const char *goelf_status_name(enum goelf_sev s); /* pass/warn/fail */

/* Known targets: canonical names, and lookup by name or image ref. */
size_t goelf_target_count(void);
const char *goelf_target_name(size_t i);

/* One registered finding id: short text and help for SARIF rules. */
struct goelf_rule {
	const char *id;
	const char *summary;
	const char *help;
};
const struct goelf_rule *goelf_rule_find(const char *id);
size_t goelf_rule_count(void);
const struct goelf_rule *goelf_rule_at(size_t i);

/* SARIF 2.1.0 for a set of reports (one run). */
void goelf_render_sarif(const struct goelf_report *const *r, size_t n,
			FILE *out);

/* Names for enums; static strings. */
const char *goelf_link_kind_name(enum goelf_link_kind k);
const char *goelf_libc_name(enum goelf_libc l);

/* Renderers: read only the report. */
struct goelf_render_opts {
	bool color;
};
void goelf_render_text(const struct goelf_report *r,
		       const struct goelf_render_opts *o, FILE *out);
/* One JSON object on one line, followed by "\n". */
void goelf_render_json(const struct goelf_report *r, FILE *out);

/* goelf size (an_size.c): "text", "rodata" ... for a class; static. */
const char *goelf_size_class_name(enum goelf_size_class_id c);

#endif /* GOELF_H */
