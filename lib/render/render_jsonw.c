/*
 * render_jsonw.c - writes a jansson tree as one compact line, byte for
 * byte what json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII) gives
 * (jansson 2.14 src/dump.c), without its costs per value: json_dumps
 * checks every object and array for a loop by formatting its address
 * into a hash table, calls back for every run of a string, and copies
 * the result once more at the end.  A scan renders one such tree per ELF
 * file (about 500 values); this is most of what `scan -f jsonl` spends
 * outside the analysis.
 *
 * The trees are goelf's own (render_*.c), so they have no loops; the
 * depth is capped all the same.  Strings in a json_t are valid UTF-8
 * (json_stringn checks, goelf_json_str repairs), and non-ASCII code
 * points are written as \uXXXX (upper-case hex, UTF-16 surrogate pairs
 * above U+FFFF), control characters as jansson does.  Reals are rare
 * (diff percentages) and go through jansson's own formatting
 * (json_dumpb into a local buffer).  On anything unexpected (an
 * invalid sequence, the depth) the whole tree goes through jansson's
 * json_dumpb instead, so the output never differs.  The line is a
 * goelf_buf (util/buf.c), written into directly after reserving room.
 * tests/unit/test_jsonw.c compares both on generated trees.
 */
#include "render/render.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define JSONW_MAX_DEPTH 64
#define JSONW_FLAGS	(JSON_COMPACT | JSON_ENSURE_ASCII)

struct jw {
	struct goelf_buf b; /* no cap but what memory allows */
	bool failed;
};

static bool
jw_room(struct jw *w, size_t n)
{
	if (!w->failed && goelf_buf_reserve(&w->b, n) != 0)
		w->failed = true;
	return !w->failed;
}

static void
jw_add(struct jw *w, const char *s, size_t n)
{
	if (!w->failed && goelf_buf_add(&w->b, s, n) != 0)
		w->failed = true;
}

static void
jw_c(struct jw *w, char c)
{
	if (!w->failed && goelf_buf_addc(&w->b, c) != 0)
		w->failed = true;
}

static const char hexd[] = "0123456789ABCDEF";

/* The code point of the UTF-8 sequence at s (n bytes left), its length
 * in *l; 0 with *l = 0 when it is not valid UTF-8. */
static uint32_t
utf8_decode(const unsigned char *s, size_t n, size_t *l)
{
	size_t k = goelf_utf8_len(s, n);
	uint32_t cp;

	*l = k;
	switch (k) {
	case 2: cp = s[0] & 0x1fu; break;
	case 3: cp = s[0] & 0x0fu; break;
	case 4: cp = s[0] & 0x07u; break;
	default: *l = 0; return 0;
	}
	for (size_t i = 1; i < k; i++)
		cp = cp << 6 | (s[i] & 0x3fu);
	return cp;
}

/* Bytes a JSON string cannot hold as they are (ENSURE_ASCII): controls,
 * '"', '\\' and every byte of a multi-byte sequence. */
static const bool needs_escape[256] = {
	[0x00 ... 0x1f] = true,
	['"'] = true,
	['\\'] = true,
	[0x80 ... 0xff] = true,
};

static char *
put_u16(char *o, unsigned v)
{
	o[0] = '\\';
	o[1] = 'u';
	o[2] = hexd[(v >> 12) & 15];
	o[3] = hexd[(v >> 8) & 15];
	o[4] = hexd[(v >> 4) & 15];
	o[5] = hexd[v & 15];
	return o + 6;
}

/* Room for the worst case is made first: one input byte is at most six
 * output bytes (a control as \u00XX; a 4-byte sequence is 12). */
static void
jw_string(struct jw *w, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	char *o;

	if (n > (SIZE_MAX - 2) / 6) {
		w->failed = true;
		return;
	}
	if (!jw_room(w, 6 * n + 2))
		return;
	o = w->b.buf + w->b.len;
	*o++ = '"';
	while (i < n) {
		unsigned char c = s[i];
		size_t l;
		uint32_t cp;

		if (!needs_escape[c]) {
			*o++ = (char)c;
			i++;
			continue;
		}
		if (c < 0x80) {
			char e = 0;

			switch (c) {
			case '"': e = '"'; break;
			case '\\': e = '\\'; break;
			case '\b': e = 'b'; break;
			case '\f': e = 'f'; break;
			case '\n': e = 'n'; break;
			case '\r': e = 'r'; break;
			case '\t': e = 't'; break;
			default: break;
			}
			if (e) {
				*o++ = '\\';
				*o++ = e;
			} else {
				o = put_u16(o, c);
			}
			i++;
			continue;
		}
		cp = utf8_decode(s + i, n - i, &l);
		if (!l) {
			w->failed = true;
			return;
		}
		if (cp < 0x10000) {
			o = put_u16(o, cp);
		} else {
			cp -= 0x10000;
			o = put_u16(o, 0xD800u | ((cp & 0xffc00u) >> 10));
			o = put_u16(o, 0xDC00u | (cp & 0x3ffu));
		}
		i += l;
	}
	*o++ = '"';
	w->b.len = (size_t)(o - w->b.buf);
	w->b.buf[w->b.len] = '\0';
}

static void
jw_int(struct jw *w, json_int_t v)
{
	char b[24];
	size_t k = sizeof(b);
	/* Unsigned arithmetic: -INT64_MIN does not exist. */
	unsigned long long u =
		v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;

	do {
		b[--k] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		b[--k] = '-';
	jw_add(w, b + k, sizeof(b) - k);
}

static void
jw_value(struct jw *w, const json_t *j, unsigned depth)
{
	if (w->failed)
		return;
	if (!j || depth > JSONW_MAX_DEPTH) {
		w->failed = true;
		return;
	}
	switch (json_typeof(j)) {
	case JSON_NULL: jw_add(w, "null", 4); return;
	case JSON_TRUE: jw_add(w, "true", 4); return;
	case JSON_FALSE: jw_add(w, "false", 5); return;
	case JSON_INTEGER: jw_int(w, json_integer_value(j)); return;
	case JSON_STRING:
		jw_string(w, json_string_value(j), json_string_length(j));
		return;
	case JSON_REAL: {
		/* json_dumpb: into this buffer, no allocation that outlives
		 * the call (jansson's allocator may be the arena). */
		char b[128];
		size_t n = json_dumpb(j, b, sizeof(b),
				      JSONW_FLAGS | JSON_ENCODE_ANY);

		if (!n || n > sizeof(b)) {
			w->failed = true;
			return;
		}
		jw_add(w, b, n);
		return;
	}
	case JSON_ARRAY: {
		size_t n = json_array_size(j);

		jw_c(w, '[');
		for (size_t i = 0; i < n && !w->failed; i++) {
			if (i)
				jw_c(w, ',');
			jw_value(w, json_array_get(j, i), depth + 1);
		}
		jw_c(w, ']');
		return;
	}
	case JSON_OBJECT: {
		void *it = json_object_iter((json_t *)j);
		bool first = true;

		jw_c(w, '{');
		for (; it && !w->failed;
		     it = json_object_iter_next((json_t *)j, it)) {
			if (!first)
				jw_c(w, ',');
			first = false;
			jw_string(w, json_object_iter_key(it),
				  json_object_iter_key_len(it));
			jw_c(w, ':');
			jw_value(w, json_object_iter_value(it), depth + 1);
		}
		jw_c(w, '}');
		return;
	}
	default: w->failed = true; return;
	}
}

char *
goelf_json_dumps(const void *json, const char *tail)
{
	const json_t *j = json;
	struct jw w = { .failed = false };
	size_t n, tl;
	char *s;

	if (!j || (!json_is_object(j) && !json_is_array(j)))
		return NULL;
	goelf_buf_init(&w.b, SIZE_MAX / 2);
	jw_room(&w, 4096); /* a record is some KiB: fewer reallocs */
	jw_value(&w, j, 0);
	if (tail)
		jw_add(&w, tail, strlen(tail));
	if (!w.failed)
		return goelf_buf_detach(&w.b);
	goelf_buf_release(&w.b);
	/* Something this writer does not expect: jansson's own output, in
	 * memory of malloc (json_dumps would return jansson's, which may be
	 * the arena of render_arena.c). */
	n = json_dumpb(j, NULL, 0, JSONW_FLAGS);
	tl = tail ? strlen(tail) : 0;
	if (!n || n > SIZE_MAX - tl - 1)
		return NULL;
	s = malloc(n + tl + 1);
	if (!s)
		return NULL;
	if (json_dumpb(j, s, n, JSONW_FLAGS) != n) {
		free(s);
		return NULL;
	}
	memcpy(s + n, tail ? tail : "", tl + 1);
	return s;
}
