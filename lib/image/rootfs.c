/*
 * rootfs.c - a root filesystem view, the part both kinds share: the
 * path walk, which resolves every symlink in userspace as the kernel
 * would with the view's top as "/" (path_resolution(7): absolute
 * targets restart at the top, ".." at the top stays there, at most
 * GOELF_IMAGE_MAX_HOPS links, a non-directory in the middle is
 * ENOTDIR, a trailing '/' needs a directory), one component at a time
 * through the kind's backend (rootfs_dir.c: a directory descriptor,
 * rootfs_image.c: a trie node); the dispatch of the public calls; and
 * the list of the small files an image view keeps.
 *
 * The walk keeps what it has resolved as a path of directories only
 * ("/a/b"), so ".." is that path without its last component.  The
 * text still to walk (a link's target followed by the rest) is capped
 * at 2 * GOELF_IMAGE_MAX_PATH bytes and the components walked at
 * GOELF_IMAGE_MAX_STEPS (more is ELOOP), so every lookup is bounded
 * whatever the links say.
 */
#include "image/image.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WALK_CAP (2 * GOELF_IMAGE_MAX_PATH + 4)

void
goelf_rootfs_walk_end(struct goelf_rootfs_walk *w)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
}

/* Appends "/name" to the resolved path; false when too long. */
static bool
path_push(struct goelf_rootfs_walk *w, const char *name, size_t len)
{
	if (len + 1 > GOELF_IMAGE_MAX_PATH - w->len)
		return false;
	w->path[w->len++] = '/';
	memcpy(w->path + w->len, name, len);
	w->len += len;
	w->path[w->len] = '\0';
	return true;
}

int
goelf_rootfs_walk(const struct goelf_rootfs *fs, const char *path, bool follow,
		  struct goelf_rootfs_walk *w, struct goelf_rootfs_stat *st)
{
	const struct goelf_rootfs_backend *b = fs->be;
	char *rem, *tmp, link[GOELF_IMAGE_MAX_PATH + 1];
	size_t pos = 0, steps = 0, plen;
	int hops = 0, r = 0;

	memset(w, 0, sizeof(*w));
	w->fd = -1;
	memset(st, 0, sizeof(*st));
	if (!path || !*path)
		return -ENOENT;
	plen = strlen(path);
	if (plen > GOELF_IMAGE_MAX_PATH)
		return -ENAMETOOLONG;
	rem = goelf_xmalloc(WALK_CAP);
	tmp = goelf_xmalloc(WALK_CAP);
	memcpy(rem, path, plen + 1);
	for (;;) {
		struct goelf_rootfs_stat cs;
		const char *c;
		size_t clen, after;
		bool last, trail;

		while (rem[pos] == '/')
			pos++;
		if (!rem[pos])
			break;
		if (++steps > GOELF_IMAGE_MAX_STEPS) {
			r = -ELOOP;
			goto out;
		}
		c = rem + pos;
		clen = strcspn(c, "/");
		pos += clen;
		trail = rem[pos] == '/';
		after = pos;
		while (rem[after] == '/')
			after++;
		last = !rem[after];
		if (clen > 255) {
			r = -ENAMETOOLONG;
			goto out;
		}
		if (clen == 1 && c[0] == '.')
			continue;
		if (clen == 2 && c[0] == '.' && c[1] == '.') {
			if (w->len) {
				while (w->len && w->path[w->len - 1] != '/')
					w->len--;
				if (w->len)
					w->len--;
				w->path[w->len] = '\0';
				r = b->up(fs, w);
				if (r)
					goto out;
			}
			continue;
		}
		memcpy(w->leaf, c, clen);
		w->leaf[clen] = '\0';
		link[0] = '\0';
		r = b->child(fs, w, c, clen, &cs, link, sizeof(link));
		if (r)
			goto out;
		if (cs.kind == GOELF_RFS_LNK && (!last || trail || follow)) {
			size_t tl = strlen(link), rl = strlen(rem + pos);

			if (++hops > GOELF_IMAGE_MAX_HOPS) {
				r = -ELOOP;
				goto out;
			}
			if (!tl) {
				r = -ENOENT;
				goto out;
			}
			if (tl + rl + 1 > WALK_CAP) {
				r = -ENAMETOOLONG;
				goto out;
			}
			memcpy(tmp, link, tl);
			memcpy(tmp + tl, rem + pos, rl + 1);
			memcpy(rem, tmp, tl + rl + 1);
			pos = 0;
			if (link[0] == '/') {
				w->len = 0;
				w->path[0] = '\0';
				b->root(fs, w);
			}
			continue;
		}
		if (!last || trail) {
			if (cs.kind != GOELF_RFS_DIR) {
				r = -ENOTDIR;
				goto out;
			}
			if (last) {
				/* "a/": the directory a is the result. */
				*st = cs;
				goto out;
			}
			if (!path_push(w, c, clen)) {
				r = -ENAMETOOLONG;
				goto out;
			}
			r = b->enter(fs, w, c, clen);
			if (r)
				goto out;
			continue;
		}
		*st = cs;
		goto out;
	}
	w->leaf[0] = '\0';
	r = b->self(fs, w, st);
out:
	if (r) {
		memset(st, 0, sizeof(*st));
		if (r != -ENOENT)
			w->leaf[0] = '\0';
	}
	free(rem);
	free(tmp);
	return r;
}

/* The walker's result as "/a/b" into out. */
static void
walk_path(const struct goelf_rootfs_walk *w, char *out, size_t outsz)
{
	if (!out || !outsz)
		return;
	if (w->leaf[0])
		snprintf(out, outsz, "%s/%s", w->path, w->leaf);
	else
		snprintf(out, outsz, "%s", w->len ? w->path : "/");
}

int
goelf_rootfs_stat(const struct goelf_rootfs *fs, const char *path, bool follow,
		  struct goelf_rootfs_stat *st, char *out, size_t outsz)
{
	struct goelf_rootfs_walk *w = goelf_xmalloc(sizeof(*w));
	int r = goelf_rootfs_walk(fs, path, follow, w, st);

	if (out && outsz) {
		out[0] = '\0';
		if (!r || r == -ENOENT)
			walk_path(w, out, outsz);
	}
	goelf_rootfs_walk_end(w);
	free(w);
	return r;
}

void
goelf_rootfs_free(struct goelf_rootfs *fs)
{
	if (fs)
		fs->be->free(fs);
}

const char *
goelf_rootfs_kind_name(const struct goelf_rootfs *fs)
{
	return fs->be->name;
}

int
goelf_rootfs_read(const struct goelf_rootfs *fs, const char *path, size_t max,
		  uint8_t **data, size_t *n)
{
	*data = NULL;
	*n = 0;
	if (!max || max > GOELF_ROOTFS_MAX_FILE)
		max = GOELF_ROOTFS_MAX_FILE;
	return fs->be->read(fs, path, max, data, n);
}

int
goelf_rootfs_open(const struct goelf_rootfs *fs, const char *path)
{
	return fs->be->open(fs, path);
}

int
goelf_rootfs_list(const struct goelf_rootfs *fs, const char *path,
		  struct goelf_strlist *names)
{
	return fs->be->list(fs, path, names);
}

bool
goelf_rootfs_keep(const char *path)
{
	static const char *const exact[] = {
		"etc/passwd",	   "etc/group",	     "etc/nsswitch.conf",
		"etc/ld.so.cache", "etc/os-release", "usr/lib/os-release",
	};
	size_t n;

	if (!path)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(exact); i++)
		if (!strcmp(path, exact[i]))
			return true;
	n = strlen(path);
	return n > strlen("etc/ld-musl-.path") &&
	       !strncmp(path, "etc/ld-musl-", 12) &&
	       !strcmp(path + n - 5, ".path") && !strchr(path + 4, '/');
}
