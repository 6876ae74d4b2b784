/* test_jsonw.c - goelf_json_dumps (render_jsonw.c) against jansson's own
 * json_dumps(JSON_COMPACT | JSON_ENSURE_ASCII) on the same trees: every
 * byte value in strings and keys (through goelf_json_str, as the
 * renderers build them), every code point class of UTF-8 (1 to 4 bytes,
 * surrogate pairs), integers at the int64 limits, reals, empty and deep
 * containers, and thousands of random trees from a fixed seed. */
#include "testutil.h"

#include <jansson.h>

#include "render/render.h"

static void
same(json_t *j)
{
	char *a = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII);
	char *b = goelf_json_dumps(j, NULL);
	char *c = goelf_json_dumps(j, "\n");

	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(a, b);
	assert_non_null(c);
	assert_int_equal(strlen(c), strlen(a) + 1);
	assert_memory_equal(c, a, strlen(a));
	assert_int_equal(c[strlen(a)], '\n');
	free(a);
	free(b);
	free(c);
	json_decref(j);
}

static void
test_scalars(void **state)
{
	json_t *a = json_array();

	(void)state;
	json_array_append_new(a, json_null());
	json_array_append_new(a, json_true());
	json_array_append_new(a, json_false());
	json_array_append_new(a, json_integer(0));
	json_array_append_new(a, json_integer(-1));
	json_array_append_new(a, json_integer(INT64_MAX));
	json_array_append_new(a, json_integer(INT64_MIN));
	json_array_append_new(a, json_integer(1234567890123LL));
	json_array_append_new(a, json_real(-12.5));
	json_array_append_new(a, json_real(100.0));
	json_array_append_new(a, json_real(1e300));
	json_array_append_new(a, json_array());
	json_array_append_new(a, json_object());
	same(a);
	same(json_object());
	same(json_array());
	/* Not an object or array: nothing, like json_dumps without
	 * JSON_ENCODE_ANY. */
	assert_null(goelf_json_dumps(NULL, NULL));
	a = json_integer(1);
	assert_null(goelf_json_dumps(a, "\n"));
	json_decref(a);
}

static void
test_strings(void **state)
{
	static const char *const s[] = {
		"",
		"plain",
		"quote \" backslash \\ slash /",
		"\b\f\n\r\t\x01\x1f\x7f",
		"caf\xc3\xa9",		   /* U+00E9 */
		"\xe2\x82\xac",		   /* U+20AC */
		"\xef\xbf\xbd",		   /* U+FFFD */
		"\xf0\x9f\x98\x80",	   /* U+1F600: a surrogate pair */
		"\xf4\x8f\xbf\xbf",	   /* U+10FFFF */
		"\xed\x9f\xbf",		   /* U+D7FF */
		"\xee\x80\x80",		   /* U+E000 */
		"bad \xff\xfe bytes \xc3", /* repaired to U+FFFD */
		"\xc0\xaf overlong \xed\xa0\x80 surrogate",
	};
	json_t *o = json_object(), *a = json_array();
	char k[2] = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		json_array_append_new(a, goelf_json_str(s[i]));
		json_object_set_new(o, s[i][0] ? s[i] : "empty",
				    goelf_json_str(s[i]));
	}
	/* Every byte as a key and as a value. */
	for (int c = 1; c < 256; c++) {
		json_t *key;

		k[0] = (char)c;
		key = goelf_json_str(k);
		json_object_set_new(o, json_string_value(key),
				    goelf_json_str(k));
		json_decref(key);
	}
	json_object_set_new(o, "all", a);
	/* An embedded NUL. */
	json_object_set_new(o, "nul", json_stringn("a\0b", 3));
	same(o);
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t
rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

static json_t *
rand_string(void)
{
	char b[40];
	size_t n = rnd(sizeof(b) - 1);

	for (size_t i = 0; i < n; i++)
		b[i] = (char)(rnd(4) ? rnd(128) + 1 : rnd(256));
	b[n] = '\0';
	return goelf_json_str(b);
}

static json_t *
rand_tree(unsigned depth)
{
	unsigned kind = depth > 6 ? rnd(6) : rnd(8);

	switch (kind) {
	case 0: return json_null();
	case 1: return json_boolean(rnd(2));
	case 2: return json_integer((json_int_t)rng - (json_int_t)rnd(1000));
	case 3: return json_real((double)rnd(100000) / 7.0);
	case 4:
	case 5: return rand_string();
	case 6: {
		json_t *a = json_array();

		for (uint32_t i = rnd(6); i; i--)
			json_array_append_new(a, rand_tree(depth + 1));
		return a;
	}
	default: {
		json_t *o = json_object();

		for (uint32_t i = rnd(6); i; i--) {
			json_t *k = rand_string();

			json_object_set_new(o, json_string_value(k),
					    rand_tree(depth + 1));
			json_decref(k);
		}
		return o;
	}
	}
}

static void
test_random(void **state)
{
	(void)state;
	for (int i = 0; i < 5000; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "t", rand_tree(0));
		same(o);
	}
}

static void
test_deep(void **state)
{
	/* Past the writer's depth cap: jansson's output all the same. */
	json_t *root = json_array(), *cur = root;

	(void)state;
	for (int i = 0; i < 200; i++) {
		json_t *n = json_array();

		json_array_append_new(cur, n);
		cur = n;
	}
	same(root);
}

/* The arena of render_arena.c: the same output inside a window, objects
 * from before the window survive it, a nested begin() does nothing,
 * windows larger than a chunk, and many windows in a row. */
static void
test_arena(void **state)
{
	json_malloc_t m;
	json_free_t f;
	json_t *pre = json_object();
	bool began;

	(void)state;
	json_object_set_new(pre, "kept", goelf_json_str("from the heap"));
	assert_false(goelf_json_arena_begin()); /* not installed */
	goelf_json_arena_install();
	json_get_alloc_funcs(&m, &f);
	for (int round = 0; round < 50; round++) {
		json_t *o, *big;
		char *a, *b;

		began = goelf_json_arena_begin();
		assert_true(began);
		assert_false(goelf_json_arena_begin());
		o = json_object();
		big = json_array();
		for (int i = 0; i < (round % 5 ? 100 : 20000); i++)
			json_array_append_new(big, rand_string());
		json_object_set_new(o, "big", big);
		json_object_set_new(o, "t", rand_tree(0));
		json_object_set(o, "pre", pre);
		a = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
		b = goelf_json_dumps(o, NULL);
		assert_non_null(a);
		assert_non_null(b);
		assert_string_equal(a, b);
		f(a); /* jansson's memory: its free */
		free(b);
		json_decref(o);
		goelf_json_arena_end(began);
	}
	{
		char *s = goelf_json_dumps(pre, NULL);

		assert_string_equal(s, "{\"kept\":\"from the heap\"}");
		free(s);
	}
	json_decref(pre);
	json_set_alloc_funcs(malloc, free);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scalars), cmocka_unit_test(test_strings),
		cmocka_unit_test(test_random),	cmocka_unit_test(test_deep),
		cmocka_unit_test(test_arena),
	};

	return cmocka_run_group_tests_name("jsonw", tests, NULL, NULL);
}
