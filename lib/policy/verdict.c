/*
 * verdict.c - findings + policy -> one verdict per file: the status of
 * every target image, policy findings, allowlists, and whether the file
 * fails the gate.  The text report, JSON, SARIF and the exit code all
 * read this one result, so they can never disagree.
 *
 * Status: the worst severity among findings and selected targets that no
 * allowlist entry covers (info = pass).  The gate fails when that status
 * reaches fail-on (default fail).  Targets count only when selected
 * (policy `targets` or --targets); otherwise they are reported for
 * information, and the verdict is the findings' alone.  A platform
 * (--platform, the policy's arch) is checked even then: with no target
 * selected a wrong architecture is the finding policy.arch_mismatch.
 */
#include "policy/policy.h"

#include <fnmatch.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* The loader path each glibc port installs (gcc/glibc defaults), by
 * GOARCH; Debian/Ubuntu/RHEL images all use these. */
static const struct {
	const char *arch, *glibc, *musl;
} loaders[] = {
	{ "amd64", "/lib64/ld-linux-x86-64.so.2", "/lib/ld-musl-x86_64.so.1" },
	{ "386", "/lib/ld-linux.so.2", "/lib/ld-musl-i386.so.1" },
	{ "arm64", "/lib/ld-linux-aarch64.so.1", "/lib/ld-musl-aarch64.so.1" },
	{ "arm", "/lib/ld-linux-armhf.so.3", "/lib/ld-musl-armhf.so.1" },
	{ "ppc64le", "/lib64/ld64.so.2", "/lib/ld-musl-powerpc64le.so.1" },
	{ "s390x", "/lib/ld64.so.1", "/lib/ld-musl-s390x.so.1" },
	{ "riscv64", "/lib/ld-linux-riscv64-lp64d.so.1",
	  "/lib/ld-musl-riscv64.so.1" },
	{ "mips64le", "/lib64/ld.so.1", "/lib/ld-musl-mips64el.so.1" },
	{ "loong64", "/lib64/ld-linux-loongarch-lp64d.so.1",
	  "/lib/ld-musl-loongarch64.so.1" },
};

const char *
goelf_status_name(enum goelf_sev s)
{
	return s == GOELF_SEV_FAIL   ? "fail"
	       : s == GOELF_SEV_WARN ? "warn"
				     : "pass";
}

static bool
allowed(const struct goelf_policy *p, const char *id, const char *path)
{
	const char *rel = path;

	while (!strncmp(rel, "./", 2))
		rel += 2;
	for (size_t i = 0; p && i < p->nallow; i++) {
		const struct goelf_allow *a = &p->allow[i];

		if (fnmatch(a->id, id, 0))
			continue;
		if (!a->glob || !fnmatch(a->glob, path, 0) ||
		    !fnmatch(a->glob, rel, 0))
			return true;
	}
	return false;
}

static void reason(struct goelf_target_result *t, const char *id,
		   enum goelf_sev sev, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
reason(struct goelf_target_result *t, const char *id, enum goelf_sev sev,
       const char *fmt, ...)
{
	struct goelf_reason *r;
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	t->reasons = goelf_xrealloc(t->reasons,
				    (t->nreasons + 1) * sizeof(*t->reasons));
	r = &t->reasons[t->nreasons++];
	r->id = goelf_xstrdup(id);
	r->sev = sev;
	r->message = goelf_xstrdup(line);
	r->allowed = false;
}

static bool
has_lib(const struct goelf_target *t, const char *soname)
{
	for (size_t i = 0; t->libs[i]; i++)
		if (!strcmp(t->libs[i], soname))
			return true;
	return false;
}

/* musl's loader answers these sonames itself (ldso/dynlink.c reserved). */
static bool
musl_builtin(const char *soname)
{
	static const char *const names[] = { "c",  "pthread", "rt",  "m",
					     "dl", "util",    "xnet" };

	if (strncmp(soname, "lib", 3))
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		size_t n = strlen(names[i]);

		if (!strncmp(soname + 3, names[i], n) &&
		    (soname[3 + n] == '.' || soname[3 + n] == '\0'))
			return true;
	}
	return !strncmp(soname, "libc.musl-", 10);
}

/* glibc's ld.so answers to its own soname (rtld.c records PT_INTERP's
 * name and its DT_SONAME for its map), so NEEDED ld-linux-x86-64.so.2
 * is the loader every glibc image of that architecture has. */
static bool
glibc_loader_name(const char *soname)
{
	for (size_t i = 0; i < ARRAY_SIZE(loaders); i++) {
		const char *b = strrchr(loaders[i].glibc, '/');

		if (b && !strcmp(b + 1, soname))
			return true;
	}
	return false;
}

static const char *
loader_for(const char *arch, enum goelf_libc l)
{
	for (size_t i = 0; i < ARRAY_SIZE(loaders); i++)
		if (!strcmp(loaders[i].arch, arch))
			return l == GOELF_LIBC_MUSL ? loaders[i].musl
						    : loaders[i].glibc;
	return NULL;
}

static void
glibc_floor(const struct goelf_report *r, const struct goelf_target *t,
	    struct goelf_target_result *res)
{
	struct goelf_buf syms;
	size_t shown;

	if (!r->an.min_glibc || !t->libc_version ||
	    goelf_version_cmp(r->an.min_glibc, t->libc_version) <= 0)
		return;
	goelf_buf_init(&syms, 512);
	shown = goelf_glibc_symbols(&r->facts, t->libc_version, true, true, 4,
				    &syms);
	reason(res, "target.glibc_too_old", GOELF_SEV_FAIL,
	       "needs glibc %s (%s%s), %s has %s: rebuild with "
	       "CGO_ENABLED=0 or on glibc <= %s",
	       r->an.min_glibc, syms.len ? syms.buf : "version tags only",
	       shown >= 4 ? ", ..." : "", t->name, t->libc_version,
	       t->libc_version);
	goelf_buf_release(&syms);
}

static void
dynamic(const struct goelf_report *r, const struct goelf_target *t,
	struct goelf_target_result *res)
{
	const struct goelf_facts *f = &r->facts;
	const struct goelf_analysis *an = &r->an;
	const char *interp = f->interp ? f->interp : "(none)";
	const char *std;

	if (t->libc == GOELF_LIBC_NONE) {
		reason(res, "target.interpreter_missing", GOELF_SEV_FAIL,
		       "dynamically linked (interpreter %s) but %s has no C "
		       "library or loader: build with CGO_ENABLED=0",
		       interp, t->name);
		return;
	}
	if (an->libc != GOELF_LIBC_GLIBC && an->libc != GOELF_LIBC_MUSL) {
		reason(res, "target.libc_mismatch",
		       an->libc == GOELF_LIBC_UNKNOWN ? GOELF_SEV_WARN
						      : GOELF_SEV_FAIL,
		       "needs a %s C library (interpreter %s); %s has %s",
		       goelf_libc_name(an->libc), interp, t->name,
		       goelf_libc_name(t->libc));
		return;
	}
	if (an->libc != t->libc) {
		reason(res, "target.libc_mismatch", GOELF_SEV_FAIL,
		       "%s binary (interpreter %s) on a %s image: the loader "
		       "does not exist there; build with CGO_ENABLED=0%s",
		       goelf_libc_name(an->libc), interp,
		       goelf_libc_name(t->libc),
		       an->libc == GOELF_LIBC_GLIBC
			       ? ", or on Alpine with musl"
			       : ", or on a glibc distribution");
		return;
	}
	std = loader_for(an->arch, an->libc);
	if (f->interp && (!std || strcmp(std, f->interp)))
		reason(res, "target.interpreter_missing", GOELF_SEV_WARN,
		       "interpreter %s is not the usual %s loader path%s%s: "
		       "%s may not have it",
		       interp, goelf_libc_name(an->libc), std ? " " : "",
		       std ? std : "", t->name);
	if (an->libc == GOELF_LIBC_GLIBC)
		glibc_floor(r, t, res);
	for (size_t i = 0; i < f->needed.n; i++) {
		const char *n = f->needed.v[i];

		if (has_lib(t, n) ||
		    (t->libc == GOELF_LIBC_MUSL && musl_builtin(n)) ||
		    (t->libc == GOELF_LIBC_GLIBC && glibc_loader_name(n)))
			continue;
		if (t->libs_partial)
			reason(res, "target.library_unknown", GOELF_SEV_WARN,
			       "needs %s; goelf does not know whether %s has "
			       "it",
			       n, t->name);
		else
			reason(res, "target.library_missing", GOELF_SEV_FAIL,
			       "needs %s, which %s does not ship: install it "
			       "or choose another base",
			       n, t->name);
	}
}

static void
runtime_files(const struct goelf_report *r, const struct goelf_target *t,
	      struct goelf_target_result *res)
{
	if (!r->an.is_go)
		return;
	if (r->an.needs_ca_certs) {
		if (t->ca_certs == T_NO)
			reason(res, "target.no_ca_certs", GOELF_SEV_WARN,
			       "loads system root certificates; %s has no "
			       "/etc/ssl/certs/ca-certificates.crt: TLS will "
			       "fail (copy the bundle in)",
			       t->name);
		else if (t->ca_certs == T_UNKNOWN)
			reason(res, "target.unknown_fact", GOELF_SEV_INFO,
			       "loads system root certificates; whether %s "
			       "has them is unconfirmed",
			       t->name);
	}
	if (r->an.needs_tzdata) {
		if (t->tzdata == T_NO)
			reason(res, "target.no_tzdata", GOELF_SEV_WARN,
			       "loads named time zones; %s has no "
			       "/usr/share/zoneinfo (import _ \"time/tzdata\")",
			       t->name);
		else if (t->tzdata == T_UNKNOWN)
			reason(res, "target.unknown_fact", GOELF_SEV_INFO,
			       "loads named time zones; whether %s has "
			       "tzdata is unconfirmed",
			       t->name);
	}
}

/* Is the image published for the binary's architecture at all? */
static void
arch_published(const struct goelf_report *r, const struct goelf_target *t,
	       struct goelf_target_result *res)
{
	const char *arch = r->an.arch;

	if (!strcmp(arch, "unknown"))
		return;
	switch (goelf_target_has_arch(t, arch)) {
	case T_YES: break;
	case T_NO:
		reason(res, "target.arch_unsupported", GOELF_SEV_FAIL,
		       "built for %s; %s is published for %s only (%s)", arch,
		       t->name, t->arches, t->arch_source);
		break;
	case T_UNKNOWN:
		reason(res, "target.unknown_fact", GOELF_SEV_INFO,
		       "built for %s; which architectures %s is published for "
		       "is not documented here",
		       arch, t->name);
		break;
	}
}

static void
eval_target(const struct goelf_report *r, const struct goelf_target *t,
	    const char *arch, struct goelf_target_result *res)
{
	const struct goelf_analysis *an = &r->an;

	res->name = t->name;
	if (r->facts.debug_only)
		return; /* data: runs nowhere, fails nowhere */
	if (strcmp(an->os, "linux") && strcmp(an->os, "unknown") &&
	    strcmp(an->os, "android")) {
		reason(res, "target.not_linux", GOELF_SEV_FAIL,
		       "built for %s, not Linux", an->os);
		return;
	}
	arch_published(r, t, res);
	if (arch && strcmp(arch, an->arch))
		reason(res, "target.arch_mismatch", GOELF_SEV_FAIL,
		       "built for %s, the platform is linux/%s", an->arch,
		       arch);
	if (an->link_kind == GOELF_LINK_DYNAMIC)
		dynamic(r, t, res);
	else if (an->static_glibc_nss.n)
		reason(res, "target.static_glibc_nss", GOELF_SEV_WARN,
		       "static glibc that loads NSS modules or uses dlopen: "
		       "%s",
		       t->libc == GOELF_LIBC_GLIBC
			       ? "works only if the image's glibc "
				 "matches the one it was linked with"
			       : "user, group and host lookups will "
				 "not work here");
	runtime_files(r, t, res);
}

static void
policy_findings(struct goelf_report *r, const struct goelf_policy *p)
{
	const struct goelf_analysis *an = &r->an;
	const struct goelf_facts *f = &r->facts;
	struct goelf_findings *out = &r->findings;
	const char *trim;

	if (p->max_glibc && an->min_glibc &&
	    goelf_version_cmp(an->min_glibc, p->max_glibc) > 0)
		goelf_findings_add(out, "policy.max_glibc", GOELF_SEV_FAIL,
				   "needs glibc %s, the policy allows at most "
				   "%s: rebuild with CGO_ENABLED=0 or on an "
				   "older glibc",
				   an->min_glibc, p->max_glibc);
	if ((p->require & GOELF_REQUIRE_STATIC) &&
	    an->link_kind == GOELF_LINK_DYNAMIC)
		goelf_findings_add(out, "policy.require_static", GOELF_SEV_FAIL,
				   "the policy requires a static binary; this "
				   "one is dynamically linked (CGO_ENABLED=0)");
	if ((p->require & GOELF_REQUIRE_NO_CGO) && an->cgo != 0)
		goelf_findings_add(out, "policy.require_no_cgo", GOELF_SEV_FAIL,
				   "the policy forbids cgo; this binary %s",
				   an->cgo == 1 ? "uses it (CGO_ENABLED=0)"
						: "may use it (unknown)");
	trim = goelf_go_setting(&f->go, "-trimpath");
	if ((p->require & GOELF_REQUIRE_TRIMPATH) &&
	    (!trim || strcmp(trim, "true")))
		goelf_findings_add(out, "policy.require_trimpath",
				   GOELF_SEV_FAIL,
				   "the policy requires -trimpath; the build "
				   "settings %s",
				   f->go.modinfo_ok ? "lack -trimpath=true"
						    : "are unavailable");
	if ((p->require & GOELF_REQUIRE_STRIPPED) &&
	    (f->has_symtab || f->dwarf.present))
		goelf_findings_add(out, "policy.require_stripped",
				   GOELF_SEV_FAIL,
				   "the policy requires a stripped binary; it "
				   "has %s (strip, or -ldflags=\"-s -w\")",
				   f->has_symtab ? ".symtab" : "DWARF");
	if (p->has_max_debug && an->debug_total > p->max_debug_bytes)
		goelf_findings_add(out, "policy.max_debug_bytes",
				   GOELF_SEV_FAIL,
				   "%llu bytes of debug and symbol sections, "
				   "the policy allows %llu",
				   (unsigned long long)an->debug_total,
				   (unsigned long long)p->max_debug_bytes);
	if (p->min_go && an->is_go) {
		int have = goelf_go_minor(an->go_version);
		int want = goelf_go_minor(p->min_go);
		bool exact = an->go_version_source &&
			     strcmp(an->go_version_source, "pclntab-range");

		if (!exact || have < 0)
			goelf_findings_add(out, "policy.min_go", GOELF_SEV_WARN,
					   "the policy requires go%s or newer; "
					   "the Go version is unknown",
					   p->min_go);
		else if (have < want ||
			 (have == want &&
			  goelf_version_cmp(an->go_version + 2, p->min_go) < 0))
			goelf_findings_add(out, "policy.min_go", GOELF_SEV_FAIL,
					   "built with %s, the policy requires "
					   "go%s or newer",
					   an->go_version, p->min_go);
	}
	goelf_findings_sort(out);
}

/* Findings that say the input could not be analysed: they make the
 * command exit 2 ("not analysed") and are reported, but they are not a
 * policy result, so they do not fail the gate on their own. */
static const char *const input_errors[] = { "image.malformed" };

/* A cap was reached: part of the input was not looked at, so the gate
 * cannot pass it (whatever the finding's severity and --fail-on) unless
 * the policy allows input.limit_reached for that path: a cap must never
 * let the binary after it through unseen. */
static const char limit_id[] = "input.limit_reached";

static bool
is_input_error(const char *id)
{
	for (size_t i = 0; i < ARRAY_SIZE(input_errors); i++)
		if (!strcmp(id, input_errors[i]))
			return true;
	return false;
}

struct goelf_findings_verdict
goelf_verdict_findings(struct goelf_findings *f, const char *path,
		       const struct goelf_policy *p)
{
	struct goelf_findings_verdict v = { GOELF_SEV_INFO, false, false };

	for (size_t i = 0; i < f->n; i++) {
		struct goelf_finding *x = &f->v[i];

		x->allowed = allowed(p, x->id, path);
		if (!x->allowed && x->sev > v.status && !is_input_error(x->id))
			v.status = x->sev;
		if (!x->allowed && !strcmp(x->id, limit_id))
			v.limit = true;
	}
	v.failed = v.status >= (p ? p->fail_on : GOELF_SEV_FAIL) || v.limit;
	return v;
}

/* Whether the policy selects target t: named by --targets or the
 * policy's targets list. */
static bool
target_selected(const struct goelf_policy *p, const struct goelf_target *t)
{
	return p && goelf_strlist_has(&p->targets, t->name);
}

/* With no target selected the architecture still counts: a binary for
 * another GOARCH than the platform's fails as a finding (the selected
 * targets say it themselves, as target.arch_mismatch). */
static void
platform_finding(struct goelf_report *r, const char *arch)
{
	const struct goelf_analysis *an = &r->an;

	if (!arch || r->facts.debug_only || !strcmp(an->arch, "unknown") ||
	    !strcmp(arch, an->arch))
		return;
	goelf_findings_add(&r->findings, "policy.arch_mismatch", GOELF_SEV_FAIL,
			   "built for %s, the platform is linux/%s: build "
			   "with GOARCH=%s",
			   an->arch, arch, arch);
	goelf_findings_sort(&r->findings);
}

/* The "image" target: the run-time judgement against a real image or
 * root (lib/runtime), its problems as reasons.  Always selected. */
static void
image_target(const struct goelf_runtime *rt, struct goelf_target_result *t)
{
	t->name = "image";
	t->selected = true;
	t->source = rt->image;
	for (size_t i = 0; i < rt->nproblems; i++)
		reason(t, rt->problems[i].id, rt->problems[i].sev, "%s",
		       rt->problems[i].message);
}

/* A cap cut the run-time judgement short (an input.limit_reached
 * reason not allowed): the answer is partial, so the gate fails. */
static bool
image_limit(const struct goelf_verdict *v)
{
	for (size_t i = 0; i < v->ntargets; i++) {
		const struct goelf_target_result *t = &v->targets[i];

		if (strcmp(t->name, "image") != 0)
			continue;
		for (size_t j = 0; j < t->nreasons; j++)
			if (!t->reasons[j].allowed &&
			    !strcmp(t->reasons[j].id, "input.limit_reached"))
				return true;
	}
	return false;
}

void
goelf_verdict_compute(struct goelf_report *r, const struct goelf_policy *p)
{
	goelf_verdict_compute_ctx(r, p, NULL);
}

void
goelf_verdict_compute_ctx(struct goelf_report *r, const struct goelf_policy *p,
			  const struct goelf_judge_ctx *ctx)
{
	struct goelf_verdict *v = &r->verdict;
	enum goelf_sev worst;
	struct goelf_findings_verdict fv;
	const char *arch = ctx && ctx->arch ? ctx->arch : p ? p->arch : NULL;
	size_t nbase;

	if (v->computed || r->err != GOELF_OK)
		return;
	v->computed = true;
	for (size_t i = 0; i < goelf_ntargets; i++)
		v->targets_selected |= target_selected(p, &goelf_targets[i]);
	if (p)
		policy_findings(r, p);
	if (!v->targets_selected)
		platform_finding(r, arch);
	fv = goelf_verdict_findings(&r->findings, r->path, p);
	worst = fv.status;
	/* Judged against a real image or root: that is the target that
	 * counts, and the base-image table says nothing about it unless
	 * --targets names some of its rows too. */
	nbase = r->runtime.judged && !v->targets_selected ? 0 : goelf_ntargets;
	v->targets = goelf_xcalloc(nbase + 1, sizeof(*v->targets));
	for (size_t i = 0; i < nbase; i++) {
		eval_target(r, &goelf_targets[i], arch, &v->targets[i]);
		v->targets[i].selected = target_selected(p, &goelf_targets[i]);
	}
	v->ntargets = nbase;
	if (r->runtime.judged) {
		image_target(&r->runtime, &v->targets[v->ntargets++]);
		v->targets_selected = true;
	}
	for (size_t i = 0; i < v->ntargets; i++) {
		struct goelf_target_result *t = &v->targets[i];

		t->status = GOELF_SEV_INFO;
		for (size_t j = 0; j < t->nreasons; j++) {
			t->reasons[j].allowed =
				allowed(p, t->reasons[j].id, r->path);
			if (!t->reasons[j].allowed &&
			    t->reasons[j].sev > t->status)
				t->status = t->reasons[j].sev;
		}
		if (t->selected && t->status > worst)
			worst = t->status;
	}
	v->status = worst;
	v->failed = worst >= (p ? p->fail_on : GOELF_SEV_FAIL) || fv.limit ||
		    image_limit(v);
}
