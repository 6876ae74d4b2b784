/* test_cursor.c - goelf_cursor_*, goelf_in_range, goelf_get_u16/32/64. */
#include "testutil.h"

static void
test_take_skip(void **state)
{
	static const uint8_t data[4] = {1, 2, 3, 4};
	struct goelf_cursor c;
	const uint8_t *p = NULL;

	(void)state;
	goelf_cursor_init(&c, data, sizeof(data), GOELF_LITTLE);
	assert_int_equal(goelf_cursor_left(&c), 4);
	assert_true(goelf_cursor_take(&c, 0, &p));
	assert_ptr_equal(p, data);
	assert_int_equal(goelf_cursor_left(&c), 4);
	assert_true(goelf_cursor_take(&c, 3, &p));
	assert_ptr_equal(p, data);
	assert_int_equal(goelf_cursor_left(&c), 1);

	/* Too much: fails, does not move, does not touch out. */
	p = NULL;
	assert_false(goelf_cursor_take(&c, 2, &p));
	assert_null(p);
	assert_int_equal(goelf_cursor_left(&c), 1);
	assert_false(goelf_cursor_take(&c, SIZE_MAX, &p));
	assert_int_equal(goelf_cursor_left(&c), 1);
	assert_false(goelf_cursor_skip(&c, 2));
	assert_false(goelf_cursor_skip(&c, SIZE_MAX));
	assert_int_equal(goelf_cursor_left(&c), 1);

	assert_true(goelf_cursor_take(&c, 1, &p));
	assert_ptr_equal(p, data + 3);
	assert_int_equal(goelf_cursor_left(&c), 0);

	/* At the end: only zero-length takes succeed. */
	assert_true(goelf_cursor_skip(&c, 0));
	assert_false(goelf_cursor_skip(&c, 1));
	assert_false(goelf_cursor_take(&c, 1, NULL));
	assert_int_equal(goelf_cursor_left(&c), 0);

	goelf_cursor_init(&c, data, sizeof(data), GOELF_LITTLE);
	assert_true(goelf_cursor_skip(&c, 4));
	assert_int_equal(goelf_cursor_left(&c), 0);
}

static void
test_ints_at_end(void **state)
{
	static const uint8_t data[7] = {1, 2, 3, 4, 5, 6, 7};
	struct goelf_cursor c;
	uint8_t v8 = 0xaa;
	uint16_t v16 = 0xaaaa;
	uint32_t v32 = 0xaaaaaaaa;
	uint64_t v64 = 0xaaaaaaaaaaaaaaaaull;

	(void)state;
	goelf_cursor_init(&c, data, sizeof(data), GOELF_LITTLE);
	assert_false(goelf_cursor_u64(&c, &v64));
	assert_int_equal(v64, 0xaaaaaaaaaaaaaaaaull);
	assert_int_equal(goelf_cursor_left(&c), 7);
	assert_true(goelf_cursor_u32(&c, &v32));
	assert_int_equal(goelf_cursor_left(&c), 3);
	assert_false(goelf_cursor_u32(&c, &v32));
	assert_int_equal(v32, 0x04030201);
	assert_int_equal(goelf_cursor_left(&c), 3);
	assert_true(goelf_cursor_u16(&c, &v16));
	assert_int_equal(v16, 0x0605);
	assert_false(goelf_cursor_u16(&c, &v16));
	assert_int_equal(v16, 0x0605);
	assert_int_equal(goelf_cursor_left(&c), 1);
	assert_true(goelf_cursor_u8(&c, &v8));
	assert_int_equal(v8, 7);
	assert_false(goelf_cursor_u8(&c, &v8));
	assert_int_equal(v8, 7);
	assert_int_equal(goelf_cursor_left(&c), 0);
}

static const uint8_t seq[8] = {0x01, 0x02, 0x03, 0x04,
			       0x05, 0x06, 0x07, 0x08};

static void
test_ints_little(void **state)
{
	struct goelf_cursor c;
	uint16_t v16;
	uint32_t v32;
	uint64_t v64;

	(void)state;
	goelf_cursor_init(&c, seq, 2, GOELF_LITTLE);
	assert_true(goelf_cursor_u16(&c, &v16));
	assert_int_equal(v16, 0x0201);
	goelf_cursor_init(&c, seq, 4, GOELF_LITTLE);
	assert_true(goelf_cursor_u32(&c, &v32));
	assert_int_equal(v32, 0x04030201u);
	goelf_cursor_init(&c, seq, 8, GOELF_LITTLE);
	assert_true(goelf_cursor_u64(&c, &v64));
	assert_true(v64 == 0x0807060504030201ull);
	assert_int_equal(goelf_cursor_left(&c), 0);
}

static void
test_ints_big(void **state)
{
	struct goelf_cursor c;
	uint16_t v16;
	uint32_t v32;
	uint64_t v64;

	(void)state;
	goelf_cursor_init(&c, seq, 2, GOELF_BIG);
	assert_true(goelf_cursor_u16(&c, &v16));
	assert_int_equal(v16, 0x0102);
	goelf_cursor_init(&c, seq, 4, GOELF_BIG);
	assert_true(goelf_cursor_u32(&c, &v32));
	assert_int_equal(v32, 0x01020304u);
	goelf_cursor_init(&c, seq, 8, GOELF_BIG);
	assert_true(goelf_cursor_u64(&c, &v64));
	assert_true(v64 == 0x0102030405060708ull);
	assert_int_equal(goelf_cursor_left(&c), 0);
}

static void
test_high_bits(void **state)
{
	static const uint8_t ff[8] = {0xff, 0xfe, 0xfd, 0xfc,
				      0xfb, 0xfa, 0xf9, 0x80};
	struct goelf_cursor c;
	uint64_t v64;
	uint32_t v32;

	(void)state;
	/* No sign extension, no shift of int into the sign bit. */
	goelf_cursor_init(&c, ff, 8, GOELF_LITTLE);
	assert_true(goelf_cursor_u64(&c, &v64));
	assert_true(v64 == 0x80f9fafbfcfdfeffull);
	goelf_cursor_init(&c, ff, 8, GOELF_BIG);
	assert_true(goelf_cursor_u64(&c, &v64));
	assert_true(v64 == 0xfffefdfcfbfaf980ull);
	goelf_cursor_init(&c, ff, 4, GOELF_BIG);
	assert_true(goelf_cursor_u32(&c, &v32));
	assert_true(v32 == 0xfffefdfcu);
}

static void
test_word(void **state)
{
	struct goelf_cursor c;
	uint64_t v = 0x1234;

	(void)state;
	goelf_cursor_init(&c, seq, 8, GOELF_LITTLE);
	assert_true(goelf_cursor_word(&c, 4, &v));
	assert_true(v == 0x04030201u);
	assert_int_equal(goelf_cursor_left(&c), 4);
	assert_true(goelf_cursor_word(&c, 4, &v));
	assert_true(v == 0x08070605u);
	assert_false(goelf_cursor_word(&c, 4, &v));

	goelf_cursor_init(&c, seq, 8, GOELF_BIG);
	assert_true(goelf_cursor_word(&c, 8, &v));
	assert_true(v == 0x0102030405060708ull);
	assert_int_equal(goelf_cursor_left(&c), 0);

	/* Short data for an 8-byte word. */
	goelf_cursor_init(&c, seq, 7, GOELF_BIG);
	v = 0x1234;
	assert_false(goelf_cursor_word(&c, 8, &v));
	assert_true(v == 0x1234);
	assert_int_equal(goelf_cursor_left(&c), 7);

	/* Invalid sizes fail without moving. */
	goelf_cursor_init(&c, seq, 8, GOELF_LITTLE);
	assert_false(goelf_cursor_word(&c, 0, &v));
	assert_false(goelf_cursor_word(&c, 2, &v));
	assert_false(goelf_cursor_word(&c, 3, &v));
	assert_false(goelf_cursor_word(&c, 16, &v));
	assert_false(goelf_cursor_word(&c, -4, &v));
	assert_true(v == 0x1234);
	assert_int_equal(goelf_cursor_left(&c), 8);
}

/* Decodes bytes as one uvarint; returns ok, sets *v and *used. */
static bool
uvarint(const uint8_t *b, size_t n, uint64_t *v, size_t *used)
{
	struct goelf_cursor c;
	bool ok;

	goelf_cursor_init(&c, b, n, GOELF_LITTLE);
	ok = goelf_cursor_uvarint(&c, v);
	*used = n - goelf_cursor_left(&c);
	return ok;
}

static void
test_uvarint_values(void **state)
{
	static const uint8_t zero[] = {0x00, 0xee};
	static const uint8_t one[] = {0x01};
	static const uint8_t b127[] = {0x7f};
	static const uint8_t b128[] = {0x80, 0x01};
	static const uint8_t b300[] = {0xac, 0x02, 0x55};
	static const uint8_t max[] = {0xff, 0xff, 0xff, 0xff, 0xff,
				      0xff, 0xff, 0xff, 0xff, 0x01};
	/* Non-minimal but valid encodings Go accepts. */
	static const uint8_t padded0[] = {0x80, 0x80, 0x00};
	uint64_t v;
	size_t used;

	(void)state;
	assert_true(uvarint(zero, sizeof(zero), &v, &used));
	assert_true(v == 0);
	assert_int_equal(used, 1);
	assert_true(uvarint(one, sizeof(one), &v, &used));
	assert_true(v == 1);
	assert_int_equal(used, 1);
	assert_true(uvarint(b127, sizeof(b127), &v, &used));
	assert_true(v == 127);
	assert_int_equal(used, 1);
	assert_true(uvarint(b128, sizeof(b128), &v, &used));
	assert_true(v == 128);
	assert_int_equal(used, 2);
	assert_true(uvarint(b300, sizeof(b300), &v, &used));
	assert_true(v == 300);
	assert_int_equal(used, 2);
	assert_true(uvarint(max, sizeof(max), &v, &used));
	assert_true(v == UINT64_MAX);
	assert_int_equal(used, 10);
	assert_true(uvarint(padded0, sizeof(padded0), &v, &used));
	assert_true(v == 0);
	assert_int_equal(used, 3);
}

static void
test_uvarint_bad(void **state)
{
	static const uint8_t over[] = {0xff, 0xff, 0xff, 0xff, 0xff,
				       0xff, 0xff, 0xff, 0xff, 0x02};
	static const uint8_t eleven[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
					 0xff, 0xff, 0xff, 0xff, 0xff};
	/* Ten continuation bytes then a terminator: 11 bytes, too long. */
	static const uint8_t long11[] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
					 0x80, 0x80, 0x80, 0x80, 0x00};
	static const uint8_t trunc[] = {0x80, 0x80};
	static const uint8_t trunc1[] = {0xac};
	uint64_t v = 0x5555;
	size_t used;

	(void)state;
	assert_false(uvarint(over, sizeof(over), &v, &used));
	assert_int_equal(used, 0);
	assert_false(uvarint(eleven, sizeof(eleven), &v, &used));
	assert_int_equal(used, 0);
	assert_false(uvarint(long11, sizeof(long11), &v, &used));
	assert_int_equal(used, 0);
	assert_false(uvarint(trunc, sizeof(trunc), &v, &used));
	assert_int_equal(used, 0);
	assert_false(uvarint(trunc1, sizeof(trunc1), &v, &used));
	assert_int_equal(used, 0);
	assert_false(uvarint(trunc, 0, &v, &used));
	assert_int_equal(used, 0);
	assert_true(v == 0x5555);
	/* The 9-byte prefix of max is truncated. */
	assert_false(uvarint(over, 9, &v, &used));
	assert_int_equal(used, 0);
}

static void
test_uvarint_sequence(void **state)
{
	static const uint8_t b[] = {0xac, 0x02, 0x7f, 0x80, 0x01, 0x80};
	struct goelf_cursor c;
	uint64_t v;

	(void)state;
	goelf_cursor_init(&c, b, sizeof(b), GOELF_BIG);
	assert_true(goelf_cursor_uvarint(&c, &v));
	assert_true(v == 300);
	assert_true(goelf_cursor_uvarint(&c, &v));
	assert_true(v == 127);
	assert_true(goelf_cursor_uvarint(&c, &v));
	assert_true(v == 128);
	assert_int_equal(goelf_cursor_left(&c), 1);
	assert_false(goelf_cursor_uvarint(&c, &v));
	assert_int_equal(goelf_cursor_left(&c), 1);
}

static void
test_in_range(void **state)
{
	(void)state;
	assert_true(goelf_in_range(0, 0, 0));
	assert_true(goelf_in_range(10, 0, 10));
	assert_false(goelf_in_range(11, 0, 10));
	assert_true(goelf_in_range(0, 10, 10));
	assert_true(goelf_in_range(4, 6, 10));
	assert_false(goelf_in_range(4, 7, 10));
	assert_false(goelf_in_range(0, 11, 10));
	/* Values whose sum would wrap. */
	assert_false(goelf_in_range(UINT64_MAX, 1, 10));
	assert_false(goelf_in_range(1, UINT64_MAX, 10));
	assert_false(goelf_in_range(0xfffffffffffffff0ull, 0x20, 100));
	assert_false(goelf_in_range(0xfffffffffffffff0ull, 0x20, UINT64_MAX));
	assert_false(goelf_in_range(UINT64_MAX, UINT64_MAX, UINT64_MAX - 1));
	assert_true(goelf_in_range(UINT64_MAX, 0, UINT64_MAX));
	assert_true(goelf_in_range(0, UINT64_MAX, UINT64_MAX));
	assert_true(goelf_in_range(1, UINT64_MAX - 1, UINT64_MAX));
	assert_false(goelf_in_range(2, UINT64_MAX - 1, UINT64_MAX));
}

static void
test_get(void **state)
{
	static const uint8_t b[8] = {0x80, 0x01, 0x02, 0x03,
				     0x04, 0x05, 0x06, 0xff};

	(void)state;
	assert_int_equal(goelf_get_u16(b, GOELF_LITTLE), 0x0180);
	assert_int_equal(goelf_get_u16(b, GOELF_BIG), 0x8001);
	assert_true(goelf_get_u32(b, GOELF_LITTLE) == 0x03020180u);
	assert_true(goelf_get_u32(b, GOELF_BIG) == 0x80010203u);
	assert_true(goelf_get_u32(b + 4, GOELF_LITTLE) == 0xff060504u);
	assert_true(goelf_get_u64(b, GOELF_LITTLE) == 0xff06050403020180ull);
	assert_true(goelf_get_u64(b, GOELF_BIG) == 0x80010203040506ffull);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_take_skip),
		cmocka_unit_test(test_ints_at_end),
		cmocka_unit_test(test_ints_little),
		cmocka_unit_test(test_ints_big),
		cmocka_unit_test(test_high_bits),
		cmocka_unit_test(test_word),
		cmocka_unit_test(test_uvarint_values),
		cmocka_unit_test(test_uvarint_bad),
		cmocka_unit_test(test_uvarint_sequence),
		cmocka_unit_test(test_in_range),
		cmocka_unit_test(test_get),
	};

	return cmocka_run_group_tests_name("cursor", tests, NULL, NULL);
}
