/*
 * render_image_size.c - the size of an image as lib/image counted it:
 * the "size" object and the per-layer size keys of the image record in
 * `goelf scan` JSON, and the size lines that lead the text summary of
 * an image scan.  Reads finished facts; decides nothing.
 */
#include "render/render.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_t *
sized_list(const struct goelf_image_sized *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();

		goelf_json_set_path(o, v[i].path);
		json_object_set_new(o, "bytes", goelf_json_u64(v[i].bytes));
		json_object_set_new(o, "layer",
				    json_integer((json_int_t)v[i].layer + 1));
		json_array_append_new(a, o);
	}
	return a;
}

void
goelf_json_image_layer_size(void *lp, const struct goelf_image_facts *im,
			    size_t i)
{
	json_t *l = lp;
	const struct goelf_image_layer *L = &im->layers[i];

	json_object_set_new(l, "bytes", goelf_json_u64(L->bytes));
	json_object_set_new(l, "files", json_integer((json_int_t)L->files));
	json_object_set_new(l, "wasted_bytes", goelf_json_u64(L->wasted_bytes));
	/* The blob's size: the archive member's, or the descriptor's. */
	json_object_set_new(l, "compressed_bytes",
			    L->size ? goelf_json_u64(L->size) : json_null());
}

void *
goelf_json_image_size(const struct goelf_image_facts *im)
{
	const struct goelf_image_size *z = &im->size;
	json_t *o = json_object(), *cl = json_object(), *det = json_array();

	json_object_set_new(o, "total_bytes", goelf_json_u64(z->total_bytes));
	json_object_set_new(o, "final_bytes", goelf_json_u64(z->final_bytes));
	json_object_set_new(o, "wasted_bytes", goelf_json_u64(z->wasted_bytes));
	json_object_set_new(o, "files", json_integer((json_int_t)z->files));
	json_object_set_new(o, "final_files",
			    json_integer((json_int_t)z->final_files));
	for (unsigned c = 0; c < GOELF_IC_N; c++) {
		const struct goelf_image_class_size *k = &z->classes[c];
		json_t *d = json_object();

		json_object_set_new(cl, goelf_image_class_name(c),
				    goelf_json_u64(k->bytes));
		json_object_set_new(d, "class",
				    json_string(goelf_image_class_name(
					    (enum goelf_image_class)c)));
		json_object_set_new(d, "bytes", goelf_json_u64(k->bytes));
		json_object_set_new(d, "final_bytes",
				    goelf_json_u64(k->final_bytes));
		json_object_set_new(d, "files",
				    json_integer((json_int_t)k->files));
		json_object_set_new(d, "largest", sized_list(k->top, k->ntop));
		json_array_append_new(det, d);
	}
	json_object_set_new(o, "classes", cl);
	json_object_set_new(o, "class_details", det);
	json_object_set_new(o, "largest", sized_list(z->largest, z->nlargest));
	json_object_set_new(o, "needed_bytes",
			    z->has_needed ? goelf_json_u64(z->needed_bytes)
					  : json_null());
	json_object_set_new(o, "entrypoint", goelf_json_str(z->entrypoint));
	json_object_set_new(o, "unstripped_files",
			    json_integer((json_int_t)z->unstripped));
	json_object_set_new(o, "unstripped_savings",
			    goelf_json_u64(z->unstripped_savings));
	json_object_set_new(o, "partial", json_boolean(z->partial));
	return o;
}

static int
class_cmp(const void *a, const void *b)
{
	const struct goelf_image_class_size *x = *(const void *const *)a;
	const struct goelf_image_class_size *y = *(const void *const *)b;

	if (x->bytes != y->bytes)
		return x->bytes > y->bytes ? -1 : 1;
	return x < y ? -1 : x > y;
}

void
goelf_text_image_size(FILE *out, const char *ref,
		      const struct goelf_image_size *z,
		      const uint64_t *layer_wasted, size_t nlayers)
{
	const struct goelf_image_class_size *by[GOELF_IC_N];
	char a[32], b[32], c[32];
	const char *sep = "";
	size_t nc = 0;

	goelf_fmt_size(z->total_bytes, a, sizeof(a));
	goelf_fmt_size(z->final_bytes, b, sizeof(b));
	goelf_fmt_size(z->wasted_bytes, c, sizeof(c));
	fputs("image ", out);
	goelf_text_escape(out, ref);
	fprintf(out, ": total %s, final %s, wasted %s (%.1f%%)%s\n", a, b, c,
		goelf_pct(z->wasted_bytes, z->total_bytes),
		z->partial ? " (partial: not every layer was read whole)" : "");
	if (z->has_needed) {
		goelf_fmt_size(z->needed_bytes, b, sizeof(b));
		fprintf(out, "  the entrypoint needs %s of %s", b, a);
		if (z->needed_bytes)
			fprintf(out, " (%.0fx)",
				(double)z->total_bytes /
					(double)z->needed_bytes);
	} else {
		fputs("  needed: unknown", out);
	}
	for (unsigned k = 0; k < GOELF_IC_N; k++)
		if (z->classes[k].bytes)
			by[nc++] = &z->classes[k];
	qsort(by, nc, sizeof(by[0]), class_cmp);
	if (nc)
		fputs("; biggest leftovers:", out);
	for (size_t i = 0; i < nc && i < 3; i++) {
		const struct goelf_image_class_size *k = by[i];
		uint64_t w = k->bytes - k->final_bytes;

		goelf_fmt_size(k->bytes, a, sizeof(a));
		fprintf(out, "%s %s %s", i ? "," : "",
			goelf_image_class_name(
				(enum goelf_image_class)(k - z->classes)),
			a);
		if (w == k->bytes) {
			fputs(" (all wasted)", out);
		} else if (w) {
			goelf_fmt_size(w, a, sizeof(a));
			fprintf(out, " (wasted: %s)", a);
		}
	}
	fputc('\n', out);
	/* the largest paths of the biggest classes */
	for (size_t i = 0; i < nc && i < 3; i++) {
		const struct goelf_image_class_size *k = by[i];

		fprintf(out, "    %s:",
			goelf_image_class_name(
				(enum goelf_image_class)(k - z->classes)));
		for (size_t j = 0; j < k->ntop && j < 3; j++) {
			goelf_fmt_size(k->top[j].bytes, a, sizeof(a));
			fprintf(out, "%s ", j ? "," : "");
			goelf_text_escape(out, k->top[j].path);
			fprintf(out, " %s (layer %u)", a, k->top[j].layer + 1);
		}
		fputc('\n', out);
	}
	if (z->nlargest) {
		fputs("  biggest files:", out);
		for (size_t i = 0; i < z->nlargest && i < 3; i++) {
			goelf_fmt_size(z->largest[i].bytes, a, sizeof(a));
			fprintf(out, "%s ", i ? "," : "");
			goelf_text_escape(out, z->largest[i].path);
			fprintf(out, " %s", a);
		}
		fputc('\n', out);
	}
	for (size_t i = 0; i < nlayers; i++) {
		if (!layer_wasted[i])
			continue;
		if (!*sep) {
			fputs("  wasted by layer:", out);
			sep = " ";
		}
		goelf_fmt_size(layer_wasted[i], a, sizeof(a));
		fprintf(out, "%s%zu %s", sep, i + 1, a);
		sep = ", ";
	}
	if (*sep)
		fputc('\n', out);
	if (z->unstripped) {
		goelf_fmt_size(z->unstripped_savings, a, sizeof(a));
		fprintf(out,
			"  unstripped ELF files: %zu (%s of symbols and "
			"debug data)\n",
			z->unstripped, a);
	}
}

static void
sized_copy(struct goelf_image_sized *dst, const struct goelf_image_sized *src,
	   size_t n)
{
	for (size_t i = 0; i < n; i++) {
		dst[i] = src[i];
		dst[i].path = goelf_xstrdup(src[i].path);
	}
}

void
goelf_summary_add_image_size(struct goelf_summary *s, const char *ref,
			     const struct goelf_image_facts *im)
{
	struct goelf_sum_image *g;
	size_t alloc = s->nimgs;

	if (s->nimgs >= GOELF_SUM_MAX_IMAGES)
		return;
	goelf_grow((void **)&s->imgs, &alloc, s->nimgs + 1, sizeof(*s->imgs));
	g = &s->imgs[s->nimgs++];
	memset(g, 0, sizeof(*g));
	g->ref = goelf_xstrdup(ref);
	g->size = im->size;
	g->size.entrypoint =
		im->size.entrypoint ? goelf_xstrdup(im->size.entrypoint) : NULL;
	sized_copy(g->size.largest, im->size.largest, im->size.nlargest);
	for (unsigned c = 0; c < GOELF_IC_N; c++)
		sized_copy(g->size.classes[c].top, im->size.classes[c].top,
			   im->size.classes[c].ntop);
	g->nlayers = im->nlayers;
	g->layer_wasted = goelf_xcalloc(im->nlayers ? im->nlayers : 1,
					sizeof(*g->layer_wasted));
	for (size_t i = 0; i < im->nlayers; i++)
		g->layer_wasted[i] = im->layers[i].wasted_bytes;
}

void
goelf_summary_print_images(const struct goelf_summary *s, FILE *out)
{
	for (size_t i = 0; i < s->nimgs; i++)
		goelf_text_image_size(out, s->imgs[i].ref, &s->imgs[i].size,
				      s->imgs[i].layer_wasted,
				      s->imgs[i].nlayers);
}

void
goelf_summary_release_images(struct goelf_summary *s)
{
	for (size_t i = 0; i < s->nimgs; i++) {
		free(s->imgs[i].ref);
		free(s->imgs[i].layer_wasted);
		goelf_image_size_release(&s->imgs[i].size);
	}
	free(s->imgs);
	s->imgs = NULL;
	s->nimgs = 0;
}
