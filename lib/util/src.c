/*
 * src.c - lazy, checked reads of file bytes.  Files are read with pread
 * against the size fstat() gave at open time, so a file that shrinks
 * mid-read is a short read (an error), never SIGBUS as with mmap
 * (reference/hostile-input.md A.3).
 */
#include "util/util.h"

#include <sys/mman.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool
goelf_src_pread(const struct goelf_src *s, uint64_t off, void *dst, size_t n)
{
	size_t done = 0;

	if (!goelf_in_range(off, n, s->size))
		return false;
	if (s->mem) {
		memcpy(dst, s->mem + off, n);
		return true;
	}
	while (done < n) {
		ssize_t r = pread(s->fd, (char *)dst + done, n - done,
				  (off_t)(off + done));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		done += (size_t)r;
	}
	return true;
}

/* A buffer for a large read (a name table, a symbol table): in huge
 * pages where the kernel gives them on request (transparent_hugepage
 * "madvise"), so a multi-MiB read faults a few 2 MiB pages instead of
 * thousands of 4 KiB ones.  Freed with free() like any other. */
#define BIG_READ (2u << 20)
static uint8_t *
big_alloc(size_t n)
{
	void *p = NULL;

	if (n < BIG_READ)
		return goelf_xmalloc(n);
	if (posix_memalign(&p, BIG_READ, n) != 0 || !p)
		return goelf_xmalloc(n);
	(void)madvise(p, n & ~(size_t)(BIG_READ - 1), MADV_HUGEPAGE);
	return p;
}

uint8_t *
goelf_src_read(const struct goelf_src *s, uint64_t off, uint64_t n,
	       uint64_t max)
{
	uint8_t *p;

	if (n > max || !goelf_in_range(off, n, s->size))
		return NULL;
	p = big_alloc((size_t)n + 1);
	if (!goelf_src_pread(s, off, p, (size_t)n)) {
		free(p);
		return NULL;
	}
	p[n] = '\0';
	return p;
}

#define SCAN_CHUNK (1u << 20)

bool
goelf_src_scan(const struct goelf_src *s, uint64_t off, uint64_t size,
	       size_t overlap, uint64_t *budget, goelf_scan_fn fn, void *ctx)
{
	uint8_t *buf;
	uint64_t pos = 0;
	bool stop = false;

	if (!goelf_in_range(off, size, s->size))
		return false;
	buf = goelf_xmalloc((size < SCAN_CHUNK ? (size_t)size : SCAN_CHUNK) +
			    overlap);
	while (!stop && pos < size && budget[0] > 0) {
		uint64_t n = size - pos, step;

		if (n > SCAN_CHUNK + overlap)
			n = SCAN_CHUNK + overlap;
		if (n > *budget)
			n = *budget;
		if (!goelf_src_pread(s, off + pos, buf, (size_t)n))
			break;
		step = n < SCAN_CHUNK ? n : SCAN_CHUNK;
		stop = fn(ctx, buf, (size_t)n, (size_t)step, off + pos);
		*budget -= step;
		pos += step;
	}
	free(buf);
	return stop;
}
