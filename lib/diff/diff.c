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
