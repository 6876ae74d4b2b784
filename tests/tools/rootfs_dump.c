/*
 * rootfs_dump.c - prints the root filesystem view (lib/image rootfs*.c)
 * of every image of the archives given, for tests/tools/image-semantics.py
 * to compare with its reference extractor: one JSON line per image,
 *   {"reference": R, "paths": {"a/b": [KIND, MODE, SIZE, UID], ...}}
 * with KIND "reg", "dir", "lnk" or "other" from goelf_rootfs_stat (not
 * following), found by listing from "/" down (at most 64 levels and
 * 100000 paths).
 *
 * usage: rootfs_dump ARCHIVE|LAYOUT-DIR...
 */
#include "image/image.h"

#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct dump {
	struct goelf_rootfs *fs;
	size_t npaths;
};

static const char *
kind_name(enum goelf_rootfs_kind k)
{
	switch (k) {
	case GOELF_RFS_REG: return "reg";
	case GOELF_RFS_DIR: return "dir";
	case GOELF_RFS_LNK: return "lnk";
	case GOELF_RFS_OTHER: return "other";
	default: return "none";
	}
}

static void
walk(struct dump *d, const char *dir, int depth, json_t *out)
{
	struct goelf_strlist l = { 0 };

	if (depth > 64 || goelf_rootfs_list(d->fs, dir[0] ? dir : "/", &l) < 0)
		return;
	for (size_t i = 0; i < l.n && d->npaths < 100000; i++) {
		struct goelf_rootfs_stat st;
		char p[GOELF_IMAGE_MAX_PATH + 300];

		snprintf(p, sizeof(p), "%s/%s", dir, l.v[i]);
		if (goelf_rootfs_stat(d->fs, p, false, &st, NULL, 0) != 0)
			continue;
		d->npaths++;
		json_object_set_new(out, p + 1,
				    json_pack("[s,i,I,I]", kind_name(st.kind),
					      (int)st.mode, (json_int_t)st.size,
					      (json_int_t)st.uid));
		if (st.kind == GOELF_RFS_DIR)
			walk(d, p, depth + 1, out);
	}
	goelf_strlist_release(&l);
}

static void
on_fs(void *arg, struct goelf_rootfs *fs)
{
	struct dump *d = arg;

	goelf_rootfs_free(d->fs);
	d->fs = fs;
}

static void
on_end(void *arg, struct goelf_image_facts *im, bool scanned)
{
	struct dump *d = arg;
	json_t *o, *paths;
	char *s;

	if (!scanned || !d->fs)
		return;
	paths = json_object();
	d->npaths = 0;
	walk(d, "", 0, paths);
	o = json_pack("{s:s?,s:o}", "reference", im->reference, "paths", paths);
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	puts(s);
	free(s);
	json_decref(o);
	goelf_rootfs_free(d->fs);
	d->fs = NULL;
}

int
main(int argc, char **argv)
{
	struct dump d = { 0 };
	struct goelf_image_ops ops = { 0 };
	int rc = 0;

	ops.arg = &d;
	ops.fs = on_fs;
	ops.end = on_end;
	for (int i = 1; i < argc; i++) {
		struct stat sb;
		int fd = open(argv[i], O_RDONLY | O_CLOEXEC);

		if (fd < 0 || fstat(fd, &sb) != 0) {
			perror(argv[i]);
			rc = 2;
			if (fd >= 0)
				close(fd);
			continue;
		}
		goelf_image_read(fd, S_ISDIR(sb.st_mode), argv[i], &ops);
		close(fd);
	}
	goelf_rootfs_free(d.fs);
	return rc;
}
