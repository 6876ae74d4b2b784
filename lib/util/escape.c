/*
 * util/escape.c - the one escaping of file-derived bytes for a terminal:
 * printable ASCII as is; control bytes, DEL, non-ASCII and the backslash
 * as \xNN, so a hostile name can never send an escape sequence and two
 * different names never print the same.  The "lines" variant is for text
 * whose layout is goelf's own (messages, the lines of `go version -m`):
 * it keeps tab, newline, the backslash and valid UTF-8 (except the C1
 * controls U+0080..U+009F, which some terminals obey), and escapes every
 * other byte a terminal could act on.  Both are one loop, below.
 */
#include "util/util.h"

#include <string.h>

size_t
goelf_utf8_len(const unsigned char *p, size_t n)
{
	size_t len;
	uint32_t cp;

	if (!n)
		return 0;
	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xe0) == 0xc0) {
		len = 2;
		cp = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		len = 3;
		cp = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		len = 4;
		cp = p[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF (RFC 3629). */
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

static void
escape(FILE *out, const char *s, bool lines)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	for (size_t i = 0; i < n;) {
		size_t l = 1;
		bool raw;

		if (!lines) {
			raw = p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\';
		} else if (p[i] < 0x80) {
			raw = (p[i] >= 0x20 && p[i] < 0x7f) || p[i] == '\t' ||
			      p[i] == '\n';
		} else {
			l = goelf_utf8_len(p + i, n - i);
			/* C2 80..C2 9F encode the C1 controls. */
			raw = l > 1 && !(p[i] == 0xc2 && p[i + 1] < 0xa0);
			if (!raw)
				l = 1;
		}
		if (raw)
			fwrite(p + i, 1, l, out);
		else
			fprintf(out, "\\x%02x", p[i]);
		i += l;
	}
}

void
goelf_text_escape(FILE *out, const char *s)
{
	escape(out, s, false);
}

void
goelf_text_escape_lines(FILE *out, const char *s)
{
	escape(out, s, true);
}
