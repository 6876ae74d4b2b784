/*
 * diff.c - the goelf diff engine.  Both sides are goelf inspect JSON
 * reports (json_t): a saved report is read and validated, a binary is
 * analysed and turned into the very object goelf inspect --format json
 * prints (goelf_report_to_json).  So a binary diffed against its own saved
 * report is empty by construction, and one engine serves both.
 *
 * The result is itself a JSON object (docs/report-schema.json has no
 * schema for it; README "Watch size in CI" lists its keys); the text view
 * (render_diff.c) is rendered from it, so text, JSON and the exit code
 * cannot disagree.
 */
#include "diff/diff.h"
#include "render/json_get.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DIFF_MAX_JSON  (256u << 20) /* a saved report read in one piece */
/* A byte count in a report: 0 <= v <= 2^62, so that any sum of two and
 * any difference fits in int64 (json_int_t) without overflow. */
#define DIFF_MAX_VALUE ((json_int_t)1 << 62)
/* Rows read from a report: name-keyed lists (sections, packages, size
 * classes; hashed) and lists compared pairwise (findings, NEEDED, deps,
 * settings, glibc versions; quadratic).  Real reports stay far below:
 * a Go binary has tens of sections and a few thousand packages. */
#define DIFF_MAX_ROWS  (1u << 16)
#define DIFF_MAX_PAIRS 4096u

/* --- reading a side ---------------------------------------------------- */

/* Type checks of the keys the engine uses; NULL when all is well. */
static const char *
check_type(json_t *o, const char *key, json_type t, bool required)
{
	json_t *v = get(o, key);

	if (!v)
		return required ? "missing" : NULL;
	if (json_typeof(v) == t || (t == JSON_STRING && json_is_null(v)))
		return NULL;
	return "has the wrong type";
}

/* A byte count within the range the engine computes with. */
static bool
in_range(json_t *v)
{
	return json_is_integer(v) && json_integer_value(v) >= 0 &&
	       json_integer_value(v) <= DIFF_MAX_VALUE;
}

static int
invalid(struct goelf_buf *err, const char *path, const char *what,
	const char *why)
{
	goelf_buf_addf(err, "%s: not a valid goelf report: %s %s", path, what,
		       why);
	return -1;
}

/* A list of {name, num} rows (size.sections, size.packages): at most
 * DIFF_MAX_ROWS objects, names strings (or null), num a byte count, the
 * total a byte count too (so per-name sums cannot overflow). */
static int
check_rows(json_t *arr, const char *what, const char *num, const char *path,
	   struct goelf_buf *err)
{
	char key[96];
	json_int_t total = 0;
	json_t *e, *v;
	size_t i;

	if (!arr || json_is_null(arr))
		return 0;
	if (json_array_size(arr) > DIFF_MAX_ROWS)
		return invalid(err, path, what, "has too many entries");
	json_array_foreach (arr, i, e) {
		snprintf(key, sizeof(key), "%s[%zu]", what, i);
		if (!json_is_object(e))
			return invalid(err, path, key, "is not an object");
		v = get(e, "name");
		if (v && !json_is_string(v) && !json_is_null(v)) {
			snprintf(key, sizeof(key), "%s[%zu].name", what, i);
			return invalid(err, path, key, "is not a string");
		}
		v = get(e, num);
		snprintf(key, sizeof(key), "%s[%zu].%s", what, i, num);
		if (!v || !in_range(v))
			return invalid(err, path, key, "out of range");
		if (__builtin_add_overflow(total, json_integer_value(v),
					   &total) ||
		    total > DIFF_MAX_VALUE)
			return invalid(err, path, what, "total out of range");
	}
	return 0;
}

/* An array read pairwise: at most DIFF_MAX_PAIRS entries, each an
 * object whose keys are strings (or null), or (keys NULL) a string. */
static int
check_list(json_t *arr, const char *what, const char *const *keys,
	   const char *path, struct goelf_buf *err)
{
	char key[96];
	json_t *e;
	size_t i;

	if (!arr || json_is_null(arr))
		return 0;
	if (!json_is_array(arr))
		return invalid(err, path, what, "is not an array");
	if (json_array_size(arr) > DIFF_MAX_PAIRS)
		return invalid(err, path, what, "has too many entries");
	json_array_foreach (arr, i, e) {
		snprintf(key, sizeof(key), "%s[%zu]", what, i);
		if (!keys) {
			if (!json_is_string(e))
				return invalid(err, path, key,
					       "is not a string");
			continue;
		}
		if (!json_is_object(e))
			return invalid(err, path, key, "is not an object");
		for (const char *const *k = keys; *k; k++) {
			json_t *v = get(e, *k);

			if (v && !json_is_string(v) && !json_is_null(v)) {
				snprintf(key, sizeof(key), "%s[%zu].%s", what,
					 i, *k);
				return invalid(err, path, key,
					       "is not a string");
			}
		}
	}
	return 0;
}

/*
 * The schema ranges of what the engine reads (docs/report-schema.json):
 * a hostile saved report must not make it overflow (a size of -2^63 or
 * 2^63-1), read a string where it expects a number, or spend minutes on
 * a million rows.  Every schema_version 1 report goelf writes passes.
 */
static int
validate_ranges(json_t *j, const char *path, struct goelf_buf *err)
{
	static const char *const finding_keys[] = { "id", "severity", "message",
						    NULL };
	static const char *const dep_keys[] = { "path", NULL };
	static const char *const ver_keys[] = { "version", NULL };
	json_t *sz = get(j, "size"), *v;
	const char *k;

	if (!in_range(get2(j, "elf", "size")))
		return invalid(err, path, "elf.size", "out of range");
	v = get2(j, "debug", "total_bytes");
	if (v && !json_is_null(v) && !in_range(v))
		return invalid(err, path, "debug.total_bytes", "out of range");
	if (sz) {
		json_t *cl = get(sz, "classes");

		if (json_object_size(cl) > DIFF_MAX_ROWS)
			return invalid(err, path, "size.classes",
				       "has too many entries");
		json_object_foreach (cl, k, v) {
			if (!in_range(v))
				return invalid(err, path, "size.classes",
					       "value out of range");
		}
		if (check_rows(get(sz, "sections"), "size.sections", "size",
			       path, err) ||
		    check_rows(get(sz, "packages"), "size.packages", "bytes",
			       path, err))
			return -1;
	}
	if (check_list(get(j, "findings"), "findings", finding_keys, path,
		       err) ||
	    check_list(get2(j, "linking", "needed"), "linking.needed", NULL,
		       path, err) ||
	    check_list(get2(j, "go", "deps"), "go.deps", dep_keys, path, err) ||
	    check_list(get2(j, "libc", "versions"), "libc.versions", ver_keys,
		       path, err))
		return -1;
	v = get2(j, "go", "settings");
	if (v && !json_is_null(v) &&
	    (!json_is_object(v) || json_object_size(v) > DIFF_MAX_PAIRS))
		return invalid(err, path, "go.settings",
			       "is not an object of at most 4096 keys");
	v = get2(j, "verdict", "targets");
	if (v && !json_is_null(v) &&
	    (!json_is_object(v) || json_object_size(v) > DIFF_MAX_PAIRS))
		return invalid(err, path, "verdict.targets",
			       "is not an object of at most 4096 keys");
	return 0;
}

static int
validate(json_t *j, const char *path, struct goelf_buf *err)
{
	static const struct {
		const char *parent, *key;
		json_type t;
		bool required;
	} keys[] = {
		{ NULL, "elf", JSON_OBJECT, true },
		{ "elf", "size", JSON_INTEGER, true },
		{ "elf", "arch", JSON_STRING, true },
		{ NULL, "linking", JSON_OBJECT, false },
		{ "linking", "needed", JSON_ARRAY, false },
		{ "linking", "kind", JSON_STRING, false },
		{ NULL, "libc", JSON_OBJECT, false },
		{ "libc", "min_glibc", JSON_STRING, false },
		{ "libc", "versions", JSON_ARRAY, false },
		{ NULL, "findings", JSON_ARRAY, false },
		{ NULL, "debug", JSON_OBJECT, false },
		{ NULL, "size", JSON_OBJECT, false },
		{ "size", "sections", JSON_ARRAY, false },
		{ "size", "classes", JSON_OBJECT, false },
		{ "size", "packages", JSON_ARRAY, false },
	};
	json_t *sv = get(j, "schema_version"), *e;

	if (!json_is_object(j) || !sv) {
		goelf_buf_addf(err,
			       "%s: JSON, but not a goelf report (no "
			       "schema_version); save one with 'goelf inspect "
			       "--format json FILE'",
			       path);
		return -1;
	}
	if (!json_is_integer(sv) || json_integer_value(sv) != 1) {
		char *s = json_dumps(sv, JSON_ENCODE_ANY | JSON_COMPACT);

		goelf_buf_addf(err,
			       "%s: goelf report with schema_version %.40s, "
			       "which this goelf does not read (it reads 1)",
			       path, s ? s : "?");
		free(s);
		return -1;
	}
	e = get(j, "error");
	if (e && !json_is_null(e)) {
		goelf_buf_addf(err,
			       "%s: the saved report is of a file that "
			       "could not be analysed (%.200s)",
			       path,
			       sget(e, "message") ? sget(e, "message") : "?");
		return -1;
	}
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		json_t *o = keys[i].parent ? get(j, keys[i].parent) : j;
		const char *why;

		if (keys[i].parent && !o)
			continue;
		why = check_type(o, keys[i].key, keys[i].t, keys[i].required);
		if (why) {
			goelf_buf_addf(
				err, "%s: goelf report key %s%s%s %s", path,
				keys[i].parent ? keys[i].parent : "",
				keys[i].parent ? "." : "", keys[i].key, why);
			return -1;
		}
	}
	return validate_ranges(j, path, err);
}

static bool
all_space(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\n' && p[i] != '\r' && p[i] != '\t')
			return false;
	return true;
}

static json_t *
load_json(const char *path, const char *buf, size_t n, struct goelf_buf *err)
{
	json_error_t je;
	json_t *j;

	if (all_space(buf, n)) {
		goelf_buf_addf(err,
			       "%s: empty file; expected an ELF binary or "
			       "a goelf JSON report",
			       path);
		return NULL;
	}
	j = json_loadb(buf, n, JSON_REJECT_DUPLICATES | JSON_DISABLE_EOF_CHECK,
		       &je);
	if (!j) {
		goelf_buf_addf(err,
			       "%s: neither an ELF file nor a valid JSON "
			       "report (line %d, column %d: %s%s)",
			       path, je.line, je.column, je.text,
			       je.position >= (int)n ? "; truncated?" : "");
		return NULL;
	}
	if (je.position < 0 || (size_t)je.position > n ||
	    !all_space(buf + je.position, n - (size_t)je.position)) {
		goelf_buf_addf(err,
			       "%s: more than one JSON value (a JSON Lines "
			       "file of several reports?); save the report of "
			       "one file",
			       path);
		json_decref(j);
		return NULL;
	}
	if (validate(j, path, err)) {
		json_decref(j);
		return NULL;
	}
	return j;
}

static json_t *
load_binary(const char *path, struct goelf_buf *err)
{
	struct goelf_report r;
	struct goelf_policy pol;
	json_t *j = NULL;

	if (goelf_report_file(path, &r) != GOELF_OK) {
		goelf_buf_addf(err, "%s: %s", path, r.err_message);
	} else {
		goelf_policy_init(&pol);
		goelf_verdict_compute(&r, &pol);
		goelf_policy_release(&pol);
		j = goelf_report_to_json(&r);
	}
	goelf_report_release(&r);
	return j;
}

void *
goelf_diff_load(const char *path, bool *is_report, struct goelf_buf *err)
{
	struct stat st;
	char *buf;
	json_t *j;
	ssize_t got;
	size_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	*is_report = false;
	if (fd < 0) {
		goelf_buf_addf(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		goelf_buf_addf(err, "%s: not a regular file", path);
		close(fd);
		return NULL;
	}
	if (st.st_size >= 4) {
		char m[4];

		if (pread(fd, m, 4, 0) == 4 && !memcmp(m, "\177ELF", 4)) {
			close(fd);
			return load_binary(path, err);
		}
	}
	if ((uint64_t)st.st_size > DIFF_MAX_JSON) {
		goelf_buf_addf(err,
			       "%s: not ELF, and larger than %u MiB for a "
			       "JSON report",
			       path, DIFF_MAX_JSON >> 20);
		close(fd);
		return NULL;
	}
	n = (size_t)st.st_size;
	buf = goelf_xmalloc(n + 1);
	got = n ? pread(fd, buf, n, 0) : 0;
	close(fd);
	if (got < 0 || (size_t)got != n) {
		goelf_buf_addf(err, "%s: short read", path);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*is_report = true;
	j = load_json(path, buf, n, err);
	free(buf);
	return j;
}

/* --- comparing --------------------------------------------------------- */

static bool
same(json_t *a, json_t *b)
{
	if (!a)
		a = json_null();
	if (!b)
		b = json_null();
	return json_equal(a, b);
}

static json_t *
copy_or_null(json_t *v)
{
	return v ? json_deep_copy(v) : json_null();
}

static json_t *
old_new(json_t *a, json_t *b)
{
	json_t *o = json_object();

	json_object_set_new(o, "old", copy_or_null(a));
	json_object_set_new(o, "new", copy_or_null(b));
	return o;
}

/* y - x and x + y, saturated: validate_ranges keeps every byte count
 * of a report within [0, 2^62], where neither can overflow; this keeps
 * the engine free of signed overflow whatever it is handed. */
static json_int_t
sub_sat(json_int_t y, json_int_t x)
{
	json_int_t r;

	if (__builtin_sub_overflow(y, x, &r))
		return y < x ? INT64_MIN : INT64_MAX;
	return r;
}

static json_int_t
add_sat(json_int_t x, json_int_t y)
{
	json_int_t r;

	if (__builtin_add_overflow(x, y, &r))
		return y < 0 ? INT64_MIN : INT64_MAX;
	return r;
}

static json_t *
delta_row(const char *name, json_t *a, json_t *b)
{
	json_t *o = json_object();
	json_int_t x = json_integer_value(a), y = json_integer_value(b);

	json_object_set_new(o, "name", goelf_json_str(name));
	json_object_set_new(o, "old", a ? json_integer(x) : json_null());
	json_object_set_new(o, "new", b ? json_integer(y) : json_null());
	json_object_set_new(o, "delta", json_integer(sub_sat(y, x)));
	return o;
}

/* name -> summed integer field of an array of objects. */
static json_t *
by_name(json_t *arr, const char *key, const char *val)
{
	json_t *m = json_object(), *e;
	size_t i;

	json_array_foreach (arr, i, e) {
		const char *k = sget(e, key);
		json_t *cur;

		if (!k || !json_is_integer(get(e, val)))
			continue;
		cur = json_object_get(m, k);
		json_object_set_new(
			m, k,
			json_integer(add_sat(json_integer_value(cur),
					     iget(e, val))));
	}
	return m;
}

static int
cmp_delta(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	json_int_t dx = iget(x, "delta"), dy = iget(y, "delta");
	json_int_t ax = dx < 0 ? sub_sat(0, dx) : dx;
	json_int_t ay = dy < 0 ? sub_sat(0, dy) : dy;

	if (ax != ay)
		return ax > ay ? -1 : 1;
	return strcmp(sget(x, "name"), sget(y, "name"));
}

/* Rows for every name whose value differs, largest change first. */
static json_t *
map_delta(json_t *ma, json_t *mb)
{
	json_t *rows = json_array(), *v, **tmp;
	const char *k;
	size_t n;

	json_object_foreach (ma, k, v) {
		json_t *w = json_object_get(mb, k);

		if (!w || !json_equal(v, w))
			json_array_append_new(rows, delta_row(k, v, w));
	}
	json_object_foreach (mb, k, v)
		if (!json_object_get(ma, k))
			json_array_append_new(rows, delta_row(k, NULL, v));
	n = json_array_size(rows);
	tmp = goelf_xcalloc(n + 1, sizeof(*tmp));
	for (size_t i = 0; i < n; i++)
		tmp[i] = json_incref(json_array_get(rows, i));
	qsort(tmp, n, sizeof(*tmp), cmp_delta);
	json_array_clear(rows);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(rows, tmp[i]);
	free(tmp);
	return rows;
}

static json_t *
list_delta(json_t *a, json_t *b, const char *key, const char *val)
{
	json_t *ma = by_name(a, key, val), *mb = by_name(b, key, val);
	json_t *r = map_delta(ma, mb);

	json_decref(ma);
	json_decref(mb);
	return r;
}

static bool
in_strings(json_t *arr, const char *s)
{
	json_t *e;
	size_t i;

	json_array_foreach (arr, i, e)
		if (json_is_string(e) && !strcmp(json_string_value(e), s))
			return true;
	return false;
}

/* {"added": [...], "removed": [...]} of two string arrays. */
static json_t *
set_delta(json_t *a, json_t *b)
{
	json_t *o = json_object(), *add = json_array(), *rem = json_array(), *e;
	size_t i;

	json_array_foreach (b, i, e)
		if (json_is_string(e) && !in_strings(a, json_string_value(e)))
			json_array_append(add, e);
	json_array_foreach (a, i, e)
		if (json_is_string(e) && !in_strings(b, json_string_value(e)))
			json_array_append(rem, e);
	json_object_set_new(o, "added", add);
	json_object_set_new(o, "removed", rem);
	return o;
}

/* The first object of arr whose string member key equals val. */
static json_t *
find_by(json_t *arr, const char *key, const char *val)
{
	json_t *e;
	size_t i;

	json_array_foreach (arr, i, e)
		if (sget(e, key) && !strcmp(sget(e, key), val))
			return e;
	return NULL;
}

static json_t *
dep_row(const char *path, const char *change, json_t *a, json_t *b)
{
	json_t *o = json_object();

	json_object_set_new(o, "path", goelf_json_str(path));
	json_object_set_new(o, "change", json_string(change));
	json_object_set_new(o, "old", copy_or_null(a));
	json_object_set_new(o, "new", copy_or_null(b));
	return o;
}

/* Module dependencies: added, removed, version changed, replaced. */
static json_t *
deps_delta(json_t *a, json_t *b)
{
	json_t *rows = json_array(), *e;
	size_t i;

	json_array_foreach (b, i, e) {
		const char *p = sget(e, "path");
		json_t *o;

		if (!p)
			continue;
		o = find_by(a, "path", p);
		if (!o)
			json_array_append_new(rows, dep_row(p, "added", NULL,
							    get(e, "version")));
		else if (!same(get(o, "replace"), get(e, "replace")))
			json_array_append_new(rows, dep_row(p, "replaced",
							    get(o, "replace"),
							    get(e, "replace")));
		else if (!same(get(o, "version"), get(e, "version")))
			json_array_append_new(rows, dep_row(p, "version",
							    get(o, "version"),
							    get(e, "version")));
	}
	json_array_foreach (a, i, e) {
		const char *p = sget(e, "path");

		if (p && !find_by(b, "path", p))
			json_array_append_new(
				rows,
				dep_row(p, "removed", get(e, "version"), NULL));
	}
	return rows;
}

/* Build settings: key -> {old, new} for every key that differs. */
static json_t *
settings_delta(json_t *a, json_t *b)
{
	json_t *rows = json_array(), *v;
	const char *k;

	json_object_foreach (a, k, v)
		if (!same(v, json_object_get(b, k))) {
			json_t *o = old_new(v, json_object_get(b, k));

			json_object_set_new(o, "key", goelf_json_str(k));
			json_array_append_new(rows, o);
		}
	json_object_foreach (b, k, v)
		if (!json_object_get(a, k)) {
			json_t *o = old_new(NULL, v);

			json_object_set_new(o, "key", goelf_json_str(k));
			json_array_append_new(rows, o);
		}
	return rows;
}

/* Scalar facts worth a line when they change. */
static const char *const scalars[][2] = {
	{ "elf", "arch" },
	{ "go", "version" },
	{ "linking", "kind" },
	{ "linking", "pie" },
	{ "linking", "interpreter" },
	{ "libc", "family" },
	{ "go", "cgo" },
	{ NULL, "is_go" },
};

static json_t *
scalar_delta(json_t *a, json_t *b)
{
	json_t *rows = json_array();

	for (size_t i = 0; i < ARRAY_SIZE(scalars); i++) {
		json_t *x = scalars[i][0]
				    ? get2(a, scalars[i][0], scalars[i][1])
				    : get(a, scalars[i][1]);
		json_t *y = scalars[i][0]
				    ? get2(b, scalars[i][0], scalars[i][1])
				    : get(b, scalars[i][1]);
		json_t *o;

		if (same(x, y))
			continue;
		o = old_new(x, y);
		json_object_set_new(
			o, "key",
			json_sprintf("%s%s%s",
				     scalars[i][0] ? scalars[i][0] : "",
				     scalars[i][0] ? "." : "", scalars[i][1]));
		json_array_append_new(rows, o);
	}
	return rows;
}

/* The glibc floor; raised: symbols of the versions above the old floor. */
static json_t *
glibc_delta(json_t *a, json_t *b, bool *raised)
{
	const char *x = sget(get(a, "libc"), "min_glibc");
	const char *y = sget(get(b, "libc"), "min_glibc");
	json_t *o, *syms, *e;
	size_t i;

	*raised = y && (!x || goelf_version_cmp(y, x) > 0);
	if ((!x && !y) || (x && y && !strcmp(x, y)))
		return json_null();
	o = json_object();
	json_object_set_new(o, "old", goelf_json_str(x));
	json_object_set_new(o, "new", goelf_json_str(y));
	json_object_set_new(o, "raised", json_boolean(*raised));
	syms = json_array();
	json_array_foreach (get2(b, "libc", "versions"), i, e) {
		char v[64];
		json_t *r;

		if (!*raised || !sget(e, "version") ||
		    !goelf_glibc_tag_version(sget(e, "version"), v,
					     sizeof(v)) ||
		    (x && goelf_version_cmp(v, x) <= 0))
			continue;
		r = json_object();
		json_object_set_new(r, "version",
				    goelf_json_str(sget(e, "version")));
		json_object_set_new(r, "symbols",
				    copy_or_null(get(e, "symbols")));
		json_array_append_new(syms, r);
	}
	json_object_set_new(o, "symbols", syms);
	return o;
}

/* Targets whose status differs between the sides ("scratch" ok ->
 * fail): the targets both reports judged (a saved report made with
 * --targets holds only those). */
static json_t *
targets_delta(json_t *a, json_t *b)
{
	json_t *rows = json_array(), *v;
	const char *k;

	json_object_foreach (a, k, v) {
		json_t *w = json_object_get(b, k), *o;

		if (!w || same(get(v, "status"), get(w, "status")))
			continue;
		o = old_new(get(v, "status"), get(w, "status"));
		json_object_set_new(o, "target", goelf_json_str(k));
		json_array_append_new(rows, o);
	}
	return rows;
}

/* The severity name of a finding as a number (info 0, warn 1, fail 2),
 * -1 when it is none of them. */
static int
sev_rank(const char *s)
{
	return !s		    ? -1
	       : !strcmp(s, "info") ? GOELF_SEV_INFO
	       : !strcmp(s, "warn") ? GOELF_SEV_WARN
	       : !strcmp(s, "fail") ? GOELF_SEV_FAIL
				    : -1;
}

/* Findings whose id is in one side only. */
static json_t *
findings_only(json_t *in, json_t *other)
{
	json_t *rows = json_array(), *e;
	size_t i;

	json_array_foreach (in, i, e) {
		json_t *r;

		if (!sget(e, "id") || find_by(other, "id", sget(e, "id")) ||
		    find_by(rows, "id", sget(e, "id")))
			continue;
		r = json_object();
		json_object_set_new(r, "id", goelf_json_str(sget(e, "id")));
		json_object_set_new(r, "severity",
				    copy_or_null(get(e, "severity")));
		json_object_set_new(r, "message",
				    copy_or_null(get(e, "message")));
		json_array_append_new(rows, r);
	}
	return rows;
}

static json_t *
side(json_t *j, const char *path, bool is_report)
{
	json_t *o = json_object();

	goelf_json_set_path(o, path);
	json_object_set_new(o, "source",
			    json_string(is_report ? "report" : "binary"));
	json_object_set_new(o, "arch", copy_or_null(get2(j, "elf", "arch")));
	json_object_set_new(o, "size", copy_or_null(get2(j, "elf", "size")));
	return o;
}

static void threshold(json_t *th, const char *id, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
threshold(json_t *th, const char *id, const char *fmt, ...)
{
	struct goelf_buf b;
	va_list ap;
	json_t *o = json_object();
	char tmp[512];

	goelf_buf_init(&b, 4096);
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	goelf_buf_adds(&b, tmp);
	json_object_set_new(o, "id", json_string(id));
	json_object_set_new(o, "message", goelf_json_str(b.buf));
	json_array_append_new(th, o);
	goelf_buf_release(&b);
}

static bool
empty_arr(json_t *o, const char *k)
{
	json_t *v = get(o, k);

	return !v || json_is_null(v) ||
	       (json_is_array(v) && !json_array_size(v));
}

void *
goelf_diff_compute(const void *oldp, const void *newp, const char *old_path,
		   bool old_report, const char *new_path, bool new_report,
		   const struct goelf_policy *p)
{
	json_t *a = (json_t *)oldp, *b = (json_t *)newp;
	json_t *d = json_object(), *warn = json_array(), *th = json_array();
	json_t *sa = get(a, "size"), *sb = get(b, "size"), *v, *needed, *fn;
	json_t *targets, *counted, *e;
	size_t i;
	json_int_t za = iget(get(a, "elf"), "size"),
		   zb = iget(get(b, "elf"), "size");
	const char *arch_a = sget(get(a, "elf"), "arch");
	const char *arch_b = sget(get(b, "elf"), "arch");
	bool raised, empty;
	json_int_t dz = sub_sat(zb, za);
	double pct = za ? 100.0 * (double)dz / (double)za : 0.0;

	json_object_set_new(d, "schema_version", json_integer(1));
	json_object_set_new(d, "old", side(a, old_path, old_report));
	json_object_set_new(d, "new", side(b, new_path, new_report));
	if (arch_a && arch_b && strcmp(arch_a, arch_b))
		json_array_append_new(warn, json_sprintf("comparing %s with %s",
							 arch_a, arch_b));
	if (!sa || !sb)
		json_array_append_new(warn,
				      json_string("a side has no size data "
						  "(report from an older "
						  "goelf): no section or "
						  "package deltas"));
	json_object_set_new(d, "warnings", warn);
	v = json_object();
	json_object_set_new(v, "old", json_integer(za));
	json_object_set_new(v, "new", json_integer(zb));
	json_object_set_new(v, "delta", json_integer(dz));
	json_object_set_new(v, "percent", za ? json_real(pct) : json_null());
	json_object_set_new(d, "file_size", v);
	json_object_set_new(
		d, "classes",
		sa && sb ? map_delta(get(sa, "classes"), get(sb, "classes"))
			 : json_array());
	json_object_set_new(d, "sections",
			    sa && sb ? list_delta(get(sa, "sections"),
						  get(sb, "sections"), "name",
						  "size")
				     : json_array());
	if (json_array_size(get(sa, "packages")) &&
	    json_array_size(get(sb, "packages")))
		json_object_set_new(d, "packages",
				    list_delta(get(sa, "packages"),
					       get(sb, "packages"), "name",
					       "bytes"));
	else
		json_object_set_new(d, "packages", json_null());
	json_object_set_new(d, "changes", scalar_delta(a, b));
	targets = targets_delta(get2(a, "verdict", "targets"),
				get2(b, "verdict", "targets"));
	json_object_set_new(d, "targets", targets);
	json_object_set_new(
		d, "deps",
		deps_delta(get2(a, "go", "deps"), get2(b, "go", "deps")));
	json_object_set_new(d, "settings",
			    settings_delta(get2(a, "go", "settings"),
					   get2(b, "go", "settings")));
	needed = set_delta(get2(a, "linking", "needed"),
			   get2(b, "linking", "needed"));
	json_object_set_new(d, "needed", needed);
	json_object_set_new(d, "glibc", glibc_delta(a, b, &raised));
	v = get2(a, "debug", "total_bytes");
	if (!same(v, get2(b, "debug", "total_bytes"))) {
		json_t *o = old_new(v, get2(b, "debug", "total_bytes"));

		json_object_set_new(d, "debug", o);
	} else {
		json_object_set_new(d, "debug", json_null());
	}
	fn = json_object();
	json_object_set_new(
		fn, "new",
		findings_only(get(b, "findings"), get(a, "findings")));
	json_object_set_new(
		fn, "gone",
		findings_only(get(a, "findings"), get(b, "findings")));
	json_object_set_new(d, "findings", fn);

	/* Thresholds (policy [diff] keys and flags). */
	if (p->has_max_growth) {
		double limit = p->max_growth;
		bool over = p->max_growth_pct ? (za ? pct > limit : zb > za)
					      : (double)dz > limit;

		if (over)
			threshold(th, "diff.size_growth",
				  "grew by %lld bytes (%+.2f%%), more than "
				  "the limit of %.*f%s",
				  (long long)dz, pct, p->max_growth_pct ? 2 : 0,
				  limit, p->max_growth_pct ? "%" : " bytes");
	}
	/* New findings count from fail-on-new-finding's severity up. */
	counted = json_array();
	json_array_foreach (get(fn, "new"), i, e)
		if (p->fail_on_new_finding &&
		    sev_rank(sget(e, "severity")) >= (int)p->new_finding_sev)
			json_array_append(counted, e);
	if (json_array_size(counted))
		threshold(th, "diff.new_finding",
			  "%zu new finding%s of severity %s or above, first %s",
			  json_array_size(counted),
			  json_array_size(counted) == 1 ? "" : "s",
			  goelf_sev_name(p->new_finding_sev),
			  sget(json_array_get(counted, 0), "id"));
	json_decref(counted);
	if (p->fail_on_glibc_raise && raised)
		threshold(th, "diff.glibc_raised",
			  "the glibc floor rose from %s to %s",
			  sget(get(a, "libc"), "min_glibc")
				  ? sget(get(a, "libc"), "min_glibc")
				  : "none (no glibc)",
			  sget(get(b, "libc"), "min_glibc"));
	json_object_set_new(d, "thresholds", th);
	json_object_set_new(d, "failed", json_boolean(json_array_size(th)));
	empty = za == zb && empty_arr(d, "classes") &&
		empty_arr(d, "sections") && empty_arr(d, "packages") &&
		empty_arr(d, "changes") && empty_arr(d, "targets") &&
		empty_arr(d, "deps") && empty_arr(d, "settings") &&
		empty_arr(needed, "added") && empty_arr(needed, "removed") &&
		empty_arr(d, "glibc") && empty_arr(d, "debug") &&
		empty_arr(fn, "new") && empty_arr(fn, "gone");
	json_object_set_new(d, "empty", json_boolean(empty));
	return d;
}
