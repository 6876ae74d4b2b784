/*
 * rootfs_dir.c - the view of a root directory (a container's root, an
 * unpacked image): the walk's backend over directory descriptors, and
 * reading, opening and listing what it resolves.
 *
 * The walk holds an O_PATH descriptor of the directory it is in and
 * looks up one name at a time below it (fstatat, readlinkat with
 * AT_SYMLINK_NOFOLLOW; openat O_PATH|O_NOFOLLOW|O_DIRECTORY to go
 * down), so the kernel follows no symlink and never climbs out: the
 * symlinks are rootfs.c's to resolve, inside the root.  ".." reopens
 * the resolved path from the root (openat2 RESOLVE_IN_ROOT with no
 * symlinks, or name by name).  A file is opened only by its resolved
 * path and only when it is a regular file (goelf_fs_open_regular:
 * O_PATH, fstat, reopen of that inode), with openat2 RESOLVE_IN_ROOT
 * so a path swapped under us still stays inside the root, or, without
 * openat2 (valgrind 3.19 answers ENOSYS), by its last name below the
 * directory the walk holds (O_NOFOLLOW).  A FIFO or device is never
 * opened.  The view holds nothing but the root's descriptor.
 */
#include "image/image.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int
err_of(int e)
{
	switch (e) {
	case ENOENT: return -ENOENT;
	case ENOTDIR: return -ENOTDIR;
	case ELOOP: return -ELOOP;
	case ENAMETOOLONG: return -ENAMETOOLONG;
	default: return -EIO;
	}
}

static int
wfd(const struct goelf_rootfs *fs, const struct goelf_rootfs_walk *w)
{
	return w->fd >= 0 ? w->fd : fs->dirfd;
}

static void
fill(const struct stat *sb, struct goelf_rootfs_stat *st)
{
	memset(st, 0, sizeof(*st));
	if (S_ISREG(sb->st_mode)) {
		st->kind = GOELF_RFS_REG;
		st->size = (uint64_t)sb->st_size;
	} else if (S_ISDIR(sb->st_mode))
		st->kind = GOELF_RFS_DIR;
	else if (S_ISLNK(sb->st_mode))
		st->kind = GOELF_RFS_LNK;
	else
		st->kind = GOELF_RFS_OTHER;
	st->mode = (unsigned)sb->st_mode & 07777;
	st->uid = (uint32_t)sb->st_uid;
	st->gid = (uint32_t)sb->st_gid;
}

static int
dir_child(const struct goelf_rootfs *fs, struct goelf_rootfs_walk *w,
	  const char *name, size_t len, struct goelf_rootfs_stat *st,
	  char *link, size_t linksz)
{
	char nm[256];
	struct stat sb;
	ssize_t n;

	memcpy(nm, name, len);
	nm[len] = '\0';
	if (fstatat(wfd(fs, w), nm, &sb, AT_SYMLINK_NOFOLLOW) != 0)
		return err_of(errno);
	fill(&sb, st);
	if (st->kind != GOELF_RFS_LNK)
		return 0;
	n = readlinkat(wfd(fs, w), nm, link, linksz - 1);
	if (n < 0)
		return err_of(errno);
	if ((size_t)n >= linksz - 1)
		return -ENAMETOOLONG;
	link[n] = '\0';
	return 0;
}

static int
dir_enter(const struct goelf_rootfs *fs, struct goelf_rootfs_walk *w,
	  const char *name, size_t len)
{
	char nm[256];
	int fd;

	memcpy(nm, name, len);
	nm[len] = '\0';
	fd = openat(wfd(fs, w), nm,
		    O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return err_of(errno);
	if (w->fd >= 0)
		close(w->fd);
	w->fd = fd;
	return 0;
}

static void
dir_root(const struct goelf_rootfs *fs, struct goelf_rootfs_walk *w)
{
	(void)fs;
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
}

/* Reopens w->path (directories only, no symlink on the way). */
static int
dir_up(const struct goelf_rootfs *fs, struct goelf_rootfs_walk *w)
{
	const char *p = w->path + 1;
	int fd = -1;

	dir_root(fs, w);
	if (!w->len)
		return 0;
	if (fs->openat2) {
		fd = goelf_fs_openat2(fs->dirfd, p,
				      O_PATH | O_DIRECTORY | O_CLOEXEC,
				      GOELF_FS_IN_ROOT | GOELF_FS_NO_SYMLINKS);
		if (fd >= 0) {
			w->fd = fd;
			return 0;
		}
		if (errno != ENOSYS)
			return err_of(errno);
	}
	while (*p) {
		size_t len = strcspn(p, "/");
		int r = dir_enter(fs, w, p, len);

		if (r)
			return r;
		p += len;
		if (*p == '/')
			p++;
	}
	return 0;
}

static int
dir_self(const struct goelf_rootfs *fs, const struct goelf_rootfs_walk *w,
	 struct goelf_rootfs_stat *st)
{
	struct stat sb;

	if (fstat(wfd(fs, w), &sb) != 0)
		return err_of(errno);
	fill(&sb, st);
	return 0;
}

static const struct goelf_rootfs_backend dir_backend;

struct goelf_rootfs *
goelf_rootfs_open_dir(const char *dir, struct goelf_buf *err)
{
	struct goelf_rootfs *fs;
	int fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0) {
		goelf_buf_addf(err, "%s", strerror(errno));
		return NULL;
	}
	fs = goelf_xcalloc(1, sizeof(*fs));
	fs->be = &dir_backend;
	fs->dirfd = fd;
	fs->openat2 = goelf_fs_have_openat2();
	return fs;
}

/* Opens the regular file the walk resolved (w at its directory). */
static int
open_resolved(const struct goelf_rootfs *fs, const struct goelf_rootfs_walk *w)
{
	char rel[GOELF_IMAGE_MAX_PATH + 260];
	struct stat sb;
	int fd = -1;

	if (!w->leaf[0])
		return -EISDIR;
	if (fs->openat2) {
		snprintf(rel, sizeof(rel), "%s/%s", w->path + (w->len ? 1 : 0),
			 w->leaf);
		fd = goelf_fs_open_regular(fs->dirfd, w->len ? rel : w->leaf,
					   GOELF_FS_IN_ROOT, &sb);
		if (fd == -1 && errno == ENOSYS)
			fd = goelf_fs_open_regular(wfd(fs, w), w->leaf,
						   GOELF_FS_ONE_NAME, &sb);
	} else
		fd = goelf_fs_open_regular(wfd(fs, w), w->leaf,
					   GOELF_FS_ONE_NAME, &sb);
	if (fd == GOELF_FS_NOT_REGULAR)
		return -EISDIR;
	if (fd < 0)
		return err_of(errno);
	return fd;
}

/* Walks to a regular file and opens it. */
static int
walk_open(const struct goelf_rootfs *fs, const char *path)
{
	struct goelf_rootfs_walk *w = goelf_xmalloc(sizeof(*w));
	struct goelf_rootfs_stat st;
	int r = goelf_rootfs_walk(fs, path, true, w, &st);

	if (!r && st.kind != GOELF_RFS_REG)
		r = -EISDIR;
	if (!r)
		r = open_resolved(fs, w);
	goelf_rootfs_walk_end(w);
	free(w);
	return r;
}

static int
dir_read(const struct goelf_rootfs *fs, const char *path, size_t max,
	 uint8_t **data, size_t *n)
{
	int fd = walk_open(fs, path), r = 0;
	struct stat sb;
	size_t got = 0, alloc;
	uint8_t *p;

	if (fd < 0)
		return fd;
	if (fstat(fd, &sb) != 0 || sb.st_size < 0) {
		close(fd);
		return -EIO;
	}
	if ((uint64_t)sb.st_size > max) {
		close(fd);
		return -EFBIG;
	}
	/* The size seen first, then growing up to one byte more than
	 * allowed: a file that grew (or a /proc file that says 0) is
	 * read as it is, and one over max is caught. */
	alloc = (size_t)sb.st_size + 2;
	p = goelf_xmalloc(alloc);
	while (got < max + 1) {
		ssize_t k;

		if (got + 1 >= alloc) {
			alloc = alloc > max / 2 ? max + 2 : alloc * 2;
			p = goelf_xrealloc(p, alloc);
		}
		k = read(fd, p + got, alloc - 1 - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			r = errno == EAGAIN ? -EISDIR : -EIO;
			break;
		}
		if (k == 0)
			break;
		got += (size_t)k;
	}
	close(fd);
	if (!r && got > max)
		r = -EFBIG;
	if (r) {
		free(p);
		return r;
	}
	p[got] = '\0';
	*data = p;
	*n = got;
	return 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
dir_list(const struct goelf_rootfs *fs, const char *path,
	 struct goelf_strlist *names)
{
	const int fl = O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC;
	struct goelf_rootfs_walk *w = goelf_xmalloc(sizeof(*w));
	struct goelf_rootfs_stat st;
	struct goelf_strlist got = { 0 };
	struct dirent *de;
	DIR *d;
	int r = goelf_rootfs_walk(fs, path, true, w, &st), fd = -1;

	if (!r && st.kind != GOELF_RFS_DIR)
		r = -ENOTDIR;
	if (r)
		goto out;
	if (!w->leaf[0])
		fd = openat(wfd(fs, w), ".", fl);
	else
		fd = openat(wfd(fs, w), w->leaf, fl | O_NOFOLLOW);
	if (fd < 0) {
		r = err_of(errno);
		goto out;
	}
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		r = -EIO;
		goto out;
	}
	while (got.n < GOELF_ROOTFS_MAX_LIST && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		goelf_strlist_add(&got, de->d_name);
	}
	closedir(d);
	if (got.n)
		qsort(got.v, got.n, sizeof(*got.v), name_cmp);
	for (size_t i = 0; i < got.n; i++)
		goelf_strlist_add(names, got.v[i]);
	r = (int)got.n;
	goelf_strlist_release(&got);
out:
	goelf_rootfs_walk_end(w);
	free(w);
	return r;
}

static void
dir_free(struct goelf_rootfs *fs)
{
	if (fs->dirfd >= 0)
		close(fs->dirfd);
	free(fs);
}

static const struct goelf_rootfs_backend dir_backend = {
	.name = "dir",
	.child = dir_child,
	.enter = dir_enter,
	.up = dir_up,
	.root = dir_root,
	.self = dir_self,
	.read = dir_read,
	.open = walk_open,
	.list = dir_list,
	.free = dir_free,
};
