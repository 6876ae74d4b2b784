/*
 * image_links.c - links inside the image, resolved in the path table as
 * the kernel would with the image as root, never on the host: absolute
 * targets restart at the image root, ".." stops there, at most
 * GOELF_IMAGE_MAX_HOPS links are followed.  The walk is over table
 * nodes, one component lookup at a time (".." is the node's parent), so
 * it is linear in the length of what it reads, and that is capped at
 * GOELF_IMAGE_MAX_STEPS components (more counts as a loop).  A hard link
 * was settled when its layer was read (image_layers.c).
 */
#include "image/image.h"

#include <stdlib.h>
#include <string.h>

/* A node that is in the final filesystem. */
static bool
present(const struct goelf_image_node *n)
{
	return n->kind != GOELF_IN_IMPLICIT && n->kind != GOELF_IN_WHITEOUT;
}

uint32_t
goelf_image_resolve(struct goelf_image_reader *m, const char *path, char *out,
		    size_t outsz)
{
	char *rem = goelf_xmalloc(2 * GOELF_IMAGE_MAX_PATH + 4);
	char *tmp = goelf_xmalloc(2 * GOELF_IMAGE_MAX_PATH + 4);
	const size_t cap = 2 * GOELF_IMAGE_MAX_PATH + 4;
	uint32_t cur = 0, res = GOELF_IN_NONE;
	size_t pos = 0, steps = 0;
	int hops = 0;

	if (strlen(path) >= cap)
		goto out;
	memcpy(rem, path, strlen(path) + 1);
	for (;;) {
		const char *c;
		size_t clen;
		uint32_t k;
		bool more;

		while (rem[pos] == '/')
			pos++;
		if (!rem[pos])
			break;
		if (++steps > GOELF_IMAGE_MAX_STEPS) {
			goelf_image_limit(m, 1u << 5,
					  "a symlink resolution went over %u "
					  "path components (not followed)",
					  GOELF_IMAGE_MAX_STEPS);
			goto out;
		}
		c = rem + pos;
		clen = strcspn(c, "/");
		pos += clen;
		more = rem[pos] == '/';
		if (clen == 1 && c[0] == '.')
			continue;
		if (clen == 2 && c[0] == '.' && c[1] == '.') {
			cur = m->tab.v[cur].parent;
			continue;
		}
		k = goelf_image_child(&m->tab, cur, c, clen);
		if (k == GOELF_IN_NONE || !present(&m->tab.v[k]))
			goto out;
		if (m->tab.v[k].kind == GOELF_IN_LNK) {
			const char *t = m->tab.v[k].target;
			size_t tl, rl;

			if (!t || ++hops > GOELF_IMAGE_MAX_HOPS)
				goto out;
			tl = strlen(t);
			rl = strlen(rem + pos);
			if (tl + rl + 2 > cap)
				goto out;
			memcpy(tmp, t, tl);
			memcpy(tmp + tl, rem + pos, rl + 1);
			memcpy(rem, tmp, tl + rl + 1);
			pos = 0;
			if (t[0] == '/')
				cur = 0;
			continue;
		}
		if (more && m->tab.v[k].kind != GOELF_IN_DIR)
			goto out;
		cur = k;
	}
	if (cur != 0 && goelf_image_node_path(&m->tab, cur, out, outsz))
		res = cur;
out:
	free(rem);
	free(tmp);
	return res;
}

void
goelf_image_links(struct goelf_image_reader *m)
{
	char out[GOELF_IMAGE_MAX_PATH + 2], path[GOELF_IMAGE_MAX_PATH + 2];

	for (size_t i = 1; i < m->tab.n; i++) {
		struct goelf_image_node *n = &m->tab.v[i];
		const char *resolved = NULL;
		bool hard = n->kind == GOELF_IN_HARD;

		if (n->kind != GOELF_IN_LNK && !hard)
			continue;
		if (hard && n->elf)
			continue; /* shown as a file with the bytes it holds */
		if (!goelf_image_node_path(&m->tab, (uint32_t)i, path,
					   sizeof(path)))
			continue;
		if (hard && n->as_link) {
			snprintf(out, sizeof(out), "/%s", n->src);
			resolved = out;
		} else if (!hard) {
			uint32_t t = goelf_image_resolve(m, path + 1, out,
							 sizeof(out));
			const struct goelf_image_node *T =
				t != GOELF_IN_NONE ? &m->tab.v[t] : NULL;

			n = &m->tab.v[i];
			if (T && T->elf &&
			    (T->kind == GOELF_IN_REG ||
			     T->kind == GOELF_IN_HARD))
				resolved = out;
			if (T && T->kind == GOELF_IN_HARD && T->as_link)
				resolved = out;
		}
		if (m->ops->link)
			m->ops->link(m->ops->arg, path,
				     n->target ? n->target : "", resolved,
				     hard);
	}
}
