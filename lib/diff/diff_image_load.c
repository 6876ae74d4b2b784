/*
 * diff_image_load.c - one side of an image diff (diff_image.c): an image
 * tarball or OCI layout, scanned here like `goelf scan --format jsonl`
 * with the default policy, or a file holding the saved `scan --format
 * jsonl` output of one image (its file and link records, and its image
 * record last).  A saved side is hostile: the file, its lines and its
 * records are capped; its numbers are checked where diff_image.c reads
 * them.
 */
#include "diff/diff.h"
#include "render/json_get.h"
#include "scan/scan.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define IMG_MAX_BYTES	(256u << 20) /* a saved scan, or records kept */
#define IMG_MAX_RECORDS (1u << 18)   /* file records kept per side */
/* File records kept whole (for the entrypoint's binary diff) while the
 * side's JSON so far is under this; later ones keep their size only. */
#define IMG_FULL_BYTES	(32u << 20)

static void
side_release(struct goelf_img_side *s)
{
	json_decref(s->record);
	json_decref(s->files);
	free(s->first_error);
	memset(s, 0, sizeof(*s));
}

/* Takes one JSON line of scan output (a file, link or image record). */
static int
take_line(struct goelf_img_side *s, const char *line, size_t n)
{
	json_t *j = json_loadb(line, n, JSON_REJECT_DUPLICATES, NULL);
	const char *path;

	if (!json_is_object(j)) {
		json_decref(j);
		return -1;
	}
	if (json_is_object(get(j, "image"))) {
		s->nimages++;
		json_decref(s->record);
		s->record = j;
		return 0;
	}
	path = sget(j, "path");
	if (!path || get(j, "link") || !json_is_object(get(j, "elf")) ||
	    json_object_size(s->files) >= IMG_MAX_RECORDS) {
		json_decref(j);
		return 0;
	}
	if (s->bytes > IMG_FULL_BYTES) {
		/* past the cap: the size is all the file rows need */
		json_t *small = json_pack("{s:{s:O?}}", "elf", "size",
					  get(get(j, "elf"), "size"));

		json_decref(j);
		j = small;
		if (!j)
			return 0;
	}
	json_object_set_new(s->files, path, j);
	return 0;
}

static void
on_result(void *arg, const char *path, const char *json, const char *err)
{
	struct goelf_img_side *s = arg;

	(void)path;
	if (err) {
		s->nerrors++;
		if (!s->first_error)
			s->first_error = goelf_xstrdup(err);
	}
	if (!json)
		return;
	for (const char *p = json; *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (s->bytes <= IMG_MAX_BYTES - n) {
			s->bytes += n;
			take_line(s, p, n);
		}
		p += n + (e ? 1 : 0);
	}
}

static void
on_progress(void *arg, const struct goelf_scan_progress *p)
{
	(void)arg;
	(void)p;
}

static void
on_note(void *arg, const char *path, const char *msg)
{
	(void)arg;
	(void)path;
	(void)msg;
}

static int
scan_side(const char *path, struct goelf_img_side *s, struct goelf_buf *err)
{
	struct goelf_scan_options o;
	struct goelf_policy pol;
	struct goelf_scan *sc;
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	memset(&o, 0, sizeof(o));
	goelf_policy_init(&pol);
	o.jobs = n < 1 ? 1 : n > 8 ? 8 : (unsigned)n;
	o.jsonl = true;
	o.policy = &pol;
	o.sink.result = on_result;
	o.sink.progress = on_progress;
	o.sink.note = on_note;
	o.sink.arg = s;
	sc = goelf_scan_new(&o);
	goelf_scan_path(sc, path);
	goelf_scan_finish(sc);
	goelf_scan_free(sc);
	goelf_policy_release(&pol);
	if (!s->record) {
		goelf_buf_addf(err, "%s: no image could be read%s%s", path,
			       s->first_error ? ": " : "",
			       s->first_error ? s->first_error : "");
		return -1;
	}
	return 0;
}

/* A regular file whose lines are JSON objects, one of them an image
 * record: 1 (read into s), 0 (not that: another kind of side), -1. */
static int
saved_side(const char *path, struct goelf_img_side *s, struct goelf_buf *err)
{
	struct stat st;
	char *buf, *p;
	ssize_t got;
	size_t n, badline = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return 0; /* diff_load.c says why */
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size > IMG_MAX_BYTES || st.st_size < 2) {
		close(fd);
		return 0;
	}
	n = (size_t)st.st_size;
	buf = goelf_xmalloc(n + 1);
	got = pread(fd, buf, n, 0);
	close(fd);
	if (got < 0 || (size_t)got != n || buf[0] != '{') {
		free(buf);
		return 0;
	}
	buf[n] = '\0';
	/* Only a file with an image record is an image side. */
	if (!strstr(buf, "\"image\":{") && !strstr(buf, "\"image\": {")) {
		free(buf);
		return 0;
	}
	for (p = buf; p < buf + n;) {
		char *e = memchr(p, '\n', (size_t)(buf + n - p));
		size_t len = e ? (size_t)(e - p) : (size_t)(buf + n - p);

		if (len && take_line(s, p, len) && !badline)
			badline = (size_t)(p - buf) + 1;
		p += len + 1;
	}
	free(buf);
	/* No image record: not a saved image scan (a report, say). */
	if (!s->record)
		return 0;
	if (badline) {
		goelf_buf_addf(err,
			       "%s: a line of the saved scan (at byte %zu) "
			       "is not a JSON object",
			       path, badline);
		return -1;
	}
	return 1;
}

/* --- the side object ------------------------------------------------------ */

/* An OCI layout or docker-save directory (goelf_image_probe), or a
 * regular file that starts as a tar (ustar magic) or as a compressed
 * stream (gzip, zstd, xz, bzip2) that may hold one.  An ELF file or a
 * JSON report is none of these. */
static bool
looks_like_archive(const char *path)
{
	unsigned char h[512];
	struct stat st;
	ssize_t n;
	int fd;

	if (stat(path, &st) != 0)
		return false;
	if (S_ISDIR(st.st_mode))
		return goelf_image_probe(path);
	if (!S_ISREG(st.st_mode))
		return false;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return false;
	n = pread(fd, h, sizeof(h), 0);
	close(fd);
	if (n >= 262 && !memcmp(h + 257, "ustar", 5))
		return true;
	return n >= 6 && ((h[0] == 0x1f && h[1] == 0x8b) ||
			  !memcmp(h, "\x28\xb5\x2f\xfd", 4) ||
			  !memcmp(h,
				  "\xfd"
				  "7zXZ",
				  5) ||
			  !memcmp(h, "BZh", 3));
}

void *
goelf_diff_image_load(const char *path, bool *is_image, struct goelf_buf *err)
{
	struct goelf_diff_image *d;
	int r;

	*is_image = false;
	d = goelf_xcalloc(1, sizeof(*d));
	d->s.files = json_object();
	if (looks_like_archive(path)) {
		*is_image = true;
		if (scan_side(path, &d->s, err))
			goto bad;
	} else {
		r = saved_side(path, &d->s, err);
		if (r == 0) {
			goelf_buf_reset(err);
			side_release(&d->s);
			free(d);
			return NULL;
		}
		*is_image = true;
		if (r < 0)
			goto bad;
		d->saved = true;
	}
	if (d->s.nimages > 1) {
		goelf_buf_addf(err,
			       "%s: holds %zu images; goelf diff compares "
			       "one image with one image",
			       path, d->s.nimages);
		goto bad;
	}
	return d;
bad:
	side_release(&d->s);
	free(d);
	return NULL;
}

void
goelf_diff_image_free(void *p)
{
	struct goelf_diff_image *d = p;

	if (!d)
		return;
	side_release(&d->s);
	free(d);
}
