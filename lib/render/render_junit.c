/*
 * render_junit.c - JUnit XML: one <testsuite> per command run (in a
 * <testsuites> root, as GitLab and Jenkins read it), one <testcase> per
 * file (classname the command, name the path; "IMAGE:PATH" inside an
 * image, and a testcase for each image's own findings), a <failure> per
 * file that fails the gate, its message the first reason and its text
 * every counted warn and fail reason, one per line; an <error> per file
 * that could not be analysed; the warnings of a file that passes in
 * <system-out>.
 *
 * Every string is file-derived: xml_put() escapes the five markup
 * characters, and replaces visibly, as \xNN, what XML 1.0 cannot carry
 * or a reader would mangle: control bytes but tab and newline (which
 * attributes keep as character references), DEL, C1 controls, U+FFFE,
 * U+FFFF, invalid UTF-8, and '\' itself, so two names never print the
 * same.  The fragments hold raw bytes (jansson's unchecked strings,
 * never dumped as JSON).  Reads only finished reports.
 */
#include "render/render.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_t *
raw(const char *s)
{
	s = s ? s : "";
	return json_stringn_nocheck(s, strlen(s));
}

static void
xml_put(FILE *out, const char *s, size_t n, bool attr)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		size_t l = goelf_utf8_len(p + i, n - i);
		unsigned char c = p[i];

		if (l > 1) {
			bool c1 = l == 2 && c == 0xc2 && p[i + 1] < 0xa0;
			bool nonchar = l == 3 && c == 0xef &&
				       p[i + 1] == 0xbf && p[i + 2] >= 0xbe;

			if (c1 || nonchar) {
				for (size_t k = 0; k < l; k++)
					fprintf(out, "\\x%02x", p[i + k]);
			} else {
				fwrite(p + i, 1, l, out);
			}
			i += l;
			continue;
		}
		i++;
		if (!l || c == 0x7f || c == '\\' ||
		    (c < 0x20 && c != '\t' && c != '\n')) {
			fprintf(out, "\\x%02x", c);
			continue;
		}
		switch (c) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs(attr ? "&quot;" : "\"", out); break;
		case '\'': fputs(attr ? "&apos;" : "'", out); break;
		case '\t': fputs(attr ? "&#9;" : "\t", out); break;
		case '\n': fputs(attr ? "&#10;" : "\n", out); break;
		default: fputc(c, out);
		}
	}
}

static void
xml_json(FILE *out, const json_t *s, bool attr)
{
	xml_put(out, json_string_value(s) ? json_string_value(s) : "",
		json_string_length(s), attr);
}

static void
reason(json_t *lines, enum goelf_sev sev, const char *id, const char *target,
       const char *msg, bool allowed)
{
	struct goelf_buf b;

	goelf_buf_init(&b, 64 * 1024);
	goelf_buf_addf(&b, "%s ", goelf_sev_name(sev));
	goelf_buf_adds(&b, id ? id : "");
	if (target) {
		goelf_buf_adds(&b, " on ");
		goelf_buf_adds(&b, target);
	}
	goelf_buf_adds(&b, ": ");
	goelf_buf_adds(&b, msg ? msg : "");
	if (allowed)
		goelf_buf_adds(&b, " (allowed)");
	json_array_append_new(lines, json_stringn_nocheck(b.buf, b.len));
	goelf_buf_release(&b);
}

/* {name, failed, error, errcode, lines[]}: what `goelf gate` prints of
 * the file, counted warn and fail reasons first. */
static json_t *
testcase(const char *name, const struct goelf_findings *f,
	 const struct goelf_verdict *v, bool failed)
{
	json_t *o = json_object(), *lines = json_array();

	json_object_set_new(o, "name", raw(name));
	json_object_set_new(o, "failed", json_boolean(failed));
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < f->n; i++) {
			const struct goelf_finding *x = &f->v[i];

			if (x->sev == GOELF_SEV_INFO || x->allowed != pass)
				continue;
			reason(lines, x->sev, x->id, NULL, x->message,
			       x->allowed);
		}
		for (size_t t = 0; v && t < v->ntargets; t++) {
			const struct goelf_target_result *tr = &v->targets[t];

			for (size_t j = 0; tr->selected && j < tr->nreasons;
			     j++) {
				const struct goelf_reason *re = &tr->reasons[j];

				if (re->sev == GOELF_SEV_INFO ||
				    re->allowed != pass)
					continue;
				reason(lines, re->sev, re->id, tr->name,
				       re->message, re->allowed);
			}
		}
	}
	json_object_set_new(o, "lines", lines);
	return o;
}

void *
goelf_junit_fragment(const struct goelf_report *r)
{
	json_t *o;

	if (r->err != GOELF_OK) {
		o = json_object();
		json_object_set_new(o, "name", raw(r->path));
		json_object_set_new(o, "error",
				    raw(r->err_message
						? r->err_message
						: goelf_strerror(r->err)));
		json_object_set_new(o, "errcode",
				    json_string(goelf_errcode(r->err)));
		return o;
	}
	return testcase(r->path, &r->findings, &r->verdict, r->verdict.failed);
}

void
goelf_junit_add(struct goelf_doc *d, void *frag)
{
	json_t *o = frag;

	if (d->image) {
		struct goelf_buf b;
		const json_t *n = json_object_get(o, "name");

		goelf_buf_init(&b, 1u << 20);
		goelf_buf_adds(&b, d->image);
		goelf_buf_addc(&b, ':');
		goelf_buf_add(&b, json_string_value(n), json_string_length(n));
		json_object_set_new(o, "name",
				    json_stringn_nocheck(b.buf, b.len));
		goelf_buf_release(&b);
	}
	d->nfiles++;
	if (json_object_get(o, "error"))
		d->nerrors++;
	else if (json_is_true(json_object_get(o, "failed")))
		d->nfailed++;
	json_array_append(d->items, o);
}

void
goelf_junit_image(struct goelf_doc *d, const struct goelf_findings *f,
		  const struct goelf_findings_verdict *v)
{
	json_t *o = testcase(d->image, f, NULL, v->failed);
	char *name = d->image;

	d->image = NULL; /* the image itself: its plain name */
	goelf_junit_add(d, o);
	d->image = name;
	json_decref(o);
}

static void
counts(const struct goelf_doc *d, FILE *out)
{
	fprintf(out, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\"",
		d->nfiles, d->nfailed, d->nerrors);
}

void
goelf_junit_print(const struct goelf_doc *d, FILE *out)
{
	const json_t *o;
	size_t i;

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	fputs("<testsuites name=\"goelf\"", out);
	counts(d, out);
	fputs(">\n  <testsuite name=\"goelf ", out);
	xml_put(out, d->command, strlen(d->command), true);
	fputc('"', out);
	counts(d, out);
	fputs(" skipped=\"0\">\n", out);
	json_array_foreach (d->items, i, o) {
		const json_t *err = json_object_get(o, "error");
		const json_t *lines = json_object_get(o, "lines");
		bool failed = json_is_true(json_object_get(o, "failed"));
		size_t n = json_array_size(lines);

		fputs("    <testcase classname=\"", out);
		xml_put(out, d->command, strlen(d->command), true);
		fputs("\" name=\"", out);
		xml_json(out, json_object_get(o, "name"), true);
		fputc('"', out);
		if (!err && !failed && !n) {
			fputs("/>\n", out);
			continue;
		}
		fputs(">\n", out);
		if (err) {
			fputs("      <error type=\"", out);
			xml_json(out, json_object_get(o, "errcode"), true);
			fputs("\" message=\"", out);
			xml_json(out, err, true);
			fputs("\">", out);
			xml_json(out, err, false);
			fputs("</error>\n", out);
		} else {
			const char *tag = failed ? "failure" : "system-out";

			fprintf(out, "      <%s", tag);
			if (failed) {
				fputs(" type=\"goelf.gate\" message=\"", out);
				if (n)
					xml_json(out, json_array_get(lines, 0),
						 true);
				else
					fputs("failed the gate", out);
				fputc('"', out);
			}
			fputc('>', out);
			for (size_t k = 0; k < n; k++) {
				xml_json(out, json_array_get(lines, k), false);
				fputc('\n', out);
			}
			fprintf(out, "</%s>\n", tag);
		}
		fputs("    </testcase>\n", out);
	}
	fputs("  </testsuite>\n</testsuites>\n", out);
}
