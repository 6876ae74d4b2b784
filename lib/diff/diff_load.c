/*
 * diff_load.c - one side of goelf diff: an ELF file is analysed and
 * turned into the object goelf inspect --format json prints; any other
 * file is read as a saved report and checked before use (the keys the
 * engine reads, their types, and every byte count within 0..2^62, lists
 * bounded), so a hostile baseline is an error, never an overflow.
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

int
goelf_diff_validate(void *report, const char *path, struct goelf_buf *err)
{
	return validate(report, path, err);
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

	/* A binary side carries per-package sizes (goelf_opts.funcs). */
	if (goelf_report_file_opts(path, &(struct goelf_opts){ .funcs = true },
				   &r) != GOELF_OK) {
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
