/*
 * scan_image.c - drives lib/image for `goelf scan`: the image reader
 * (which reads archives, applies layers and resolves links, and prints
 * nothing) calls back here; ELF entries and links become pool jobs,
 * carrying the image's platform for their verdict; the image's own
 * findings are judged by the policy's one rule (goelf_verdict_findings)
 * and its record, rendered by render_image.c, goes to the sink after
 * the image's files and links, which stream through the pool in the
 * order they are read (layers top-down, tar order within a layer, then
 * the links): no result of an image is held until the image ends.
 *
 * The cost of an image is bounded in lib/image (GOELF_IMAGE_MAX_*); the
 * queued ELF buffers are capped here at GOELF_SCAN_MAX_INFLIGHT (the
 * pool blocks the reader).
 */
#include "scan/scan.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What the callbacks share while one archive is read. */
struct drive {
	struct goelf_scan_ctx *c;
	const char *path;
	char *arch; /* the current image's platform for its jobs; owned */
	/* What the first pass read: every image ready to judge in. */
	struct goelf_rt_views views;
	size_t nbegin;			  /* images begun in the second pass */
	const struct goelf_rt_view *view; /* the current image's */
};

static void
on_error(void *arg, const char *msg)
{
	struct drive *d = arg;
	struct goelf_scan_result r = { 0 };

	/* After what is queued, so it comes out in reading order. */
	goelf_pool_drain(d->c);
	r.path = (char *)d->path;
	r.err = (char *)msg;
	pthread_mutex_lock(&d->c->lock);
	d->c->sum.errors++;
	goelf_scan_emit(d->c, &r);
	if (d->c->doc)
		goelf_doc_add_error(d->c->doc, d->path, msg);
	pthread_mutex_unlock(&d->c->lock);
}

static void
on_begin(void *arg, const struct goelf_image_facts *im)
{
	struct drive *d = arg;
	struct goelf_scan_ctx *c = d->c;
	const char *a = im->architecture;

	/* Check binaries against the image's own platform unless the
	 * policy names one: the arch travels with each job, the shared
	 * policy is never written.  Read as goelf_policy_set(, "arch", )
	 * reads a platform. */
	free(d->arch);
	d->arch = NULL;
	if (a && !strncmp(a, "linux/", 6))
		a += 6;
	if (a && !c->pol->arch)
		d->arch = goelf_xstrndup(a, strcspn(a, "/"));
	goelf_pool_drain(c);
	/* The image's files are judged in it: its view goes with every
	 * job from here to its end. */
	d->view = goelf_rt_views_at(&d->views, d->nbegin++);
	c->cur_view = d->view;
	pthread_mutex_lock(&c->lock);
	c->bytes_total = im->bytes_total;
	c->bytes_done = 0;
	c->ep_seen = false;
	if (c->doc)
		goelf_doc_image_begin(c->doc,
				      im->reference ? im->reference : im->arg);
	c->img_unstripped = 0;
	c->img_unstripped_savings = 0;
	free(c->img_unstripped_first);
	c->img_unstripped_first = NULL;
	pthread_mutex_unlock(&c->lock);
}

static void
on_elf(void *arg, const char *path, uint8_t *data, size_t size, const char *err)
{
	struct drive *d = arg;
	struct goelf_scan_job j = { 0 };

	j.fd = -1;
	j.path = goelf_xstrdup(path);
	j.arch = d->arch ? goelf_xstrdup(d->arch) : NULL;
	if (data) {
		j.kind = GOELF_JOB_DATA;
		j.data = data;
		j.size = size;
	} else {
		j.kind = GOELF_JOB_ERROR;
		j.err = goelf_xstrdup(err ? err : "");
	}
	goelf_pool_submit(d->c, &j);
}

static void
on_seen(void *arg)
{
	struct drive *d = arg;

	pthread_mutex_lock(&d->c->lock);
	d->c->sum.files_seen++;
	pthread_mutex_unlock(&d->c->lock);
}

static void
on_special(void *arg)
{
	struct drive *d = arg;

	pthread_mutex_lock(&d->c->lock);
	d->c->sum.special++;
	pthread_mutex_unlock(&d->c->lock);
}

static void
on_link(void *arg, const char *path, const char *target, const char *resolved,
	bool hard)
{
	struct drive *d = arg;
	struct goelf_scan_job j = { 0 };

	if (!resolved) {
		pthread_mutex_lock(&d->c->lock);
		d->c->sum.links_other++;
		pthread_mutex_unlock(&d->c->lock);
		return;
	}
	j.kind = GOELF_JOB_LINK;
	j.fd = -1;
	j.path = goelf_xstrdup(path);
	j.link_target = goelf_xstrdup(target);
	j.link_resolved = goelf_xstrdup(resolved);
	j.hardlink = hard;
	goelf_pool_submit(d->c, &j);
}

static void
on_progress(void *arg, uint64_t done, uint64_t total)
{
	struct drive *d = arg;

	pthread_mutex_lock(&d->c->lock);
	d->c->bytes_done = done;
	d->c->bytes_total = total;
	pthread_mutex_unlock(&d->c->lock);
}

/* The image record, to the sink.  Under lock. */
static void
emit_record(struct goelf_scan_ctx *c, const struct goelf_image_facts *im,
	    const struct goelf_image_judged *j)
{
	struct goelf_scan_result r = { 0 };

	if (!c->jsonl)
		return;
	r.path = (char *)im->arg;
	r.json = goelf_render_image_record(im, j);
	if (r.json)
		goelf_scan_emit(c, &r);
	free(r.json);
}

static void
on_end(void *arg, struct goelf_image_facts *im, bool scanned)
{
	struct drive *d = arg;
	struct goelf_scan_ctx *c = d->c;

	struct goelf_image_judged j = { 0 };
	const struct goelf_rt_view *v = d->view;
	const char *ref = im->reference ? im->reference : im->arg;

	goelf_pool_drain(c);
	c->cur_view = NULL;
	d->view = NULL;
	pthread_mutex_lock(&c->lock);
	if (scanned) {
		struct goelf_findings_verdict fv;

		/* The size findings: the unstripped files the pool counted,
		 * then the [image] limits of the policy. */
		goelf_image_size_unstripped(im, c->img_unstripped,
					    c->img_unstripped_savings,
					    c->img_unstripped_first);
		/* What the entrypoint needs, from the view: unknown (null)
		 * without an entrypoint judged or when a path is gone. */
		im->size.has_needed = false;
		if (c->ep_seen && v && v->fs &&
		    goelf_image_needed_bytes(v->fs, v->entrypoint,
					     c->ep_stripped, &c->ep_needs,
					     &im->size.needed_bytes) == 0)
			im->size.has_needed = true;
		goelf_verdict_image_size(&im->findings, &im->size, c->pol);
		goelf_findings_sort(&im->findings);
		/* The same allowlist and gate rule as a file's findings;
		 * then the entrypoint's image target: will it start? */
		fv = goelf_verdict_findings(&im->findings, im->arg, c->pol);
		goelf_summary_add_image_size(
			&c->sum, im->reference ? im->reference : im->arg, im);

		j.judged = true;
		j.status = fv.status;
		j.failed = fv.failed;
		j.entrypoint = v ? v->entrypoint : NULL;
		if (c->ep_seen) {
			j.ep_known = true;
			j.ep_status = c->ep_status;
			j.ep_answer = c->ep_answer;
		} else if (v && v->entrypoint_why) {
			/* Configured, not there: nothing starts. */
			j.ep_known = true;
			j.ep_status = GOELF_SEV_FAIL;
			j.ep_answer = v->entrypoint_why;
		}
		if (j.ep_known && j.ep_status > j.status)
			j.status = j.ep_status;
		if (j.ep_known &&
		    j.ep_status >= (c->pol ? c->pol->fail_on : GOELF_SEV_FAIL))
			j.failed = true;
		c->sum.images_failed += j.failed;
		goelf_summary_add_image(&c->sum, ref, &im->findings, c->pol);
		if (j.ep_known)
			goelf_summary_add_entrypoint(&c->sum, ref,
						     c->ep_seen ? c->ep_path
								: j.entrypoint,
						     j.ep_status, j.ep_answer);
		if (c->doc)
			goelf_doc_image_end(c->doc, &im->findings, &fv);
	} else if (c->doc) {
		struct goelf_findings none = { 0 };
		struct goelf_findings_verdict nv = { 0 };

		goelf_doc_image_end(c->doc, &none, &nv);
	}
	emit_record(c, im, &j);
	if (scanned)
		c->bytes_total = c->bytes_done = 0;
	c->ep_seen = false;
	pthread_mutex_unlock(&c->lock);
	free(d->arch);
	d->arch = NULL;
}

bool
goelf_scan_is_image(const char *path)
{
	return goelf_image_probe(path);
}

void
goelf_scan_image(struct goelf_scan_ctx *c, const char *path)
{
	struct drive d = { .c = c, .path = path };
	const struct goelf_image_ops ops = {
		.arg = &d,
		.error = on_error,
		.begin = on_begin,
		.elf = on_elf,
		.seen = on_seen,
		.special = on_special,
		.link = on_link,
		.progress = on_progress,
		.end = on_end,
	};
	struct stat st;
	uint8_t magic[4];
	int fd;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0) {
		goelf_scan_error(c, path, "%s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	if (!S_ISDIR(st.st_mode) && pread(fd, magic, 4, 0) == 4 &&
	    is_elf_magic(magic)) {
		/* One ELF file given directly: scan it like a walked file. */
		struct goelf_scan_job jb = { 0 };

		pthread_mutex_lock(&c->lock);
		c->sum.files_seen++;
		pthread_mutex_unlock(&c->lock);
		jb.kind = GOELF_JOB_FD;
		jb.fd = fd;
		jb.path = goelf_xstrdup(path);
		goelf_pool_submit(c, &jb);
		return;
	}
	/* First pass: the images' final filesystems and their ELF files'
	 * dynamic facts, so that every file can be judged in its image
	 * as it streams by in the second.  Its problems are the second
	 * pass's to report. */
	{
		struct goelf_buf err;

		goelf_buf_init(&err, 1024);
		goelf_rt_views_open(path, &c->run, &d.views, &err);
		goelf_buf_release(&err);
	}
	goelf_image_read(fd, S_ISDIR(st.st_mode), path, &ops);
	c->cur_view = NULL;
	goelf_rt_views_release(&d.views);
	free(d.arch);
	close(fd);
}
