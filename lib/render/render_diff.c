/*
 * render_diff.c - the text view of a goelf diff result (the JSON object
 * diff.c computes).  Reads only that object; fits a CI log.
 */
#include "render/render.h"
#include "render/json_get.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_TOP  10 /* rows per list in text */
#define TEXT_SYMS 12 /* symbols per glibc version in text */

static void
fmt_delta(json_int_t v, char *out, size_t n)
{
	char h[32];

	goelf_fmt_size(v < 0 ? 0 - (uint64_t)v : (uint64_t)v, h, sizeof(h));
	snprintf(out, n, "%s%s", v < 0 ? "-" : "+", h);
}

static void
put(FILE *out, json_t *v)
{
	if (!v || json_is_null(v))
		fputs("none", out);
	else if (json_is_string(v))
		goelf_text_escape(out, json_string_value(v));
	else if (json_is_true(v))
		fputs("true", out);
	else if (json_is_false(v))
		fputs("false", out);
	else if (json_is_integer(v))
		fprintf(out, "%lld", (long long)json_integer_value(v));
	else {
		char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT |
						JSON_ENSURE_ASCII);

		goelf_text_escape(out, s ? s : "?");
		free(s);
	}
}

/* "OLD -> NEW" of one change row, and the end of the line. */
static void
old_new(FILE *out, json_t *e)
{
	put(out, get(e, "old"));
	fputs(" -> ", out);
	put(out, get(e, "new"));
	fputc('\n', out);
}

static void
rows(FILE *out, const char *title, json_t *arr)
{
	size_t n = json_array_size(arr), i;
	json_t *e;

	if (!n)
		return;
	fprintf(out, "%s:\n", title);
	json_array_foreach (arr, i, e) {
		char h[40];

		if (i >= TEXT_TOP) {
			fprintf(out,
				"  ... %zu more (--format json lists all)\n",
				n - TEXT_TOP);
			break;
		}
		fmt_delta(iget(e, "delta"), h, sizeof(h));
		fputs("  ", out);
		goelf_text_escape(out, sget(e, "name"));
		fprintf(out, "  %s", h);
		if (json_is_null(get(e, "old")))
			fputs(" (new)", out);
		else if (json_is_null(get(e, "new")))
			fputs(" (gone)", out);
		fputc('\n', out);
	}
}

void
goelf_diff_text(const void *dp, FILE *out)
{
	json_t *d = (json_t *)dp, *e, *fs = get(d, "file_size");
	size_t i;
	char h[40];

	if (sget(d, "kind") && !strcmp(sget(d, "kind"), "image")) {
		goelf_diff_image_text(d, out);
		return;
	}
	fputs("goelf diff ", out);
	goelf_text_escape(out, sget(get(d, "old"), "path"));
	fputs(" -> ", out);
	goelf_text_escape(out, sget(get(d, "new"), "path"));
	fputc('\n', out);
	/* The warnings (an architecture change) are the caller's to print,
	 * once, on stderr; the JSON carries them. */
	if (json_is_true(get(d, "empty"))) {
		fputs("no differences\n", out);
		return;
	}
	fmt_delta(iget(fs, "delta"), h, sizeof(h));
	fprintf(out, "file size: %lld -> %lld bytes, %s (%+lld bytes",
		(long long)iget(fs, "old"), (long long)iget(fs, "new"), h,
		(long long)iget(fs, "delta"));
	if (json_is_real(get(fs, "percent")))
		fprintf(out, ", %+.2f%%", json_real_value(get(fs, "percent")));
	fputs(")\n", out);
	rows(out, "section classes", get(d, "classes"));
	rows(out, "sections", get(d, "sections"));
	rows(out, "packages", get(d, "packages"));
	json_array_foreach (get(d, "changes"), i, e) {
		goelf_text_escape(out, sget(e, "key"));
		fputs(": ", out);
		old_new(out, e);
	}
	json_array_foreach (get(d, "targets"), i, e) {
		fputs("target ", out);
		goelf_text_escape(out, sget(e, "target"));
		fputs(": ", out);
		old_new(out, e);
	}
	if (json_array_size(get(d, "deps")))
		fputs("module dependencies:\n", out);
	json_array_foreach (get(d, "deps"), i, e) {
		fprintf(out, "  %s ", sget(e, "change"));
		goelf_text_escape(out, sget(e, "path"));
		fputc(' ', out);
		old_new(out, e);
	}
	if (json_array_size(get(d, "settings")))
		fputs("build settings:\n", out);
	json_array_foreach (get(d, "settings"), i, e) {
		fputs("  ", out);
		goelf_text_escape(out, sget(e, "key"));
		fputs(": ", out);
		old_new(out, e);
	}
	json_array_foreach (get2(d, "needed", "added"), i, e) {
		fputs("NEEDED added: ", out);
		put(out, e);
		fputc('\n', out);
	}
	json_array_foreach (get2(d, "needed", "removed"), i, e) {
		fputs("NEEDED removed: ", out);
		put(out, e);
		fputc('\n', out);
	}
	if (json_is_object(get(d, "glibc"))) {
		json_t *g = get(d, "glibc");

		fputs("glibc floor: ", out);
		put(out, get(g, "old"));
		fputs(" -> ", out);
		put(out, get(g, "new"));
		fputs(json_is_true(get(g, "raised")) ? " (raised)\n" : "\n",
		      out);
		json_array_foreach (get(g, "symbols"), i, e) {
			json_t *s;
			size_t k;

			fputs("  ", out);
			goelf_text_escape(out, sget(e, "version"));
			fputs(":", out);
			json_array_foreach (get(e, "symbols"), k, s) {
				if (k >= TEXT_SYMS) {
					fprintf(out, " ... (%zu)",
						json_array_size(
							get(e, "symbols")));
					break;
				}
				fputs(k ? ", " : " ", out);
				put(out, s);
			}
			fputc('\n', out);
		}
	}
	if (json_is_object(get(d, "debug"))) {
		fputs("debug bytes: ", out);
		put(out, get2(d, "debug", "old"));
		fputs(" -> ", out);
		put(out, get2(d, "debug", "new"));
		fputc('\n', out);
	}
	json_array_foreach (get2(d, "findings", "new"), i, e) {
		fputs("new finding: ", out);
		put(out, get(e, "id"));
		fputs(" (", out);
		put(out, get(e, "severity"));
		fputs(") ", out);
		put(out, get(e, "message"));
		fputc('\n', out);
	}
	json_array_foreach (get2(d, "findings", "gone"), i, e) {
		fputs("gone finding: ", out);
		put(out, get(e, "id"));
		fputc('\n', out);
	}
	json_array_foreach (get(d, "thresholds"), i, e) {
		fputs("FAIL ", out);
		put(out, get(e, "id"));
		fputs(": ", out);
		put(out, get(e, "message"));
		fputc('\n', out);
	}
}

void
goelf_diff_json(const void *dp, FILE *out)
{
	char *s = json_dumps(dp, JSON_COMPACT | JSON_ENSURE_ASCII);

	if (s) {
		fputs(s, out);
		fputc('\n', out);
	}
	free(s);
}
