/*
 * scan_image.c - container images for `goelf scan`, read with libarchive
 * as streams and never extracted to disk.
 *
 * Formats: `docker save` (manifest.json: Config, RepoTags, Layers) and
 * OCI image layouts (oci-layout, index.json, blobs/<alg>/<hex>), each as
 * a directory or as a tar (itself possibly compressed).  Layers may be
 * plain, gzip or zstd tars (libarchive detects the filter).
 *
 * Layers are applied top-down in one pass: the topmost layer is read
 * first, and a path is "final" when no upper layer already has it, has
 * a whiteout for it (.wh.NAME), has a non-directory at one of its parent
 * paths, or marks a parent as opaque (.wh..wh..opq).  So every entry is
 * decided when it is read, each ELF entry is analysed once, and files
 * deleted or replaced later are never reported.  The cost is a table of
 * the image's paths (one small node per tar member, capped at
 * GOELF_SCAN_MAX_IMAGE_ENTRIES); ELF entries are read into a memory
 * buffer capped at GOELF_SCAN_MAX_ENTRY, and the queued buffers at
 * GOELF_SCAN_MAX_INFLIGHT.  Two tar members for the same path in one
 * layer: the first one read wins (tar says the last); real layers never
 * have that.
 *
 * Member names are hostile: a name that is absolute or has a ".."
 * component is a per-entry error and is skipped; blob names are built
 * only from digests checked to be <alg>:<hex>.  Symlinks inside the image
 * are resolved in the table (at most 40 hops, ".." stops at the image
 * root), never on the host.
 */
#include "scan/scan.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <jansson.h>
#include <linux/openat2.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAX_IMAGES    16u /* images in one tarball or layout */
#define MAX_LINK_HOPS 40  /* as Linux MAXSYMLINKS */

enum node_kind {
	N_DIR = 1,
	N_REG,
	N_LNK,
	N_HARD,
	N_OTHER,
	N_WHITEOUT
};

struct node {
	char *path;   /* normalised, no leading '/'; owned */
	char *target; /* N_LNK link text, N_HARD normalised target */
	unsigned layer;
	unsigned char kind;
	bool opaque, elf;
	unsigned opaque_at; /* layers below this one are hidden (opaque) */
	unsigned mode;
};

struct layer {
	char *name;   /* member name / blob path */
	char *digest; /* for the record; may be NULL */
	uint64_t size;
	size_t entries, elf;
	char *error;
};

struct img {
	struct goelf_scan_ctx *c;
	const char *arg;
	bool is_dir;
	int fd; /* layout directory or tarball */
	const char *format;
	char *reference, *config_name;
	struct layer *layers;
	size_t nlayers;
	json_t *config;
	struct goelf_findings findings;
	size_t nerr;
	/* the platform this image's files are judged for: the config's
	 * architecture unless the policy names one; NULL: the policy's */
	char *judge_arch; /* owned */
	/* path table: open addressing, power-of-two size */
	struct node *tab;
	size_t tabsize, tabn;
	bool table_full;
};

/* --- small helpers ------------------------------------------------------ */

static void img_error(struct img *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* An image-level problem: an image.malformed finding (fail), an error
 * for the sink, and "could not analyse" for the exit code. */
static void
img_error(struct img *m, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	for (char *p = msg; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	if (m->findings.n < 1000)
		goelf_findings_add(&m->findings, "image.malformed",
				   GOELF_SEV_FAIL, "%s", msg);
	pthread_mutex_lock(&m->c->lock);
	m->c->sum.errors++;
	{
		/* Now, not through the pool: the collected file results
		 * of an image come out after it. */
		struct goelf_scan_result r = { 0 };

		r.path = (char *)m->arg;
		r.err = msg;
		goelf_scan_emit(m->c, &r);
	}
	pthread_mutex_unlock(&m->c->lock);
	m->nerr++;
}

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

static struct node *
tab_find(struct img *m, const char *path)
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

static struct node *
tab_add(struct img *m, const char *path)
{
	size_t i;

	if (m->tabn >= GOELF_SCAN_MAX_IMAGE_ENTRIES) {
		if (!m->table_full)
			img_error(m, "more than %u entries, the rest not read",
				  GOELF_SCAN_MAX_IMAGE_ENTRIES);
		m->table_full = true;
		return NULL;
	}
	if ((m->tabn + 1) * 2 > m->tabsize) {
		size_t nsize = m->tabsize ? m->tabsize * 2 : 1024;
		struct node *old = m->tab, *nt;
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
static bool
norm_name(const char *in, char *out, size_t outsz)
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

/* "sha256:<hex>" -> "blobs/sha256/<hex>"; false for anything else. */
static bool
blob_name(const char *digest, char *out, size_t outsz)
{
	const char *colon = digest ? strchr(digest, ':') : NULL;
	size_t alen, hlen;

	if (!colon)
		return false;
	alen = (size_t)(colon - digest);
	hlen = strlen(colon + 1);
	if (alen < 1 || alen > 32 || hlen < 32 || hlen > 128)
		return false;
	for (size_t i = 0; i < alen; i++)
		if (!((digest[i] >= 'a' && digest[i] <= 'z') ||
		      (digest[i] >= '0' && digest[i] <= '9')))
			return false;
	for (size_t i = 0; i < hlen; i++) {
		char ch = colon[1 + i];

		if (!((ch >= 'a' && ch <= 'f') || (ch >= '0' && ch <= '9')))
			return false;
	}
	snprintf(out, outsz, "blobs/%.*s/%s", (int)alen, digest, colon + 1);
	return true;
}

/* --- member access -------------------------------------------------------- */

struct member {
	struct archive *outer; /* tar: positioned at the member's data */
	int fd;		       /* directory layout: the open blob */
	uint64_t size;
	char buf[65536];
};

static struct archive *
new_reader(void)
{
	struct archive *a = archive_read_new();

	archive_read_support_filter_all(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_empty(a);
	return a;
}

static int
open_beneath(int dirfd, const char *name)
{
	struct open_how how = { 0 };
	int fd;

	how.flags = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
	fd = (int)syscall(SYS_openat2, dirfd, name, &how, sizeof(how));
	if (fd < 0 && errno == ENOSYS)
		fd = openat(dirfd, name,
			    O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC |
				    O_NOFOLLOW);
	return fd;
}

/* Opens member name (already normalised); false with a reason in err. */
static bool
member_open(struct img *m, const char *name, struct member *mb,
	    struct goelf_buf *err)
{
	struct archive_entry *e;
	struct stat st;
	char nbuf[GOELF_SCAN_MAX_PATH];

	mb->outer = NULL;
	mb->fd = -1;
	if (m->is_dir) {
		mb->fd = open_beneath(m->fd, name);
		if (mb->fd < 0) {
			goelf_buf_addf(err, "%s: %s", name, strerror(errno));
			return false;
		}
		if (fstat(mb->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
			goelf_buf_addf(err, "%s: not a regular file", name);
			close(mb->fd);
			mb->fd = -1;
			return false;
		}
		mb->size = (uint64_t)st.st_size;
		return true;
	}
	if (lseek(m->fd, 0, SEEK_SET) != 0) {
		goelf_buf_addf(err, "%s", strerror(errno));
		return false;
	}
	mb->outer = new_reader();
	if (archive_read_open_fd(mb->outer, m->fd, 65536) != ARCHIVE_OK)
		goto bad;
	for (;;) {
		int r = archive_read_next_header(mb->outer, &e);

		if (r == ARCHIVE_EOF) {
			goelf_buf_addf(err, "%s: no such member", name);
			break;
		}
		if (r < ARCHIVE_WARN)
			goto bad;
		if (norm_name(archive_entry_pathname(e), nbuf, sizeof(nbuf)) &&
		    !strcmp(nbuf, name) &&
		    archive_entry_filetype(e) == AE_IFREG) {
			mb->size = archive_entry_size_is_set(e)
					   ? (uint64_t)archive_entry_size(e)
					   : 0;
			return true;
		}
	}
	archive_read_free(mb->outer);
	mb->outer = NULL;
	return false;
bad:
	goelf_buf_addf(err, "%s: %s", name,
		       archive_error_string(mb->outer)
			       ? archive_error_string(mb->outer)
			       : "cannot read the archive");
	archive_read_free(mb->outer);
	mb->outer = NULL;
	return false;
}

static void
member_close(struct member *mb)
{
	if (mb->outer)
		archive_read_free(mb->outer);
	if (mb->fd >= 0)
		close(mb->fd);
	mb->outer = NULL;
	mb->fd = -1;
}

static la_ssize_t
member_read_cb(struct archive *a, void *cd, const void **buf)
{
	struct member *mb = cd;
	la_ssize_t n;

	(void)a;
	*buf = mb->buf;
	if (mb->outer) {
		n = archive_read_data(mb->outer, mb->buf, sizeof(mb->buf));
		if (n < 0 && a)
			archive_set_error(
				a, EIO, "%s",
				archive_error_string(mb->outer)
					? archive_error_string(mb->outer)
					: "read error");
		return n;
	}
	do
		n = read(mb->fd, mb->buf, sizeof(mb->buf));
	while (n < 0 && errno == EINTR);
	if (n < 0 && a)
		archive_set_error(a, errno, "%s", strerror(errno));
	return n;
}

/* Reads a whole small member (JSON) into a NUL-terminated heap buffer. */
static char *
read_small(struct img *m, const char *name, struct goelf_buf *err)
{
	struct member *mb = goelf_xcalloc(1, sizeof(*mb));
	struct goelf_buf b;
	char *out = NULL;

	goelf_buf_init(&b, GOELF_SCAN_MAX_JSON);
	if (!member_open(m, name, mb, err))
		goto done;
	for (;;) {
		const void *p;
		la_ssize_t n = member_read_cb(NULL, mb, &p);

		if (n == 0)
			break;
		if (n < 0) {
			goelf_buf_addf(err, "%s: read error", name);
			goto done;
		}
		if (goelf_buf_add(&b, p, (size_t)n)) {
			goelf_buf_addf(err, "%s: larger than %u MiB", name,
				       GOELF_SCAN_MAX_JSON >> 20);
			goto done;
		}
	}
	out = goelf_buf_detach(&b);
done:
	member_close(mb);
	free(mb);
	goelf_buf_release(&b);
	return out;
}

static json_t *
read_json(struct img *m, const char *name, struct goelf_buf *err)
{
	char *s = read_small(m, name, err);
	json_error_t je;
	json_t *j;

	if (!s)
		return NULL;
	j = json_loads(s, JSON_REJECT_DUPLICATES, &je);
	if (!j)
		goelf_buf_addf(err, "%s: bad JSON at line %d: %s", name,
			       je.line, je.text);
	free(s);
	return j;
}

static const char *
jstr(json_t *o, const char *key)
{
	json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* --- layers ---------------------------------------------------------------- */

/* Is path (in layer li) visible, i.e. not hidden by an upper layer? */
static bool
visible(struct img *m, const char *path, unsigned li)
{
	char buf[GOELF_SCAN_MAX_PATH];
	struct node *n = tab_find(m, path);
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
		n = tab_find(m, buf);
		if (n && n->layer != li && n->kind != N_DIR)
			return false;
		if (n && n->opaque && li < n->opaque_at)
			return false;
	}
	return true;
}

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

	if (size > GOELF_SCAN_MAX_ENTRY) {
		goelf_buf_addf(err,
			       "ELF entry of %llu bytes is larger than "
			       "the %u MiB limit, not analysed",
			       (unsigned long long)size,
			       GOELF_SCAN_MAX_ENTRY >> 20);
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
count_seen(struct img *m)
{
	pthread_mutex_lock(&m->c->lock);
	m->c->sum.files_seen++;
	pthread_mutex_unlock(&m->c->lock);
}

static void
do_entry(struct img *m, struct archive *a, struct archive_entry *e, unsigned li,
	 struct layer *L)
{
	char name[GOELF_SCAN_MAX_PATH], path[GOELF_SCAN_MAX_PATH + 1];
	const char *raw = archive_entry_pathname(e), *base;
	struct node *n;
	unsigned type = archive_entry_filetype(e);

	L->entries++;
	if (!norm_name(raw, name, sizeof(name))) {
		char shown[256];

		snprintf(shown, sizeof(shown), "%s", raw ? raw : "(none)");
		for (char *p = shown; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = '?';
		img_error(m,
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
		char dir[GOELF_SCAN_MAX_PATH];
		size_t dlen = (size_t)(base - name);

		memcpy(dir, name, dlen);
		dir[dlen ? dlen - 1 : 0] = '\0';
		if (!strcmp(base, ".wh..wh..opq")) {
			n = tab_find(m, dir);
			if (!n && *dir && visible(m, dir, li)) {
				n = tab_add(m, dir);
				if (n) {
					n->kind = N_DIR;
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
		if (base[4] && visible(m, path, li) &&
		    (n = tab_add(m, path)) != NULL) {
			n->kind = N_WHITEOUT;
			n->layer = li;
		}
		return;
	}
	if (!visible(m, name, li))
		return;
	n = tab_add(m, name);
	if (!n)
		return;
	n->layer = li;
	n->mode = (unsigned)archive_entry_perm(e);
	if (archive_entry_hardlink(e)) {
		char t[GOELF_SCAN_MAX_PATH];

		n->kind = N_HARD;
		if (norm_name(archive_entry_hardlink(e), t, sizeof(t)))
			n->target = goelf_xstrdup(t);
		return;
	}
	switch (type) {
	case AE_IFDIR: n->kind = N_DIR; return;
	case AE_IFLNK:
		n->kind = N_LNK;
		n->target = goelf_xstrdup(archive_entry_symlink(e)
						  ? archive_entry_symlink(e)
						  : "");
		return;
	case AE_IFREG: n->kind = N_REG; break;
	default:
		n->kind = N_OTHER;
		pthread_mutex_lock(&m->c->lock);
		m->c->sum.special++;
		pthread_mutex_unlock(&m->c->lock);
		return;
	}
	/* A regular file: look at the magic, read ELF files whole. */
	{
		uint8_t head[4];
		size_t have = 0;
		uint64_t size = archive_entry_size_is_set(e)
					? (uint64_t)archive_entry_size(e)
					: 0;
		struct goelf_scan_job j = { 0 };
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
			count_seen(m);
			return;
		}
		n->elf = true;
		L->elf++;
		snprintf(path, sizeof(path), "/%s", name);
		goelf_buf_init(&err, 1024);
		j.fd = -1;
		j.data = read_entry(a, head, have, size, &j.size, &err);
		j.path = goelf_xstrdup(path);
		j.arch = m->judge_arch ? goelf_xstrdup(m->judge_arch) : NULL;
		if (j.data) {
			j.kind = GOELF_JOB_DATA;
		} else {
			j.kind = GOELF_JOB_ERROR;
			j.err = goelf_buf_detach(&err);
		}
		goelf_buf_release(&err);
		goelf_pool_submit(m->c, &j);
	}
}

static void
do_layer(struct img *m, unsigned li, uint64_t *done_base)
{
	struct layer *L = &m->layers[li];
	struct member *mb = goelf_xcalloc(1, sizeof(*mb));
	struct archive *a = NULL;
	struct archive_entry *e;
	struct goelf_buf err;

	goelf_buf_init(&err, 1024);
	if (!member_open(m, L->name, mb, &err)) {
		img_error(m, "layer %u: missing or unreadable blob: %s", li + 1,
			  err.buf);
		L->error = goelf_xstrdup(err.buf);
		goto out;
	}
	if (!L->size) {
		L->size = mb->size;
		pthread_mutex_lock(&m->c->lock);
		m->c->bytes_total += mb->size;
		pthread_mutex_unlock(&m->c->lock);
	}
	a = new_reader();
	if (archive_read_open(a, mb, NULL, member_read_cb, NULL) !=
	    ARCHIVE_OK) {
		img_error(m, "layer %u (%s): %s", li + 1, L->name,
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

			img_error(m, "layer %u (%s): %s", li + 1, L->name,
				  es ? es : "not a tar archive");
			L->error = goelf_xstrdup(es ? es : "not a tar");
			break;
		}
		do_entry(m, a, e, li, L);
		if (m->table_full)
			break;
		pthread_mutex_lock(&m->c->lock);
		m->c->bytes_done =
			*done_base + (uint64_t)archive_filter_bytes(a, -1);
		pthread_mutex_unlock(&m->c->lock);
	}
out:
	*done_base += L->size;
	if (a)
		archive_read_free(a);
	member_close(mb);
	free(mb);
	goelf_buf_release(&err);
}

/* --- resolution inside the final filesystem -------------------------------- */

/*
 * Resolves path (relative to the image root) through symlinks in the
 * table, as the kernel would with the image as root: absolute targets
 * restart at the image root, ".." stops there.  Returns the final node
 * and its path in out, or NULL (missing, deleted, loop, too long).
 */
static struct node *
resolve(struct img *m, const char *path, char *out, size_t outsz)
{
	char rem[2 * GOELF_SCAN_MAX_PATH], cur[GOELF_SCAN_MAX_PATH];
	struct node *n = NULL;
	int hops = 0;

	if (strlen(path) >= sizeof(rem))
		return NULL;
	snprintf(rem, sizeof(rem), "%s", path);
	cur[0] = '\0';
	while (rem[0]) {
		char comp[GOELF_SCAN_MAX_PATH], cand[GOELF_SCAN_MAX_PATH];
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
		n = tab_find(m, cand);
		if (n && n->kind == N_WHITEOUT)
			return NULL;
		if (n && n->kind == N_LNK) {
			char nrem[2 * GOELF_SCAN_MAX_PATH];

			if (++hops > MAX_LINK_HOPS)
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
		if (n && n->kind != N_DIR && rem[strspn(rem, "/")])
			return NULL;
		memcpy(cur, cand, strlen(cand) + 1);
	}
	if (!n || !cur[0])
		return NULL;
	snprintf(out, outsz, "/%s", cur);
	return n;
}

static void
do_links(struct img *m)
{
	for (size_t i = 0; i < m->tabsize; i++) {
		struct node *n = &m->tab[i], *t;
		char out[GOELF_SCAN_MAX_PATH + 1],
			path[GOELF_SCAN_MAX_PATH + 1];
		struct goelf_scan_job j = { 0 };

		if (!n->path || (n->kind != N_LNK && n->kind != N_HARD))
			continue;
		if (n->kind == N_HARD) {
			t = n->target ? tab_find(m, n->target) : NULL;
			if (t)
				snprintf(out, sizeof(out), "/%s", t->path);
		} else {
			t = resolve(m, n->path, out, sizeof(out));
		}
		snprintf(path, sizeof(path), "/%s", n->path);
		if (!t || t->kind != N_REG || !t->elf) {
			pthread_mutex_lock(&m->c->lock);
			m->c->sum.links_other++;
			pthread_mutex_unlock(&m->c->lock);
			continue;
		}
		j.kind = GOELF_JOB_LINK;
		j.fd = -1;
		j.path = goelf_xstrdup(path);
		j.link_target = goelf_xstrdup(n->target ? n->target : "");
		j.link_resolved = goelf_xstrdup(out);
		j.hardlink = n->kind == N_HARD;
		goelf_pool_submit(m->c, &j);
	}
}

/* --- config and findings --------------------------------------------------- */

static bool
user_is_root(const char *u)
{
	size_t n;

	if (!u || !*u)
		return true;
	n = strcspn(u, ":");
	return (n == 4 && !strncmp(u, "root", 4)) || (n == 1 && u[0] == '0');
}

static void
image_findings(struct img *m, const char **user_out, const char **tmpdir_out,
	       int *tmp_mode)
{
	json_t *cfg = json_object_get(m->config, "config");
	json_t *env = json_is_object(cfg) ? json_object_get(cfg, "Env") : NULL;
	const char *user = jstr(cfg, "User"), *tmpdir = NULL;
	char out[GOELF_SCAN_MAX_PATH + 1];
	struct node *t;
	size_t i;
	json_t *v;

	if (json_is_array(env))
		json_array_foreach (env, i, v) {
			const char *s = json_string_value(v);

			if (s && !strncmp(s, "TMPDIR=", 7) && s[7])
				tmpdir = s + 7;
		}
	*user_out = user;
	*tmpdir_out = tmpdir;
	if (user_is_root(user)) {
		struct goelf_finding *f = goelf_findings_add(
			&m->findings, "image.user_root", GOELF_SEV_WARN,
			"the image runs as %s; clusters with runAsNonRoot "
			"reject it",
			user && *user ? user : "root (no User set)");

		goelf_finding_evidence(f, "user=%s", user ? user : "");
	}
	t = resolve(m, "tmp", out, sizeof(out));
	*tmp_mode = t && t->kind == N_DIR ? (int)(t->mode & 07777) : -1;
	if (*tmp_mode != 01777 && !tmpdir) {
		struct goelf_finding *f;

		if (*tmp_mode < 0)
			f = goelf_findings_add(&m->findings,
					       "image.tmp_not_writable",
					       GOELF_SEV_WARN,
					       "/tmp does not exist and TMPDIR "
					       "is not set");
		else
			f = goelf_findings_add(
				&m->findings, "image.tmp_not_writable",
				GOELF_SEV_WARN,
				"/tmp has mode %04o, not 1777, and TMPDIR is "
				"not set",
				(unsigned)*tmp_mode);
		if (*tmp_mode >= 0)
			goelf_finding_evidence(f, "mode=%04o",
					       (unsigned)*tmp_mode);
	}
}

static bool
img_allowed(const struct goelf_policy *p, const char *id, const char *path)
{
	for (size_t i = 0; p && i < p->nallow; i++) {
		const struct goelf_allow *a = &p->allow[i];

		if (fnmatch(a->id, id, 0))
			continue;
		if (!a->glob || !fnmatch(a->glob, path, 0))
			return true;
	}
	return false;
}

static void
print_record(struct img *m, const char *user, const char *tmpdir, int tmp_mode)
{
	json_t *o = json_object(), *im = json_object(), *ls = json_array();
	json_t *fs = json_array();
	char mode[16];
	char *s;

	json_object_set_new(o, "schema_version", json_integer(1));
	json_object_set_new(o, "path", goelf_json_str(m->arg));
	json_object_set_new(o, "error", json_null());
	json_object_set_new(im, "format", json_string(m->format));
	json_object_set_new(im, "reference", goelf_json_str(m->reference));
	json_object_set_new(im, "architecture",
			    goelf_json_str(jstr(m->config, "architecture")));
	json_object_set_new(im, "os", goelf_json_str(jstr(m->config, "os")));
	json_object_set_new(
		im, "user",
		goelf_json_str(m->config ? (user ? user : "") : NULL));
	json_object_set_new(im, "tmpdir", goelf_json_str(tmpdir));
	snprintf(mode, sizeof(mode), "%04o", (unsigned)tmp_mode);
	json_object_set_new(im, "tmp_mode",
			    tmp_mode >= 0 ? json_string(mode) : json_null());
	for (size_t i = 0; i < m->nlayers; i++) {
		json_t *l = json_object();

		json_object_set_new(l, "name",
				    goelf_json_str(m->layers[i].name));
		json_object_set_new(l, "digest",
				    goelf_json_str(m->layers[i].digest));
		json_object_set_new(
			l, "entries",
			json_integer((json_int_t)m->layers[i].entries));
		json_object_set_new(l, "elf",
				    json_integer((json_int_t)m->layers[i].elf));
		json_object_set_new(l, "error",
				    goelf_json_str(m->layers[i].error));
		json_array_append_new(ls, l);
	}
	json_object_set_new(im, "layers", ls);
	json_object_set_new(o, "image", im);
	for (size_t i = 0; i < m->findings.n; i++) {
		const struct goelf_finding *f = &m->findings.v[i];
		json_t *jf = json_object(), *ev = json_array();

		json_object_set_new(jf, "id", json_string(f->id));
		json_object_set_new(jf, "severity",
				    json_string(goelf_sev_name(f->sev)));
		json_object_set_new(jf, "message", goelf_json_str(f->message));
		for (size_t k = 0; k < f->evidence.n; k++)
			json_array_append_new(ev,
					      goelf_json_str(f->evidence.v[k]));
		json_object_set_new(jf, "evidence", ev);
		json_object_set_new(jf, "allowed", json_boolean(f->allowed));
		json_array_append_new(fs, jf);
	}
	json_object_set_new(o, "findings", fs);
	s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
	if (s) {
		struct goelf_scan_result r = { 0 };
		size_t n = strlen(s);

		r.path = (char *)m->arg;
		r.json = goelf_xmalloc(n + 2);
		memcpy(r.json, s, n);
		r.json[n] = '\n';
		r.json[n + 1] = '\0';
		goelf_scan_emit(m->c, &r);
		free(r.json);
		free(s);
	}
	json_decref(o);
}

/* The image record carries every finding not yet printed. */
static void
flush_record(struct img *m, const char *user, const char *tmpdir, int tmp_mode)
{
	if (m->c->jsonl)
		print_record(m, user, tmpdir, tmp_mode);
	goelf_findings_release(&m->findings);
}

/* --- one image --------------------------------------------------------------- */

static void
img_reset(struct img *m)
{
	for (size_t i = 0; i < m->tabsize; i++) {
		free(m->tab[i].path);
		free(m->tab[i].target);
	}
	free(m->tab);
	m->tab = NULL;
	m->tabsize = m->tabn = 0;
	m->table_full = false;
	for (size_t i = 0; i < m->nlayers; i++) {
		free(m->layers[i].name);
		free(m->layers[i].digest);
		free(m->layers[i].error);
	}
	free(m->layers);
	m->layers = NULL;
	m->nlayers = 0;
	free(m->reference);
	free(m->config_name);
	m->reference = m->config_name = NULL;
	json_decref(m->config);
	m->config = NULL;
}

static void
add_layer(struct img *m, const char *name, const char *digest, uint64_t size)
{
	size_t alloc = m->nlayers;

	goelf_grow((void **)&m->layers, &alloc, m->nlayers + 1,
		   sizeof(*m->layers));
	memset(&m->layers[m->nlayers], 0, sizeof(m->layers[0]));
	m->layers[m->nlayers].name = goelf_xstrdup(name);
	m->layers[m->nlayers].digest = digest ? goelf_xstrdup(digest) : NULL;
	m->layers[m->nlayers].size = size;
	m->nlayers++;
}

/* Scans the image whose config and layers are set in m. */
static void
scan_one(struct img *m)
{
	struct goelf_scan_ctx *c = m->c;
	const struct goelf_policy *pol = c->pol;
	const char *user = NULL, *tmpdir = NULL;
	uint64_t total = 0, done = 0;
	int tmp_mode = -1;
	struct goelf_buf err;

	goelf_buf_init(&err, 1024);
	if (m->config_name) {
		m->config = read_json(m, m->config_name, &err);
		if (!m->config)
			img_error(m, "image config: %s", err.buf);
	}
	/* Check binaries against the image's own platform unless the
	 * policy names one: the arch travels with each job, the shared
	 * policy is never written. */
	{
		const char *a = jstr(m->config, "architecture");

		/* as goelf_policy_set(, "arch", ) reads a platform */
		if (a && !strncmp(a, "linux/", 6))
			a += 6;
		if (a && !pol->arch)
			m->judge_arch = goelf_xstrndup(a, strcspn(a, "/"));
	}
	for (size_t i = 0; i < m->nlayers; i++)
		total += m->layers[i].size;
	goelf_pool_drain(c);
	pthread_mutex_lock(&c->lock);
	c->collect = true;
	c->bytes_total = total;
	c->bytes_done = 0;
	pthread_mutex_unlock(&c->lock);
	for (size_t i = m->nlayers; i-- > 0 && !m->table_full;)
		do_layer(m, (unsigned)i, &done);
	do_links(m);
	goelf_pool_drain(c);
	if (m->config)
		image_findings(m, &user, &tmpdir, &tmp_mode);
	goelf_findings_sort(&m->findings);
	pthread_mutex_lock(&c->lock);
	for (size_t i = 0; i < m->findings.n; i++) {
		struct goelf_finding *f = &m->findings.v[i];

		f->allowed = img_allowed(pol, f->id, m->arg);
		if (!f->allowed && f->sev >= pol->fail_on &&
		    f->sev > GOELF_SEV_INFO && strcmp(f->id, "image.malformed"))
			c->sum.images_failed++;
	}
	goelf_summary_add_image(&c->sum, m->reference ? m->reference : m->arg,
				&m->findings, pol);
	flush_record(m, user, tmpdir, tmp_mode);
	c->collect = false;
	c->bytes_total = c->bytes_done = 0;
	goelf_scan_emit_collected(c);
	pthread_mutex_unlock(&c->lock);
	free(m->judge_arch);
	m->judge_arch = NULL;
	goelf_buf_release(&err);
}

static void
scan_docker(struct img *m, json_t *man)
{
	size_t i, k;
	json_t *im, *l;

	if (!json_is_array(man) || json_array_size(man) == 0) {
		img_error(m, "manifest.json: not a non-empty array");
		return;
	}
	json_array_foreach (man, i, im) {
		json_t *tags = json_object_get(im, "RepoTags");
		json_t *layers = json_object_get(im, "Layers");
		const char *cfg = jstr(im, "Config");
		char name[GOELF_SCAN_MAX_PATH];

		if (i >= MAX_IMAGES)
			break;
		img_reset(m);
		m->format = "docker-save";
		if (json_is_array(tags) &&
		    json_is_string(json_array_get(tags, 0)))
			m->reference = goelf_xstrdup(
				json_string_value(json_array_get(tags, 0)));
		if (cfg && norm_name(cfg, name, sizeof(name)))
			m->config_name = goelf_xstrdup(name);
		else
			img_error(m,
				  "manifest.json: image %zu: bad or no "
				  "Config",
				  i + 1);
		if (!json_is_array(layers))
			img_error(m, "manifest.json: image %zu: no Layers",
				  i + 1);
		json_array_foreach (layers, k, l) {
			const char *s = json_string_value(l);

			if (k >= GOELF_SCAN_MAX_LAYERS) {
				img_error(m, "more than %u layers",
					  GOELF_SCAN_MAX_LAYERS);
				break;
			}
			if (!s || !norm_name(s, name, sizeof(name)) || !*name) {
				img_error(m,
					  "manifest.json: layer %zu: bad "
					  "name",
					  k + 1);
				continue;
			}
			add_layer(m, name, NULL, 0);
		}
		scan_one(m);
	}
}

/* Follows an OCI index (or Docker manifest list) to image manifests. */
static void
scan_oci_manifest(struct img *m, json_t *desc, const char *ref, int depth)
{
	char name[GOELF_SCAN_MAX_PATH];
	const char *digest = jstr(desc, "digest");
	const char *mt = jstr(desc, "mediaType");
	struct goelf_buf err;
	json_t *man, *v;
	size_t i;

	goelf_buf_init(&err, 1024);
	if (!blob_name(digest, name, sizeof(name))) {
		img_error(m, "bad digest in a descriptor");
		goto out;
	}
	man = read_json(m, name, &err);
	if (!man) {
		img_error(m, "manifest %s: missing or unreadable: %s", digest,
			  err.buf);
		goto out;
	}
	if (!mt)
		mt = jstr(man, "mediaType");
	if (json_is_array(json_object_get(man, "manifests")) ||
	    (mt && strstr(mt, "index")) || (mt && strstr(mt, "list"))) {
		/* An index: take the manifests for linux, at most a few. */
		if (depth >= 2) {
			img_error(m, "image index nested too deep");
			json_decref(man);
			goto out;
		}
		json_array_foreach (json_object_get(man, "manifests"), i, v) {
			const char *os =
				jstr(json_object_get(v, "platform"), "os");

			if (i >= MAX_IMAGES)
				break;
			if (os && strcmp(os, "linux"))
				continue;
			scan_oci_manifest(m, v, ref, depth + 1);
		}
		json_decref(man);
		goto out;
	}
	img_reset(m);
	m->format = "oci";
	m->reference = ref ? goelf_xstrdup(ref) : NULL;
	if (blob_name(jstr(json_object_get(man, "config"), "digest"), name,
		      sizeof(name)))
		m->config_name = goelf_xstrdup(name);
	else
		img_error(m, "manifest %s: bad or no config digest", digest);
	json_array_foreach (json_object_get(man, "layers"), i, v) {
		json_t *sz = json_object_get(v, "size");

		if (i >= GOELF_SCAN_MAX_LAYERS) {
			img_error(m, "more than %u layers",
				  GOELF_SCAN_MAX_LAYERS);
			break;
		}
		if (!blob_name(jstr(v, "digest"), name, sizeof(name))) {
			img_error(m, "manifest %s: layer %zu: bad digest",
				  digest, i + 1);
			continue;
		}
		add_layer(m, name, jstr(v, "digest"),
			  json_is_integer(sz) && json_integer_value(sz) > 0
				  ? (uint64_t)json_integer_value(sz)
				  : 0);
	}
	json_decref(man);
	scan_one(m);
out:
	goelf_buf_release(&err);
}

static void
scan_oci(struct img *m, json_t *index)
{
	json_t *v;
	size_t i;

	if (!json_is_array(json_object_get(index, "manifests")) ||
	    !json_array_size(json_object_get(index, "manifests"))) {
		img_error(m, "index.json: no manifests");
		return;
	}
	json_array_foreach (json_object_get(index, "manifests"), i, v) {
		json_t *ann = json_object_get(v, "annotations");
		const char *ref = jstr(ann, "io.containerd.image.name");

		if (i >= MAX_IMAGES)
			break;
		if (!ref)
			ref = jstr(ann, "org.opencontainers.image.ref.name");
		scan_oci_manifest(m, v, ref, 0);
	}
}

bool
goelf_scan_is_image(const char *path)
{
	struct stat st;
	int fd;
	bool yes;

	if (stat(path, &st) != 0)
		return false;
	if (S_ISREG(st.st_mode))
		return true;
	if (!S_ISDIR(st.st_mode))
		return false;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return false;
	yes = faccessat(fd, "manifest.json", F_OK, AT_SYMLINK_NOFOLLOW) == 0 ||
	      (faccessat(fd, "index.json", F_OK, AT_SYMLINK_NOFOLLOW) == 0 &&
	       faccessat(fd, "oci-layout", F_OK, AT_SYMLINK_NOFOLLOW) == 0);
	close(fd);
	return yes;
}

void
goelf_scan_image(struct goelf_scan_ctx *c, const char *path)
{
	struct img m;
	struct stat st;
	struct goelf_buf err;
	json_t *j;
	uint8_t magic[4];

	memset(&m, 0, sizeof(m));
	m.c = c;
	m.arg = path;
	m.fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (m.fd < 0 || fstat(m.fd, &st) != 0) {
		goelf_scan_error(c, path, "%s", strerror(errno));
		if (m.fd >= 0)
			close(m.fd);
		return;
	}
	m.is_dir = S_ISDIR(st.st_mode);
	if (!m.is_dir && pread(m.fd, magic, 4, 0) == 4 && magic[0] == 0x7f &&
	    magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F') {
		/* One ELF file given directly: scan it like a walked file. */
		struct goelf_scan_job jb = { 0 };

		pthread_mutex_lock(&c->lock);
		c->sum.files_seen++;
		pthread_mutex_unlock(&c->lock);
		jb.kind = GOELF_JOB_FD;
		jb.fd = m.fd;
		jb.path = goelf_xstrdup(path);
		goelf_pool_submit(c, &jb);
		return;
	}
	goelf_buf_init(&err, 1024);
	j = read_json(&m, "manifest.json", &err);
	if (j) {
		m.format = "docker-save";
		scan_docker(&m, j);
		json_decref(j);
	} else {
		goelf_buf_reset(&err);
		j = read_json(&m, "index.json", &err);
		if (j) {
			m.format = "oci";
			scan_oci(&m, j);
			json_decref(j);
		} else {
			m.format = "unknown";
			img_error(&m, "not a docker-save or OCI image: no "
				      "readable manifest.json or index.json");
		}
	}
	if (m.findings.n) {
		/* Problems no scanned image carried (a missing manifest,
		 * a bad index): one record of their own. */
		img_reset(&m);
		goelf_pool_drain(c);
		pthread_mutex_lock(&c->lock);
		flush_record(&m, NULL, NULL, -1);
		pthread_mutex_unlock(&c->lock);
	}
	img_reset(&m);
	goelf_buf_release(&err);
	close(m.fd);
}
