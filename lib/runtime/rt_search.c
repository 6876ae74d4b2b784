/*
 * runtime/rt_search.c - where the loader finds a DT_NEEDED library in
 * the root: glibc's order (elf/dl-load.c _dl_map_object, open_path,
 * open_verify; elf/dl-hwcaps.c) and musl's (ldso/dynlink.c
 * load_library, path_open, fixup_rpath), the dynamic string tokens,
 * and the candidate checks.  Reads the root only through the cache.
 */
#include "runtime/runtime.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define PATHSZ GOELF_IMAGE_MAX_PATH

const char *
goelf_rt_platform(uint16_t machine)
{
	/* $PLATFORM is AT_PLATFORM, the kernel's ELF_PLATFORM. */
	switch (machine) {
	case EM_X86_64: return "x86_64";
	case EM_386: return "i686";
	case EM_AARCH64: return "aarch64";
	case EM_ARM: return "v7l";
	case EM_PPC64: return "power8";
	case EM_S390: return "s390x";
	case EM_RISCV: return "riscv64";
	default: return NULL;
	}
}

/* LIBC_ABI_MAX of gen-libc-abis over libc-abis: DEFAULT, UNIQUE,
 * (IFUNC on x86, powerpc, sparc, riscv), ABSOLUTE. */
static unsigned
libc_abi_max(uint16_t machine)
{
	switch (machine) {
	case EM_X86_64:
	case EM_386:
	case EM_PPC:
	case EM_PPC64:
	case EM_SPARC:
	case EM_SPARCV9:
	case EM_RISCV: return 4;
	default: return 3;
	}
}

/*
 * open_verify (elf/dl-load.c) for a file ld.so opened:
 * - skipped, the search goes on (ENOENT): another EI_CLASS
 *   (found_other_class), another e_machine (elf_machine_matches_host);
 * - fatal, the whole load stops (_dl_signal_exception): shorter than
 *   the Ehdr ("file too short"), no ELF magic ("invalid ELF header"),
 *   another EI_DATA, EI_VERSION or e_version not current, OSABI not
 *   SYSV or GNU, an ABI version other than 0 (GNU: below LIBC_ABI_MAX),
 *   nonzero e_ident padding, e_type not ET_DYN/ET_EXEC, a wrong
 *   e_phentsize.  The checks run in that order.
 * A file our ELF loader could not read past the header is fatal too
 * (ld.so would fail mapping it).
 */
int
goelf_rt_verify(const struct goelf_rt_lib *l, int elf_class,
		enum goelf_endian endian, uint16_t machine, const char **why)
{
	const uint8_t *h = l->ehdr;
	size_t need = elf_class == 64 ? 64 : 52;
	enum goelf_endian fe;
	uint16_t type, mach, phent;
	uint32_t ver;

	*why = NULL;
	if (l->nehdr < need) {
		*why = "file too short";
		return -1;
	}
	if (memcmp(h, ELFMAG, SELFMAG)) {
		*why = "invalid ELF header";
		return -1;
	}
	if (h[EI_CLASS] != (elf_class == 64 ? ELFCLASS64 : ELFCLASS32))
		return 1;
	if (h[EI_DATA] != (endian == GOELF_BIG ? ELFDATA2MSB : ELFDATA2LSB)) {
		*why = endian == GOELF_BIG
			       ? "ELF file data encoding not big-endian"
			       : "ELF file data encoding not little-endian";
		return -1;
	}
	if (h[EI_VERSION] != EV_CURRENT) {
		*why = "ELF file version ident does not match current one";
		return -1;
	}
	if (h[EI_OSABI] != ELFOSABI_SYSV && h[EI_OSABI] != ELFOSABI_GNU) {
		*why = "ELF file OS ABI invalid";
		return -1;
	}
	if (h[EI_ABIVERSION] != 0 &&
	    !(h[EI_OSABI] == ELFOSABI_GNU &&
	      h[EI_ABIVERSION] < libc_abi_max(machine))) {
		*why = "ELF file ABI version invalid";
		return -1;
	}
	for (size_t i = EI_PAD; i < EI_NIDENT; i++)
		if (h[i]) {
			*why = "nonzero padding in e_ident";
			return -1;
		}
	fe = endian;
	type = goelf_get_u16(h + 16, fe);
	mach = goelf_get_u16(h + 18, fe);
	ver = goelf_get_u32(h + 20, fe);
	phent = goelf_get_u16(h + (elf_class == 64 ? 54 : 42), fe);
	if (ver != EV_CURRENT) {
		*why = "ELF file version does not match current one";
		return -1;
	}
	if (mach != machine)
		return 1;
	if (type != ET_DYN && type != ET_EXEC) {
		*why = "only ET_DYN and ET_EXEC can be loaded";
		return -1;
	}
	if (phent != (elf_class == 64 ? 56 : 32)) {
		*why = "ELF file's phentsize not the expected size";
		return -1;
	}
	if (l->err != GOELF_OK) {
		*why = l->error ? l->error : goelf_strerror(l->err);
		return -1;
	}
	return 0;
}

/* The length of the DST name at s (after '$'), or 0: "ORIGIN",
 * "{ORIGIN}" ..., ending at a non-identifier character (is_dst). */
static size_t
dst_match(const char *s, const char *name, size_t *skip)
{
	size_t n = strlen(name);

	if (s[0] == '{') {
		if (!strncmp(s + 1, name, n) && s[1 + n] == '}') {
			*skip = n + 2;
			return n;
		}
		return 0;
	}
	if (!strncmp(s, name, n) &&
	    !((s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= 'a' && s[n] <= 'z') ||
	      (s[n] >= '0' && s[n] <= '9') || s[n] == '_')) {
		*skip = n;
		return n;
	}
	return 0;
}

bool
goelf_rt_expand(const char *s, const char *origin, const char *lib,
		const char *platform, bool musl, char *out, size_t outsz)
{
	struct goelf_buf b;
	bool ok = true;

	goelf_buf_init(&b, outsz ? outsz - 1 : 0);
	while (*s && ok) {
		const char *val = NULL;
		size_t skip = 0;

		if (*s != '$') {
			goelf_buf_addc(&b, *s++);
			continue;
		}
		if (dst_match(s + 1, "ORIGIN", &skip))
			val = origin;
		else if (!musl && dst_match(s + 1, "LIB", &skip))
			val = lib;
		else if (!musl && dst_match(s + 1, "PLATFORM", &skip))
			val = platform;
		else if (musl) {
			/* fixup_rpath: any other '$' voids the rpath. */
			ok = false;
			break;
		} else {
			/* An unknown $X is kept as written. */
			goelf_buf_addc(&b, *s++);
			continue;
		}
		if (!val) { /* a known DST without a value: dropped */
			ok = false;
			break;
		}
		goelf_buf_adds(&b, val);
		s += 1 + skip;
	}
	if (b.truncated)
		ok = false;
	if (ok && outsz)
		snprintf(out, outsz, "%s", b.buf);
	goelf_buf_release(&b);
	return ok;
}

bool
goelf_rt_musl_reserved(const char *name)
{
	/* load_library: "lib" + one of "c.pthread.rt.m.dl.util.xnet."
	 * (each with its '.'), whatever follows. */
	static const char *const reserved[] = { "c.",  "pthread.", "rt.",  "m.",
						"dl.", "util.",	   "xnet." };

	if (strncmp(name, "lib", 3))
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(reserved); i++)
		if (!strncmp(name + 3, reserved[i], strlen(reserved[i])))
			return true;
	return false;
}

/* The Debian multiarch triplet of a machine, or NULL. */
static const char *
triplet(uint16_t machine, int elf_class)
{
	switch (machine) {
	case EM_X86_64:
		return elf_class == 64 ? "x86_64-linux-gnu"
				       : "x86_64-linux-gnux32";
	case EM_386: return "i386-linux-gnu";
	case EM_AARCH64: return "aarch64-linux-gnu";
	case EM_ARM: return "arm-linux-gnueabihf";
	case EM_PPC64: return "powerpc64le-linux-gnu";
	case EM_S390: return "s390x-linux-gnu";
	case EM_RISCV: return "riscv64-linux-gnu";
	case EM_MIPS: return "mips64el-linux-gnuabi64";
	default: return NULL;
	}
}

static bool
is_dir(struct goelf_rt_ctx *x, const char *path)
{
	enum goelf_rootfs_kind k;

	return goelf_rt_libs_stat(x->libs, path, NULL, 0, &k) == 0 &&
	       k == GOELF_RFS_DIR;
}

void
goelf_rt_sysdirs(struct goelf_rt_ctx *x, struct goelf_strlist *out)
{
	const struct goelf_facts *f = &x->r->facts;
	const char *t = triplet(f->e_machine, f->elf_class);
	char buf[256];

	if (x->interp && x->interp->sysdirs.n) {
		for (size_t i = 0; i < x->interp->sysdirs.n; i++)
			goelf_strlist_add(out, x->interp->sysdirs.v[i]);
		return;
	}
	/* Not found in the ld.so: Debian's multiarch order when the root
	 * has /usr/lib/<triplet>, else upstream's $(slibdir):$(libdir)
	 * (/lib64, /usr/lib64 for 64-bit; /lib, /usr/lib for 32-bit). */
	snprintf(buf, sizeof(buf), "/usr/lib/%s", t ? t : "");
	if (t && is_dir(x, buf)) {
		snprintf(buf, sizeof(buf), "/lib/%s/", t);
		goelf_strlist_add(out, buf);
		snprintf(buf, sizeof(buf), "/usr/lib/%s/", t);
		goelf_strlist_add(out, buf);
		goelf_strlist_add(out, "/lib/");
		goelf_strlist_add(out, "/usr/lib/");
	} else if (f->elf_class == 64) {
		goelf_strlist_add(out, "/lib64/");
		goelf_strlist_add(out, "/usr/lib64/");
	} else {
		goelf_strlist_add(out, "/lib/");
		goelf_strlist_add(out, "/usr/lib/");
	}
}

const char *
goelf_rt_dst_lib(struct goelf_rt_ctx *x, char *buf, size_t n)
{
	/* DL_DST_LIB: upstream notdir($(slibdir)) = "lib64"; Debian
	 * patches it to "lib/x86_64-linux-gnu".  Both are the first
	 * system directory without its slashes. */
	struct goelf_strlist d = { 0 };
	const char *s;
	size_t len;

	goelf_rt_sysdirs(x, &d);
	s = d.n ? d.v[0] : "/lib/";
	while (*s == '/')
		s++;
	len = strlen(s);
	while (len && s[len - 1] == '/')
		len--;
	snprintf(buf, n, "%.*s", (int)len, s);
	goelf_strlist_release(&d);
	return buf;
}

/* a + "/" + b into out (a "" or "/": b alone, b absolute); false when
 * it does not fit.  out may be a. */
static bool
join(char *out, size_t outsz, const char *a, const char *b)
{
	char tmp[PATHSZ];
	size_t la = strlen(a);
	int n;

	while (la && a[la - 1] == '/')
		la--;
	while (*b == '/')
		b++;
	n = snprintf(tmp, sizeof(tmp), "%.*s/%s", (int)la, a, b);
	if (n < 0 || (size_t)n >= sizeof(tmp) || (size_t)n >= outsz)
		return false;
	memcpy(out, tmp, (size_t)n + 1);
	return true;
}

/* One candidate file: 1 usable (*lib), 0 go on, -1 fatal (*fatal). */
static int
try_file(struct goelf_rt_ctx *x, const char *cand, char *out, size_t outsz,
	 const struct goelf_rt_lib **lib, const char **fatal)
{
	const struct goelf_facts *f = &x->r->facts;
	char res[PATHSZ];
	enum goelf_rootfs_kind k;
	const struct goelf_rt_lib *l;
	int v;

	if (x->tries >= GOELF_RT_MAX_TRIES) {
		x->out->limit_reached = true;
		return 0;
	}
	x->tries++;
	if (goelf_rt_libs_stat(x->libs, cand, res, sizeof(res), &k) != 0 ||
	    k != GOELF_RFS_REG)
		return 0;
	l = goelf_rt_libs_get(x->libs, res);
	if (!l) {
		/* A directory view that could not open it: EACCES,
		 * skipped.  An image keeps every ELF file: not ELF. */
		if (!strcmp(goelf_rootfs_kind_name(x->fs), "dir"))
			return 0;
		*fatal = "invalid ELF header";
		snprintf(out, outsz, "%s", res);
		return -1;
	}
	if (x->is_musl) {
		/* musl takes the first file that opens; map_library
		 * fails on what is not a loadable ELF file. */
		snprintf(out, outsz, "%s", res);
		snprintf(x->opened, sizeof(x->opened), "%s", cand);
		if (l->err != GOELF_OK || l->facts.e_machine != f->e_machine ||
		    l->facts.elf_class != f->elf_class) {
			*fatal =
				l->err != GOELF_OK
					? (l->error ? l->error
						    : "not a loadable ELF file")
					: "another machine or ELF class";
			return -1;
		}
		*lib = l;
		return 1;
	}
	v = goelf_rt_verify(l, f->elf_class, f->endian, f->e_machine, fatal);
	if (v == 1)
		return 0;
	snprintf(out, outsz, "%s", res);
	snprintf(x->opened, sizeof(x->opened), "%s", cand);
	if (v < 0)
		return -1;
	*lib = l;
	return 1;
}

/* The glibc-hwcaps subdirectories for the assumed ISA level, best
 * first (sysdeps/x86_64/dl-hwcaps-subdirs.c; only x86-64 has them). */
static size_t
hwcaps(struct goelf_rt_ctx *x, const char **v)
{
	static const char *const names[] = { "x86-64-v4", "x86-64-v3",
					     "x86-64-v2" };
	unsigned lvl = x->env ? x->env->isa_level : 1;
	size_t n = 0;

	if (x->is_musl || x->r->facts.e_machine != EM_X86_64 ||
	    x->r->facts.elf_class != 64)
		return 0;
	for (unsigned i = 0; i < 3; i++)
		if (lvl >= 4 - i)
			v[n++] = names[i];
	return n;
}

/* dir (absolute, or relative to the cwd), its hwcaps subdirectories
 * first; 1/0/-1 as try_file. */
static int
try_dir(struct goelf_rt_ctx *x, const char *dir, const char *name, char *out,
	size_t outsz, const struct goelf_rt_lib **lib, const char **fatal,
	struct goelf_buf *searched)
{
	const char *cwd = x->env && x->env->workdir && *x->env->workdir
				  ? x->env->workdir
				  : "/";
	static const char *const legacy[] = { "tls/x86_64/x86_64", "tls/x86_64",
					      "tls", "x86_64/x86_64",
					      "x86_64" };
	const char *hw[3];
	size_t nhw = hwcaps(x, hw);
	bool x64 = !x->is_musl && x->r->facts.e_machine == EM_X86_64 &&
		   x->r->facts.elf_class == 64;
	char base[PATHSZ], sub[PATHSZ], cand[PATHSZ];
	int rc;

	if (searched)
		goelf_buf_addf(searched, " %s", dir);
	if (!join(base, sizeof(base), dir[0] == '/' ? "" : cwd, dir))
		return 0;
	for (size_t i = 0; i < nhw; i++) {
		if (!join(sub, sizeof(sub), base, "glibc-hwcaps") ||
		    !join(sub, sizeof(sub), sub, hw[i]))
			continue;
		/* A missing subdirectory is cached (nonexisting). */
		if (!is_dir(x, sub) || !join(cand, sizeof(cand), sub, name))
			continue;
		rc = try_file(x, cand, out, outsz, lib, fatal);
		if (rc)
			return rc;
	}
	/* glibc <= 2.36 then tries the legacy subdirectories: tls and
	 * the platform and hwcap names (both "x86_64" on x86-64), as
	 * LD_DEBUG=libs shows on Debian 12; only when the ld.so has them. */
	for (size_t i = 0; x64 && x->interp && x->interp->legacy_hwcaps &&
			   i < ARRAY_SIZE(legacy);
	     i++) {
		if (!join(sub, sizeof(sub), base, legacy[i]) ||
		    !is_dir(x, sub) || !join(cand, sizeof(cand), sub, name))
			continue;
		rc = try_file(x, cand, out, outsz, lib, fatal);
		if (rc)
			return rc;
	}
	if (!join(cand, sizeof(cand), base, name))
		return 0;
	return try_file(x, cand, out, outsz, lib, fatal);
}

/* Each directory of a musl path list (split at ':' and newlines, as its
 * path_open does; empty ones skipped) with try_dir, until one answers. */
static int
musl_list(struct goelf_rt_ctx *x, const char *list, const char *name, char *out,
	  size_t outsz, const struct goelf_rt_lib **lib, const char **fatal,
	  struct goelf_buf *searched)
{
	int rc = 0;

	for (const char *p = list; *p && !rc;) {
		size_t l = strcspn(p, ":\n");
		char dir[PATHSZ];

		if (l && l < sizeof(dir)) {
			memcpy(dir, p, l);
			dir[l] = 0;
			rc = try_dir(x, dir, name, out, outsz, lib, fatal,
				     searched);
		}
		p += l;
		if (*p)
			p++;
	}
	return rc;
}

/* Each element of the list (split at ':' and, when semi, ';'),
 * expanded with the DSTs of origin. */
static int
try_list(struct goelf_rt_ctx *x, const char *list, bool semi,
	 const char *origin, const char *name, char *out, size_t outsz,
	 const struct goelf_rt_lib **lib, const char **fatal,
	 struct goelf_buf *searched)
{
	char libbuf[256], el[PATHSZ], exp[PATHSZ];
	const char *p = list;
	const char *dlib = goelf_rt_dst_lib(x, libbuf, sizeof(libbuf));
	const char *plat = goelf_rt_platform(x->r->facts.e_machine);

	while (p) {
		size_t n = strcspn(p, semi ? ":;" : ":");
		int rc;

		if (n >= sizeof(el)) {
			p = p[n] ? p + n + 1 : NULL;
			continue;
		}
		memcpy(el, p, n);
		el[n] = 0;
		p = p[n] ? p + n + 1 : NULL;
		/* fillin_rpath: an empty element is the cwd. */
		if (!goelf_rt_expand(*el ? el : ".", origin, dlib, plat,
				     x->is_musl, exp, sizeof(exp)))
			continue;
		if (x->is_musl && !*el)
			continue;
		rc = try_dir(x, exp, name, out, outsz, lib, fatal, searched);
		if (rc)
			return rc;
	}
	return 0;
}

static int
try_strlist(struct goelf_rt_ctx *x, const struct goelf_strlist *l,
	    const char *origin, const char *name, char *out, size_t outsz,
	    const struct goelf_rt_lib **lib, const char **fatal,
	    struct goelf_buf *searched)
{
	for (size_t i = 0; i < l->n; i++) {
		int rc = try_list(x, l->v[i], false, origin, name, out, outsz,
				  lib, fatal, searched);

		if (rc)
			return rc;
	}
	return 0;
}

/* A path under one of the system directories (DF_1_NODEFLIB). */
static bool
under_sysdir(const struct goelf_strlist *sys, const char *path)
{
	for (size_t i = 0; i < sys->n; i++) {
		size_t n = strlen(sys->v[i]);

		if (!strncmp(path, sys->v[i], n) && !strchr(path + n, '/'))
			return true;
	}
	return false;
}

static const struct goelf_rt_lib *
find_glibc(struct goelf_rt_ctx *x, size_t req, const char *name, char *out,
	   size_t outsz, enum goelf_rt_how *how, struct goelf_buf *searched,
	   const char **fatal)
{
	const struct goelf_rt_obj *o = &x->objs[req];
	const struct goelf_rt_obj *exe = &x->objs[0];
	const struct goelf_rt_lib *lib = NULL;
	const char *llp =
		x->env ? goelf_rt_getenv(x->env, "LD_LIBRARY_PATH") : NULL;
	bool nodeflib = o->f->has_flags_1 && (o->f->dt_flags_1 & DF_1_NODEFLIB);
	struct goelf_strlist sys = { 0 };
	const struct goelf_ldcache *c;
	int rc = 0;

	/* DT_RPATH of the object and its loaders up to the executable,
	 * only when the object has no DT_RUNPATH; an executable with
	 * DT_RUNPATH contributes no DT_RPATH (_dl_init_paths). */
	if (!o->f->runpath.n) {
		if (searched && o->f->rpath.n)
			goelf_buf_adds(searched, " RPATH");
		for (int i = (int)req; i >= 0 && !rc; i = x->objs[i].loader) {
			const struct goelf_rt_obj *p = &x->objs[i];

			if (i == 0 && p->f->runpath.n)
				break;
			rc = try_strlist(x, &p->f->rpath, p->origin, name, out,
					 outsz, &lib, fatal, searched);
			if (i == 0)
				break;
		}
		if (rc) {
			*how = GOELF_RT_RPATH;
			goto done;
		}
	}
	if (llp && *llp) {
		if (searched)
			goelf_buf_adds(searched, " LD_LIBRARY_PATH");
		rc = try_list(x, llp, true, exe->origin, name, out, outsz, &lib,
			      fatal, searched);
		if (rc) {
			*how = GOELF_RT_LD_LIBRARY_PATH;
			goto done;
		}
	}
	if (o->f->runpath.n) {
		if (searched)
			goelf_buf_adds(searched, " RUNPATH");
		rc = try_strlist(x, &o->f->runpath, o->origin, name, out, outsz,
				 &lib, fatal, searched);
		if (rc) {
			*how = GOELF_RT_RUNPATH;
			goto done;
		}
	}
	goelf_rt_sysdirs(x, &sys);
	c = goelf_rt_libs_ldcache(x->libs);
	if (!c) {
		bool lim = false;
		const char *why = goelf_rt_libs_ldcache_why(x->libs, &lim);

		if (why && lim) {
			x->out->limit_reached = true;
			goelf_rt_problem(x, "input.limit_reached",
					 GOELF_SEV_WARN, "%s", why);
		} else if (why)
			goelf_rt_problem(x, "input.malformed", GOELF_SEV_WARN,
					 "%s", why);
	}
	if (c && goelf_ldcache_matches_endian(c, x->r->facts.endian)) {
		const char *hit = goelf_ldcache_lookup(
			c, name,
			goelf_ldcache_flags_for(x->r->facts.e_machine,
						x->r->facts.elf_class == 64 ? 2
									    : 1,
						x->r->facts.e_flags),
			x->env ? x->env->isa_level : 1);

		if (searched)
			goelf_buf_adds(searched, " ld.so.cache");
		if (hit && hit[0] == '/' &&
		    !(nodeflib && under_sysdir(&sys, hit))) {
			rc = try_file(x, hit, out, outsz, &lib, fatal);
			if (rc) {
				*how = GOELF_RT_LDCACHE;
				goto done;
			}
		}
	}
	if (!nodeflib) {
		for (size_t i = 0; i < sys.n && !rc; i++)
			rc = try_dir(x, sys.v[i], name, out, outsz, &lib, fatal,
				     searched);
		if (rc)
			*how = GOELF_RT_SYSTEM;
	}
done:
	goelf_strlist_release(&sys);
	if (rc <= 0) {
		if (rc == 0)
			*how = GOELF_RT_NOT_FOUND;
		return NULL;
	}
	return lib;
}

static const struct goelf_rt_lib *
find_musl(struct goelf_rt_ctx *x, size_t req, const char *name, char *out,
	  size_t outsz, enum goelf_rt_how *how, struct goelf_buf *searched,
	  const char **fatal)
{
	const struct goelf_rt_lib *lib = NULL;
	const char *llp =
		x->env ? goelf_rt_getenv(x->env, "LD_LIBRARY_PATH") : NULL;
	char pathf[PATHSZ];
	uint8_t *data = NULL;
	size_t n = 0;
	int rc = 0, rd;

	if (llp && *llp) {
		if (searched)
			goelf_buf_adds(searched, " LD_LIBRARY_PATH");
		rc = musl_list(x, llp, name, out, outsz, &lib, fatal, searched);
		if (rc) {
			*how = GOELF_RT_LD_LIBRARY_PATH;
			goto done;
		}
	}
	/* The rpath of the requester, then of its needed_by, up the
	 * chain: DT_RUNPATH when present, else DT_RPATH (decode_dyn);
	 * both inherited; only $ORIGIN expanded. */
	for (int i = (int)req; i >= 0 && !rc; i = x->objs[i].loader) {
		const struct goelf_rt_obj *p = &x->objs[i];
		const struct goelf_strlist *l =
			p->f->runpath.n ? &p->f->runpath : &p->f->rpath;

		if (searched && l->n)
			goelf_buf_adds(searched,
				       p->f->runpath.n ? " RUNPATH" : " RPATH");
		rc = try_strlist(x, l, p->origin, name, out, outsz, &lib, fatal,
				 searched);
		if (rc)
			*how = p->f->runpath.n ? GOELF_RT_RUNPATH
					       : GOELF_RT_RPATH;
	}
	if (rc)
		goto done;
	/* The system path: <ldso prefix>/etc/ld-musl-ARCH.path, where the
	 * prefix is the PT_INTERP string minus its last two components;
	 * ENOENT: musl's default; unreadable or empty: none. */
	{
		const char *ld = x->r->facts.interp ? x->r->facts.interp : "";
		const char *s, *t, *z;
		size_t plen = 0;

		if (ld[0] == '/') {
			for (s = t = z = ld; *s; s++)
				if (*s == '/') {
					z = t;
					t = s;
				}
			plen = (size_t)(z - ld);
		}
		snprintf(pathf, sizeof(pathf), "%.*s/etc/ld-musl-%s.path",
			 (int)plen, ld, x->musl_arch ? x->musl_arch : "");
	}
	rd = goelf_rootfs_read(x->fs, pathf, GOELF_ROOTFS_MAX_FILE, &data, &n);
	if (rd == 0 || rd != -ENOENT) {
		if (searched)
			goelf_buf_addf(searched, " %s:", pathf);
		rc = musl_list(x, rd == 0 ? (const char *)data : "", name, out,
			       outsz, &lib, fatal, searched);
		if (rc)
			*how = GOELF_RT_MUSL_PATH;
	} else {
		static const char *const def[] = { "/lib", "/usr/local/lib",
						   "/usr/lib" };

		for (size_t i = 0; i < ARRAY_SIZE(def) && !rc; i++)
			rc = try_dir(x, def[i], name, out, outsz, &lib, fatal,
				     searched);
		if (rc)
			*how = GOELF_RT_MUSL_DEFAULT;
	}
	free(data);
done:
	if (rc <= 0) {
		if (rc == 0)
			*how = GOELF_RT_NOT_FOUND;
		return NULL;
	}
	return lib;
}

const struct goelf_rt_lib *
goelf_rt_find(struct goelf_rt_ctx *x, size_t req, const char *name, char *out,
	      size_t outsz, enum goelf_rt_how *how, struct goelf_buf *searched,
	      const char **fatal)
{
	const struct goelf_rt_obj *o = &x->objs[req];
	char libbuf[256], exp[PATHSZ], cand[PATHSZ];
	const char *nm = name;
	const struct goelf_rt_lib *lib = NULL;
	int rc;

	*fatal = NULL;
	*how = GOELF_RT_NOT_FOUND;
	out[0] = 0;
	/* A DST in a NEEDED name is expanded (dl-deps.c expand_dst). */
	if (!x->is_musl && strchr(name, '$')) {
		if (!goelf_rt_expand(
			    name, o->origin,
			    goelf_rt_dst_lib(x, libbuf, sizeof(libbuf)),
			    goelf_rt_platform(x->r->facts.e_machine), false,
			    exp, sizeof(exp)))
			return NULL;
		nm = exp;
	}
	if (strchr(nm, '/')) {
		/* Opened as written, relative to the process cwd. */
		const char *cwd = x->env && x->env->workdir && *x->env->workdir
					  ? x->env->workdir
					  : "/";

		if (!join(cand, sizeof(cand), nm[0] == '/' ? "" : cwd, nm))
			return NULL;
		if (searched)
			goelf_buf_addf(searched, " %s", cand);
		rc = try_file(x, cand, out, outsz, &lib, fatal);
		*how = rc > 0 ? GOELF_RT_DIRECT : GOELF_RT_NOT_FOUND;
		return rc > 0 ? lib : NULL;
	}
	if (x->is_musl)
		return find_musl(x, req, nm, out, outsz, how, searched, fatal);
	return find_glibc(x, req, nm, out, outsz, how, searched, fatal);
}

const struct goelf_rt_lib *
goelf_rt_search(struct goelf_rt_ctx *x, const char *name, char *out,
		size_t outsz, enum goelf_rt_how *how)
{
	const char *fatal = NULL;

	if (!x->nobjs) {
		*how = GOELF_RT_NOT_FOUND;
		if (outsz)
			out[0] = 0;
		return NULL;
	}
	if (x->is_musl && goelf_rt_musl_reserved(name) && x->interp) {
		*how = GOELF_RT_MUSL_RESERVED;
		snprintf(out, outsz, "%s", x->interp->path);
		return x->interp;
	}
	/* dlopen of a name already loaded returns that object (glibc by
	 * _dl_name_match_p, musl by shortname) */
	for (size_t i = 1; i < x->nobjs; i++) {
		const struct goelf_rt_obj *o = &x->objs[i];

		if (goelf_strlist_has(&o->names, name) ||
		    (!x->is_musl && o->f->soname &&
		     !strcmp(o->f->soname, name))) {
			*how = GOELF_RT_LOADED;
			snprintf(out, outsz, "%s", o->path);
			return o->lib;
		}
	}
	return goelf_rt_find(x, 0, name, out, outsz, how, NULL, &fatal);
}
