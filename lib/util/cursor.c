/*
 * cursor.c - bounds-checked reader over untrusted bytes (curl strparse, Go
 * decodeString).  Every take checks the remaining length first and fails
 * without moving the cursor.
 */
#include "util/util.h"

#include <string.h>

void
goelf_cursor_init(struct goelf_cursor *c, const void *p, size_t n,
		  enum goelf_endian e)
{
	c->p = p;
	c->end = c->p + n;
	c->endian = e;
}

size_t
goelf_cursor_left(const struct goelf_cursor *c)
{
	return (size_t)(c->end - c->p);
}

bool
goelf_cursor_take(struct goelf_cursor *c, size_t n, const uint8_t **out)
{
	if (n > goelf_cursor_left(c))
		return false;
	if (out)
		*out = c->p;
	c->p += n;
	return true;
}

bool
goelf_cursor_skip(struct goelf_cursor *c, size_t n)
{
	return goelf_cursor_take(c, n, NULL);
}

uint16_t
goelf_get_u16(const uint8_t *p, enum goelf_endian e)
{
	if (e == GOELF_BIG)
		return (uint16_t)(p[0] << 8 | p[1]);
	return (uint16_t)(p[1] << 8 | p[0]);
}

uint32_t
goelf_get_u32(const uint8_t *p, enum goelf_endian e)
{
	if (e == GOELF_BIG)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		       (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[1] << 8 | p[0];
}

uint64_t
goelf_get_u64(const uint8_t *p, enum goelf_endian e)
{
	uint64_t hi, lo;

	if (e == GOELF_BIG) {
		hi = goelf_get_u32(p, e);
		lo = goelf_get_u32(p + 4, e);
	} else {
		lo = goelf_get_u32(p, e);
		hi = goelf_get_u32(p + 4, e);
	}
	return hi << 32 | lo;
}

bool
goelf_cursor_u8(struct goelf_cursor *c, uint8_t *v)
{
	const uint8_t *p;

	if (!goelf_cursor_take(c, 1, &p))
		return false;
	*v = p[0];
	return true;
}

bool
goelf_cursor_u16(struct goelf_cursor *c, uint16_t *v)
{
	const uint8_t *p;

	if (!goelf_cursor_take(c, 2, &p))
		return false;
	*v = goelf_get_u16(p, c->endian);
	return true;
}

bool
goelf_cursor_u32(struct goelf_cursor *c, uint32_t *v)
{
	const uint8_t *p;

	if (!goelf_cursor_take(c, 4, &p))
		return false;
	*v = goelf_get_u32(p, c->endian);
	return true;
}

bool
goelf_cursor_u64(struct goelf_cursor *c, uint64_t *v)
{
	const uint8_t *p;

	if (!goelf_cursor_take(c, 8, &p))
		return false;
	*v = goelf_get_u64(p, c->endian);
	return true;
}

bool
goelf_cursor_word(struct goelf_cursor *c, int size, uint64_t *v)
{
	uint32_t w;

	if (size == 8)
		return goelf_cursor_u64(c, v);
	if (size != 4 || !goelf_cursor_u32(c, &w))
		return false;
	*v = w;
	return true;
}

/* encoding/binary.Uvarint: the 10th byte may only be 0 or 1. */
bool
goelf_cursor_uvarint(struct goelf_cursor *c, uint64_t *v)
{
	uint64_t x = 0;
	unsigned shift = 0;
	size_t left = goelf_cursor_left(c);

	for (size_t i = 0; i < left && i < 10; i++) {
		uint8_t b = c->p[i];

		if (b < 0x80) {
			if (i == 9 && b > 1)
				return false;
			*v = x | (uint64_t)b << shift;
			c->p += i + 1;
			return true;
		}
		x |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
	}
	return false;
}

const char *
goelf_strtab_get(const uint8_t *tab, uint64_t n, uint64_t off)
{
	const uint8_t *nul;

	if (!tab || off >= n)
		return NULL;
	nul = memchr(tab + off, '\0', (size_t)(n - off));
	if (!nul)
		return NULL;
	return (const char *)tab + off;
}
