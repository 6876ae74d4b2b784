/*
 * test_rtneeds.c - lib/runtime rt_needs.c and rt_env.c over directory
 * roots built in mkdtemp dirs: each data file present, absent, empty,
 * unreadable; TMPDIR, --tmpfs, a read-only root, uid 65532 against dir
 * modes; passwd and group parsing with hostile lines; the entrypoint.
 *
 * Truth from outside goelf: the probe (fixtures/src/probe, fixture
 * go-probe) run in those roots with chroot --userspec (as root only;
 * skipped otherwise), each of its four lines compared with goelf's
 * judgement of the same binary in the same root.
 */
#include "testutil.h"

#include "runtime/runtime.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>

/* --- roots ------------------------------------------------------------ */

static char *
mkroot(void)
{
	char tmpl[] = "/tmp/goelf-rtneeds.XXXXXX";
	char *d = mkdtemp(tmpl);

	assert_non_null(d);
	assert_int_equal(chmod(d, 0755), 0);
	return strdup(d);
}

static void
rmroot(char *root)
{
	char cmd[4200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
	free(root);
}

/* mkdir -p of rel under root (parents 0755), the last one with mode. */
static void
mkd(const char *root, const char *rel, mode_t mode)
{
	char p[4096];
	size_t l;

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	l = strlen(root) + 1;
	for (size_t i = l; p[i]; i++)
		if (p[i] == '/') {
			p[i] = '\0';
			mkdir(p, 0755);
			p[i] = '/';
		}
	mkdir(p, mode);
	assert_int_equal(chmod(p, mode), 0);
}

static void
put(const char *root, const char *rel, const void *data, size_t n, mode_t mode)
{
	char p[4096], dir[4096];
	char *slash;
	FILE *f;

	snprintf(dir, sizeof(dir), "%s", rel);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		mkd(root, dir, 0755);
	}
	snprintf(p, sizeof(p), "%s/%s", root, rel);
	f = fopen(p, "wb");
	assert_non_null(f);
	if (n)
		assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
	assert_int_equal(chmod(p, mode), 0);
}

static void
puts_(const char *root, const char *rel, const char *s)
{
	put(root, rel, s, strlen(s), 0644);
}

static void
copy_in(const char *root, const char *from, const char *rel, mode_t mode)
{
	char cmd[8400], dir[4096], *slash;

	snprintf(dir, sizeof(dir), "%s", rel);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		mkd(root, dir, 0755);
	}
	snprintf(cmd, sizeof(cmd), "cp -L '%s' '%s/%s' && chmod %o '%s/%s'",
		 from, root, rel, (unsigned)mode, root, rel);
	assert_int_equal(system(cmd), 0);
}

/* root + "/" + rel in a static buffer (one at a time). */
static const char *
rp(const char *root, const char *rel)
{
	static char p[4200];

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	return p;
}

static const char PEM[] = "-----BEGIN CERTIFICATE-----\n"
			  "MIIBfake\n"
			  "-----END CERTIFICATE-----\n";

/* --- judging ---------------------------------------------------------- */

static const char *
probe_path(void)
{
	const char *p = getenv("GOELF_PROBE");

	if (p && *p)
		return p;
	return fixture("go-probe");
}

static bool
have(const char *path)
{
	return access(path, R_OK) == 0;
}

struct judged {
	struct goelf_report r;
	struct goelf_rootfs *fs;
	struct goelf_rt_libs *libs;
};

static void
judge_env(struct judged *j, const char *root, const char *file,
	  struct goelf_rt_env *env)
{
	struct goelf_buf err;

	memset(j, 0, sizeof(*j));
	goelf_buf_init(&err, 256);
	j->fs = goelf_rootfs_open_dir(root, &err);
	assert_non_null(j->fs);
	goelf_buf_release(&err);
	assert_int_equal(goelf_report_file(file, &j->r), GOELF_OK);
	j->libs = goelf_rt_libs_new(j->fs);
	env->image = root;
	goelf_runtime_judge(&j->r, j->fs, j->libs, env, "/probe");
}

/* uid (-1: root, user unset), Env entries (NULL-terminated). */
static void
judge(struct judged *j, const char *root, long uid, const char *const *kv)
{
	struct goelf_rt_env env = { 0 };

	if (uid >= 0) {
		env.has_uid = true;
		env.uid = env.gid = (uint32_t)uid;
	}
	for (size_t i = 0; kv && kv[i]; i++)
		goelf_strlist_add(&env.env, kv[i]);
	judge_env(j, root, probe_path(), &env);
	goelf_rt_env_release(&env);
}

static void
unjudge(struct judged *j)
{
	goelf_rt_libs_free(j->libs);
	goelf_report_release(&j->r);
	goelf_rootfs_free(j->fs);
}

static const struct goelf_rt_problem *
problem(const struct judged *j, const char *id)
{
	for (size_t i = 0; i < j->r.runtime.nproblems; i++)
		if (!strcmp(j->r.runtime.problems[i].id, id))
			return &j->r.runtime.problems[i];
	return NULL;
}

static bool
has_problem(const struct judged *j, const char *id)
{
	return problem(j, id) != NULL;
}

#define SKIP_NO_PROBE()                                                        \
	do {                                                                   \
		if (!have(probe_path())) {                                     \
			print_message("skipped: no probe at %s (build "        \
				      "fixture go-probe or set "               \
				      "GOELF_PROBE)\n",                        \
				      probe_path());                           \
			skip();                                                \
		}                                                              \
	} while (0)

/* --- the evidence ------------------------------------------------------ */

/* The probe calls all four (its source); go-minimal none of them. */
static void
test_evidence(void **state)
{
	struct goelf_report r = { 0 };

	(void)state;
	SKIP_NO_PROBE();
	assert_int_equal(goelf_report_file(probe_path(), &r), GOELF_OK);
	assert_true(r.an.needs_ca_certs);
	assert_true(r.an.needs_tzdata);
	assert_true(r.an.needs_passwd);
	assert_true(r.an.needs_tmp);
	assert_true(r.an.go_funcs & GOELF_FN_USER_CURRENT);
	assert_true(r.an.go_funcs & GOELF_FN_USER_FILES);
	assert_false(r.an.go_funcs & GOELF_FN_CGO_USER);
	goelf_report_release(&r);
	if (have(fixture("go-minimal"))) {
		assert_int_equal(goelf_report_file(fixture("go-minimal"), &r),
				 GOELF_OK);
		assert_false(r.an.needs_passwd);
		assert_false(r.an.needs_tmp);
		goelf_report_release(&r);
	}
}

/* --- CA certificates ------------------------------------------------- */

static void
test_certs(void **state)
{
	struct judged j;
	char *root;

	(void)state;
	SKIP_NO_PROBE();
	/* none */
	root = mkroot();
	judge(&j, root, 65532, NULL);
	assert_true(j.r.runtime.ca_certs.needed);
	assert_false(j.r.runtime.ca_certs.found);
	assert_true(has_problem(&j, "runtime.no_ca_certs"));
	unjudge(&j);
	/* the Debian bundle */
	puts_(root, "etc/ssl/certs/ca-certificates.crt", PEM);
	judge(&j, root, 65532, NULL);
	assert_true(j.r.runtime.ca_certs.found);
	assert_string_equal(j.r.runtime.ca_certs.path,
			    "/etc/ssl/certs/ca-certificates.crt");
	assert_false(has_problem(&j, "runtime.no_ca_certs"));
	unjudge(&j);
	/* unreadable for 65532, fine for root */
	put(root, "etc/ssl/certs/ca-certificates.crt", PEM, sizeof(PEM) - 1,
	    0600);
	judge(&j, root, 65532, NULL);
	assert_false(j.r.runtime.ca_certs.found);
	unjudge(&j);
	judge(&j, root, -1, NULL);
	assert_true(j.r.runtime.ca_certs.found);
	unjudge(&j);
	rmroot(root);

	/* an empty bundle first hides a good one later (Go reads the
	 * first file that reads) */
	root = mkroot();
	put(root, "etc/pki/tls/certs/ca-bundle.crt", "", 0, 0644);
	puts_(root, "etc/ssl/cert.pem", PEM);
	judge(&j, root, 65532, NULL);
	assert_false(j.r.runtime.ca_certs.found);
	unjudge(&j);
	/* ... but a certificate file in /etc/ssl/certs counts */
	puts_(root, "etc/ssl/certs/my.pem", PEM);
	judge(&j, root, 65532, NULL);
	assert_true(j.r.runtime.ca_certs.found);
	assert_string_equal(j.r.runtime.ca_certs.path, "/etc/ssl/certs");
	unjudge(&j);
	rmroot(root);

	/* a bundle without a PEM block does not count */
	root = mkroot();
	puts_(root, "etc/ssl/certs/ca-certificates.crt", "not a cert\n");
	judge(&j, root, 65532, NULL);
	assert_false(j.r.runtime.ca_certs.found);
	unjudge(&j);
	/* SSL_CERT_FILE replaces the list; SSL_CERT_DIR is a ':' list */
	puts_(root, "certs/x.pem", PEM);
	{
		const char *kv[] = { "SSL_CERT_FILE=/certs/x.pem", NULL };

		judge(&j, root, 65532, kv);
		assert_true(j.r.runtime.ca_certs.found);
		assert_string_equal(j.r.runtime.ca_certs.path, "/certs/x.pem");
		unjudge(&j);
	}
	{
		const char *kv[] = { "SSL_CERT_FILE=/nope.pem",
				     "SSL_CERT_DIR=/nothere:/certs", NULL };

		judge(&j, root, 65532, kv);
		assert_true(j.r.runtime.ca_certs.found);
		assert_string_equal(j.r.runtime.ca_certs.path, "/certs");
		unjudge(&j);
	}
	{
		const char *kv[] = { "SSL_CERT_DIR=/nothere", NULL };

		judge(&j, root, 65532, kv);
		assert_false(j.r.runtime.ca_certs.found);
		unjudge(&j);
	}
	rmroot(root);
}

/* --- zoneinfo ---------------------------------------------------------- */

static void
test_zoneinfo(void **state)
{
	struct judged j;
	char *root;

	(void)state;
	SKIP_NO_PROBE();
	root = mkroot();
	judge(&j, root, 65532, NULL);
	assert_true(j.r.runtime.zoneinfo.needed);
	assert_false(j.r.runtime.zoneinfo.found);
	assert_true(has_problem(&j, "runtime.no_tzdata"));
	unjudge(&j);
	/* an empty directory is none */
	mkd(root, "usr/share/zoneinfo", 0755);
	judge(&j, root, 65532, NULL);
	assert_false(j.r.runtime.zoneinfo.found);
	unjudge(&j);
	puts_(root, "usr/share/zoneinfo/Europe/Berlin", "TZif2");
	judge(&j, root, 65532, NULL);
	assert_true(j.r.runtime.zoneinfo.found);
	assert_string_equal(j.r.runtime.zoneinfo.path, "/usr/share/zoneinfo");
	assert_false(has_problem(&j, "runtime.no_tzdata"));
	unjudge(&j);
	rmroot(root);
	/* ZONEINFO (a zip) and GOROOT's zip */
	root = mkroot();
	puts_(root, "z/zoneinfo.zip", "PK");
	{
		const char *kv[] = { "ZONEINFO=/z/zoneinfo.zip", NULL };

		judge(&j, root, 65532, kv);
		assert_true(j.r.runtime.zoneinfo.found);
		unjudge(&j);
	}
	puts_(root, "go/lib/time/zoneinfo.zip", "PK");
	{
		const char *kv[] = { "GOROOT=/go", NULL };

		judge(&j, root, 65532, kv);
		assert_true(j.r.runtime.zoneinfo.found);
		assert_string_equal(j.r.runtime.zoneinfo.path,
				    "/go/lib/time/zoneinfo.zip");
		unjudge(&j);
	}
	rmroot(root);
}

/* --- the temp dir ------------------------------------------------------ */

static void
tmp_case(const char *root, long uid, const char *const *kv, const char *tmpfs,
	 bool ro, bool want_ok)
{
	struct goelf_rt_env env = { 0 };
	struct judged j;

	if (uid >= 0) {
		env.has_uid = true;
		env.uid = env.gid = (uint32_t)uid;
	}
	for (size_t i = 0; kv && kv[i]; i++)
		goelf_strlist_add(&env.env, kv[i]);
	if (tmpfs)
		goelf_strlist_add(&env.tmpfs, tmpfs);
	env.read_only_root = ro;
	judge_env(&j, root, probe_path(), &env);
	assert_true(j.r.runtime.tmp.needed);
	if (want_ok != j.r.runtime.tmp.found)
		print_message("tmp case uid %ld tmpfs %s ro %d: found %d\n",
			      uid, tmpfs ? tmpfs : "-", ro,
			      j.r.runtime.tmp.found);
	assert_int_equal(j.r.runtime.tmp.found, want_ok);
	assert_int_equal(has_problem(&j, "runtime.tmp_not_writable"), !want_ok);
	unjudge(&j);
	goelf_rt_env_release(&env);
}

static void
test_tmp(void **state)
{
	const char *tmpdir[] = { "TMPDIR=/scratch", NULL };
	char *root;

	(void)state;
	SKIP_NO_PROBE();
	root = mkroot();
	tmp_case(root, 65532, NULL, NULL, false, false); /* no /tmp */
	tmp_case(root, -1, NULL, NULL, false, false);
	tmp_case(root, 65532, NULL, "/tmp", false, true); /* tmpfs */
	tmp_case(root, 65532, NULL, "/", true, true);	  /* above it */
	mkd(root, "tmp", 0755);				  /* root-owned */
	tmp_case(root, 65532, NULL, NULL, false, false);
	tmp_case(root, -1, NULL, NULL, false, true); /* uid 0 writes */
	tmp_case(root, -1, NULL, NULL, true, false); /* read-only root */
	tmp_case(root, 65532, NULL, "/tmp", true, true);
	tmp_case(root, 65532, NULL, "/tmpx", false, false); /* not above */
	mkd(root, "tmp", 01777);
	tmp_case(root, 65532, NULL, NULL, false, true);
	tmp_case(root, 65532, NULL, NULL, true, false);
	mkd(root, "tmp", 0775); /* group 0 */
	tmp_case(root, 0, NULL, NULL, false, true);
	tmp_case(root, 65532, NULL, NULL, false, false);
	if (geteuid() == 0) {
		char p[4200];

		snprintf(p, sizeof(p), "%s/tmp", root);
		assert_int_equal(chown(p, 65532, 65532), 0);
		assert_int_equal(chmod(p, 0700), 0);
		tmp_case(root, 65532, NULL, NULL, false, true); /* owner */
		tmp_case(root, 1000, NULL, NULL, false, false);
		assert_int_equal(chmod(p, 0500), 0);
		tmp_case(root, 65532, NULL, NULL, false, false);
	}
	/* TMPDIR: /tmp no longer matters */
	tmp_case(root, 65532, tmpdir, NULL, false, false);
	mkd(root, "scratch", 01777);
	tmp_case(root, 65532, tmpdir, NULL, false, true);
	/* a file, not a directory */
	assert_int_equal(rmdir(rp(root, "scratch")), 0);
	puts_(root, "scratch", "x");
	tmp_case(root, 65532, tmpdir, NULL, false, false);
	/* a directory that cannot be searched above it */
	{
		const char *deep[] = { "TMPDIR=/locked/t", NULL };

		mkd(root, "locked/t", 01777);
		mkd(root, "locked", 0700);
		tmp_case(root, 65532, deep, NULL, false, false);
		tmp_case(root, -1, deep, NULL, false, true);
	}
	rmroot(root);
}

/* --- the passwd line ----------------------------------------------------- */

static void
user_case(const char *root, long uid, const char *const *kv, bool want_ok)
{
	struct judged j;

	judge(&j, root, uid, kv);
	assert_true(j.r.runtime.passwd.needed);
	if (has_problem(&j, "runtime.no_passwd_entry") == want_ok)
		print_message("user case uid %ld: problem %d\n", uid,
			      has_problem(&j, "runtime.no_passwd_entry"));
	assert_int_equal(has_problem(&j, "runtime.no_passwd_entry"), !want_ok);
	unjudge(&j);
}

static void
test_passwd(void **state)
{
	const char *user[] = { "USER=app", NULL };
	const char *nouser[] = { "USER=", NULL };
	char *root, *big;

	(void)state;
	SKIP_NO_PROBE();
	root = mkroot();
	user_case(root, 65532, NULL, false); /* no /etc/passwd */
	user_case(root, 65532, user, true);  /* $USER (runc sets HOME) */
	user_case(root, 65532, nouser, false);
	puts_(root, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
	user_case(root, 0, NULL, true);
	user_case(root, -1, NULL, true);
	user_case(root, 65532, NULL, false);
	/* hostile and near-miss lines: Go's matchUserIndexValue rules */
	puts_(root, "etc/passwd",
	      "root:x:0:0:root:/root:/bin/sh\n"
	      "short:x:65532:65532\n"		 /* < 6 ':' */
	      "+nis:x:65532:65532::/:/bin/sh\n"	 /* NIS marker */
	      ":x:65532:65532::/:/bin/sh\n"	 /* no name */
	      "badgid:x:65532:abc::/:/bin/sh\n"	 /* gid not numeric */
	      "lead:x:065532:65532::/:/bin/sh\n" /* not Itoa's form */
	      "#c:x:65532:65532::/:/bin/sh\n"	 /* comment */
	      "\x01\xff\x80:\n::::::::::::::::\n\n\n");
	user_case(root, 65532, NULL, false);
	/* a line over 64 KiB, then the real one */
	big = malloc(200000);
	assert_non_null(big);
	memset(big, 'a', 199000);
	strcpy(big + 199000, ":x:1:1::/:/x\n"
			     "  nonroot:x:65532:65532::/home/nonroot:/x  \r\n");
	puts_(root, "etc/passwd", big);
	user_case(root, 65532, NULL, true);
	/* the file is unreadable for the run user */
	{
		char p[4200];

		snprintf(p, sizeof(p), "%s/etc/passwd", root);
		assert_int_equal(chmod(p, 0600), 0);
		user_case(root, 65532, NULL, false);
		user_case(root, 65532, user, true);
	}
	free(big);
	rmroot(root);
}

/* --- the run user (runc's rules) -------------------------------------- */

static int
resolve(const char *root, const char *spec, uint32_t *uid, uint32_t *gid)
{
	struct goelf_rt_env env = { 0 };
	struct goelf_rootfs *fs;
	struct goelf_buf err;
	int rc;

	goelf_buf_init(&err, 512);
	fs = goelf_rootfs_open_dir(root, &err);
	assert_non_null(fs);
	env.user = spec ? strdup(spec) : NULL;
	rc = goelf_rt_env_user(&env, fs, &err);
	if (rc == 0) {
		assert_true(env.has_uid);
		*uid = env.uid;
		*gid = env.gid;
	} else {
		assert_false(env.has_uid);
		assert_true(err.len > 0);
	}
	goelf_rt_env_release(&env);
	goelf_rootfs_free(fs);
	goelf_buf_release(&err);
	return rc;
}

static void
test_env_user(void **state)
{
	char *root = mkroot();
	uint32_t u = 99, g = 99;
	char *big;

	(void)state;
	/* no files at all: numbers only */
	assert_int_equal(resolve(root, NULL, &u, &g), 0);
	assert_int_equal(u, 0);
	assert_int_equal(g, 0);
	assert_int_equal(resolve(root, "65532", &u, &g), 0);
	assert_int_equal(u, 65532);
	assert_int_equal(g, 0);
	assert_int_equal(resolve(root, "65532:65533", &u, &g), 0);
	assert_int_equal(g, 65533);
	assert_int_equal(resolve(root, "app", &u, &g), -1);
	assert_int_equal(resolve(root, "1:staff", &u, &g), -1);
	assert_int_equal(resolve(root, "-1", &u, &g), -1);
	assert_int_equal(resolve(root, "2147483648", &u, &g), -1);

	puts_(root, "etc/passwd",
	      "root:x:0:0:root:/root:/bin/sh\n"
	      "  app:x:1000:1001::/home/app:/bin/sh  \n"
	      "1234:x:42:43::/:/bin/sh\n"      /* numeric name */
	      "weird:x:abc:7::/:/bin/sh\n"     /* uid parses as 0 */
	      "app:x:2000:2000::/:/bin/sh\n"); /* later duplicate */
	puts_(root, "etc/group",
	      "root:x:0:\n"
	      "staff:x:50:app\n"
	      " spaced:x:51:\n"
	      "staff:x:60:\n");
	assert_int_equal(resolve(root, "app", &u, &g), 0);
	assert_int_equal(u, 1000); /* first match wins, line trimmed */
	assert_int_equal(g, 1001);
	assert_int_equal(resolve(root, "1000", &u, &g), 0);
	assert_int_equal(g, 1001); /* a numeric uid takes the passwd gid */
	assert_int_equal(resolve(root, "1234", &u, &g), 0);
	assert_int_equal(u, 1234); /* a number is never a name */
	assert_int_equal(g, 0);
	assert_int_equal(resolve(root, "app:staff", &u, &g), 0);
	assert_int_equal(u, 1000);
	assert_int_equal(g, 50);
	assert_int_equal(resolve(root, "app:60", &u, &g), 0);
	assert_int_equal(g, 60);
	assert_int_equal(resolve(root, "app:777", &u, &g), 0);
	assert_int_equal(g, 777);
	assert_int_equal(resolve(root, "app:spaced", &u, &g), -1);
	assert_int_equal(resolve(root, "app:nogroup", &u, &g), -1);
	assert_int_equal(resolve(root, "weird", &u, &g), 0);
	assert_int_equal(u, 0); /* as runc: conversion errors are 0 */
	assert_int_equal(g, 7);
	assert_int_equal(resolve(root, "nobody", &u, &g), -1);
	/* a passwd line over 64 KiB fails the file (bufio.Scanner) */
	big = malloc(70000);
	assert_non_null(big);
	memset(big, 'x', 69000);
	strcpy(big + 69000, "\napp:x:1000:1000::/:/x\n");
	puts_(root, "etc/passwd", big);
	assert_int_equal(resolve(root, "app", &u, &g), -1);
	free(big);
	/* binary garbage */
	put(root, "etc/passwd", "\0\0\xff:\n:::\n\xff\xfe", 11, 0644);
	assert_int_equal(resolve(root, "app", &u, &g), -1);
	assert_int_equal(resolve(root, "5", &u, &g), 0);
	assert_int_equal(u, 5);
	rmroot(root);
}

/* --- the entrypoint ---------------------------------------------------- */

static int
entry(const char *root, const char *const *ep, const char *const *cmd,
      const char *wd, const char *pathenv, char *out, size_t outsz)
{
	struct goelf_rt_env env = { 0 };
	struct goelf_rootfs *fs;
	struct goelf_buf err, why;
	int rc;

	goelf_buf_init(&err, 512);
	goelf_buf_init(&why, 512);
	fs = goelf_rootfs_open_dir(root, &err);
	assert_non_null(fs);
	for (size_t i = 0; ep && ep[i]; i++)
		goelf_strlist_add(&env.entrypoint, ep[i]);
	for (size_t i = 0; cmd && cmd[i]; i++)
		goelf_strlist_add(&env.cmd, cmd[i]);
	env.has_entrypoint = ep != NULL;
	env.has_cmd = cmd != NULL;
	env.workdir = wd ? strdup(wd) : NULL;
	if (pathenv)
		goelf_strlist_add(&env.env, pathenv);
	rc = goelf_rt_entrypoint(&env, fs, out, outsz, &why);
	if (rc != 0)
		assert_true(why.len > 0);
	goelf_rt_env_release(&env);
	goelf_rootfs_free(fs);
	goelf_buf_release(&err);
	goelf_buf_release(&why);
	return rc;
}

static void
test_entrypoint(void **state)
{
	const char *app[] = { "app", NULL };
	const char *rel[] = { "./bin/app", "--flag", NULL };
	const char *shell[] = { "/bin/sh", "-c", "exec app", NULL };
	const char *none[] = { NULL };
	char *root = mkroot();
	char out[4096];

	(void)state;
	assert_int_equal(entry(root, NULL, NULL, NULL, NULL, out, sizeof(out)),
			 -ENOENT);
	assert_int_equal(entry(root, app, NULL, NULL, NULL, out, sizeof(out)),
			 -ENOENT);
	put(root, "usr/local/bin/app", "x", 1, 0644); /* no x bit */
	assert_int_equal(entry(root, app, NULL, NULL, NULL, out, sizeof(out)),
			 -ENOENT);
	put(root, "bin/app", "x", 1, 0755); /* later in the default PATH */
	assert_int_equal(entry(root, app, NULL, NULL, NULL, out, sizeof(out)),
			 0);
	assert_string_equal(out, "/bin/app");
	put(root, "usr/local/bin/app", "x", 1, 0755);
	assert_int_equal(entry(root, app, NULL, NULL, NULL, out, sizeof(out)),
			 0);
	assert_string_equal(out, "/usr/local/bin/app");
	/* PATH from the Env; Cmd when Entrypoint is empty */
	assert_int_equal(
		entry(root, none, app, NULL, "PATH=/bin", out, sizeof(out)), 0);
	assert_string_equal(out, "/bin/app");
	assert_int_equal(
		entry(root, app, NULL, NULL, "PATH=", out, sizeof(out)),
		-ENOENT);
	assert_int_equal(
		entry(root, app, NULL, "/bin", "PATH=/nope:", out, sizeof(out)),
		0); /* empty element: the working directory */
	assert_string_equal(out, "/bin/app");
	/* relative with '/' against WorkingDir */
	put(root, "srv/bin/app", "x", 1, 0755);
	assert_int_equal(entry(root, rel, NULL, "/srv", NULL, out, sizeof(out)),
			 0);
	assert_string_equal(out, "/srv/bin/app");
	assert_int_equal(entry(root, rel, NULL, "/opt", NULL, out, sizeof(out)),
			 -ENOENT);
	/* a directory is not executable */
	mkd(root, "opt/dir", 0755);
	{
		const char *d[] = { "/opt/dir", NULL };

		assert_int_equal(
			entry(root, d, NULL, NULL, NULL, out, sizeof(out)),
			-EACCES);
	}
	/* shell form names the shell */
	assert_int_equal(entry(root, shell, NULL, NULL, NULL, out, sizeof(out)),
			 -ENOENT);
	put(root, "bin/sh", "x", 1, 0755);
	assert_int_equal(entry(root, shell, NULL, NULL, NULL, out, sizeof(out)),
			 0);
	assert_string_equal(out, "/bin/sh");
	/* a symlinked entrypoint resolves */
	{
		char p[4200];
		const char *l[] = { "/app", NULL };

		snprintf(p, sizeof(p), "%s/app", root);
		assert_int_equal(symlink("usr/local/bin/app", p), 0);
		assert_int_equal(
			entry(root, l, NULL, NULL, NULL, out, sizeof(out)), 0);
		assert_string_equal(out, "/usr/local/bin/app");
	}
	/* the default in-image path */
	{
		struct goelf_rt_env env = { 0 };
		struct goelf_rootfs *fs;
		struct goelf_buf err;

		goelf_buf_init(&err, 256);
		fs = goelf_rootfs_open_dir(root, &err);
		goelf_rt_default_at(&env, fs, "build/out/server", out,
				    sizeof(out));
		assert_string_equal(out, "/usr/local/bin/server");
		goelf_strlist_add(&env.entrypoint, "app");
		goelf_rt_default_at(&env, fs, "server", out, sizeof(out));
		assert_string_equal(out, "/usr/local/bin/app");
		goelf_strlist_release(&env.entrypoint);
		for (size_t i = 0; shell[i]; i++)
			goelf_strlist_add(&env.entrypoint, shell[i]);
		goelf_rt_default_at(&env, fs, "server", out, sizeof(out));
		assert_string_equal(out, "/usr/local/bin/server");
		goelf_rt_env_release(&env);
		goelf_rootfs_free(fs);
		goelf_buf_release(&err);
	}
	rmroot(root);
}

static void
test_getenv(void **state)
{
	struct goelf_rt_env env = { 0 };

	(void)state;
	goelf_strlist_add(&env.env, "PATH=/a");
	goelf_strlist_add(&env.env, "PATHX=/b");
	goelf_strlist_add(&env.env, "NOEQ");
	goelf_strlist_add(&env.env, "PATH=/c");
	assert_string_equal(goelf_rt_getenv(&env, "PATH"), "/c");
	assert_string_equal(goelf_rt_getenv(&env, "PATHX"), "/b");
	assert_null(goelf_rt_getenv(&env, "NOEQ"));
	assert_null(goelf_rt_getenv(&env, "PAT"));
	assert_null(goelf_rt_getenv(&env, ""));
	goelf_rt_env_release(&env);
	assert_int_equal(env.env.n, 0);
}

/* --- NSS ----------------------------------------------------------------
 * go-probe-cgo (dynamic glibc; os/user through getpwuid_r) in a root with
 * the host's loader and libc: nsswitch.conf services against the
 * libnss modules present. */
static const char *
libdir_file(const char *base)
{
	static char p[256];

	snprintf(p, sizeof(p), "/lib/x86_64-linux-gnu/%s", base);
	return p;
}

static char *
cgo_root(void)
{
	char *root = mkroot();

	copy_in(root, "/lib64/ld-linux-x86-64.so.2",
		"lib64/ld-linux-x86-64.so.2", 0755);
	copy_in(root, libdir_file("libc.so.6"),
		"lib/x86_64-linux-gnu/libc.so.6", 0755);
	return root;
}

static const char *
probe_cgo_path(void)
{
	const char *p = getenv("GOELF_PROBE_CGO");

	return p && *p ? p : fixture("go-probe-cgo");
}

static int
nss_problems(const char *root, const char **first)
{
	struct goelf_rt_env env = { 0 };
	struct judged j;
	int n = 0;

	env.has_uid = true;
	env.uid = env.gid = 65532;
	judge_env(&j, root, probe_cgo_path(), &env);
	assert_true(j.r.runtime.nsswitch.needed);
	for (size_t i = 0; i < j.r.runtime.nproblems; i++)
		if (!strcmp(j.r.runtime.problems[i].id,
			    "runtime.nss_missing")) {
			if (!n && first)
				*first =
					strdup(j.r.runtime.problems[i].message);
			n++;
		}
	unjudge(&j);
	goelf_rt_env_release(&env);
	return n;
}

static void
test_nss(void **state)
{
	const char *msg = NULL;
	char *root;

	(void)state;
	if (!have(probe_cgo_path()) || !have(libdir_file("libc.so.6")) ||
	    !have("/lib64/ld-linux-x86-64.so.2")) {
		print_message("skipped: no go-probe-cgo or host glibc\n");
		skip();
	}
	root = cgo_root();
	/* no nsswitch.conf: glibc 2.36 defaults, files built in */
	assert_int_equal(nss_problems(root, NULL), 0);
	puts_(root, "etc/nsswitch.conf", "passwd: files\ngroup: files\n");
	assert_int_equal(nss_problems(root, NULL), 0);
	/* a module the image lacks */
	puts_(root, "etc/nsswitch.conf",
	      "# comment\n"
	      "passwd:         files systemd\n"
	      "group:files [NOTFOUND=return] sss\n"
	      "hosts: files dns\n");
	assert_int_equal(nss_problems(root, &msg), 2);
	assert_non_null(strstr(msg, "libnss_systemd.so.2"));
	free((void *)msg);
	if (have(libdir_file("libnss_systemd.so.2"))) {
		copy_in(root, libdir_file("libnss_systemd.so.2"),
			"lib/x86_64-linux-gnu/libnss_systemd.so.2", 0644);
		assert_int_equal(nss_problems(root, NULL), 1); /* sss */
	}
	/* a last line without '\n' is ignored by glibc */
	puts_(root, "etc/nsswitch.conf", "group: files\npasswd: files nis");
	assert_int_equal(nss_problems(root, NULL), 0);
	/* hostile: long lines, many services, garbage bytes */
	{
		char *big = malloc(100000);

		assert_non_null(big);
		strcpy(big, "passwd: ");
		for (size_t i = 8; i < 90000; i += 2)
			memcpy(big + i, "a ", 2);
		strcpy(big + 90000, "\n\xff\xfe: \x01\n:::\n[\n");
		puts_(root, "etc/nsswitch.conf", big);
		free(big);
		(void)nss_problems(root, NULL); /* bounded, no crash */
	}
	rmroot(root);
}

/* --- truth: the probe run in the roots --------------------------------- */

static char chroot_bin[256] = "chroot";

/* --- the same root as an image (docker save layout, one layer) -------- */

static struct goelf_rootfs *image_fs;

static void
op_error(void *arg, const char *msg)
{
	(void)arg;
	print_message("image: %s\n", msg);
}

static void
op_begin(void *arg, const struct goelf_image_facts *im)
{
	(void)arg;
	(void)im;
}

static void
op_elf(void *arg, const char *path, uint8_t *data, size_t size, const char *err)
{
	(void)arg;
	(void)path;
	(void)size;
	(void)err;
	free(data);
}

static void
op_none(void *arg)
{
	(void)arg;
}

static void
op_link(void *arg, const char *path, const char *target, const char *resolved,
	bool hard)
{
	(void)arg;
	(void)path;
	(void)target;
	(void)resolved;
	(void)hard;
}

static void
op_fs(void *arg, struct goelf_rootfs *fs)
{
	(void)arg;
	goelf_rootfs_free(image_fs);
	image_fs = fs;
}

static void
op_progress(void *arg, uint64_t done, uint64_t total)
{
	(void)arg;
	(void)done;
	(void)total;
}

static void
op_end(void *arg, struct goelf_image_facts *im, bool scanned)
{
	(void)arg;
	(void)im;
	(void)scanned;
}

/* root tarred into a docker-save archive and read back as a view (the
 * owners and modes as tar stores them), or NULL. */
static struct goelf_rootfs *
image_view(const char *root)
{
	const struct goelf_image_ops ops = {
		.error = op_error,
		.begin = op_begin,
		.elf = op_elf,
		.seen = op_none,
		.special = op_none,
		.link = op_link,
		.fs = op_fs,
		.progress = op_progress,
		.end = op_end,
	};
	char tmpl[] = "/tmp/goelf-rtimage.XXXXXX", cmd[8192], tar[4200];
	char *d = mkdtemp(tmpl);
	int fd;

	assert_non_null(d);
	snprintf(cmd, sizeof(cmd),
		 "tar --numeric-owner -C '%s' -cf '%s/layer.tar' . && "
		 "printf '%%s' '[{\"Config\":\"config.json\",\"RepoTags\":"
		 "[\"t:1\"],\"Layers\":[\"layer.tar\"]}]' > "
		 "'%s/manifest.json' && "
		 "printf '%%s' '{\"architecture\":\"amd64\",\"os\":\"linux\","
		 "\"config\":{},\"rootfs\":{\"type\":\"layers\","
		 "\"diff_ids\":[]}}' > '%s/config.json' && "
		 "tar -C '%s' -cf '%s/image.tar' manifest.json config.json "
		 "layer.tar",
		 root, d, d, d, d, d);
	assert_int_equal(system(cmd), 0);
	snprintf(tar, sizeof(tar), "%s/image.tar", d);
	fd = open(tar, O_RDONLY);
	assert_true(fd >= 0);
	image_fs = NULL;
	goelf_image_read(fd, false, tar, &ops);
	close(fd);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", d);
	assert_int_equal(system(cmd), 0);
	return image_fs;
}

static int image_compared;

struct truth {
	bool certs, tz, tmp, user;
	char raw[2048];
};

/* Runs the probe in root with chroot (and unshare -m for tmpfs and a
 * read-only root), with a clean Env (HOME=/ as runc sets it). */
static bool
run_probe(const char *root, long uid, const char *extra_env, const char *tmpfs,
	  bool ro, struct truth *t)
{
	char cmd[8192], mnt[4096] = "";
	FILE *p;
	size_t n;

	memset(t, 0, sizeof(*t));
	if (tmpfs || ro) {
		int w = 0;

		if (ro)
			w += snprintf(mnt + w, sizeof(mnt) - (size_t)w,
				      "mount --bind '%s' '%s' && mount -o "
				      "remount,bind,ro '%s' && ",
				      root, root, root);
		if (tmpfs)
			snprintf(mnt + w, sizeof(mnt) - (size_t)w,
				 "mount -t tmpfs -o mode=1777 tmpfs '%s%s' && ",
				 root, tmpfs);
		snprintf(cmd, sizeof(cmd),
			 "unshare -m sh -c \"%s env -i HOME=/ %s %s "
			 "%s%s '%s' /probe\" 2>&1",
			 mnt, extra_env ? extra_env : "", chroot_bin,
			 uid >= 0 ? "--userspec=" : "",
			 uid >= 0 ? (uid == 65532 ? "65532:65532" : "0:0") : "",
			 root);
	} else {
		snprintf(cmd, sizeof(cmd),
			 "env -i HOME=/ %s %s %s%s '%s' /probe 2>&1",
			 extra_env ? extra_env : "", chroot_bin,
			 uid >= 0 ? "--userspec=" : "",
			 uid >= 0 ? (uid == 65532 ? "65532:65532" : "0:0") : "",
			 root);
	}
	p = popen(cmd, "r");
	if (!p)
		return false;
	n = fread(t->raw, 1, sizeof(t->raw) - 1, p);
	t->raw[n] = '\0';
	if (pclose(p) != 0)
		return false;
	t->certs = strstr(t->raw, "certs ok\n") != NULL;
	t->tz = strstr(t->raw, "tz ok\n") != NULL;
	t->tmp = strstr(t->raw, "tmp ok\n") != NULL;
	t->user = strstr(t->raw, "user ok\n") != NULL;
	return strstr(t->raw, "certs ") && strstr(t->raw, "tz ") &&
	       strstr(t->raw, "tmp ") && strstr(t->raw, "user ");
}

static int truth_compared;
static const char *truth_file; /* the binary at /probe; NULL: go-probe */

static void
compare(const char *name, const char *root, long uid, const char *extra_env,
	const char *tmpfs, bool ro)
{
	struct goelf_rt_env env = { 0 };
	struct truth t;
	struct judged j;
	bool g_user;

	if (!run_probe(root, uid, extra_env, tmpfs, ro, &t)) {
		print_message("%s: the probe did not run: %s\n", name, t.raw);
		fail();
	}
	env.has_uid = true;
	env.uid = env.gid = uid >= 0 ? (uint32_t)uid : 0;
	if (extra_env) {
		/* "K=V K=V" */
		char buf[512], *save = NULL;

		snprintf(buf, sizeof(buf), "%s", extra_env);
		for (char *s = strtok_r(buf, " ", &save); s;
		     s = strtok_r(NULL, " ", &save))
			goelf_strlist_add(&env.env, s);
	}
	if (tmpfs)
		goelf_strlist_add(&env.tmpfs, tmpfs);
	env.read_only_root = ro;
	judge_env(&j, root, truth_file ? truth_file : probe_path(), &env);
	g_user = !has_problem(&j, "runtime.no_passwd_entry");
	if (t.certs != j.r.runtime.ca_certs.found ||
	    t.tz != j.r.runtime.zoneinfo.found ||
	    t.tmp != j.r.runtime.tmp.found || t.user != g_user) {
		print_message(
			"%s (uid %ld%s%s%s%s): probe said\n%sgoelf: certs "
			"%d tz %d tmp %d user %d\n",
			name, uid, extra_env ? ", " : "",
			extra_env ? extra_env : "", tmpfs ? ", tmpfs " : "",
			tmpfs ? tmpfs : "", t.raw, j.r.runtime.ca_certs.found,
			j.r.runtime.zoneinfo.found, j.r.runtime.tmp.found,
			g_user);
		fail();
	}
	truth_compared++;
	unjudge(&j);
	/* the same root read as an image: the same answers (only the
	 * static probe: an image's ELF libraries come through the reader,
	 * which this test does not feed to a library cache) */
	if (!truth_file) {
		struct goelf_rootfs *fs = image_view(root);
		struct goelf_rt_libs *libs;
		struct goelf_report r = { 0 };

		assert_non_null(fs);
		assert_int_equal(goelf_report_file(probe_path(), &r), GOELF_OK);
		libs = goelf_rt_libs_new(fs);
		env.image = "image.tar";
		goelf_runtime_judge(&r, fs, libs, &env, "/probe");
		g_user = true;
		for (size_t i = 0; i < r.runtime.nproblems; i++)
			if (!strcmp(r.runtime.problems[i].id,
				    "runtime.no_passwd_entry"))
				g_user = false;
		if (t.certs != r.runtime.ca_certs.found ||
		    t.tz != r.runtime.zoneinfo.found ||
		    t.tmp != r.runtime.tmp.found || t.user != g_user) {
			print_message("%s as an image: probe said\n%sgoelf: "
				      "certs %d tz %d tmp %d user %d\n",
				      name, t.raw, r.runtime.ca_certs.found,
				      r.runtime.zoneinfo.found,
				      r.runtime.tmp.found, g_user);
			fail();
		}
		image_compared++;
		goelf_rt_libs_free(libs);
		goelf_report_release(&r);
		goelf_rootfs_free(fs);
	}
	goelf_rt_env_release(&env);
}

static void
both(const char *name, const char *root, const char *extra_env)
{
	compare(name, root, 65532, extra_env, NULL, false);
	compare(name, root, 0, extra_env, NULL, false);
}

static void
test_truth(void **state)
{
	char *root;

	(void)state;
	SKIP_NO_PROBE();
	{
		FILE *w = popen("command -v chroot", "r");
		char *nl;

		if (!w || !fgets(chroot_bin, sizeof(chroot_bin), w))
			chroot_bin[0] = '\0';
		if (w)
			pclose(w);
		nl = strchr(chroot_bin, '\n');
		if (nl)
			*nl = '\0';
	}
	if (geteuid() != 0 || chroot_bin[0] != '/' ||
	    !have("/etc/ssl/certs/ca-certificates.crt")) {
		print_message(
			"skipped: the truth runs need root, chroot and "
			"the host's /etc/ssl/certs/ca-certificates.crt\n");
		skip();
	}
	/* the bare probe */
	root = mkroot();
	copy_in(root, probe_path(), "probe", 0755);
	both("empty", root, NULL);
	both("empty+USER", root, "USER=app");
	/* everything a Debian image has */
	/* a real bundle: Go parses the certificates */
	copy_in(root, "/etc/ssl/certs/ca-certificates.crt",
		"etc/ssl/certs/ca-certificates.crt", 0644);
	if (have("/usr/share/zoneinfo/Europe/Berlin"))
		copy_in(root, "/usr/share/zoneinfo/Europe/Berlin",
			"usr/share/zoneinfo/Europe/Berlin", 0644);
	mkd(root, "tmp", 01777);
	puts_(root, "etc/passwd",
	      "root:x:0:0:root:/root:/bin/sh\n"
	      "nonroot:x:65532:65532::/home/nonroot:/sbin/nologin\n");
	both("full", root, NULL);
	/* /tmp root-owned 0755: root only */
	mkd(root, "tmp", 0755);
	both("tmp-0755", root, NULL);
	both("tmpdir", root, "TMPDIR=/var/tmp");
	mkd(root, "var/tmp", 01777);
	both("tmpdir-1777", root, "TMPDIR=/var/tmp");
	/* tmpfs over the 0755 /tmp; a read-only root */
	if (system("unshare -m true 2>/dev/null") == 0) {
		compare("tmpfs", root, 65532, NULL, "/tmp", false);
		compare("ro-root", root, 0, NULL, NULL, true);
		compare("ro-root+tmpfs", root, 65532, NULL, "/tmp", true);
	} else {
		print_message("note: no unshare -m: tmpfs and read-only "
			      "root cases not run\n");
	}
	/* bundle unreadable, then empty in front of another bundle */
	{
		char p[4200];

		snprintf(p, sizeof(p), "%s/etc/ssl/certs/ca-certificates.crt",
			 root);
		assert_int_equal(chmod(p, 0600), 0);
		both("bundle-0600", root, NULL);
		assert_int_equal(rename(p, rp(root, "etc/ssl/cert.pem")), 0);
		assert_int_equal(chmod(rp(root, "etc/ssl/cert.pem"), 0644), 0);
		put(root, "etc/pki/tls/certs/ca-bundle.crt", "", 0, 0644);
		both("empty-bundle-first", root, NULL);
		both("ssl-cert-file", root, "SSL_CERT_FILE=/etc/ssl/cert.pem");
	}
	/* zoneinfo: the directory empty, ZONEINFO elsewhere */
	{
		char cmd[4300];

		snprintf(cmd, sizeof(cmd),
			 "mkdir '%s/zi' && mv '%s/usr/share/zoneinfo/Europe' "
			 "'%s/zi/'",
			 root, root, root);
		if (system(cmd) == 0) {
			both("zoneinfo-empty", root, NULL);
			both("zoneinfo-env", root, "ZONEINFO=/zi");
		}
	}
	/* passwd without the uid; and with it unreadable */
	puts_(root, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
	both("passwd-no-65532", root, NULL);
	both("passwd-no-65532+USER", root, "USER=app");
	rmroot(root);

	/* the cgo probe: user.Current() is getpwuid_r, no $USER fallback */
	if (have(probe_cgo_path()) && have(libdir_file("libc.so.6")) &&
	    have("/lib64/ld-linux-x86-64.so.2")) {
		root = cgo_root();
		copy_in(root, probe_cgo_path(), "probe", 0755);
		truth_file = probe_cgo_path();
		both("cgo-empty", root, NULL);
		both("cgo-empty+USER", root, "USER=app");
		puts_(root, "etc/passwd",
		      "root:x:0:0:root:/root:/bin/sh\n"
		      "nonroot:x:65532:65532::/home/nonroot:/x\n");
		mkd(root, "tmp", 01777);
		both("cgo-passwd", root, NULL);
		puts_(root, "etc/nsswitch.conf", "passwd: files systemd\n");
		both("cgo-nsswitch-systemd", root, NULL);
		truth_file = NULL;
		rmroot(root);
	} else {
		print_message("note: no go-probe-cgo: cgo truth not run\n");
	}
	print_message("truth: %d probe runs compared (%d also as an image)\n",
		      truth_compared, image_compared);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_getenv),
		cmocka_unit_test(test_env_user),
		cmocka_unit_test(test_entrypoint),
		cmocka_unit_test(test_evidence),
		cmocka_unit_test(test_certs),
		cmocka_unit_test(test_zoneinfo),
		cmocka_unit_test(test_tmp),
		cmocka_unit_test(test_passwd),
		cmocka_unit_test(test_nss),
		cmocka_unit_test(test_truth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
