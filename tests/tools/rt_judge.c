/*
 * tests/tools/rt_judge.c - test driver for lib/runtime without the CLI:
 * judges FILE as if it sat at AT in the directory root ROOT and prints
 * the resolution tree and the problems, one per line:
 *   node DEPTH PARENT HOW NAME => PATH|-  [ERROR]
 *   problem ID SEV MESSAGE
 * Usage: rt_judge ROOT FILE AT [-i ISA_LEVEL] [-w WORKDIR] [-e ARGV0]
 *		  [K=V ...]
 * ROOT may be an image archive (docker-save or OCI tar/layout): its
 * ELF files go into the cache as bytes, as a scan of an image does.
 * Used by tests/cli/run-runtime-ld.sh (truth from ldd and chroot).
 * Bench: rt_judge -b ROOT FILE... loads every FILE (an in-root path
 * under the root ROOT) and judges it there with one shared cache, then
 * prints the seconds spent loading, judging, and the cache counts.
 */
#include "runtime/runtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static struct goelf_rootfs *image_fs;
static struct goelf_rt_libs *image_libs;

static void
op_error(void *arg, const char *msg)
{
	(void)arg;
	fprintf(stderr, "rt_judge: image: %s\n", msg);
}

static void
op_begin(void *arg, const struct goelf_image_facts *im)
{
	(void)arg;
	(void)im;
}

static void
op_elf(void *arg, const char *path, uint8_t *data, size_t size, const char *err)
{
	(void)arg;
	(void)err;
	if (data)
		goelf_rt_libs_add_bytes(image_libs, path, data, size);
	free(data);
}

static void
op_none(void *arg)
{
	(void)arg;
}

static void
op_link(void *arg, const char *path, const char *target, const char *res,
	bool hard)
{
	(void)arg;
	(void)path;
	(void)target;
	(void)res;
	(void)hard;
}

static void
op_fs(void *arg, struct goelf_rootfs *fs)
{
	(void)arg;
	goelf_rootfs_free(image_fs);
	image_fs = fs;
}

static void
op_progress(void *arg, uint64_t done, uint64_t total)
{
	(void)arg;
	(void)done;
	(void)total;
}

static void
op_end(void *arg, struct goelf_image_facts *im, bool scanned)
{
	(void)arg;
	(void)im;
	(void)scanned;
}

/* The view and the filled cache of the image archive at path. */
static struct goelf_rootfs *
open_image(const char *path, struct goelf_rt_libs **libs)
{
	const struct goelf_image_ops ops = {
		.error = op_error,
		.begin = op_begin,
		.elf = op_elf,
		.seen = op_none,
		.special = op_none,
		.link = op_link,
		.fs = op_fs,
		.progress = op_progress,
		.end = op_end,
	};
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	image_libs = goelf_rt_libs_new(NULL);
	goelf_image_read(fd, S_ISDIR(st.st_mode), path, &ops);
	close(fd);
	goelf_rt_libs_set_fs(image_libs, image_fs);
	*libs = image_libs;
	return image_fs;
}

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int
bench(int argc, char **argv)
{
	struct goelf_rt_env env = { .isa_level = 3, .image = "bench" };
	struct goelf_buf err;
	struct goelf_rootfs *fs;
	struct goelf_rt_libs *libs;
	double tload = 0, tjudge = 0, twarm = 0;
	size_t files = 0, judged = 0, problems = 0, cached, parsed;
	char path[8192];

	goelf_buf_init(&err, 256);
	fs = goelf_rootfs_open_dir(argv[2], &err);
	if (!fs)
		return 2;
	libs = goelf_rt_libs_new(fs);
	for (int i = 3; i < argc; i++) {
		struct goelf_report r = { 0 };
		double t0 = now(), t1;

		snprintf(path, sizeof(path), "%s%s", argv[2], argv[i]);
		files++;
		if (goelf_report_file(path, &r) != GOELF_OK) {
			goelf_report_release(&r);
			tload += now() - t0;
			continue;
		}
		t1 = now();
		tload += t1 - t0;
		goelf_runtime_judge(&r, fs, libs, &env, argv[i]);
		tjudge += now() - t1;
		judged++;
		problems += r.runtime.nproblems;
		goelf_report_release(&r);
	}
	/* again with the cache warm: the cost per binary alone */
	for (int i = 3; i < argc; i++) {
		struct goelf_report r = { 0 };
		double t1;

		snprintf(path, sizeof(path), "%s%s", argv[2], argv[i]);
		if (goelf_report_file(path, &r) == GOELF_OK) {
			t1 = now();
			goelf_runtime_judge(&r, fs, libs, &env, argv[i]);
			twarm += now() - t1;
		}
		goelf_report_release(&r);
	}
	goelf_rt_libs_stats(libs, &cached, &parsed);
	printf("files %zu judged %zu problems %zu cpu: load %.3fs judge "
	       "%.3fs (warm cache %.3fs) cached %zu parsed %zu\n",
	       files, judged, problems, tload, tjudge, twarm, cached, parsed);
	goelf_rt_libs_free(libs);
	goelf_rootfs_free(fs);
	goelf_buf_release(&err);
	return 0;
}

static const char *
how_name(enum goelf_rt_how h)
{
	static const char *const n[] = {
		"not_found",	   "interp",	   "direct",	    "rpath",
		"ld_library_path", "runpath",	   "ldcache",	    "system",
		"musl_path",	   "musl_default", "musl_reserved", "loaded",
	};

	return (size_t)h < ARRAY_SIZE(n) ? n[h] : "?";
}

int
main(int argc, char **argv)
{
	struct goelf_report r = { 0 };
	struct goelf_rt_env env = { 0 };
	struct goelf_rootfs *fs;
	struct goelf_rt_libs *libs;
	struct goelf_buf err;
	const struct goelf_runtime *rt;
	int i;

	if (argc >= 3 && !strcmp(argv[1], "-b"))
		return bench(argc, argv);
	if (argc < 4) {
		fprintf(stderr, "usage: rt_judge ROOT FILE AT [-i N] [-w DIR] "
				"[K=V ...]\n");
		return 2;
	}
	env.isa_level = 1;
	for (i = 4; i < argc; i++) {
		if (!strcmp(argv[i], "-i") && i + 1 < argc)
			env.isa_level = (unsigned)atoi(argv[++i]);
		else if (!strcmp(argv[i], "-w") && i + 1 < argc)
			env.workdir = goelf_xstrdup(argv[++i]);
		else if (!strcmp(argv[i], "-e") && i + 1 < argc) {
			goelf_strlist_add(&env.entrypoint, argv[++i]);
			env.has_entrypoint = true;
		} else
			goelf_strlist_add(&env.env, argv[i]);
	}
	goelf_buf_init(&err, 256);
	libs = NULL;
	if (goelf_image_probe(argv[1]))
		fs = open_image(argv[1], &libs);
	else
		fs = goelf_rootfs_open_dir(argv[1], &err);
	if (!fs) {
		fprintf(stderr, "rt_judge: %s: %s\n", argv[1],
			err.len ? err.buf : "not a root or image");
		return 2;
	}
	if (goelf_report_file(argv[2], &r) != GOELF_OK) {
		fprintf(stderr, "rt_judge: %s: %s\n", argv[2],
			r.err_message ? r.err_message : "?");
		return 2;
	}
	env.image = argv[1];
	if (!libs)
		libs = goelf_rt_libs_new(fs);
	goelf_runtime_judge(&r, fs, libs, &env, argv[3]);
	rt = &r.runtime;
	printf("libc %s\n", rt->libc ? rt->libc : "-");
	if (rt->entrypoint)
		printf("entrypoint\n");
	for (size_t k = 0; k < rt->nnodes; k++) {
		const struct goelf_rt_node *n = &rt->nodes[k];

		printf("node %u %d %s %s => %s%s%s\n", n->depth, n->parent,
		       how_name(n->how), n->name, n->path ? n->path : "-",
		       n->error ? "  " : "", n->error ? n->error : "");
	}
	for (size_t k = 0; k < rt->nproblems; k++)
		printf("problem %s %s %s\n", rt->problems[k].id,
		       goelf_sev_name(rt->problems[k].sev),
		       rt->problems[k].message);
	if (rt->limit_reached)
		printf("limit_reached\n");
	goelf_rt_libs_free(libs);
	goelf_report_release(&r);
	goelf_rootfs_free(fs);
	goelf_strlist_release(&env.env);
	goelf_strlist_release(&env.entrypoint);
	free(env.workdir);
	goelf_buf_release(&err);
	return 0;
}
