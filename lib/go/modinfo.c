/*
 * modinfo.c - Go module info text: parse it like runtime/debug's
 * ParseBuildInfo (Go 1.19), and print it back like BuildInfo.String() as
 * `go version -m` shows it.  Quoting follows strconv.Quote/Unquote for the
 * cases the go command produces (double quotes, backslash escapes, raw
 * back-quoted strings).
 */
#include "go/go.h"

#include <stdlib.h>
#include <string.h>

static bool
contains_any(const char *s, const char *set)
{
	return strpbrk(s, set) != NULL;
}

static bool
quote_key(const char *k)
{
	return !*k || contains_any(k, "= \t\r\n\"`");
}

static bool
quote_value(const char *v)
{
	return contains_any(v, " \t\r\n\"`");
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void
add_utf8(struct goelf_buf *b, uint32_t cp)
{
	if (cp < 0x80) {
		goelf_buf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		goelf_buf_addc(b, (char)(0xc0 | cp >> 6));
		goelf_buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		goelf_buf_addc(b, (char)(0xe0 | cp >> 12));
		goelf_buf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
		goelf_buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	} else {
		goelf_buf_addc(b, (char)(0xf0 | cp >> 18));
		goelf_buf_addc(b, (char)(0x80 | ((cp >> 12) & 0x3f)));
		goelf_buf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
		goelf_buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	}
}

/*
 * Length of the quoted prefix of s (strconv.QuotedPrefix), and its value
 * into out.  Returns 0 when s does not start with a valid quoted string.
 */
static size_t
unquote_prefix(const char *s, struct goelf_buf *out)
{
	const char *p = s + 1;

	if (*s == '`') {
		const char *end = strchr(p, '`');

		if (!end)
			return 0;
		goelf_buf_add(out, p, (size_t)(end - p));
		return (size_t)(end - s) + 1;
	}
	if (*s != '"')
		return 0;
	while (*p && *p != '"') {
		if (*p == '\n')
			return 0;
		if (*p != '\\') {
			goelf_buf_addc(out, *p++);
			continue;
		}
		p++;
		switch (*p) {
		case 'a':
			goelf_buf_addc(out, '\a');
			p++;
			break;
		case 'b':
			goelf_buf_addc(out, '\b');
			p++;
			break;
		case 'f':
			goelf_buf_addc(out, '\f');
			p++;
			break;
		case 'n':
			goelf_buf_addc(out, '\n');
			p++;
			break;
		case 'r':
			goelf_buf_addc(out, '\r');
			p++;
			break;
		case 't':
			goelf_buf_addc(out, '\t');
			p++;
			break;
		case 'v':
			goelf_buf_addc(out, '\v');
			p++;
			break;
		case '\\':
			goelf_buf_addc(out, '\\');
			p++;
			break;
		case '"':
			goelf_buf_addc(out, '"');
			p++;
			break;
		case 'x': {
			int h = hexval(p[1]), l = h < 0 ? -1 : hexval(p[2]);

			if (h < 0 || l < 0)
				return 0;
			goelf_buf_addc(out, (char)(h << 4 | l));
			p += 3;
			break;
		}
		case 'u':
		case 'U': {
			int n = *p == 'u' ? 4 : 8;
			uint32_t cp = 0;

			for (int i = 1; i <= n; i++) {
				int v = hexval(p[i]);

				if (v < 0)
					return 0;
				cp = cp << 4 | (uint32_t)v;
			}
			if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
				return 0;
			add_utf8(out, cp);
			p += n + 1;
			break;
		}
		default:
			if (*p >= '0' && *p <= '7' && p[1] >= '0' &&
			    p[1] <= '7' && p[2] >= '0' && p[2] <= '7') {
				int v = (p[0] - '0') * 64 + (p[1] - '0') * 8 +
					(p[2] - '0');

				if (v > 255)
					return 0;
				goelf_buf_addc(out, (char)v);
				p += 3;
				break;
			}
			return 0;
		}
	}
	if (*p != '"')
		return 0;
	return (size_t)(p - s) + 1;
}

/* strconv.Quote for what the go command writes. */
static void
quote(struct goelf_buf *b, const char *s)
{
	goelf_buf_addc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': goelf_buf_adds(b, "\\\""); break;
		case '\\': goelf_buf_adds(b, "\\\\"); break;
		case '\a': goelf_buf_adds(b, "\\a"); break;
		case '\b': goelf_buf_adds(b, "\\b"); break;
		case '\f': goelf_buf_adds(b, "\\f"); break;
		case '\n': goelf_buf_adds(b, "\\n"); break;
		case '\r': goelf_buf_adds(b, "\\r"); break;
		case '\t': goelf_buf_adds(b, "\\t"); break;
		case '\v': goelf_buf_adds(b, "\\v"); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				goelf_buf_addf(b, "\\x%02x", *p);
			else
				goelf_buf_addc(b, (char)*p);
		}
	}
	goelf_buf_addc(b, '"');
}

/* Splits line on tabs into at most max columns; returns the count, or
 * max+1 when there are more. */
static size_t
split_tabs(char *line, char **col, size_t max)
{
	size_t n = 0;
	char *p = line;

	for (;;) {
		char *t = strchr(p, '\t');

		if (n == max)
			return max + 1;
		col[n++] = p;
		if (!t)
			return n;
		*t = '\0';
		p = t + 1;
	}
}

static void
set_mod(struct goelf_godep *d, char **col, size_t n)
{
	d->path = goelf_xstrdup(col[0]);
	d->version = goelf_xstrdup(col[1]);
	d->sum = goelf_xstrdup(n == 3 ? col[2] : "");
}

static int
parse_build(struct goelf_modinfo *m, const char *kv, struct goelf_buf *err)
{
	struct goelf_buf key, val;
	const char *raw;
	int rc = -1;

	goelf_buf_init(&key, GOELF_MAX_BUILDINFO);
	goelf_buf_init(&val, GOELF_MAX_BUILDINFO);
	if (!*kv) {
		goelf_buf_adds(err, "build line missing '='");
		goto out;
	}
	if (*kv == '=') {
		goelf_buf_adds(err, "build line with missing key");
		goto out;
	}
	if (*kv == '"' || *kv == '`') {
		size_t n = unquote_prefix(kv, &key);

		if (!n) {
			goelf_buf_adds(err, "invalid quoted key in build line");
			goto out;
		}
		if (kv[n] != '=') {
			goelf_buf_adds(err, "build line missing '=' after "
					    "quoted key");
			goto out;
		}
		raw = kv + n + 1;
	} else {
		const char *eq = strchr(kv, '=');

		if (!eq) {
			goelf_buf_adds(err, "build line missing '=' after key");
			goto out;
		}
		goelf_buf_add(&key, kv, (size_t)(eq - kv));
		if (quote_key(key.buf)) {
			goelf_buf_adds(err, "unquoted key must be quoted");
			goto out;
		}
		raw = eq + 1;
	}
	if (*raw == '"' || *raw == '`') {
		size_t n = unquote_prefix(raw, &val);

		if (!n || raw[n]) {
			goelf_buf_adds(err,
				       "invalid quoted value in build line");
			goto out;
		}
	} else {
		goelf_buf_adds(&val, raw);
		if (quote_value(val.buf)) {
			goelf_buf_adds(err, "unquoted value must be quoted");
			goto out;
		}
	}
	if (m->nsettings >= GOELF_MAX_GOSETTINGS) {
		goelf_buf_adds(err, "too many build settings");
		goto out;
	}
	m->settings = goelf_xrealloc(m->settings,
				     (m->nsettings + 1) * sizeof(*m->settings));
	m->settings[m->nsettings].key = goelf_buf_detach(&key);
	m->settings[m->nsettings].value = goelf_buf_detach(&val);
	m->nsettings++;
	rc = 0;
out:
	goelf_buf_release(&key);
	goelf_buf_release(&val);
	return rc;
}

int
goelf_modinfo_parse(const char *text, struct goelf_modinfo *m,
		    struct goelf_buf *err)
{
	const char *p = text;
	struct goelf_godep *last = NULL;
	size_t lineno = 1;
	int rc = 0;

	memset(m, 0, sizeof(*m));
	while (*p) {
		const char *nl = strchr(p, '\n');
		char *line, *col[4];
		size_t n;

		if (!nl)
			break; /* like Go: an unterminated last line is ignored */
		line = goelf_xstrndup(p, (size_t)(nl - p));
		p = nl + 1;
		if (!strncmp(line, "path\t", 5)) {
			free(m->path);
			m->path = goelf_xstrdup(line + 5);
		} else if (!strncmp(line, "mod\t", 4) ||
			   !strncmp(line, "dep\t", 4)) {
			bool is_mod = line[0] == 'm';

			n = split_tabs(line + 4, col, 3);
			if (n != 2 && n != 3) {
				goelf_buf_addf(err,
					       "line %zu: expected 2 or 3 "
					       "columns",
					       lineno);
				rc = -1;
			} else if (is_mod) {
				goelf_godep_release(&m->main);
				set_mod(&m->main, col, n);
				m->has_main = true;
				last = &m->main;
			} else if (m->ndeps >= GOELF_MAX_GODEPS) {
				goelf_buf_addf(err, "line %zu: too many deps",
					       lineno);
				rc = -1;
			} else {
				m->deps = goelf_xrealloc(
					m->deps,
					(m->ndeps + 1) * sizeof(*m->deps));
				last = &m->deps[m->ndeps++];
				memset(last, 0, sizeof(*last));
				set_mod(last, col, n);
			}
		} else if (!strncmp(line, "=>\t", 3)) {
			n = split_tabs(line + 3, col, 3);
			if (n != 3) {
				goelf_buf_addf(err,
					       "line %zu: expected 3 columns "
					       "for replacement",
					       lineno);
				rc = -1;
			} else if (!last) {
				goelf_buf_addf(err,
					       "line %zu: replacement with "
					       "no module on previous line",
					       lineno);
				rc = -1;
			} else {
				last->has_replace = true;
				last->rpath = goelf_xstrdup(col[0]);
				last->rversion = goelf_xstrdup(col[1]);
				last->rsum = goelf_xstrdup(col[2]);
				last = NULL;
			}
		} else if (!strncmp(line, "build\t", 6)) {
			if (parse_build(m, line + 6, err)) {
				goelf_buf_addf(err, " (line %zu)", lineno);
				rc = -1;
			}
		}
		free(line);
		if (rc)
			return rc;
		lineno++;
	}
	return 0;
}

static void
format_mod(struct goelf_buf *b, const char *word, const struct goelf_godep *d)
{
	goelf_buf_addf(b, "%s\t%s\t%s", word, d->path, d->version);
	if (!d->has_replace) {
		goelf_buf_addf(b, "\t%s\n", d->sum ? d->sum : "");
		return;
	}
	/* runtime/debug.BuildInfo.String() (Go 1.18 on): formatMod recurses
	 * for the "=>" line, which ends in its own '\n', and then writes the
	 * replaced module's '\n' too, so a replacement is followed by an
	 * empty line (a line holding one tab in go version -m). */
	goelf_buf_addf(b, "\n=>\t%s\t%s\t%s\n\n", d->rpath, d->rversion,
		       d->rsum ? d->rsum : "");
}

void
goelf_modinfo_format(const struct goelf_modinfo *m, struct goelf_buf *b)
{
	if (m->path && *m->path)
		goelf_buf_addf(b, "path\t%s\n", m->path);
	if (m->has_main && (*m->main.path || *m->main.version || *m->main.sum ||
			    m->main.has_replace))
		format_mod(b, "mod", &m->main);
	for (size_t i = 0; i < m->ndeps; i++)
		format_mod(b, "dep", &m->deps[i]);
	for (size_t i = 0; i < m->nsettings; i++) {
		const struct goelf_gosetting *s = &m->settings[i];

		goelf_buf_adds(b, "build\t");
		if (quote_key(s->key))
			quote(b, s->key);
		else
			goelf_buf_adds(b, s->key);
		goelf_buf_addc(b, '=');
		if (quote_value(s->value))
			quote(b, s->value);
		else
			goelf_buf_adds(b, s->value);
		goelf_buf_addc(b, '\n');
	}
}

const char *
goelf_go_setting(const struct goelf_gofacts *g, const char *key)
{
	const struct goelf_modinfo *m = &g->mod;

	if (!g->modinfo_ok)
		return NULL;
	for (size_t i = 0; i < m->nsettings; i++)
		if (!strcmp(m->settings[i].key, key))
			return m->settings[i].value;
	return NULL;
}
