/*
 * runtime_api.c - the public face of judging in an image or root
 * (include/goelf.h): goelf_image_view_open(), goelf_report_run_in().
 */
#include "runtime/runtime.h"

#include <stdlib.h>
#include <string.h>

struct goelf_image_view {
	struct goelf_rt_settings s;
	struct goelf_rt_views vs;
};

void
goelf_rt_settings_from(struct goelf_rt_settings *s,
		       const struct goelf_run_options *o)
{
	memset(s, 0, sizeof(*s));
	if (!o)
		return;
	s->user = o->user;
	s->read_only_root = o->read_only_root;
	s->platform = o->platform;
	if (s->platform && !strncmp(s->platform, "linux/", 6))
		s->platform += 6;
	for (size_t i = 0; i < o->ntmpfs; i++)
		goelf_strlist_add(&s->tmpfs, o->tmpfs[i]);
	for (size_t i = 0; i < o->nenv; i++)
		goelf_strlist_add(&s->env, o->env[i]);
}

void
goelf_rt_settings_release(struct goelf_rt_settings *s)
{
	goelf_strlist_release(&s->tmpfs);
	goelf_strlist_release(&s->env);
	memset(s, 0, sizeof(*s));
}

struct goelf_image_view *
goelf_image_view_open(const char *path, const struct goelf_run_options *o,
		      char **err)
{
	struct goelf_image_view *v = goelf_xcalloc(1, sizeof(*v));
	struct goelf_buf e;

	goelf_buf_init(&e, 1024);
	goelf_rt_settings_from(&v->s, o);
	if (goelf_rt_views_open(path, &v->s, &v->vs, &e) != 0) {
		if (err)
			*err = goelf_xstrdup(e.len ? e.buf : "unreadable");
		goelf_buf_release(&e);
		goelf_image_view_free(v);
		return NULL;
	}
	goelf_buf_release(&e);
	return v;
}

void
goelf_image_view_free(struct goelf_image_view *v)
{
	if (!v)
		return;
	goelf_rt_views_release(&v->vs);
	goelf_rt_settings_release(&v->s);
	free(v);
}

int
goelf_report_run_in(struct goelf_report *r, struct goelf_image_view *v,
		    const char *at, char **err)
{
	const struct goelf_rt_view *iv;

	if (r->err != GOELF_OK)
		return 0;
	iv = goelf_rt_views_pick(&v->vs, r->an.arch, v->s.platform);
	if (!iv) {
		if (err)
			*err = goelf_xstrdup(
				"the image index has no image for this "
				"file's platform (use --platform)");
		return -1;
	}
	if (at && at[0] != '/') {
		if (err)
			*err = goelf_xstrdup("--at must be an absolute path "
					     "in the image");
		return -1;
	}
	goelf_rt_view_judge(iv, r, at);
	return 0;
}
