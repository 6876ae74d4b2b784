/*
 * runtime/runtime.c - goelf_runtime_judge: one file judged as if it sat
 * at an in-image path of a root: the loader simulation (rt_resolve.c)
 * then the run-time data files (rt_needs.c), into r->runtime.
 */
#include "runtime/runtime.h"

#include <stdlib.h>
#include <string.h>

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
	/* The file is the image's entrypoint when argv[0] resolves to the
	 * same file as at (both resolved in the root). */
	if (env && fs && (env->has_entrypoint || env->has_cmd)) {
		char ep[GOELF_IMAGE_MAX_PATH], res[GOELF_IMAGE_MAX_PATH];
		struct goelf_rootfs_stat st;
		struct goelf_buf why;

		goelf_buf_init(&why, 512);
		if (goelf_rt_entrypoint(env, fs, ep, sizeof(ep), &why) == 0 &&
		    goelf_rootfs_stat(fs, at, true, &st, res, sizeof(res)) ==
			    0 &&
		    !strcmp(ep, res))
			rt->entrypoint = true;
		goelf_buf_release(&why);
	}
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
