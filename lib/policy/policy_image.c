/*
 * policy_image.c - the [image] section of the policy: limits on the
 * size of an image (max-size, max-wasted, max-wasted-percent) and the
 * build leftover classes it must not ship (forbid-classes), the same as
 * the flags of `goelf scan`; and the run-time settings the image's
 * files are judged with (user, tmpfs, read-only-root, env), those of
 * --user, --tmpfs, --read-only-root and --env, which win over them.
 */
#include "policy/policy.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int
forbid(struct goelf_policy *p, const char *value, struct goelf_buf *err)
{
	char *copy = goelf_xstrdup(value), *save = NULL, *tok;
	unsigned bits = 0;
	int rc = 0;

	for (tok = strtok_r(copy, ", \t", &save); tok;
	     tok = strtok_r(NULL, ", \t", &save)) {
		enum goelf_image_class c = goelf_image_class_find(tok);

		if (c == GOELF_IC_NONE) {
			goelf_buf_addf(err,
				       "forbid-classes: unknown class '%s' "
				       "(known: go-build-cache, "
				       "go-module-cache, go-toolchain, "
				       "package-cache, source)",
				       tok);
			rc = -1;
			break;
		}
		bits |= 1u << c;
	}
	free(copy);
	if (!rc)
		p->forbid_classes = bits;
	return rc;
}

/* tmpfs = /tmp, /run; env = K=V, K2=V2 (a value holds no comma). */
static int
run_list(struct goelf_policy *p, const char *key, const char *value,
	 struct goelf_buf *err)
{
	bool is_env = !strcmp(key, "env");
	struct goelf_strlist *l = is_env ? &p->run_env : &p->run_tmpfs;
	struct goelf_strlist got = { 0 };
	char *copy = goelf_xstrdup(value), *save = NULL, *tok;
	int rc = 0;

	for (tok = strtok_r(copy, ", \t", &save); tok && rc == 0;
	     tok = strtok_r(NULL, ", \t", &save)) {
		if (got.n >= 256) {
			goelf_buf_addf(err, "%s: more than 256 items", key);
			rc = -1;
		} else if (is_env && (!strchr(tok, '=') || tok[0] == '=')) {
			goelf_buf_addf(err, "env: '%s' is not K=V", tok);
			rc = -1;
		} else if (!is_env && tok[0] != '/') {
			goelf_buf_addf(err,
				       "tmpfs: '%s' is not an absolute path "
				       "in the image",
				       tok);
			rc = -1;
		} else {
			goelf_strlist_add(&got, tok);
		}
	}
	free(copy);
	if (rc) {
		goelf_strlist_release(&got);
		return rc;
	}
	goelf_strlist_release(l);
	*l = got;
	return 0;
}

static int
run_key(struct goelf_policy *p, const char *key, const char *value,
	struct goelf_buf *err)
{
	if (!strcmp(key, "user")) {
		if (!*value || strlen(value) > 255) {
			goelf_buf_addf(err,
				       "user: '%s' is not UID[:GID] or a "
				       "name",
				       value);
			return -1;
		}
		free(p->run_user);
		p->run_user = goelf_xstrdup(value);
		return 0;
	}
	if (!strcmp(key, "read-only-root")) {
		if (!strcasecmp(value, "true") || !strcasecmp(value, "yes") ||
		    !strcmp(value, "1"))
			p->read_only_root = true;
		else if (!strcasecmp(value, "false") ||
			 !strcasecmp(value, "no") || !strcmp(value, "0"))
			p->read_only_root = false;
		else {
			goelf_buf_addf(err,
				       "read-only-root: '%s' is not true or "
				       "false",
				       value);
			return -1;
		}
		return 0;
	}
	if (!strcmp(key, "tmpfs") || !strcmp(key, "env"))
		return run_list(p, key, value, err);
	return 1;
}

int
goelf_policy_set_image(struct goelf_policy *p, const char *key,
		       const char *value, struct goelf_buf *err)
{
	if (!strcmp(key, "max-size") || !strcmp(key, "max-wasted")) {
		bool sz = key[4] == 's';
		uint64_t v;

		if (goelf_parse_size(value, &v)) {
			goelf_buf_addf(err, "%s: '%s' is not a size (500MiB)",
				       key, value);
			return -1;
		}
		if (sz) {
			p->max_size = v;
			p->has_max_size = true;
		} else {
			p->max_wasted = v;
			p->has_max_wasted = true;
		}
		return 0;
	}
	if (!strcmp(key, "max-wasted-percent")) {
		size_t n = strlen(value);
		char *end;
		double d;

		if (n && value[n - 1] == '%')
			n--;
		d = strtod(value, &end);
		if (!n || end != value + n || !(d >= 0 && d <= 100)) {
			goelf_buf_addf(err,
				       "%s: '%s' is not a percentage from 0 "
				       "to 100",
				       key, value);
			return -1;
		}
		p->max_wasted_pct = d;
		p->has_max_wasted_pct = true;
		return 0;
	}
	if (!strcmp(key, "forbid-classes"))
		return forbid(p, value, err);
	return run_key(p, key, value, err);
}
