/*
 * render/render.h - reads finished reports and prints them: text, JSON
 * (jansson), SARIF, the debug and size views, the scan summary, the diff
 * view.  Decides nothing.  Includes policy/ and below.
 */
#ifndef GOELF_RENDER_H
#define GOELF_RENDER_H

#include "policy/policy.h"

#define GOELF_SCAN_TOP	     10u /* rows in summary lists */
#define GOELF_SCAN_TOP_FILES 3u	 /* files named per finding */

/* render_debug.c: the "debug" JSON object (a json_t *, owned by the
 * caller) and the "Debug and size" text block. */
void *goelf_json_debug(const struct goelf_report *r);
void goelf_text_debug(const struct goelf_report *r, FILE *out);
/* render_arena.c: jansson allocates from a per-thread arena between
 * begin() and end(began), where began is what begin() returned (false:
 * goelf_json_arena_install() was not called, or a window is open). */
bool goelf_json_arena_begin(void);
void goelf_json_arena_end(bool began);
/* render_jsonw.c: the JSON object or array json (a json_t *) as one line,
 * exactly json_dumps(json, JSON_COMPACT | JSON_ENSURE_ASCII), followed by
 * tail (NULL: nothing); free() it.  NULL when it cannot be written. */
char *goelf_json_dumps(const void *json, const char *tail);
/* render_util.c: a json_t * string made valid UTF-8 (U+FFFD), NULL ->
 * null. */
void *goelf_json_str(const char *s);
/* render_util.c: NULL when s is valid UTF-8, else a JSON string (json_t *,
 * owned by the caller) of s with each invalid byte as \xHH and '\\' as
 * "\\\\": the exact name where "path" had to use U+FFFD. */
void *goelf_json_path_raw(const char *s);
/* render_util.c: sets "path" (goelf_json_str) on the JSON object obj and,
 * when path is not valid UTF-8, "path_raw" (goelf_json_path_raw). */
void goelf_json_set_path(void *obj, const char *path);
/* render_util.c: a JSON array of goelf_json_str()s (json_t *, owned by
 * the caller). */
void *goelf_json_list(const struct goelf_strlist *l);
/* render_util.c: a JSON integer (json_t *, owned by the caller), clamped
 * to INT64_MAX. */
void *goelf_json_u64(uint64_t v);
/* render_util.c: 100 * part / whole, 0 when whole is 0. */
/* A section's name for text ("(no name)" when the name table gave none)
 * and for JSON (null then). */
const char *goelf_section_label(const char *name);
void *goelf_json_section_name(const char *name);
double goelf_pct(uint64_t part, uint64_t whole);
/* render_size.c: the "size" JSON object (a json_t *, owned by the caller);
 * the text and JSON views are in goelf.h. */
void *goelf_json_size(const struct goelf_report *r);
/* render_json.c: the JSON object goelf_render_json prints (a json_t *,
 * owned by the caller). */
void *goelf_report_to_json(const struct goelf_report *r);
/* goelf_render_json_opts() with the image the file was found in
 * ("image_ref"; NULL: none), for scan records. */
void goelf_render_json_ref(const struct goelf_report *r,
			   const struct goelf_render_opts *opts,
			   const char *image_ref, FILE *out);
/* The same line as a string ending in "\n" (free() it; NULL when it
 * cannot be written). */
char *goelf_render_json_line(const struct goelf_report *r,
			     const struct goelf_render_opts *opts,
			     const char *image_ref);
/* render_runtime.c: the "runtime" object (json_t *), NULL when the
 * report was not judged against an image; the "In image" text block
 * (with the resolution tree when tree); the one-line answer; the JSON
 * name of a resolution step. */
void *goelf_json_runtime(const struct goelf_report *r);
void goelf_text_runtime(const struct goelf_report *r, bool tree, FILE *out);
void goelf_runtime_answer(const struct goelf_runtime *rt, FILE *out);
const char *goelf_rt_how_name(enum goelf_rt_how h);
/* Turns such an object (json_t *) into its --compact form, in place. */
void goelf_json_compact(void *report);
/* render_diff.c: the diff object (json_t *) as text for a CI log. */
void goelf_diff_text(const void *diff, FILE *out);
/* render_diff_image.c: the image diff object (json_t *) as text. */
void goelf_diff_image_text(const void *diff, FILE *out);
/* render_diff.c: the diff object on one line, then "\n". */
void goelf_diff_json(const void *diff, FILE *out);

/* Counters and top-N lists of the text summary; see render_summary.c.
 * Filled under ctx->lock; the lists keep the smallest paths on ties so
 * the summary does not depend on scheduling. */
struct goelf_sum_count {
	char *key; /* owned */
	size_t n;
	enum goelf_sev sev;		   /* findings: worst severity */
	char *files[GOELF_SCAN_TOP_FILES]; /* findings: first paths */
	size_t nfiles;
};

struct goelf_sum_top {
	char *path; /* owned */
	uint64_t value;
};

/* The size of one scanned image, copied for the summary. */
struct goelf_sum_image {
	char *ref;		      /* owned */
	struct goelf_image_size size; /* owned copy (its paths) */
	uint64_t *layer_wasted;	      /* owned, nlayers */
	size_t nlayers;
};

#define GOELF_SUM_MAX_IMAGES 16u /* image size blocks kept */

struct goelf_summary {
	size_t files_seen;  /* regular files looked at */
	size_t elf;	    /* ELF files analysed */
	size_t go;	    /* ... of which Go */
	size_t links_elf;   /* symlinks / hard links to an ELF file */
	size_t links_other; /* dangling, looping, escaping or non-ELF */
	size_t special;	    /* FIFOs, sockets, devices skipped */
	size_t errors;	    /* entries that could not be analysed */
	size_t vanished;    /* deleted while the tree was walked */
	size_t failed;	    /* files whose verdict failed the gate */
	size_t images;
	size_t images_failed; /* images whose own findings fail the gate */
	size_t by_link[4];    /* enum goelf_link_kind */
	size_t by_libc[6];    /* enum goelf_libc */
	struct goelf_sum_count *go_versions, *targets_failing, *findings;
	size_t ngo_versions, ntargets_failing, nfindings;
	struct goelf_sum_top strip[GOELF_SCAN_TOP]; /* biggest savings */
	size_t nstrip;
	struct goelf_sum_count *failing_files; /* gate failures, by path */
	size_t nfailing_files;
	/* One line per image with an entrypoint: "entrypoint /app (ref):
	 * will not start: ..." (bounded), shown first. */
	struct goelf_strlist entrypoints;
	struct goelf_sum_image *imgs; /* render_image_size.c */
	size_t nimgs;
};

void goelf_summary_release(struct goelf_summary *s);
/* Adds one analysed report (facts, analysis, findings, verdict: read
 * only). */
void goelf_summary_add(struct goelf_summary *s, const struct goelf_report *r);
/* Adds the image-level findings of one image (ref is its name). */
void goelf_summary_add_image(struct goelf_summary *s, const char *ref,
			     const struct goelf_findings *f,
			     const struct goelf_policy *p);
/* The answer for an image's entrypoint: path (NULL: none resolved) and
 * status, answer (the one-line runtime answer) or why it could not be
 * resolved. */
void goelf_summary_add_entrypoint(struct goelf_summary *s, const char *ref,
				  const char *path, enum goelf_sev status,
				  const char *answer);

/* What the image record says of the image as a whole, decided by the
 * caller (scan: the policy's rule over its findings, and the
 * entrypoint's image target). */
struct goelf_image_judged {
	bool judged;		/* false: no verdict in the record */
	enum goelf_sev status;	/* worst of the findings and entrypoint */
	bool failed;		/* fails the gate */
	const char *entrypoint; /* resolved in-image path, or NULL */
	bool ep_known;		/* ep_status/ep_answer are set */
	enum goelf_sev ep_status;
	const char *ep_answer; /* the answer, or why it is not there */
};

/* render_image.c: the JSON line (with its "\n"; the caller's to free) of
 * an image's record in scan output, or NULL. */
struct goelf_image_facts;
char *goelf_render_image_record(const struct goelf_image_facts *im,
				const struct goelf_image_judged *j);
/* render_image_size.c: keeps a copy of the size of a scanned image
 * for the summary (at most GOELF_SUM_MAX_IMAGES), prints them, and
 * frees them (goelf_summary_release calls it). */
void goelf_summary_add_image_size(struct goelf_summary *s, const char *ref,
				  const struct goelf_image_facts *im);
void goelf_summary_print_images(const struct goelf_summary *s, FILE *out);
void goelf_summary_release_images(struct goelf_summary *s);
/* render_image_size.c: the "size" object of an image record (json_t *,
 * the caller's), the size keys of layer i added to the layer object l,
 * and the size lines of the text summary (ref names the image). */
void *goelf_json_image_size(const struct goelf_image_facts *im);
void goelf_json_image_layer_size(void *l, const struct goelf_image_facts *im,
				 size_t i);
void goelf_text_image_size(FILE *out, const char *ref,
			   const struct goelf_image_size *z,
			   const uint64_t *layer_wasted, size_t nlayers);
/* The text summary; gate adds the list of failing files. */
void goelf_summary_print(const struct goelf_summary *s, bool gate, bool color,
			 FILE *out);

/*
 * CI and SBOM documents (render_doc.c dispatches to render_codeclimate.c,
 * render_junit.c, render_cyclonedx.c).  A document collects, in output
 * order, one fragment per report (a json_t * made by the format's
 * fragment function from a finished report alone, on any thread), then
 * prints one document.  Images bracket their files: while an image is
 * open (goelf_doc_image_begin) the fragments added belong to it.
 */
struct goelf_doc {
	enum goelf_doc_format format;
	char *command;	    /* "gate", "scan", "inspect"; owned */
	bool has_timestamp; /* CycloneDX metadata.timestamp */
	int64_t timestamp;  /* seconds since the epoch */
	void *items;	    /* json_t array: the format's entries */
	void *seen;	    /* json_t object: ids (fingerprints, bom-refs) */
	void *images;	    /* json_t array: CycloneDX image entries */
	void *modules;	    /* json_t object: CycloneDX modules by bom-ref */
	void *deps;	    /* json_t array: CycloneDX dependencies */
	char *image;	    /* the open image's name (raw bytes), or NULL */
	void *image_files;  /* json_t array: its files' bom-refs */
	size_t nfiles, nfailed, nerrors;
};

/* A name not yet in d->seen, from base: base itself, else base + "#2",
 * "#3"...; recorded in d->seen; the caller frees it. */
char *goelf_doc_unique(struct goelf_doc *d, const char *base);
/* The fragment of r for format f (json_t *, owned by the caller). */
void *goelf_doc_fragment(enum goelf_doc_format f, const struct goelf_report *r);
/* Takes the fragment (json_t *, NULL: nothing) into d, in order. */
void goelf_doc_add_fragment(struct goelf_doc *d, void *frag);
/* An image whose files come next (name: its reference or path), and its
 * end with its own findings and their verdict (v). */
void goelf_doc_image_begin(struct goelf_doc *d, const char *name);
void goelf_doc_image_end(struct goelf_doc *d, const struct goelf_findings *f,
			 const struct goelf_findings_verdict *v);
/* An entry that could not be read at all (path, one-line reason). */
void goelf_doc_add_error(struct goelf_doc *d, const char *path,
			 const char *msg);

/* The formats' parts, for render_doc.c. */
void *goelf_cc_fragment(const struct goelf_report *r);
void goelf_cc_add(struct goelf_doc *d, void *frag);
void goelf_cc_image(struct goelf_doc *d, const struct goelf_findings *f,
		    const struct goelf_findings_verdict *v);
void goelf_cc_print(const struct goelf_doc *d, FILE *out);
void *goelf_junit_fragment(const struct goelf_report *r);
void goelf_junit_add(struct goelf_doc *d, void *frag);
void goelf_junit_image(struct goelf_doc *d, const struct goelf_findings *f,
		       const struct goelf_findings_verdict *v);
void goelf_junit_print(const struct goelf_doc *d, FILE *out);
void *goelf_cdx_fragment(const struct goelf_report *r);
void goelf_cdx_add(struct goelf_doc *d, void *frag);
void goelf_cdx_image(struct goelf_doc *d);
void goelf_cdx_print(const struct goelf_doc *d, FILE *out);

#endif /* GOELF_RENDER_H */
