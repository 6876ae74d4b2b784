/*
 * runtime/runtime.c - goelf_runtime_judge: one file judged as if it sat
 * at an in-image path of a root: the loader simulation (rt_resolve.c)
 * then the run-time data files (rt_needs.c), into r->runtime; and the
 * bounded problem list they fill.
 */
#include "runtime/runtime.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void
goelf_rt_problem(struct goelf_rt_ctx *x, const char *id, enum goelf_sev sev,
		 const char *fmt, ...)
{
	struct goelf_runtime *rt = x->out;
	struct goelf_rt_problem *p;
	struct goelf_buf b;
	va_list ap;
	char *msg;

	goelf_buf_init(&b, 4096);
	va_start(ap, fmt);
	{
		char tmp[4096];

		vsnprintf(tmp, sizeof(tmp), fmt, ap);
		goelf_buf_adds(&b, tmp);
	}
	va_end(ap);
	/* one line: control bytes of file-derived names become '?' */
	for (size_t i = 0; i < b.len; i++)
		if ((unsigned char)b.buf[i] < ' ' || b.buf[i] == 0x7f)
			b.buf[i] = '?';
	msg = goelf_buf_detach(&b);
	goelf_buf_release(&b);
	for (size_t i = 0; i < rt->nproblems; i++)
		if (!strcmp(rt->problems[i].id, id) &&
		    !strcmp(rt->problems[i].message, msg)) {
			free(msg);
			return;
		}
	if (rt->nproblems >= GOELF_RT_MAX_PROBLEMS) {
		rt->limit_reached = true;
		free(msg);
		return;
	}
	rt->problems = goelf_xrealloc(rt->problems, (rt->nproblems + 1) *
							    sizeof(*rt->problems));
	p = &rt->problems[rt->nproblems++];
	p->id = goelf_xstrdup(id);
	p->sev = sev;
	p->message = msg;
}

static const char *
libc_of(const struct goelf_rt_ctx *x)
{
	const char *ip = x->r->facts.interp;
	const char *b;

	if (!ip)
		return "none";
	if (x->is_musl)
		return "musl";
	b = strrchr(ip, '/');
	b = b ? b + 1 : ip;
	if (!strncmp(b, "ld-linux", 8) || !strncmp(b, "ld64.so.", 8) ||
	    !strncmp(b, "ld.so.", 6))
		return "glibc";
	return "unknown";
}

void
goelf_runtime_judge(struct goelf_report *r, const struct goelf_rootfs *fs,
		    struct goelf_rt_libs *libs, const struct goelf_rt_env *env,
		    const char *at)
{
	struct goelf_runtime *rt = &r->runtime;
	struct goelf_rt_ctx x = { 0 };
	char buf[64];

	goelf_runtime_release(rt);
	rt->judged = true;
	rt->image = goelf_xstrdup(env && env->image ? env->image : "");
	rt->at = goelf_xstrdup(at);
	if (env && env->has_uid) {
		snprintf(buf, sizeof(buf), "%u:%u", env->uid, env->gid);
		rt->user = goelf_xstrdup(buf);
	} else {
		rt->user = goelf_xstrdup(env && env->user ? env->user : "root");
	}
	x.r = r;
	x.fs = fs;
	x.libs = libs;
	x.env = env;
	x.at = rt->at;
	x.out = rt;
	goelf_rt_resolve(&x);
	rt->libc = libc_of(&x);
	goelf_rt_needs(&x);
	for (size_t i = 0; i < x.nobjs; i++) {
		free(x.objs[i].path);
		free(x.objs[i].origin);
		goelf_strlist_release(&x.objs[i].names);
	}
	free(x.objs);
	free(x.scope);
	free(x.loaded);
	free(x.musl_arch);
	goelf_rt_symtab_release(&x.exe_syms);
}
