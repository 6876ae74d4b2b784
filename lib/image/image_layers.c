/*
 * image_layers.c - one layer of an image, applied top-down.
 *
 * Layers are read from the topmost down, in one pass: a path is "final"
 * when no upper layer already has it, has a whiteout for it (.wh.NAME),
 * has a non-directory at one of its parent paths, or marks a parent as
 * opaque (.wh..wh..opq).  So every entry is decided when it is read,
 * each ELF entry is handed on once, and files deleted or replaced later
 * are never reported.  ELF entries are read into a memory buffer capped
 * at GOELF_IMAGE_MAX_ENTRY.  Two tar members for the same path in one
 * layer: the first one read wins (tar says the last); real layers never
 * have that.  Layers may be plain, gzip or zstd tars (libarchive detects
 * the filter).
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

static void
do_entry(struct goelf_image_reader *m, struct archive *a,
	 struct archive_entry *e, unsigned li, struct goelf_image_layer *L)
{
	char name[GOELF_IMAGE_MAX_PATH], path[GOELF_IMAGE_MAX_PATH + 1];
	const char *raw = archive_entry_pathname(e), *base;
	struct goelf_image_node *n;
	unsigned type = archive_entry_filetype(e);

	L->entries++;
	if (!goelf_image_norm_name(raw, name, sizeof(name))) {
		char shown[256];

		snprintf(shown, sizeof(shown), "%s", raw ? raw : "(none)");
		for (char *p = shown; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = '?';
		goelf_image_error(
			m,
			"layer %zu: member '%s': absolute, '..' or too "
			"long name, skipped",
			(size_t)li + 1, shown);
		return;
	}
	if (!*name)
		return; /* "./": the root directory itself */
	base = strrchr(name, '/');
	base = base ? base + 1 : name;
	if (!strncmp(base, ".wh.", 4)) {
		char dir[GOELF_IMAGE_MAX_PATH];
		size_t dlen = (size_t)(base - name);

		memcpy(dir, name, dlen);
		dir[dlen ? dlen - 1 : 0] = '\0';
		if (!strcmp(base, ".wh..wh..opq")) {
			n = goelf_image_tab_find(m, dir);
			if (!n && *dir && goelf_image_visible(m, dir, li)) {
				n = goelf_image_tab_add(m, dir);
				if (n) {
					n->kind = GOELF_IN_DIR;
					n->layer = li;
					n->mode = 0755;
				}
			}
			/* The topmost marker wins: it hides every lower
			 * layer's entries below dir. */
			if (n && !n->opaque) {
				n->opaque = true;
				n->opaque_at = li;
			}
			return;
		}
		snprintf(path, sizeof(path), "%s%s%s", dir, *dir ? "/" : "",
			 base + 4);
		if (base[4] && goelf_image_visible(m, path, li) &&
		    (n = goelf_image_tab_add(m, path)) != NULL) {
			n->kind = GOELF_IN_WHITEOUT;
			n->layer = li;
		}
		return;
	}
	if (!goelf_image_visible(m, name, li))
		return;
	n = goelf_image_tab_add(m, name);
	if (!n)
		return;
	n->layer = li;
	n->mode = (unsigned)archive_entry_perm(e);
	if (archive_entry_hardlink(e)) {
		char t[GOELF_IMAGE_MAX_PATH];

		n->kind = GOELF_IN_HARD;
		if (goelf_image_norm_name(archive_entry_hardlink(e), t,
					  sizeof(t)))
			n->target = goelf_xstrdup(t);
		return;
	}
	switch (type) {
	case AE_IFDIR: n->kind = GOELF_IN_DIR; return;
	case AE_IFLNK:
		n->kind = GOELF_IN_LNK;
		n->target = goelf_xstrdup(archive_entry_symlink(e)
						  ? archive_entry_symlink(e)
						  : "");
		return;
	case AE_IFREG: n->kind = GOELF_IN_REG; break;
	default:
		n->kind = GOELF_IN_OTHER;
		if (m->ops->special)
			m->ops->special(m->ops->arg);
		return;
	}
	/* A regular file: look at the magic, read ELF files whole. */
	{
		uint8_t head[4], *data;
		size_t have = 0, len = 0;
		uint64_t size = archive_entry_size_is_set(e)
					? (uint64_t)archive_entry_size(e)
					: 0;
		struct goelf_buf err;

		while (have < 4) {
			la_ssize_t r =
				archive_read_data(a, head + have, 4 - have);

			if (r <= 0)
				break;
			have += (size_t)r;
		}
		if (have < 4 || head[0] != 0x7f || head[1] != 'E' ||
		    head[2] != 'L' || head[3] != 'F') {
			if (m->ops->seen)
				m->ops->seen(m->ops->arg);
			return;
		}
		n->elf = true;
		L->elf++;
		snprintf(path, sizeof(path), "/%s", name);
		goelf_buf_init(&err, 1024);
		data = read_entry(a, head, have, size, &len, &err);
		if (m->ops->elf)
			m->ops->elf(m->ops->arg, path, data, data ? len : 0,
				    data ? NULL : err.buf);
		else
			free(data);
		goelf_buf_release(&err);
	}
}

void
goelf_image_layer_read(struct goelf_image_reader *m, unsigned li,
		       uint64_t *done_base)
{
	struct goelf_image_layer *L = &m->im.layers[li];
	struct goelf_image_member *mb = goelf_xcalloc(1, sizeof(*mb));
	struct archive *a = NULL;
	struct archive_entry *e;
	struct goelf_buf err;

	goelf_buf_init(&err, 1024);
	if (!goelf_image_member_open(m, L->name, mb, &err)) {
		goelf_image_error(m, "layer %u: missing or unreadable blob: %s",
				  li + 1, err.buf);
		L->error = goelf_xstrdup(err.buf);
		goto out;
	}
	if (!L->size) {
		L->size = mb->size;
		m->im.bytes_total += mb->size;
	}
	a = goelf_image_archive_new();
	if (archive_read_open(a, mb, NULL, goelf_image_member_read, NULL) !=
	    ARCHIVE_OK) {
		goelf_image_error(m, "layer %u (%s): %s", li + 1, L->name,
				  archive_error_string(a));
		L->error = goelf_xstrdup(archive_error_string(a)
						 ? archive_error_string(a)
						 : "cannot open");
		goto out;
	}
	for (;;) {
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
		do_entry(m, a, e, li, L);
		if (m->table_full)
			break;
		if (m->ops->progress)
			m->ops->progress(
				m->ops->arg,
				*done_base +
					(uint64_t)archive_filter_bytes(a, -1),
				m->im.bytes_total);
	}
out:
	*done_base += L->size;
	if (a)
		archive_read_free(a);
	goelf_image_member_close(mb);
	free(mb);
	goelf_buf_release(&err);
}
