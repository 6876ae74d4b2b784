/*
 * util/escape.c - the one escaping of file-derived bytes for a terminal:
 * printable ASCII as is; control bytes, DEL, non-ASCII and the backslash
 * as \xNN, so a hostile name can never send an escape sequence and two
 * different names never print the same.
 */
#include "util/util.h"

void
goelf_text_escape(FILE *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p >= 0x7f || *p == '\\')
			fprintf(out, "\\x%02x", *p);
		else
			fputc(*p, out);
	}
}
