/*
 * policy.c - the gate policy: an INI file read with inih, and the same
 * keys as command-line flags.  Unknown keys and bad values are errors
 * naming FILE:LINE, so a typo never silently weakens a gate.
 *
 *   [gate]  targets, fail-on, max-glibc, require, max-debug-bytes, min-go,
 *           allow (id[:glob], repeatable), arch
 *   [allow] <finding-id> = <glob>[, <glob> ...]
 *   [diff]  max-growth, fail-on-new-finding (true, false, info, warn,
 *           fail), fail-on-glibc-raise; only there, not in [gate]
 *   [image] max-size, max-wasted, max-wasted-percent, forbid-classes,
 *           user, tmpfs, read-only-root, env
 *           (policy_image.c); also flags of scan
 */
#include "policy/policy.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <fcntl.h>

void
goelf_policy_init(struct goelf_policy *p)
{
	memset(p, 0, sizeof(*p));
	p->fail_on = GOELF_SEV_FAIL;
}

void
goelf_policy_release(struct goelf_policy *p)
{
	goelf_strlist_release(&p->targets);
	free(p->max_glibc);
	free(p->min_go);
	free(p->arch);
	free(p->run_user);
	goelf_strlist_release(&p->run_tmpfs);
	goelf_strlist_release(&p->run_env);
	for (size_t i = 0; i < p->nallow; i++) {
		free(p->allow[i].id);
		free(p->allow[i].glob);
	}
	free(p->allow);
	goelf_policy_init(p);
}

static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* Calls fn for each comma- or space-separated item of value. */
static int
each_item(const char *value,
	  int (*fn)(struct goelf_policy *, const char *, struct goelf_buf *),
	  struct goelf_policy *p, struct goelf_buf *err)
{
	char *copy = goelf_xstrdup(value), *save = NULL, *tok;
	int rc = 0;

	for (tok = strtok_r(copy, ", \t", &save); tok && !rc;
	     tok = strtok_r(NULL, ", \t", &save))
		rc = fn(p, tok, err);
	free(copy);
	return rc;
}

static int
add_target(struct goelf_policy *p, const char *name, struct goelf_buf *err)
{
	const struct goelf_target *t;

	if (!strcmp(name, "all")) {
		for (size_t i = 0; i < goelf_ntargets; i++)
			goelf_strlist_add_unique(&p->targets,
						 goelf_targets[i].name);
		return 0;
	}
	t = goelf_target_find(name);
	if (!t) {
		goelf_buf_addf(err,
			       "unknown target '%s'; known targets:", name);
		for (size_t i = 0; i < goelf_ntargets; i++)
			goelf_buf_addf(err, " %s", goelf_targets[i].name);
		return -1;
	}
	goelf_strlist_add_unique(&p->targets, t->name);
	return 0;
}

static int
add_require(struct goelf_policy *p, const char *v, struct goelf_buf *err)
{
	if (!strcmp(v, "static"))
		p->require |= GOELF_REQUIRE_STATIC;
	else if (!strcmp(v, "no-cgo"))
		p->require |= GOELF_REQUIRE_NO_CGO;
	else if (!strcmp(v, "trimpath"))
		p->require |= GOELF_REQUIRE_TRIMPATH;
	else if (!strcmp(v, "stripped"))
		p->require |= GOELF_REQUIRE_STRIPPED;
	else {
		goelf_buf_addf(err,
			       "require: '%s' is not static, no-cgo, "
			       "trimpath or stripped",
			       v);
		return -1;
	}
	return 0;
}

static void
add_allow(struct goelf_policy *p, const char *id, const char *glob)
{
	p->allow =
		goelf_xrealloc(p->allow, (p->nallow + 1) * sizeof(*p->allow));
	p->allow[p->nallow].id = goelf_xstrdup(id);
	p->allow[p->nallow].glob = glob && *glob ? goelf_xstrdup(glob) : NULL;
	p->nallow++;
}

static int
add_allow_spec(struct goelf_policy *p, const char *spec, struct goelf_buf *err)
{
	const char *colon = strchr(spec, ':');
	char *id;

	if (colon == spec || !*spec) {
		goelf_buf_addf(err, "allow: '%s' is not ID[:GLOB]", spec);
		return -1;
	}
	id = colon ? goelf_xstrndup(spec, (size_t)(colon - spec))
		   : goelf_xstrdup(spec);
	add_allow(p, id, colon ? colon + 1 : NULL);
	free(id);
	return 0;
}

static int
parse_bool(const char *v, bool *out)
{
	if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") ||
	    !strcmp(v, "1")) {
		*out = true;
		return 0;
	}
	if (!strcasecmp(v, "false") || !strcasecmp(v, "no") ||
	    !strcmp(v, "0")) {
		*out = false;
		return 0;
	}
	return -1;
}

static bool
valid_version(const char *v)
{
	int dots = 0;

	if (!isdigit((unsigned char)*v))
		return false;
	for (; *v; v++) {
		if (*v == '.')
			dots++;
		else if (!isdigit((unsigned char)*v))
			return false;
	}
	return dots >= 1 && dots <= 2;
}

/*
 * A target platform as OCI writes it (os/arch[/variant]: linux/arm64,
 * linux/arm/v7, linux/arm64/v8) or a bare GOARCH.  Only Linux, only the
 * architectures Go builds ELF binaries for, and for each the variants
 * the OCI image-spec names (arm v5-v8 in practice, arm64 v8 and up,
 * amd64 v1-v4); the variant is checked, not used.
 */
static int
set_platform(struct goelf_policy *p, const char *value, struct goelf_buf *err)
{
	static const char *const arches[] = {
		"386",	   "amd64",   "arm",	"arm64",    "loong64",
		"mips",	   "mipsle",  "mips64", "mips64le", "ppc64",
		"ppc64le", "riscv64", "s390x",
	};
	const char *v = value, *slash;
	char arch[32];
	size_t n;
	bool known = false;

	slash = strchr(v, '/');
	if (slash) {
		if ((size_t)(slash - v) != 5 || strncmp(v, "linux", 5)) {
			goelf_buf_addf(err,
				       "platform '%s': only linux/ARCH "
				       "platforms have ELF Go binaries",
				       value);
			return -1;
		}
		v = slash + 1;
	}
	n = strcspn(v, "/");
	if (n == 0 || n >= sizeof(arch))
		goto bad;
	memcpy(arch, v, n);
	arch[n] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(arches); i++)
		known |= !strcmp(arch, arches[i]);
	if (!known)
		goto bad;
	if (v[n] == '/') {
		const char *var = v + n + 1;
		bool ok = false;

		if (!slash)
			goto bad; /* arm/v7 without the os */
		if (!strcmp(arch, "arm"))
			ok = !strcmp(var, "v5") || !strcmp(var, "v6") ||
			     !strcmp(var, "v7") || !strcmp(var, "v8");
		else if (!strcmp(arch, "arm64"))
			ok = !strcmp(var, "v8") || !strncmp(var, "v8.", 3) ||
			     !strcmp(var, "v9") || !strncmp(var, "v9.", 3);
		else if (!strcmp(arch, "amd64"))
			ok = !strcmp(var, "v1") || !strcmp(var, "v2") ||
			     !strcmp(var, "v3") || !strcmp(var, "v4");
		if (!ok || strchr(var, '/')) {
			goelf_buf_addf(err,
				       "platform '%s': '%s' is not a variant "
				       "of %s",
				       value, var, arch);
			return -1;
		}
	}
	free(p->arch);
	p->arch = goelf_xstrdup(arch);
	return 0;
bad:
	goelf_buf_addf(err,
		       "platform '%s': unknown architecture (known: linux/ and "
		       "386, amd64, arm, arm64, loong64, mips, mipsle, mips64, "
		       "mips64le, ppc64, ppc64le, riscv64, s390x)",
		       value);
	return -1;
}

static int
set_diff(struct goelf_policy *p, const char *key, const char *value,
	 struct goelf_buf *err)
{
	if (!strcmp(key, "max-growth")) {
		size_t n = strlen(value);
		uint64_t bytes;

		if (n > 1 && value[n - 1] == '%') {
			char *end;
			double d = strtod(value, &end);

			if (end != value + n - 1 || d < 0) {
				goelf_buf_addf(err,
					       "max-growth: bad percentage "
					       "'%s'",
					       value);
				return -1;
			}
			p->max_growth = d;
			p->max_growth_pct = true;
		} else if (goelf_parse_size(value, &bytes) == 0) {
			p->max_growth = (double)bytes;
			p->max_growth_pct = false;
		} else {
			goelf_buf_addf(err,
				       "max-growth: '%s' is not a size "
				       "(5MiB) or a percentage (10%%)",
				       value);
			return -1;
		}
		p->has_max_growth = true;
		return 0;
	}
	if (!strcmp(key, "fail-on-new-finding")) {
		/* true: warn and above; or the lowest severity that fails */
		static const char *const sevs[] = { "info", "warn", "fail" };

		for (size_t i = 0; i < ARRAY_SIZE(sevs); i++)
			if (!strcmp(value, sevs[i])) {
				p->fail_on_new_finding = true;
				p->new_finding_sev = (enum goelf_sev)i;
				return 0;
			}
		if (parse_bool(value, &p->fail_on_new_finding)) {
			goelf_buf_addf(err,
				       "%s: '%s' is not true, false, info, "
				       "warn or fail",
				       key, value);
			return -1;
		}
		p->new_finding_sev = GOELF_SEV_WARN;
		return 0;
	}
	if (!strcmp(key, "fail-on-glibc-raise")) {
		if (parse_bool(value, &p->fail_on_glibc_raise)) {
			goelf_buf_addf(err, "%s: '%s' is not true or false",
				       key, value);
			return -1;
		}
		return 0;
	}
	goelf_buf_addf(err,
		       "unknown key '%s' in [diff] (known: max-growth, "
		       "fail-on-new-finding, fail-on-glibc-raise)",
		       key);
	return -1;
}

int
goelf_policy_set(struct goelf_policy *p, const char *section, const char *key,
		 const char *value, struct goelf_buf *err)
{
	if (section && !strcmp(section, "allow")) {
		char *copy = goelf_xstrdup(value), *save = NULL, *tok;

		for (tok = strtok_r(copy, ", \t", &save); tok;
		     tok = strtok_r(NULL, ", \t", &save))
			add_allow(p, key, tok);
		if (!*trim(copy))
			add_allow(p, key, NULL);
		free(copy);
		return 0;
	}
	if (section && !strcmp(section, "diff"))
		return set_diff(p, key, value, err);
	if (section && !strcmp(section, "image")) {
		int r = goelf_policy_set_image(p, key, value, err);

		if (r > 0)
			goelf_buf_addf(err,
				       "unknown key '%s' in [image] (known: "
				       "max-size, max-wasted, "
				       "max-wasted-percent, forbid-classes, "
				       "user, tmpfs, read-only-root, env)",
				       key);
		return r ? -1 : 0;
	}
	if (section && *section && strcmp(section, "gate")) {
		goelf_buf_addf(err,
			       "unknown section [%s] (known: gate, allow, "
			       "diff, image)",
			       section);
		return -1;
	}
	if (!section) {
		/* The [image] keys are flags of scan. */
		int r = goelf_policy_set_image(p, key, value, err);

		if (r <= 0)
			return r;
	}
	if (!strcmp(key, "targets"))
		return each_item(value, add_target, p, err);
	if (!strcmp(key, "require"))
		return each_item(value, add_require, p, err);
	if (!strcmp(key, "allow"))
		return each_item(value, add_allow_spec, p, err);
	if (!strcmp(key, "fail-on")) {
		if (!strcmp(value, "warn"))
			p->fail_on = GOELF_SEV_WARN;
		else if (!strcmp(value, "fail"))
			p->fail_on = GOELF_SEV_FAIL;
		else {
			goelf_buf_addf(err, "fail-on: '%s' is not warn or fail",
				       value);
			return -1;
		}
		return 0;
	}
	if (!strcmp(key, "max-glibc") || !strcmp(key, "min-go")) {
		const char *v = value;
		char **dst = key[1] == 'a' ? &p->max_glibc : &p->min_go;

		if (!strncmp(v, "go", 2) && key[1] == 'i')
			v += 2;
		/* Go versions are 1.N[.P]: parsed by the one Go version
		 * parser the verdict uses, so "2.0" cannot pass here and
		 * be ignored there. */
		if (!valid_version(v) ||
		    (key[1] == 'i' && goelf_go_minor(v) < 0)) {
			goelf_buf_addf(err,
				       "%s: '%s' is not a version like "
				       "%s",
				       key, value,
				       key[1] == 'a' ? "2.31" : "1.22");
			return -1;
		}
		free(*dst);
		*dst = goelf_xstrdup(v);
		return 0;
	}
	if (!strcmp(key, "max-debug-bytes")) {
		if (goelf_parse_size(value, &p->max_debug_bytes)) {
			goelf_buf_addf(err,
				       "max-debug-bytes: '%s' is not a "
				       "size",
				       value);
			return -1;
		}
		p->has_max_debug = true;
		return 0;
	}
	if (!strcmp(key, "arch"))
		return set_platform(p, value, err);
	/* The diff thresholds are flags of goelf diff; in a file they
	 * belong in [diff], so that every [gate] key is a flag of gate. */
	if (!strcmp(key, "max-growth") || !strcmp(key, "fail-on-new-finding") ||
	    !strcmp(key, "fail-on-glibc-raise")) {
		if (!section)
			return set_diff(p, key, value, err);
		goelf_buf_addf(err,
			       "%s is a key of [diff] (goelf diff), not of "
			       "[%s]",
			       key, *section ? section : "gate");
		return -1;
	}
	goelf_buf_addf(err,
		       "unknown key '%s' (known: targets, fail-on, "
		       "max-glibc, require, max-debug-bytes, min-go, allow, "
		       "arch%s)",
		       key,
		       section ? ""
			       : ", max-growth, fail-on-new-finding, "
				 "fail-on-glibc-raise");
	return -1;
}

struct ini_ctx {
	struct goelf_policy *p;
	struct goelf_buf *err;
	bool failed;
};

static int
on_ini_line(void *user, const char *section, const char *name,
	    const char *value)
{
	struct ini_ctx *c = user;

	if (c->failed)
		return 0;
	if (goelf_policy_set(c->p, section, name, value, c->err)) {
		c->failed = true;
		return 0;
	}
	return 1;
}

/*
 * The policy file is read here and checked line by line before inih sees
 * it: inih (Debian 12's libinih, INI_MAX_LINE 200) splits a longer line
 * and parses its tail as a new line, so a long ';' comment ending in
 * "* = *" would become a live [allow] key.  A line over
 * GOELF_MAX_POLICY_LINE bytes, a NUL byte or a file over
 * GOELF_MAX_POLICY_BYTES is an error naming FILE:LINE.
 */
int
goelf_policy_load(struct goelf_policy *p, const char *path,
		  struct goelf_buf *err)
{
	struct goelf_buf why, text;
	struct ini_ctx c = { p, NULL, false };
	struct stat st;
	char chunk[4096];
	size_t lineno = 1, col = 0;
	int line, fd, rc = -1;

	goelf_buf_init(&why, 2048);
	goelf_buf_init(&text, GOELF_MAX_POLICY_BYTES + 1);
	c.err = &why;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 || fstat(fd, &st) != 0) {
		goelf_buf_addf(err, "%s: cannot open: %s", path,
			       strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		goelf_buf_addf(err, "%s: not a regular file", path);
		goto out;
	}
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			goelf_buf_addf(err, "%s: %s", path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		for (ssize_t i = 0; i < n; i++) {
			if (chunk[i] == '\0') {
				goelf_buf_addf(err, "%s:%zu: NUL byte", path,
					       lineno);
				goto out;
			}
			if (chunk[i] == '\n') {
				lineno++;
				col = 0;
			} else if (++col > GOELF_MAX_POLICY_LINE &&
				   !(col == GOELF_MAX_POLICY_LINE + 1 &&
				     chunk[i] == '\r')) {
				goelf_buf_addf(err,
					       "%s:%zu: line too long (more "
					       "than %u bytes)",
					       path, lineno,
					       GOELF_MAX_POLICY_LINE);
				goto out;
			}
		}
		if (goelf_buf_add(&text, chunk, (size_t)n)) {
			goelf_buf_addf(err, "%s: larger than %u bytes", path,
				       GOELF_MAX_POLICY_BYTES);
			goto out;
		}
	}
	line = ini_parse_string(text.buf, on_ini_line, &c);
	if (line != 0) {
		goelf_buf_addf(err, "%s:%d: %s", path, line,
			       why.len ? why.buf : "syntax error");
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	goelf_buf_release(&why);
	goelf_buf_release(&text);
	return rc;
}
