/*
 * image_paths.c - the path trie of an image: one small node per path
 * component, keyed by (parent node, name) in one open-addressing index,
 * so finding a path costs one hash of each component and never rehashes
 * a prefix (a name of 2,000 components is 2,000 short lookups).  The
 * image's table and each layer's index are such tries; together they
 * are capped at GOELF_IMAGE_MAX_TABLE bytes.  Member names are checked
 * and normalised here.
 *
 * Member names are hostile: a name that is absolute or has a ".."
 * component is refused (the caller reports it and skips the entry); a
 * name over GOELF_IMAGE_MAX_NAME bytes is a cap reached.
 */
#include "image/image.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static uint64_t
hash_key(uint32_t parent, const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ull ^ parent;

	h *= 1099511628211ull;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

void
goelf_image_trie_init(struct goelf_image_trie *t)
{
	memset(t, 0, sizeof(*t));
	t->alloc = 64;
	t->v = goelf_xcalloc(t->alloc, sizeof(*t->v));
	t->n = 1;
	t->v[0].name = goelf_xstrdup("");
	t->v[0].kind = GOELF_IN_DIR;
	t->v[0].mode = 0755;
	t->v[0].mapped = 0;
	t->hsize = 128;
	t->hix = goelf_xmalloc(t->hsize * sizeof(*t->hix));
	memset(t->hix, 0xff, t->hsize * sizeof(*t->hix));
}

void
goelf_image_trie_release(struct goelf_image_trie *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].name);
		free(t->v[i].target);
		free(t->v[i].src);
	}
	free(t->v);
	free(t->hix);
	memset(t, 0, sizeof(*t));
}

uint32_t
goelf_image_child(const struct goelf_image_trie *t, uint32_t parent,
		  const char *name, size_t len)
{
	uint64_t h;
	size_t i;

	if (!t->hsize)
		return GOELF_IN_NONE;
	h = hash_key(parent, name, len);
	i = (size_t)h & (t->hsize - 1);
	while (t->hix[i] != GOELF_IN_NONE) {
		const struct goelf_image_node *n = &t->v[t->hix[i]];

		if (n->hash == h && n->parent == parent &&
		    !strncmp(n->name, name, len) && !n->name[len])
			return t->hix[i];
		i = (i + 1) & (t->hsize - 1);
	}
	return GOELF_IN_NONE;
}

bool
goelf_image_account(struct goelf_image_reader *m, size_t n)
{
	if (m->table_full)
		return false;
	if (m->bytes + n > GOELF_IMAGE_MAX_TABLE) {
		m->table_full = true;
		goelf_image_limit(m, 1u << 0,
				  "the path table reached %u MiB; the rest of "
				  "the image is not read",
				  GOELF_IMAGE_MAX_TABLE >> 20);
		return false;
	}
	m->bytes += n;
	return true;
}

uint32_t
goelf_image_child_add(struct goelf_image_reader *m, struct goelf_image_trie *t,
		      uint32_t parent, const char *name, size_t len)
{
	uint32_t k = goelf_image_child(t, parent, name, len);
	struct goelf_image_node *n;
	size_t i;

	if (k != GOELF_IN_NONE)
		return k;
	if (!goelf_image_account(m,
				 sizeof(*n) + 2 * sizeof(uint32_t) + len + 1))
		return GOELF_IN_NONE;
	if (t->n == t->alloc) {
		t->alloc *= 2;
		t->v = goelf_xrealloc(t->v, t->alloc * sizeof(*t->v));
	}
	if ((t->n + 1) * 2 > t->hsize) {
		size_t nsize = t->hsize * 2;
		uint32_t *nh = goelf_xmalloc(nsize * sizeof(*nh));

		memset(nh, 0xff, nsize * sizeof(*nh));
		for (size_t j = 1; j < t->n; j++) {
			i = (size_t)t->v[j].hash & (nsize - 1);
			while (nh[i] != GOELF_IN_NONE)
				i = (i + 1) & (nsize - 1);
			nh[i] = (uint32_t)j;
		}
		free(t->hix);
		t->hix = nh;
		t->hsize = nsize;
	}
	k = (uint32_t)t->n++;
	n = &t->v[k];
	memset(n, 0, sizeof(*n));
	n->name = goelf_xstrndup(name, len);
	n->parent = parent;
	n->hash = hash_key(parent, name, len);
	n->mapped = GOELF_IN_NONE;
	n->entry = GOELF_IN_NONE;
	i = (size_t)n->hash & (t->hsize - 1);
	while (t->hix[i] != GOELF_IN_NONE)
		i = (i + 1) & (t->hsize - 1);
	t->hix[i] = k;
	return k;
}

uint32_t
goelf_image_lookup(struct goelf_image_reader *m, struct goelf_image_trie *t,
		   const char *path, bool add)
{
	uint32_t cur = 0;
	const char *p = path;

	while (*p) {
		const char *e = strchr(p, '/');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		cur = add ? goelf_image_child_add(m, t, cur, p, len)
			  : goelf_image_child(t, cur, p, len);
		if (cur == GOELF_IN_NONE)
			return cur;
		p += len;
		if (*p == '/')
			p++;
	}
	return cur;
}

bool
goelf_image_node_path(const struct goelf_image_trie *t, uint32_t i, char *out,
		      size_t outsz)
{
	size_t o = outsz - 1;

	out[o] = '\0';
	if (i == 0) {
		if (outsz < 2)
			return false;
		out[0] = '/';
		out[1] = '\0';
		return true;
	}
	while (i != 0) {
		size_t len = strlen(t->v[i].name);

		if (len + 1 > o)
			return false;
		o -= len;
		memcpy(out + o, t->v[i].name, len);
		out[--o] = '/';
		i = t->v[i].parent;
	}
	memmove(out, out + o, outsz - o);
	return true;
}

/*
 * Normalises a member name into out: drops leading "./", "." components,
 * runs of '/' and a trailing '/'.  -1 for absolute names and names with
 * a ".." component (hostile), -2 for names too long.
 */
int
goelf_image_norm_name(const char *in, char *out, size_t outsz)
{
	size_t o = 0;
	const char *p = in;

	if (!in || *in == '/')
		return -1;
	while (*p) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return -1;
		if (n && !(n == 1 && p[0] == '.')) {
			if (o + n + 2 > outsz)
				return -2;
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
	return 0;
}

void
goelf_image_limit(struct goelf_image_reader *m, unsigned bit, const char *fmt,
		  ...)
{
	char msg[512];
	va_list ap;

	if (m->limits & bit)
		return;
	m->limits |= bit;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	goelf_findings_add(&m->im.findings, "input.limit_reached",
			   GOELF_SEV_WARN, "%s; the output is partial", msg);
}
