/*
 * render_json.c - one JSON object per file (JSON Lines), built with
 * jansson.  Reads only the report.  Strings from the file may be any
 * bytes: jansson wants UTF-8, so invalid sequences become U+FFFD here and
 * jansson escapes control characters (\u00XX).  Unknown values are null.
 * The schema is docs/report-schema.json.
 */
#include "render/render.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define GOELF_SCHEMA_VERSION 1

static json_t *
jstr(const char *s)
{
	return goelf_json_str(s);
}

static const char *
osabi_name(uint8_t o)
{
	switch (o) {
	case ELFOSABI_NONE: return "SYSV";
	case ELFOSABI_NETBSD: return "NetBSD";
	case ELFOSABI_GNU: return "GNU";
	case ELFOSABI_SOLARIS: return "Solaris";
	case ELFOSABI_FREEBSD: return "FreeBSD";
	case ELFOSABI_OPENBSD: return "OpenBSD";
	case ELFOSABI_ARM: return "ARM";
	case ELFOSABI_STANDALONE: return "Standalone";
	default: return NULL;
	}
}

static json_t *
j_elf(const struct goelf_report *r)
{
	const struct goelf_facts *f = &r->facts;
	const char *o = osabi_name(f->osabi);
	json_t *e = json_object();

	json_object_set_new(e, "class", json_integer(f->elf_class));
	json_object_set_new(
		e, "endian",
		json_string(f->endian == GOELF_BIG ? "big" : "little"));
	json_object_set_new(e, "arch", json_string(r->an.arch));
	json_object_set_new(e, "machine", json_string(r->an.machine));
	json_object_set_new(e, "type", json_string(r->an.type));
	if (o)
		json_object_set_new(e, "osabi", json_string(o));
	else
		json_object_set_new(e, "osabi", json_integer(f->osabi));
	json_object_set_new(e, "os", json_string(r->an.os));
	json_object_set_new(e, "size", json_integer((json_int_t)f->file_size));
	json_object_set_new(e, "section_headers", json_boolean(f->has_shdrs));
	json_object_set_new(e, "debug_only", json_boolean(f->debug_only));
	json_object_set_new(e, "sections",
			    json_integer((json_int_t)f->nsections));
	json_object_set_new(e, "segments",
			    json_integer((json_int_t)f->nsegments));
	return e;
}

static json_t *
j_linking(const struct goelf_report *r)
{
	const struct goelf_facts *f = &r->facts;
	json_t *l = json_object();

	json_object_set_new(l, "kind",
			    json_string(goelf_link_kind_name(r->an.link_kind)));
	json_object_set_new(l, "pie", json_boolean(r->an.is_pie));
	json_object_set_new(l, "interpreter", jstr(f->interp));
	json_object_set_new(l, "needed", goelf_json_list(&f->needed));
	json_object_set_new(l, "rpath", goelf_json_list(&f->rpath));
	json_object_set_new(l, "runpath", goelf_json_list(&f->runpath));
	json_object_set_new(l, "soname", jstr(f->soname));
	json_object_set_new(l, "shared_library", json_boolean(r->an.is_dso));
	json_object_set_new(l, "bind_now", json_boolean(f->has_bind_now));
	json_object_set_new(l, "relro", json_boolean(f->has_relro));
	json_object_set_new(l, "exec_stack",
			    r->an.exec_stack < 0
				    ? json_null()
				    : json_boolean(r->an.exec_stack));
	return l;
}

static json_t *
j_libc(const struct goelf_report *r)
{
	const struct goelf_facts *f = &r->facts;
	json_t *l = json_object(), *vs = json_array();

	json_object_set_new(l, "family",
			    json_string(goelf_libc_name(r->an.libc)));
	json_object_set_new(l, "evidence",
			    goelf_json_list(&r->an.libc_evidence));
	json_object_set_new(l, "min_glibc", jstr(r->an.min_glibc));
	for (size_t i = 0; i < f->nverneed; i++) {
		const struct goelf_verneed *v = &f->verneed[i];
		json_t *o = json_object();

		json_object_set_new(o, "library", jstr(v->library));
		json_object_set_new(o, "version", jstr(v->version));
		json_object_set_new(o, "weak", json_boolean(v->weak));
		json_object_set_new(o, "symbols", goelf_json_list(&v->symbols));
		json_object_set_new(o, "symbols_truncated",
				    json_boolean(v->symbols_truncated));
		json_array_append_new(vs, o);
	}
	json_object_set_new(l, "versions", vs);
	/* The versions this file defines (Verdef), without the BASE entry,
	 * which names the file itself. */
	vs = json_array();
	for (size_t i = 0; i < f->nverdef; i++)
		if (!(f->verdef[i].flags & VER_FLG_BASE))
			json_array_append_new(vs, jstr(f->verdef[i].name));
	json_object_set_new(l, "definitions", vs);
	return l;
}

static json_t *
j_notes(const struct goelf_report *r)
{
	const struct goelf_facts *f = &r->facts;
	json_t *n = json_object();

	json_object_set_new(n, "gnu_build_id", jstr(f->gnu_build_id));
	json_object_set_new(n, "go_build_id", jstr(f->go_build_id));
	if (f->has_abi_tag) {
		json_t *t = json_object();

		json_object_set_new(t, "os", json_integer(f->abi_tag[0]));
		json_object_set_new(t, "kernel",
				    json_sprintf("%u.%u.%u", f->abi_tag[1],
						 f->abi_tag[2], f->abi_tag[3]));
		json_object_set_new(n, "abi_tag", t);
	} else {
		json_object_set_new(n, "abi_tag", json_null());
	}
	return n;
}

static json_t *
j_dep(const struct goelf_godep *d, bool replace)
{
	json_t *o = json_object();

	json_object_set_new(o, "path", jstr(replace ? d->rpath : d->path));
	json_object_set_new(o, "version",
			    jstr(replace ? d->rversion : d->version));
	json_object_set_new(o, "sum", jstr(replace ? d->rsum : d->sum));
	if (!replace)
		json_object_set_new(o, "replace",
				    d->has_replace ? j_dep(d, true)
						   : json_null());
	return o;
}

static json_t *
j_go(const struct goelf_report *r)
{
	const struct goelf_gofacts *g = &r->facts.go;
	const struct goelf_analysis *an = &r->an;
	json_t *o, *deps, *set, *p;

	if (!an->is_go)
		return json_null();
	o = json_object();
	json_object_set_new(o, "version", jstr(an->go_version));
	json_object_set_new(o, "version_source", jstr(an->go_version_source));
	json_object_set_new(o, "buildinfo_format", jstr(g->bi_format));
	json_object_set_new(o, "path",
			    jstr(g->modinfo_ok ? g->mod.path : NULL));
	json_object_set_new(o, "main",
			    g->modinfo_ok && g->mod.has_main
				    ? j_dep(&g->mod.main, false)
				    : json_null());
	deps = json_array();
	set = json_object();
	for (size_t i = 0; g->modinfo_ok && i < g->mod.ndeps; i++)
		json_array_append_new(deps, j_dep(&g->mod.deps[i], false));
	for (size_t i = 0; g->modinfo_ok && i < g->mod.nsettings; i++) {
		json_t *v = jstr(g->mod.settings[i].value);
		json_t *k = jstr(g->mod.settings[i].key);

		json_object_set_new(set, json_string_value(k), v);
		json_decref(k);
	}
	json_object_set_new(o, "deps", deps);
	json_object_set_new(o, "settings", set);
	json_object_set_new(o, "build_id", jstr(r->facts.go_build_id));
	json_object_set_new(o, "gnu_build_id", jstr(r->facts.gnu_build_id));
	if (g->has_pclntab) {
		p = json_object();
		json_object_set_new(p, "magic",
				    json_sprintf("%#x", g->pclntab_magic));
		json_object_set_new(p, "version_range",
				    jstr(an->pclntab_range));
		json_object_set_new(p, "where", jstr(g->pclntab_where));
		json_object_set_new(p, "functions",
				    json_integer((json_int_t)g->nfunc));
		json_object_set_new(o, "pclntab", p);
	} else {
		json_object_set_new(o, "pclntab", json_null());
	}
	json_object_set_new(o, "cgo",
			    an->cgo < 0 ? json_null() : json_boolean(an->cgo));
	json_object_set_new(o, "cgo_evidence",
			    goelf_json_list(&an->cgo_evidence));
	return o;
}

static json_t *
j_findings(const struct goelf_report *r)
{
	json_t *a = json_array();

	for (size_t i = 0; i < r->findings.n; i++) {
		const struct goelf_finding *x = &r->findings.v[i];
		json_t *o = json_object();

		json_object_set_new(o, "id", jstr(x->id));
		json_object_set_new(o, "severity",
				    json_string(goelf_sev_name(x->sev)));
		json_object_set_new(o, "message", jstr(x->message));
		json_object_set_new(o, "evidence",
				    goelf_json_list(&x->evidence));
		json_object_set_new(o, "allowed", json_boolean(x->allowed));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
j_tristate(int v)
{
	return v < 0 ? json_null() : json_boolean(v);
}

static json_t *
j_hardening(const struct goelf_report *r)
{
	json_t *h = json_object();

	json_object_set_new(h, "pie", json_boolean(r->an.is_pie));
	json_object_set_new(h, "relro", jstr(r->an.relro));
	json_object_set_new(h, "bind_now", json_boolean(r->facts.has_bind_now));
	json_object_set_new(h, "nx_stack", json_boolean(r->an.nx_stack));
	json_object_set_new(h, "stack_canary", j_tristate(r->an.canary));
	json_object_set_new(h, "fortify", j_tristate(r->an.fortify));
	return h;
}

static json_t *
j_verdict(const struct goelf_report *r)
{
	const struct goelf_verdict *v = &r->verdict;
	json_t *o, *targets, *runs, *warns, *fails;
	bool any_selected = v->targets_selected;

	if (!v->computed)
		return json_null();
	o = json_object();
	json_object_set_new(o, "status",
			    json_string(goelf_status_name(v->status)));
	json_object_set_new(o, "gate_failed", json_boolean(v->failed));
	json_object_set_new(o, "targets_selected", json_boolean(any_selected));
	runs = json_array();
	warns = json_array();
	fails = json_array();
	targets = json_object();
	for (size_t i = 0; i < v->ntargets; i++) {
		const struct goelf_target_result *t = &v->targets[i];
		json_t *to, *rs;

		if (any_selected && !t->selected)
			continue;
		to = json_object();
		rs = json_array();
		json_object_set_new(
			to, "status",
			json_string(t->status == GOELF_SEV_INFO
					    ? "ok"
					    : goelf_sev_name(t->status)));
		for (size_t j = 0; j < t->nreasons; j++) {
			json_t *ro = json_object();

			json_object_set_new(ro, "id", jstr(t->reasons[j].id));
			json_object_set_new(
				ro, "severity",
				json_string(goelf_sev_name(t->reasons[j].sev)));
			json_object_set_new(ro, "message",
					    jstr(t->reasons[j].message));
			json_object_set_new(
				ro, "allowed",
				json_boolean(t->reasons[j].allowed));
			json_array_append_new(rs, ro);
		}
		json_object_set_new(to, "reasons", rs);
		if (t->source)
			json_object_set_new(to, "source",
					    goelf_json_str(t->source));
		json_object_set_new(targets, t->name, to);
		json_array_append_new(t->status == GOELF_SEV_FAIL   ? fails
				      : t->status == GOELF_SEV_WARN ? warns
								    : runs,
				      json_string(t->name));
	}
	json_object_set_new(o, "targets", targets);
	json_object_set_new(o, "runs_on", runs);
	json_object_set_new(o, "warns_on", warns);
	json_object_set_new(o, "fails_on", fails);
	return o;
}

void *
goelf_report_to_json(const struct goelf_report *r)
{
	json_t *o = json_object();

	json_object_set_new(o, "schema_version",
			    json_integer(GOELF_SCHEMA_VERSION));
	goelf_json_set_path(o, r->path);
	if (r->err != GOELF_OK) {
		json_t *e = json_object();

		json_object_set_new(e, "code",
				    json_string(goelf_errcode(r->err)));
		json_object_set_new(e, "message", jstr(r->err_message));
		json_object_set_new(o, "error", e);
	} else {
		json_object_set_new(o, "error", json_null());
		json_object_set_new(o, "elf", j_elf(r));
		json_object_set_new(o, "linking", j_linking(r));
		json_object_set_new(o, "libc", j_libc(r));
		json_object_set_new(o, "notes", j_notes(r));
		json_object_set_new(o, "is_go", json_boolean(r->an.is_go));
		json_object_set_new(o, "go", j_go(r));
		json_object_set_new(o, "debug", goelf_json_debug(r));
		json_object_set_new(o, "hardening", j_hardening(r));
		json_object_set_new(o, "findings", j_findings(r));
		json_object_set_new(o, "verdict", j_verdict(r));
		json_object_set_new(o, "size", goelf_json_size(r));
		if (r->runtime.judged)
			json_object_set_new(o, "runtime",
					    goelf_json_runtime(r));
	}
	return o;
}

/* Empties array key of object o (when it has entries) and sets flag to
 * value: the list was left out, not empty. */
static void
leave_out(json_t *o, const char *key, const char *flag, bool value)
{
	json_t *a = json_object_get(o, key);

	if (!json_is_array(a) || !json_array_size(a))
		return;
	json_array_clear(a);
	json_object_set_new(o, flag, json_boolean(value));
}

/*
 * --compact (dashboards, scans of whole trees): the per-section and
 * per-package lists of "size" and "debug" and the per-symbol lists of
 * the symbol versions are left out, with their *_listed_all (or
 * symbols_truncated) flags saying so; every total, class, finding,
 * target and Go module stays.
 */
void
goelf_json_compact(void *report)
{
	json_t *o = report, *vs, *v, *vd;
	size_t i;

	if (!json_is_object(o) || !json_is_null(json_object_get(o, "error")))
		return;
	json_object_set_new(o, "compact", json_true());
	leave_out(json_object_get(o, "size"), "sections", "sections_listed_all",
		  false);
	leave_out(json_object_get(o, "size"), "packages", "packages_listed_all",
		  false);
	leave_out(json_object_get(o, "debug"), "sections",
		  "sections_listed_all", false);
	vs = json_object_get(json_object_get(o, "libc"), "versions");
	json_array_foreach (vs, i, v)
		leave_out(v, "symbols", "symbols_truncated", true);
	/* With no target selected the table is information, summed up in
	 * runs_on / warns_on / fails_on: its reasons go; the statuses stay.
	 * Selected targets keep every reason. */
	vd = json_object_get(o, "verdict");
	if (json_is_false(json_object_get(vd, "targets_selected"))) {
		const char *name;

		json_object_foreach (json_object_get(vd, "targets"), name, v)
			json_array_clear(json_object_get(v, "reasons"));
	}
}

void
goelf_render_json_opts(const struct goelf_report *r,
		       const struct goelf_render_opts *opts, FILE *out)
{
	goelf_render_json_ref(r, opts, NULL, out);
}

char *
goelf_render_json_line(const struct goelf_report *r,
		       const struct goelf_render_opts *opts,
		       const char *image_ref)
{
	bool arena = goelf_json_arena_begin();
	json_t *o = goelf_report_to_json(r);
	char *s;

	if (opts && opts->compact)
		goelf_json_compact(o);
	if (image_ref)
		json_object_set_new(o, "image_ref", goelf_json_str(image_ref));
	s = goelf_json_dumps(o, "\n");
	json_decref(o);
	goelf_json_arena_end(arena);
	return s;
}

void
goelf_render_json_ref(const struct goelf_report *r,
		      const struct goelf_render_opts *opts,
		      const char *image_ref, FILE *out)
{
	char *s = goelf_render_json_line(r, opts, image_ref);

	if (s) {
		fputs(s, out);
		free(s);
	}
}

void
goelf_render_json(const struct goelf_report *r, FILE *out)
{
	goelf_render_json_opts(r, NULL, out);
}
