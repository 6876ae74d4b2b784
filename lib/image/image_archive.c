/*
 * image_archive.c - members of an image archive, read with libarchive as
 * streams and never extracted: a member of a tarball (itself possibly
 * compressed; each open re-reads the outer archive from the start) or a
 * blob file of a layout directory (opened beneath it, never through a
 * link that leads out); small JSON members read whole, capped at
 * GOELF_IMAGE_MAX_JSON.
 */
#include "image/image.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The decompression filters, each only where libarchive has it in
 * process.  archive_read_support_filter_all() also registers filters
 * that run an external program on the data (lrzip, grzip, lzop without
 * liblzo2, and any whose library is missing: "Using external ... program"
 * with ARCHIVE_WARN), which would fork a decompressor on hostile input
 * from a threaded scanner.  Which filters are in process is found once,
 * on a throwaway archive: ARCHIVE_OK means built in.
 */
static int (*const filters[])(struct archive *) = {
	archive_read_support_filter_gzip,  archive_read_support_filter_zstd,
	archive_read_support_filter_bzip2, archive_read_support_filter_xz,
	archive_read_support_filter_lzma,  archive_read_support_filter_lzip,
	archive_read_support_filter_lz4,   archive_read_support_filter_compress,
};
#define NFILTERS (sizeof(filters) / sizeof(filters[0]))

static unsigned in_process_mask;
static pthread_once_t filters_once = PTHREAD_ONCE_INIT;

static void
probe_filters(void)
{
	unsigned mask = 0;

	for (size_t i = 0; i < NFILTERS; i++) {
		struct archive *a = archive_read_new();

		if (a && filters[i](a) == ARCHIVE_OK)
			mask |= 1u << i;
		archive_read_free(a);
	}
	in_process_mask = mask;
}

struct archive *
goelf_image_archive_new(void)
{
	struct archive *a = archive_read_new();

	pthread_once(&filters_once, probe_filters);
	for (size_t i = 0; i < NFILTERS; i++)
		if (in_process_mask & (1u << i))
			filters[i](a);
	archive_read_support_format_tar(a);
	archive_read_support_format_empty(a);
	return a;
}

/* A blob is checked to be a regular file before it is opened for
 * reading (util/fs.c): a blob swapped for a FIFO or a device node is
 * never opened. */
static int
open_beneath(int dirfd, const char *name, struct stat *st)
{
	return goelf_fs_open_regular(dirfd, name, GOELF_FS_BENEATH, st);
}

/* Opens member name (already normalised); false with a reason in err. */
bool
goelf_image_member_open(struct goelf_image_reader *m, const char *name,
			struct goelf_image_member *mb, struct goelf_buf *err)
{
	struct archive_entry *e;
	struct stat st;
	char nbuf[GOELF_IMAGE_MAX_PATH];

	mb->outer = NULL;
	mb->fd = -1;
	if (m->is_dir) {
		mb->fd = open_beneath(m->fd, name, &st);
		if (mb->fd == GOELF_FS_NOT_REGULAR) {
			goelf_buf_addf(err, "%s: not a regular file", name);
			mb->fd = -1;
			return false;
		}
		if (mb->fd < 0) {
			goelf_buf_addf(err, "%s: %s", name, strerror(errno));
			return false;
		}
		mb->size = (uint64_t)st.st_size;
		return true;
	}
	if (lseek(m->fd, 0, SEEK_SET) != 0) {
		goelf_buf_addf(err, "%s", strerror(errno));
		return false;
	}
	if (!*name) {
		/* The layer of a flat root filesystem tarball: the
		 * archive itself. */
		mb->fd = dup(m->fd);
		if (mb->fd < 0 || fstat(mb->fd, &st) != 0) {
			goelf_buf_addf(err, "%s", strerror(errno));
			return false;
		}
		mb->size = (uint64_t)st.st_size;
		return true;
	}
	mb->outer = goelf_image_archive_new();
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
		if (goelf_image_norm_name(archive_entry_pathname(e), nbuf,
					  sizeof(nbuf)) == 0 &&
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

/* A tarball (any compression libarchive reads) whose first member
 * header reads: a flat root filesystem when it is no image. */
bool
goelf_image_is_tar(struct goelf_image_reader *m)
{
	struct archive *a;
	struct archive_entry *e;
	bool yes;

	if (lseek(m->fd, 0, SEEK_SET) != 0)
		return false;
	a = goelf_image_archive_new();
	yes = archive_read_open_fd(a, m->fd, 65536) == ARCHIVE_OK &&
	      archive_read_next_header(a, &e) == ARCHIVE_OK &&
	      archive_format(a) != ARCHIVE_FORMAT_RAW &&
	      archive_format(a) != ARCHIVE_FORMAT_EMPTY;
	archive_read_free(a);
	return yes;
}

void
goelf_image_member_close(struct goelf_image_member *mb)
{
	if (mb->outer)
		archive_read_free(mb->outer);
	if (mb->fd >= 0)
		close(mb->fd);
	mb->outer = NULL;
	mb->fd = -1;
}

ssize_t
goelf_image_member_read(struct archive *a, void *cd, const void **buf)
{
	struct goelf_image_member *mb = cd;
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
read_small(struct goelf_image_reader *m, const char *name,
	   struct goelf_buf *err)
{
	struct goelf_image_member *mb = goelf_xcalloc(1, sizeof(*mb));
	struct goelf_buf b;
	char *out = NULL;

	goelf_buf_init(&b, GOELF_IMAGE_MAX_JSON);
	if (!goelf_image_member_open(m, name, mb, err))
		goto done;
	for (;;) {
		const void *p;
		ssize_t n = goelf_image_member_read(NULL, mb, &p);

		if (n == 0)
			break;
		if (n < 0) {
			goelf_buf_addf(err, "%s: read error", name);
			goto done;
		}
		if (goelf_buf_add(&b, p, (size_t)n)) {
			goelf_buf_addf(err, "%s: larger than %u MiB", name,
				       GOELF_IMAGE_MAX_JSON >> 20);
			goto done;
		}
	}
	out = goelf_buf_detach(&b);
done:
	goelf_image_member_close(mb);
	free(mb);
	goelf_buf_release(&b);
	return out;
}

void *
goelf_image_read_json(struct goelf_image_reader *m, const char *name,
		      struct goelf_buf *err)
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

const char *
goelf_image_jstr(const void *o, const char *key)
{
	json_t *v = json_is_object((const json_t *)o)
			    ? json_object_get((const json_t *)o, key)
			    : NULL;

	return json_is_string(v) ? json_string_value(v) : NULL;
}
