/*
 * digest.c - SHA-256 (Debian's nettle: the one cryptographic dependency,
 * included here only) and the encodings around it: lower-case hex, and
 * base64 decoding for the h1: hashes of go.sum lines.  Pure functions
 * over the caller's bytes; the caller owns every buffer.
 */
#include "util/util.h"

#include <nettle/sha2.h>
#include <string.h>

_Static_assert(GOELF_SHA256_LEN == SHA256_DIGEST_SIZE, "SHA-256 size");

void
goelf_sha256_init(struct goelf_sha256 *h)
{
	_Static_assert(sizeof(h->state) >= sizeof(struct sha256_ctx),
		       "goelf_sha256 state too small");
	sha256_init((struct sha256_ctx *)(void *)h->state);
}

void
goelf_sha256_update(struct goelf_sha256 *h, const void *p, size_t n)
{
	sha256_update((struct sha256_ctx *)(void *)h->state, n, p);
}

void
goelf_sha256_final(struct goelf_sha256 *h, uint8_t out[GOELF_SHA256_LEN])
{
	sha256_digest((struct sha256_ctx *)(void *)h->state, GOELF_SHA256_LEN,
		      out);
}

void
goelf_sha256(const void *p, size_t n, uint8_t out[GOELF_SHA256_LEN])
{
	struct goelf_sha256 h;

	goelf_sha256_init(&h);
	goelf_sha256_update(&h, p, n);
	goelf_sha256_final(&h, out);
}

void
goelf_hex(const uint8_t *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

static int
b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

long
goelf_base64_decode(const char *s, uint8_t *out, size_t max)
{
	size_t len = strlen(s), n = 0, pad = 0;
	uint32_t acc = 0;
	unsigned bits = 0;

	while (len > 0 && s[len - 1] == '=' && pad < 2) {
		len--;
		pad++;
	}
	if ((len + pad) % 4 != 0)
		return -1;
	for (size_t i = 0; i < len; i++) {
		int v = b64_value((unsigned char)s[i]);

		if (v < 0)
			return -1;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n >= max)
				return -1;
			out[n++] = (uint8_t)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	/* Leftover bits must be zero (canonical encoding). */
	if (acc != 0)
		return -1;
	return (long)n;
}
