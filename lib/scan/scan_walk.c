/*
 * scan_walk.c - the directory walker of `goelf scan`.
 *
 * Memory is bounded whatever the size of the tree: the walk is
 * depth-first and sorts each directory's names before it descends, so
 * paths come out in a deterministic order (component by component, see
 * goelf_scan_path_cmp) without ever holding the list of all files: only
 * the names of the directories on the current path (at most
 * GOELF_SCAN_MAX_DEPTH of them, each capped at GOELF_SCAN_MAX_DIRENTS
 * names) are in memory; every regular file becomes a job for the pool
 * (scan_pool.c), which blocks the walk when its ring is full.
 *
 * Hostile trees (reference/hostile-input.md, scanelf_dirat): names are
 * classified with d_type (fstatat(AT_SYMLINK_NOFOLLOW) when unknown) so
 * FIFOs, sockets and devices are never opened, not even when a name is
 * swapped for a device node between readdir and open: a file is looked
 * up relative to its parent with O_PATH|O_NOFOLLOW, which opens
 * nothing, fstat'ed, and only a regular file is reopened for reading
 * (goelf_fs_open_regular) and analysed through that descriptor.  A name
 * that is gone when it is looked up (deleted while the tree was walked)
 * is a "vanished" note, not an error.  Directories are entered with
 * O_NOFOLLOW|O_DIRECTORY and a (dev, ino) check against their ancestors,
 * which stops bind-mount loops.  Symlinks are never followed by the walk;
 * a symlink is resolved only to say whether it names an ELF file, with
 * openat2(RESOLVE_BENEATH) (or RESOLVE_IN_ROOT with --root, as a
 * container would) and O_PATH, so it cannot leave the root nor open a
 * device; with -x also without crossing a mount point (RESOLVE_NO_XDEV).
 */
#include "scan/scan.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* --- the walk ----------------------------------------------------------- */

struct dent {
	char *name;
	unsigned char type;
};

struct walk {
	struct goelf_scan_ctx *c;
	struct goelf_scan_root root; /* read by the link jobs */
	struct goelf_buf rel;	     /* path below the root, no leading '/' */
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
	goelf_buf_adds(&w->disp, w->root.prefix);
	goelf_buf_addc(&w->disp, '/');
	goelf_buf_adds(&w->disp, w->rel.buf);
	return w->disp.buf;
}

static void walk_dir(struct walk *w, int dfd, unsigned depth);

/* A lookup of the current entry failed with errno e: a name that is no
 * longer there was deleted after readdir listed it (a vanished file is
 * not a failure of the scan, as in tar's "file removed before we read
 * it"); anything else could not be analysed. */
static void
walk_fail(struct walk *w, int e)
{
	if (e == ENOENT)
		goelf_scan_vanished(w->c, disp(w));
	else
		goelf_scan_error(w->c, disp(w), "%s", strerror(e));
}

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
			walk_fail(w, errno);
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
			walk_fail(w, errno);
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

		fd = goelf_fs_open_regular(dfd, e->name, GOELF_FS_ONE_NAME,
					   &st);
		if (fd == GOELF_FS_NOT_REGULAR) {
			/* Swapped for a FIFO, device, directory or link
			 * since readdir: skipped, never opened. */
			pthread_mutex_lock(&c->lock);
			c->sum.special++;
			pthread_mutex_unlock(&c->lock);
			return;
		}
		if (fd < 0) {
			walk_fail(w, errno);
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

		if (n < 0 && errno == ENOENT) {
			goelf_scan_vanished(c, disp(w));
			return;
		}
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
		j.root = &w->root;
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
		goelf_scan_error(w->c, depth ? disp(w) : w->root.prefix, "%s",
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
		goelf_scan_error(w->c, depth ? disp(w) : w->root.prefix,
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
	struct goelf_rt_view *view = NULL;
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
	w.root.prefix = prefix;
	w.root.real = real;
	w.root.fd = dup(fd);
	/* --root: every file is judged in the root it is in, as its own
	 * loader would see it (the library cache is the root's). */
	if (c->root_mode) {
		struct goelf_buf err;

		goelf_buf_init(&err, 1024);
		view = goelf_rt_view_dir(path, &c->run, &err);
		if (!view)
			goelf_scan_error(c, path, "cannot judge in it: %s",
					 err.buf);
		goelf_buf_release(&err);
		c->cur_view = view;
	}
	walk_dir(&w, fd, 0);
	flush_seen(&w);
	/* The link jobs read w.root until they are done; the judged jobs
	 * read the view. */
	goelf_pool_drain(c);
	c->cur_view = NULL;
	goelf_rt_view_free(view);
	if (w.root.fd >= 0)
		close(w.root.fd);
	free(real);
	free(prefix);
	goelf_buf_release(&w.rel);
	goelf_buf_release(&w.disp);
	return 0;
}
