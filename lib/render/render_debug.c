/*
 * render_debug.c - the "debug" part of the report: leftover non-alloc
 * sections, strip savings and the DWARF summary, as a JSON object and as
 * the text block "Debug and size".  Reads only the report.  Section names
 * and DWARF strings come from the file: escaped in text, made valid UTF-8
 * for jansson.
 */
#include "render/render.h"

#include <jansson.h>
#include <string.h>

#define LABEL_WIDTH 13

static json_t *
j_dwarf(const struct goelf_dwarf *d)
{
	json_t *o;

	if (!d->walked)
		return json_null();
	o = json_object();
	json_object_set_new(o, "compile_units",
			    goelf_json_u64(d->compile_units));
	json_object_set_new(o, "versions", goelf_json_list(&d->versions));
	json_object_set_new(o, "producers", goelf_json_list(&d->producers));
	json_object_set_new(o, "languages", goelf_json_list(&d->languages));
	json_object_set_new(o, "build_paths", goelf_json_list(&d->build_paths));
	json_object_set_new(o, "truncated", json_boolean(d->truncated));
	return o;
}

void *
goelf_json_debug(const struct goelf_report *r)
{
	const struct goelf_analysis *an = &r->an;
	const struct goelf_dwarf *d = &r->facts.dwarf;
	json_t *o = json_object(), *secs = json_array(), *sv;

	for (size_t i = 0; i < an->ndebug_sections; i++) {
		const struct goelf_debug_section *s = &an->debug_sections[i];
		json_t *e = json_object();

		json_object_set_new(e, "name",
				    goelf_json_section_name(s->name));
		json_object_set_new(e, "size", goelf_json_u64(s->size));
		json_object_set_new(e, "compressed",
				    json_boolean(s->compressed));
		json_object_set_new(
			e, "uncompressed_size",
			s->compressed ? goelf_json_u64(s->uncompressed_size)
				      : json_null());
		json_array_append_new(secs, e);
	}
	json_object_set_new(o, "sections", secs);
	json_object_set_new(
		o, "sections_listed_all",
		json_boolean(an->ndebug_sections == an->ndebug_sections_all));
	json_object_set_new(o, "total_bytes", goelf_json_u64(an->debug_total));
	if (an->has_strip_model) {
		sv = json_object();
		json_object_set_new(sv, "strip_all",
				    goelf_json_u64(an->savings_strip_all));
		json_object_set_new(sv, "strip_debug",
				    goelf_json_u64(an->savings_strip_debug));
		json_object_set_new(sv, "go_ldflags_s_w",
				    goelf_json_u64(an->savings_go_s_w));
		json_object_set_new(sv, "strip_all_size",
				    goelf_json_u64(an->size_strip_all));
		json_object_set_new(sv, "strip_debug_size",
				    goelf_json_u64(an->size_strip_debug));
	} else {
		sv = json_null();
	}
	json_object_set_new(o, "strip_savings", sv);
	json_object_set_new(o, "dwarf_present", json_boolean(d->present));
	json_object_set_new(o, "dwarf_error", goelf_json_str(d->error));
	json_object_set_new(o, "dwarf", j_dwarf(d));
	return o;
}

static void
label(FILE *out, const char *l)
{
	fprintf(out, "    %-*s ", LABEL_WIDTH + 6, l);
}

static void
saving(FILE *out, const char *what, uint64_t saved, uint64_t after,
       uint64_t file_size)
{
	char a[32], b[32];

	goelf_fmt_size(saved, a, sizeof(a));
	goelf_fmt_size(after, b, sizeof(b));
	label(out, what);
	fprintf(out, "saves %s (%.1f%%), %s left\n", a,
		goelf_pct(saved, file_size), b);
}

static void
list(FILE *out, const char *l, const struct goelf_strlist *v)
{
	if (!v->n)
		return;
	label(out, l);
	for (size_t i = 0; i < v->n; i++) {
		if (i)
			fputs(", ", out);
		goelf_text_escape(out, v->v[i]);
	}
	fputc('\n', out);
}

void
goelf_text_debug(const struct goelf_report *r, FILE *out)
{
	const struct goelf_analysis *an = &r->an;
	const struct goelf_facts *f = &r->facts;
	const struct goelf_dwarf *d = &f->dwarf;
	char h[32], h2[32];

	if (!an->ndebug_sections && !d->present && !d->error)
		return;
	fprintf(out, "  %-*s\n", LABEL_WIDTH, "Debug and size");
	for (size_t i = 0; i < an->ndebug_sections; i++) {
		const struct goelf_debug_section *s = &an->debug_sections[i];
		const char *name;
		int w = 0;

		goelf_fmt_size(s->size, h, sizeof(h));
		fputs("    ", out);
		name = goelf_section_label(s->name);
		for (const unsigned char *p = (const unsigned char *)name;
		     *p && w < 1000; p++)
			w += *p < 0x20 || *p >= 0x7f || *p == '\\' ? 4 : 1;
		goelf_text_escape(out, name);
		fprintf(out, "%*s %10s %5.1f%%",
			w < LABEL_WIDTH + 6 ? LABEL_WIDTH + 6 - w : 1, "", h,
			goelf_pct(s->size, f->file_size));
		if (s->compressed) {
			goelf_fmt_size(s->uncompressed_size, h2, sizeof(h2));
			fprintf(out, "  compressed, %s inflated", h2);
		}
		fputc('\n', out);
	}
	if (an->ndebug_sections) {
		goelf_fmt_size(an->debug_total, h, sizeof(h));
		goelf_fmt_size(f->file_size, h2, sizeof(h2));
		label(out, "total");
		fprintf(out, "%10s %5.1f%% of %s\n", h,
			goelf_pct(an->debug_total, f->file_size), h2);
	}
	if (an->has_strip_model) {
		saving(out, "strip --strip-all", an->savings_strip_all,
		       an->size_strip_all, f->file_size);
		saving(out, "strip --strip-debug", an->savings_strip_debug,
		       an->size_strip_debug, f->file_size);
		saving(out, "-ldflags=\"-s -w\"", an->savings_go_s_w,
		       f->file_size - an->savings_go_s_w, f->file_size);
	}
	if (d->error) {
		label(out, "DWARF");
		goelf_text_escape(out, d->error);
		fputc('\n', out);
	}
	if (d->walked) {
		label(out, "DWARF");
		fprintf(out, "%llu compile units%s\n",
			(unsigned long long)d->compile_units,
			d->truncated ? " (walk capped)" : "");
		list(out, "DWARF versions", &d->versions);
		list(out, "languages", &d->languages);
		list(out, "producers", &d->producers);
		list(out, "build paths", &d->build_paths);
	} else if (d->present && !d->error) {
		label(out, "DWARF");
		fputs("present (--dwarf for a summary)\n", out);
	}
}
