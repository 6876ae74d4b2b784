/*
 * diff_image.c - goelf diff of two images.  A side (diff_image_load.c)
 * is an image tarball or OCI layout, scanned with the default policy, or
 * a file holding the saved `scan --format jsonl` output of one image:
 * its file records, link records and its image record (the last).  The
 * comparison: total, final, wasted and needed bytes; layers added,
 * removed and changed (keyed by digest, or
 * by name when the archive gives no digest); the leftover classes that
 * changed; the files that grew most (the image's largest files and its
 * ELF files); the entrypoint binary's own diff (the binary engine of
 * diff.c on the two file records); the run-time verdict change.
 * --max-growth applies to total_bytes.
 *
 * A saved side is hostile: every number is read as an integer within
 * 0..2^62 or taken as absent, and strings must be strings (the file,
 * its lines and its records are capped where they are read).
 */
#include "diff/diff.h"
#include "render/json_get.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define IMG_MAX_VALUE ((json_int_t)1 << 62)
#define IMG_TOP_FILES 10u /* rows of "files" */

/* --- comparing -------------------------------------------------------------- */

/* An integer 0..2^62 at o[key], or -1 (absent, null, bad). */
static json_int_t
num(json_t *o, const char *key)
{
	json_t *v = get(o, key);
	json_int_t x;

	if (!json_is_integer(v))
		return -1;
	x = json_integer_value(v);
	return x >= 0 && x <= IMG_MAX_VALUE ? x : -1;
}

static json_t *
jnum(json_int_t x)
{
	return x >= 0 ? json_integer(x) : json_null();
}

static json_t *
delta(json_int_t a, json_int_t b)
{
	json_t *o = json_object();

	json_object_set_new(o, "old", jnum(a));
	json_object_set_new(o, "new", jnum(b));
	json_object_set_new(o, "delta",
			    a >= 0 && b >= 0 ? json_integer(b - a)
					     : json_null());
	json_object_set_new(
		o, "percent",
		a > 0 && b >= 0 ? json_real(100.0 * (double)(b - a) / (double)a)
				: json_null());
	return o;
}

static const char *
layer_key(json_t *l)
{
	const char *k = sget(l, "digest");

	return k ? k : sget(l, "name");
}

static json_t *
layer_row(json_t *l, json_t *other)
{
	json_t *o = json_object();

	json_object_set_new(o, "digest", goelf_json_str(sget(l, "digest")));
	json_object_set_new(o, "name", goelf_json_str(sget(l, "name")));
	json_object_set_new(o, "bytes", jnum(num(l, "bytes")));
	if (other) {
		json_object_set_new(o, "old_bytes", jnum(num(other, "bytes")));
		json_object_set_new(o, "new_bytes", jnum(num(l, "bytes")));
	}
	return o;
}

static json_t *
find_layer(json_t *arr, const char *key, size_t max)
{
	json_t *l;
	size_t i;

	json_array_foreach (arr, i, l) {
		const char *k = layer_key(l);

		if (i >= max)
			break;
		if (k && !strcmp(k, key))
			return l;
	}
	return NULL;
}

static json_t *
layers_delta(json_t *a, json_t *b)
{
	json_t *o = json_object(), *add = json_array(), *rem = json_array();
	json_t *chg = json_array(), *l;
	size_t i;

	json_array_foreach (b, i, l) {
		const char *k = layer_key(l);
		json_t *x;

		if (i >= GOELF_IMAGE_MAX_LAYERS || !k)
			continue;
		x = find_layer(a, k, GOELF_IMAGE_MAX_LAYERS);
		if (!x)
			json_array_append_new(add, layer_row(l, NULL));
		else if (num(x, "bytes") != num(l, "bytes") ||
			 num(x, "files") != num(l, "files"))
			json_array_append_new(chg, layer_row(l, x));
	}
	json_array_foreach (a, i, l) {
		const char *k = layer_key(l);

		if (i >= GOELF_IMAGE_MAX_LAYERS || !k)
			continue;
		if (!find_layer(b, k, GOELF_IMAGE_MAX_LAYERS))
			json_array_append_new(rem, layer_row(l, NULL));
	}
	json_object_set_new(o, "added", add);
	json_object_set_new(o, "removed", rem);
	json_object_set_new(o, "changed", chg);
	return o;
}

static json_t *
row(const char *key, const char *name, json_int_t a, json_int_t b)
{
	json_t *o = json_object();

	if (!strcmp(key, "path"))
		goelf_json_set_path(o, name);
	else
		json_object_set_new(o, key, goelf_json_str(name));
	json_object_set_new(o, "old", jnum(a));
	json_object_set_new(o, "new", jnum(b));
	json_object_set_new(o, "delta",
			    json_integer((b < 0 ? 0 : b) - (a < 0 ? 0 : a)));
	return o;
}

static int
cmp_rows(const void *x, const void *y)
{
	json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
	json_int_t da = iget(a, "delta"), db = iget(b, "delta");
	const char *na = sget(a, "path") ? sget(a, "path") : sget(a, "class");
	const char *nb = sget(b, "path") ? sget(b, "path") : sget(b, "class");

	if (da != db)
		return da > db ? -1 : 1;
	return strcmp(na ? na : "", nb ? nb : "");
}

/* The rows of arr, sorted by growth, at most max (0: all). */
static json_t *
sorted_rows(json_t *arr, size_t max)
{
	size_t n = json_array_size(arr);
	json_t **v = goelf_xcalloc(n ? n : 1, sizeof(*v)), *out = json_array();

	for (size_t i = 0; i < n; i++)
		v[i] = json_array_get(arr, i);
	qsort(v, n, sizeof(*v), cmp_rows);
	for (size_t i = 0; i < n && (!max || i < max); i++)
		json_array_append(out, v[i]);
	free(v);
	json_decref(arr);
	return out;
}

static json_t *
classes_delta(json_t *a, json_t *b)
{
	json_t *rows = json_array();

	for (unsigned c = 0; c < GOELF_IC_N; c++) {
		const char *k =
			goelf_image_class_name((enum goelf_image_class)c);
		json_int_t x = num(a, k), y = num(b, k);

		if (x != y)
			json_array_append_new(rows, row("class", k, x, y));
	}
	return sorted_rows(rows, 0);
}

/* path -> size of the files a side names: its largest files and its ELF
 * file records. */
static json_t *
file_sizes(const struct goelf_img_side *s)
{
	json_t *m = json_object(), *e, *v;
	const char *k;
	size_t i;

	json_array_foreach (get2(get(s->record, "image"), "size", "largest"), i,
			    e) {
		json_int_t x = num(e, "bytes");

		if (i >= GOELF_IMAGE_SIZE_TOP * 4)
			break;
		if (sget(e, "path") && x >= 0)
			json_object_set_new(m, sget(e, "path"),
					    json_integer(x));
	}
	json_object_foreach (s->files, k, v) {
		json_int_t x = num(get(v, "elf"), "size");

		if (x >= 0)
			json_object_set_new(m, k, json_integer(x));
	}
	return m;
}

static json_t *
files_delta(const struct goelf_img_side *a, const struct goelf_img_side *b)
{
	json_t *ma = file_sizes(a), *mb = file_sizes(b), *rows = json_array();
	json_t *v;
	const char *k;

	json_object_foreach (mb, k, v) {
		json_t *x = json_object_get(ma, k);
		json_int_t old = x ? json_integer_value(x) : -1;

		if (json_integer_value(v) > (old < 0 ? 0 : old))
			json_array_append_new(rows, row("path", k, old,
							json_integer_value(v)));
	}
	json_decref(ma);
	json_decref(mb);
	return sorted_rows(rows, IMG_TOP_FILES);
}

/* The file record of the entrypoint: size.entrypoint (or
 * image.entrypoint), as given or with a leading '/'. */
static json_t *
entry_record(const struct goelf_img_side *s, const char **path)
{
	json_t *im = get(s->record, "image");
	const char *ep = sget(get(im, "size"), "entrypoint");
	char buf[GOELF_IMAGE_MAX_PATH + 2];
	json_t *r;

	if (!ep)
		ep = sget(im, "entrypoint");
	*path = ep;
	if (!ep || strlen(ep) > GOELF_IMAGE_MAX_PATH)
		return NULL;
	r = json_object_get(s->files, ep);
	if (!r && ep[0] != '/') {
		snprintf(buf, sizeof(buf), "/%s", ep);
		r = json_object_get(s->files, buf);
	}
	return r;
}

static json_t *
entry_delta(const struct goelf_img_side *a, const struct goelf_img_side *b,
	    const char *old_path, const char *new_path, json_t *warn)
{
	const char *pa, *pb;
	json_t *ra = entry_record(a, &pa), *rb = entry_record(b, &pb);
	json_t *o, *d;
	struct goelf_buf err;
	struct goelf_policy pol;

	if (!ra || !rb)
		return json_null();
	goelf_buf_init(&err, 1024);
	if (goelf_diff_validate(ra, old_path, &err) ||
	    goelf_diff_validate(rb, new_path, &err)) {
		json_array_append_new(warn, goelf_json_str(err.buf));
		goelf_buf_release(&err);
		return json_null();
	}
	goelf_buf_release(&err);
	goelf_policy_init(&pol);
	d = goelf_diff_compute(ra, rb, pa, true, pb, true, &pol);
	goelf_policy_release(&pol);
	o = json_object();
	json_object_set_new(o, "old_path", goelf_json_str(pa));
	json_object_set_new(o, "new_path", goelf_json_str(pb));
	json_object_set_new(o, "diff", d);
	return o;
}

static json_t *
image_side(const struct goelf_diff_image *d, const char *path)
{
	json_t *o = json_object(), *im = get(d->s.record, "image");

	goelf_json_set_path(o, path);
	json_object_set_new(o, "source",
			    json_string(d->saved ? "report" : "image"));
	json_object_set_new(o, "reference",
			    goelf_json_str(sget(im, "reference")));
	json_object_set_new(
		o, "layers",
		json_integer((json_int_t)json_array_size(get(im, "layers"))));
	return o;
}

static void threshold(json_t *th, const char *id, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
threshold(json_t *th, const char *id, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	json_t *o = json_object();

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	json_object_set_new(o, "id", json_string(id));
	json_object_set_new(o, "message", goelf_json_str(tmp));
	json_array_append_new(th, o);
}

static const char *
verdict_status(const struct goelf_img_side *s)
{
	return sget(get(get(s->record, "image"), "verdict"), "status");
}

void *
goelf_diff_image_compute(const void *oldp, const void *newp,
			 const char *old_path, const char *new_path,
			 const struct goelf_policy *p)
{
	const struct goelf_diff_image *A = oldp, *B = newp;
	json_t *ia = get(A->s.record, "image"), *ib = get(B->s.record, "image");
	json_t *za = get(ia, "size"), *zb = get(ib, "size");
	json_t *d = json_object(), *warn = json_array(), *th = json_array();
	json_t *v, *layers, *classes, *files, *entry;
	json_int_t ta = num(za, "total_bytes"), tb = num(zb, "total_bytes");
	const char *va = verdict_status(&A->s), *vb = verdict_status(&B->s);
	bool empty;

	json_object_set_new(d, "schema_version", json_integer(1));
	json_object_set_new(d, "kind", json_string("image"));
	json_object_set_new(d, "old", image_side(A, old_path));
	json_object_set_new(d, "new", image_side(B, new_path));
	if (!za || !zb)
		json_array_append_new(warn,
				      json_string("a side has no image size "
						  "(a scan from an older "
						  "goelf): no size deltas"));
	if (A->s.nerrors || B->s.nerrors)
		json_array_append_new(
			warn,
			json_sprintf("%zu entr%s could not be analysed",
				     A->s.nerrors + B->s.nerrors,
				     A->s.nerrors + B->s.nerrors == 1 ? "y"
								      : "ies"));
	json_object_set_new(d, "total_bytes", delta(ta, tb));
	json_object_set_new(
		d, "final_bytes",
		delta(num(za, "final_bytes"), num(zb, "final_bytes")));
	json_object_set_new(
		d, "wasted_bytes",
		delta(num(za, "wasted_bytes"), num(zb, "wasted_bytes")));
	json_object_set_new(
		d, "needed_bytes",
		delta(num(za, "needed_bytes"), num(zb, "needed_bytes")));
	layers = layers_delta(get(ia, "layers"), get(ib, "layers"));
	json_object_set_new(d, "layers", layers);
	classes = classes_delta(get(za, "classes"), get(zb, "classes"));
	json_object_set_new(d, "classes", classes);
	files = files_delta(&A->s, &B->s);
	json_object_set_new(d, "files", files);
	entry = entry_delta(&A->s, &B->s, old_path, new_path, warn);
	json_object_set_new(d, "entrypoint", entry);
	v = json_object();
	json_object_set_new(v, "old", goelf_json_str(va));
	json_object_set_new(v, "new", goelf_json_str(vb));
	json_object_set_new(
		v, "changed",
		json_boolean((va || vb) && (!va || !vb || strcmp(va, vb))));
	json_object_set_new(d, "verdict", v);
	json_object_set_new(d, "warnings", warn);
	if (p->has_max_growth && ta >= 0 && tb >= 0) {
		json_int_t dz = tb - ta;
		double pct = ta ? 100.0 * (double)dz / (double)ta : 0.0;
		bool over = p->max_growth_pct
				    ? (ta ? pct > p->max_growth : tb > ta)
				    : (double)dz > p->max_growth;

		if (over)
			threshold(th, "diff.size_growth",
				  "the image grew by %lld bytes (%+.2f%%), "
				  "more than the limit of %.*f%s",
				  (long long)dz, pct, p->max_growth_pct ? 2 : 0,
				  p->max_growth,
				  p->max_growth_pct ? "%" : " bytes");
	}
	json_object_set_new(d, "thresholds", th);
	json_object_set_new(d, "failed", json_boolean(json_array_size(th)));
	empty = ta == tb && num(za, "final_bytes") == num(zb, "final_bytes") &&
		!json_array_size(get(layers, "added")) &&
		!json_array_size(get(layers, "removed")) &&
		!json_array_size(get(layers, "changed")) &&
		!json_array_size(classes) && !json_array_size(files) &&
		(json_is_null(entry) ||
		 json_is_true(get(get(entry, "diff"), "empty"))) &&
		!json_is_true(get(v, "changed"));
	json_object_set_new(d, "empty", json_boolean(empty));
	return d;
}
