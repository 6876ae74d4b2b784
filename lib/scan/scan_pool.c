/*
 * scan_pool.c - the worker pool of `goelf scan`: jobs from the walker
 * (scan_walk.c) or the image reader (scan_image.c) are analysed by N
 * threads into small serialized results that leave a ring of `window`
 * slots strictly in submission order, so the output is sorted whatever
 * the scheduling and memory stays bounded.  Results, per-entry errors
 * and progress go to the caller's sink (struct goelf_scan_sink): this
 * file never prints.
 *
 * A walked file is analysed from the descriptor that was checked to be
 * a regular file (by the worker, for the walker's batches of names:
 * run_names), never by a second lookup by name, so nothing can be
 * swapped in between; the report is released as soon as its JSON line
 * exists.
 * Symlinks are resolved here, and only a verified regular file is ever
 * opened (goelf_fs_open_regular).
 */
#include "scan/scan.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

double
goelf_scan_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
goelf_scan_result_release(struct goelf_scan_result *r)
{
	free(r->path);
	free(r->json);
	free(r->err);
	free(r->ep_answer);
	goelf_strlist_release(&r->ep_needs);
	json_decref(r->frag);
	for (size_t i = 0; i < r->nsub; i++)
		goelf_scan_result_release(&r->sub[i]);
	free(r->sub);
	memset(r, 0, sizeof(*r));
}

static void
job_release(struct goelf_scan_job *j)
{
	if ((j->kind == GOELF_JOB_FD || j->kind == GOELF_JOB_NAMES) &&
	    j->fd >= 0)
		close(j->fd);
	for (size_t i = 0; i < j->nnames; i++)
		free(j->names[i]);
	free(j->names);
	free(j->path);
	free(j->data);
	free(j->rel);
	free(j->link_target);
	free(j->link_resolved);
	free(j->err);
	free(j->arch);
	memset(j, 0, sizeof(*j));
	j->fd = -1;
}

static char *xasprintf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return goelf_xstrdup("");
	s = goelf_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* JSON Lines: one report, rendered by render_json.c into memory, with
 * the image it was found in (image_ref) when it has one. */
static char *
render_report(const struct goelf_scan_ctx *c, const struct goelf_report *r,
	      const struct goelf_rt_view *v)
{
	struct goelf_render_opts ro = { .compact = c->compact };

	return goelf_render_json_line(r, &ro, v ? v->name : NULL);
}

static char *
render_link(const char *path, const char *target, const char *resolved,
	    bool hard)
{
	json_t *o = json_object(), *l = json_object();
	char *line;

	json_object_set_new(o, "schema_version", json_integer(1));
	json_object_set_new(o, "path", goelf_json_str(path));
	json_object_set_new(o, "error", json_null());
	json_object_set_new(l, "kind",
			    json_string(hard ? "hardlink" : "symlink"));
	json_object_set_new(l, "target", goelf_json_str(target));
	json_object_set_new(l, "resolves_to", goelf_json_str(resolved));
	json_object_set_new(l, "elf", json_true());
	json_object_set_new(o, "link", l);
	line = goelf_json_dumps(o, "\n");
	json_decref(o);
	return line;
}

/* A report for an entry that could not be read, for the JSON record. */
static void
error_report(struct goelf_report *r, const char *path, enum goelf_err e,
	     const char *msg)
{
	memset(r, 0, sizeof(*r));
	r->path = goelf_xstrdup(path);
	r->err = e;
	r->err_message = goelf_xstrdup(msg);
}

/*
 * Analyses one ELF file (fd or memory) into r, under the display path.
 * The fd route reads the very file the walker opened, lazily, with pread.
 */
static void
analyse(struct goelf_scan_ctx *c, struct goelf_scan_job *j, int fd,
	uint64_t size, struct goelf_report *r)
{
	bool heavy = size > GOELF_SCAN_HEAVY;

	/* The analysis of a big binary can take tens of MiB (pclntab
	 * names, section tables, a 127 MiB Go binary peaks near 55 MiB);
	 * one at a time, and with no other analysis beside it, keeps the
	 * peak at the largest single file.  Small files run in parallel. */
	if (heavy) {
		pthread_rwlock_wrlock(&c->heavy);
		malloc_trim(0); /* what the small files left behind */
	} else
		pthread_rwlock_rdlock(&c->heavy);
	if (fd < 0) {
		goelf_report_buffer_opts(j->data, j->size, j->path, &c->lo, r);
	} else {
		goelf_report_fd_opts(fd, j->path, &c->lo, r);
	}
	if (r->err == GOELF_OK) {
		struct goelf_judge_ctx jc = { .arch = j->arch };

		if (j->view && j->view->fs)
			goelf_rt_view_judge(j->view, r, j->path);
		goelf_verdict_compute_ctx(r, c->pol, &jc);
	}
	pthread_rwlock_unlock(&c->heavy);
	/* Give the big file's memory back before the next one. */
	if (heavy)
		malloc_trim(0);
}

/* Resolves a symlink inside the root without leaving it or opening
 * anything but a regular file; returns an fd for reading or -1. */
static int
open_link(struct goelf_scan_ctx *c, const struct goelf_scan_root *root,
	  const char *rel, char **resolved)
{
	struct stat st;
	char proc[64], buf[GOELF_SCAN_MAX_PATH + 1];
	ssize_t n;
	int fd;

	*resolved = NULL;
	if (!c->have_openat2 || !c->have_proc || !root || root->fd < 0)
		return -1;
	/* -x: a link into another file system is not followed, as the
	 * walk does not enter one. */
	fd = goelf_fs_open_regular(
		root->fd, rel,
		(c->root_mode ? GOELF_FS_IN_ROOT : GOELF_FS_BENEATH) |
			(c->one_fs ? GOELF_FS_NO_XDEV : 0),
		&st);
	if (fd < 0)
		return -1;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	n = readlink(proc, buf, sizeof(buf) - 1);
	if (n > 0 && root->real) {
		size_t rl = strlen(root->real);

		buf[n] = '\0';
		if (rl == 1) /* root is "/" */
			rl = 0;
		if (!strncmp(buf, root->real, rl) && buf[rl] == '/')
			*resolved = xasprintf("%s%s", root->prefix, buf + rl);
	}
	return fd;
}

/* The entrypoint's answer, for the image record and the summary. */
static void
entrypoint_result(const struct goelf_report *r, struct goelf_scan_result *res)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	const struct goelf_runtime *rt = &r->runtime;
	const struct goelf_rt_need *data[] = { &rt->ca_certs, &rt->zoneinfo };

	res->entrypoint = true;
	res->ep_status = GOELF_SEV_INFO;
	res->ep_stripped = r->an.has_strip_model ? r->an.size_strip_all
						 : r->facts.file_size;
	if (rt->interp)
		goelf_strlist_add(&res->ep_needs, rt->interp);
	for (size_t i = 0; i < rt->nnodes; i++)
		if (rt->nodes[i].path &&
		    !goelf_strlist_has(&res->ep_needs, rt->nodes[i].path))
			goelf_strlist_add(&res->ep_needs, rt->nodes[i].path);
	for (size_t i = 0; i < sizeof(data) / sizeof(data[0]); i++)
		if (data[i]->needed && data[i]->found && data[i]->path)
			goelf_strlist_add(&res->ep_needs, data[i]->path);
	for (size_t i = 0; i < r->verdict.ntargets; i++)
		if (!strcmp(r->verdict.targets[i].name, "image"))
			res->ep_status = r->verdict.targets[i].status;
	if (!f)
		return;
	goelf_runtime_answer(&r->runtime, f);
	if (fclose(f) != 0) {
		free(s);
		s = NULL;
	}
	res->ep_answer = s;
}

static bool run_job(struct goelf_scan_ctx *c, struct goelf_scan_job *j,
		    struct goelf_scan_result *res, struct goelf_report *r);

static struct goelf_scan_result *
add_sub(struct goelf_scan_result *res, size_t *alloc)
{
	goelf_grow((void **)&res->sub, alloc, res->nsub + 1, sizeof(*res->sub));
	memset(&res->sub[res->nsub], 0, sizeof(*res->sub));
	return &res->sub[res->nsub++];
}

/* The display path of name i of a GOELF_JOB_NAMES job (owned). */
static char *
name_path(const struct goelf_scan_job *j, size_t i)
{
	size_t a = strlen(j->path), b = strlen(j->names[i]);
	char *p = goelf_xmalloc(a + b + 1);

	memcpy(p, j->path, a);
	memcpy(p + a, j->names[i], b + 1);
	return p;
}

/* An entry that could not be read: its error record. */
static void
names_error(struct goelf_scan_ctx *c, struct goelf_scan_job *j,
	    struct goelf_scan_result *sr, char *path, int e)
{
	struct goelf_scan_job ej = { 0 };
	struct goelf_report r;

	ej.kind = GOELF_JOB_ERROR;
	ej.fd = -1;
	ej.path = path;
	ej.err = goelf_xstrdup(strerror(e));
	ej.view = j->view;
	memset(&r, 0, sizeof(r));
	run_job(c, &ej, sr, &r);
	job_release(&ej);
}

/*
 * The regular files of one walked directory, in order: what the walker
 * did for each before it handed them on in batches (scan_walk.c), so the
 * lookups, the magic reads and the analyses run on every worker while
 * the walker reads directories.  Each name is opened beneath the
 * directory's descriptor, as the walker would (goelf_fs_open_regular:
 * never a device, a FIFO or a link); a name gone since readdir is a
 * "vanished" note, any other failure an error record, an ELF file is
 * analysed from the descriptor that was checked.
 */
static void
run_names(struct goelf_scan_ctx *c, struct goelf_scan_job *j,
	  struct goelf_scan_result *res)
{
	size_t alloc = 0;

	for (size_t i = 0; i < j->nnames; i++) {
		struct goelf_scan_job fj = { 0 };
		struct goelf_scan_result *sr;
		struct goelf_report r;
		uint8_t magic[4];
		struct stat st;
		ssize_t n;
		bool have;
		int fd = goelf_fs_open_regular(j->fd, j->names[i],
					       GOELF_FS_ONE_NAME, &st);
		int e = errno;

		if (fd == GOELF_FS_NOT_REGULAR) {
			/* Swapped for a FIFO, device, directory or link
			 * since readdir: skipped, never opened. */
			res->special++;
			continue;
		}
		if (fd < 0) {
			sr = add_sub(res, &alloc);
			if (e == ENOENT) {
				sr->path = name_path(j, i);
				sr->vanished = true;
			} else {
				names_error(c, j, sr, name_path(j, i), e);
			}
			continue;
		}
		res->seen++;
		n = pread(fd, magic, 4, 0);
		e = errno;
		if (n != 4 || !is_elf_magic(magic)) {
			close(fd);
			if (n < 0 && e != ESPIPE && e != EISDIR)
				names_error(c, j, add_sub(res, &alloc),
					    name_path(j, i), e);
			continue;
		}
		fj.kind = GOELF_JOB_FD;
		fj.fd = fd;
		fj.path = name_path(j, i);
		fj.view = j->view;
		memset(&r, 0, sizeof(r));
		sr = add_sub(res, &alloc);
		have = run_job(c, &fj, sr, &r);
		if (have) {
			pthread_mutex_lock(&c->lock);
			goelf_summary_add(&c->sum, &r);
			pthread_mutex_unlock(&c->lock);
		}
		goelf_report_release(&r);
		job_release(&fj);
	}
}

/* Runs one job; fills res and, for an analysed file, r. */
static bool
run_job(struct goelf_scan_ctx *c, struct goelf_scan_job *j,
	struct goelf_scan_result *res, struct goelf_report *r)
{
	uint8_t magic[4];
	struct stat st;
	char *resolved = NULL;
	int fd;

	res->path = goelf_xstrdup(j->path);
	switch (j->kind) {
	case GOELF_JOB_ERROR:
		error_report(r, j->path, GOELF_E_IO, j->err);
		res->error = true;
		res->err = goelf_xstrdup(j->err ? j->err : "");
		if (c->jsonl)
			res->json = render_report(c, r, j->view);
		if (c->doc)
			res->frag = goelf_doc_fragment(c->doc->format, r);
		goelf_report_release(r);
		return false;
	case GOELF_JOB_VANISHED: res->vanished = true; return false;
	case GOELF_JOB_NAMES:
		/* No record of its own: its files' results follow. */
		free(res->path);
		res->path = NULL;
		run_names(c, j, res);
		return false;
	case GOELF_JOB_LINK:
		if (j->link_resolved) {
			res->link_elf = true;
			if (c->jsonl)
				res->json = render_link(j->path, j->link_target,
							j->link_resolved,
							j->hardlink);
			return false;
		}
		fd = open_link(c, j->root, j->rel, &resolved);
		if (fd >= 0 && pread(fd, magic, 4, 0) == 4 &&
		    is_elf_magic(magic)) {
			res->link_elf = true;
			if (c->jsonl)
				res->json = render_link(j->path, j->link_target,
							resolved, false);
		} else {
			res->link_other = true;
		}
		if (fd >= 0)
			close(fd);
		free(resolved);
		return false;
	case GOELF_JOB_DATA:
		res->seen = 1;
		if (j->size < 4 || !is_elf_magic(j->data))
			return false;
		analyse(c, j, -1, j->size, r);
		break;
	case GOELF_JOB_FD:
		if (fstat(j->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
			/* Swapped for something else since the walk saw
			 * it: skipped like any special file. */
			res->special = 1;
			return false;
		}
		if (pread(j->fd, magic, 4, 0) != 4 || !is_elf_magic(magic))
			return false;
		analyse(c, j, j->fd, (uint64_t)st.st_size, r);
		break;
	}
	res->elf = true;
	if (r->err != GOELF_OK) {
		res->error = true;
		res->err = goelf_xstrdup(r->err_message ? r->err_message : "");
	} else {
		res->go = r->an.is_go;
		res->failed = r->verdict.failed;
		if (r->runtime.entrypoint)
			entrypoint_result(r, res);
	}
	if (c->jsonl)
		res->json = render_report(c, r, j->view);
	if (c->doc)
		res->frag = goelf_doc_fragment(c->doc->format, r);
	return r->err == GOELF_OK;
}

void
goelf_scan_emit(struct goelf_scan_ctx *c, const struct goelf_scan_result *r)
{
	if (r->vanished) {
		if (c->sink.note)
			c->sink.note(c->sink.arg, r->path,
				     "vanished during the scan");
		return;
	}
	if (r->entrypoint) {
		c->ep_seen = true;
		c->ep_status = r->ep_status;
		free(c->ep_answer);
		free(c->ep_path);
		c->ep_answer = goelf_xstrdup(r->ep_answer ? r->ep_answer : "");
		c->ep_path = goelf_xstrdup(r->path);
		c->ep_stripped = r->ep_stripped;
		goelf_strlist_release(&c->ep_needs);
		for (size_t i = 0; i < r->ep_needs.n; i++)
			goelf_strlist_add(&c->ep_needs, r->ep_needs.v[i]);
	}
	if (c->sink.result)
		c->sink.result(c->sink.arg, r->path, r->json, r->err);
}

/* One result (and a batch's results, in order) to the summary counts,
 * the sink and the document.  Under lock. */
static void
hand_on(struct goelf_scan_ctx *c, struct goelf_scan_result *res)
{
	struct goelf_summary *m = &c->sum;

	m->files_seen += res->seen;
	m->special += res->special;
	m->links_elf += res->link_elf;
	m->links_other += res->link_other;
	m->errors += res->error;
	m->vanished += res->vanished;
	if (res->path)
		goelf_scan_emit(c, res);
	if (c->doc && res->frag) {
		goelf_doc_add_fragment(c->doc, res->frag);
		res->frag = NULL;
	}
	for (size_t i = 0; i < res->nsub; i++)
		hand_on(c, &res->sub[i]);
}

/* Hands finished results on in submission order.  Under lock. */
static void
flush_done(struct goelf_scan_ctx *c)
{
	while (c->next_out < c->next_seq) {
		struct goelf_pool_slot *s = &c->slots[c->next_out % c->window];

		if (s->state != 3)
			break;
		hand_on(c, &s->res);
		goelf_scan_result_release(&s->res);
		s->state = 0;
		c->next_out++;
		pthread_cond_broadcast(&c->cond_space);
	}
	if (c->progress)
		goelf_scan_progress(c, false);
}

/* An ELF entry of an image that strip --strip-all would shrink (it keeps
 * symbols or debug sections): counted for image.unstripped_binaries.
 * Under lock. */
static void
count_unstripped(struct goelf_scan_ctx *c, const struct goelf_report *r)
{
	const struct goelf_analysis *an = &r->an;

	if (r->err != GOELF_OK || !an->has_strip_model ||
	    !an->savings_strip_all || !r->path)
		return;
	c->img_unstripped++;
	c->img_unstripped_savings += an->savings_strip_all;
	if (!c->img_unstripped_first ||
	    goelf_scan_path_cmp(r->path, c->img_unstripped_first) < 0) {
		free(c->img_unstripped_first);
		c->img_unstripped_first = goelf_xstrdup(r->path);
	}
}

static void *
worker(void *arg)
{
	struct goelf_scan_ctx *c = arg;

	pthread_mutex_lock(&c->lock);
	for (;;) {
		struct goelf_pool_slot *s;
		struct goelf_scan_job job;
		struct goelf_scan_result res = { 0 };
		struct goelf_report r;
		bool have;

		while (c->next_run == c->next_seq && !c->stopping)
			pthread_cond_wait(&c->cond_work, &c->lock);
		if (c->next_run == c->next_seq)
			break;
		s = &c->slots[c->next_run % c->window];
		c->next_run++;
		s->state = 2;
		job = s->job;
		memset(&s->job, 0, sizeof(s->job));
		pthread_mutex_unlock(&c->lock);

		memset(&r, 0, sizeof(r));
		have = run_job(c, &job, &res, &r);

		pthread_mutex_lock(&c->lock);
		if (have)
			goelf_summary_add(&c->sum, &r);
		if (have && job.kind == GOELF_JOB_DATA)
			count_unstripped(c, &r);
		c->inflight -= job.kind == GOELF_JOB_DATA ? job.size : 0;
		s->res = res;
		s->state = 3;
		flush_done(c);
		pthread_mutex_unlock(&c->lock);
		goelf_report_release(&r);
		job_release(&job);
		pthread_mutex_lock(&c->lock);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

void
goelf_pool_start(struct goelf_scan_ctx *c)
{
	struct stat st;

	pthread_mutex_init(&c->lock, NULL);
	{
		pthread_rwlockattr_t ra;

		/* Writers first, or a stream of small files starves the
		 * big one. */
		pthread_rwlockattr_init(&ra);
		pthread_rwlockattr_setkind_np(
			&ra, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
		pthread_rwlock_init(&c->heavy, &ra);
		pthread_rwlockattr_destroy(&ra);
	}
	pthread_cond_init(&c->cond_work, NULL);
	pthread_cond_init(&c->cond_space, NULL);
	if (!c->window)
		c->window = 64;
	c->slots = goelf_xcalloc(c->window, sizeof(*c->slots));
	c->t_start = goelf_scan_now();
	c->t_last = c->t_start - 1; /* the first update shows at once */
	c->have_proc = stat("/proc/self/fd", &st) == 0;
	c->have_openat2 = goelf_fs_have_openat2();
	/* libelf's one global initialisation, before any thread. */
	goelf_elf_init();
	c->nthreads = c->jobs ? c->jobs : 1;
	c->threads = goelf_xcalloc(c->nthreads, sizeof(*c->threads));
	for (size_t i = 0; i < c->nthreads; i++)
		if (pthread_create(&c->threads[i], NULL, worker, c) != 0)
			BUG("pthread_create failed");
}

void
goelf_pool_submit(struct goelf_scan_ctx *c, struct goelf_scan_job *job)
{
	struct goelf_pool_slot *s;
	size_t sz = job->kind == GOELF_JOB_DATA ? job->size : 0;

	pthread_mutex_lock(&c->lock);
	/* Wait for a slot, and keep queued image bytes under a budget
	 * (one entry may always go in alone). */
	while (c->next_seq - c->next_out >= c->window ||
	       (sz && c->inflight &&
		c->inflight + sz > GOELF_SCAN_MAX_INFLIGHT))
		pthread_cond_wait(&c->cond_space, &c->lock);
	s = &c->slots[c->next_seq % c->window];
	job->view = c->cur_view;
	s->job = *job;
	s->seq = c->next_seq++;
	s->state = 1;
	c->inflight += sz;
	pthread_cond_signal(&c->cond_work);
	pthread_mutex_unlock(&c->lock);
	memset(job, 0, sizeof(*job));
	job->fd = -1;
}

void
goelf_pool_drain(struct goelf_scan_ctx *c)
{
	pthread_mutex_lock(&c->lock);
	while (c->next_out < c->next_seq)
		pthread_cond_wait(&c->cond_space, &c->lock);
	pthread_mutex_unlock(&c->lock);
}

void
goelf_pool_stop(struct goelf_scan_ctx *c)
{
	goelf_pool_drain(c);
	pthread_mutex_lock(&c->lock);
	c->stopping = true;
	pthread_cond_broadcast(&c->cond_work);
	pthread_mutex_unlock(&c->lock);
	for (size_t i = 0; i < c->nthreads; i++)
		pthread_join(c->threads[i], NULL);
	free(c->threads);
	c->threads = NULL;
	free(c->slots);
	c->slots = NULL;
	if (c->progress)
		goelf_scan_progress(c, true);
	pthread_cond_destroy(&c->cond_work);
	pthread_cond_destroy(&c->cond_space);
	pthread_mutex_destroy(&c->lock);
	pthread_rwlock_destroy(&c->heavy);
}

void
goelf_scan_progress(struct goelf_scan_ctx *c, bool final)
{
	double now = goelf_scan_now();
	struct goelf_scan_progress p = { 0 };

	if (!c->sink.progress)
		return;
	if (!final && now - c->t_last < 0.2)
		return;
	if (!final)
		c->t_last = now;
	p.files_seen = c->sum.files_seen;
	p.elf = c->sum.elf;
	p.elapsed = now - c->t_start;
	p.bytes_done = c->bytes_done;
	p.bytes_total = c->bytes_total;
	p.final = final;
	c->sink.progress(c->sink.arg, &p);
}

void
goelf_scan_vanished(struct goelf_scan_ctx *c, const char *path)
{
	struct goelf_scan_job j = { 0 };

	j.kind = GOELF_JOB_VANISHED;
	j.fd = -1;
	j.path = goelf_xstrdup(path);
	goelf_pool_submit(c, &j);
}

void
goelf_scan_error(struct goelf_scan_ctx *c, const char *path, const char *fmt,
		 ...)
{
	struct goelf_scan_job j = { 0 };
	struct goelf_buf b;
	va_list ap;

	goelf_buf_init(&b, 1024);
	va_start(ap, fmt);
	{
		char tmp[1024];

		vsnprintf(tmp, sizeof(tmp), fmt, ap);
		goelf_buf_adds(&b, tmp);
	}
	va_end(ap);
	j.kind = GOELF_JOB_ERROR;
	j.fd = -1;
	j.path = goelf_xstrdup(path);
	j.err = goelf_buf_detach(&b);
	goelf_pool_submit(c, &j);
}
