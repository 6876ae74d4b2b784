/*
 * analyze/analyze.h - facts in, results out: identity, linking, libc,
 * glibc floor, Go facts, findings, debug and size; the report of one file
 * (facts + analysis + findings + the verdict slot the policy fills) and
 * the pipeline that loads and analyses it.  Never prints.  Includes the
 * loader layers (elf/, go/, dwarf/), facts/ and util/.
 */
#ifndef GOELF_ANALYZE_H
#define GOELF_ANALYZE_H

#include "dwarf/dwarf.h"
#include "elf/elf.h"
#include "go/go.h"

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
#define GOELF_FN_LOAD_ROOTS	1u   /* crypto/x509.loadSystemRoots */
#define GOELF_FN_ROOTS_FALLBACK 2u   /* x509roots/fallback.init */
#define GOELF_FN_LOAD_LOCATION	4u   /* time.LoadLocation */
#define GOELF_FN_TZDATA		8u   /* time/tzdata.loadFromEmbeddedTZData */
#define GOELF_FN_CROSSCALL2	16u  /* crosscall2 (runtime/cgo) */
#define GOELF_FN_CGO_TOPOFSTACK 32u  /* _cgo_topofstack (runtime/cgo) */
#define GOELF_FN_CFUNC_MAIN	64u  /* main._Cfunc_* */
#define GOELF_FN_CGO_RESOLVER	128u /* net._C2func_getaddrinfo */
#define GOELF_FN_CGO_USER	256u /* os/user._Cfunc_mygetpw*, mygetgr* */
/* os/user's pure-Go readers: findUserId, findUsername (/etc/passwd);
 * findGroupId, findGroupName, listGroupsFromReader (/etc/group); and
 * os/user.current (user.Current, both builds). */
#define GOELF_FN_USER_FILES	512u
#define GOELF_FN_GROUP_FILES	1024u
#define GOELF_FN_USER_CURRENT	2048u
#define GOELF_FN_TEMP		4096u /* os.CreateTemp, MkdirTemp, ioutil.Temp* */

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
	bool is_dso; /* a shared library (an_linkage.c) */
	bool is_go;
	enum goelf_libc libc;
	struct goelf_strlist libc_evidence;
	/* static glibc that still loads NSS modules or uses dlopen at run
	 * time: the marker symbols that show it (empty otherwise) */
	struct goelf_strlist static_glibc_nss;
	char *min_glibc; /* "2.34" or NULL */

	/* Go (an_go.c) */
	char *go_version;		   /* best evidence, or NULL */
	const char *go_version_source;	   /* buildinfo, buildversion, strings,
					  pclntab-range, or NULL */
	const char *pclntab_range;	   /* "go1.18-go1.19" ... or NULL */
	int cgo;			   /* 1 yes, 0 no, -1 unknown */
	unsigned go_funcs;		   /* GOELF_FN_* found in pclntab */
	bool needs_ca_certs, needs_tzdata; /* decided from go_funcs */
	/* os/user reads the user and group databases (/etc/passwd,
	 * /etc/group; with cgo through glibc NSS); the program creates
	 * temporary files or directories (in $TMPDIR, else /tmp) */
	bool needs_passwd, needs_tmp;
	struct goelf_strlist cgo_evidence;

	/* Hardening (an_hardening.c): 1 yes, 0 no, or one of these */
#define GOELF_HARD_NA	   (-1) /* pure Go: no C code to judge */
#define GOELF_HARD_UNKNOWN (-2) /* the evidence is gone (stripped) */
	const char *relro;	/* "full", "partial", "none" */
	bool nx_stack;
	int exec_stack; /* PT_GNU_STACK has PF_X: 1, not: 0, no header: -1 */
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
	/* per-package attribution ran (goelf_opts.funcs: goelf size,
	 * inspect --sizes, diff of binaries); without it the package list
	 * and the function byte counts above are empty */
	bool has_size_pkgs;
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
	bool selected;	    /* named by the policy / --targets: counts */
	const char *source; /* the image target: the image judged (points
			       into the report's runtime); NULL otherwise */
};

/* Computed once per file from findings + policy; text, JSON and the
 * exit code all come from it. */
struct goelf_verdict {
	bool computed;
	enum goelf_sev status; /* INFO = pass */
	bool failed;	       /* fails the gate (exit 1) */
	/* Whether any target was selected (--targets, the policy's
	 * targets): only selected targets count towards status; without
	 * one every target is shown for information only. */
	bool targets_selected;
	struct goelf_target_result *targets;
	size_t ntargets;
};

/*
 * The run-time judgement of one file against a real image or root
 * filesystem (lib/runtime fills it; plain data here so the report can
 * carry it and the renderers read it).  judged false: no image or root
 * was given.  Every string is owned by the struct.
 */
enum goelf_rt_how {
	GOELF_RT_NOT_FOUND = 0,
	GOELF_RT_INTERP,	  /* PT_INTERP */
	GOELF_RT_DIRECT,	  /* the name has a '/' */
	GOELF_RT_RPATH,		  /* DT_RPATH (own or inherited) */
	GOELF_RT_LD_LIBRARY_PATH, /* LD_LIBRARY_PATH from the Env */
	GOELF_RT_RUNPATH,	  /* the object's own DT_RUNPATH */
	GOELF_RT_LDCACHE,	  /* the image's /etc/ld.so.cache */
	GOELF_RT_SYSTEM,	  /* ld.so's built-in directories */
	GOELF_RT_MUSL_PATH,	  /* /etc/ld-musl-ARCH.path */
	GOELF_RT_MUSL_DEFAULT,	  /* musl's built-in path */
	GOELF_RT_MUSL_RESERVED,	  /* a name musl maps to libc itself */
	GOELF_RT_LOADED,	  /* already in the load set (by soname) */
};

/* One node of the resolution tree, in breadth-first load order. */
struct goelf_rt_node {
	char *name; /* the NEEDED entry (or PT_INTERP) as written */
	char *path; /* resolved in-root path, or NULL */
	enum goelf_rt_how how;
	char *error;	/* why it is not usable ("not found" ...), or
				 NULL */
	int parent;	/* node index of the object that needs it; -1:
				 the binary itself */
	unsigned depth; /* 1 for the binary's own NEEDED */
};

/* One reason the file will not start or run there (a reason of the
 * "image" target). */
struct goelf_rt_problem {
	char *id; /* "runtime.library_missing" ... (rules.c) */
	enum goelf_sev sev;
	char *message; /* one line: what, the file, the fix */
};

/* A data file the binary needs: asked, and where it was found. */
struct goelf_rt_need {
	bool needed;
	bool found;
	char *path; /* what was found (or what was looked for first) */
};

struct goelf_runtime {
	bool judged;
	char *image;	  /* the image or root (its reference or path) */
	char *at;	  /* the in-image path the file is judged at */
	bool entrypoint;  /* the file is the image's entrypoint */
	char *interp;	  /* resolved interpreter path, or NULL */
	const char *libc; /* "glibc", "musl", "none", "unknown"; static */
	char *user;	  /* "65532:65532" or "root" as judged */
	struct goelf_rt_node *nodes; /* owned */
	size_t nnodes;
	struct goelf_rt_problem *problems; /* owned */
	size_t nproblems;
	struct goelf_rt_need ca_certs, zoneinfo, nsswitch, passwd, tmp;
	bool limit_reached; /* a GOELF_RT_MAX_* cap cut it short */
};

/* Frees what rt owns and zeroes it. */
void goelf_runtime_release(struct goelf_runtime *rt);

struct goelf_report {
	char *path;
	enum goelf_err err; /* GOELF_OK or why the file could not be read */
	char *err_message;  /* one line, NULL when err == GOELF_OK */
	struct goelf_facts facts;
	struct goelf_analysis an;
	struct goelf_findings findings;
	struct goelf_verdict verdict;
	struct goelf_runtime runtime; /* judged against an image or root */
};

/* Loading (load.c): the loader layers in order, elf/ then go/ then
 * dwarf/. On failure returns the error and puts a one-line reason
 * (without the path) into err.  facts must be zeroed; release it with
 * goelf_facts_release() in every case. */
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

/* Whole pipeline: load + analyze one file into a caller-owned r (the
 * public API's goelf_report_open() allocates one). Returns r->err; free
 * what r owns with goelf_report_release() in every case. */
enum goelf_err goelf_report_file(const char *path, struct goelf_report *r);
void goelf_report_release(struct goelf_report *r);
/* The same with options; opts may be NULL (defaults: no DWARF walk). */
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
void goelf_verdict_release(struct goelf_verdict *v);

/*
 * Analyzers (goelf_analyze runs them in three stages).  Each reads the
 * facts and only the results it is given as arguments, and writes only
 * its own fields of an (named in its comment); none reads another's
 * fields out of an, so the data flow is the argument list, not the call
 * order.
 */
/* arch, machine, type, os, is_go. */
void goelf_an_identity(const struct goelf_facts *f, struct goelf_analysis *an);
/* link_kind, is_pie, is_dso. */
void goelf_an_linkage(const struct goelf_facts *f, struct goelf_analysis *an);
/* min_glibc. */
void goelf_an_glibc(const struct goelf_facts *f, struct goelf_analysis *an);
/* libc, libc_evidence. */
void goelf_an_libc(const struct goelf_facts *f, bool is_go,
		   struct goelf_analysis *an);
/* static_glibc_nss: for static glibc, the evidence that it still loads
 * NSS modules or other code at run time. */
void goelf_an_static_nss(const struct goelf_facts *f, enum goelf_libc libc,
			 enum goelf_link_kind lk, unsigned go_funcs,
			 struct goelf_analysis *an);
/* go_version, go_version_source, pclntab_range, cgo, cgo_evidence,
 * go_funcs, needs_ca_certs, needs_tzdata, needs_passwd, needs_tmp. */
/* an_go.c's function-name patterns, which the loader scans for. */
const struct goelf_fn_pattern *goelf_an_go_patterns(size_t *n);
void goelf_an_go(const struct goelf_facts *f, bool is_go,
		 struct goelf_analysis *an);
/* relro, nx_stack, exec_stack, canary, fortify. */
void goelf_an_hardening(const struct goelf_facts *f, bool is_go, int cgo,
			struct goelf_analysis *an);
/* an_size.c: size_* (section classes and per-package bytes). */
void goelf_an_size(const struct goelf_facts *f, enum goelf_libc libc,
		   struct goelf_analysis *an);
void goelf_an_size_release(struct goelf_analysis *an);
/* an_findings.c: findings from facts + the finished analysis. */
void goelf_an_findings(const struct goelf_facts *f,
		       const struct goelf_analysis *an,
		       struct goelf_findings *out);
/* an_debug.c: debug_*, the strip model, and the debug.* findings. */
void goelf_an_debug(const struct goelf_facts *f, struct goelf_analysis *an,
		    struct goelf_findings *findings);
void goelf_an_debug_release(struct goelf_analysis *an);
/* an_glibc.c: at most max symbols (", "-separated, as NAME or NAME@TAG
 * when with_tag) whose GLIBC_x.y tag equals v, or is newer than v when
 * newer, into out; returns how many were written. */
size_t goelf_glibc_symbols(const struct goelf_facts *f, const char *v,
			   bool newer, bool with_tag, size_t max,
			   struct goelf_buf *out);
/* The package of a pclntab function name ("net/http.(*Client).Do" ->
 * "net/http"), written into out; "" when it has none (assembly or C). */
void goelf_size_func_pkg(const char *name, char *out, size_t outsz);
/* "text", "rodata" ... for a class; static. */
const char *goelf_size_class_name(enum goelf_size_class_id c);

#endif /* GOELF_ANALYZE_H */
