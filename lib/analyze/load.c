/*
 * analyze/load.c - open a file, descriptor or buffer and run the loader
 * layers over it: elf/ (headers, dynamic, notes, symbols), go/ (build
 * info, pclntab, version evidence), dwarf/ (the summary, when asked).
 */
#include "analyze/analyze.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The SHA-256 of the whole file, in 1 MiB reads of the size fstat gave
 * (a file that shrinks meanwhile gives no hash, not a wrong one). */
static void
hash_file(struct goelf_ld *ld)
{
	enum {
		CHUNK = 1u << 20
	};
	struct goelf_sha256 h;
	uint8_t *chunk;
	uint64_t off = 0, size = ld->src.size;

	if (ld->src.mem) {
		goelf_sha256(ld->src.mem, (size_t)size, ld->facts->sha256);
		ld->facts->has_sha256 = true;
		return;
	}
	chunk = goelf_xmalloc(CHUNK);
	goelf_sha256_init(&h);
	while (off < size) {
		size_t n = size - off < CHUNK ? (size_t)(size - off) : CHUNK;

		if (!goelf_src_pread(&ld->src, off, chunk, n))
			break;
		goelf_sha256_update(&h, chunk, n);
		off += n;
	}
	free(chunk);
	if (off == size) {
		goelf_sha256_final(&h, ld->facts->sha256);
		ld->facts->has_sha256 = true;
	}
}

/* Files from this size on are read without read-ahead. */
#define RANDOM_ACCESS_SIZE (2 << 20)

/* The loader layers in order: the ELF structure, then Go's, then DWARF
 * (which needs only the section table); only the first with elf_only;
 * the file's hash when asked. */
static enum goelf_err
load_common(struct goelf_ld *ld, struct goelf_buf *err)
{
	enum goelf_err e;

	/* The pclntab name scan looks for an_go.c's names. */
	if (!ld->opts.fn_patterns)
		ld->opts.fn_patterns =
			goelf_an_go_patterns(&ld->opts.nfn_patterns);
	e = goelf_elf_load(ld, err);

	if (e != GOELF_OK || ld->opts.elf_only)
		return e;
	goelf_go_load(ld);
	goelf_load_dwarf(ld);
	if (ld->opts.sha256)
		hash_file(ld);
	return GOELF_OK;
}

enum goelf_err
goelf_load_file(const char *path, struct goelf_facts *f, struct goelf_buf *err)
{
	return goelf_load_file_opts(path, NULL, f, err);
}

enum goelf_err
goelf_load_buffer(const void *data, size_t size, const char *name,
		  struct goelf_facts *f, struct goelf_buf *err)
{
	return goelf_load_buffer_opts(data, size, name, NULL, f, err);
}

/* fstat, refuse what is not a regular file, then load lazily with pread. */
static enum goelf_err
load_fd(int fd, struct goelf_ld *ld, struct goelf_facts *f,
	struct goelf_buf *err)
{
	struct stat st;

	if (fstat(fd, &st) != 0) {
		goelf_buf_adds(err, strerror(errno));
		return GOELF_E_IO;
	}
	if (!S_ISREG(st.st_mode)) {
		goelf_buf_adds(err, S_ISDIR(st.st_mode)	   ? "is a directory"
				    : S_ISFIFO(st.st_mode) ? "is a FIFO"
				    : S_ISSOCK(st.st_mode) ? "is a socket"
				    : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)
					    ? "is a device"
					    : "not a regular file");
		return GOELF_E_NOT_REGULAR;
	}
	/* The loaders read the parts they need (headers, the build info,
	 * the pclntab's name table): on a large file the kernel's
	 * sequential read-ahead would bring in megabytes more. */
	if (st.st_size >= RANDOM_ACCESS_SIZE)
		(void)posix_fadvise(fd, 0, 0, POSIX_FADV_RANDOM);
	ld->src.fd = fd;
	ld->src.size = (uint64_t)st.st_size;
	ld->facts = f;
	f->file_size = ld->src.size;
	return load_common(ld, err);
}

enum goelf_err
goelf_load_fd_opts(int fd, const char *name, const struct goelf_opts *opts,
		   struct goelf_facts *f, struct goelf_buf *err)
{
	struct goelf_ld ld = { 0 };

	if (opts)
		ld.opts = f->opts = *opts;
	f->path = goelf_xstrdup(name ? name : "<fd>");
	return load_fd(fd, &ld, f, err);
}

enum goelf_err
goelf_load_file_opts(const char *path, const struct goelf_opts *opts,
		     struct goelf_facts *f, struct goelf_buf *err)
{
	struct goelf_ld ld = { 0 };
	enum goelf_err e;
	int fd;

	if (opts)
		ld.opts = f->opts = *opts;
	f->path = goelf_xstrdup(path);
	/* O_NONBLOCK: opening a FIFO must not wait for a writer; the type
	 * check then rejects it without reading. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		goelf_buf_adds(err, strerror(errno));
		return GOELF_E_IO;
	}
	e = load_fd(fd, &ld, f, err);
	close(fd);
	return e;
}

enum goelf_err
goelf_load_buffer_opts(const void *data, size_t size, const char *name,
		       const struct goelf_opts *opts, struct goelf_facts *f,
		       struct goelf_buf *err)
{
	struct goelf_ld ld = { 0 };

	if (opts)
		ld.opts = f->opts = *opts;

	f->path = goelf_xstrdup(name ? name : "<buffer>");
	ld.src.fd = -1;
	ld.src.mem = data;
	ld.src.size = size;
	ld.facts = f;
	f->file_size = size;
	if (!data && size) {
		goelf_buf_adds(err, "no data");
		return GOELF_E_IO;
	}
	if (!data) {
		goelf_buf_adds(err, "empty file");
		return GOELF_E_NOT_ELF;
	}
	return load_common(&ld, err);
}
