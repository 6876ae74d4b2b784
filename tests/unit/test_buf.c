/* test_buf.c - goelf_buf and goelf_strlist. */
#include "testutil.h"

static void
test_init_empty(void **state)
{
	struct goelf_buf b;

	(void)state;
	goelf_buf_init(&b, 16);
	assert_non_null(b.buf);
	assert_string_equal(b.buf, "");
	assert_int_equal(b.len, 0);
	assert_false(b.truncated);
	goelf_buf_reset(&b);
	assert_string_equal(b.buf, "");
	goelf_buf_release(&b);
	assert_non_null(b.buf);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 16);
}

static void
test_add(void **state)
{
	struct goelf_buf b;

	(void)state;
	goelf_buf_init(&b, 1024);
	assert_int_equal(goelf_buf_adds(&b, "abc"), 0);
	assert_int_equal(goelf_buf_addc(&b, '-'), 0);
	assert_int_equal(goelf_buf_add(&b, "xyz123", 3), 0);
	assert_int_equal(goelf_buf_add(&b, "", 0), 0);
	assert_int_equal(goelf_buf_addf(&b, "%d/%s", 42, "q"), 0);
	assert_string_equal(b.buf, "abc-xyz42/q");
	assert_int_equal(b.len, strlen("abc-xyz42/q"));
	assert_false(b.truncated);
	goelf_buf_reset(&b);
	assert_string_equal(b.buf, "");
	assert_int_equal(b.len, 0);
	assert_int_equal(goelf_buf_adds(&b, "again"), 0);
	assert_string_equal(b.buf, "again");
	goelf_buf_release(&b);
	assert_string_equal(b.buf, "");
}

static void
test_cap(void **state)
{
	struct goelf_buf b;

	(void)state;
	goelf_buf_init(&b, 8);
	assert_int_equal(goelf_buf_adds(&b, "12345"), 0);
	/* 5 + 4 > 8: fails, content unchanged, truncated set. */
	assert_int_equal(goelf_buf_adds(&b, "6789"), -1);
	assert_true(b.truncated);
	assert_string_equal(b.buf, "12345");
	assert_int_equal(b.len, 5);
	/* Exactly up to the cap still fits. */
	assert_int_equal(goelf_buf_adds(&b, "678"), 0);
	assert_string_equal(b.buf, "12345678");
	assert_int_equal(b.len, 8);
	assert_int_equal(goelf_buf_addc(&b, 'x'), -1);
	assert_int_equal(goelf_buf_addf(&b, "%s", "y"), -1);
	assert_int_equal(goelf_buf_add(&b, "z", 1), -1);
	assert_string_equal(b.buf, "12345678");
	assert_int_equal(b.len, 8);
	assert_true(b.truncated);
	/* A zero-length add at the cap is fine. */
	assert_int_equal(goelf_buf_add(&b, "", 0), 0);
	/* Huge n must not wrap around. */
	assert_int_equal(goelf_buf_add(&b, "", SIZE_MAX), -1);
	assert_string_equal(b.buf, "12345678");
	goelf_buf_reset(&b);
	assert_false(b.truncated);
	goelf_buf_release(&b);

	/* cap 0: nothing fits, buf stays a valid empty string. */
	goelf_buf_init(&b, 0);
	assert_int_equal(goelf_buf_addc(&b, 'a'), -1);
	assert_true(b.truncated);
	assert_string_equal(b.buf, "");
	goelf_buf_release(&b);
}

static void
test_addf_long(void **state)
{
	struct goelf_buf b;
	char big[5000];
	char *want;

	(void)state;
	memset(big, 'A', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';

	goelf_buf_init(&b, 100000);
	assert_int_equal(goelf_buf_adds(&b, "<"), 0);
	assert_int_equal(goelf_buf_addf(&b, "[%s]%d", big, 7), 0);
	assert_int_equal(b.len, 1 + 1 + 4999 + 1 + 1);
	assert_int_equal(b.buf[0], '<');
	assert_int_equal(b.buf[1], '[');
	assert_int_equal(b.buf[2], 'A');
	assert_int_equal(b.buf[5000], 'A');
	assert_string_equal(b.buf + 5001, "]7");
	assert_int_equal(strlen(b.buf), b.len);
	/* Following appends land after it. */
	assert_int_equal(goelf_buf_addf(&b, "%s", big), 0);
	assert_int_equal(b.len, 5003 + 4999);
	assert_int_equal(strlen(b.buf), b.len);
	goelf_buf_release(&b);

	/* Exactly 256 / 255 characters: the boundary of the small buffer. */
	for (size_t n = 254; n <= 258; n++) {
		goelf_buf_init(&b, 4096);
		big[n] = '\0';
		assert_int_equal(goelf_buf_addf(&b, "%s", big), 0);
		assert_int_equal(b.len, n);
		assert_int_equal(strlen(b.buf), n);
		big[n] = 'A';
		goelf_buf_release(&b);
	}

	/* A long string past the cap: fails and leaves the buffer alone. */
	goelf_buf_init(&b, 1000);
	assert_int_equal(goelf_buf_adds(&b, "keep"), 0);
	assert_int_equal(goelf_buf_addf(&b, "%s", big), -1);
	assert_true(b.truncated);
	assert_string_equal(b.buf, "keep");
	assert_int_equal(b.len, 4);
	goelf_buf_release(&b);

	/* Long addf into a fresh buffer, then detach. */
	goelf_buf_init(&b, 8192);
	assert_int_equal(goelf_buf_addf(&b, "%s", big), 0);
	want = goelf_buf_detach(&b);
	assert_string_equal(want, big);
	free(want);
	goelf_buf_release(&b);
}

static void
test_detach(void **state)
{
	struct goelf_buf b;
	char *s;

	(void)state;
	goelf_buf_init(&b, 64);
	assert_int_equal(goelf_buf_adds(&b, "hello"), 0);
	s = goelf_buf_detach(&b);
	assert_string_equal(s, "hello");
	/* The buffer is re-initialised and usable. */
	assert_int_equal(b.len, 0);
	assert_string_equal(b.buf, "");
	assert_int_equal(b.cap, 64);
	assert_ptr_not_equal(b.buf, s);
	assert_int_equal(goelf_buf_adds(&b, "again"), 0);
	assert_string_equal(s, "hello");
	free(s);
	goelf_buf_release(&b);

	/* Detaching a never-grown buffer gives a heap "" (free()able). */
	goelf_buf_init(&b, 64);
	s = goelf_buf_detach(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	goelf_buf_release(&b);
}

static void
test_grow(void **state)
{
	struct goelf_buf b;

	(void)state;
	goelf_buf_init(&b, 1u << 20);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(goelf_buf_addc(&b, (char)('a' + i % 26)), 0);
	assert_int_equal(b.len, 10000);
	assert_int_equal(strlen(b.buf), 10000);
	assert_int_equal(b.buf[9999], 'a' + 9999 % 26);
	goelf_buf_release(&b);
}

static void
test_strlist(void **state)
{
	struct goelf_strlist l = {0};
	char tmp[8] = "temp";

	(void)state;
	assert_false(goelf_strlist_has(&l, "x"));
	goelf_strlist_sort(&l);
	goelf_strlist_add(&l, "b");
	goelf_strlist_add(&l, "a");
	goelf_strlist_add(&l, "b");
	assert_int_equal(l.n, 3);
	goelf_strlist_add(&l, tmp);
	/* The list owns a copy. */
	tmp[0] = 'X';
	assert_string_equal(l.v[3], "temp");
	assert_true(goelf_strlist_has(&l, "a"));
	assert_true(goelf_strlist_has(&l, "temp"));
	assert_false(goelf_strlist_has(&l, "Xemp"));
	assert_false(goelf_strlist_has(&l, ""));
	goelf_strlist_add_unique(&l, "a");
	goelf_strlist_add_unique(&l, "c");
	goelf_strlist_add_unique(&l, "c");
	assert_int_equal(l.n, 5);
	goelf_strlist_sort(&l);
	assert_string_equal(l.v[0], "a");
	assert_string_equal(l.v[1], "b");
	assert_string_equal(l.v[2], "b");
	assert_string_equal(l.v[3], "c");
	assert_string_equal(l.v[4], "temp");
	goelf_strlist_release(&l);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
	/* Usable again after release; release twice is harmless. */
	goelf_strlist_add(&l, "z");
	assert_int_equal(l.n, 1);
	goelf_strlist_release(&l);
	goelf_strlist_release(&l);
}

static void
test_strlist_many(void **state)
{
	struct goelf_strlist l = {0};
	char s[16];

	(void)state;
	for (int i = 999; i >= 0; i--) {
		snprintf(s, sizeof(s), "%04d", i);
		goelf_strlist_add_unique(&l, s);
		goelf_strlist_add_unique(&l, s);
	}
	assert_int_equal(l.n, 1000);
	goelf_strlist_sort(&l);
	for (int i = 0; i < 1000; i++) {
		snprintf(s, sizeof(s), "%04d", i);
		assert_string_equal(l.v[i], s);
	}
	goelf_strlist_release(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_empty),
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_addf_long),
		cmocka_unit_test(test_detach),
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_strlist),
		cmocka_unit_test(test_strlist_many),
	};

	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
