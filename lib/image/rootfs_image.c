/*
 * rootfs_image.c - the view of an image's final filesystem: the
 * reader's path table (image_paths.c), moved out of the reader when the
 * image is read (goelf_rootfs_image_hand), with an index of each
 * directory's children for listing.  The walk's backend looks names up
 * in the trie; a node is there when the layers wrote it (not a
 * whiteout, not a node kept only to hold markers); a hard link is the
 * regular file it shares bytes with (its source's owner, mode and
 * size), and one whose source was never found is absent.  Bytes are
 * only those the reader kept (goelf_rootfs_keep(); image_layers.c):
 * read gives them or -ENODATA, open is -ENOTSUP.  Nothing here changes
 * after the hand-over.
 */
#include "image/image.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Children of node i are kids[kfirst[i] .. kfirst[i + 1]), by name. */
struct kids {
	uint32_t *kids, *kfirst;
};

/* The view's stat of node k; -ENOENT when not in the final filesystem. */
static int
node_stat(const struct goelf_image_node *n, struct goelf_rootfs_stat *st)
{
	memset(st, 0, sizeof(*st));
	switch (n->kind) {
	case GOELF_IN_DIR: st->kind = GOELF_RFS_DIR; break;
	case GOELF_IN_REG:
		st->kind = GOELF_RFS_REG;
		st->size = n->size;
		break;
	case GOELF_IN_LNK: st->kind = GOELF_RFS_LNK; break;
	case GOELF_IN_HARD:
		if (!n->has_src_meta)
			return -ENOENT;
		st->kind = GOELF_RFS_REG;
		st->size = n->size;
		break;
	case GOELF_IN_OTHER: st->kind = GOELF_RFS_OTHER; break;
	default: return -ENOENT;
	}
	st->mode = n->mode & 07777;
	st->uid = n->uid;
	st->gid = n->gid;
	return 0;
}

static int
img_child(const struct goelf_rootfs *fs, struct goelf_rootfs_walk *w,
	  const char *name, size_t len, struct goelf_rootfs_stat *st,
	  char *link, size_t linksz)
{
	uint32_t k = goelf_image_child(&fs->t, w->node, name, len);
	const struct goelf_image_node *n;
	int r;

	if (k == GOELF_IN_NONE)
		return -ENOENT;
	n = &fs->t.v[k];
	r = node_stat(n, st);
	if (r || st->kind != GOELF_RFS_LNK)
		return r;
	if (!n->target || strlen(n->target) >= linksz)
		return -ENAMETOOLONG;
	memcpy(link, n->target, strlen(n->target) + 1);
	return 0;
}

static int
img_enter(const struct goelf_rootfs *fs, struct goelf_rootfs_walk *w,
	  const char *name, size_t len)
{
	uint32_t k = goelf_image_child(&fs->t, w->node, name, len);

	if (k == GOELF_IN_NONE)
		return -ENOENT;
	w->node = k;
	return 0;
}

static int
img_up(const struct goelf_rootfs *fs, struct goelf_rootfs_walk *w)
{
	w->node = fs->t.v[w->node].parent;
	return 0;
}

static void
img_root(const struct goelf_rootfs *fs, struct goelf_rootfs_walk *w)
{
	(void)fs;
	w->node = 0;
}

static int
img_self(const struct goelf_rootfs *fs, const struct goelf_rootfs_walk *w,
	 struct goelf_rootfs_stat *st)
{
	return node_stat(&fs->t.v[w->node], st);
}

/* The node the walk resolved, or GOELF_IN_NONE. */
static uint32_t
walk_node(const struct goelf_rootfs *fs, const char *path,
	  struct goelf_rootfs_stat *st, int *r)
{
	struct goelf_rootfs_walk *w = goelf_xmalloc(sizeof(*w));
	uint32_t k = GOELF_IN_NONE;

	*r = goelf_rootfs_walk(fs, path, true, w, st);
	if (!*r)
		k = w->leaf[0] ? goelf_image_child(&fs->t, w->node, w->leaf,
						   strlen(w->leaf))
			       : w->node;
	goelf_rootfs_walk_end(w);
	free(w);
	if (!*r && k == GOELF_IN_NONE)
		*r = -EIO;
	return k;
}

static int
kept_cmp(const void *a, const void *b)
{
	const struct goelf_image_kept *x = a, *y = b;

	return x->node < y->node ? -1 : x->node > y->node;
}

/* The bytes kept of node k (fs->kept is sorted by node). */
static const struct goelf_image_kept *
kept_of(const struct goelf_rootfs *fs, uint32_t k)
{
	struct goelf_image_kept key = { 0 };

	if (!fs->nkept)
		return NULL;
	key.node = k;
	return bsearch(&key, fs->kept, fs->nkept, sizeof(*fs->kept), kept_cmp);
}

static int
img_read(const struct goelf_rootfs *fs, const char *path, size_t max,
	 uint8_t **data, size_t *n)
{
	struct goelf_rootfs_stat st;
	const struct goelf_image_kept *K;
	int r;
	uint32_t k = walk_node(fs, path, &st, &r);

	if (r)
		return r;
	if (st.kind != GOELF_RFS_REG)
		return -EISDIR;
	if (fs->t.v[k].too_big)
		return -EFBIG;
	K = kept_of(fs, k);
	if (!K)
		return -ENODATA;
	if (K->len > max)
		return -EFBIG;
	*data = goelf_xmalloc(K->len + 1);
	memcpy(*data, K->data, K->len);
	(*data)[K->len] = '\0';
	*n = K->len;
	return 0;
}

static int
kid_cmp(const void *a, const void *b, void *arg)
{
	const struct goelf_image_trie *t = arg;
	const struct goelf_image_node *x = &t->v[*(const uint32_t *)a];
	const struct goelf_image_node *y = &t->v[*(const uint32_t *)b];

	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* The children index, built once at the hand-over. */
static struct kids *
kids_of(const struct goelf_rootfs *fs)
{
	return (struct kids *)fs->kids;
}

static int
img_list(const struct goelf_rootfs *fs, const char *path,
	 struct goelf_strlist *names)
{
	const struct kids *K = kids_of(fs);
	struct goelf_rootfs_stat st;
	size_t cnt = 0;
	int r;
	uint32_t k = walk_node(fs, path, &st, &r);

	if (r)
		return r;
	if (st.kind != GOELF_RFS_DIR)
		return -ENOTDIR;
	if (!K)
		return 0;
	for (uint32_t i = K->kfirst[k];
	     i < K->kfirst[k + 1] && cnt < GOELF_ROOTFS_MAX_LIST; i++) {
		struct goelf_rootfs_stat cs;

		if (node_stat(&fs->t.v[K->kids[i]], &cs))
			continue;
		goelf_strlist_add(names, fs->t.v[K->kids[i]].name);
		cnt++;
	}
	return (int)cnt;
}

static void
kids_free(void *p)
{
	struct kids *K = p;

	if (!K)
		return;
	free(K->kids);
	free(K->kfirst);
	free(K);
}

static void
img_free(struct goelf_rootfs *fs)
{
	kids_free(fs->kids);
	for (size_t i = 0; i < fs->nkept; i++)
		free(fs->kept[i].data);
	free(fs->kept);
	goelf_image_trie_release(&fs->t);
	free(fs);
}

static int
img_open(const struct goelf_rootfs *fs, const char *path)
{
	(void)fs;
	(void)path;
	return -ENOTSUP;
}

static const struct goelf_rootfs_backend img_backend = {
	.name = "image",
	.child = img_child,
	.enter = img_enter,
	.up = img_up,
	.root = img_root,
	.self = img_self,
	.read = img_read,
	.open = img_open,
	.list = img_list,
	.free = img_free,
};

void
goelf_rootfs_image_hand(struct goelf_image_reader *m)
{
	struct goelf_rootfs *fs;
	struct kids *K;
	size_t n;

	if (!m->ops->fs)
		return;
	fs = goelf_xcalloc(1, sizeof(*fs));
	fs->be = &img_backend;
	fs->dirfd = -1;
	fs->t = m->tab;
	goelf_image_trie_init(&m->tab);
	fs->kept = m->kept;
	fs->nkept = m->nkept;
	m->kept = NULL;
	m->nkept = m->akept = 0;
	/* one record per node (a node is wanted once); sorted for lookup */
	if (fs->nkept > 1)
		qsort(fs->kept, fs->nkept, sizeof(*fs->kept), kept_cmp);
	n = fs->t.n;
	K = goelf_xcalloc(1, sizeof(*K));
	K->kids = goelf_xmalloc((n ? n : 1) * sizeof(*K->kids));
	K->kfirst = goelf_xcalloc(n + 1, sizeof(*K->kfirst));
	/* Nodes 1..n-1 sorted by (parent, name); the root is nobody's
	 * child. */
	for (size_t i = 1; i < n; i++)
		K->kids[i - 1] = (uint32_t)i;
	if (n > 1)
		qsort_r(K->kids, n - 1, sizeof(*K->kids), kid_cmp, &fs->t);
	for (size_t i = 0, j = 0; i <= n; i++) {
		while (j < n - 1 && fs->t.v[K->kids[j]].parent < i)
			j++;
		if (i < n)
			K->kfirst[i] = (uint32_t)j;
		else
			K->kfirst[i] = (uint32_t)(n ? n - 1 : 0);
	}
	fs->kids = K;
	m->ops->fs(m->ops->arg, fs);
}
