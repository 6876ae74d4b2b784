/*
 * an_go.c - the Go version from the best evidence left in the file, and
 * whether cgo is in use.
 *
 * Version sources, best first: build info; runtime.buildVersion read
 * through .symtab; a "go1.x.y" string in read-only data, accepted only
 * when the pclntab format allows that release; else only the release
 * range the pclntab magic implies.  Never a version the evidence does not
 * support.
 *
 * cgo: code evidence (runtime/cgo's crosscall2 or _cgo_topofstack, or
 * main._Cfunc_* in pclntab or .symtab; x_cgo_init in .symtab; C compile
 * units in DWARF when --dwarf walked it) says yes;
 * build info CGO_ENABLED=0 says no; a pclntab without those names says
 * no; otherwise unknown.  CGO_ENABLED=1 alone proves only that cgo was
 * allowed, and external-link markers (ABI tag, _start) are listed as
 * evidence of an external link, not of cgo.
 */
#include "analyze/analyze.h"

#include <stdlib.h>
#include <string.h>

struct range {
	uint32_t magic;
	const char *text;
	int lo, hi; /* minor versions, inclusive; hi 0 = open */
};

static const struct range ranges[] = {
	{ 0xfffffffb, "go1.2-go1.15", 2, 15 },
	{ 0xfffffffa, "go1.16-go1.17", 16, 17 },
	{ 0xfffffff0, "go1.18-go1.19", 18, 19 },
	{ 0xfffffff1, "go1.20+", 20, 0 },
};

static const struct range *
range_of(uint32_t magic)
{
	for (size_t i = 0; i < ARRAY_SIZE(ranges); i++)
		if (ranges[i].magic == magic)
			return &ranges[i];
	return NULL;
}

static bool
in_range(const struct range *r, const char *v)
{
	int m = strncmp(v, "go", 2) ? -1 : goelf_go_minor(v);

	if (!r)
		return m >= 0;
	return m >= r->lo && (r->hi == 0 || m <= r->hi);
}

/*
 * The pclntab function names findings decide from, as GOELF_FN_* bits: an
 * exact name, or a prefix when it ends in '*'.  The loader scans the name
 * table once for them (go/names.c); a binary has up to GOELF_MAX_FUNCS
 * names and the verdict asks per target, so nothing walks them again.
 * Add a name here (at most GOELF_FNSET_MAX).
 *
 * Needs CA certificates: crypto/x509 reads the system roots
 * (crypto/x509.loadSystemRoots) and no fallback bundle
 * (golang.org/x/crypto/x509roots/fallback) is linked in.
 * Needs tzdata: the program loads named zones (time.LoadLocation) and
 * does not embed the database (time/tzdata.loadFromEmbeddedTZData).
 * Local time alone falls back to UTC without /etc/localtime, so it does
 * not count.
 * Needs passwd: os/user reads /etc/passwd or /etc/group itself (the
 * pure-Go lookups of lookup_unix.go and listgroups_unix.go, built with
 * CGO_ENABLED=0 or -tags osusergo) or asks glibc (cgo_lookup_unix.go:
 * os/user._Cfunc_mygetpw*, _Cfunc_mygetgr*).  os/user.current is
 * user.Current() in both builds.
 * Needs tmp: os.CreateTemp or os.MkdirTemp (Go 1.17+; ioutil.TempFile
 * and TempDir are inlined wrappers of them there, real functions up to
 * Go 1.16).  os.TempDir() alone is inlined everywhere and leaves no
 * name: a program that only builds paths from it is not seen.
 * The cgo resolver and user lookups (net/cgo_unix.go,
 * os/user/cgo_lookup_unix.go): names may end in ".abi0".
 */
static const struct goelf_fn_pattern fns[] = {
	{ "crypto/x509.loadSystemRoots", GOELF_FN_LOAD_ROOTS },
	{ "golang.org/x/crypto/x509roots/fallback.init",
	  GOELF_FN_ROOTS_FALLBACK },
	{ "time.LoadLocation", GOELF_FN_LOAD_LOCATION },
	{ "time/tzdata.loadFromEmbeddedTZData", GOELF_FN_TZDATA },
	{ "crosscall2", GOELF_FN_CROSSCALL2 },
	{ "_cgo_topofstack", GOELF_FN_CGO_TOPOFSTACK },
	{ "main._Cfunc_*", GOELF_FN_CFUNC_MAIN },
	{ "net._C2func_getaddrinfo*", GOELF_FN_CGO_RESOLVER },
	{ "os/user._Cfunc_mygetpw*", GOELF_FN_CGO_USER },
	{ "os/user._Cfunc_mygetgr*", GOELF_FN_CGO_USER },
	{ "os/user.findUserId", GOELF_FN_USER_FILES },
	{ "os/user.findUsername", GOELF_FN_USER_FILES },
	{ "os/user.findGroupId", GOELF_FN_GROUP_FILES },
	{ "os/user.findGroupName", GOELF_FN_GROUP_FILES },
	{ "os/user.listGroupsFromReader", GOELF_FN_GROUP_FILES },
	{ "os/user.current", GOELF_FN_USER_CURRENT },
	{ "os.CreateTemp", GOELF_FN_TEMP },
	{ "os.MkdirTemp", GOELF_FN_TEMP },
	{ "io/ioutil.TempFile", GOELF_FN_TEMP },
	{ "io/ioutil.TempDir", GOELF_FN_TEMP },
};

const struct goelf_fn_pattern *
goelf_an_go_patterns(size_t *n)
{
	*n = ARRAY_SIZE(fns);
	return fns;
}

/* From the name table scan, else (tables before Go 1.16, or a name table
 * out of bounds) from the names read through the function table. */
static unsigned
scan_funcs(const struct goelf_gofacts *g)
{
	struct goelf_fnset set;
	unsigned bits = 0;

	if (g->names_scanned || g->nnames)
		return g->fn_bits;
	goelf_fnset_init(&set, fns, ARRAY_SIZE(fns));
	for (size_t i = 0; i < g->funcs.n; i++)
		bits |= goelf_fnset_match(&set, g->funcs.v[i],
					  strlen(g->funcs.v[i]), true);
	return bits;
}

static void
version(const struct goelf_facts *f, struct goelf_analysis *an)
{
	const struct goelf_gofacts *g = &f->go;
	const struct range *r =
		g->has_pclntab ? range_of(g->pclntab_magic) : NULL;

	an->pclntab_range = r ? r->text : NULL;
	if (g->bi_version) {
		an->go_version = goelf_xstrdup(g->bi_version);
		an->go_version_source = "buildinfo";
	} else if (g->buildversion) {
		an->go_version = goelf_xstrdup(g->buildversion);
		an->go_version_source = "buildversion";
	} else if (g->version_string && in_range(r, g->version_string)) {
		an->go_version = goelf_xstrdup(g->version_string);
		an->go_version_source = "strings";
	} else if (r) {
		an->go_version = goelf_xstrdup(r->text);
		an->go_version_source = "pclntab-range";
	}
}

static void
cgo(const struct goelf_facts *f, struct goelf_analysis *an)
{
	static const char *const code[] = { "crosscall2", "_cgo_topofstack" };
	static const unsigned bits[] = { GOELF_FN_CROSSCALL2,
					 GOELF_FN_CGO_TOPOFSTACK };
	const struct goelf_gofacts *g = &f->go;
	const char *cgo_enabled = goelf_go_setting(g, "CGO_ENABLED");
	bool yes = false;

	for (size_t i = 0; i < ARRAY_SIZE(code); i++) {
		if (an->go_funcs & bits[i]) {
			goelf_strlist_addf_bounded(&an->cgo_evidence,
						   "pclntab function %s",
						   code[i]);
			yes = true;
		} else if (goelf_strlist_has(&f->markers, code[i])) {
			goelf_strlist_addf_bounded(&an->cgo_evidence,
						   "symbol %s", code[i]);
			yes = true;
		}
	}
	if ((an->go_funcs & GOELF_FN_CFUNC_MAIN) ||
	    goelf_strlist_has(&f->markers, "main._Cfunc_*")) {
		goelf_strlist_add(&an->cgo_evidence,
				  "main._Cfunc_* functions (C calls from "
				  "package main)");
		yes = true;
	}
	for (size_t i = 0; f->dwarf.walked && i < f->dwarf.languages.n; i++) {
		const char *l = f->dwarf.languages.v[i];

		if (l[0] == 'C' && (l[1] == '\0' || l[1] == '+' ||
				    (l[1] >= '0' && l[1] <= '9'))) {
			goelf_strlist_addf_bounded(&an->cgo_evidence,
						   "DWARF compile units in %s",
						   l);
			yes = true;
		}
	}
	if (goelf_strlist_has(&f->markers, "x_cgo_init")) {
		goelf_strlist_add(&an->cgo_evidence,
				  "symbol x_cgo_init (runtime/cgo C code)");
		yes = true;
	}
	if (cgo_enabled)
		goelf_strlist_addf_bounded(&an->cgo_evidence,
					   "build setting CGO_ENABLED=%s",
					   cgo_enabled);
	if (f->has_abi_tag)
		goelf_strlist_add(&an->cgo_evidence,
				  "note NT_GNU_ABI_TAG: linked by the GNU "
				  "toolchain (external link)");
	if (goelf_find_section(f, ".comment"))
		goelf_strlist_add(&an->cgo_evidence,
				  "section .comment: external link");
	if (yes)
		an->cgo = 1;
	else if (cgo_enabled && !strcmp(cgo_enabled, "0"))
		an->cgo = 0;
	else if (g->names_scanned ? g->nnames > 0
				  : g->funcs.n && !g->funcs_truncated)
		an->cgo = 0;
	else
		an->cgo = -1;
}

void
goelf_an_go(const struct goelf_facts *f, bool is_go, struct goelf_analysis *an)
{
	if (!is_go)
		return;
	an->go_funcs = scan_funcs(&f->go);
	an->needs_ca_certs = (an->go_funcs & GOELF_FN_LOAD_ROOTS) &&
			     !(an->go_funcs & GOELF_FN_ROOTS_FALLBACK);
	an->needs_tzdata = (an->go_funcs & GOELF_FN_LOAD_LOCATION) &&
			   !(an->go_funcs & GOELF_FN_TZDATA);
	an->needs_passwd =
		(an->go_funcs & (GOELF_FN_USER_FILES | GOELF_FN_GROUP_FILES |
				 GOELF_FN_CGO_USER)) != 0;
	an->needs_tmp = (an->go_funcs & GOELF_FN_TEMP) != 0;
	version(f, an);
	cgo(f, an);
}
