/*
 * render_diff_image.c - the text view of an image diff (the object
 * lib/diff/diff_image.c computes): size deltas, layers, leftover
 * classes, the files that grew most, the entrypoint binary's own diff
 * and the run-time verdict change.  Reads only that object.
 */
#include "render/render.h"
#include "render/json_get.h"

#include <stdlib.h>
#include <string.h>

#define TEXT_TOP 10 /* rows per list */

static void
size_or(FILE *out, json_t *v)
{
	char h[32];

	if (!json_is_integer(v)) {
		fputs("unknown", out);
		return;
	}
	goelf_fmt_size((uint64_t)json_integer_value(v), h, sizeof(h));
	fputs(h, out);
}

static void
signed_size(FILE *out, json_t *v)
{
	json_int_t x = json_integer_value(v);
	char h[32];

	if (!json_is_integer(v)) {
		fputs("unknown", out);
		return;
	}
	goelf_fmt_size(x < 0 ? 0 - (uint64_t)x : (uint64_t)x, h, sizeof(h));
	fprintf(out, "%s%s", x < 0 ? "-" : "+", h);
}

static void
delta_line(FILE *out, const char *label, json_t *o)
{
	fprintf(out, "  %-8s ", label);
	size_or(out, get(o, "old"));
	fputs(" -> ", out);
	size_or(out, get(o, "new"));
	fputs(" (", out);
	signed_size(out, get(o, "delta"));
	if (json_is_real(get(o, "percent")))
		fprintf(out, ", %+.1f%%", json_real_value(get(o, "percent")));
	fputs(")\n", out);
}

static void
layer_rows(FILE *out, const char *title, json_t *arr)
{
	size_t i;
	json_t *e;

	json_array_foreach (arr, i, e) {
		const char *k =
			sget(e, "digest") ? sget(e, "digest") : sget(e, "name");

		if (i == TEXT_TOP) {
			fprintf(out, "    ... %zu more\n",
				json_array_size(arr) - i);
			break;
		}
		fprintf(out, "    %-8s ", title);
		goelf_text_escape(out, k ? k : "?");
		fputc(' ', out);
		if (get(e, "old_bytes")) {
			size_or(out, get(e, "old_bytes"));
			fputs(" -> ", out);
			size_or(out, get(e, "new_bytes"));
		} else {
			size_or(out, get(e, "bytes"));
		}
		fputc('\n', out);
	}
}

static void
grew(FILE *out, const char *title, const char *key, json_t *arr)
{
	size_t i;
	json_t *e;

	if (!json_array_size(arr))
		return;
	fprintf(out, "  %s:\n", title);
	json_array_foreach (arr, i, e) {
		if (i == TEXT_TOP)
			break;
		fputs("    ", out);
		goelf_text_escape(out, sget(e, key) ? sget(e, key) : "?");
		fputc(' ', out);
		if (json_is_null(get(e, "old")))
			fputs("new", out);
		else
			size_or(out, get(e, "old"));
		fputs(" -> ", out);
		size_or(out, get(e, "new"));
		fputs(" (", out);
		signed_size(out, get(e, "delta"));
		fputs(")\n", out);
	}
}

void
goelf_diff_image_text(const void *dp, FILE *out)
{
	json_t *d = (json_t *)dp, *l = get(d, "layers"), *e, *v;
	json_t *ep = get(d, "entrypoint");
	size_t i;

	fputs("goelf diff ", out);
	goelf_text_escape(out, sget(get(d, "old"), "path"));
	fputs(" -> ", out);
	goelf_text_escape(out, sget(get(d, "new"), "path"));
	fputs(" (images)\n", out);
	delta_line(out, "total", get(d, "total_bytes"));
	delta_line(out, "final", get(d, "final_bytes"));
	delta_line(out, "wasted", get(d, "wasted_bytes"));
	delta_line(out, "needed", get(d, "needed_bytes"));
	if (json_array_size(get(l, "added")) ||
	    json_array_size(get(l, "removed")) ||
	    json_array_size(get(l, "changed"))) {
		fputs("  layers:\n", out);
		layer_rows(out, "added", get(l, "added"));
		layer_rows(out, "removed", get(l, "removed"));
		layer_rows(out, "changed", get(l, "changed"));
	}
	grew(out, "leftover classes", "class", get(d, "classes"));
	grew(out, "files that grew most", "path", get(d, "files"));
	if (json_is_object(ep)) {
		json_t *x = get(ep, "diff");
		json_t *fs = get(x, "file_size");

		fputs("  entrypoint ", out);
		goelf_text_escape(
			out, sget(ep, "new_path") ? sget(ep, "new_path") : "?");
		fputs(": ", out);
		size_or(out, get(fs, "old"));
		fputs(" -> ", out);
		size_or(out, get(fs, "new"));
		fputs(" (", out);
		signed_size(out, get(fs, "delta"));
		fputs(")", out);
		if (json_is_true(get(x, "empty")))
			fputs(", no change", out);
		fputc('\n', out);
		json_array_foreach (get(x, "changes"), i, e) {
			fputs("    ", out);
			goelf_text_escape(out, sget(e, "name") ? sget(e, "name")
							       : "?");
			fputc('\n', out);
		}
	} else {
		fputs("  entrypoint: not found in both images\n", out);
	}
	v = get(d, "verdict");
	if (json_is_true(get(v, "changed"))) {
		fputs("  run-time verdict: ", out);
		goelf_text_escape(out,
				  sget(v, "old") ? sget(v, "old") : "unknown");
		fputs(" -> ", out);
		goelf_text_escape(out,
				  sget(v, "new") ? sget(v, "new") : "unknown");
		fputc('\n', out);
	}
	json_array_foreach (get(d, "thresholds"), i, e) {
		fputs("FAIL ", out);
		goelf_text_escape(out, sget(e, "id") ? sget(e, "id") : "?");
		fputs(": ", out);
		goelf_text_escape(out,
				  sget(e, "message") ? sget(e, "message") : "");
		fputc('\n', out);
	}
	if (json_is_true(get(d, "empty")))
		fputs("  no change\n", out);
}
