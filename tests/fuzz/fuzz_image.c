/*
 * fuzz_image.c - libFuzzer target for the image reader of `goelf scan`:
 * the input is an image archive (a `docker save` tarball or an OCI
 * layout tar, possibly compressed) and goes through goelf_scan_image()
 * as `goelf scan --gate -j 1 -q IMAGE.tar` runs it: manifest/index and
 * config JSON, every layer with its whiteouts, in-image links, the ELF
 * entries on one worker thread (inspect pipeline, verdict, JSON), the
 * image findings and record, and the text summary.
 *
 * goelf_scan_image() takes a path, so each input is written to one file
 * in a per-process directory (mkdtemp under /tmp, removed at exit).
 * JSON lines and the summary go to /dev/null through the scan sink; the
 * error lines ("goelf: PATH: reason") too, unless FUZZ_IMAGE_STDERR is
 * set.
 * Sanitizer and libFuzzer reports still reach fd 2.
 *
 * Then the same file is read again by goelf_image_read() alone with an
 * fs callback, and every image's root filesystem view (lib/image
 * rootfs*.c) is walked: stat (following and not), read and list of a
 * few fixed paths, and a second pass over what the root lists.
 *
 * Build and run: make fuzz-image FUZZ_SECONDS=N.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scan/scan.h"

static FILE *sink;
static char dir[64], file[96];
static bool quiet_stderr;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
cleanup(void)
{
	if (file[0])
		unlink(file);
	if (dir[0])
		rmdir(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(dir, sizeof(dir), "/tmp/goelf-fuzz-image.XXXXXX");
	if (!mkdtemp(dir)) {
		perror("fuzz_image: mkdtemp");
		abort();
	}
	snprintf(file, sizeof(file), "%s/image.tar", dir);
	atexit(cleanup);
	sink = fopen("/dev/null", "w");
	if (!sink)
		abort();
	quiet_stderr = !getenv("FUZZ_IMAGE_STDERR");
	return 0;
}

static void
write_input(const uint8_t *data, size_t size)
{
	int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	size_t off = 0;

	if (fd < 0) {
		perror("fuzz_image: open");
		abort();
	}
	while (off < size) {
		ssize_t n = write(fd, data + off, size - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			perror("fuzz_image: write");
			abort();
		}
		off += (size_t)n;
	}
	close(fd);
}

/* cmd_scan's sink, to /dev/null (errors to stderr on request). */
static void
out_result(void *arg, const char *path, const char *json, const char *err)
{
	(void)arg;
	if (json)
		fputs(json, sink);
	if (err) {
		FILE *f = quiet_stderr ? sink : stderr;

		fputs("goelf: ", f);
		goelf_text_escape(f, path ? path : "");
		fputs(": ", f);
		goelf_text_escape(f, err);
		fputc('\n', f);
	}
}

/* Exercises one image view (the reader's fs callback). */
static void
on_fs(void *arg, struct goelf_rootfs *fs)
{
	static const char *const paths[] = {
		"/",
		"/etc/passwd",
		"/etc/group",
		"/etc/ld.so.cache",
		"/etc/os-release",
		"/usr/lib/os-release",
		"/tmp",
		"/bin/sh",
		"/lib/../../etc/passwd",
		"/a/b/c/../../d",
		"/proc/self/root",
	};
	struct goelf_strlist l = { 0 };
	char out[GOELF_IMAGE_MAX_PATH + 1];

	(void)arg;
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct goelf_rootfs_stat st;
		uint8_t *d = NULL;
		size_t n = 0;

		goelf_rootfs_stat(fs, paths[i], true, &st, out, sizeof(out));
		goelf_rootfs_stat(fs, paths[i], false, &st, out, sizeof(out));
		if (goelf_rootfs_read(fs, paths[i], 0, &d, &n) == 0) {
			if (d[n] != '\0')
				abort();
			free(d);
		}
		if (goelf_rootfs_open(fs, paths[i]) >= 0)
			abort(); /* an image view opens nothing */
	}
	if (goelf_rootfs_list(fs, "/", &l) >= 0)
		for (size_t i = 0; i < l.n && i < 64; i++) {
			struct goelf_strlist sub = { 0 };
			struct goelf_rootfs_stat st;
			char p[300];

			snprintf(p, sizeof(p), "/%s", l.v[i]);
			goelf_rootfs_stat(fs, p, true, &st, out, sizeof(out));
			goelf_rootfs_list(fs, p, &sub);
			goelf_strlist_release(&sub);
		}
	goelf_strlist_release(&l);
	goelf_rootfs_free(fs);
}

static void
read_views(void)
{
	struct goelf_image_ops ops = { 0 };
	int fd = open(file, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		abort();
	ops.fs = on_fs;
	goelf_image_read(fd, false, file, &ops);
	close(fd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct goelf_scan_ctx ctx;
	struct goelf_policy pol;

	write_input(data, size);
	memset(&ctx, 0, sizeof(ctx));
	goelf_policy_init(&pol);
	/* cmd_scan's settings for -j 1, jsonl (stdout not a TTY), no
	 * progress line, --gate. */
	ctx.jobs = 1;
	ctx.jsonl = true;
	ctx.progress = false;
	ctx.gate = true;
	ctx.pol = &pol;
	ctx.sink.result = out_result;
	ctx.window = 64 + 32; /* pick_window(1) */
	goelf_pool_start(&ctx);
	if (goelf_scan_is_image(file)) {
		goelf_scan_image(&ctx, file);
		read_views();
	}
	goelf_pool_stop(&ctx);
	goelf_summary_print(&ctx.sum, ctx.gate, true, sink);
	fflush(sink);
	goelf_scan_ctx_release(&ctx);
	goelf_policy_release(&pol);
	return 0;
}
