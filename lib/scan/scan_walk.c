/*
 * scan_walk.c - the directory walker of `goelf scan`.
 *
 * Memory is bounded whatever the size of the tree: the walk is
 * depth-first and sorts each directory's names before it descends, so
 * paths come out in a deterministic order (component by component, see
 * goelf_scan_path_cmp) without ever holding the list of all files: only
 * the names of the directories on the current path (at most
 * GOELF_SCAN_MAX_DEPTH of them, each capped at GOELF_SCAN_MAX_DIRENTS
 * names) are in memory.  The regular files of a directory go to the
 * pool (scan_pool.c) in batches of up to GOELF_SCAN_BATCH consecutive
 * names with a descriptor of their directory, so the lookups and magic
 * reads of a tree (most files are not ELF) run on every worker while
 * this thread reads directories; the pool blocks the walk when its ring
 * is full.  A directory, symlink or error between two files ends a
 * batch, so the output order is the walk order.
 *
 * Hostile trees (reference/hostile-input.md, scanelf_dirat): names are
 * classified with d_type (fstatat(AT_SYMLINK_NOFOLLOW) when unknown) so
 * FIFOs, sockets and devices are never opened, not even when a name is
 * swapped for a device node between readdir and open: a file is looked
 * up relative to its parent with O_PATH|O_NOFOLLOW, which opens
 * nothing, fstat'ed, and only a regular file is reopened for reading
 * (goelf_fs_open_regular, by the worker) and analysed through that
 * descriptor.  A name that is gone when it is looked up (deleted while
 * the tree was walked) is a "vanished" note, not an error.  Directories
 * are entered with O_NOFOLLOW|O_DIRECTORY and a (dev, ino) check against
 * their ancestors, which stops bind-mount loops.  Symlinks are never
 * followed by the walk; a symlink is resolved only to say whether it
 * names an ELF file, with
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

/* The type of entry e of dfd: d_type, or fstatat(AT_SYMLINK_NOFOLLOW)
 * when the file system does not say; DT_UNKNOWN when the name is gone or
 * cannot be looked at (errno says why). */
static unsigned char
entry_type(int dfd, const struct dent *e)
{
	struct stat st;

	if (e->type != DT_UNKNOWN)
		return e->type;
	if (fstatat(dfd, e->name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return DT_UNKNOWN;
	return S_ISDIR(st.st_mode)   ? DT_DIR
	       : S_ISREG(st.st_mode) ? DT_REG
	       : S_ISLNK(st.st_mode) ? DT_LNK
				     : DT_FIFO;
}

/* A directory, a symlink or a special file (regular files go to the
 * workers in batches: walk_dir). */
static void
walk_entry(struct walk *w, int dfd, const struct dent *e, unsigned char type,
	   unsigned depth)
{
	struct goelf_scan_ctx *c = w->c;
	struct goelf_scan_job j = { 0 };
	struct stat st;
	int fd;

	j.fd = -1;
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

static char *
append_slash(char *s)
{
	size_t n = strlen(s);
	char *t = goelf_xmalloc(n + 2);

	memcpy(t, s, n);
	t[n] = '/';
	t[n + 1] = '\0';
	free(s);
	return t;
}

/* Hands the regular files gathered in b (all of directory dfd, in walk
 * order) to the pool as one job with its own descriptor of dfd. */
static void
submit_names(struct walk *w, struct goelf_scan_job *b, int dfd, size_t *alloc)
{
	char *path = goelf_xstrdup(b->path);

	b->kind = GOELF_JOB_NAMES;
	b->fd = fcntl(dfd, F_DUPFD_CLOEXEC, 0);
	if (b->fd < 0) {
		goelf_scan_error(w->c, b->path, "%s", strerror(errno));
		for (size_t i = 0; i < b->nnames; i++)
			free(b->names[i]);
		free(b->names);
		free(b->path);
	} else {
		goelf_pool_submit(w->c, b);
	}
	/* The next batch of the same directory keeps its path. */
	memset(b, 0, sizeof(*b));
	b->fd = -1;
	b->path = path;
	*alloc = 0;
}

/* Walks the directory open at dfd (takes ownership of dfd). */
static void
walk_dir(struct walk *w, int dfd, unsigned depth)
{
	struct goelf_scan_job b = { .fd = -1 }; /* regular files so far */
	struct dent *v = NULL;
	size_t n = 0, alloc = 0, balloc = 0;
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
		unsigned char type = entry_type(dirfd(d), &v[i]);
		int e = errno;

		if (type != DT_REG && b.nnames)
			submit_names(w, &b, dirfd(d), &balloc);
		if (type == DT_REG && !b.path) {
			/* The directory's display path, with its '/'. */
			b.path = goelf_xstrdup(disp(w));
			if (len0)
				b.path = append_slash(b.path);
		}
		if (len0)
			goelf_buf_addc(&w->rel, '/');
		if (goelf_buf_adds(&w->rel, v[i].name) != 0) {
			if (b.nnames)
				submit_names(w, &b, dirfd(d), &balloc);
			goelf_scan_error(w->c, disp(w), "path too long");
		} else if (type == DT_UNKNOWN) {
			walk_fail(w, e);
		} else if (type == DT_REG) {
			/* A worker looks at it (run_names in scan_pool.c),
			 * with the ones around it. */
			goelf_grow((void **)&b.names, &balloc, b.nnames + 1,
				   sizeof(*b.names));
			b.names[b.nnames++] = v[i].name;
			v[i].name = NULL;
			if (b.nnames >= GOELF_SCAN_BATCH)
				submit_names(w, &b, dirfd(d), &balloc);
		} else {
			walk_entry(w, dirfd(d), &v[i], type, depth);
		}
		w->rel.len = len0;
		w->rel.buf[len0] = '\0';
		w->rel.truncated = false;
		free(v[i].name);
	}
	if (b.nnames)
		submit_names(w, &b, dirfd(d), &balloc);
	free(b.path);
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
