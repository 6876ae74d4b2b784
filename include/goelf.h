/*
 * goelf.h - the public API of libgoelf.
 *
 * Data flow: a report is loaded from one file (or buffer): the loaders
 * copy what they need into the report's facts and release the libelf
 * handle; the analyzers derive findings; the verdict applies a policy;
 * the renderers print a finished report.  Everything a report owns is
 * freed by goelf_report_release().
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

struct goelf_report; /* one analysed file */
struct goelf_policy; /* a gate policy */
struct goelf_opts;   /* load options */
struct goelf_buf;

/* Whole pipeline: load + analyze one file. Returns the report's error
 * code (GOELF_OK when it could be analysed). */
enum goelf_err goelf_report_file(const char *path, struct goelf_report *r);
void goelf_report_release(struct goelf_report *r);

const char *goelf_sev_name(enum goelf_sev s);
const char *goelf_status_name(enum goelf_sev s); /* pass/warn/fail */
/* Names for enums; static strings. */
const char *goelf_link_kind_name(enum goelf_link_kind k);
const char *goelf_libc_name(enum goelf_libc l);

/* Known targets: canonical names. */
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

/* Renderers: read only the report. */
struct goelf_render_opts {
	bool color;
};
void goelf_render_text(const struct goelf_report *r,
		       const struct goelf_render_opts *o, FILE *out);
/* One JSON object on one line, followed by "\n". */
void goelf_render_json(const struct goelf_report *r, FILE *out);
/* SARIF 2.1.0 for a set of reports (one run). */
void goelf_render_sarif(const struct goelf_report *const *r, size_t n,
			FILE *out);

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
 * them before they reach a terminal.  progress (with progress set)
 * comes at most every 0.2 s and once with final set.  Both are called
 * with the scan's lock held, from any thread, and must not call back
 * into the scan.
 */
struct goelf_scan_sink {
	void (*result)(void *arg, const char *path, const char *json,
		       const char *err);
	void (*progress)(void *arg, const struct goelf_scan_progress *p);
	void *arg;
};

struct goelf_scan_options {
	unsigned jobs;			   /* worker threads, 1..256 */
	bool root_mode;			   /* --root */
	bool one_fs;			   /* -x */
	bool progress;			   /* hand progress to the sink */
	bool jsonl;			   /* render results as JSON Lines */
	bool gate;			   /* the summary lists gate failures */
	bool dwarf;			   /* also walk DWARF */
	const struct goelf_policy *policy; /* read only, outlives the scan */
	struct goelf_scan_sink sink;
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
