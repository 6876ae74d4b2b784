/*
 * an_libc.c - which C library the file needs at run time.
 *
 * glibc:  a glibc loader (ld-linux*, ld64.so.*, ld.so.1), NEEDED libc.so.6,
 *         GLIBC_* version tags; static: the ABI-tag note from glibc's
 *         crt1.o, or glibc-only symbols/strings.
 * musl:   the ld-musl-* loader, NEEDED libc.musl-*.so.1 (Alpine) or
 *         libc.so with the musl loader (Debian musl-gcc); static: musl's
 *         crt symbols or its strerror text.
 * bionic: /system/bin/linker*; bsd: the BSD loaders or libc.so.N on a BSD.
 * none:   a Go binary with no interpreter, no NEEDED and no C marker: the
 *         Go runtime talks to the kernel itself.
 * unknown: no evidence, or evidence for two families.  We never guess;
 *         but a string (GLIBC_TUNABLES, musl's strerror text) is weak
 *         evidence, outvoted by the loader, NEEDED, version tags or crt
 *         notes and symbols of one family (any code can carry a string).
 * Evidence sources: reference/go-binary-format.md section 7.
 */
#include "analyze/analyze.h"

#include <string.h>

static const char *
base(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/* Votes per family: all of them, and the strong ones (the loader,
 * NEEDED, version tags, crt notes and symbols).  A string in read-only
 * data is weak: any code linked in can carry another libc's message
 * (the static goelf has musl's "No error information" from a library
 * beside glibc's crt), so strings decide only when nothing strong does. */
struct vote {
	int n[GOELF_LIBC_BSD + 1];
	int strong[GOELF_LIBC_BSD + 1];
};

static void
vote(struct goelf_analysis *an, struct vote *v, enum goelf_libc l, bool strong,
     const char *fmt, const char *arg)
{
	char line[512];

	v->n[l]++;
	v->strong[l] += strong;
	snprintf(line, sizeof(line), fmt, arg);
	goelf_strlist_add(&an->libc_evidence, line);
}

static void
add(struct goelf_analysis *an, struct vote *v, enum goelf_libc l,
    const char *fmt, const char *arg)
{
	vote(an, v, l, true, fmt, arg);
}

/* How many families c[] names, and the last of them in *found. */
static int
families_of(const int *c, enum goelf_libc *found)
{
	int n = 0;

	for (int l = GOELF_LIBC_GLIBC; l <= GOELF_LIBC_BSD; l++)
		if (c[l]) {
			n++;
			*found = (enum goelf_libc)l;
		}
	return n;
}

static void
from_interp(const struct goelf_facts *f, struct goelf_analysis *an,
	    struct vote *v)
{
	const char *b;

	if (!f->interp)
		return;
	b = base(f->interp);
	if (!strncmp(b, "ld-musl-", 8))
		add(an, v, GOELF_LIBC_MUSL, "interpreter %s (musl loader)",
		    f->interp);
	else if (!strncmp(b, "ld-linux", 8) || !strncmp(b, "ld64.so.", 8) ||
		 !strcmp(b, "ld.so.1"))
		add(an, v, GOELF_LIBC_GLIBC, "interpreter %s (glibc loader)",
		    f->interp);
	else if (!strncmp(f->interp, "/system/bin/linker", 18))
		add(an, v, GOELF_LIBC_BIONIC, "interpreter %s (bionic loader)",
		    f->interp);
	else if (!strcmp(b, "ld-elf.so.1") || !strcmp(b, "ld.elf_so") ||
		 !strcmp(f->interp, "/usr/libexec/ld.so"))
		add(an, v, GOELF_LIBC_BSD, "interpreter %s (BSD loader)",
		    f->interp);
}

static void
from_needed(const struct goelf_facts *f, struct goelf_analysis *an,
	    struct vote *v)
{
	bool musl_loader =
		f->interp && !strncmp(base(f->interp), "ld-musl-", 8);

	for (size_t i = 0; i < f->needed.n; i++) {
		const char *n = f->needed.v[i];

		if (!strcmp(n, "libc.so.6"))
			add(an, v, GOELF_LIBC_GLIBC, "NEEDED %s (glibc)", n);
		else if (!strncmp(n, "libc.musl-", 10))
			add(an, v, GOELF_LIBC_MUSL, "NEEDED %s (Alpine musl)",
			    n);
		else if (!strcmp(n, "libc.so") && musl_loader)
			add(an, v, GOELF_LIBC_MUSL,
			    "NEEDED %s with the musl loader (musl-gcc)", n);
		else if (!strncmp(n, "libc.so.", 8) &&
			 (f->osabi == ELFOSABI_FREEBSD || f->has_netbsd_note ||
			  f->has_openbsd_note))
			add(an, v, GOELF_LIBC_BSD, "NEEDED %s (BSD libc)", n);
		else if (!strcmp(n, "libc.so") && f->interp &&
			 !strncmp(f->interp, "/system/bin/linker", 18))
			add(an, v, GOELF_LIBC_BIONIC, "NEEDED %s (bionic)", n);
	}
}

static void
from_versions(const struct goelf_facts *f, struct goelf_analysis *an,
	      struct vote *v)
{
	for (size_t i = 0; i < f->nverneed; i++) {
		if (!strncmp(f->verneed[i].version, "GLIBC_", 6)) {
			add(an, v, GOELF_LIBC_GLIBC,
			    "version tags GLIBC_* from %s",
			    f->verneed[i].library);
			return;
		}
	}
}

static bool
has_marker(const struct goelf_facts *f, const char *m)
{
	return goelf_strlist_has(&f->markers, m);
}

/* Static files: crt notes, crt symbols, strings. */
static void
from_static(const struct goelf_facts *f, struct goelf_analysis *an,
	    struct vote *v)
{
	static const char *const glibc_syms[] = {
		"__libc_setup_tls",
		"_dl_relocate_static_pie",
		"__libc_start_call_main",
		"_dl_aux_init",
	};
	static const char *const musl_syms[] = {
		"__init_libc",
		"__libc_start_init",
		"_start_c",
		"__dls2",
	};

	if (f->has_abi_tag)
		add(an, v, GOELF_LIBC_GLIBC, "%s",
		    "note NT_GNU_ABI_TAG (glibc crt1.o)");
	for (size_t i = 0; i < ARRAY_SIZE(glibc_syms); i++)
		if (has_marker(f, glibc_syms[i]))
			add(an, v, GOELF_LIBC_GLIBC, "symbol %s (static glibc)",
			    glibc_syms[i]);
	for (size_t i = 0; i < ARRAY_SIZE(musl_syms); i++)
		if (has_marker(f, musl_syms[i]))
			add(an, v, GOELF_LIBC_MUSL, "symbol %s (static musl)",
			    musl_syms[i]);
	if (goelf_strlist_has(&f->string_markers, "GLIBC_TUNABLES"))
		vote(an, v, GOELF_LIBC_GLIBC, false, "%s",
		     "string GLIBC_TUNABLES (static glibc)");
	if (goelf_strlist_has(&f->string_markers, "No error information"))
		vote(an, v, GOELF_LIBC_MUSL, false, "%s",
		     "string \"No error information\" (musl strerror)");
}

void
goelf_an_libc(const struct goelf_facts *f, bool is_go,
	      struct goelf_analysis *an)
{
	struct vote v = { { 0 }, { 0 } };
	enum goelf_libc found = GOELF_LIBC_UNKNOWN;
	int families, strong;

	if (f->debug_only) {
		/* The loader and library names of the program it belongs to
		 * are still there, but nothing here runs: unknown. */
		an->libc = GOELF_LIBC_UNKNOWN;
		goelf_strlist_add(
			&an->libc_evidence,
			"separate debug-information file: not judged");
		return;
	}
	from_interp(f, an, &v);
	from_needed(f, an, &v);
	from_versions(f, an, &v);
	if (!f->interp && !f->needed.n)
		from_static(f, an, &v);
	families = families_of(v.n, &found);
	strong = families_of(v.strong, &found);
	if (strong == 1 && families > 1)
		goelf_strlist_add(&an->libc_evidence,
				  "strings of another C library: not "
				  "conclusive beside the crt evidence");
	if (strong)
		families = strong; /* found: the strong family */
	else
		families_of(v.n, &found);
	if (families > 1) {
		goelf_strlist_add(&an->libc_evidence,
				  "conflicting evidence: family unknown");
		an->libc = GOELF_LIBC_UNKNOWN;
		return;
	}
	if (families == 1) {
		an->libc = found;
		return;
	}
	if (is_go && !f->interp && !f->needed.n && !f->has_abi_tag &&
	    !has_marker(f, "_start")) {
		goelf_strlist_add(&an->libc_evidence,
				  "Go binary without interpreter, NEEDED or C "
				  "runtime markers");
		an->libc = GOELF_LIBC_NONE;
		return;
	}
	an->libc = GOELF_LIBC_UNKNOWN;
}

const char *
goelf_libc_name(enum goelf_libc l)
{
	switch (l) {
	case GOELF_LIBC_NONE: return "none";
	case GOELF_LIBC_GLIBC: return "glibc";
	case GOELF_LIBC_MUSL: return "musl";
	case GOELF_LIBC_BIONIC: return "bionic";
	case GOELF_LIBC_BSD: return "bsd";
	default: return "unknown";
	}
}

/*
 * Static glibc that still loads code at run time: NSS modules
 * (libnss_*.so.2, named by /etc/nsswitch.conf) behind getaddrinfo,
 * getpwnam_r ..., gconv modules behind iconv, and dlopen itself.
 * "Static glibc" is the libc family glibc without PT_INTERP or NEEDED.
 * Evidence, so that it survives strip: the functions in .symtab when
 * there is one; the cgo resolver and user-lookup functions in the
 * pclntab; glibc's own strings in read-only data ("libnss_%s.so" from
 * nss_module.c, "gconv-modules" from gconv_conf.c).  Each entry is
 * "symbol=", "pclntab=" or "string=" + the name.
 */
void
goelf_an_static_nss(const struct goelf_facts *f, enum goelf_libc libc,
		    enum goelf_link_kind lk, unsigned go_funcs,
		    struct goelf_analysis *an)
{
	static const char *const nss[] = {
		"getaddrinfo",	      "getnameinfo",  "gethostbyname",
		"gethostbyname_r",    "getpwnam",     "getpwnam_r",
		"getpwuid",	      "getpwuid_r",   "getgrnam_r",
		"getgrgid_r",	      "getgrouplist", "dlopen",
		"__libc_dlopen_mode", "iconv_open",
	};
	static const char *const strs[] = { "libnss_%s.so", "gconv-modules" };
	struct goelf_strlist *out = &an->static_glibc_nss;

	if (libc != GOELF_LIBC_GLIBC || lk == GOELF_LINK_DYNAMIC ||
	    f->debug_only)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(nss); i++)
		if (goelf_strlist_has(&f->markers, nss[i]))
			goelf_strlist_addf_bounded(out, "symbol=%s", nss[i]);
	if (go_funcs & GOELF_FN_CGO_RESOLVER)
		goelf_strlist_add(out, "pclntab=net._C2func_getaddrinfo");
	if (go_funcs & GOELF_FN_CGO_USER)
		goelf_strlist_add(out, "pclntab=os/user._Cfunc_mygetpwuid_r");
	for (size_t i = 0; i < ARRAY_SIZE(strs); i++)
		if (goelf_strlist_has(&f->string_markers, strs[i]))
			goelf_strlist_addf_bounded(out, "string=%s", strs[i]);
}
