/*
 * render_text.c - the report for people: aligned "label  value" lines.
 * Reads only the report.  Strings that came from the file go through
 * goelf_text_escape() (\xNN for control and non-ASCII bytes) so a hostile
 * binary cannot send terminal escapes.  Colour only when the caller asks (a TTY, no NO_COLOR).
 */
#include "render/render.h"

#include <string.h>

#define LABEL_WIDTH 13

struct out {
	FILE *f;
	bool color;
};

static void
color(struct out *o, const char *code)
{
	if (o->color)
		fprintf(o->f, "\033[%sm", code);
}

static void
label(struct out *o, int indent, const char *l)
{
	fprintf(o->f, "%*s", indent, "");
	color(o, "1");
	fprintf(o->f, "%-*s", LABEL_WIDTH, l);
	color(o, "0");
	fputc(' ', o->f);
}

static void
line_list(struct out *o, const char *l, const struct goelf_strlist *v)
{
	if (!v->n)
		return;
	label(o, 2, l);
	for (size_t i = 0; i < v->n; i++) {
		if (i)
			fputs(", ", o->f);
		goelf_text_escape(o->f, v->v[i]);
	}
	fputc('\n', o->f);
}

static void
sev_color(struct out *o, enum goelf_sev s)
{
	color(o, s == GOELF_SEV_FAIL   ? "31"
		 : s == GOELF_SEV_WARN ? "33"
				       : "36");
}

static void
versions(struct out *o, const struct goelf_facts *f)
{
	if (!f->nverneed)
		return;
	label(o, 2, "Versions");
	fputc('\n', o->f);
	for (size_t i = 0; i < f->nverneed; i++) {
		const struct goelf_verneed *v = &f->verneed[i];

		fputs("    ", o->f);
		goelf_text_escape(o->f, v->library);
		fputc(' ', o->f);
		goelf_text_escape(o->f, v->version);
		if (v->weak)
			fputs(" (weak)", o->f);
		if (v->symbols.n)
			fputs(": ", o->f);
		for (size_t j = 0; j < v->symbols.n; j++) {
			if (j)
				fputs(", ", o->f);
			goelf_text_escape(o->f, v->symbols.v[j]);
		}
		if (v->symbols_truncated)
			fputs(", ...", o->f);
		fputc('\n', o->f);
	}
}

/* A hardening answer: yes, no, n/a (pure Go) or unknown (stripped). */
static const char *
hard_word(int v)
{
	return v == GOELF_HARD_NA	 ? "n/a"
	       : v == GOELF_HARD_UNKNOWN ? "unknown"
	       : v			 ? "yes"
					 : "no";
}

static const char *
target_status(enum goelf_sev s)
{
	return s == GOELF_SEV_INFO ? "ok" : goelf_sev_name(s);
}

/* The family of a target name: "alpine-3.20" -> "alpine", a name
 * without a version suffix is its own family.  Returns the length. */
static size_t
family_len(const char *name)
{
	const char *dash = strrchr(name, '-');

	if (dash && dash[1] >= '0' && dash[1] <= '9')
		return (size_t)(dash - name);
	return strlen(name);
}

static bool
same_family(const char *a, const char *b)
{
	size_t n = family_len(a);

	return n == family_len(b) && !strncmp(a, b, n);
}

/* The shown targets with status s, compact: a family whose every shown
 * member has s prints as "alpine-*", "every target" when all do. */
static void
answer_list(struct out *o, const struct goelf_verdict *v, enum goelf_sev s)
{
	size_t n = 0, k = 0;

	for (size_t i = 0; i < v->ntargets; i++)
		n += v->targets[i].status == s;
	if (!n) {
		fputs("none", o->f);
		return;
	}
	if (n == v->ntargets) {
		fputs("every target", o->f);
		return;
	}
	for (size_t i = 0; i < v->ntargets; i++) {
		const struct goelf_target_result *t = &v->targets[i];
		bool whole = true, first = true, multi = false;

		if (t->status != s)
			continue;
		for (size_t j = 0; j < v->ntargets; j++) {
			if (!same_family(t->name, v->targets[j].name))
				continue;
			if (j < i && v->targets[j].status == s)
				first = false;
			if (j != i)
				multi = true;
			if (v->targets[j].status != s)
				whole = false;
		}
		if (whole && multi && !first)
			continue;
		fputs(k++ ? ", " : "", o->f);
		if (whole && multi) {
			fprintf(o->f, "%.*s-*", (int)family_len(t->name),
				t->name);
		} else {
			goelf_text_escape(o->f, t->name);
		}
	}
}

/* The one-line answer over every target when none is selected. */
static void
answer(struct out *o, const struct goelf_verdict *v)
{
	bool warns = false;

	for (size_t i = 0; i < v->ntargets; i++)
		warns |= v->targets[i].status == GOELF_SEV_WARN;
	fputs("runs on: ", o->f);
	answer_list(o, v, GOELF_SEV_INFO);
	if (warns) {
		fputs("; warns on: ", o->f);
		answer_list(o, v, GOELF_SEV_WARN);
	}
	fputs("; fails on: ", o->f);
	answer_list(o, v, GOELF_SEV_FAIL);
}

/* One reason of a target: the first goes on the status line, the
 * others on lines of their own; a reason whose severity is not the
 * target's says so, an informational one is "unconfirmed". */
static void
target_reason(struct out *o, const struct goelf_target_result *t,
	      const struct goelf_reason *re, bool first)
{
	if (first)
		fputs("  ", o->f);
	else
		fprintf(o->f, "%*s", 4 + 22 + 1 + 4 + 2, "");
	if (re->allowed)
		fputs("allowed: ", o->f);
	else if (re->sev == GOELF_SEV_INFO)
		fputs("unconfirmed: ", o->f);
	else if (re->sev != t->status)
		fprintf(o->f, "%s: ", goelf_sev_name(re->sev));
	goelf_text_escape(o->f, re->message);
	fputc('\n', o->f);
}

static void
verdict(struct out *o, const struct goelf_report *r)
{
	const struct goelf_verdict *v = &r->verdict;

	if (!v->computed)
		return;
	label(o, 2, "Targets");
	if (!v->targets_selected)
		answer(o, v);
	fputc('\n', o->f);
	for (size_t i = 0; i < v->ntargets; i++) {
		const struct goelf_target_result *t = &v->targets[i];
		size_t lead = t->nreasons;

		if (v->targets_selected && !t->selected)
			continue;
		/* the reason that decided the status leads */
		for (size_t j = 0; j < t->nreasons && lead == t->nreasons; j++)
			if (t->reasons[j].sev == t->status &&
			    !t->reasons[j].allowed)
				lead = j;
		if (lead == t->nreasons)
			lead = 0;
		fprintf(o->f, "    %-22s ", t->name);
		sev_color(o, t->status);
		fprintf(o->f, "%-4s", target_status(t->status));
		color(o, "0");
		if (!t->nreasons)
			fputc('\n', o->f);
		else
			target_reason(o, t, &t->reasons[lead], true);
		for (size_t j = 0; j < t->nreasons; j++)
			if (j != lead)
				target_reason(o, t, &t->reasons[j], false);
	}
	label(o, 2, "Verdict");
	sev_color(o, v->status);
	fputs(goelf_status_name(v->status), o->f);
	color(o, "0");
	if (!v->targets_selected)
		fputs(" (findings only; no target selected)", o->f);
	fputc('\n', o->f);
}

static void
go_section(struct out *o, const struct goelf_report *r)
{
	const struct goelf_gofacts *g = &r->facts.go;
	const struct goelf_analysis *an = &r->an;

	if (!an->is_go)
		return;
	label(o, 2, "Go");
	if (an->go_version) {
		goelf_text_escape(o->f, an->go_version);
		fprintf(o->f, " (from %s)", an->go_version_source);
	} else {
		fputs("version unknown", o->f);
	}
	fputc('\n', o->f);
	if (g->modinfo_ok && g->mod.path) {
		label(o, 2, "Module path");
		goelf_text_escape(o->f, g->mod.path);
		fputc('\n', o->f);
	}
	if (g->modinfo_ok && g->mod.ndeps) {
		label(o, 2, "Deps");
		fprintf(o->f, "%zu modules\n", g->mod.ndeps);
	}
	for (size_t i = 0; g->modinfo_ok && i < g->mod.nsettings; i++) {
		label(o, 2, i ? "" : "Build");
		goelf_text_escape(o->f, g->mod.settings[i].key);
		fputc('=', o->f);
		goelf_text_escape(o->f, g->mod.settings[i].value);
		fputc('\n', o->f);
	}
	if (g->has_pclntab) {
		label(o, 2, "pclntab");
		fprintf(o->f, "magic %#x (%s), %llu functions, in %s\n",
			g->pclntab_magic,
			an->pclntab_range ? an->pclntab_range : "unknown",
			(unsigned long long)g->nfunc, g->pclntab_where);
	}
	label(o, 2, "cgo");
	fputs(an->cgo < 0 ? "unknown" : an->cgo ? "yes" : "no", o->f);
	fputc('\n', o->f);
	for (size_t i = 0; i < an->cgo_evidence.n; i++) {
		fprintf(o->f, "%*s", 2 + LABEL_WIDTH + 1, "");
		goelf_text_escape(o->f, an->cgo_evidence.v[i]);
		fputc('\n', o->f);
	}
}

void
goelf_render_text(const struct goelf_report *r,
		  const struct goelf_render_opts *opts, FILE *fp)
{
	struct out o = { fp, opts && opts->color };
	const struct goelf_facts *f = &r->facts;
	const struct goelf_analysis *an = &r->an;

	if (r->err != GOELF_OK)
		return;
	color(&o, "1");
	goelf_text_escape(o.f, r->path);
	color(&o, "0");
	fprintf(fp, ": ELF %d-bit %s %s, %s (%s), %s%s\n", f->elf_class,
		f->endian == GOELF_BIG ? "MSB" : "LSB", an->type, an->arch,
		an->machine, an->os, an->is_go ? ", Go" : "");
	label(&o, 2, "Linking");
	fprintf(fp, "%s%s\n", goelf_link_kind_name(an->link_kind),
		an->is_pie ? ", PIE" : "");
	if (f->interp) {
		label(&o, 2, "Interpreter");
		goelf_text_escape(o.f, f->interp);
		fputc('\n', fp);
	}
	line_list(&o, "Needed", &f->needed);
	line_list(&o, "RPATH", &f->rpath);
	line_list(&o, "RUNPATH", &f->runpath);
	if (f->soname) {
		label(&o, 2, "SONAME");
		goelf_text_escape(o.f, f->soname);
		fputc('\n', fp);
	}
	label(&o, 2, "libc");
	fputs(goelf_libc_name(an->libc), fp);
	if (an->min_glibc)
		fprintf(fp, ", needs glibc >= %s", an->min_glibc);
	fputc('\n', fp);
	for (size_t i = 0; i < an->libc_evidence.n; i++) {
		fprintf(fp, "%*s", 2 + LABEL_WIDTH + 1, "");
		goelf_text_escape(o.f, an->libc_evidence.v[i]);
		fputc('\n', fp);
	}
	versions(&o, f);
	label(&o, 2, "Hardening");
	if (f->debug_only)
		fputs("n/a (a separate debug-information file)\n", fp);
	else
		fprintf(fp,
			"PIE %s, RELRO %s, BIND_NOW %s, NX stack %s, canary "
			"%s, FORTIFY %s\n",
			an->is_dso   ? "DSO"
			: an->is_pie ? "yes"
				     : "no",
			an->relro ? an->relro : "n/a",
			f->has_bind_now ? "yes" : "no",
			an->nx_stack ? "yes" : "no", hard_word(an->canary),
			hard_word(an->fortify));
	go_section(&o, r);
	if (f->gnu_build_id) {
		label(&o, 2, "GNU build-id");
		goelf_text_escape(o.f, f->gnu_build_id);
		fputc('\n', fp);
	}
	if (f->go_build_id) {
		label(&o, 2, "Go build ID");
		goelf_text_escape(o.f, f->go_build_id);
		fputc('\n', fp);
	}
	goelf_text_debug(r, fp);
	if (r->findings.n) {
		label(&o, 2, "Findings");
		fputc('\n', fp);
	}
	for (size_t i = 0; i < r->findings.n; i++) {
		const struct goelf_finding *x = &r->findings.v[i];

		fputs("    ", fp);
		sev_color(&o, x->sev);
		fprintf(fp, "%-4s", goelf_sev_name(x->sev));
		color(&o, "0");
		fputc(' ', fp);
		goelf_text_escape(o.f, x->id);
		fputs(": ", fp);
		goelf_text_escape(o.f, x->message);
		if (x->allowed)
			fputs(" (allowed)", fp);
		fputc('\n', fp);
	}
	goelf_text_runtime(r, opts && opts->tree, fp);
	verdict(&o, r);
}
