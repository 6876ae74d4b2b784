/*
 * render_util.c - helpers shared by the renderers: percentages, JSON
 * integers and string lists, and UTF-8-safe JSON strings.  (Text escaping
 * is goelf_text_escape() in util/escape.c, the one for every terminal.)
 */
#include "render/render.h"

#include <jansson.h>
#include <string.h>

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
		size_t l = goelf_utf8_len((const unsigned char *)s + i, n - i);

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

/* Never over 100%: overlapping sections of a hostile file can add up
 * to more than the file, and a share of the file is what is shown. */
double
goelf_pct(uint64_t part, uint64_t whole)
{
	if (!whole)
		return 0.0;
	return part >= whole ? 100.0 : 100.0 * (double)part / (double)whole;
}

const char *
goelf_section_label(const char *name)
{
	return name && *name ? name : "(no name)";
}

void *
goelf_json_section_name(const char *name)
{
	return name && *name ? goelf_json_str(name) : json_null();
}

void *
goelf_json_path_raw(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = s ? strlen(s) : 0, l;
	bool valid = true;
	struct goelf_buf b;
	json_t *j;

	for (size_t i = 0; i < n && valid; i += l) {
		l = goelf_utf8_len(p + i, n - i);
		valid = l != 0;
	}
	if (valid)
		return NULL;
	/* Valid UTF-8 as is, each invalid byte as \xHH and the backslash
	 * doubled, so that "\xff" (4 bytes) and 0xff (1 byte) differ. */
	goelf_buf_init(&b, 4 * n + 1);
	for (size_t i = 0; i < n; i += l) {
		l = goelf_utf8_len(p + i, n - i);
		if (!l) {
			goelf_buf_addf(&b, "\\x%02x", p[i]);
			l = 1;
		} else if (p[i] == '\\') {
			goelf_buf_adds(&b, "\\\\");
		} else {
			goelf_buf_add(&b, p + i, l);
		}
	}
	j = json_stringn(b.buf, b.len);
	goelf_buf_release(&b);
	return j;
}

void
goelf_json_set_path(void *obj, const char *path)
{
	json_t *raw = goelf_json_path_raw(path);

	json_object_set_new(obj, "path", goelf_json_str(path));
	if (raw)
		json_object_set_new(obj, "path_raw", raw);
}

/* The key of name in a document's set of names: jansson wants UTF-8
 * keys, names are raw bytes, so the hex of the name's SHA-256. */
static void
name_key(const char *name, size_t n, char key[2 * GOELF_SHA256_LEN + 1])
{
	uint8_t h[GOELF_SHA256_LEN];

	goelf_sha256(name, n, h);
	goelf_hex(h, sizeof(h), key);
}

/* A CI/SBOM document's unique names (render.h).  Each name in d->seen
 * maps to the next suffix to try for it, so k repeats of one name cost
 * O(k), not O(k^2). */
char *
goelf_doc_unique(struct goelf_doc *d, const char *base)
{
	char bkey[2 * GOELF_SHA256_LEN + 1];
	json_int_t n;
	json_t *next;

	name_key(base, strlen(base), bkey);
	next = json_object_get(d->seen, bkey);
	if (!next) {
		json_object_set_new(d->seen, bkey, json_integer(2));
		return goelf_xstrdup(base);
	}
	for (n = json_integer_value(next); n > 0; n++) {
		char key[2 * GOELF_SHA256_LEN + 1];
		struct goelf_buf b;

		goelf_buf_init(&b, strlen(base) + 32);
		goelf_buf_adds(&b, base);
		goelf_buf_addf(&b, "#%lld", (long long)n);
		name_key(b.buf, b.len, key);
		if (!json_object_get(d->seen, key)) {
			json_object_set_new(d->seen, key, json_integer(2));
			json_object_set_new(d->seen, bkey, json_integer(n + 1));
			return goelf_buf_detach(&b);
		}
		goelf_buf_release(&b);
	}
	BUG("goelf_doc_unique: no free name");
}
