/*
 * rt_env.c - the run settings a file is judged under: the Env, the
 * user (resolved against the root's /etc/passwd and /etc/group as runc
 * does), and the image's entrypoint (looked up in PATH as runc does).
 *
 * User: runc's libcontainer/user GetExecUser.  The spec is split at the
 * first ':' into user and group; a user that parses as a number is a
 * uid, matched against the uid field only (a numeric name never
 * matches by name), else the name field; the first matching passwd
 * line wins and gives uid, gid (and home).  A numeric uid with no line
 * runs as that uid with gid 0 (the default); a name with no line is an
 * error.  An explicit group is matched the same way in /etc/group (gid
 * field when numeric, else name), the first line wins; a numeric gid
 * with no line is used as it is; a name with none is an error.  No
 * user at all is uid 0, with the gid of the first passwd line for uid
 * 0 when there is one.  Number fields that do not parse count as 0,
 * as runc's parseLine ignores conversion errors; numeric arguments
 * must be in 0..2^31-1 (runc's ErrRange).  passwd lines are trimmed of
 * white space, group lines are not; a line over 64 KiB fails the whole
 * file, as bufio.Scanner does.
 *
 * Entrypoint: argv is Entrypoint + Cmd (containerd WithImageConfigArgs);
 * runc execs exec.LookPath(argv[0]) (os/exec/lp_unix.go): a name with
 * '/' as it is (relative to the working directory), else each PATH
 * element in turn (empty = "."), the first candidate that is not a
 * directory and has an x bit.  PATH comes from the Env; without one,
 * Docker's default.
 */
#include "runtime/runtime.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define RT_MAX_LINE  65536u	  /* bufio.Scanner's default token cap */
#define RT_MAX_LINES 1000000u	  /* lines looked at per file */
#define RT_ID_MAX    2147483647LL /* runc's maxID */

#define DOCKER_DEFAULT_PATH                                                    \
	"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

void
goelf_rt_env_release(struct goelf_rt_env *e)
{
	if (!e)
		return;
	goelf_strlist_release(&e->env);
	goelf_strlist_release(&e->tmpfs);
	goelf_strlist_release(&e->entrypoint);
	goelf_strlist_release(&e->cmd);
	free(e->user);
	free(e->workdir);
	memset(e, 0, sizeof(*e));
}

const char *
goelf_rt_getenv(const struct goelf_rt_env *e, const char *k)
{
	const char *val = NULL;
	size_t kl;

	if (!e || !k || !*k)
		return NULL;
	kl = strlen(k);
	for (size_t i = 0; i < e->env.n; i++) {
		const char *s = e->env.v[i];

		if (s && !strncmp(s, k, kl) && s[kl] == '=')
			val = s + kl + 1;
	}
	return val;
}

/* --- passwd and group, as runc parses them ------------------------------ */

/* strconv.Atoi with the error ignored: an optional sign, then decimal
 * digits; a syntax error is 0, an overflow the clamped limit. */
static long long
atoi_go(const char *s, size_t n, bool *ok)
{
	size_t i = 0;
	bool neg = false;
	unsigned long long v = 0;
	bool big = false;

	*ok = false;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	if (i == n)
		return 0;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		if (v > (ULLONG_MAX - 9) / 10)
			big = true;
		else
			v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (big || v > (unsigned long long)LLONG_MAX) {
		/* ParseInt's range error: a value, but not a valid one */
		return neg ? LLONG_MIN : LLONG_MAX;
	}
	*ok = true;
	return neg ? -(long long)v : (long long)v;
}

/* Field idx (0-based, ':'-separated) of line [p, p+n): start, length;
 * false when the line has fewer fields. */
static bool
field(const char *p, size_t n, unsigned idx, const char **fs, size_t *fl)
{
	size_t i = 0;

	for (unsigned k = 0; k < idx; k++) {
		const char *c = memchr(p + i, ':', n - i);

		if (!c)
			return false;
		i = (size_t)(c - p) + 1;
	}
	*fs = p + i;
	{
		const char *c = memchr(p + i, ':', n - i);

		*fl = c ? (size_t)(c - (p + i)) : n - i;
	}
	return true;
}

static long long
field_num(const char *p, size_t n, unsigned idx)
{
	const char *fs;
	size_t fl;
	bool ok;

	if (!field(p, n, idx, &fs, &fl))
		return 0;
	return atoi_go(fs, fl, &ok);
}

static bool
field_is(const char *p, size_t n, unsigned idx, const char *s)
{
	const char *fs;
	size_t fl;

	return field(p, n, idx, &fs, &fl) && fl == strlen(s) &&
	       !memcmp(fs, s, fl);
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

/*
 * Calls fn(ctx, line, len) for each line of data (bufio.ScanLines: the
 * '\n' and a '\r' before it dropped; the last line may lack '\n'),
 * trimmed when trim, skipping empty ones, until fn returns true.
 * Returns 1 when fn stopped it, 0 at the end, -1 for a line over
 * RT_MAX_LINE (the Scanner's "token too long").
 */
static int
each_line(const char *data, size_t n, bool trim,
	  bool (*fn)(void *, const char *, size_t), void *ctx)
{
	size_t off = 0;

	for (unsigned k = 0; off < n && k < RT_MAX_LINES; k++) {
		const char *nl = memchr(data + off, '\n', n - off);
		size_t len = nl ? (size_t)(nl - (data + off)) : n - off;
		const char *s = data + off;

		if (len > RT_MAX_LINE)
			return -1;
		off += len + (nl ? 1 : 0);
		if (len && s[len - 1] == '\r')
			len--;
		while (trim && len && is_space(*s)) {
			s++;
			len--;
		}
		while (trim && len && is_space(s[len - 1]))
			len--;
		if (len == 0)
			continue;
		if (fn(ctx, s, len))
			return 1;
	}
	return 0;
}

struct pw_match {
	const char *arg; /* "" (uid 0), a name, or a number */
	bool numeric;
	long long id;
	long long uid, gid; /* of the match */
	bool found;
};

static bool
pw_line(void *ctx, const char *s, size_t n)
{
	struct pw_match *m = ctx;
	long long uid = field_num(s, n, 2);

	if (m->numeric ? uid == m->id : field_is(s, n, 0, m->arg)) {
		m->uid = uid;
		m->gid = field_num(s, n, 3);
		m->found = true;
		return true;
	}
	return false;
}

static bool
gr_line(void *ctx, const char *s, size_t n)
{
	struct pw_match *m = ctx;
	long long gid = field_num(s, n, 2);

	if (m->numeric ? gid == m->id : field_is(s, n, 0, m->arg)) {
		m->gid = gid;
		m->found = true;
		return true;
	}
	return false;
}

static bool
valid_id(long long v)
{
	return v >= 0 && v <= RT_ID_MAX;
}

/* An in-image text file, or NULL (absent, unreadable, not kept). */
static char *
read_text(const struct goelf_rootfs *fs, const char *path, size_t *n)
{
	uint8_t *data = NULL;

	*n = 0;
	if (!fs ||
	    goelf_rootfs_read(fs, path, GOELF_ROOTFS_MAX_FILE, &data, n) != 0) {
		free(data);
		*n = 0;
		return NULL;
	}
	return (char *)data;
}

int
goelf_rt_env_user(struct goelf_rt_env *e, const struct goelf_rootfs *fs,
		  struct goelf_buf *err)
{
	const char *spec = e->user ? e->user : "";
	const char *colon = strchr(spec, ':');
	char ubuf[256], gbuf[256];
	size_t ul = colon ? (size_t)(colon - spec) : strlen(spec);
	struct pw_match u = { 0 }, g = { 0 };
	char *pw = NULL, *gr = NULL;
	size_t pwn = 0, grn = 0;
	int rc = -1, st;
	bool ok;

	e->has_uid = false;
	if (ul >= sizeof(ubuf) ||
	    (colon && strlen(colon + 1) >= sizeof(gbuf))) {
		goelf_buf_addf(err, "user \"%.64s...\" is too long", spec);
		return -1;
	}
	memcpy(ubuf, spec, ul);
	ubuf[ul] = '\0';
	/* runc's parseLine splits at every ':': a third part is ignored */
	if (colon) {
		const char *c2 = strchr(colon + 1, ':');
		size_t gl = c2 ? (size_t)(c2 - colon - 1) : strlen(colon + 1);

		memcpy(gbuf, colon + 1, gl);
		gbuf[gl] = '\0';
	} else {
		gbuf[0] = '\0';
	}

	u.arg = ubuf;
	u.id = atoi_go(ubuf, strlen(ubuf), &ok);
	u.numeric = ok;
	if (!*ubuf) {
		u.numeric = true;
		u.id = 0;
	}
	pw = read_text(fs, "/etc/passwd", &pwn);
	st = pw ? each_line(pw, pwn, true, pw_line, &u) : 0;
	if (st < 0) {
		goelf_buf_addf(err,
			       "unable to find user %s: /etc/passwd has a "
			       "line over %u bytes",
			       *ubuf ? ubuf : "0", RT_MAX_LINE);
		goto out;
	}
	if (!u.found) {
		if (*ubuf && !u.numeric) {
			goelf_buf_addf(err,
				       "unable to find user %s: no matching "
				       "entries in passwd file",
				       ubuf);
			goto out;
		}
		if (*ubuf && !valid_id(u.id)) {
			goelf_buf_addf(err, "uid %s out of range 0-%lld", ubuf,
				       RT_ID_MAX);
			goto out;
		}
		u.uid = u.id;
		u.gid = 0;
	}

	if (*gbuf) {
		g.arg = gbuf;
		g.id = atoi_go(gbuf, strlen(gbuf), &ok);
		g.numeric = ok;
		gr = read_text(fs, "/etc/group", &grn);
		st = gr ? each_line(gr, grn, false, gr_line, &g) : 0;
		if (st < 0) {
			goelf_buf_addf(err,
				       "unable to find group %s: /etc/group "
				       "has a line over %u bytes",
				       gbuf, RT_MAX_LINE);
			goto out;
		}
		if (g.found) {
			u.gid = g.gid;
		} else if (!g.numeric) {
			goelf_buf_addf(err,
				       "unable to find group %s: no matching "
				       "entries in group file",
				       gbuf);
			goto out;
		} else if (!valid_id(g.id)) {
			goelf_buf_addf(err, "gid %s out of range 0-%lld", gbuf,
				       RT_ID_MAX);
			goto out;
		} else {
			u.gid = g.id;
		}
	}
	/* A passwd line may hold any number; setuid() would refuse what
	 * does not fit a uid_t. */
	if (u.uid < 0 || u.uid > (long long)UINT32_MAX - 1 || u.gid < 0 ||
	    u.gid > (long long)UINT32_MAX - 1) {
		goelf_buf_addf(err,
			       "user %s resolves to uid %lld gid %lld: "
			       "out of range",
			       *spec ? spec : "root", u.uid, u.gid);
		goto out;
	}
	e->uid = (uint32_t)u.uid;
	e->gid = (uint32_t)u.gid;
	e->has_uid = true;
	rc = 0;
out:
	free(pw);
	free(gr);
	return rc;
}

/* --- the entrypoint ------------------------------------------------------ */

/* dir + "/" + name into out (dir relative: under cwd); false if long. */
static bool
join(const char *cwd, const char *dir, size_t dl, const char *name, char *out,
     size_t outsz)
{
	int w;

	if (dl && dir[0] == '/')
		w = snprintf(out, outsz, "%.*s/%s", (int)dl, dir, name);
	else
		w = snprintf(out, outsz, "%s/%.*s%s%s", cwd, (int)dl, dir,
			     dl ? "/" : "", name);
	return w >= 0 && (size_t)w < outsz;
}

/* findExecutable: 0, -ENOENT, -EACCES (a directory or no x bit). */
static int
executable(const struct goelf_rootfs *fs, const char *path, char *out,
	   size_t outsz)
{
	struct goelf_rootfs_stat st;
	char res[GOELF_IMAGE_MAX_PATH];
	int rc = goelf_rootfs_stat(fs, path, true, &st, res, sizeof(res));

	if (rc != 0 || st.kind == GOELF_RFS_NONE)
		return rc ? rc : -ENOENT;
	if (st.kind != GOELF_RFS_REG || !(st.mode & 0111))
		return -EACCES;
	if (out && outsz) {
		size_t l = strlen(res);

		if (l >= outsz)
			return -ENAMETOOLONG;
		memcpy(out, res, l + 1);
	}
	return 0;
}

static const char *
argv0(const struct goelf_rt_env *e)
{
	if (e->entrypoint.n)
		return e->entrypoint.v[0];
	if (e->cmd.n)
		return e->cmd.v[0];
	return NULL;
}

int
goelf_rt_entrypoint(const struct goelf_rt_env *e, const struct goelf_rootfs *fs,
		    char *out, size_t outsz, struct goelf_buf *why)
{
	const char *name = argv0(e);
	const char *cwd = e->workdir && e->workdir[0] == '/' ? e->workdir : "";
	const char *path;
	char cand[GOELF_IMAGE_MAX_PATH];
	int rc, first = 0;

	if (out && outsz)
		out[0] = '\0';
	if (!name || !*name) {
		goelf_buf_adds(why, "the image has no Entrypoint or Cmd");
		return -ENOENT;
	}
	if (strchr(name, '/')) {
		if (name[0] == '/')
			rc = snprintf(cand, sizeof(cand), "%s", name) >=
					     (int)sizeof(cand)
				     ? -ENAMETOOLONG
				     : 0;
		else
			rc = join(cwd, "", 0, name, cand, sizeof(cand))
				     ? 0
				     : -ENAMETOOLONG;
		if (rc == 0)
			rc = executable(fs, cand, out, outsz);
		if (rc != 0) {
			if (out && outsz)
				snprintf(out, outsz, "%s", cand);
			goelf_buf_addf(why, "exec: \"%s\": %s", name,
				       rc == -EACCES ? "permission denied"
				       : rc == -ENOENT
					       ? "no such file or directory"
					       : strerror(-rc));
		}
		return rc;
	}
	path = goelf_rt_getenv(e, "PATH");
	if (!path)
		path = DOCKER_DEFAULT_PATH;
	/* filepath.SplitList: "" has no element; "a:" has "a" and "" */
	for (const char *p = path; *path;) {
		const char *c = strchr(p, ':');
		size_t dl = c ? (size_t)(c - p) : strlen(p);

		if (dl == 0)
			rc = join(cwd, ".", 1, name, cand, sizeof(cand))
				     ? 0
				     : -ENAMETOOLONG;
		else
			rc = join(cwd, p, dl, name, cand, sizeof(cand))
				     ? 0
				     : -ENAMETOOLONG;
		if (rc == 0) {
			if (!first && out && outsz)
				snprintf(out, outsz, "%s", cand);
			first = 1;
			if (executable(fs, cand, out, outsz) == 0)
				return 0;
		}
		if (!c)
			break;
		p = c + 1;
	}
	goelf_buf_addf(why, "exec: \"%s\": executable file not found in $PATH",
		       name);
	return -ENOENT;
}

void
goelf_rt_default_at(const struct goelf_rt_env *e, const struct goelf_rootfs *fs,
		    const char *file, char *out, size_t outsz)
{
	struct goelf_buf why;
	const char *base = file ? strrchr(file, '/') : NULL;
	bool shell = false;

	if (!outsz)
		return;
	/* A shell-form entrypoint runs the shell: the file judged is
	 * something the command line names, not argv[0]. */
	if (e->entrypoint.n >= 2 && !strcmp(e->entrypoint.v[1], "-c"))
		shell = true;
	else if (!e->entrypoint.n && e->cmd.n >= 2 &&
		 !strcmp(e->cmd.v[1], "-c"))
		shell = true;
	goelf_buf_init(&why, 512);
	if (!shell && fs && goelf_rt_entrypoint(e, fs, out, outsz, &why) == 0) {
		goelf_buf_release(&why);
		return;
	}
	goelf_buf_release(&why);
	base = base ? base + 1 : (file ? file : "");
	if (!*base)
		base = "a.out";
	snprintf(out, outsz, "/usr/local/bin/%s", base);
}
