/*
 * buf.c - capped string buffer (git strbuf + curl dynbuf) and string lists.
 */
#include "util/util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static char empty_buf[1];

void
goelf_buf_init(struct goelf_buf *b, size_t cap)
{
	b->buf = empty_buf;
	b->len = 0;
	b->alloc = 0;
	b->cap = cap;
	b->truncated = false;
}

void
goelf_buf_release(struct goelf_buf *b)
{
	if (b->alloc)
		free(b->buf);
	goelf_buf_init(b, b->cap);
}

void
goelf_buf_reset(struct goelf_buf *b)
{
	b->len = 0;
	b->buf[0] = '\0';
	b->truncated = false;
}

int
goelf_buf_reserve(struct goelf_buf *b, size_t n)
{
	size_t need;

	if (n > b->cap || b->len > b->cap - n) {
		b->truncated = true;
		return -1;
	}
	need = b->len + n + 1;
	if (need > b->alloc) {
		size_t a = b->alloc ? b->alloc : 64;

		while (a < need)
			a *= 2;
		if (b->alloc)
			b->buf = goelf_xrealloc(b->buf, a);
		else
			b->buf = goelf_xmalloc(a);
		if (!b->alloc)
			b->buf[0] = '\0';
		b->alloc = a;
	}
	return 0;
}

int
goelf_buf_add(struct goelf_buf *b, const void *p, size_t n)
{
	if (goelf_buf_reserve(b, n))
		return -1;
	memcpy(b->buf + b->len, p, n);
	b->len += n;
	b->buf[b->len] = '\0';
	return 0;
}

int
goelf_buf_adds(struct goelf_buf *b, const char *s)
{
	return goelf_buf_add(b, s, strlen(s));
}

int
goelf_buf_addc(struct goelf_buf *b, char c)
{
	return goelf_buf_add(b, &c, 1);
}

int
goelf_buf_addf(struct goelf_buf *b, const char *fmt, ...)
{
	va_list ap;
	char small[256];
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof(small))
		return goelf_buf_add(b, small, (size_t)n);
	if (goelf_buf_reserve(b, (size_t)n))
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

char *
goelf_buf_detach(struct goelf_buf *b)
{
	char *s = b->alloc ? b->buf : goelf_xstrdup("");

	goelf_buf_init(b, b->cap);
	return s;
}

void
goelf_strlist_add(struct goelf_strlist *l, const char *s)
{
	goelf_grow((void **)&l->v, &l->alloc, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = goelf_xstrdup(s);
}

/* Adds a formatted line of at most 1 KiB. */
void
goelf_strlist_addf_bounded(struct goelf_strlist *l, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	goelf_strlist_add(l, line);
}

bool
goelf_strlist_has(const struct goelf_strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return true;
	return false;
}

void
goelf_strlist_add_unique(struct goelf_strlist *l, const char *s)
{
	if (!goelf_strlist_has(l, s))
		goelf_strlist_add(l, s);
}

void
goelf_strlist_release(struct goelf_strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->alloc = 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
goelf_strlist_sort(struct goelf_strlist *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmp_str);
}
