/*
 * rt_view.c - the places a file is judged in: each image of an archive
 * (read once: its ELF files parsed into the library cache as they go
 * by, its final filesystem kept as a view, its config's Env, User,
 * Entrypoint, Cmd and WorkingDir) or a root directory (read lazily),
 * with the command line's run-time settings applied on top.
 */
#include "runtime/runtime.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

static void
copy_list(struct goelf_strlist *to, const struct goelf_strlist *from)
{
	for (size_t i = 0; i < from->n; i++)
		goelf_strlist_add(to, from->v[i]);
}

/* This machine's GOARCH (uname), or NULL. */
static char *
host_goarch(void)
{
	static const char *const map[][2] = {
		{ "x86_64", "amd64" },
		{ "aarch64", "arm64" },
		{ "i686", "386" },
		{ "i386", "386" },
		{ "armv7l", "arm" },
		{ "armv6l", "arm" },
		{ "ppc64le", "ppc64le" },
		{ "ppc64", "ppc64" },
		{ "s390x", "s390x" },
		{ "riscv64", "riscv64" },
		{ "loongarch64", "loong64" },
		{ "mips64", "mips64" },
	};
	struct utsname u;

	if (uname(&u) != 0)
		return NULL;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(u.machine, map[i][0]))
			return goelf_xstrdup(map[i][1]);
	return NULL;
}

/* "linux/amd64/v8" or "amd64" -> "amd64". */
static char *
goarch_of(const char *a)
{
	if (!a)
		return NULL;
	if (!strncmp(a, "linux/", 6))
		a += 6;
	return goelf_xstrndup(a, strcspn(a, "/"));
}

struct goelf_rt_view *
goelf_rt_view_begin(const struct goelf_image_facts *im)
{
	struct goelf_rt_view *v = goelf_xcalloc(1, sizeof(*v));

	v->name = goelf_xstrdup(im->reference ? im->reference : im->arg);
	v->arch = goarch_of(im->architecture);
	v->libs = goelf_rt_libs_new(NULL);
	copy_list(&v->env.env, &im->env);
	copy_list(&v->env.entrypoint, &im->entrypoint);
	copy_list(&v->env.cmd, &im->cmd);
	v->env.has_entrypoint = im->has_entrypoint;
	v->env.has_cmd = im->has_cmd;
	v->env.workdir = im->workdir ? goelf_xstrdup(im->workdir) : NULL;
	v->env.user = im->user && *im->user ? goelf_xstrdup(im->user) : NULL;
	return v;
}

void
goelf_rt_view_finish(struct goelf_rt_view *v, const struct goelf_rt_settings *s)
{
	struct goelf_buf err, why;
	char ep[GOELF_IMAGE_MAX_PATH];

	v->env.image = v->name;
	v->env.isa_level = 1;
	v->env.arch = v->arch;
	if (s) {
		copy_list(&v->env.env, &s->env);
		copy_list(&v->env.tmpfs, &s->tmpfs);
		v->env.read_only_root = s->read_only_root;
		if (s->user) {
			free(v->env.user);
			v->env.user = goelf_xstrdup(s->user);
		}
	}
	goelf_buf_init(&err, 1024);
	goelf_buf_init(&why, 1024);
	if (v->fs && goelf_rt_env_user(&v->env, v->fs, &err) != 0)
		v->user_error = goelf_xstrdup(err.buf);
	if (v->fs && (v->env.has_entrypoint || v->env.has_cmd)) {
		if (goelf_rt_entrypoint(&v->env, v->fs, ep, sizeof(ep), &why) ==
		    0)
			v->entrypoint = goelf_xstrdup(ep);
		else
			v->entrypoint_why = goelf_xstrdup(
				why.len ? why.buf
					: "the entrypoint is not in "
					  "the image");
	}
	goelf_buf_release(&err);
	goelf_buf_release(&why);
}

struct goelf_rt_view *
goelf_rt_view_dir(const char *dir, const struct goelf_rt_settings *s,
		  struct goelf_buf *err)
{
	struct goelf_rootfs *fs = goelf_rootfs_open_dir(dir, err);
	struct goelf_rt_view *v;

	if (!fs)
		return NULL;
	v = goelf_xcalloc(1, sizeof(*v));
	v->name = goelf_xstrdup(dir);
	/* A root directory runs on this machine (chroot), unless told. */
	v->arch = s && s->platform ? goelf_xstrdup(s->platform) : host_goarch();
	v->fs = fs;
	v->libs = goelf_rt_libs_new(fs);
	goelf_rt_view_finish(v, s);
	return v;
}

/* Frees what v owns (not v). */
static void
view_release(struct goelf_rt_view *v)
{
	/* The cache reads through the view: it goes first. */
	goelf_rt_libs_free(v->libs);
	goelf_rootfs_free(v->fs);
	goelf_rt_env_release(&v->env);
	free(v->name);
	free(v->arch);
	free(v->entrypoint);
	free(v->entrypoint_why);
	free(v->user_error);
}

void
goelf_rt_view_free(struct goelf_rt_view *v)
{
	if (!v)
		return;
	view_release(v);
	free(v);
}

void
goelf_rt_views_release(struct goelf_rt_views *vs)
{
	for (size_t i = 0; i < vs->n; i++)
		view_release(&vs->v[i]);
	free(vs->v);
	memset(vs, 0, sizeof(*vs));
}

/* --- reading an archive: the image reader's callbacks --- */

struct reading {
	struct goelf_rt_views *out;
	struct goelf_rt_view *cur;
	const struct goelf_rt_settings *s;
	struct goelf_buf *err;
	size_t problems;
	size_t nbegin; /* images begun */
};

static void
on_error(void *arg, const char *msg)
{
	struct reading *rd = arg;

	if (!rd->problems++ && !rd->err->len)
		goelf_buf_adds(rd->err, msg);
}

static void
on_begin(void *arg, const struct goelf_image_facts *im)
{
	struct reading *rd = arg;

	goelf_rt_view_free(rd->cur);
	rd->cur = goelf_rt_view_begin(im);
	rd->cur->seq = rd->nbegin++;
}

static void
on_elf(void *arg, const char *path, uint8_t *data, size_t size, const char *err)
{
	struct reading *rd = arg;

	(void)err;
	if (rd->cur && data)
		goelf_rt_libs_add_bytes(rd->cur->libs, path, data, size);
	free(data);
}

static void
on_link(void *arg, const char *path, const char *target, const char *resolved,
	bool hard)
{
	struct reading *rd = arg;

	(void)target;
	if (rd->cur && hard && resolved)
		goelf_rt_libs_alias(rd->cur->libs, path, resolved);
}

static void
on_fs(void *arg, struct goelf_rootfs *fs)
{
	struct reading *rd = arg;

	if (!rd->cur) {
		goelf_rootfs_free(fs);
		return;
	}
	goelf_rootfs_free(rd->cur->fs);
	rd->cur->fs = fs;
	goelf_rt_libs_set_fs(rd->cur->libs, fs);
}

static void
on_end(void *arg, struct goelf_image_facts *im, bool scanned)
{
	struct reading *rd = arg;
	struct goelf_rt_views *o = rd->out;

	if (!scanned || !rd->cur || !rd->cur->fs)
		return;
	/* The config's User is read with the image's findings, at its
	 * end (image_config.c), not before begin(). */
	if (im->user && *im->user) {
		free(rd->cur->env.user);
		rd->cur->env.user = goelf_xstrdup(im->user);
	}
	goelf_rt_view_finish(rd->cur, rd->s);
	o->v = goelf_xrealloc(o->v, (o->n + 1) * sizeof(*o->v));
	o->v[o->n++] = *rd->cur;
	free(rd->cur);
	rd->cur = NULL;
}

int
goelf_rt_views_open(const char *path, const struct goelf_rt_settings *s,
		    struct goelf_rt_views *out, struct goelf_buf *err)
{
	struct reading rd = { .out = out, .s = s, .err = err };
	const struct goelf_image_ops ops = {
		.arg = &rd,
		.error = on_error,
		.begin = on_begin,
		.elf = on_elf,
		.link = on_link,
		.fs = on_fs,
		.end = on_end,
	};
	struct stat st;
	int fd;

	memset(out, 0, sizeof(*out));
	if (stat(path, &st) != 0) {
		goelf_buf_adds(err, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode) && !goelf_image_probe(path)) {
		struct goelf_rt_view *v = goelf_rt_view_dir(path, s, err);

		if (!v)
			return -1;
		out->v = v;
		out->n = 1;
		return 0;
	}
	if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {
		goelf_buf_adds(err, "not a regular file or a directory");
		return -1;
	}
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC |
				(S_ISDIR(st.st_mode) ? O_DIRECTORY : 0));
	if (fd < 0) {
		goelf_buf_adds(err, strerror(errno));
		return -1;
	}
	goelf_image_read(fd, S_ISDIR(st.st_mode), path, &ops);
	close(fd);
	goelf_rt_view_free(rd.cur);
	if (!out->n) {
		if (!err->len)
			goelf_buf_adds(err, "no image in it could be read");
		return -1;
	}
	goelf_buf_reset(err);
	return 0;
}

const struct goelf_rt_view *
goelf_rt_views_pick(const struct goelf_rt_views *vs, const char *arch,
		    const char *platform)
{
	const char *want = platform ? platform : arch;

	if (vs->n == 1)
		return &vs->v[0];
	for (size_t i = 0; want && i < vs->n; i++)
		if (vs->v[i].arch && !strcmp(vs->v[i].arch, want))
			return &vs->v[i];
	return NULL;
}

const struct goelf_rt_view *
goelf_rt_views_at(const struct goelf_rt_views *vs, size_t seq)
{
	for (size_t i = 0; i < vs->n; i++)
		if (vs->v[i].seq == seq)
			return &vs->v[i];
	return NULL;
}

void
goelf_rt_view_judge(const struct goelf_rt_view *v, struct goelf_report *r,
		    const char *at)
{
	char def[GOELF_IMAGE_MAX_PATH];

	if (r->err != GOELF_OK)
		return;
	if (!at) {
		goelf_rt_default_at(&v->env, v->fs, r->path, def, sizeof(def));
		at = def;
	}
	goelf_runtime_judge(r, v->fs, v->libs, &v->env, at);
	r->runtime.entrypoint = v->entrypoint && !strcmp(v->entrypoint, at);
	if (v->user_error) {
		/* runc refuses to start the container at all. */
		struct goelf_runtime *rt = &r->runtime;
		struct goelf_rt_problem *p;

		rt->problems = goelf_xrealloc(rt->problems,
					      (rt->nproblems + 1) * sizeof(*p));
		p = &rt->problems[rt->nproblems++];
		p->id = goelf_xstrdup("runtime.user_unknown");
		p->sev = GOELF_SEV_FAIL;
		p->message = goelf_xstrdup(v->user_error);
	}
}
