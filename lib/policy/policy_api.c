/*
 * policy/policy_api.c - the policy handle of the public API (goelf.h):
 * heap policies, errors as malloc'd strings instead of a goelf_buf, and
 * goelf_report_judge(), the public name of goelf_verdict_compute().
 */
#include "policy/policy.h"

#include <stdlib.h>
#include <string.h>

struct goelf_policy *
goelf_policy_new(void)
{
	struct goelf_policy *p = goelf_xcalloc(1, sizeof(*p));

	goelf_policy_init(p);
	return p;
}

void
goelf_policy_free(struct goelf_policy *p)
{
	if (!p)
		return;
	goelf_policy_release(p);
	free(p);
}

/* Hands err's text to *out (when asked) and releases err. */
static int
finish(int rc, struct goelf_buf *err, char **out)
{
	if (rc && out)
		*out = goelf_xstrdup(err->buf);
	goelf_buf_release(err);
	return rc ? -1 : 0;
}

int
goelf_policy_read(struct goelf_policy *p, const char *path, char **err)
{
	struct goelf_buf b;

	goelf_buf_init(&b, 4096);
	return finish(goelf_policy_load(p, path, &b), &b, err);
}

int
goelf_policy_put(struct goelf_policy *p, const char *section, const char *key,
		 const char *value, char **err)
{
	struct goelf_buf b;

	goelf_buf_init(&b, 4096);
	return finish(goelf_policy_set(p, section, key, value, &b), &b, err);
}

int
goelf_policy_clear(struct goelf_policy *p, const char *key)
{
	if (!strcmp(key, "targets")) {
		goelf_strlist_release(&p->targets);
		return 0;
	}
	if (!strcmp(key, "require")) {
		p->require = 0;
		return 0;
	}
	return -1;
}

enum goelf_sev
goelf_policy_fail_on(const struct goelf_policy *p)
{
	return p->fail_on;
}

size_t
goelf_policy_target_count(const struct goelf_policy *p)
{
	return p->targets.n;
}

const char *
goelf_policy_target(const struct goelf_policy *p, size_t i)
{
	return i < p->targets.n ? p->targets.v[i] : NULL;
}

const char *
goelf_policy_arch(const struct goelf_policy *p)
{
	return p->arch;
}

void
goelf_report_judge(struct goelf_report *r, const struct goelf_policy *p)
{
	goelf_verdict_compute(r, p);
}

void
goelf_policy_run_options(const struct goelf_policy *p,
			 struct goelf_run_options *o)
{
	if (!p || !o)
		return;
	if (!o->user && p->run_user)
		o->user = p->run_user;
	if (!o->ntmpfs && p->run_tmpfs.n) {
		o->tmpfs = (const char *const *)p->run_tmpfs.v;
		o->ntmpfs = p->run_tmpfs.n;
	}
	if (!o->nenv && p->run_env.n) {
		o->env = (const char *const *)p->run_env.v;
		o->nenv = p->run_env.n;
	}
	if (p->read_only_root)
		o->read_only_root = true;
}
