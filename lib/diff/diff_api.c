/*
 * diff/diff_api.c - the diff handle of the public API (goelf.h): both
 * sides loaded once, compared with a policy, and printed through the
 * renderers, so cli/ never holds the JSON objects themselves.
 */
#include "diff/diff.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

struct goelf_diff {
	char *old_path, *new_path; /* owned */
	json_t *old, *new_;	   /* the sides as inspect JSON; owned */
	bool old_report, new_report;
	const char *err_path;	 /* old_path or new_path, NULL: no error */
	char *err;		 /* owned; the reason without the path */
	json_t *d;		 /* the comparison, NULL before compare */
	void *old_img, *new_img; /* image sides (diff_image.c), or NULL */
};

/* Keeps err's reason for path, without the "PATH: " goelf_diff_load()
 * puts first, so that the caller can escape the path itself. */
static void
set_error(struct goelf_diff *d, const char *path, const struct goelf_buf *b)
{
	size_t n = strlen(path);
	const char *s = b->buf;

	if (!strncmp(s, path, n) && !strncmp(s + n, ": ", 2))
		s += n + 2;
	d->err_path = path;
	d->err = goelf_xstrdup(s);
}

/* Image sides: true when both are (or one failed as) an image side. */
static bool
open_images(struct goelf_diff *d, struct goelf_buf *err)
{
	bool old_img, new_img;

	d->old_img = goelf_diff_image_load(d->old_path, &old_img, err);
	if (old_img && !d->old_img) {
		set_error(d, d->old_path, err);
		return true;
	}
	d->new_img = goelf_diff_image_load(d->new_path, &new_img, err);
	if (new_img && !d->new_img) {
		set_error(d, d->new_path, err);
		return true;
	}
	if (old_img != new_img) {
		goelf_buf_reset(err);
		goelf_buf_addf(err,
			       "%s: not an image, but the other side is "
			       "one; compare an image with an image",
			       old_img ? d->new_path : d->old_path);
		set_error(d, old_img ? d->new_path : d->old_path, err);
		return true;
	}
	return old_img;
}

struct goelf_diff *
goelf_diff_open(const char *old_path, const char *new_path)
{
	struct goelf_diff *d = goelf_xcalloc(1, sizeof(*d));
	struct goelf_buf err;

	d->old_path = goelf_xstrdup(old_path);
	d->new_path = goelf_xstrdup(new_path);
	goelf_buf_init(&err, 4096);
	if (open_images(d, &err))
		goto out;
	d->old = goelf_diff_load(d->old_path, &d->old_report, &err);
	if (!d->old) {
		set_error(d, d->old_path, &err);
	} else {
		d->new_ = goelf_diff_load(d->new_path, &d->new_report, &err);
		if (!d->new_)
			set_error(d, d->new_path, &err);
	}
out:
	goelf_buf_release(&err);
	return d;
}

void
goelf_diff_free(struct goelf_diff *d)
{
	if (!d)
		return;
	json_decref(d->old);
	json_decref(d->new_);
	goelf_diff_image_free(d->old_img);
	goelf_diff_image_free(d->new_img);
	json_decref(d->d);
	free(d->old_path);
	free(d->new_path);
	free(d->err);
	free(d);
}

const char *
goelf_diff_error(const struct goelf_diff *d)
{
	return d->err;
}

const char *
goelf_diff_error_path(const struct goelf_diff *d)
{
	return d->err_path;
}

void
goelf_diff_compare(struct goelf_diff *d, const struct goelf_policy *p)
{
	if (d->err || d->d)
		return;
	if (d->old_img) {
		d->d = goelf_diff_image_compute(d->old_img, d->new_img,
						d->old_path, d->new_path, p);
		return;
	}
	d->d = goelf_diff_compute(d->old, d->new_, d->old_path, d->old_report,
				  d->new_path, d->new_report, p);
}

bool
goelf_diff_failed(const struct goelf_diff *d)
{
	return d->d && json_is_true(json_object_get(d->d, "failed"));
}

size_t
goelf_diff_warning_count(const struct goelf_diff *d)
{
	return d->d ? json_array_size(json_object_get(d->d, "warnings")) : 0;
}

const char *
goelf_diff_warning(const struct goelf_diff *d, size_t i)
{
	if (!d->d)
		return NULL;
	return json_string_value(
		json_array_get(json_object_get(d->d, "warnings"), i));
}

void
goelf_diff_render_text(const struct goelf_diff *d, FILE *out)
{
	if (d->d)
		goelf_diff_text(d->d, out);
}

void
goelf_diff_render_json(const struct goelf_diff *d, FILE *out)
{
	if (d->d)
		goelf_diff_json(d->d, out);
}
