/*
 * goelf.h - the public API of libgoelf.
 *
 * Data flow: a report is loaded from one file (or buffer): the loaders
 * copy what they need into the report's facts and release the libelf
 * handle; the analyzers derive findings; the verdict applies a policy;
 * the renderers print a finished report.  Everything a report owns is
 * freed by goelf_report_free().
 *
 * The structs behind these handles are private (lib/); this header is
 * what a program linking libgoelf may rely on.
 */
#ifndef GOELF_H
#define GOELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define GOELF_VERSION "0.1.0"

enum goelf_err {
	GOELF_OK = 0,
	GOELF_E_IO,	     /* cannot open, read or stat the file */
	GOELF_E_NOT_ELF,     /* not an ELF file at all */
	GOELF_E_MALFORMED,   /* ELF, but unusable (bad header) */
	GOELF_E_UNSUPPORTED, /* ELF we do not handle (bad class/data) */
	GOELF_E_NOMEM,
	GOELF_E_NOT_REGULAR, /* directory, FIFO, device, socket */
	GOELF_E_TRUNCATED,   /* ELF whose contents run past the end of the
				file (a download cut short) */
};

/* Static English text for an error code; never NULL. */
const char *goelf_strerror(enum goelf_err e);
/* Stable machine name for an error code ("io", "not_elf" ...). */
const char *goelf_errcode(enum goelf_err e);

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

/*
 * Handles.  Their structs are private (lib/): a program linking libgoelf
 * holds pointers only and reads them through the functions below.
 */
struct goelf_report; /* one analysed file */
struct goelf_policy; /* a gate policy */
struct goelf_diff;   /* two builds compared */

const char *goelf_sev_name(enum goelf_sev s);
const char *goelf_status_name(enum goelf_sev s); /* pass/warn/fail */
/* Names for enums; static strings. */
const char *goelf_link_kind_name(enum goelf_link_kind k);
const char *goelf_libc_name(enum goelf_libc l);

/* Known targets: canonical names. */
size_t goelf_target_count(void);
const char *goelf_target_name(size_t i);
/* The target table `goelf targets` prints: every known target with its
 * image references, facts and their sources; as text, or as one JSON
 * object and "\n". */
void goelf_render_targets_text(FILE *out);
void goelf_render_targets_json(FILE *out);

/* One registered finding id: short text and help for SARIF rules. */
struct goelf_rule {
	const char *id;
	const char *summary;
	const char *help;
};
const struct goelf_rule *goelf_rule_find(const char *id);
size_t goelf_rule_count(void);
const struct goelf_rule *goelf_rule_at(size_t i);

/* --- reports --- */

/* How to load a file; a zeroed struct (or NULL) is the default. */
struct goelf_load_options {
	bool dwarf;  /* also walk DWARF with libdwarf, in a child process */
	bool sha256; /* also hash the whole file (goelf_render_cyclonedx) */
	/* Only what goelf buildinfo prints: the ELF headers and the Go build
	 * info (goelf_report_buildinfo); nothing else is loaded or analysed,
	 * so the other accessors return their "unknown" values. */
	bool buildinfo_only;
	/* Per-package sizes (goelf size, inspect --sizes): reads the
	 * pclntab's function records too, not only its name table. */
	bool sizes;
};

/* Loads and analyses the file at path; never NULL (aborts on out of
 * memory): a file that cannot be analysed gives a report whose
 * goelf_report_error() says why.  The caller owns the report and frees
 * it with goelf_report_free(). */
struct goelf_report *goelf_report_open(const char *path,
				       const struct goelf_load_options *o);
/* Frees the report and everything it owns; NULL is a no-op. */
void goelf_report_free(struct goelf_report *r);

/* The path as given to goelf_report_open(); owned by the report. */
const char *goelf_report_path(const struct goelf_report *r);
/* GOELF_OK when the file was analysed, else why not; the accessors
 * below then return their "unknown" values. */
enum goelf_err goelf_report_error(const struct goelf_report *r);
/* One line without the path ("not an ELF file ..."), NULL when the
 * report has no error; owned by the report. */
const char *goelf_report_error_message(const struct goelf_report *r);
/* GOARCH spelling ("amd64") or "unknown"; a static string. */
const char *goelf_report_arch(const struct goelf_report *r);
enum goelf_link_kind goelf_report_link_kind(const struct goelf_report *r);
enum goelf_libc goelf_report_libc(const struct goelf_report *r);
/* The oldest glibc the file runs on ("2.34"), NULL when it needs none
 * or it is unknown; owned by the report. */
const char *goelf_report_min_glibc(const struct goelf_report *r);
/* Whether the file was built by the Go toolchain. */
bool goelf_report_is_go(const struct goelf_report *r);
/* The Go version on the best evidence ("go1.22.1"), NULL if unknown;
 * owned by the report. */
const char *goelf_report_go_version(const struct goelf_report *r);

enum goelf_buildinfo {
	GOELF_BUILDINFO_ABSENT = 0, /* no .go.buildinfo (or not analysed) */
	GOELF_BUILDINFO_OK,	    /* present and parsed */
	GOELF_BUILDINFO_MALFORMED,  /* present, module info unparsable */
	/* Absent, and Go's debug/buildinfo cannot even read the data area
	 * it searches: it runs past the end of the file (separate debug
	 * files; go says "EOF") or no program header maps it (go says
	 * "unrecognized file format"). */
	GOELF_BUILDINFO_PAST_EOF,
	GOELF_BUILDINFO_UNMAPPED,
};
/* The state of the Go build info goelf_render_buildinfo() prints. */
enum goelf_buildinfo goelf_report_buildinfo(const struct goelf_report *r);

/* Findings, sorted by id; i < goelf_report_finding_count(r).  The
 * strings are owned by the report. */
size_t goelf_report_finding_count(const struct goelf_report *r);
const char *goelf_report_finding_id(const struct goelf_report *r, size_t i);
enum goelf_sev goelf_report_finding_sev(const struct goelf_report *r, size_t i);
const char *goelf_report_finding_message(const struct goelf_report *r,
					 size_t i);
/* Whether the policy of goelf_report_judge() allowlisted finding i. */
bool goelf_report_finding_allowed(const struct goelf_report *r, size_t i);

/* --- policy and verdict --- */

/* An empty policy (fail on fail, no targets, no limits); never NULL.
 * The caller frees it with goelf_policy_free(). */
struct goelf_policy *goelf_policy_new(void);
/* Frees the policy; NULL is a no-op. */
void goelf_policy_free(struct goelf_policy *p);
/* Reads an INI policy file into p; 0, or -1 with "FILE:LINE: reason" in
 * *err (malloc'd, the caller frees it; err may be NULL). */
int goelf_policy_read(struct goelf_policy *p, const char *path, char **err);
/* Sets one key as the file would in section (NULL: the top level):
 * "targets", "fail-on", "max-glibc", "require", "max-debug-bytes",
 * "min-go", "allow", "arch", or a [diff] key; list keys add to the list.
 * 0, or -1 with the reason in *err (malloc'd, caller frees; may be NULL). */
int goelf_policy_put(struct goelf_policy *p, const char *section,
		     const char *key, const char *value, char **err);
/* Empties the list key ("targets" or "require") so that later puts
 * replace the file's list instead of adding to it; -1 for other keys. */
int goelf_policy_clear(struct goelf_policy *p, const char *key);
/* The lowest severity that fails the gate (GOELF_SEV_WARN or _FAIL). */
enum goelf_sev goelf_policy_fail_on(const struct goelf_policy *p);
/* The targets the policy selects (canonical names, in the order given;
 * owned by p); none selected: only the findings count. */
size_t goelf_policy_target_count(const struct goelf_policy *p);
const char *goelf_policy_target(const struct goelf_policy *p, size_t i);
/* The platform's GOARCH ("arm64") from --platform or arch, or NULL;
 * owned by p. */
const char *goelf_policy_arch(const struct goelf_policy *p);

/* Computes the report's verdict under p (NULL: the default policy) and
 * marks allowlisted findings; only the first call counts, and nothing is
 * judged for a report with an error.  p is only read, so one policy may
 * judge reports on many threads. */
void goelf_report_judge(struct goelf_report *r, const struct goelf_policy *p);
/* The worst counted severity (GOELF_SEV_INFO = pass) of the last
 * goelf_report_judge(); GOELF_SEV_INFO before any. */
enum goelf_sev goelf_report_status(const struct goelf_report *r);
/* Whether the report fails the gate (exit 1) under the last policy. */
bool goelf_report_failed(const struct goelf_report *r);

/* --- renderers: read only the report; file-derived strings in text are
 * escaped with goelf_text_escape() --- */

struct goelf_render_opts {
	bool color;   /* ANSI colours (the caller decides: TTY, NO_COLOR) */
	bool quiet;   /* goelf_render_gate(): print failing files only */
	bool compact; /* JSON: leave out the per-section, per-package and
			 per-symbol lists (README "JSON") */
	bool tree;    /* text: the library resolution tree of a file
			 judged in an image (--tree) */
};
/* The inspect report for people; o may be NULL. */
void goelf_render_text(const struct goelf_report *r,
		       const struct goelf_render_opts *o, FILE *out);
/* For a program, before anything else: makes goelf's JSON lines build
 * their jansson tree in a per-thread arena (jansson has one allocator
 * per process, json_set_alloc_funcs, so only a program that leaves it to
 * goelf may call this).  Output is the same with or without it. */
void goelf_json_arena_install(void);
/* One JSON object on one line, followed by "\n" (JSON Lines). */
void goelf_render_json(const struct goelf_report *r, FILE *out);
/* The same with options (o may be NULL): o->compact. */
void goelf_render_json_opts(const struct goelf_report *r,
			    const struct goelf_render_opts *o, FILE *out);
/* SARIF 2.1.0 for a set of reports (one run). */
void goelf_render_sarif(const struct goelf_report *const *r, size_t n,
			FILE *out);
/*
 * CI and SBOM documents, one per command run (README "CI formats"):
 * GitLab Code Quality JSON, JUnit XML, CycloneDX 1.5 JSON.  Add every
 * report in output order, then print; the one-shot functions below do
 * that for an array.  command names the run ("gate", "scan"...): JUnit's
 * testsuite and classname.  CycloneDX wants each file's SHA-256: load
 * the reports with goelf_load_options.sha256.
 */
enum goelf_doc_format {
	GOELF_DOC_CODECLIMATE = 1,
	GOELF_DOC_JUNIT,
	GOELF_DOC_CYCLONEDX,
};
struct goelf_doc;
/* Never NULL (aborts on out of memory); free with goelf_doc_free(). */
struct goelf_doc *goelf_doc_new(enum goelf_doc_format f, const char *command);
void goelf_doc_free(struct goelf_doc *d);
/* CycloneDX metadata.timestamp (seconds since the epoch, UTC); without
 * it the document has none. */
void goelf_doc_set_timestamp(struct goelf_doc *d, int64_t t);
/* Adds a judged report (or one with an error). */
void goelf_doc_add(struct goelf_doc *d, const struct goelf_report *r);
/* Prints the document, then "\n". */
void goelf_doc_print(const struct goelf_doc *d, FILE *out);
void goelf_render_codeclimate(const struct goelf_report *const *r, size_t n,
			      FILE *out);
void goelf_render_junit(const struct goelf_report *const *r, size_t n,
			const char *command, FILE *out);
void goelf_render_cyclonedx(const struct goelf_report *const *r, size_t n,
			    FILE *out);
/* The block `goelf gate` prints for one analysed report: a PASS, WARN or
 * FAIL line, then each counted finding and target reason; o may be NULL. */
void goelf_render_gate(const struct goelf_report *r,
		       const struct goelf_render_opts *o, FILE *out);
/* What `go version -m` prints for the report, when its build info is
 * GOELF_BUILDINFO_OK; nothing otherwise. */
void goelf_render_buildinfo(const struct goelf_report *r, FILE *out);

/* The `goelf size` text view. */
struct goelf_size_view {
	size_t top;   /* rows per list (0: all) */
	bool unicode; /* block bars; '#' otherwise */
};
void goelf_render_size_text(const struct goelf_report *r,
			    const struct goelf_size_view *v, FILE *out);
/* The `goelf size` JSON object (full lists) on one line, then "\n". */
void goelf_render_size_json(const struct goelf_report *r, FILE *out);

/* The one escaping of bytes for a terminal: printable ASCII as is, any
 * other byte and '\\' as \xNN, so two different strings never print the
 * same.  Use it for every file-derived string (a path, a name). */
void goelf_text_escape(FILE *out, const char *s);
/* For text laid out by goelf itself (messages, `go version -m` lines):
 * keeps tab, newline, '\\' and valid UTF-8, escapes every other byte a
 * terminal could obey (controls, DEL, C1, invalid UTF-8) as \xNN. */
void goelf_text_escape_lines(FILE *out, const char *s);

/* --- diff: two builds, each a binary or a saved inspect JSON report --- */

/* Loads both sides; never NULL (aborts on out of memory): check
 * goelf_diff_error().  The caller frees it with goelf_diff_free(). */
struct goelf_diff *goelf_diff_open(const char *old_path, const char *new_path);
/* Frees the diff; NULL is a no-op. */
void goelf_diff_free(struct goelf_diff *d);
/* NULL when both sides loaded, else why the side goelf_diff_error_path()
 * names could not be read (one line, without the path); owned by d. */
const char *goelf_diff_error(const struct goelf_diff *d);
/* The path of the side that failed to load, NULL without an error. */
const char *goelf_diff_error_path(const struct goelf_diff *d);
/* Compares the sides with p's [diff] thresholds; d must have no error. */
void goelf_diff_compare(struct goelf_diff *d, const struct goelf_policy *p);
/* Whether a threshold was crossed (exit 1); false before compare. */
bool goelf_diff_failed(const struct goelf_diff *d);
/* Warnings of the comparison (an architecture change ...); the strings
 * are owned by d. */
size_t goelf_diff_warning_count(const struct goelf_diff *d);
const char *goelf_diff_warning(const struct goelf_diff *d, size_t i);
/* The comparison for a CI log, or as one JSON object and "\n". */
void goelf_diff_render_text(const struct goelf_diff *d, FILE *out);
void goelf_diff_render_json(const struct goelf_diff *d, FILE *out);

/* --- judging in a real image or root filesystem (lib/runtime) --- */

/* The run-time settings a cluster adds (goelf --user, --tmpfs,
 * --read-only-root, --env; [image] in a policy). */
struct goelf_run_options {
	const char *user;	  /* UID[:GID] or a name in the image's
				      /etc/passwd; NULL: the config's User,
				      root for a plain directory */
	const char *const *tmpfs; /* writable tmpfs mount points */
	size_t ntmpfs;
	bool read_only_root;	/* readOnlyRootFilesystem */
	const char *const *env; /* "K=V", added to the image's Env */
	size_t nenv;
	const char *platform; /* GOARCH (or os/arch) of the image to
				      use in a multi-platform index; NULL:
				      the file's own */
};

/* Fills the run settings o leaves unset (user, tmpfs, env; and
 * read_only_root when the policy asks for it) from p's [image] keys:
 * the command line wins.  o then points into p (keep p alive). */
void goelf_policy_run_options(const struct goelf_policy *p,
			      struct goelf_run_options *o);

struct goelf_image_view; /* an image archive or a root directory, read */

/* Reads path (docker-save or OCI tarball or layout, or a root
 * directory) with o (may be NULL); NULL with a one-line reason in *err
 * (the caller frees it) when nothing usable is in it. */
struct goelf_image_view *
goelf_image_view_open(const char *path, const struct goelf_run_options *o,
		      char **err);
void goelf_image_view_free(struct goelf_image_view *v);
/* Judges r as if it sat at the in-image path at (NULL: the path the
 * image's entrypoint names, else /usr/local/bin/ + its name) in v: the
 * "image" target of the verdict goelf_report_judge() computes next.
 * Returns 0, or -1 with *err (no image in v for r's platform). */
int goelf_report_run_in(struct goelf_report *r, struct goelf_image_view *v,
			const char *at, char **err);

/* --- scan (lib/scan): directories, root filesystems, images --- */

/* Progress so far, for a progress line. */
struct goelf_scan_progress {
	size_t files_seen, elf;
	double elapsed;			  /* seconds since the scan started */
	uint64_t bytes_done, bytes_total; /* images: for an ETA; 0 unknown */
	bool final;			  /* the scan is over: clear the line */
};

/*
 * Where a scan's output goes: the library never prints.  result gets
 * every entry in output order (sorted by path; an image's record ahead
 * of its files): its JSON line(s) ending in "\n" (with jsonl; may be
 * NULL), and err, why path could not be analysed (NULL when it was).
 * path and err are raw bytes from the file system or the image: escape
 * them before they reach a terminal.  note gets a remark on an entry
 * that is not an error (msg: "vanished during the scan", for a file of
 * a walked tree deleted before it was read); NULL drops them.  progress
 * (with progress set) comes at most every 0.2 s and once with final
 * set.  All are called with the scan's lock held, from any thread, and
 * must not call back into the scan.
 */
struct goelf_scan_sink {
	void (*result)(void *arg, const char *path, const char *json,
		       const char *err);
	void (*progress)(void *arg, const struct goelf_scan_progress *p);
	void (*note)(void *arg, const char *path, const char *msg);
	void *arg;
};

struct goelf_scan_options {
	unsigned jobs;			   /* worker threads, 1..256 */
	bool root_mode;			   /* --root */
	bool one_fs;			   /* -x */
	bool progress;			   /* hand progress to the sink */
	bool jsonl;			   /* render results as JSON Lines */
	bool compact;			   /* ... in their --compact form */
	bool gate;			   /* the summary lists gate failures */
	bool dwarf;			   /* also walk DWARF */
	const struct goelf_policy *policy; /* read only, outlives the scan */
	struct goelf_scan_sink sink;
	/* Judge files against the image or root they are in (always for
	 * images; for a tree with root_mode): its settings, may be NULL. */
	const struct goelf_run_options *run;
	/* Also add every result, in output order, to this document (CI or
	 * SBOM format; outlives the scan); NULL: none. */
	struct goelf_doc *doc;
};

struct goelf_scan; /* one scan: a worker pool and its summary */

/* Starts the worker threads.  o is copied. */
struct goelf_scan *goelf_scan_new(const struct goelf_scan_options *o);
/* Scans one PATH (a directory, a root filesystem, an image tarball or
 * layout, an ELF file); problems go to the sink. */
void goelf_scan_path(struct goelf_scan *s, const char *path);
/* Waits until every result went through the sink; stops the threads. */
void goelf_scan_finish(struct goelf_scan *s);
/* After goelf_scan_finish: entries that could not be analysed, and
 * whether a file or an image failed the policy. */
size_t goelf_scan_errors(const struct goelf_scan *s);
bool goelf_scan_failed(const struct goelf_scan *s);
/* The text summary (with the gate block when options.gate). */
void goelf_scan_render_summary(const struct goelf_scan *s, bool color,
			       FILE *out);
void goelf_scan_free(struct goelf_scan *s);

#endif /* GOELF_H */
