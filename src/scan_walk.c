/*
 * scan_walk.c - the directory walker and the worker pool of `goelf scan`.
 *
 * Memory is bounded whatever the size of the tree:
 *   - the walk is depth-first and sorts each directory's names before it
 *     descends, so paths come out in a deterministic order (component by
 *     component, see goelf_scan_path_cmp) without ever holding the list
 *     of all files: only the names of the directories on the current
 *     path (at most GOELF_SCAN_MAX_DEPTH of them, each capped at
 *     GOELF_SCAN_MAX_DIRENTS names) are in memory;
 *   - every regular file becomes a job in a ring of `window` slots; the
 *     walker blocks when the ring is full.  Workers take the oldest
 *     queued job, check the 4-byte ELF magic, and analyse ELF files into
 *     a small serialized result (one JSON line) while the report is
 *     released at once; results leave the ring strictly in submission
 *     order, so the output is sorted whatever the scheduling;
 *   - the analysis itself reads the file lazily with pread (load.c), so
 *     a 500 MiB library does not become 500 MiB of heap.
 *
 * Hostile trees (reference/hostile-input.md, scanelf_dirat): names are
 * classified with d_type (fstatat(AT_SYMLINK_NOFOLLOW) when unknown) so
 * FIFOs, sockets and devices are never opened; files are opened with
 * openat(O_NOFOLLOW|O_NONBLOCK) relative to their parent, and the worker
 * analyses that very file through /proc/self/fd/N (no second lookup by
 * name, so nothing can be swapped in between).  Directories are entered
 * with O_NOFOLLOW|O_DIRECTORY and a (dev, ino) check against their
 * ancestors, which stops bind-mount loops.  Symlinks are never followed
 * by the walk; a symlink is resolved only to say whether it names an ELF
 * file, with openat2(RESOLVE_BENEATH) (or RESOLVE_IN_ROOT with --root,
 * as a container would) and O_PATH, so it cannot leave the root nor open
 * a device.
 */
#include "internal.h"
#include "scan.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <malloc.h>
#include <linux/openat2.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

double
goelf_scan_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
goelf_scan_path_cmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	while (*x && *x == *y) {
		x++;
		y++;
	}
	if (*x == *y)
		return 0;
	/* '/' ends a component: it sorts before every other byte. */
	if (*x == '/')
		return *y ? -1 : 1;
	if (*y == '/')
		return *x ? 1 : -1;
	return *x < *y ? -1 : 1;
}

void
goelf_scan_result_release(struct goelf_scan_result *r)
{
	free(r->path);
	free(r->json);
	free(r->err);
	memset(r, 0, sizeof(*r));
}

static void
job_release(struct goelf_scan_job *j)
{
	if (j->kind == GOELF_JOB_FD && j->fd >= 0)
		close(j->fd);
	free(j->path);
	free(j->data);
	free(j->rel);
	free(j->link_target);
	free(j->link_resolved);
	free(j->err);
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

/* JSON Lines: one report, rendered by render_json.c into memory. */
static char *
render_report(const struct goelf_report *r)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	if (!f)
		return NULL;
	goelf_render_json(r, f);
	if (fclose(f) != 0) {
		free(s);
		return NULL;
	}
	return s;
}

static char *
render_link(const char *path, const char *target, const char *resolved,
	    bool hard)
{
	json_t *o = json_object(), *l = json_object();
	char *s, *line;

	json_object_set_new(o, "schema_version", json_integer(1));
	json_object_set_new(o, "path", goelf_json_str(path));
	json_object_set_new(o, "error", json_null());
	json_object_set_new(l, "kind",
			    json_string(hard ? "hardlink" : "symlink"));
	json_object_set_new(l, "target", goelf_json_str(target));
	json_object_set_new(l, "resolves_to", goelf_json_str(resolved));
	json_object_set_new(l, "elf", json_true());
	json_object_set_new(o, "link", l);
	s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(o);
	if (!s)
		return NULL;
	line = xasprintf("%s\n", s);
	free(s);
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

static bool
is_elf_magic(const uint8_t *m)
{
	return m[0] == 0x7f && m[1] == 'E' && m[2] == 'L' && m[3] == 'F';
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
	if (r->err == GOELF_OK)
		goelf_verdict_compute(r, c->pol);
	pthread_rwlock_unlock(&c->heavy);
	/* Give the big file's memory back before the next one. */
	if (heavy)
		malloc_trim(0);
}

/* Resolves a symlink inside the root without leaving it or opening
 * anything but a regular file; returns an fd for reading or -1. */
static int
open_link(struct goelf_scan_ctx *c, const char *rel, char **resolved)
{
	struct open_how how = { 0 };
	struct stat st;
	char proc[64], buf[GOELF_SCAN_MAX_PATH + 1];
	ssize_t n;
	int pfd, fd;

	*resolved = NULL;
	if (!c->have_openat2 || !c->have_proc || c->rootfd < 0)
		return -1;
	how.flags = O_PATH | O_CLOEXEC;
	how.resolve = RESOLVE_NO_MAGICLINKS |
		      (c->root_mode ? RESOLVE_IN_ROOT : RESOLVE_BENEATH);
	pfd = (int)syscall(SYS_openat2, c->rootfd, rel, &how, sizeof(how));
	if (pfd < 0)
		return -1;
	if (fstat(pfd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(pfd);
		return -1;
	}
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", pfd);
	fd = open(proc, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	n = readlink(proc, buf, sizeof(buf) - 1);
	close(pfd);
	if (fd < 0)
		return -1;
	if (n > 0 && c->root_real) {
		size_t rl = strlen(c->root_real);

		buf[n] = '\0';
		if (rl == 1) /* root is "/" */
			rl = 0;
		if (!strncmp(buf, c->root_real, rl) && buf[rl] == '/')
			*resolved = xasprintf("%s%s", c->prefix, buf + rl);
	}
	return fd;
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
		res->err = xasprintf("%s: %s", j->path, j->err);
		if (c->jsonl)
			res->json = render_report(r);
		goelf_report_release(r);
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
		fd = open_link(c, j->rel, &resolved);
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
		res->seen = true;
		if (j->size < 4 || !is_elf_magic(j->data))
			return false;
		analyse(c, j, -1, j->size, r);
		break;
	case GOELF_JOB_FD:
		if (fstat(j->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
			/* Swapped for something else since the walk saw
			 * it: skipped like any special file. */
			res->special = true;
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
		res->err = xasprintf("%s: %s", j->path,
				     r->err_message ? r->err_message : "");
	} else {
		res->go = r->an.is_go;
		res->failed = r->verdict.failed;
	}
	if (c->jsonl)
		res->json = render_report(r);
	return r->err == GOELF_OK;
}

void
goelf_scan_emit(struct goelf_scan_ctx *c, struct goelf_scan_result *r)
{
	if (c->jsonl && r->json)
		fputs(r->json, c->out);
	if (r->err) {
		fflush(c->out);
		if (c->progress)
			fputs("\r\033[K", stderr);
		fprintf(stderr, "goelf: %s\n", r->err);
	}
}

static int
result_cmp(const void *a, const void *b)
{
	return goelf_scan_path_cmp(((const struct goelf_scan_result *)a)->path,
				   ((const struct goelf_scan_result *)b)->path);
}

void
goelf_scan_emit_collected(struct goelf_scan_ctx *c)
{
	if (c->ncollected)
		qsort(c->collected, c->ncollected, sizeof(*c->collected),
		      result_cmp);
	for (size_t i = 0; i < c->ncollected; i++) {
		goelf_scan_emit(c, &c->collected[i]);
		goelf_scan_result_release(&c->collected[i]);
	}
	free(c->collected);
	c->collected = NULL;
	c->ncollected = c->acollected = 0;
}

/* Hands finished results on in submission order.  Under lock. */
static void
flush_done(struct goelf_scan_ctx *c)
{
	while (c->next_out < c->next_seq) {
		struct goelf_pool_slot *s = &c->slots[c->next_out % c->window];
		struct goelf_summary *m = &c->sum;

		if (s->state != 3)
			break;
		m->files_seen += s->res.seen;
		m->special += s->res.special;
		m->links_elf += s->res.link_elf;
		m->links_other += s->res.link_other;
		m->errors += s->res.error;
		if (c->collect) {
			goelf_grow((void **)&c->collected, &c->acollected,
				   c->ncollected + 1, sizeof(*c->collected));
			c->collected[c->ncollected++] = s->res;
			memset(&s->res, 0, sizeof(s->res));
		} else {
			goelf_scan_emit(c, &s->res);
			goelf_scan_result_release(&s->res);
		}
		s->state = 0;
		c->next_out++;
		pthread_cond_broadcast(&c->cond_space);
	}
	if (c->progress)
		goelf_scan_progress(c, false);
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
	c->rootfd = -1;
	c->have_proc = stat("/proc/self/fd", &st) == 0;
	{
		struct open_how how = { 0 };
		int fd;

		how.flags = O_PATH | O_CLOEXEC;
		how.resolve = RESOLVE_BENEATH;
		fd = (int)syscall(SYS_openat2, AT_FDCWD, ".", &how,
				  sizeof(how));
		c->have_openat2 = fd >= 0;
		if (fd >= 0)
			close(fd);
	}
	/* libelf's one global initialisation, before any thread. */
	elf_version(EV_CURRENT);
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
	double now = goelf_scan_now(), el = now - c->t_start;
	const struct goelf_summary *m = &c->sum;

	if (final) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		return;
	}
	if (now - c->t_last < 0.2)
		return;
	c->t_last = now;
	fprintf(stderr, "\r\033[Kscan: %zu files seen, %zu ELF, %.0f files/s",
		m->files_seen, m->elf, el > 0 ? (double)m->files_seen / el : 0);
	if (c->bytes_total && c->bytes_done && c->bytes_done <= c->bytes_total)
		fprintf(stderr, ", ETA %.0fs",
			el * (double)(c->bytes_total - c->bytes_done) /
				(double)c->bytes_done);
	fflush(stderr);
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

/* --- the walk ----------------------------------------------------------- */

struct dent {
	char *name;
	unsigned char type;
};

struct walk {
	struct goelf_scan_ctx *c;
	struct goelf_buf rel; /* path below the root, no leading '/' */
	struct goelf_buf disp;
	dev_t root_dev;
	size_t seen; /* regular files looked at, not yet in the summary */
	dev_t stack_dev[GOELF_SCAN_MAX_DEPTH + 1];
	ino_t stack_ino[GOELF_SCAN_MAX_DEPTH + 1];
};

static int
dent_cmp(const void *a, const void *b)
{
	return strcmp(((const struct dent *)a)->name,
		      ((const struct dent *)b)->name);
}

/* The display path of w->rel. */
static const char *
disp(struct walk *w)
{
	goelf_buf_reset(&w->disp);
	goelf_buf_adds(&w->disp, w->c->prefix);
	goelf_buf_addc(&w->disp, '/');
	goelf_buf_adds(&w->disp, w->rel.buf);
	return w->disp.buf;
}

static void walk_dir(struct walk *w, int dfd, unsigned depth);

static void
flush_seen(struct walk *w)
{
	struct goelf_scan_ctx *c = w->c;

	pthread_mutex_lock(&c->lock);
	c->sum.files_seen += w->seen;
	w->seen = 0;
	if (c->progress)
		goelf_scan_progress(c, false);
	pthread_mutex_unlock(&c->lock);
}

static void
walk_entry(struct walk *w, int dfd, const struct dent *e, unsigned depth)
{
	struct goelf_scan_ctx *c = w->c;
	unsigned char type = e->type;
	struct goelf_scan_job j = { 0 };
	struct stat st;
	int fd;

	j.fd = -1;
	if (type == DT_UNKNOWN) {
		if (fstatat(dfd, e->name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			goelf_scan_error(c, disp(w), "%s", strerror(errno));
			return;
		}
		type = S_ISDIR(st.st_mode)   ? DT_DIR
		       : S_ISREG(st.st_mode) ? DT_REG
		       : S_ISLNK(st.st_mode) ? DT_LNK
					     : DT_FIFO;
	}
	switch (type) {
	case DT_DIR:
		if (depth >= GOELF_SCAN_MAX_DEPTH) {
			goelf_scan_error(c, disp(w),
					 "more than %u directory levels, not "
					 "walked",
					 GOELF_SCAN_MAX_DEPTH);
			return;
		}
		fd = openat(dfd, e->name,
			    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			goelf_scan_error(c, disp(w), "%s", strerror(errno));
			return;
		}
		if (fstat(fd, &st) != 0) {
			goelf_scan_error(c, disp(w), "%s", strerror(errno));
			close(fd);
			return;
		}
		if (c->one_fs && st.st_dev != w->root_dev) {
			close(fd);
			return;
		}
		for (unsigned i = 0; i <= depth; i++)
			if (w->stack_dev[i] == st.st_dev &&
			    w->stack_ino[i] == st.st_ino) {
				/* A bind mount of an ancestor. */
				close(fd);
				return;
			}
		w->stack_dev[depth + 1] = st.st_dev;
		w->stack_ino[depth + 1] = st.st_ino;
		walk_dir(w, fd, depth + 1);
		return;
	case DT_REG: {
		uint8_t magic[4];
		ssize_t n;

		fd = openat(dfd, e->name,
			    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC |
				    O_NOCTTY);
		if (fd < 0) {
			goelf_scan_error(c, disp(w), "%s", strerror(errno));
			return;
		}
		/* The magic is checked here, not in a worker: most files
		 * are not ELF, and a job per file would cost more in
		 * locking and wake-ups than the 4-byte read itself. */
		w->seen++;
		if ((w->seen & 1023) == 0)
			flush_seen(w);
		n = pread(fd, magic, 4, 0);
		if (n != 4 || !is_elf_magic(magic)) {
			int e2 = errno;

			close(fd);
			if (n < 0 && e2 != ESPIPE && e2 != EISDIR)
				goelf_scan_error(c, disp(w), "%s",
						 strerror(e2));
			return;
		}
		j.kind = GOELF_JOB_FD;
		j.fd = fd;
		j.path = goelf_xstrdup(disp(w));
		goelf_pool_submit(c, &j);
		return;
	}
	case DT_LNK: {
		char buf[GOELF_SCAN_MAX_PATH + 1];
		ssize_t n = readlinkat(dfd, e->name, buf, sizeof(buf) - 1);

		if (n < 0) {
			pthread_mutex_lock(&c->lock);
			c->sum.links_other++;
			pthread_mutex_unlock(&c->lock);
			return;
		}
		buf[n] = '\0';
		j.kind = GOELF_JOB_LINK;
		j.path = goelf_xstrdup(disp(w));
		j.rel = goelf_xstrdup(w->rel.buf);
		j.link_target = goelf_xstrdup(buf);
		goelf_pool_submit(c, &j);
		return;
	}
	default:
		/* FIFO, socket, device: never opened. */
		pthread_mutex_lock(&c->lock);
		c->sum.special++;
		pthread_mutex_unlock(&c->lock);
		return;
	}
}

/* Walks the directory open at dfd (takes ownership of dfd). */
static void
walk_dir(struct walk *w, int dfd, unsigned depth)
{
	struct dent *v = NULL;
	size_t n = 0, alloc = 0;
	struct dirent *de;
	bool capped = false;
	DIR *d = fdopendir(dfd);

	if (!d) {
		goelf_scan_error(w->c, depth ? disp(w) : w->c->prefix, "%s",
				 strerror(errno));
		close(dfd);
		return;
	}
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (n >= GOELF_SCAN_MAX_DIRENTS) {
			capped = true;
			break;
		}
		goelf_grow((void **)&v, &alloc, n + 1, sizeof(*v));
		v[n].name = goelf_xstrdup(de->d_name);
		v[n].type = de->d_type;
		n++;
	}
	if (capped)
		goelf_scan_error(w->c, depth ? disp(w) : w->c->prefix,
				 "more than %u entries, the rest not walked",
				 GOELF_SCAN_MAX_DIRENTS);
	if (n)
		qsort(v, n, sizeof(*v), dent_cmp);
	for (size_t i = 0; i < n; i++) {
		size_t len0 = w->rel.len;

		if (len0)
			goelf_buf_addc(&w->rel, '/');
		if (goelf_buf_adds(&w->rel, v[i].name) == 0)
			walk_entry(w, dirfd(d), &v[i], depth);
		else
			goelf_scan_error(w->c, disp(w), "path too long");
		w->rel.len = len0;
		w->rel.buf[len0] = '\0';
		w->rel.truncated = false;
		free(v[i].name);
	}
	free(v);
	closedir(d);
}

int
goelf_scan_dir(struct goelf_scan_ctx *c, const char *path)
{
	struct walk w;
	struct stat st;
	char *prefix, *real;
	size_t len;
	int fd;

	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0) {
		goelf_scan_error(c, path, "%s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return 1;
	}
	memset(&w, 0, sizeof(w));
	w.c = c;
	w.root_dev = st.st_dev;
	w.stack_dev[0] = st.st_dev;
	w.stack_ino[0] = st.st_ino;
	goelf_buf_init(&w.rel, 1u << 20);
	goelf_buf_init(&w.disp, (1u << 20) + 8192);
	/* Paths are shown as given (without trailing '/'), or as in-root
	 * absolute paths with --root. */
	prefix = goelf_xstrdup(c->root_mode ? "" : path);
	len = strlen(prefix);
	while (len && prefix[len - 1] == '/')
		prefix[--len] = '\0';
	real = realpath(path, NULL);
	goelf_pool_drain(c);
	c->prefix = prefix;
	c->root_real = real;
	c->rootfd = dup(fd);
	walk_dir(&w, fd, 0);
	flush_seen(&w);
	goelf_pool_drain(c);
	close(c->rootfd);
	c->rootfd = -1;
	c->prefix = "";
	c->root_real = NULL;
	free(real);
	free(prefix);
	goelf_buf_release(&w.rel);
	goelf_buf_release(&w.disp);
	return 0;
}
