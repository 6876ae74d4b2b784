/*
 * image_paths.c - the path table of an image: one small node per final
 * path (or whiteout), open addressing, capped at GOELF_IMAGE_MAX_ENTRIES;
 * member names checked and normalised; whether a path of a lower layer
 * is still visible under the upper ones (whiteouts, opaque directories,
 * a non-directory at a parent path).
 *
 * Member names are hostile: a name that is absolute or has a ".."
 * component is refused (the caller reports it and skips the entry).
 */
#include "image/image.h"

#include <stdlib.h>
#include <string.h>

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

struct goelf_image_node *
goelf_image_tab_find(struct goelf_image_reader *m, const char *path)
{
	size_t i;

	if (!m->tabsize)
		return NULL;
	i = (size_t)hash_str(path) & (m->tabsize - 1);
	while (m->tab[i].path) {
		if (!strcmp(m->tab[i].path, path))
			return &m->tab[i];
		i = (i + 1) & (m->tabsize - 1);
	}
	return NULL;
}

struct goelf_image_node *
goelf_image_tab_add(struct goelf_image_reader *m, const char *path)
{
	size_t i;

	if (m->tabn >= GOELF_IMAGE_MAX_ENTRIES) {
		if (!m->table_full)
			goelf_image_error(
				m, "more than %u entries, the rest not read",
				GOELF_IMAGE_MAX_ENTRIES);
		m->table_full = true;
		return NULL;
	}
	if ((m->tabn + 1) * 2 > m->tabsize) {
		size_t nsize = m->tabsize ? m->tabsize * 2 : 1024;
		struct goelf_image_node *old = m->tab, *nt;
		size_t osize = m->tabsize;

		nt = goelf_xcalloc(nsize, sizeof(*nt));
		for (size_t k = 0; k < osize; k++) {
			if (!old[k].path)
				continue;
			i = (size_t)hash_str(old[k].path) & (nsize - 1);
			while (nt[i].path)
				i = (i + 1) & (nsize - 1);
			nt[i] = old[k];
		}
		free(old);
		m->tab = nt;
		m->tabsize = nsize;
	}
	i = (size_t)hash_str(path) & (m->tabsize - 1);
	while (m->tab[i].path)
		i = (i + 1) & (m->tabsize - 1);
	m->tab[i].path = goelf_xstrdup(path);
	m->tabn++;
	return &m->tab[i];
}

/*
 * Normalises a member name into out: drops leading "./" and "/" runs of
 * "." components and trailing '/'.  False for absolute names and names
 * with a ".." component (hostile), or names too long.
 */
bool
goelf_image_norm_name(const char *in, char *out, size_t outsz)
{
	size_t o = 0;
	const char *p = in;

	if (!in || *in == '/')
		return false;
	while (*p) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return false;
		if (n && !(n == 1 && p[0] == '.')) {
			if (o + n + 2 > outsz)
				return false;
			if (o)
				out[o++] = '/';
			memcpy(out + o, p, n);
			o += n;
		}
		p += n;
		while (*p == '/')
			p++;
	}
	out[o] = '\0';
	return true;
}

/* Is path (in layer li) visible, i.e. not hidden by an upper layer? */
bool
goelf_image_visible(struct goelf_image_reader *m, const char *path, unsigned li)
{
	char buf[GOELF_IMAGE_MAX_PATH];
	struct goelf_image_node *n = goelf_image_tab_find(m, path);
	size_t len = strlen(path);

	if (n)
		return false; /* an upper layer (or this one) has it */
	if (len >= sizeof(buf))
		return false;
	memcpy(buf, path, len + 1);
	for (size_t i = len; i > 0; i--) {
		if (buf[i - 1] != '/')
			continue;
		buf[i - 1] = '\0';
		n = goelf_image_tab_find(m, buf);
		if (n && n->layer != li && n->kind != GOELF_IN_DIR)
			return false;
		if (n && n->opaque && li < n->opaque_at)
			return false;
	}
	return true;
}
