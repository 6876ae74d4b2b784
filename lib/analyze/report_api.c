/*
 * analyze/report_api.c - the report handle of the public API (goelf.h):
 * a heap report from the pipeline and read-only accessors, so a program
 * (and cli/) never sees struct goelf_report.
 */
#include "analyze/analyze.h"

#include <stdlib.h>

struct goelf_report *
goelf_report_open(const char *path, const struct goelf_load_options *o)
{
	struct goelf_report *r = goelf_xcalloc(1, sizeof(*r));
	struct goelf_opts lo = { 0 };

	if (o) {
		lo.dwarf = o->dwarf;
		lo.sha256 = o->sha256;
		lo.buildinfo_only = o->buildinfo_only;
		lo.funcs = o->sizes;
	}
	goelf_report_file_opts(path, &lo, r);
	return r;
}

void
goelf_report_free(struct goelf_report *r)
{
	if (!r)
		return;
	goelf_report_release(r);
	free(r);
}

const char *
goelf_report_path(const struct goelf_report *r)
{
	return r->path;
}

enum goelf_err
goelf_report_error(const struct goelf_report *r)
{
	return r->err;
}

const char *
goelf_report_error_message(const struct goelf_report *r)
{
	return r->err == GOELF_OK ? NULL : r->err_message;
}

const char *
goelf_report_arch(const struct goelf_report *r)
{
	return r->an.arch ? r->an.arch : "unknown";
}

enum goelf_link_kind
goelf_report_link_kind(const struct goelf_report *r)
{
	return r->an.link_kind;
}

enum goelf_libc
goelf_report_libc(const struct goelf_report *r)
{
	return r->an.libc;
}

const char *
goelf_report_min_glibc(const struct goelf_report *r)
{
	return r->an.min_glibc;
}

bool
goelf_report_is_go(const struct goelf_report *r)
{
	return r->an.is_go;
}

const char *
goelf_report_go_version(const struct goelf_report *r)
{
	return r->an.go_version;
}

enum goelf_buildinfo
goelf_report_buildinfo(const struct goelf_report *r)
{
	if (r->err != GOELF_OK)
		return GOELF_BUILDINFO_ABSENT;
	if (!r->facts.go.has_buildinfo) {
		if (r->facts.go.go_read == GOELF_GO_READ_EOF)
			return GOELF_BUILDINFO_PAST_EOF;
		if (r->facts.go.go_read == GOELF_GO_READ_UNMAPPED)
			return GOELF_BUILDINFO_UNMAPPED;
		return GOELF_BUILDINFO_ABSENT;
	}
	return r->facts.go.modinfo_ok ? GOELF_BUILDINFO_OK
				      : GOELF_BUILDINFO_MALFORMED;
}

size_t
goelf_report_finding_count(const struct goelf_report *r)
{
	return r->findings.n;
}

const char *
goelf_report_finding_id(const struct goelf_report *r, size_t i)
{
	return i < r->findings.n ? r->findings.v[i].id : NULL;
}

enum goelf_sev
goelf_report_finding_sev(const struct goelf_report *r, size_t i)
{
	return i < r->findings.n ? r->findings.v[i].sev : GOELF_SEV_INFO;
}

const char *
goelf_report_finding_message(const struct goelf_report *r, size_t i)
{
	return i < r->findings.n ? r->findings.v[i].message : NULL;
}

bool
goelf_report_finding_allowed(const struct goelf_report *r, size_t i)
{
	return i < r->findings.n && r->findings.v[i].allowed;
}

enum goelf_sev
goelf_report_status(const struct goelf_report *r)
{
	return r->verdict.computed ? r->verdict.status : GOELF_SEV_INFO;
}

bool
goelf_report_failed(const struct goelf_report *r)
{
	return r->verdict.computed && r->verdict.failed;
}
