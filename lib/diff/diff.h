/*
 * diff/diff.h - the goelf diff engine: two reports (binaries analysed, or
 * saved JSON reports validated) compared through their JSON form, with
 * the diff thresholds of the policy.  Includes render/ and below.
 */
#ifndef GOELF_DIFF_H
#define GOELF_DIFF_H

#include "render/render.h"

/* One side of goelf diff as an inspect JSON object (json_t *, owned by
 * the caller): an ELF file is analysed (default policy), other files are
 * read as a saved report and validated (schema_version 1).  NULL with
 * "PATH: reason" in err; *is_report tells which it was. */
void *goelf_diff_load(const char *path, bool *is_report, struct goelf_buf *err);
/* Compares two such objects; returns the diff object (json_t *, owned by
 * the caller) with "failed" true when a threshold of p was crossed. */
void *goelf_diff_compute(const void *old, const void *new_,
			 const char *old_path, bool old_report,
			 const char *new_path, bool new_report,
			 const struct goelf_policy *p);

/* diff_load.c: checks a saved report object (json_t *) as a side is
 * checked; 0, or -1 with "PATH: reason" in err. */
int goelf_diff_validate(void *report, const char *path, struct goelf_buf *err);

/* Between diff_image_load.c and diff_image.c: one side of an image diff,
 * its image record and its file records by path (json_t *). */
struct json_t;
struct goelf_img_side {
	struct json_t *record; /* the image record; owned */
	struct json_t *files;  /* path -> file record; owned */
	size_t bytes, nimages, nerrors;
	char *first_error; /* owned */
};

struct goelf_diff_image {
	struct goelf_img_side s;
	bool saved;
};

/* diff_image_load.c: one side of an image diff (an image tarball or layout,
 * scanned; or a file holding the saved `scan --format jsonl` output of
 * one image), or NULL: with *is_image false the path is no image side
 * (read it with goelf_diff_load), else an error is in err. */
void *goelf_diff_image_load(const char *path, bool *is_image,
			    struct goelf_buf *err);
void goelf_diff_image_free(void *side);
/* diff_image.c: the image diff object (json_t *, the caller's) of two
 * such sides. */
void *goelf_diff_image_compute(const void *old, const void *new_,
			       const char *old_path, const char *new_path,
			       const struct goelf_policy *p);

#endif /* GOELF_DIFF_H */
