/*
 * render_size.c - the "size" part of the report (an_size.c) as a JSON
 * object, and the goelf size text view with horizontal bars.  Reads only
 * the report.  Section and function-derived names come from the file:
 * escaped in text, made valid UTF-8 for jansson.
 */
#include "render/render.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define BAR_CELLS 24
#define NAME_MIN  14
#define NAME_MAX  40

void *
goelf_json_size(const struct goelf_report *r)
{
	const struct goelf_analysis *an = &r->an;
	json_t *o, *cls, *secs, *pkgs;

	if (!an->has_size)
		return json_null();
	o = json_object();
	cls = json_object();
	secs = json_array();
	pkgs = json_array();
	json_object_set_new(o, "file_bytes",
			    goelf_json_u64(r->facts.file_size));
	for (int c = 0; c < GOELF_SIZE_NCLASS; c++)
		json_object_set_new(cls, goelf_size_class_name(c),
				    goelf_json_u64(an->size_class[c]));
	json_object_set_new(o, "classes", cls);
	json_object_set_new(o, "bss_bytes", goelf_json_u64(an->size_bss));
	for (size_t i = 0; i < an->nsize_sections; i++) {
		const struct goelf_size_section *s = &an->size_sections[i];
		json_t *e = json_object();

		json_object_set_new(e, "name",
				    goelf_json_section_name(s->name));
		json_object_set_new(e, "size", goelf_json_u64(s->size));
		json_object_set_new(e, "file_bytes",
				    goelf_json_u64(s->file_bytes));
		json_object_set_new(
			e, "class",
			json_string(s->bss ? "bss"
					   : goelf_size_class_name(s->cls)));
		json_array_append_new(secs, e);
	}
	json_object_set_new(o, "sections", secs);
	json_object_set_new(o, "sections_listed_all",
			    json_boolean(!an->size_sections_truncated));
	json_object_set_new(o, "text_bytes",
			    an->has_text ? goelf_json_u64(an->text_bytes)
					 : json_null());
	/* Without the attribution (default inspect) the function byte
	 * counts are unknown, not 0. */
	json_object_set_new(o, "packages_computed",
			    json_boolean(an->has_size_pkgs));
	json_object_set_new(o, "go_bytes",
			    an->has_size_pkgs
				    ? goelf_json_u64(an->size_go_bytes)
				    : json_null());
	json_object_set_new(o, "c_bytes",
			    an->has_size_pkgs ? goelf_json_u64(an->size_c_bytes)
					      : json_null());
	json_object_set_new(o, "attributed_bytes",
			    an->has_size_pkgs
				    ? goelf_json_u64(an->size_attributed)
				    : json_null());
	json_object_set_new(o, "unattributed_bytes",
			    an->has_text && an->has_size_pkgs
				    ? goelf_json_u64(an->size_unattributed)
				    : json_null());
	json_object_set_new(o, "functions",
			    an->has_size_pkgs ? goelf_json_u64(an->size_nfuncs)
					      : json_null());
	for (size_t i = 0; i < an->nsize_pkgs; i++) {
		const struct goelf_size_pkg *p = &an->size_pkgs[i];
		json_t *e = json_object();

		json_object_set_new(e, "name", goelf_json_str(p->name));
		json_object_set_new(e, "bytes", goelf_json_u64(p->bytes));
		json_object_set_new(e, "functions", goelf_json_u64(p->funcs));
		json_array_append_new(pkgs, e);
	}
	json_object_set_new(o, "packages", pkgs);
	json_object_set_new(o, "packages_listed_all",
			    json_boolean(an->has_size_pkgs));
	return o;
}

/* Display width of s as goelf_text_escape prints it. */
static size_t
width(const char *s)
{
	size_t w = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		w += *p < 0x20 || *p >= 0x7f || *p == '\\' ? 4 : 1;
	return w;
}

static void
bar(FILE *out, uint64_t v, uint64_t max, bool unicode)
{
	/* U+258F .. U+2589: one to seven eighths of a cell. */
	static const char *const part[] = {
		"",	  "\u258f", "\u258e", "\u258d",
		"\u258c", "\u258b", "\u258a", "\u2589",
	};
	unsigned eighths =
		max ? (unsigned)((double)v / (double)max * BAR_CELLS * 8 + 0.5)
		    : 0;
	unsigned cells = 0;

	if (eighths > BAR_CELLS * 8)
		eighths = BAR_CELLS * 8;
	if (!unicode) {
		for (; cells < (eighths + 4) / 8; cells++)
			fputc('#', out);
	} else {
		for (; cells < eighths / 8; cells++)
			fputs("\u2588", out);
		if (eighths % 8) {
			fputs(part[eighths % 8], out);
			cells++;
		}
	}
	for (; cells < BAR_CELLS; cells++)
		fputc(' ', out);
}

static void
row(FILE *out, const char *name, size_t namew, uint64_t v, uint64_t max,
    uint64_t whole, bool unicode, const char *note)
{
	char h[32];
	size_t w = width(name);

	goelf_fmt_size(v, h, sizeof(h));
	fputs("  ", out);
	goelf_text_escape(out, name);
	fprintf(out, "%*s ", (int)(w < namew ? namew - w : 0), "");
	bar(out, v, max, unicode);
	fprintf(out, " %10s %5.1f%%%s\n", h, goelf_pct(v, whole),
		note ? note : "");
}

static size_t
clamp_width(size_t w)
{
	return w < NAME_MIN ? NAME_MIN : w > NAME_MAX ? NAME_MAX : w;
}

static size_t
shown(size_t n, size_t top)
{
	return top && top < n ? top : n;
}

static void
text_classes(const struct goelf_report *r, const struct goelf_size_view *v,
	     FILE *out)
{
	const struct goelf_analysis *an = &r->an;
	uint64_t max = 0;
	char h[32];

	for (int c = 0; c < GOELF_SIZE_NCLASS; c++)
		if (an->size_class[c] > max)
			max = an->size_class[c];
	fputs("Section classes (share of the file)\n", out);
	for (int c = 0; c < GOELF_SIZE_NCLASS; c++)
		row(out, goelf_size_class_name(c), NAME_MIN, an->size_class[c],
		    max, r->facts.file_size, v->unicode, NULL);
	if (an->size_bss) {
		goelf_fmt_size(an->size_bss, h, sizeof(h));
		fprintf(out, "  %-*s %s in memory only (no file bytes)\n",
			NAME_MIN, "bss", h);
	}
}

/* Sections by file bytes, largest first; ties in header order. */
static void
text_sections(const struct goelf_report *r, const struct goelf_size_view *v,
	      FILE *out)
{
	const struct goelf_analysis *an = &r->an;
	size_t n = 0, k, *idx, namew = 0;
	uint64_t max = 0;

	idx = goelf_xcalloc(an->nsize_sections + 1, sizeof(*idx));
	for (size_t i = 0; i < an->nsize_sections; i++)
		if (an->size_sections[i].file_bytes)
			idx[n++] = i;
	/* Insertion sort: section counts are small (GOELF_MAX_SHDRS). */
	for (size_t i = 1; i < n; i++) {
		size_t x = idx[i], j = i;

		while (j > 0 && an->size_sections[idx[j - 1]].file_bytes <
					an->size_sections[x].file_bytes) {
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = x;
	}
	k = shown(n, v->top);
	for (size_t i = 0; i < k; i++) {
		size_t w = width(
			goelf_section_label(an->size_sections[idx[i]].name));

		if (w > namew)
			namew = w;
	}
	if (n)
		max = an->size_sections[idx[0]].file_bytes;
	fprintf(out, "Sections (%zu of %zu with file bytes)\n", k, n);
	for (size_t i = 0; i < k; i++) {
		const struct goelf_size_section *s = &an->size_sections[idx[i]];

		row(out, goelf_section_label(s->name), clamp_width(namew),
		    s->file_bytes, max, r->facts.file_size, v->unicode, NULL);
	}
	free(idx);
}

static void
text_packages(const struct goelf_report *r, const struct goelf_size_view *v,
	      FILE *out)
{
	const struct goelf_analysis *an = &r->an;
	size_t k = shown(an->nsize_pkgs, v->top), namew = 0;
	uint64_t rest = 0, max = an->nsize_pkgs ? an->size_pkgs[0].bytes : 0;
	char h[32];

	if (!an->nsize_pkgs && !an->has_text)
		return;
	for (size_t i = 0; i < k; i++) {
		size_t w = width(an->size_pkgs[i].name);

		if (w > namew)
			namew = w;
	}
	if (an->has_text) {
		goelf_fmt_size(an->text_bytes, h, sizeof(h));
		fprintf(out,
			"Packages (%zu of %zu; %llu functions; .text %s, "
			"%.1f%% attributed)\n",
			k, an->nsize_pkgs, (unsigned long long)an->size_nfuncs,
			h, goelf_pct(an->size_attributed, an->text_bytes));
	} else {
		fprintf(out,
			"Packages (%zu of %zu; %llu functions; no .text "
			"section)\n",
			k, an->nsize_pkgs, (unsigned long long)an->size_nfuncs);
	}
	for (size_t i = 0; i < k; i++)
		row(out, an->size_pkgs[i].name, clamp_width(namew),
		    an->size_pkgs[i].bytes, max, r->facts.file_size, v->unicode,
		    NULL);
	for (size_t i = k; i < an->nsize_pkgs; i++)
		rest += an->size_pkgs[i].bytes;
	if (k < an->nsize_pkgs) {
		char label[48];

		snprintf(label, sizeof(label), "(%zu more)",
			 an->nsize_pkgs - k);
		row(out, label, clamp_width(namew), rest, max,
		    r->facts.file_size, v->unicode, NULL);
	}
	if (an->has_text)
		row(out, "(unattributed)", clamp_width(namew),
		    an->size_unattributed, max, r->facts.file_size, v->unicode,
		    an->size_unattributed ? "  .text bytes in no known function"
					  : NULL);
}

void
goelf_render_size_text(const struct goelf_report *r,
		       const struct goelf_size_view *v, FILE *out)
{
	char h[32];

	goelf_fmt_size(r->facts.file_size, h, sizeof(h));
	goelf_text_escape(out, r->path);
	fprintf(out, ": %s (%llu bytes), %s", h,
		(unsigned long long)r->facts.file_size, r->an.arch);
	if (r->an.go_version) {
		fputs(", Go ", out);
		goelf_text_escape(out, r->an.go_version);
	}
	fputc('\n', out);
	text_classes(r, v, out);
	text_sections(r, v, out);
	text_packages(r, v, out);
}

void
goelf_render_size_json(const struct goelf_report *r, FILE *out)
{
	json_t *o = json_object();
	char *s;

	json_object_set_new(o, "schema_version", json_integer(1));
	goelf_json_set_path(o, r->path);
	json_object_set_new(o, "arch", json_string(r->an.arch));
	json_object_set_new(o, "size", goelf_json_size(r));
	s = goelf_json_dumps(o, "\n");
	if (s) {
		fputs(s, out);
		free(s);
	}
	json_decref(o);
}
