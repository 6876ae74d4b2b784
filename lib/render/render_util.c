/*
 * render_util.c - helpers shared by the renderers: percentages, JSON
 * integers and string lists, and UTF-8-safe JSON strings.  (Text escaping
 * is goelf_text_escape() in util/escape.c, the one for every terminal.)
 */
#include "render/render.h"

#include <jansson.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at p (max n bytes), 0 if invalid. */
static size_t
utf8_len(const unsigned char *p, size_t n)
{
	size_t len;
	uint32_t cp;

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
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

void *
goelf_json_str(const char *s)
{
	struct goelf_buf b;
	size_t n;
	json_t *j;

	if (!s)
		return json_null();
	n = strlen(s);
	j = json_stringn(s, n);
	if (j)
		return j;
	goelf_buf_init(&b, 3 * n + 4);
	for (size_t i = 0; i < n;) {
		size_t l = utf8_len((const unsigned char *)s + i, n - i);

		if (l) {
			goelf_buf_add(&b, s + i, l);
			i += l;
		} else {
			goelf_buf_adds(&b, "\xef\xbf\xbd");
			i++;
		}
	}
	j = json_stringn(b.buf, b.len);
	goelf_buf_release(&b);
	return j ? j : json_null();
}

void *
goelf_json_list(const struct goelf_strlist *l)
{
	json_t *a = json_array();

	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, goelf_json_str(l->v[i]));
	return a;
}

void *
goelf_json_u64(uint64_t v)
{
	/* JSON integers are int64 in jansson: clamp rather than wrap. */
	return json_integer(v > (uint64_t)INT64_MAX ? INT64_MAX
						    : (json_int_t)v);
}

double
goelf_pct(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}
