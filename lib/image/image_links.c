/*
 * image_links.c - links inside the image, resolved in the path table as
 * the kernel would with the image as root, never on the host: absolute
 * targets restart at the image root, ".." stops there, at most
 * GOELF_IMAGE_MAX_HOPS links are followed.  A hard link names its target
 * member directly.
 */
#include "image/image.h"

#include <stdlib.h>
#include <string.h>

/*
 * Resolves path (relative to the image root) through symlinks in the
 * table, as the kernel would with the image as root: absolute targets
 * restart at the image root, ".." stops there.  Returns the final node
 * and its path in out, or NULL (missing, deleted, loop, too long).
 */
struct goelf_image_node *
goelf_image_resolve(struct goelf_image_reader *m, const char *path, char *out,
		    size_t outsz)
{
	char rem[2 * GOELF_IMAGE_MAX_PATH], cur[GOELF_IMAGE_MAX_PATH];
	struct goelf_image_node *n = NULL;
	int hops = 0;

	if (strlen(path) >= sizeof(rem))
		return NULL;
	snprintf(rem, sizeof(rem), "%s", path);
	cur[0] = '\0';
	while (rem[0]) {
		char comp[GOELF_IMAGE_MAX_PATH], cand[GOELF_IMAGE_MAX_PATH];
		char *p = rem, *slash;
		size_t clen;

		while (*p == '/')
			p++;
		slash = strchr(p, '/');
		clen = slash ? (size_t)(slash - p) : strlen(p);
		if (clen >= sizeof(comp))
			return NULL;
		memcpy(comp, p, clen);
		comp[clen] = '\0';
		memmove(rem, p + clen, strlen(p + clen) + 1);
		if (!clen || !strcmp(comp, "."))
			continue;
		if (!strcmp(comp, "..")) {
			char *s = strrchr(cur, '/');

			if (s)
				*s = '\0';
			else
				cur[0] = '\0';
			continue;
		}
		if ((size_t)snprintf(cand, sizeof(cand), "%s%s%s", cur,
				     *cur ? "/" : "", comp) >= sizeof(cand))
			return NULL;
		n = goelf_image_tab_find(m, cand);
		if (n && n->kind == GOELF_IN_WHITEOUT)
			return NULL;
		if (n && n->kind == GOELF_IN_LNK) {
			char nrem[2 * GOELF_IMAGE_MAX_PATH];

			if (++hops > GOELF_IMAGE_MAX_HOPS)
				return NULL;
			if ((size_t)snprintf(nrem, sizeof(nrem), "%s/%s",
					     n->target, rem) >= sizeof(nrem))
				return NULL;
			if (n->target[0] == '/')
				cur[0] = '\0';
			memcpy(rem, nrem, strlen(nrem) + 1);
			n = NULL;
			continue;
		}
		if (!n && !rem[0])
			return NULL;
		if (n && n->kind != GOELF_IN_DIR && rem[strspn(rem, "/")])
			return NULL;
		memcpy(cur, cand, strlen(cand) + 1);
	}
	if (!n || !cur[0])
		return NULL;
	snprintf(out, outsz, "/%s", cur);
	return n;
}

void
goelf_image_links(struct goelf_image_reader *m)
{
	for (size_t i = 0; i < m->tabsize; i++) {
		struct goelf_image_node *n = &m->tab[i], *t;
		char out[GOELF_IMAGE_MAX_PATH + 1],
			path[GOELF_IMAGE_MAX_PATH + 1];

		if (!n->path ||
		    (n->kind != GOELF_IN_LNK && n->kind != GOELF_IN_HARD))
			continue;
		if (n->kind == GOELF_IN_HARD) {
			t = n->target ? goelf_image_tab_find(m, n->target)
				      : NULL;
			if (t)
				snprintf(out, sizeof(out), "/%s", t->path);
		} else {
			t = goelf_image_resolve(m, n->path, out, sizeof(out));
		}
		snprintf(path, sizeof(path), "/%s", n->path);
		if (m->ops->link)
			m->ops->link(
				m->ops->arg, path, n->target ? n->target : "",
				t && t->kind == GOELF_IN_REG && t->elf ? out
								       : NULL,
				n->kind == GOELF_IN_HARD);
	}
}
