/* test_digest.c - SHA-256 (FIPS 180-2 vectors, as sha256sum prints
 * them), incremental in odd pieces, hex, and base64 decoding of go.sum
 * h1: hashes (the expected bytes from coreutils base64 -d). */
#include "testutil.h"

static void
hex_of(const void *p, size_t n, char *out)
{
	uint8_t d[GOELF_SHA256_LEN];

	goelf_sha256(p, n, d);
	goelf_hex(d, sizeof(d), out);
}

static void
test_vectors(void **state)
{
	char hex[2 * GOELF_SHA256_LEN + 1];
	char *a = malloc(1000000);

	(void)state;
	hex_of("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb924"
				 "27ae41e4649b934ca495991b7852b855");
	hex_of("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
				 "b00361a396177a9cb410ff61f20015ad");
	assert_non_null(a);
	memset(a, 'a', 1000000);
	hex_of(a, 1000000, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
				 "f1809a48a497200e046d39ccc7112cd0");
	free(a);
}

static void
test_incremental(void **state)
{
	struct goelf_sha256 h;
	uint8_t d[GOELF_SHA256_LEN], e[GOELF_SHA256_LEN];
	uint8_t buf[1000];
	size_t off = 0, step = 1;

	(void)state;
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 7 + 3);
	goelf_sha256(buf, sizeof(buf), d);
	goelf_sha256_init(&h);
	while (off < sizeof(buf)) {
		size_t n = step < sizeof(buf) - off ? step : sizeof(buf) - off;

		goelf_sha256_update(&h, buf + off, n);
		off += n;
		step = step * 3 + 1;
	}
	goelf_sha256_final(&h, e);
	assert_memory_equal(d, e, sizeof(d));
}

static void
test_base64(void **state)
{
	uint8_t out[40];
	char hex[81];
	long n;

	(void)state;
	n = goelf_base64_decode("tlDq/IyoEgm5ABnUT8UnzRO+scLXOYQpd11cC5P35bQ=",
				out, sizeof(out));
	assert_int_equal(n, 32);
	goelf_hex(out, 32, hex);
	assert_string_equal(hex, "b650eafc8ca81209b90019d44fc527cd"
				 "13beb1c2d7398429775d5c0b93f7e5b4");
	assert_int_equal(goelf_base64_decode("", out, sizeof(out)), 0);
	assert_int_equal(goelf_base64_decode("Zm9v", out, sizeof(out)), 3);
	assert_memory_equal(out, "foo", 3);
	assert_int_equal(goelf_base64_decode("Zg==", out, sizeof(out)), 1);
	assert_int_equal(out[0], 'f');
	/* bad: length, alphabet, non-canonical tail bits, no room */
	assert_int_equal(goelf_base64_decode("Zm9", out, sizeof(out)), -1);
	assert_int_equal(goelf_base64_decode("Zm9v!A==", out, sizeof(out)), -1);
	assert_int_equal(goelf_base64_decode("Zh==", out, sizeof(out)), -1);
	assert_int_equal(goelf_base64_decode("Zm9vYmFy", out, 5), -1);
	assert_int_equal(goelf_base64_decode("Z===", out, sizeof(out)), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_incremental),
		cmocka_unit_test(test_base64),
	};

	return cmocka_run_group_tests_name("digest", tests, NULL, NULL);
}
