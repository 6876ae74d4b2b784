/*
 * scan.c - the public face of `goelf scan` (include/goelf.h): options
 * in, a pool started, each PATH dispatched to the image reader or the
 * walker, results to the caller's sink, the summary at the end.  The
 * options and the policy are only read once the threads run.
 */
#include "scan/scan.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

struct goelf_scan {
	struct goelf_scan_ctx ctx;
	bool running;
};

/* Window of the reorder ring: enough queued files to keep the workers
 * busy while one slow file holds the head, and few enough open fds
 * (the soft limit is raised towards what that needs). */
static size_t
pick_window(unsigned jobs)
{
	struct rlimit rl;
	size_t want = 64 + 32 * (size_t)jobs, avail;

	if (want > 1024)
		want = 1024;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rlim_t need = (rlim_t)(want + GOELF_SCAN_MAX_DEPTH + 64);

		if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need) {
			rl.rlim_cur = rl.rlim_max == RLIM_INFINITY ||
						      rl.rlim_max >= need
					      ? need
					      : rl.rlim_max;
			setrlimit(RLIMIT_NOFILE, &rl);
			getrlimit(RLIMIT_NOFILE, &rl);
		}
		if (rl.rlim_cur != RLIM_INFINITY) {
			avail = rl.rlim_cur > GOELF_SCAN_MAX_DEPTH + 64
					? (size_t)rl.rlim_cur -
						  GOELF_SCAN_MAX_DEPTH - 64
					: 8;
			if (want > avail)
				want = avail;
		}
	}
	return want < 8 ? 8 : want;
}

struct goelf_scan *
goelf_scan_new(const struct goelf_scan_options *o)
{
	struct goelf_scan *s = goelf_xcalloc(1, sizeof(*s));
	struct goelf_scan_ctx *c = &s->ctx;

	c->jobs = o->jobs < 1 ? 1 : o->jobs > 256 ? 256 : o->jobs;
	c->root_mode = o->root_mode;
	c->one_fs = o->one_fs;
	c->progress = o->progress;
	c->jsonl = o->jsonl;
	c->compact = o->compact;
	c->gate = o->gate;
	c->lo.dwarf = o->dwarf;
	c->doc = o->doc;
	c->lo.sha256 = o->doc && o->doc->format == GOELF_DOC_CYCLONEDX;
	c->pol = o->policy;
	c->sink = o->sink;
	goelf_rt_settings_from(&c->run, o->run);
	c->window = pick_window(c->jobs);
	goelf_pool_start(c);
	s->running = true;
	return s;
}

void
goelf_scan_path(struct goelf_scan *s, const char *path)
{
	struct goelf_scan_ctx *c = &s->ctx;
	struct stat st;

	if (stat(path, &st) != 0)
		goelf_scan_error(c, path, "%s", strerror(errno));
	else if (S_ISDIR(st.st_mode) && c->root_mode)
		goelf_scan_dir(c, path); /* --root: always a filesystem */
	else if (goelf_scan_is_image(path))
		goelf_scan_image(c, path);
	else if (S_ISDIR(st.st_mode))
		goelf_scan_dir(c, path);
	else
		goelf_scan_error(c, path, "not a directory or an image");
}

void
goelf_scan_finish(struct goelf_scan *s)
{
	if (!s->running)
		return;
	goelf_pool_stop(&s->ctx);
	s->running = false;
}

size_t
goelf_scan_errors(const struct goelf_scan *s)
{
	return s->ctx.sum.errors;
}

bool
goelf_scan_failed(const struct goelf_scan *s)
{
	return s->ctx.sum.failed || s->ctx.sum.images_failed;
}

void
goelf_scan_render_summary(const struct goelf_scan *s, bool color, FILE *out)
{
	goelf_summary_print(&s->ctx.sum, s->ctx.gate, color, out);
}

void
goelf_scan_ctx_release(struct goelf_scan_ctx *c)
{
	goelf_summary_release(&c->sum);
	goelf_rt_settings_release(&c->run);
	free(c->ep_answer);
	c->ep_answer = NULL;
	free(c->ep_path);
	c->ep_path = NULL;
	goelf_strlist_release(&c->ep_needs);
	free(c->img_unstripped_first);
	c->img_unstripped_first = NULL;
}

void
goelf_scan_free(struct goelf_scan *s)
{
	if (!s)
		return;
	goelf_scan_finish(s);
	goelf_scan_ctx_release(&s->ctx);
	free(s);
}
