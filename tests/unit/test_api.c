/* test_api.c - the public API (include/goelf.h) used as a program would:
 * only goelf.h, handles and accessors, no private header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "goelf.h"

static const char *
fix(const char *name)
{
	static char buf[4096];
	const char *dir = getenv("GOELF_FIXTURES");

	snprintf(buf, sizeof(buf), "%s/%s", dir ? dir : "build/fixtures", name);
	return buf;
}

/* What fn(out, s) prints, malloc'd. */
static char *
printed(void (*fn)(FILE *, const char *), const char *s)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	assert_non_null(f);
	fn(f, s);
	fclose(f);
	return buf;
}

static void
test_escape(void **state)
{
	char *s;

	(void)state;
	s = printed(goelf_text_escape, "a\033]0;x\007\\b\xc3\xa4");
	assert_string_equal(s, "a\\x1b]0;x\\x07\\x5cb\\xc3\\xa4");
	free(s);
	/* lines: tab, newline, backslash and UTF-8 stay; C1 (U+009B, CSI),
	 * invalid bytes, ESC and DEL do not. */
	s = printed(goelf_text_escape_lines,
		    "\tp\\a\xc3\xa4\n\xc2\x9b\xff\033\177");
	assert_string_equal(s, "\tp\\a\xc3\xa4\n\\xc2\\x9b\\xff\\x1b\\x7f");
	free(s);
}

static void
test_report_go(void **state)
{
	struct goelf_report *r = goelf_report_open(fix("go-minimal"), NULL);
	struct goelf_policy *p = goelf_policy_new();
	char *err = NULL;
	size_t n;

	(void)state;
	assert_int_equal(goelf_report_error(r), GOELF_OK);
	assert_null(goelf_report_error_message(r));
	assert_string_equal(goelf_report_path(r), fix("go-minimal"));
	assert_string_equal(goelf_report_arch(r), "amd64");
	assert_int_equal(goelf_report_link_kind(r), GOELF_LINK_STATIC);
	assert_int_equal(goelf_report_libc(r), GOELF_LIBC_NONE);
	assert_null(goelf_report_min_glibc(r));
	assert_true(goelf_report_is_go(r));
	assert_non_null(goelf_report_go_version(r));
	assert_memory_equal(goelf_report_go_version(r), "go1.", 4);
	assert_int_equal(goelf_report_buildinfo(r), GOELF_BUILDINFO_OK);
	n = goelf_report_finding_count(r);
	assert_true(n > 0);
	for (size_t i = 1; i < n; i++)
		assert_true(strcmp(goelf_report_finding_id(r, i - 1),
				   goelf_report_finding_id(r, i)) <= 0);
	assert_non_null(goelf_report_finding_message(r, 0));
	assert_null(goelf_report_finding_id(r, n));
	assert_int_equal(goelf_policy_put(p, NULL, "nonsense", "1", &err), -1);
	assert_non_null(err);
	free(err);
	err = NULL;
	assert_int_equal(goelf_policy_put(p, NULL, "fail-on", "warn", &err), 0);
	assert_null(err);
	assert_int_equal(goelf_policy_fail_on(p), GOELF_SEV_WARN);
	goelf_report_judge(r, p);
	/* go-minimal is out of support: a warning, which fails on warn. */
	assert_int_equal(goelf_report_status(r), GOELF_SEV_WARN);
	assert_true(goelf_report_failed(r));
	goelf_policy_free(p);
	goelf_report_free(r);
}

static void
test_report_dynamic(void **state)
{
	struct goelf_report *r = goelf_report_open(fix("go-cgo-dyn"), NULL);
	struct goelf_policy *p = goelf_policy_new();

	(void)state;
	assert_int_equal(goelf_report_link_kind(r), GOELF_LINK_DYNAMIC);
	assert_int_equal(goelf_report_libc(r), GOELF_LIBC_GLIBC);
	assert_non_null(goelf_report_min_glibc(r));
	assert_int_equal(goelf_policy_put(p, NULL, "targets", "scratch", NULL),
			 0);
	goelf_report_judge(r, p);
	assert_true(goelf_report_failed(r));
	assert_int_equal(goelf_report_status(r), GOELF_SEV_FAIL);
	goelf_policy_free(p);
	goelf_report_free(r);
}

static void
test_report_error(void **state)
{
	struct goelf_report *r = goelf_report_open("/nonexistent/x", NULL);

	(void)state;
	assert_int_equal(goelf_report_error(r), GOELF_E_IO);
	assert_non_null(goelf_report_error_message(r));
	assert_int_equal(goelf_report_finding_count(r), 0);
	assert_string_equal(goelf_report_arch(r), "unknown");
	assert_int_equal(goelf_report_buildinfo(r), GOELF_BUILDINFO_ABSENT);
	goelf_report_judge(r, NULL);
	assert_false(goelf_report_failed(r));
	goelf_report_free(r);
	goelf_report_free(NULL);
	goelf_policy_free(NULL);
	goelf_diff_free(NULL);
}

static void
test_diff(void **state)
{
	struct goelf_diff *d;
	struct goelf_policy *p = goelf_policy_new();
	char *buf = NULL;
	size_t n = 0;
	FILE *f;

	(void)state;
	d = goelf_diff_open("/nonexistent/old", fix("go-minimal"));
	assert_non_null(goelf_diff_error(d));
	assert_string_equal(goelf_diff_error_path(d), "/nonexistent/old");
	assert_null(strstr(goelf_diff_error(d), "/nonexistent/old"));
	goelf_diff_free(d);

	d = goelf_diff_open(fix("go-minimal"), fix("go-minimal"));
	assert_null(goelf_diff_error(d));
	assert_null(goelf_diff_error_path(d));
	goelf_diff_compare(d, p);
	assert_false(goelf_diff_failed(d));
	assert_int_equal(goelf_diff_warning_count(d), 0);
	f = open_memstream(&buf, &n);
	assert_non_null(f);
	goelf_diff_render_json(d, f);
	fclose(f);
	assert_true(n > 2 && buf[0] == '{' && buf[n - 1] == '\n');
	free(buf);
	goelf_diff_free(d);
	goelf_policy_free(p);
}

/* The CI and SBOM documents through the public API alone: a library
 * user loads with sha256, judges, and prints one document. */
static void
test_docs(void **state)
{
	struct goelf_load_options lo = { .sha256 = true };
	struct goelf_report *r[2];
	struct goelf_policy *p = goelf_policy_new();
	struct goelf_doc *d;
	char *buf = NULL;
	size_t n = 0;
	FILE *f;

	(void)state;
	assert_int_equal(goelf_policy_put(p, NULL, "targets", "scratch", NULL),
			 0);
	r[0] = goelf_report_open(fix("go-replace"), &lo);
	r[1] = goelf_report_open(fix("c-hello"), &lo);
	goelf_report_judge(r[0], p);
	goelf_report_judge(r[1], p);
	assert_true(goelf_report_failed(r[1])); /* c-hello needs a libc */

	f = open_memstream(&buf, &n);
	goelf_render_cyclonedx((const struct goelf_report *const *)r, 2, f);
	fclose(f);
	assert_non_null(strstr(buf, "\"specVersion\": \"1.5\""));
	assert_non_null(strstr(buf, "\"purl\": \"pkg:golang/stdlib@1.19.8\""));
	assert_non_null(strstr(buf, "\"alg\": \"SHA-256\""));
	free(buf);

	f = open_memstream(&buf, &n);
	goelf_render_junit((const struct goelf_report *const *)r, 2, "api", f);
	fclose(f);
	assert_non_null(strstr(buf, "tests=\"2\" failures=\"1\""));
	assert_non_null(strstr(buf, "<testcase classname=\"api\""));
	free(buf);

	d = goelf_doc_new(GOELF_DOC_CODECLIMATE, "gate");
	goelf_doc_add(d, r[1]);
	f = open_memstream(&buf, &n);
	goelf_doc_print(d, f);
	fclose(f);
	assert_true(n > 2 && buf[0] == '[' && buf[n - 1] == '\n');
	assert_non_null(strstr(buf, "\"severity\": \"blocker\""));
	free(buf);
	goelf_doc_free(d);

	goelf_report_free(r[0]);
	goelf_report_free(r[1]);
	goelf_policy_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_report_go),
		cmocka_unit_test(test_report_dynamic),
		cmocka_unit_test(test_report_error),
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_docs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
