/*
 * image_layers.c - one layer of an image, applied top-down, in one
 * streaming pass over the layer blob (a second one only when needed).
 *
 * Layers are read from the topmost down.  The table (image_paths.c)
 * holds what the upper layers decided; a layer's entries never change
 * it while the layer is read.
 *
 * Pass 1 (headers, and the first bytes of regular files) builds the
 * layer's own index, a trie with, per path, the last entry (so the
 * last of duplicate entries wins, rule 1), the last non-dir entry (a
 * later file at a parent removes what an earlier entry put below it),
 * and the whiteout and opaque markers of the layer, kept
 * apart from its entries (they only hide lower layers, rule 2; opaque
 * markers work in every directory, the root included, rule 4).  A hard
 * link is resolved when it is met (rule 3): to an earlier entry of its
 * own layer, or to a "need" on the lower layers, settled when a lower
 * layer's index has that path.  At the end of pass 1 the layer is
 * committed to the table: its surviving entries that no upper layer
 * hides become final, its whiteouts, opaque markers and non-directory
 * entries hide the lower layers below those paths, and the entries
 * whose bytes are wanted (final regular files; the sources of hard
 * links) are listed by entry number.
 *
 * Pass 1 also keeps what it read of the regular files no upper layer
 * hides: "not ELF", or the bytes of small ELF files (at most
 * GOELF_IMAGE_MAX_HELD per layer); the wants they cover are served at
 * the end of pass 1.  Pass 2 streams the layer again only for the rest
 * (a larger ELF file, a hard link's source an upper layer hides) and
 * reads only those entries.  Each ELF entry is handed on once per path
 * that shows its bytes (its own path if it is final, and each hard link
 * that holds it), so a file deleted or replaced later is never reported
 * and a hard link keeps the bytes its target had.  ELF entries are
 * read into a buffer capped at GOELF_IMAGE_MAX_ENTRY.  Layers may be
 * plain or compressed tars (libarchive detects the filter among those
 * it has in process: image_archive.c).
 */
#include "image/image.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <string.h>

/*
 * Reads the rest of an ELF entry after its first `have` bytes.  The tar
 * header's size is a claim, not a fact: the buffer starts at 1 MiB and
 * doubles as data actually arrives, so a tiny archive that claims a huge
 * member costs no more memory than the bytes it really holds.
 */
static uint8_t *
read_entry(struct archive *a, const uint8_t *head, size_t have, uint64_t size,
	   size_t *outlen, struct goelf_buf *err)
{
	const size_t first = 1u << 20;
	size_t got = have, alloc;
	uint8_t *p;

	if (size > GOELF_IMAGE_MAX_ENTRY) {
		goelf_buf_addf(err,
			       "ELF entry of %llu bytes is larger than "
			       "the %u MiB limit, not analysed",
			       (unsigned long long)size,
			       GOELF_IMAGE_MAX_ENTRY >> 20);
		return NULL;
	}
	alloc = size < first ? (size_t)size : first;
	if (alloc < have)
		alloc = have;
	p = goelf_xmalloc(alloc ? alloc : 1);
	memcpy(p, head, have);
	while (got < size) {
		la_ssize_t n;

		if (got == alloc) {
			alloc = alloc > (size_t)size / 2 ? (size_t)size
							 : alloc * 2;
			p = goelf_xrealloc(p, alloc);
		}
		n = archive_read_data(a, p + got, alloc - got);
		if (n <= 0) {
			goelf_buf_addf(err, "truncated entry: %s",
				       n < 0 && archive_error_string(a)
					       ? archive_error_string(a)
					       : "end of data");
			free(p);
			return NULL;
		}
		got += (size_t)n;
	}
	*outlen = got;
	return p;
}

/* The state of one layer: its index and what pass 2 hands on. */
struct layer {
	struct goelf_image_trie lx;
	struct goelf_image_want *wants;
	size_t nwants, awants;
	struct goelf_image_held *held; /* entry order */
	size_t nheld, aheld, held_bytes;
	size_t kept_bytes;		  /* of small files held for the view */
	struct goelf_image_size_layer sz; /* image_size.c */
};

static void
want(struct layer *y, uint32_t entry, uint32_t node, bool link)
{
	goelf_grow((void **)&y->wants, &y->awants, y->nwants + 1,
		   sizeof(*y->wants));
	y->wants[y->nwants].entry = entry;
	y->wants[y->nwants].node = node;
	y->wants[y->nwants].link = link;
	y->nwants++;
}

static int
want_cmp(const void *a, const void *b)
{
	const struct goelf_image_want *x = a, *y = b;

	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

static char *
shown_name(const char *raw, char *shown, size_t sz)
{
	snprintf(shown, sz, "%s", raw ? raw : "(none)");
	for (char *p = shown; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return shown;
}

/* A hard link's owner, mode and size are its source's (one inode). */
static void
src_meta(struct goelf_image_node *h, const struct goelf_image_node *src)
{
	h->uid = src->uid;
	h->gid = src->gid;
	h->mode = src->mode;
	h->size = src->size;
	h->has_src_meta = true;
}

/* The largest last_nondir of the proper ancestors of node i. */
static uint32_t
anc_nondir(const struct goelf_image_trie *t, uint32_t i)
{
	uint32_t mx = 0;

	while (i != 0) {
		i = t->v[i].parent;
		if (t->v[i].last_nondir > mx)
			mx = t->v[i].last_nondir;
	}
	return mx;
}

/* Resolves hard link node h of the layer index (pass 1), now, against
 * the earlier entries of its layer, else as a need on lower layers. */
static void
hard_source(struct goelf_image_reader *m, struct layer *y, uint32_t h,
	    const char *tname)
{
	uint32_t t = goelf_image_lookup(m, &y->lx, tname, false);
	struct goelf_image_node *T = t != GOELF_IN_NONE ? &y->lx.v[t] : NULL;
	struct goelf_image_node *H = &y->lx.v[h];

	free(H->src);
	H->src = NULL;
	H->src_lower = false;
	H->has_src_meta = false;
	if (T && T->has_entry) {
		if (T->entry + 1 <= anc_nondir(&y->lx, t))
			return; /* removed by a later entry: dangling */
		if (T->kind == GOELF_IN_REG) {
			H->src = goelf_xstrdup(tname);
			H->src_entry = T->entry;
			src_meta(H, T);
		} else if (T->kind == GOELF_IN_HARD && T->src) {
			H->src = goelf_xstrdup(T->src);
			H->src_entry = T->src_entry;
			H->src_lower = T->src_lower;
			if (T->has_src_meta)
				src_meta(H, T);
		}
		return;
	}
	if (t != GOELF_IN_NONE ? anc_nondir(&y->lx, t) != 0 : false)
		return;
	if (t == GOELF_IN_NONE) {
		/* Check the part of the path this layer has. */
		const char *p = tname;
		uint32_t cur = 0;

		while (*p) {
			const char *e = strchr(p, '/');
			size_t len = e ? (size_t)(e - p) : strlen(p);

			cur = goelf_image_child(&y->lx, cur, p, len);
			if (cur == GOELF_IN_NONE)
				break;
			if (y->lx.v[cur].last_nondir)
				return;
			p += len;
			if (*p == '/')
				p++;
		}
	}
	H->src = goelf_xstrdup(tname);
	H->src_lower = true;
}

/* Pass 1: one entry into the layer index. */
static void hold(struct goelf_image_reader *m, struct layer *y,
		 struct archive *a, struct archive_entry *e, uint32_t ei,
		 unsigned li, const char *name);

static void
index_entry(struct goelf_image_reader *m, struct layer *y, struct archive *a,
	    struct archive_entry *e, uint32_t ei, unsigned li)
{
	char name[GOELF_IMAGE_MAX_NAME], shown[256];
	const char *raw = archive_entry_pathname(e), *base;
	struct goelf_image_node *n;
	unsigned type = archive_entry_filetype(e);
	uint32_t k;
	int r = goelf_image_norm_name(raw, name, sizeof(name));

	if (r == -2) {
		goelf_image_limit(m, 1u << 1,
				  "a member name is longer than %u bytes (not "
				  "read): layer %u",
				  GOELF_IMAGE_MAX_NAME, li + 1);
		return;
	}
	if (r) {
		goelf_image_error(m,
				  "layer %zu: member '%s': absolute or '..' "
				  "name, skipped",
				  (size_t)li + 1,
				  shown_name(raw, shown, sizeof(shown)));
		return;
	}
	if (!*name)
		return; /* "./": the root directory itself */
	base = strrchr(name, '/');
	base = base ? base + 1 : name;
	if (!strncmp(base, ".wh.", 4)) {
		size_t dlen = (size_t)(base - name);
		bool opq = !strcmp(base, ".wh..wh..opq");

		if (!dlen) /* in the root: name becomes "", base moves */
			memmove(name + 1, name, strlen(name) + 1), base++;
		name[dlen ? dlen - 1 : 0] = '\0';
		if (opq) {
			k = goelf_image_lookup(m, &y->lx, name, true);
			if (k != GOELF_IN_NONE)
				y->lx.v[k].opq = true;
			return;
		}
		if (!base[4])
			return;
		k = goelf_image_lookup(m, &y->lx, name, true);
		if (k != GOELF_IN_NONE)
			k = goelf_image_child_add(m, &y->lx, k, base + 4,
						  strlen(base + 4));
		if (k != GOELF_IN_NONE)
			y->lx.v[k].wh = true;
		return;
	}
	k = goelf_image_lookup(m, &y->lx, name, true);
	if (k == GOELF_IN_NONE)
		return;
	n = &y->lx.v[k];
	free(n->target);
	n->target = NULL;
	n->has_entry = true;
	n->entry = ei;
	n->mode = (unsigned)archive_entry_perm(e);
	n->uid = (uint32_t)archive_entry_uid(e);
	n->gid = (uint32_t)archive_entry_gid(e);
	n->size = 0;
	n->has_src_meta = false;
	if (archive_entry_hardlink(e)) {
		char t[GOELF_IMAGE_MAX_NAME];

		n->kind = GOELF_IN_HARD;
		n->last_nondir = ei + 1;
		if (goelf_image_norm_name(archive_entry_hardlink(e), t,
					  sizeof(t)) == 0 &&
		    *t && goelf_image_account(m, 2 * strlen(t) + 2)) {
			n->target = goelf_xstrdup(t);
			hard_source(m, y, k, t);
		} else {
			free(n->src);
			n->src = NULL;
		}
		return;
	}
	switch (type) {
	case AE_IFDIR: n->kind = GOELF_IN_DIR; return;
	case AE_IFLNK: {
		const char *t = archive_entry_symlink(e);
		size_t len = t ? strlen(t) : 0;

		n->kind = GOELF_IN_LNK;
		n->last_nondir = ei + 1;
		if (len > GOELF_IMAGE_MAX_LINK)
			goelf_image_limit(m, 1u << 2,
					  "a symlink target is longer than %u "
					  "bytes (not followed): layer %u",
					  GOELF_IMAGE_MAX_LINK, li + 1);
		else if (goelf_image_account(m, len + 1))
			n->target = goelf_xstrdup(t ? t : "");
		return;
	}
	case AE_IFREG:
		n->kind = GOELF_IN_REG;
		n->last_nondir = ei + 1;
		n->size = archive_entry_size_is_set(e) &&
					  archive_entry_size(e) > 0
				  ? (uint64_t)archive_entry_size(e)
				  : 0;
		goelf_image_size_entry(m, &y->sz, ei, li, name,
				       archive_entry_size_is_set(e) &&
						       archive_entry_size(e) > 0
					       ? (uint64_t)archive_entry_size(e)
					       : 0);
		hold(m, y, a, e, ei, li, name);
		return;
	default: n->kind = GOELF_IN_OTHER; break;
	}
	n->last_nondir = ei + 1;
}

/* Settles the open needs of upper layers' hard links against layer li's
 * index (before li's own are added). */
static void
settle_needs(struct goelf_image_reader *m, struct layer *y, unsigned li)
{
	for (size_t i = 0; i < m->nneeds; i++) {
		struct goelf_image_need *N = &m->needs[i];
		const char *p = N->target;
		uint32_t cur = 0;
		bool dead = false;

		if (!N->open || N->from <= li)
			continue;
		while (*p) {
			const char *e = strchr(p, '/');
			size_t len = e ? (size_t)(e - p) : strlen(p);

			cur = goelf_image_child(&y->lx, cur, p, len);
			if (cur == GOELF_IN_NONE)
				break;
			p += len;
			if (*p == '/')
				p++;
			if (!*p)
				break;
			if (y->lx.v[cur].wh || y->lx.v[cur].opq ||
			    y->lx.v[cur].last_nondir)
				dead = true;
		}
		if (cur != GOELF_IN_NONE && !*p && cur != 0) {
			struct goelf_image_node *T = &y->lx.v[cur];
			struct goelf_image_node *L = &m->tab.v[N->link];

			if (T->alive && T->kind == GOELF_IN_REG) {
				src_meta(L, T);
				want(y, T->entry, N->link, true);
				free(L->src);
				L->src = goelf_xstrdup(N->target);
				L->src_layer = li;
				L->src_entry = T->entry;
				N->open = false;
				m->open_needs--;
				continue;
			}
			if (T->alive && T->kind == GOELF_IN_HARD && T->src) {
				if (T->src_lower) {
					free(N->target);
					N->target = goelf_xstrdup(T->src);
					continue;
				}
				if (T->has_src_meta)
					src_meta(L, T);
				want(y, T->src_entry, N->link, true);
				free(L->src);
				L->src = goelf_xstrdup(T->src);
				L->src_layer = li;
				L->src_entry = T->src_entry;
				N->open = false;
				m->open_needs--;
				continue;
			}
			if (T->has_entry || T->wh || T->last_nondir)
				dead = true;
		}
		if (dead || (cur == 0 && !*N->target)) {
			N->open = false;
			m->open_needs--;
		}
	}
}

static void
add_need(struct goelf_image_reader *m, const char *target, uint32_t link,
	 unsigned li)
{
	if (m->nneeds >= GOELF_IMAGE_MAX_NEEDS) {
		goelf_image_limit(m, 1u << 3,
				  "more than %u hard links into lower layers; "
				  "the rest are not followed",
				  GOELF_IMAGE_MAX_NEEDS);
		return;
	}
	goelf_grow((void **)&m->needs, &m->aneeds, m->nneeds + 1,
		   sizeof(*m->needs));
	m->needs[m->nneeds].target = goelf_xstrdup(target);
	m->needs[m->nneeds].link = link;
	m->needs[m->nneeds].from = li;
	m->needs[m->nneeds].open = true;
	m->nneeds++;
	m->open_needs++;
}

/* The end of pass 1: layer li's index into the table. */
static void
commit(struct goelf_image_reader *m, struct layer *y, unsigned li)
{
	struct goelf_image_trie *x = &y->lx, *t = &m->tab;

	for (size_t i = 1; i < x->n; i++) {
		struct goelf_image_node *n = &x->v[i], *p = &x->v[n->parent];

		n->anc_nondir = p->anc_nondir > p->last_nondir ? p->anc_nondir
							       : p->last_nondir;
		n->alive = n->has_entry && n->entry + 1 > n->anc_nondir &&
			   (n->parent == 0 || !p->has_entry || !p->alive ||
			    p->kind == GOELF_IN_DIR);
		n->real = false;
	}
	for (size_t i = x->n; i-- > 1;) {
		struct goelf_image_node *n = &x->v[i];

		n->real = n->real || n->alive;
		if (n->real)
			x->v[n->parent].real = true;
	}
	settle_needs(m, y, li);
	if (x->v[0].opq && t->v[0].opaque_at < li)
		t->v[0].opaque_at = li;
	x->v[0].mapped = t->v[0].opaque_at <= li ? 0 : GOELF_IN_NONE;
	for (size_t i = 1; i < x->n; i++) {
		struct goelf_image_node *n = &x->v[i], *M;
		uint32_t mp = x->v[n->parent].mapped, k;
		bool hide = n->wh || n->opq || n->last_nondir;

		n->mapped = GOELF_IN_NONE;
		if (mp == GOELF_IN_NONE)
			continue;
		k = goelf_image_child(t, mp, n->name, strlen(n->name));
		if (k != GOELF_IN_NONE && t->v[k].kind != GOELF_IN_IMPLICIT) {
			M = &t->v[k];
			if (hide && M->opaque_at < li)
				M->opaque_at = li;
			if (M->kind == GOELF_IN_DIR && M->opaque_at <= li)
				n->mapped = k;
			continue;
		}
		if (k == GOELF_IN_NONE) {
			k = goelf_image_child_add(m, t, mp, n->name,
						  strlen(n->name));
			if (k == GOELF_IN_NONE)
				return;
			n = &x->v[i];
		}
		M = &t->v[k];
		if (hide && M->opaque_at < li)
			M->opaque_at = li;
		if (n->alive) {
			M->kind = n->kind;
			M->layer = li;
			M->entry = n->entry;
			M->mode = n->mode;
			M->uid = n->uid;
			M->gid = n->gid;
			M->size = n->size;
			M->has_src_meta = n->has_src_meta;
			M->target = n->target;
			n->target = NULL;
			if (n->kind == GOELF_IN_DIR && M->opaque_at <= li)
				n->mapped = k;
			else if (n->kind == GOELF_IN_REG) {
				want(y, n->entry, k, false);
				goelf_image_size_final(m, &y->sz, n->entry, k,
						       li);
			} else if (n->kind == GOELF_IN_OTHER && m->ops->special)
				m->ops->special(m->ops->arg);
			else if (n->kind == GOELF_IN_HARD && n->src &&
				 n->src_lower)
				add_need(m, n->src, k, li);
			else if (n->kind == GOELF_IN_HARD && n->src) {
				want(y, n->src_entry, k, true);
				M->src = goelf_xstrdup(n->src);
				M->src_layer = li;
				M->src_entry = n->src_entry;
			}
		} else if (n->real) {
			M->kind = GOELF_IN_DIR;
			M->layer = li;
			M->mode = 0755;
			if (M->opaque_at <= li)
				n->mapped = k;
		} else if (n->wh) {
			M->kind = GOELF_IN_WHITEOUT;
			M->layer = li;
		} else if (M->opaque_at <= li) {
			n->mapped = k; /* holds markers below */
		}
	}
}

/* Hands the bytes of one entry (data/len, or err; notelf: not an ELF
 * file) to every want w[0..nw) of it. */
static void
keep_node(struct goelf_image_reader *m, uint32_t k, const char *path,
	  const uint8_t *data, size_t len, unsigned keep)
{
	struct goelf_image_kept *K;

	if (keep == GOELF_HELD_KEPT && m->nkept < GOELF_ROOTFS_MAX_NKEPT &&
	    m->kept_bytes <= GOELF_ROOTFS_MAX_KEPT &&
	    len <= GOELF_ROOTFS_MAX_KEPT - m->kept_bytes) {
		goelf_grow((void **)&m->kept, &m->akept, m->nkept + 1,
			   sizeof(*m->kept));
		K = &m->kept[m->nkept++];
		K->node = k;
		K->data = goelf_xmalloc(len ? len : 1);
		memcpy(K->data, data, len);
		K->len = len;
		m->kept_bytes += len;
		return;
	}
	m->tab.v[k].too_big = true;
	goelf_image_limit(m, 1u << 6,
			  "%s is not kept for the image view: over %u MiB, "
			  "or the files kept reached %u MiB or %u files",
			  path, GOELF_ROOTFS_MAX_FILE >> 20,
			  GOELF_ROOTFS_MAX_KEPT >> 20, GOELF_ROOTFS_MAX_NKEPT);
}

static void
emit_wants(struct goelf_image_reader *m, const struct goelf_image_want *w,
	   size_t nw, unsigned li, struct goelf_image_layer *L,
	   const uint8_t *data, size_t len, const char *err, bool notelf,
	   unsigned keep)
{
	char path[GOELF_IMAGE_MAX_PATH + 2];

	for (size_t i = 0; i < nw; i++) {
		struct goelf_image_node *n = &m->tab.v[w[i].node];
		uint8_t *d = NULL;

		if (notelf && keep &&
		    goelf_image_node_path(&m->tab, w[i].node, path,
					  sizeof(path)) &&
		    goelf_rootfs_keep(path + 1))
			keep_node(m, w[i].node, path, data, len, keep);
		if (notelf) {
			if (!w[i].link && m->ops->seen)
				m->ops->seen(m->ops->arg);
			continue;
		}
		if (w[i].link) {
			uint32_t s =
				goelf_image_lookup(m, &m->tab, n->src, false);

			if (s != GOELF_IN_NONE &&
			    m->tab.v[s].kind == GOELF_IN_REG &&
			    m->tab.v[s].layer == li &&
			    m->tab.v[s].entry == w[i].entry && data) {
				n->as_link = true;
				continue;
			}
		}
		n->elf = true;
		if (!w[i].link)
			L->elf++;
		if (!goelf_image_node_path(&m->tab, w[i].node, path,
					   sizeof(path)))
			continue;
		if (data) {
			d = goelf_xmalloc(len ? len : 1);
			memcpy(d, data, len);
		}
		if (m->ops->elf)
			m->ops->elf(m->ops->arg, path, d, d ? len : 0,
				    d ? NULL : err);
		else
			free(d);
	}
}

/* Reads up to n bytes of the entry into p; how many it got. */
static size_t
read_some(struct archive *a, uint8_t *p, size_t n)
{
	size_t have = 0;

	while (have < n) {
		la_ssize_t r = archive_read_data(a, p + have, n - have);

		if (r <= 0)
			break;
		have += (size_t)r;
	}
	return have;
}

/* The rest of a non-ELF entry whose first `have` bytes are in head,
 * kept for the view when it has at most GOELF_ROOTFS_MAX_FILE bytes and
 * fits `room` (*keep GOELF_HELD_KEPT, the bytes returned), else *keep
 * GOELF_HELD_BIG. */
static uint8_t *
keep_rest(struct archive *a, const uint8_t *head, size_t have, uint64_t size,
	  size_t room, size_t *len, unsigned char *keep)
{
	size_t cap =
		GOELF_ROOTFS_MAX_FILE < room ? GOELF_ROOTFS_MAX_FILE : room;
	uint8_t *p;

	*keep = GOELF_HELD_BIG;
	if (size > cap || have > cap)
		return NULL;
	/* the claim is not trusted: one byte more shows a longer entry */
	p = goelf_xmalloc((size_t)size + 2);
	memcpy(p, head, have);
	have += read_some(a, p + have, (size_t)size + 1 - have);
	if (have > cap) {
		free(p);
		return NULL;
	}
	*keep = GOELF_HELD_KEPT;
	*len = have;
	return p;
}

/* Reads the entry the archive is at: *notelf, or its bytes (NULL with
 * err); at most `budget` bytes when budget is not 0 (then NULL and
 * *over).  With keep_room, a non-ELF entry's bytes are returned too,
 * as keep_rest says (*keep). */
static uint8_t *
entry_bytes(struct archive *a, struct archive_entry *e, size_t budget,
	    size_t keep_room, size_t *len, struct goelf_buf *err, bool *notelf,
	    bool *over, unsigned char *keep)
{
	uint8_t head[4];
	size_t have = 0;
	uint64_t size =
		archive_entry_size_is_set(e) && archive_entry_size(e) > 0
			? (uint64_t)archive_entry_size(e)
			: 0;

	*notelf = *over = false;
	*keep = 0;
	have = read_some(a, head, 4);
	if (have < 4 || head[0] != 0x7f || head[1] != 'E' || head[2] != 'L' ||
	    head[3] != 'F') {
		*notelf = true;
		if (keep_room)
			return keep_rest(a, head, have, size, keep_room, len,
					 keep);
		return NULL;
	}
	if (budget && size > budget) {
		*over = true;
		return NULL;
	}
	return read_entry(a, head, have, size, len, err);
}

/* Pass 2, one wanted entry (wants w[0..nw) are all for it). */
static void
data_entry(struct goelf_image_reader *m, struct archive *a,
	   struct archive_entry *e, const struct goelf_image_want *w, size_t nw,
	   unsigned li, struct goelf_image_layer *L)
{
	struct goelf_buf err;
	size_t len = 0;
	bool notelf, over;
	unsigned char keep;
	uint8_t *data;

	goelf_buf_init(&err, 1024);
	data = entry_bytes(a, e, 0, 0, &len, &err, &notelf, &over, &keep);
	emit_wants(m, w, nw, li, L, data, len, err.buf, notelf, 0);
	free(data);
	goelf_buf_release(&err);
}

/* Pass 1 keeps what it read of regular files no upper layer hides:
 * "not ELF", or the bytes of small ELF files (GOELF_IMAGE_MAX_HELD in
 * all), so that most layers need no pass 2. */
static bool
visible_upper(const struct goelf_image_reader *m, const char *path, unsigned li)
{
	const struct goelf_image_trie *t = &m->tab;
	uint32_t cur = 0;
	const char *p = path;

	if (t->v[0].opaque_at > li)
		return false;
	while (*p) {
		const char *e = strchr(p, '/');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		const struct goelf_image_node *n;

		cur = goelf_image_child(t, cur, p, len);
		if (cur == GOELF_IN_NONE)
			return true;
		n = &t->v[cur];
		p += len;
		if (*p == '/')
			p++;
		if (!*p)
			return n->kind == GOELF_IN_IMPLICIT;
		if ((n->kind != GOELF_IN_DIR && n->kind != GOELF_IN_IMPLICIT) ||
		    n->opaque_at > li)
			return false;
	}
	return false;
}

static void
hold(struct goelf_image_reader *m, struct layer *y, struct archive *a,
     struct archive_entry *e, uint32_t ei, unsigned li, const char *name)
{
	struct goelf_image_held *h;
	struct goelf_buf err;
	bool notelf, over;
	unsigned char keep;
	size_t len = 0, room = 0;
	uint8_t *data;

	if (!visible_upper(m, name, li))
		return;
	/* The small files of the view: only when someone takes the view;
	 * at most GOELF_ROOTFS_MAX_KEPT held per layer (duplicates
	 * included; the final one is decided at commit). */
	if (m->ops->fs && goelf_rootfs_keep(name))
		room = y->kept_bytes < GOELF_ROOTFS_MAX_KEPT
			       ? GOELF_ROOTFS_MAX_KEPT - y->kept_bytes
			       : 1;
	goelf_buf_init(&err, 1024);
	/* (a budget of 0 would mean none: 1 byte is already too little) */
	data = entry_bytes(a, e,
			   y->held_bytes < GOELF_IMAGE_MAX_HELD
				   ? GOELF_IMAGE_MAX_HELD - y->held_bytes
				   : 1,
			   room, &len, &err, &notelf, &over, &keep);
	if ((data || notelf) && !over) {
		goelf_grow((void **)&y->held, &y->aheld, y->nheld + 1,
			   sizeof(*y->held));
		h = &y->held[y->nheld++];
		h->entry = ei;
		h->data = data;
		h->len = len;
		h->notelf = notelf;
		h->keep = keep;
		if (notelf)
			y->kept_bytes += len;
		else
			y->held_bytes += len;
	}
	goelf_buf_release(&err);
}

/* Serves the wants whose bytes pass 1 kept; the others stay in y->wants
 * for pass 2. */
static void
serve_held(struct goelf_image_reader *m, struct layer *y, unsigned li,
	   struct goelf_image_layer *L)
{
	size_t w = 0, k = 0, out = 0;

	while (w < y->nwants) {
		size_t nw = 1;

		while (w + nw < y->nwants &&
		       y->wants[w + nw].entry == y->wants[w].entry)
			nw++;
		while (k < y->nheld && y->held[k].entry < y->wants[w].entry)
			k++;
		if (k < y->nheld && y->held[k].entry == y->wants[w].entry) {
			emit_wants(m, y->wants + w, nw, li, L, y->held[k].data,
				   y->held[k].len, "", y->held[k].notelf,
				   y->held[k].keep);
		} else {
			memmove(y->wants + out, y->wants + w,
				nw * sizeof(*y->wants));
			out += nw;
		}
		w += nw;
	}
	y->nwants = out;
	for (size_t i = 0; i < y->nheld; i++)
		free(y->held[i].data);
	free(y->held);
	y->held = NULL;
	y->nheld = y->aheld = 0;
}

/* Opens layer li's blob as a tar stream; NULL after an error. */
static struct archive *
layer_open(struct goelf_image_reader *m, unsigned li,
	   struct goelf_image_member *mb)
{
	struct goelf_image_layer *L = &m->im.layers[li];
	struct archive *a;
	struct goelf_buf err;

	goelf_buf_init(&err, 1024);
	if (!goelf_image_member_open(m, L->name, mb, &err)) {
		goelf_image_error(m, "layer %u: missing or unreadable blob: %s",
				  li + 1, err.buf);
		L->error = goelf_xstrdup(err.buf);
		goelf_buf_release(&err);
		return NULL;
	}
	goelf_buf_release(&err);
	a = goelf_image_archive_new();
	if (archive_read_open(a, mb, NULL, goelf_image_member_read, NULL) !=
	    ARCHIVE_OK) {
		goelf_image_error(m, "layer %u (%s): %s", li + 1, L->name,
				  archive_error_string(a));
		L->error = goelf_xstrdup(archive_error_string(a)
						 ? archive_error_string(a)
						 : "cannot open");
		archive_read_free(a);
		goelf_image_member_close(mb);
		return NULL;
	}
	return a;
}

void
goelf_image_layer_read(struct goelf_image_reader *m, unsigned li,
		       uint64_t *done_base)
{
	struct goelf_image_layer *L = &m->im.layers[li];
	struct goelf_image_member *mb = goelf_xcalloc(1, sizeof(*mb));
	struct archive *a;
	struct archive_entry *e;
	struct layer y;
	uint32_t ei = 0;

	memset(&y, 0, sizeof(y));
	goelf_image_trie_init(&y.lx);
	a = layer_open(m, li, mb);
	if (!a)
		goto out;
	if (!L->size) {
		L->size = mb->size;
		m->im.bytes_total += mb->size;
	}
	for (;; ei++) {
		int r = archive_read_next_header(a, &e);

		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			const char *es = archive_error_string(a);

			goelf_image_error(m, "layer %u (%s): %s", li + 1,
					  L->name,
					  es ? es : "not a tar archive");
			L->error = goelf_xstrdup(es ? es : "not a tar");
			break;
		}
		L->entries++;
		index_entry(m, &y, a, e, ei, li);
		if (m->table_full)
			break;
		if (m->ops->progress)
			m->ops->progress(
				m->ops->arg,
				*done_base +
					(uint64_t)archive_filter_bytes(a, -1) /
						2,
				m->im.bytes_total);
	}
	archive_read_free(a);
	goelf_image_member_close(mb);
	commit(m, &y, li);
	if (y.nwants)
		qsort(y.wants, y.nwants, sizeof(*y.wants), want_cmp);
	serve_held(m, &y, li, L);
	if (!y.nwants)
		goto out;
	a = layer_open(m, li, mb);
	if (!a)
		goto out;
	for (size_t w = 0, ei2 = 0; w < y.nwants; ei2++) {
		size_t nw = 0;

		if (archive_read_next_header(a, &e) < ARCHIVE_WARN)
			break;
		while (w + nw < y.nwants && y.wants[w + nw].entry == ei2)
			nw++;
		if (nw)
			data_entry(m, a, e, y.wants + w, nw, li, L);
		w += nw;
		if (m->ops->progress)
			m->ops->progress(
				m->ops->arg,
				*done_base + L->size / 2 +
					(uint64_t)archive_filter_bytes(a, -1) /
						2,
				m->im.bytes_total);
	}
	archive_read_free(a);
	goelf_image_member_close(mb);
out:
	goelf_image_size_layer_end(m, &y.sz, li);
	*done_base += L->size;
	for (size_t i = 0; i < y.nheld; i++)
		free(y.held[i].data);
	free(y.held);
	free(y.wants);
	goelf_image_trie_release(&y.lx);
	free(mb);
}
