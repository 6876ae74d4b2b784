/*
 * render_doc.c - the CI and SBOM documents of one command run (GitLab
 * Code Quality, JUnit, CycloneDX): a document collects the fragments of
 * finished reports in output order and prints once at the end.  This
 * file owns the document and dispatches to the format files; what a
 * fragment holds and how it prints is theirs.  Decides nothing.
 */
#include "render/render.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

struct goelf_doc *
goelf_doc_new(enum goelf_doc_format f, const char *command)
{
	struct goelf_doc *d = goelf_xcalloc(1, sizeof(*d));

	d->format = f;
	d->command = goelf_xstrdup(command ? command : "goelf");
	d->items = json_array();
	d->seen = json_object();
	d->images = json_array();
	d->modules = json_object();
	d->deps = json_array();
	if (!d->items || !d->seen || !d->images || !d->modules || !d->deps)
		BUG("out of memory");
	return d;
}

void
goelf_doc_free(struct goelf_doc *d)
{
	if (!d)
		return;
	free(d->command);
	free(d->image);
	json_decref(d->items);
	json_decref(d->seen);
	json_decref(d->images);
	json_decref(d->modules);
	json_decref(d->deps);
	json_decref(d->image_files);
	free(d);
}

void
goelf_doc_set_timestamp(struct goelf_doc *d, int64_t t)
{
	d->has_timestamp = true;
	d->timestamp = t;
}

void *
goelf_doc_fragment(enum goelf_doc_format f, const struct goelf_report *r)
{
	switch (f) {
	case GOELF_DOC_CODECLIMATE: return goelf_cc_fragment(r);
	case GOELF_DOC_JUNIT: return goelf_junit_fragment(r);
	case GOELF_DOC_CYCLONEDX: return goelf_cdx_fragment(r);
	}
	return NULL;
}

void
goelf_doc_add_fragment(struct goelf_doc *d, void *frag)
{
	if (!frag)
		return;
	switch (d->format) {
	case GOELF_DOC_CODECLIMATE: goelf_cc_add(d, frag); break;
	case GOELF_DOC_JUNIT: goelf_junit_add(d, frag); break;
	case GOELF_DOC_CYCLONEDX: goelf_cdx_add(d, frag); break;
	}
	json_decref(frag);
}

void
goelf_doc_add(struct goelf_doc *d, const struct goelf_report *r)
{
	goelf_doc_add_fragment(d, goelf_doc_fragment(d->format, r));
}

void
goelf_doc_add_error(struct goelf_doc *d, const char *path, const char *msg)
{
	struct goelf_report r;
	char *img;

	memset(&r, 0, sizeof(r));
	r.path = (char *)path;
	r.err = GOELF_E_IO;
	r.err_message = (char *)msg;
	/* An image that cannot be read is named by its path alone, not as
	 * a file inside itself. */
	img = d->image;
	d->image = NULL;
	goelf_doc_add(d, &r);
	d->image = img;
}

void
goelf_doc_image_begin(struct goelf_doc *d, const char *name)
{
	free(d->image);
	d->image = goelf_xstrdup(name ? name : "");
	json_decref(d->image_files);
	d->image_files = json_array();
}

void
goelf_doc_image_end(struct goelf_doc *d, const struct goelf_findings *f,
		    const struct goelf_findings_verdict *v)
{
	if (!d->image)
		return;
	switch (d->format) {
	case GOELF_DOC_CODECLIMATE: goelf_cc_image(d, f, v); break;
	case GOELF_DOC_JUNIT: goelf_junit_image(d, f, v); break;
	case GOELF_DOC_CYCLONEDX: goelf_cdx_image(d); break;
	}
	free(d->image);
	d->image = NULL;
	json_decref(d->image_files);
	d->image_files = NULL;
}

void
goelf_doc_print(const struct goelf_doc *d, FILE *out)
{
	switch (d->format) {
	case GOELF_DOC_CODECLIMATE: goelf_cc_print(d, out); break;
	case GOELF_DOC_JUNIT: goelf_junit_print(d, out); break;
	case GOELF_DOC_CYCLONEDX: goelf_cdx_print(d, out); break;
	}
}

static void
one_shot(enum goelf_doc_format f, const char *command,
	 const struct goelf_report *const *r, size_t n, FILE *out)
{
	struct goelf_doc *d = goelf_doc_new(f, command);

	for (size_t i = 0; i < n; i++)
		goelf_doc_add(d, r[i]);
	goelf_doc_print(d, out);
	goelf_doc_free(d);
}

void
goelf_render_codeclimate(const struct goelf_report *const *r, size_t n,
			 FILE *out)
{
	one_shot(GOELF_DOC_CODECLIMATE, "gate", r, n, out);
}

void
goelf_render_junit(const struct goelf_report *const *r, size_t n,
		   const char *command, FILE *out)
{
	one_shot(GOELF_DOC_JUNIT, command, r, n, out);
}

void
goelf_render_cyclonedx(const struct goelf_report *const *r, size_t n, FILE *out)
{
	one_shot(GOELF_DOC_CYCLONEDX, "inspect", r, n, out);
}
