/*
 * xalloc.c - allocation that dies on OOM (pax-utils xfuncs, git wrapper.c).
 * Sizes derived from file data are capped by the callers before they get
 * here, so an OOM is a real resource failure, not hostile input.
 */
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

static void __attribute__((noreturn)) oom(size_t n)
{
	fprintf(stderr, "goelf: out of memory allocating %zu bytes\n", n);
	abort();
}

void *
goelf_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom(n);
	return p;
}

void *
goelf_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom(n * size);
	return p;
}

void *
goelf_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		oom(n);
	return q;
}

char *
goelf_xstrdup(const char *s)
{
	return goelf_xstrndup(s, strlen(s));
}

char *
goelf_xstrndup(const char *s, size_t n)
{
	char *p = goelf_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

bool
goelf_mul_overflow(size_t a, size_t b, size_t *out)
{
	return __builtin_mul_overflow(a, b, out);
}

void
goelf_grow(void **v, size_t *alloc, size_t need, size_t sz)
{
	size_t n, bytes;

	if (need <= *alloc)
		return;
	n = *alloc ? *alloc : 8;
	while (n < need) {
		if (goelf_mul_overflow(n, 2, &n))
			BUG("array size overflow");
	}
	if (goelf_mul_overflow(n, sz, &bytes))
		BUG("array size overflow");
	*v = goelf_xrealloc(*v, bytes);
	*alloc = n;
}

void
goelf_bug(const char *file, int line, const char *msg)
{
	fprintf(stderr, "goelf: BUG: %s:%d: %s\n", file, line, msg);
	abort();
}
