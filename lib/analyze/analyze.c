/*
 * analyze.c - runs the analyzers in order over one file's facts, and the
 * whole load -> analyze pipeline for a report.
 */
#include "analyze/analyze.h"

#include <stdlib.h>
#include <string.h>

static const char *const err_names[] = {
	[GOELF_OK] = "ok",
	[GOELF_E_IO] = "io",
	[GOELF_E_NOT_ELF] = "not_elf",
	[GOELF_E_MALFORMED] = "malformed",
	[GOELF_E_UNSUPPORTED] = "unsupported",
	[GOELF_E_NOMEM] = "nomem",
	[GOELF_E_NOT_REGULAR] = "not_regular",
	[GOELF_E_TRUNCATED] = "truncated",
};

static const char *const err_text[] = {
	[GOELF_OK] = "success",
	[GOELF_E_IO] = "cannot read the file",
	[GOELF_E_NOT_ELF] = "not an ELF file",
	[GOELF_E_MALFORMED] = "malformed ELF file",
	[GOELF_E_UNSUPPORTED] = "unsupported ELF file",
	[GOELF_E_NOMEM] = "out of memory",
	[GOELF_E_NOT_REGULAR] = "not a regular file",
	[GOELF_E_TRUNCATED] = "truncated ELF file",
};

const char *
goelf_errcode(enum goelf_err e)
{
	if ((size_t)e < ARRAY_SIZE(err_names) && err_names[e])
		return err_names[e];
	return "unknown";
}

const char *
goelf_strerror(enum goelf_err e)
{
	if ((size_t)e < ARRAY_SIZE(err_text) && err_text[e])
		return err_text[e];
	return "unknown error";
}

/* Load issues become findings, so output says what is partial. */
static void
issues_to_findings(const struct goelf_facts *f, struct goelf_findings *out)
{
	for (size_t i = 0; i < f->nissues; i++) {
		struct goelf_finding *x;

		if (f->issues[i].limit)
			x = goelf_findings_add(
				out, "input.limit_reached", GOELF_SEV_WARN,
				"%s: %s; the output is partial",
				f->issues[i].what, f->issues[i].message);
		else
			x = goelf_findings_add(
				out, "input.malformed", GOELF_SEV_WARN,
				"malformed %s: %s; this part of the report is "
				"incomplete",
				f->issues[i].what, f->issues[i].message);
		goelf_finding_evidence(x, "part=%s", f->issues[i].what);
	}
	if (f->dwarf.truncated)
		goelf_findings_add(out, "input.limit_reached", GOELF_SEV_WARN,
				   "DWARF summary: a compile-unit, entry or "
				   "path cap was reached; the output is "
				   "partial");
	if (f->issues_truncated)
		goelf_findings_add(out, "input.malformed", GOELF_SEV_WARN,
				   "more than %u malformed-input records; the "
				   "rest are not listed",
				   GOELF_MAX_ISSUES);
}

void
goelf_analyze(const struct goelf_facts *f, struct goelf_analysis *an,
	      struct goelf_findings *findings)
{
	/* Stage 1: from the facts alone. */
	goelf_an_identity(f, an);
	goelf_an_linkage(f, an);
	goelf_an_glibc(f, an);
	/* Stage 2: each analyzer gets what it depends on as arguments. */
	goelf_an_libc(f, an->is_go, an);
	goelf_an_go(f, an->is_go, an);
	goelf_an_static_nss(f, an->libc, an->link_kind, an->go_funcs, an);
	goelf_an_hardening(f, an->is_go, an->cgo, an);
	goelf_an_size(f, an->libc, an);
	/* Stage 3: findings read the finished analysis (const). */
	goelf_an_findings(f, an, findings);
	issues_to_findings(f, findings);
	goelf_an_debug(f, an, findings);
	goelf_findings_sort(findings);
}

void
goelf_analysis_release(struct goelf_analysis *an)
{
	goelf_strlist_release(&an->libc_evidence);
	goelf_strlist_release(&an->static_glibc_nss);
	free(an->min_glibc);
	free(an->go_version);
	goelf_strlist_release(&an->cgo_evidence);
	goelf_an_debug_release(an);
	goelf_an_size_release(an);
	memset(an, 0, sizeof(*an));
}

static enum goelf_err
finish(struct goelf_report *r, enum goelf_err e, struct goelf_buf *err)
{
	r->err = e;
	if (e != GOELF_OK) {
		r->err_message = goelf_buf_detach(err);
		return e;
	}
	goelf_buf_release(err);
	if (!r->facts.opts.buildinfo_only)
		goelf_analyze(&r->facts, &r->an, &r->findings);
	return e;
}

enum goelf_err
goelf_report_file_opts(const char *path, const struct goelf_opts *opts,
		       struct goelf_report *r)
{
	struct goelf_buf err;

	memset(r, 0, sizeof(*r));
	r->path = goelf_xstrdup(path);
	goelf_buf_init(&err, 1024);
	return finish(r, goelf_load_file_opts(path, opts, &r->facts, &err),
		      &err);
}

enum goelf_err
goelf_report_fd_opts(int fd, const char *name, const struct goelf_opts *opts,
		     struct goelf_report *r)
{
	struct goelf_buf err;

	memset(r, 0, sizeof(*r));
	r->path = goelf_xstrdup(name ? name : "<fd>");
	goelf_buf_init(&err, 1024);
	return finish(r, goelf_load_fd_opts(fd, name, opts, &r->facts, &err),
		      &err);
}

enum goelf_err
goelf_report_file(const char *path, struct goelf_report *r)
{
	return goelf_report_file_opts(path, NULL, r);
}

enum goelf_err
goelf_report_buffer_opts(const void *data, size_t size, const char *name,
			 const struct goelf_opts *opts, struct goelf_report *r)
{
	struct goelf_buf err;

	memset(r, 0, sizeof(*r));
	r->path = goelf_xstrdup(name ? name : "<buffer>");
	goelf_buf_init(&err, 1024);
	return finish(
		r,
		goelf_load_buffer_opts(data, size, name, opts, &r->facts, &err),
		&err);
}

enum goelf_err
goelf_report_buffer(const void *data, size_t size, const char *name,
		    struct goelf_report *r)
{
	return goelf_report_buffer_opts(data, size, name, NULL, r);
}

void
goelf_verdict_release(struct goelf_verdict *v)
{
	for (size_t i = 0; i < v->ntargets; i++) {
		for (size_t j = 0; j < v->targets[i].nreasons; j++) {
			free(v->targets[i].reasons[j].id);
			free(v->targets[i].reasons[j].message);
		}
		free(v->targets[i].reasons);
	}
	free(v->targets);
	memset(v, 0, sizeof(*v));
}

void
goelf_report_release(struct goelf_report *r)
{
	free(r->path);
	free(r->err_message);
	goelf_facts_release(&r->facts);
	goelf_analysis_release(&r->an);
	goelf_findings_release(&r->findings);
	goelf_verdict_release(&r->verdict);
	goelf_runtime_release(&r->runtime);
	memset(r, 0, sizeof(*r));
}

void
goelf_runtime_release(struct goelf_runtime *rt)
{
	free(rt->image);
	free(rt->at);
	free(rt->interp);
	free(rt->user);
	for (size_t i = 0; i < rt->nnodes; i++) {
		free(rt->nodes[i].name);
		free(rt->nodes[i].path);
		free(rt->nodes[i].error);
	}
	free(rt->nodes);
	for (size_t i = 0; i < rt->nproblems; i++) {
		free(rt->problems[i].id);
		free(rt->problems[i].message);
	}
	free(rt->problems);
	free(rt->ca_certs.path);
	free(rt->zoneinfo.path);
	free(rt->nsswitch.path);
	free(rt->passwd.path);
	free(rt->tmp.path);
	memset(rt, 0, sizeof(*rt));
}
