/*
 * image_needed.c - what the entrypoint of an image needs to start and
 * run, in bytes: its own predicted stripped size plus the final sizes of
 * the files the run-time verdict resolved for it (interpreter,
 * libraries, data files), read from the root filesystem view.  Apart
 * from image_size.c because it works on the view, not the layers.
 */
#include "image/image.h"

#include <string.h>

static uint64_t
add_sat(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

int
goelf_image_needed_bytes(const struct goelf_rootfs *fs, const char *entrypoint,
			 uint64_t entry_stripped,
			 const struct goelf_strlist *needs, uint64_t *out)
{
	struct goelf_strlist seen = { 0 };
	char ep[GOELF_IMAGE_MAX_PATH + 2] = "";
	uint64_t sum = entry_stripped;
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
				      sizeof(res)) != 0 ||
		    st.kind != GOELF_RFS_REG) {
			rc = -1;
			break;
		}
		if ((*ep && !strcmp(res, ep)) || goelf_strlist_has(&seen, res))
			continue;
		goelf_strlist_add(&seen, res);
		sum = add_sat(sum, st.size);
	}
	goelf_strlist_release(&seen);
	if (rc == 0)
		*out = sum;
	return rc;
}
