/*
 * render_gate.c - the text block `goelf gate` prints per file: a status
 * line, then every finding and every selected target's reason that is
 * not informational; allowlisted ones stay visible, marked "(allowed)",
 * and do not count.  Reads only the report; every string goes through
 * goelf_text_escape().
 */
#include "render/render.h"

static void
color(FILE *out, bool on, const char *code)
{
	if (on)
		fprintf(out, "\033[%sm", code);
}

void
goelf_render_gate(const struct goelf_report *r,
		  const struct goelf_render_opts *o, FILE *out)
{
	const struct goelf_verdict *v = &r->verdict;
	bool c = o && o->color;
	const char *st = v->failed		       ? "FAIL"
			 : v->status == GOELF_SEV_WARN ? "WARN"
						       : "PASS";

	if (o && o->quiet && !v->failed)
		return;
	color(out, c,
	      v->failed			    ? "31"
	      : v->status == GOELF_SEV_WARN ? "33"
					    : "32");
	fputs(st, out);
	color(out, c, "0");
	fputc(' ', out);
	goelf_text_escape(out, r->path);
	fputc('\n', out);
	for (size_t i = 0; i < r->findings.n; i++) {
		const struct goelf_finding *x = &r->findings.v[i];

		if (x->sev == GOELF_SEV_INFO)
			continue;
		fprintf(out, "  %-4s ", goelf_sev_name(x->sev));
		goelf_text_escape(out, x->id);
		fputs(": ", out);
		goelf_text_escape(out, x->message);
		if (x->allowed)
			fputs(" (allowed)", out);
		fputc('\n', out);
	}
	for (size_t t = 0; t < v->ntargets; t++) {
		const struct goelf_target_result *tr = &v->targets[t];

		if (!tr->selected)
			continue;
		for (size_t j = 0; j < tr->nreasons; j++) {
			const struct goelf_reason *re = &tr->reasons[j];

			if (re->sev == GOELF_SEV_INFO)
				continue;
			fprintf(out, "  %-4s ", goelf_sev_name(re->sev));
			goelf_text_escape(out, re->id);
			fputs(" on ", out);
			goelf_text_escape(out, tr->name);
			fputs(": ", out);
			goelf_text_escape(out, re->message);
			if (re->allowed)
				fputs(" (allowed)", out);
			fputc('\n', out);
		}
	}
}
