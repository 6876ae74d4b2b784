/*
 * rt_needs.c - the data files a Go binary reads at run time, and the
 * temp dir it writes, checked in the root it is judged in: CA
 * certificates, zoneinfo, NSS modules, the run user's passwd line, a
 * writable temp dir.  Each is asked only when the binary's evidence
 * says it is used (analyze/an_go.c: needs_*; an_libc.c:
 * static_glibc_nss); fills x->out's needs and adds WARN problems.
 *
 * Sources (see each function): Go 1.19 crypto/x509 root_linux.go,
 * root_unix.go; time/zoneinfo.go, zoneinfo_read.go, zoneinfo_unix.go,
 * zoneinfo_goroot.go; os/user lookup_unix.go, lookup_stubs.go,
 * cgo_lookup_unix.go; os/file_unix.go tempDir; glibc 2.36
 * nss/nss_database.c, nss_module.c.  Permission checks follow Linux
 * DAC: uid 0 passes (CAP_DAC_OVERRIDE, which Docker keeps); otherwise
 * the owner bits when the uid owns it, else the group bits when the gid
 * matches (supplementary groups are not known), else the other bits.
 */
#include "runtime/runtime.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define RT_MAX_CERT_ENTRIES 4096u /* directory entries looked at */
#define RT_MAX_CERT_READS   256u  /* files read for a PEM block */
#define RT_MAX_NSS_SERVICES 16u	  /* services per database line */
#define RT_MAX_NSS_LINE	    4096u /* nsswitch.conf line kept */
#define RT_MAX_PW_LINES	    1000000u

static void
need_set(struct goelf_rt_need *n, bool found, const char *path)
{
	n->needed = true;
	n->found = found;
	free(n->path);
	n->path = path ? goelf_xstrdup(path) : NULL;
}

static uint32_t
run_uid(const struct goelf_rt_ctx *x)
{
	return x->env && x->env->has_uid ? x->env->uid : 0;
}

static uint32_t
run_gid(const struct goelf_rt_ctx *x)
{
	return x->env && x->env->has_uid ? x->env->gid : 0;
}

static const char *
getenv_nonempty(const struct goelf_rt_ctx *x, const char *k)
{
	const char *v = x->env ? goelf_rt_getenv(x->env, k) : NULL;

	return v && *v ? v : NULL;
}

/* The permission bits (rwx, 0..7) that apply to the run user. */
static unsigned
perm_bits(const struct goelf_rt_ctx *x, const struct goelf_rootfs_stat *st)
{
	if (st->uid == run_uid(x))
		return (st->mode >> 6) & 7;
	if (st->gid == run_gid(x))
		return (st->mode >> 3) & 7;
	return st->mode & 7;
}

static bool
may(const struct goelf_rt_ctx *x, const struct goelf_rootfs_stat *st,
    unsigned want)
{
	if (run_uid(x) == 0)
		return true;
	return (perm_bits(x, st) & want) == want;
}

/* Every directory above resolved path res can be searched (x). */
static bool
reachable(const struct goelf_rt_ctx *x, const char *res)
{
	char dir[GOELF_IMAGE_MAX_PATH];
	size_t l = strlen(res);

	if (run_uid(x) == 0)
		return true;
	if (l >= sizeof(dir))
		return false;
	memcpy(dir, res, l + 1);
	for (size_t i = 1; i < l && i < sizeof(dir); i++) {
		struct goelf_rootfs_stat st;

		if (dir[i] != '/')
			continue;
		dir[i] = '\0';
		if (goelf_rootfs_stat(x->fs, dir, true, &st, NULL, 0) != 0 ||
		    st.kind != GOELF_RFS_DIR || !may(x, &st, 1)) {
			return false;
		}
		dir[i] = '/';
	}
	{
		struct goelf_rootfs_stat st;

		return goelf_rootfs_stat(x->fs, "/", true, &st, NULL, 0) == 0 &&
		       may(x, &st, 1);
	}
}

/* p made absolute against the working directory, into out. */
static bool
abs_path(const struct goelf_rt_ctx *x, const char *p, char *out, size_t sz)
{
	const char *wd = x->env && x->env->workdir && x->env->workdir[0] == '/'
				 ? x->env->workdir
				 : "";
	int w = p[0] == '/' ? snprintf(out, sz, "%s", p)
			    : snprintf(out, sz, "%s/%s", wd, p);

	return w >= 0 && (size_t)w < sz;
}

/* --- CA certificates ----------------------------------------------------
 *
 * crypto/x509 loadSystemRoots (root_unix.go): the files (SSL_CERT_FILE
 * when set and not empty, else certFiles) are tried in order and the
 * FIRST ONE THAT READS is used, even when it holds no certificate (an
 * empty bundle at the first path hides a good one at a later path);
 * then every directory (SSL_CERT_DIR split at ':' since Go 1.16, one
 * directory before; else certDirectories) is listed and each file in
 * it read.  The pool is empty when neither gave a PEM certificate.
 * A bundle counts when it holds "-----BEGIN CERTIFICATE-----" (or,
 * from an image view that keeps no bytes of it, when it is not empty).
 */
static const char *const cert_files[] = {
	"/etc/ssl/certs/ca-certificates.crt",
	"/etc/pki/tls/certs/ca-bundle.crt",
	"/etc/ssl/ca-bundle.pem",
	"/etc/pki/tls/cacert.pem",
	"/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
	"/etc/ssl/cert.pem",
};
static const char *const cert_dirs[] = {
	"/etc/ssl/certs",
	"/etc/pki/tls/certs",
	"/system/etc/security/cacerts",
};

/* 1: path is a readable regular file with a certificate; 0: readable
 * without one; -1: it does not read (absent, a directory, denied). */
static int
cert_file(const struct goelf_rt_ctx *x, const char *path, unsigned *reads)
{
	struct goelf_rootfs_stat st;
	char res[GOELF_IMAGE_MAX_PATH];
	uint8_t *data = NULL;
	size_t n = 0;
	int rc;

	if (goelf_rootfs_stat(x->fs, path, true, &st, res, sizeof(res)) != 0 ||
	    st.kind != GOELF_RFS_REG || !may(x, &st, 4) || !reachable(x, res))
		return -1;
	if (st.size == 0)
		return 0;
	if (*reads >= RT_MAX_CERT_READS)
		return 1; /* not looked at: counted by its size */
	(*reads)++;
	rc = goelf_rootfs_read(x->fs, res, GOELF_ROOTFS_MAX_FILE, &data, &n);
	if (rc == -ENODATA || rc == -EFBIG)
		return 1;
	if (rc != 0)
		return -1;
	rc = memmem(data, n, "-----BEGIN CERTIFICATE-----", 27) ? 1 : 0;
	free(data);
	return rc;
}

/* Whether directory dir gives at least one certificate. */
static bool
cert_dir(const struct goelf_rt_ctx *x, const char *dir, unsigned *reads)
{
	struct goelf_strlist names = { 0 };
	struct goelf_rootfs_stat st;
	char res[GOELF_IMAGE_MAX_PATH], p[GOELF_IMAGE_MAX_PATH];
	bool found = false;
	int n;

	if (goelf_rootfs_stat(x->fs, dir, true, &st, res, sizeof(res)) != 0 ||
	    st.kind != GOELF_RFS_DIR || !may(x, &st, 5) || !reachable(x, res))
		return false;
	n = goelf_rootfs_list(x->fs, res, &names);
	/* Same-directory symlinks (readUniqueDirectoryEntries) are skipped
	 * by Go only because their targets are read anyway: counting them
	 * changes no answer to "is there a certificate". */
	for (int i = 0; n > 0 && i < n && (size_t)i < names.n &&
			(unsigned)i < RT_MAX_CERT_ENTRIES && !found;
	     i++) {
		int w = snprintf(p, sizeof(p), "%s/%s",
				 strcmp(res, "/") ? res : "", names.v[i]);

		if (w < 0 || (size_t)w >= sizeof(p))
			continue;
		if (cert_file(x, p, reads) == 1)
			found = true;
		if (*reads >= RT_MAX_CERT_READS && !found)
			break;
	}
	goelf_strlist_release(&names);
	return found;
}

static void
need_certs(struct goelf_rt_ctx *x)
{
	const struct goelf_analysis *an = &x->r->an;
	const char *fenv = getenv_nonempty(x, "SSL_CERT_FILE");
	const char *denv = getenv_nonempty(x, "SSL_CERT_DIR");
	int minor = an->go_version ? goelf_go_minor(an->go_version) : -1;
	char p[GOELF_IMAGE_MAX_PATH];
	const char *where = NULL;
	unsigned reads = 0;
	bool found = false;

	if (!an->needs_ca_certs)
		return;
	if (fenv) {
		if (abs_path(x, fenv, p, sizeof(p)) &&
		    cert_file(x, p, &reads) == 1) {
			found = true;
			where = p;
		}
	} else {
		for (size_t i = 0; i < ARRAY_SIZE(cert_files); i++) {
			int rc = cert_file(x, cert_files[i], &reads);

			if (rc < 0)
				continue;
			if (rc == 1) {
				found = true;
				where = cert_files[i];
			}
			break; /* the first file that reads is the one */
		}
	}
	if (found) {
		need_set(&x->out->ca_certs, true, where);
		return;
	}
	if (denv) {
		/* Go 1.16 (CL 205237) split the list at ':'; older
		 * releases took the value as one directory. */
		const char *s = denv;

		for (unsigned k = 0; *s && k < 64; k++) {
			const char *c = minor >= 0 && minor < 16
						? NULL
						: strchr(s, ':');
			size_t l = c ? (size_t)(c - s) : strlen(s);
			char d[GOELF_IMAGE_MAX_PATH];

			if (l && l < sizeof(d)) {
				memcpy(d, s, l);
				d[l] = '\0';
				if (abs_path(x, d, p, sizeof(p)) &&
				    cert_dir(x, p, &reads)) {
					need_set(&x->out->ca_certs, true, p);
					return;
				}
			}
			if (!c)
				break;
			s = c + 1;
		}
	} else {
		for (size_t i = 0; i < ARRAY_SIZE(cert_dirs); i++)
			if (cert_dir(x, cert_dirs[i], &reads)) {
				need_set(&x->out->ca_certs, true, cert_dirs[i]);
				return;
			}
	}
	need_set(&x->out->ca_certs, false, fenv ? fenv : cert_files[0]);
	goelf_rt_problem(
		x, "runtime.no_ca_certs", GOELF_SEV_WARN,
		"no CA certificates for crypto/x509 in %s (%s%s%s): TLS "
		"fails with 'x509: certificate signed by unknown "
		"authority'; fix: COPY --from=build "
		"/etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/",
		x->env && x->env->image ? x->env->image : "the root",
		fenv ? "SSL_CERT_FILE=" : "looked in ",
		fenv ? fenv
		     : "/etc/ssl/certs/ca-certificates.crt and 5 "
		       "other bundles, /etc/ssl/certs, "
		       "/etc/pki/tls/certs",
		denv ? ", SSL_CERT_DIR set" : "");
}

/* --- zoneinfo -------------------------------------------------------------
 *
 * time.LoadLocation (zoneinfo.go): $ZONEINFO (a directory or an
 * uncompressed zip) first, then platformZoneSources (zoneinfo_unix.go),
 * then the embedded copy (time/tzdata: needs_tzdata is false then),
 * then runtime.GOROOT()/lib/time/zoneinfo.zip: $GOROOT when set (the
 * GOROOT the binary was built with is not recorded with -trimpath, and
 * its zip is not in a run-time image).  A directory counts when it has
 * an entry: goelf cannot know which zone the program loads.
 */
static const char *const zone_dirs[] = {
	"/usr/share/zoneinfo",
	"/usr/share/lib/zoneinfo",
	"/usr/lib/locale/TZ",
};

static bool
zone_source(const struct goelf_rt_ctx *x, const char *path, bool zip_ok)
{
	struct goelf_rootfs_stat st;
	struct goelf_strlist names = { 0 };
	char res[GOELF_IMAGE_MAX_PATH];
	int n;

	if (goelf_rootfs_stat(x->fs, path, true, &st, res, sizeof(res)) != 0 ||
	    !reachable(x, res))
		return false;
	if (st.kind == GOELF_RFS_REG)
		return zip_ok && st.size > 0 && may(x, &st, 4);
	if (st.kind != GOELF_RFS_DIR || !may(x, &st, 5))
		return false;
	n = goelf_rootfs_list(x->fs, res, &names);
	goelf_strlist_release(&names);
	return n > 0;
}

static void
need_zoneinfo(struct goelf_rt_ctx *x)
{
	const char *zenv = getenv_nonempty(x, "ZONEINFO");
	const char *groot = getenv_nonempty(x, "GOROOT");
	char p[GOELF_IMAGE_MAX_PATH];

	if (!x->r->an.needs_tzdata)
		return;
	if (zenv && abs_path(x, zenv, p, sizeof(p)) &&
	    zone_source(x, p, true)) {
		need_set(&x->out->zoneinfo, true, p);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(zone_dirs); i++)
		if (zone_source(x, zone_dirs[i], false)) {
			need_set(&x->out->zoneinfo, true, zone_dirs[i]);
			return;
		}
	if (groot) {
		int w = snprintf(p, sizeof(p), "%s/lib/time/zoneinfo.zip",
				 groot);

		if (w > 0 && (size_t)w < sizeof(p) && p[0] == '/' &&
		    zone_source(x, p, true)) {
			need_set(&x->out->zoneinfo, true, p);
			return;
		}
	}
	need_set(&x->out->zoneinfo, false, zenv ? zenv : zone_dirs[0]);
	goelf_rt_problem(
		x, "runtime.no_tzdata", GOELF_SEV_WARN,
		"no zoneinfo in %s (%s%s): time.LoadLocation fails with "
		"'unknown time zone'; fix: COPY --from=build "
		"/usr/share/zoneinfo /usr/share/zoneinfo, or build with "
		"import _ \"time/tzdata\"",
		x->env && x->env->image ? x->env->image : "the root",
		zenv ? "ZONEINFO=" : "looked in ",
		zenv ? zenv
		     : "/usr/share/zoneinfo, /usr/share/lib/zoneinfo, "
		       "/usr/lib/locale/TZ");
}

/* --- NSS ------------------------------------------------------------------
 *
 * glibc 2.36 nss_database.c: /etc/nsswitch.conf is read line by line
 * ("database: service [action] service ..."; a line that getline ends
 * at EOF without '\n' is not processed); a missing or unreadable file
 * means the defaults: passwd and group "files", hosts "files dns"
 * (Debian builds without --enable-obsolete-nsl; with it passwd would be
 * "compat [NOTFOUND=return] files").  Since 2.34 "files" and "dns" are
 * in libc itself (nss_module.c module_load); every other service is
 * dlopen("libnss_SERVICE.so.2").  A static binary dlopens the image's
 * module, which must be of the glibc the binary was linked with.
 */
enum {
	DB_PASSWD = 1,
	DB_GROUP = 2,
	DB_HOSTS = 4
};

static const struct {
	const char *name;
	unsigned bit;
	const char *defaults;
} nss_dbs[] = {
	{ "passwd", DB_PASSWD, "files" },
	{ "group", DB_GROUP, "files" },
	{ "hosts", DB_HOSTS, "files dns" },
};

static unsigned
nss_db_of(const char *sym)
{
	static const struct {
		const char *sym;
		unsigned db;
	} m[] = {
		{ "getaddrinfo", DB_HOSTS },	{ "getnameinfo", DB_HOSTS },
		{ "gethostbyname", DB_HOSTS },	{ "gethostbyname_r", DB_HOSTS },
		{ "gethostbyname2", DB_HOSTS }, { "gethostbyaddr", DB_HOSTS },
		{ "getpwnam", DB_PASSWD },	{ "getpwnam_r", DB_PASSWD },
		{ "getpwuid", DB_PASSWD },	{ "getpwuid_r", DB_PASSWD },
		{ "getpwent", DB_PASSWD },	{ "getgrnam", DB_GROUP },
		{ "getgrnam_r", DB_GROUP },	{ "getgrgid", DB_GROUP },
		{ "getgrgid_r", DB_GROUP },	{ "getgrouplist", DB_GROUP },
		{ "initgroups", DB_GROUP },
	};

	for (size_t i = 0; i < ARRAY_SIZE(m); i++)
		if (!strcmp(sym, m[i].sym))
			return m[i].db;
	return 0;
}

/* The databases the binary's evidence says it asks NSS for. */
static unsigned
nss_databases(const struct goelf_rt_ctx *x, bool is_static)
{
	const struct goelf_report *r = x->r;
	const struct goelf_facts *f = &r->facts;
	unsigned dbs = 0;

	if (r->an.go_funcs & GOELF_FN_CGO_USER)
		dbs |= DB_PASSWD | DB_GROUP;
	if (r->an.go_funcs & GOELF_FN_CGO_RESOLVER)
		dbs |= DB_HOSTS;
	if (is_static) {
		for (size_t i = 0; i < f->markers.n; i++)
			dbs |= nss_db_of(f->markers.v[i]);
		/* module loading code without a named caller: any */
		if (!dbs &&
		    goelf_strlist_has(&f->string_markers, "libnss_%s.so"))
			dbs = DB_PASSWD | DB_GROUP | DB_HOSTS;
		return dbs;
	}
	for (size_t i = 0; f->dynstr && i < f->ndynsyms; i++) {
		const struct goelf_dynsym *s = &f->dynsyms[i];

		if (s->shndx != 0 || s->name >= f->dynstr_size)
			continue;
		dbs |= nss_db_of(f->dynstr + s->name);
	}
	return dbs;
}

/* The highest GLIBC_2.x verdef of the image's libc.so.6, into out
 * ("" when unknown). */
static void
image_glibc(struct goelf_rt_ctx *x, char *out, size_t outsz)
{
	const struct goelf_rt_lib *libc = NULL;
	char path[GOELF_IMAGE_MAX_PATH];
	enum goelf_rt_how how = GOELF_RT_NOT_FOUND;

	out[0] = '\0';
	for (size_t i = 0; x->loaded && i < x->nloaded && !libc; i++) {
		const struct goelf_rt_lib *l = x->loaded[i];
		const char *b = l && l->path ? strrchr(l->path, '/') : NULL;

		if (l && l->err == GOELF_OK &&
		    ((l->facts.soname &&
		      !strcmp(l->facts.soname, "libc.so.6")) ||
		     (b && !strcmp(b + 1, "libc.so.6"))))
			libc = l;
	}
	if (!libc)
		libc = goelf_rt_search(x, "libc.so.6", path, sizeof(path),
				       &how);
	if (!libc || libc->err != GOELF_OK)
		return;
	for (size_t i = 0; i < libc->facts.nverdef; i++) {
		const char *v = libc->facts.verdef[i].name;

		if (!v || strncmp(v, "GLIBC_2.", 8) ||
		    !(v[8] >= '0' && v[8] <= '9'))
			continue;
		if (!out[0] || goelf_version_cmp(v + 6, out) > 0)
			snprintf(out, outsz, "%s", v + 6);
	}
}

/* The service line of database db in conf (NUL-terminated), or NULL;
 * a copy of at most RT_MAX_NSS_LINE bytes into line. */
static const char *
nss_line(const char *conf, size_t n, const char *db, char *line, size_t linesz)
{
	size_t dl = strlen(db), off = 0;
	const char *hit = NULL;

	for (unsigned k = 0; conf && off < n && k < RT_MAX_PW_LINES; k++) {
		const char *nl = memchr(conf + off, '\n', n - off);
		const char *s = conf + off;
		size_t len;

		if (!nl)
			break; /* glibc drops a last line without '\n' */
		len = (size_t)(nl - s);
		off += len + 1;
		while (len && (*s == ' ' || *s == '\t' || *s == '\r' ||
			       *s == '\f' || *s == '\v')) {
			s++;
			len--;
		}
		if (len > dl && !memcmp(s, db, dl) &&
		    (s[dl] == ':' || s[dl] == ' ' || s[dl] == '\t')) {
			size_t i = dl, cl;

			while (i < len &&
			       (s[i] == ':' || s[i] == ' ' || s[i] == '\t'))
				i++;
			cl = len - i;
			if (cl >= linesz)
				cl = linesz - 1;
			memcpy(line, s + i, cl);
			line[cl] = '\0';
			/* a comment ends the list */
			{
				char *h = strchr(line, '#');

				if (h)
					*h = '\0';
			}
			hit = line; /* the last line for a database wins */
		}
	}
	return hit;
}

/* The service names of a service line ("files [NOTFOUND=return] dns"),
 * actions dropped, into svc (at most max, each cut at 64 bytes). */
struct nss_svc {
	char name[72];
};

static size_t
nss_services(const char *line, struct nss_svc *svc, size_t max)
{
	size_t n = 0;
	const char *p = line;

	while (*p && n < max) {
		const char *s;
		size_t l;

		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (*p == '[') {
			const char *e = strchr(p, ']');

			if (!e)
				break;
			p = e + 1;
			continue;
		}
		if (!*p)
			break;
		s = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '[')
			p++;
		l = (size_t)(p - s);
		if (l >= sizeof(svc[n].name))
			l = sizeof(svc[n].name) - 1;
		memcpy(svc[n].name, s, l);
		svc[n].name[l] = '\0';
		n++;
	}
	return n;
}

static bool
svc_name_ok(const char *s)
{
	size_t l = strlen(s);

	if (!l || l > 64)
		return false;
	for (size_t i = 0; i < l; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
		      s[i] == '-' || s[i] == '.'))
			return false;
	return true;
}

static void
need_nss(struct goelf_rt_ctx *x)
{
	const struct goelf_analysis *an = &x->r->an;
	bool dyn = an->libc == GOELF_LIBC_GLIBC &&
		   an->link_kind == GOELF_LINK_DYNAMIC;
	bool is_static = an->static_glibc_nss.n > 0;
	char glibc[32], line[RT_MAX_NSS_LINE], path[GOELF_IMAGE_MAX_PATH];
	char *conf;
	size_t n = 0;
	unsigned dbs;
	int builtin; /* files and dns in libc: 1 yes, 0 no, -1 unknown */

	if (!dyn && !is_static)
		return;
	dbs = nss_databases(x, is_static && !dyn);
	if (!dbs)
		return;
	conf = NULL;
	{
		uint8_t *data = NULL;
		struct goelf_rootfs_stat st;

		if (goelf_rootfs_stat(x->fs, "/etc/nsswitch.conf", true, &st,
				      NULL, 0) == 0 &&
		    st.kind == GOELF_RFS_REG && may(x, &st, 4) &&
		    goelf_rootfs_read(x->fs, "/etc/nsswitch.conf",
				      GOELF_ROOTFS_MAX_FILE, &data, &n) == 0)
			conf = (char *)data;
		else
			free(data);
	}
	need_set(&x->out->nsswitch, conf != NULL, "/etc/nsswitch.conf");
	if (is_static && !dyn) {
		builtin = -1; /* the binary's own glibc: not recorded */
		glibc[0] = '\0';
	} else {
		image_glibc(x, glibc, sizeof(glibc));
		builtin = glibc[0] ? goelf_version_cmp(glibc, "2.34") >= 0 : -1;
	}
	for (size_t d = 0; d < ARRAY_SIZE(nss_dbs); d++) {
		struct nss_svc svc[RT_MAX_NSS_SERVICES];
		const char *l;
		size_t ns;

		if (!(dbs & nss_dbs[d].bit))
			continue;
		l = nss_line(conf, conf ? n : 0, nss_dbs[d].name, line,
			     sizeof(line));
		if (!l) {
			snprintf(line, sizeof(line), "%s", nss_dbs[d].defaults);
			l = line;
		}
		ns = nss_services(l, svc, ARRAY_SIZE(svc));
		for (size_t i = 0; i < ns; i++) {
			enum goelf_rt_how how = GOELF_RT_NOT_FOUND;
			const char *sv = svc[i].name;
			char mod[96];
			bool core = !strcmp(sv, "files") || !strcmp(sv, "dns");

			if (!svc_name_ok(sv))
				continue;
			if (core && builtin != 0)
				continue; /* in libc, or cannot be told */
			snprintf(mod, sizeof(mod), "libnss_%.64s.so.2", sv);
			if (goelf_rt_search(x, mod, path, sizeof(path), &how))
				continue;
			goelf_rt_problem(
				x, "runtime.nss_missing", GOELF_SEV_WARN,
				"%s: %s lookups (nsswitch.conf%s '%s: %s') "
				"need %s, which is not in %s%s%s%s: glibc "
				"skips the service, so what only it knows is "
				"not found; fix: install it, drop '%s' from "
				"the %s line, or build with CGO_ENABLED=0 "
				"(-tags netgo,osusergo)",
				x->at ? x->at : "the binary", nss_dbs[d].name,
				conf ? "" : " missing: glibc's default",
				nss_dbs[d].name, sv, mod,
				x->env && x->env->image ? x->env->image
							: "the root",
				glibc[0] ? " (glibc " : "",
				glibc[0] ? glibc : "",
				is_static && !dyn
					? "; a static binary needs the "
					  "module of the very glibc it was "
					  "linked with, which the file does "
					  "not record"
				: glibc[0] ? ")"
					   : "",
				sv, nss_dbs[d].name);
		}
	}
	free(conf);
}

/* --- the run user's passwd line ----------------------------------------
 *
 * user.Current() (os/user): pure Go (lookup_stubs.go, every release
 * since Go 1.12 prefers /etc/passwd) looks the uid up in /etc/passwd
 * (lookup_unix.go matchUserIndexValue: trimmed lines, '#' comments,
 * at least 6 ':', the uid field equal to the decimal uid, a name that
 * does not start with '+' or '-', numeric uid and gid), and on failure
 * builds the user from $USER and $HOME: it fails only when one is
 * empty.  runc always sets HOME (the passwd home, else "/"), so $USER
 * decides.  With cgo (cgo_lookup_unix.go) it is getpwuid_r through
 * NSS, without a fallback: no line means 'user: unknown userid N'.
 */
static bool
passwd_has_uid(const char *data, size_t n, uint32_t uid, bool go_rules)
{
	char want[16];
	size_t wl, off = 0;

	snprintf(want, sizeof(want), "%u", uid);
	wl = strlen(want);
	for (unsigned k = 0; off < n && k < RT_MAX_PW_LINES; k++) {
		const char *nl = memchr(data + off, '\n', n - off);
		const char *s = data + off, *f[7];
		size_t len = nl ? (size_t)(nl - s) : n - off, nf = 0;

		off += len + (nl ? 1 : 0);
		while (len && (*s == ' ' || *s == '\t' || *s == '\r'))
			s++, len--;
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
			       s[len - 1] == '\r'))
			len--;
		if (!len || *s == '#' || *s == '+' || *s == '-' || *s == ':')
			continue;
		f[nf++] = s;
		for (size_t i = 0; i < len && nf < 7; i++)
			if (s[i] == ':')
				f[nf++] = s + i + 1;
		if (nf < (go_rules ? 7u : 4u))
			continue;
		{
			const char *u = f[2];
			size_t ul = (size_t)(f[3] - 1 - u), gl;
			const char *g = f[3];

			gl = nf > 4 ? (size_t)(f[4] - 1 - g)
				    : (size_t)(s + len - g);
			if (go_rules) {
				bool num = gl > 0;

				for (size_t i = 0; i < gl; i++)
					if (!(g[i] >= '0' && g[i] <= '9') &&
					    !(i == 0 &&
					      (g[i] == '-' || g[i] == '+')))
						num = false;
				if (ul == wl && !memcmp(u, want, wl) && num)
					return true;
			} else {
				/* nss_files: the number's value */
				unsigned long long v = 0;
				bool num = ul > 0 && ul <= 10;

				for (size_t i = 0; num && i < ul; i++) {
					if (u[i] < '0' || u[i] > '9')
						num = false;
					else
						v = v * 10 +
						    (unsigned)(u[i] - '0');
				}
				if (num && v == uid)
					return true;
			}
		}
	}
	return false;
}

static void
need_passwd(struct goelf_rt_ctx *x)
{
	const struct goelf_analysis *an = &x->r->an;
	bool cgo = (an->go_funcs & GOELF_FN_CGO_USER) != 0;
	struct goelf_rootfs_stat st;
	char res[GOELF_IMAGE_MAX_PATH];
	uint8_t *data = NULL;
	size_t n = 0;
	bool readable, has = false;
	uint32_t uid = run_uid(x);

	if (!an->needs_passwd)
		return;
	readable = goelf_rootfs_stat(x->fs, "/etc/passwd", true, &st, res,
				     sizeof(res)) == 0 &&
		   st.kind == GOELF_RFS_REG && may(x, &st, 4) &&
		   reachable(x, res) &&
		   goelf_rootfs_read(x->fs, "/etc/passwd",
				     GOELF_ROOTFS_MAX_FILE, &data, &n) == 0;
	if (readable)
		has = passwd_has_uid((const char *)data, n, uid, !cgo);
	free(data);
	/* found: the file reads and, when user.Current() is called, has
	 * the run user's line */
	need_set(&x->out->passwd,
		 readable && (has || !(an->go_funcs & GOELF_FN_USER_CURRENT)),
		 "/etc/passwd");
	if (has || !(an->go_funcs & GOELF_FN_USER_CURRENT))
		return;
	if (!cgo && getenv_nonempty(x, "USER"))
		return; /* lookup_stubs.go: $USER and $HOME suffice */
	if (cgo) {
		/* Services other than files may know the uid. */
		struct nss_svc svc[RT_MAX_NSS_SERVICES];
		char line[RT_MAX_NSS_LINE];
		uint8_t *c = NULL;
		size_t cn = 0, ns;
		const char *l = NULL;

		if (goelf_rootfs_read(x->fs, "/etc/nsswitch.conf",
				      GOELF_ROOTFS_MAX_FILE, &c, &cn) == 0)
			l = nss_line((const char *)c, cn, "passwd", line,
				     sizeof(line));
		free(c);
		if (l) {
			ns = nss_services(l, svc, ARRAY_SIZE(svc));
			for (size_t i = 0; i < ns; i++) {
				/* compat reads /etc/passwd like files */
				const char *sv = svc[i].name;
				enum goelf_rt_how how = GOELF_RT_NOT_FOUND;
				char mod[96], mp[GOELF_IMAGE_MAX_PATH];

				if (!strcmp(sv, "files") ||
				    !strcmp(sv, "compat") || !svc_name_ok(sv))
					continue;
				snprintf(mod, sizeof(mod), "libnss_%.64s.so.2",
					 sv);
				if (goelf_rt_search(x, mod, mp, sizeof(mp),
						    &how))
					return; /* it may know the uid */
			}
		}
	}
	goelf_rt_problem(
		x, "runtime.no_passwd_entry", GOELF_SEV_WARN,
		"uid %u has no line in /etc/passwd of %s%s: user.Current() "
		"fails with '%s'; fix: add a line such as "
		"'app:x:%u:%u::/home/app:/sbin/nologin' to /etc/passwd%s",
		uid, x->env && x->env->image ? x->env->image : "the root",
		readable ? "" : " (missing or unreadable)",
		cgo ? "user: unknown userid"
		    : "user: Current requires cgo or $USER set in environment",
		uid, run_gid(x), cgo ? "" : ", or set USER in the Env");
}

/* --- the temp dir ----------------------------------------------------------
 *
 * os.CreateTemp and os.MkdirTemp with dir "" use os.TempDir(): $TMPDIR,
 * else /tmp (file_unix.go tempDir; nothing checks it).  Creating a file
 * there needs write and search permission on the directory (the sticky
 * bit only limits removing other users' files) and a writable file
 * system: a --tmpfs mount at it or above it always is (Docker mounts
 * tmpfs 1777, a Kubernetes emptyDir 0777).
 */
static bool
under(const char *path, const char *mnt)
{
	size_t ml = strlen(mnt);

	while (ml > 1 && mnt[ml - 1] == '/')
		ml--;
	if (ml == 1 && mnt[0] == '/')
		return true;
	return !strncmp(path, mnt, ml) && (path[ml] == '\0' || path[ml] == '/');
}

static bool
tmpfs_covers(const struct goelf_rt_ctx *x, const char *lit, const char *res)
{
	for (size_t i = 0; x->env && i < x->env->tmpfs.n; i++) {
		const char *m = x->env->tmpfs.v[i];
		char mr[GOELF_IMAGE_MAX_PATH];
		struct goelf_rootfs_stat st;

		if (!m || m[0] != '/')
			continue;
		if (under(lit, m) || (res[0] && under(res, m)))
			return true;
		/* runc mounts at the destination resolved in the root */
		if (goelf_rootfs_stat(x->fs, m, true, &st, mr, sizeof(mr)) ==
			    0 &&
		    res[0] && under(res, mr))
			return true;
	}
	return false;
}

static void
need_tmp(struct goelf_rt_ctx *x)
{
	const char *tenv = getenv_nonempty(x, "TMPDIR");
	char dir[GOELF_IMAGE_MAX_PATH], res[GOELF_IMAGE_MAX_PATH];
	struct goelf_rootfs_stat st;
	const char *why = NULL;
	bool perm = false;
	int rc;

	if (!x->r->an.needs_tmp)
		return;
	if (!abs_path(x, tenv ? tenv : "/tmp", dir, sizeof(dir)))
		snprintf(dir, sizeof(dir), "/tmp");
	/* trailing slashes say nothing more */
	for (size_t l = strlen(dir); l > 1 && dir[l - 1] == '/'; l--)
		dir[l - 1] = '\0';
	res[0] = '\0';
	rc = goelf_rootfs_stat(x->fs, dir, true, &st, res, sizeof(res));
	if (rc != 0 && rc != -ENOENT)
		res[0] = '\0';
	if (tmpfs_covers(x, dir, rc == 0 ? res : "")) {
		need_set(&x->out->tmp, true, dir);
		return;
	}
	if (rc != 0 || st.kind == GOELF_RFS_NONE)
		why = "does not exist";
	else if (st.kind != GOELF_RFS_DIR)
		why = "is not a directory";
	else if (x->env && x->env->read_only_root)
		why = "is on the read-only root file system";
	else if (!reachable(x, res) || !may(x, &st, 3))
		why = "is not writable", perm = true;
	if (!why) {
		need_set(&x->out->tmp, true, dir);
		return;
	}
	need_set(&x->out->tmp, false, dir);
	if (perm) {
		goelf_rt_problem(
			x, "runtime.tmp_not_writable", GOELF_SEV_WARN,
			"the temp dir %s%s %s for uid %u gid %u (owner %u:%u, "
			"mode %04o): os.CreateTemp fails with 'permission "
			"denied'; fix: mount an emptyDir at %s (--tmpfs %s) "
			"or create it with mode 1777 in the image",
			dir, tenv ? " ($TMPDIR)" : "", why, run_uid(x),
			run_gid(x), st.uid, st.gid, st.mode & 07777, dir, dir);
		return;
	}
	goelf_rt_problem(x, "runtime.tmp_not_writable", GOELF_SEV_WARN,
			 "the temp dir %s%s %s: os.CreateTemp fails; fix: "
			 "mount an emptyDir at %s (--tmpfs %s) or create it "
			 "with mode 1777 in the image",
			 dir, tenv ? " ($TMPDIR)" : "", why, dir, dir);
}

void
goelf_rt_needs(struct goelf_rt_ctx *x)
{
	if (!x || !x->r || !x->fs || !x->out)
		return;
	need_certs(x);
	need_zoneinfo(x);
	need_nss(x);
	need_passwd(x);
	need_tmp(x);
}
