/*
 * an_findings.c - findings that do not depend on a target image or a
 * policy: linking, libc, run-time needs decided from pclntab names, build
 * settings, toolchain age, packing, hardening.  Each id here is in the
 * rule table (rules.c) with its help text.
 */
#include "analyze/analyze.h"

#include <string.h>

static const char *
setting(const struct goelf_facts *f, const char *key)
{
	const struct goelf_modinfo *m = &f->go.mod;

	if (!f->go.modinfo_ok)
		return NULL;
	for (size_t i = 0; i < m->nsettings; i++)
		if (!strcmp(m->settings[i].key, key))
			return m->settings[i].value;
	return NULL;
}

/* Imported (versioned) dynamic symbol or .symtab marker. */
static bool
has_symbol(const struct goelf_facts *f, const char *name)
{
	if (goelf_strlist_has(&f->markers, name))
		return true;
	for (size_t i = 0; i < f->nverneed; i++)
		if (goelf_strlist_has(&f->verneed[i].symbols, name))
			return true;
	return false;
}

bool
goelf_static_glibc_dlopen(const struct goelf_facts *f,
			  const struct goelf_analysis *an,
			  struct goelf_strlist *out)
{
	static const char *const nss[] = {
		"getaddrinfo",	      "getnameinfo",  "gethostbyname",
		"gethostbyname_r",    "getpwnam",     "getpwnam_r",
		"getpwuid",	      "getpwuid_r",   "getgrnam_r",
		"getgrgid_r",	      "getgrouplist", "dlopen",
		"__libc_dlopen_mode", "iconv_open",
	};
	bool any = false;

	if (an->libc != GOELF_LIBC_GLIBC || an->link_kind == GOELF_LINK_DYNAMIC)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(nss); i++) {
		if (goelf_strlist_has(&f->markers, nss[i])) {
			if (out)
				goelf_strlist_add(out, nss[i]);
			any = true;
		}
	}
	return any;
}

static void
linking(const struct goelf_facts *f, const struct goelf_analysis *an,
	struct goelf_findings *out)
{
	struct goelf_finding *x;

	if (an->link_kind != GOELF_LINK_DYNAMIC)
		return;
	x = goelf_findings_add(out, "linkage.dynamic", GOELF_SEV_INFO,
			       "dynamically linked (interpreter %s, %zu NEEDED "
			       "libraries): the image must provide the loader "
			       "and libraries; CGO_ENABLED=0 builds a static "
			       "binary",
			       f->interp ? f->interp : "none", f->needed.n);
	if (f->interp)
		goelf_finding_evidence(x, "interpreter=%s", f->interp);
	for (size_t i = 0; i < f->needed.n; i++)
		goelf_finding_evidence(x, "needed=%s", f->needed.v[i]);
}

static void
glibc_floor(const struct goelf_facts *f, const struct goelf_analysis *an,
	    struct goelf_findings *out)
{
	struct goelf_buf syms;
	struct goelf_finding *x;
	char tag[40], v[32];
	size_t shown = 0;

	if (!an->min_glibc)
		return;
	snprintf(tag, sizeof(tag), "GLIBC_%s", an->min_glibc);
	goelf_buf_init(&syms, 512);
	for (size_t i = 0; i < f->nverneed; i++) {
		const struct goelf_verneed *vn = &f->verneed[i];

		if (!goelf_glibc_tag_version(vn->version, v, sizeof(v)) ||
		    goelf_version_cmp(v, an->min_glibc))
			continue;
		for (size_t j = 0; j < vn->symbols.n && shown < 4; j++, shown++)
			goelf_buf_addf(&syms, "%s%s", shown ? ", " : "",
				       vn->symbols.v[j]);
	}
	x = goelf_findings_add(out, "glibc.min_version", GOELF_SEV_INFO,
			       "needs glibc >= %s (%s: %s%s): it fails with "
			       "'%s not found' on older glibc; rebuild with "
			       "CGO_ENABLED=0 or link on an older glibc",
			       an->min_glibc, tag,
			       syms.len ? syms.buf : "no symbol listed",
			       shown >= 4 ? ", ..." : "", tag);
	goelf_finding_evidence(x, "min_glibc=%s", an->min_glibc);
	for (size_t i = 0; i < f->nverneed; i++) {
		const struct goelf_verneed *vn = &f->verneed[i];

		if (goelf_glibc_tag_version(vn->version, v, sizeof(v)) &&
		    !goelf_version_cmp(v, an->min_glibc))
			for (size_t j = 0; j < vn->symbols.n; j++)
				goelf_finding_evidence(x, "symbol=%s@%s",
						       vn->symbols.v[j],
						       vn->version);
	}
	goelf_buf_release(&syms);
}

static void
libc(const struct goelf_facts *f, const struct goelf_analysis *an,
     struct goelf_findings *out)
{
	struct goelf_strlist nss = { 0 };
	struct goelf_finding *x;

	if (an->libc == GOELF_LIBC_MUSL && an->link_kind == GOELF_LINK_DYNAMIC)
		goelf_findings_add(out, "libc.musl_dynamic", GOELF_SEV_INFO,
				   "linked against musl (interpreter %s): runs "
				   "on Alpine-like images, not on glibc images",
				   f->interp ? f->interp : "none");
	if (an->libc == GOELF_LIBC_UNKNOWN &&
	    (an->link_kind == GOELF_LINK_DYNAMIC || !an->is_go))
		goelf_findings_add(out, "libc.unknown", GOELF_SEV_WARN,
				   "the C library could not be determined: "
				   "check the binary's libc by hand before "
				   "choosing a base image");
	if (goelf_static_glibc_dlopen(f, an, &nss)) {
		x = goelf_findings_add(
			out, "libc.static_glibc_nss", GOELF_SEV_WARN,
			"statically linked glibc still loads NSS modules or "
			"uses dlopen at run time (%s%s): it needs "
			"libnss_*.so.2 "
			"of the same glibc version and /etc/nsswitch.conf in "
			"the image; build with CGO_ENABLED=0 or -tags "
			"netgo,osusergo",
			nss.v[0], nss.n > 1 ? ", ..." : "");
		for (size_t i = 0; i < nss.n; i++)
			goelf_finding_evidence(x, "symbol=%s", nss.v[i]);
	}
	goelf_strlist_release(&nss);
}

static void
go_needs(const struct goelf_analysis *an, struct goelf_findings *out)
{
	struct goelf_finding *x;

	if (!an->is_go)
		return;
	if (an->needs_ca_certs) {
		x = goelf_findings_add(
			out, "go.ca_certs_needed", GOELF_SEV_INFO,
			"loads the system root CA certificates "
			"(crypto/x509): the image needs "
			"/etc/ssl/certs/ca-certificates.crt, or embed roots "
			"with golang.org/x/crypto/x509roots/fallback");
		goelf_finding_evidence(x, "decided_by=pclntab function "
					  "crypto/x509.loadSystemRoots");
	}
	if (an->needs_tzdata) {
		x = goelf_findings_add(
			out, "go.tzdata_needed", GOELF_SEV_INFO,
			"loads time zones by name (time.LoadLocation) without "
			"the embedded database: the image needs "
			"/usr/share/zoneinfo, or import _ \"time/tzdata\"");
		goelf_finding_evidence(x, "decided_by=pclntab function "
					  "time.LoadLocation, no "
					  "time/tzdata.loadFromEmbeddedTZData");
	}
	if (an->cgo == 1) {
		x = goelf_findings_add(out, "go.cgo", GOELF_SEV_INFO,
				       "uses cgo: the binary depends on a C "
				       "toolchain's libc; CGO_ENABLED=0 (with "
				       "-tags netgo,osusergo) removes it");
		for (size_t i = 0; i < an->cgo_evidence.n; i++)
			goelf_finding_evidence(x, "%s", an->cgo_evidence.v[i]);
	}
}

static void
go_build(const struct goelf_facts *f, const struct goelf_analysis *an,
	 struct goelf_findings *out)
{
	const char *v, *since, *latest;
	struct goelf_finding *x;

	if (!an->is_go)
		return;
	if (f->go.modinfo_ok && f->go.mod.nsettings && !setting(f, "-trimpath"))
		goelf_findings_add(out, "go.trimpath_missing", GOELF_SEV_INFO,
				   "built without -trimpath: build-machine "
				   "paths are embedded; add -trimpath for "
				   "reproducible, path-free binaries");
	v = setting(f, "vcs.modified");
	if (v && !strcmp(v, "true")) {
		x = goelf_findings_add(out, "go.vcs_modified", GOELF_SEV_WARN,
				       "built from a modified VCS tree "
				       "(vcs.modified=true): the binary does "
				       "not match any commit; build from a "
				       "clean checkout");
		v = setting(f, "vcs.revision");
		if (v)
			goelf_finding_evidence(x, "vcs.revision=%s", v);
	}
	v = setting(f, "-race");
	if ((v && !strcmp(v, "true")) ||
	    goelf_strlist_has(&f->markers, "__tsan_init"))
		goelf_findings_add(out, "go.race", GOELF_SEV_WARN,
				   "built with the race detector: slower, "
				   "more memory, and dynamically linked; do "
				   "not ship -race builds");
	if (f->go_build_id) {
		x = goelf_findings_add(out, "go.buildid_present",
				       GOELF_SEV_INFO,
				       "the Go build ID note is present; "
				       "-ldflags=-buildid= makes identical "
				       "sources give identical layers");
		goelf_finding_evidence(x, "build_id=%s", f->go_build_id);
	}
	if (an->go_version && strcmp(an->go_version_source, "pclntab-range") &&
	    goelf_go_unsupported(an->go_version, &since, &latest)) {
		x = goelf_findings_add(
			out, "go.toolchain_unsupported", GOELF_SEV_WARN,
			"built with %s, out of support%s%s (two newer major "
			"releases exist; release table of %s): rebuild with "
			"a supported Go for security fixes",
			an->go_version, since ? " since " : "",
			since ? since : "", goelf_gorelease_table_date);
		goelf_finding_evidence(x, "go_version=%s", an->go_version);
	}
	if (!an->go_version)
		goelf_findings_add(out, "go.version_unknown", GOELF_SEV_INFO,
				   "a Go binary whose Go version could not be "
				   "determined");
}

static void
packing(const struct goelf_facts *f, struct goelf_findings *out)
{
	struct goelf_finding *x;
	bool sect =
		goelf_find_section(f, "UPX0") || goelf_find_section(f, "UPX1");

	if (!sect && !f->has_upx_marker)
		return;
	x = goelf_findings_add(out, "packer.upx", GOELF_SEV_WARN,
			       "packed with UPX: code is unpacked at run time "
			       "(more memory, no page sharing), and scanners "
			       "cannot read it; ship the unpacked binary");
	if (sect)
		goelf_finding_evidence(x, "sections=UPX0/UPX1");
	if (f->has_upx_marker)
		goelf_finding_evidence(x, "marker=UPX! in the first 4 KiB");
}

static bool
has_fortify(const struct goelf_facts *f)
{
	static const char *const chk[] = { "__fortify_fail", "__chk_fail" };

	for (size_t i = 0; i < ARRAY_SIZE(chk); i++)
		if (goelf_strlist_has(&f->markers, chk[i]))
			return true;
	for (size_t i = 0; i < f->nverneed; i++)
		for (size_t j = 0; j < f->verneed[i].symbols.n; j++) {
			const char *s = f->verneed[i].symbols.v[j];
			size_t n = strlen(s);

			if (n > 6 && !strncmp(s, "__", 2) &&
			    !strcmp(s + n - 4, "_chk") &&
			    strcmp(s, "__stack_chk_fail"))
				return true;
		}
	return false;
}

/*
 * Hardening, made Go-aware: Go's own code has no stack canaries or
 * FORTIFY (the runtime checks stack bounds itself), so those two are
 * judged only when C code is linked in (cgo, or not a Go binary).
 */
static void
hardening(const struct goelf_facts *f, struct goelf_analysis *an,
	  struct goelf_findings *out)
{
	bool has_c = !an->is_go || an->cgo == 1;

	an->relro = !f->has_relro     ? "none"
		    : f->has_bind_now ? "full"
				      : "partial";
	an->nx_stack = !f->has_gnu_stack || !(f->gnu_stack_flags & PF_X);
	an->exec_stack = !f->has_gnu_stack	       ? -1
			 : (f->gnu_stack_flags & PF_X) ? 1
						       : 0;
	if (f->has_gnu_stack && (f->gnu_stack_flags & PF_X))
		goelf_findings_add(out, "hardening.exec_stack", GOELF_SEV_WARN,
				   "PT_GNU_STACK is executable: any stack "
				   "overflow can run code; link with -z "
				   "noexecstack");
	an->canary = has_c ? has_symbol(f, "__stack_chk_fail") : -1;
	an->fortify = has_c ? has_fortify(f) : -1;
	if (an->link_kind == GOELF_LINK_DYNAMIC && !f->has_relro)
		goelf_findings_add(out, "hardening.no_relro", GOELF_SEV_INFO,
				   "no RELRO: relocation tables stay writable; "
				   "link with -z relro -z now");
	if (an->link_kind == GOELF_LINK_DYNAMIC && f->has_relro &&
	    !f->has_bind_now)
		goelf_findings_add(out, "hardening.partial_relro",
				   GOELF_SEV_INFO,
				   "partial RELRO (no BIND_NOW): the GOT stays "
				   "writable; link with -z now");
	if (an->link_kind == GOELF_LINK_DYNAMIC && !an->is_pie)
		goelf_findings_add(out, "hardening.no_pie", GOELF_SEV_INFO,
				   "dynamically linked but not PIE: no ASLR "
				   "for the executable; -buildmode=pie");
	if (has_c && an->is_go && an->canary == 0)
		goelf_findings_add(out, "hardening.c_no_canary", GOELF_SEV_INFO,
				   "C code linked in (cgo) without stack "
				   "protector references: build C with "
				   "-fstack-protector-strong");
}

void
goelf_an_findings(const struct goelf_facts *f, struct goelf_analysis *an,
		  struct goelf_findings *out)
{
	linking(f, an, out);
	glibc_floor(f, an, out);
	libc(f, an, out);
	go_needs(an, out);
	go_build(f, an, out);
	packing(f, out);
	hardening(f, an, out);
}
