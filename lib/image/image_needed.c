/*
 * image_needed.c - what the entrypoint of an image needs to start and
 * run, in bytes: its own predicted stripped size plus the final sizes of
 * the files the run-time verdict resolved for it (interpreter,
 * libraries, data files), read from the root filesystem view.  Apart
 * from image_size.c because it works on the view, not the layers.
 */
#include "image/image.h"

#include <stdio.h>
#include <string.h>

/* Bounds of a directory need (/usr/share/zoneinfo): its regular files
 * counted at most this deep and this many in all. */
#define NEEDED_MAX_DEPTH 8u
#define NEEDED_MAX_FILES 10000u

static uint64_t
add_sat(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

struct needed_walk {
	const struct goelf_rootfs *fs;
	struct goelf_strlist *seen; /* resolved paths counted */
	const char *ep;		    /* the entrypoint's resolved path */
	size_t files;		    /* regular files looked at */
	uint64_t sum;
};

/* Adds the regular file or, bounded, the regular files under the
 * directory at path (resolved res, stat st).  Returns 0 or -1. */
static int
add_path(struct needed_walk *w, const char *res,
	 const struct goelf_rootfs_stat *st, unsigned depth)
{
	struct goelf_strlist names = { 0 };
	int rc = 0, n;

	if (st->kind == GOELF_RFS_REG) {
		if ((*w->ep && !strcmp(res, w->ep)) ||
		    goelf_strlist_has(w->seen, res))
			return 0;
		goelf_strlist_add(w->seen, res);
		w->sum = add_sat(w->sum, st->size);
		return 0;
	}
	if (st->kind != GOELF_RFS_DIR)
		return -1;
	/* A directory counted once, its link loops cut by depth. */
	if (depth >= NEEDED_MAX_DEPTH || goelf_strlist_has(w->seen, res))
		return 0;
	goelf_strlist_add(w->seen, res);
	n = goelf_rootfs_list(w->fs, res, &names);
	if (n < 0) {
		goelf_strlist_release(&names);
		return -1;
	}
	for (size_t i = 0; i < names.n && rc == 0; i++) {
		struct goelf_rootfs_stat cst;
		char child[GOELF_IMAGE_MAX_PATH + 2];
		char cres[GOELF_IMAGE_MAX_PATH + 2];
		int len;

		if (!strcmp(names.v[i], ".") || !strcmp(names.v[i], ".."))
			continue;
		if (++w->files > NEEDED_MAX_FILES)
			break;
		len = snprintf(child, sizeof(child), "%s%s%s", res,
			       strcmp(res, "/") ? "/" : "", names.v[i]);
		if (len < 0 || (size_t)len >= sizeof(child))
			continue;
		/* Only what resolves inside the root; others (absent,
		 * devices) are not part of what it needs. */
		if (goelf_rootfs_stat(w->fs, child, true, &cst, cres,
				      sizeof(cres)) != 0 ||
		    (cst.kind != GOELF_RFS_REG && cst.kind != GOELF_RFS_DIR))
			continue;
		rc = add_path(w, cres, &cst, depth + 1);
	}
	goelf_strlist_release(&names);
	return rc;
}

int
goelf_image_needed_bytes(const struct goelf_rootfs *fs, const char *entrypoint,
			 uint64_t entry_stripped,
			 const struct goelf_strlist *needs, uint64_t *out)
{
	struct goelf_strlist seen = { 0 };
	char ep[GOELF_IMAGE_MAX_PATH + 2] = "";
	struct needed_walk w = { fs, &seen, ep, 0, entry_stripped };
	int rc = 0;

	if (entrypoint) {
		struct goelf_rootfs_stat st;

		if (goelf_rootfs_stat(fs, entrypoint, true, &st, ep,
				      sizeof(ep)) != 0)
			ep[0] = '\0';
	}
	for (size_t i = 0; needs && i < needs->n && rc == 0; i++) {
		struct goelf_rootfs_stat st;
		char res[GOELF_IMAGE_MAX_PATH + 2];

		if (goelf_rootfs_stat(fs, needs->v[i], true, &st, res,
				      sizeof(res)) != 0) {
			rc = -1;
			break;
		}
		rc = add_path(&w, res, &st, 0);
	}
	goelf_strlist_release(&seen);
	if (rc == 0)
		*out = w.sum;
	return rc;
}
