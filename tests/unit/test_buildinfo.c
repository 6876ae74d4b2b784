/*
 * test_buildinfo.c - the Go build info decoder on hand-built ELF images:
 * pointer format (Go 1.13-1.17) for 32/64-bit and both byte orders, the
 * inline format (1.18+), and corrupt blobs; modinfo parse and print.
 */
#include "testutil.h"

#include <jansson.h>

#define IMG 0x400
#define VBASE 0x10000u

static const char start_sent[] =
	"\x30\x77\xaf\x0c\x92\x74\x08\x02\x41\xe1\xc1\x07\xe6\xd6\x18\xe6";
static const char end_sent[] =
	"\xf9\x32\x43\x31\x86\x18\x20\x72\x00\x82\x42\x10\x41\x16\xd8\xf2";
static const char mod_text[] =
	"path\texample.com/old\nmod\texample.com/old\t(devel)\t\n"
	"dep\tgolang.org/x/text\tv0.3.0\th1:abc=\n"
	"dep\texample.com/a\tv1.0.0\n=>\t../a\t(devel)\t\n";

static void
put(uint8_t *p, uint64_t v, int n, bool be)
{
	for (int i = 0; i < n; i++)
		p[be ? n - 1 - i : i] = (uint8_t)(v >> (8 * i));
}

/* A section-less ELF with one RW PT_LOAD covering the file at VBASE. */
static void
make_elf(uint8_t *img, int cls, bool be)
{
	int w = cls / 8, phoff = cls == 64 ? 64 : 52;

	memset(img, 0, IMG);
	memcpy(img, "\x7f" "ELF", 4);
	img[4] = cls == 64 ? 2 : 1;
	img[5] = be ? 2 : 1;
	img[6] = 1;
	put(img + 16, ET_EXEC, 2, be);
	put(img + 18, cls == 64 ? EM_X86_64 : EM_386, 2, be);
	put(img + 20, 1, 4, be);
	if (cls == 64) {
		put(img + 32, (uint64_t)phoff, 8, be); /* e_phoff */
		put(img + 52, 64, 2, be);	       /* e_ehsize */
		put(img + 54, 56, 2, be);	       /* e_phentsize */
		put(img + 56, 1, 2, be);	       /* e_phnum */
		put(img + phoff, PT_LOAD, 4, be);
		put(img + phoff + 4, PF_R | PF_W, 4, be);
		put(img + phoff + 8, 0, 8, be);
		put(img + phoff + 16, VBASE, 8, be);
		put(img + phoff + 32, IMG, 8, be);
		put(img + phoff + 40, IMG, 8, be);
	} else {
		put(img + 28, (uint64_t)phoff, 4, be);
		put(img + 40, 52, 2, be);
		put(img + 42, 32, 2, be);
		put(img + 44, 1, 2, be);
		put(img + phoff, PT_LOAD, 4, be);
		put(img + phoff + 4, 0, 4, be);
		put(img + phoff + 8, VBASE, 4, be);
		put(img + phoff + 16, IMG, 4, be);
		put(img + phoff + 20, IMG, 4, be);
		put(img + phoff + 24, PF_R | PF_W, 4, be);
	}
	(void)w;
}

static void
make_pointer(uint8_t *img, int cls, bool be)
{
	int w = cls / 8;
	size_t ml = strlen(mod_text);

	make_elf(img, cls, be);
	memcpy(img + 0x100, "\xff Go buildinf:", 14);
	img[0x10e] = (uint8_t)w;
	img[0x10f] = be ? 1 : 0;
	put(img + 0x110, VBASE + 0x140, w, be);
	put(img + 0x110 + w, VBASE + 0x160, w, be);
	put(img + 0x140, VBASE + 0x180, w, be); /* version header */
	put(img + 0x140 + w, 8, w, be);
	put(img + 0x160, VBASE + 0x200, w, be); /* modinfo header */
	put(img + 0x160 + w, 32 + ml, w, be);
	memcpy(img + 0x180, "go1.16.5", 8);
	memcpy(img + 0x200, start_sent, 16);
	memcpy(img + 0x210, mod_text, ml);
	memcpy(img + 0x210 + ml, end_sent, 16);
}

static void
check_old(const uint8_t *img)
{
	struct goelf_report r;

	assert_int_equal(goelf_report_buffer(img, IMG, "t", &r), GOELF_OK);
	assert_true(r.facts.go.has_buildinfo);
	assert_string_equal(r.facts.go.bi_format, "pointer");
	assert_string_equal(r.facts.go.bi_version, "go1.16.5");
	assert_true(r.facts.go.modinfo_ok);
	assert_string_equal(r.facts.go.mod.path, "example.com/old");
	assert_int_equal(r.facts.go.mod.ndeps, 2);
	assert_true(r.facts.go.mod.deps[1].has_replace);
	assert_string_equal(r.facts.go.mod.deps[1].rpath, "../a");
	assert_string_equal(r.an.go_version_source, "buildinfo");
	goelf_report_release(&r);
}

static void
test_pointer_64le(void **s)
{
	uint8_t img[IMG];

	(void)s;
	make_pointer(img, 64, false);
	check_old(img);
}

static void
test_pointer_64be(void **s)
{
	uint8_t img[IMG];

	(void)s;
	make_pointer(img, 64, true);
	check_old(img);
}

static void
test_pointer_32le(void **s)
{
	uint8_t img[IMG];

	(void)s;
	make_pointer(img, 32, false);
	check_old(img);
}

static void
test_pointer_32be(void **s)
{
	uint8_t img[IMG];

	(void)s;
	make_pointer(img, 32, true);
	check_old(img);
}

/* A pointer to an unmapped address: no build info, an issue, no crash. */
/* What go version -m would get from its data-area read (go_read). */
static void
test_go_read(void **s)
{
	uint8_t img[IMG];
	struct goelf_report r;

	(void)s;
	/* A RW PT_LOAD in the file, no magic: "not a Go executable". */
	make_elf(img, 64, false);
	assert_int_equal(goelf_report_buffer(img, IMG, "t", &r), GOELF_OK);
	assert_int_equal(r.facts.go.go_read, GOELF_GO_READ_OK);
	assert_int_equal(goelf_report_buildinfo(&r), GOELF_BUILDINFO_ABSENT);
	goelf_report_release(&r);
	/* Read-only: DataStart is 0, which no program header maps. */
	make_elf(img, 64, false);
	put(img + 64 + 4, PF_R, 4, false);
	assert_int_equal(goelf_report_buffer(img, IMG, "t", &r), GOELF_OK);
	assert_int_equal(r.facts.go.go_read, GOELF_GO_READ_UNMAPPED);
	assert_int_equal(goelf_report_buildinfo(&r), GOELF_BUILDINFO_UNMAPPED);
	goelf_report_release(&r);
}

static void
test_pointer_bad(void **s)
{
	uint8_t img[IMG];
	struct goelf_report r;

	(void)s;
	make_pointer(img, 64, false);
	put(img + 0x110, 0x7fff00000000ull, 8, false);
	assert_int_equal(goelf_report_buffer(img, IMG, "t", &r), GOELF_OK);
	assert_false(r.facts.go.has_buildinfo);
	assert_true(r.facts.nissues > 0);
	goelf_report_release(&r);
	/* A string length beyond the segment. */
	make_pointer(img, 32, true);
	put(img + 0x160 + 4, 0xfffffff0u, 4, true);
	assert_int_equal(goelf_report_buffer(img, IMG, "t", &r), GOELF_OK);
	assert_true(r.facts.go.has_buildinfo);
	assert_string_equal(r.facts.go.modinfo, "");
	goelf_report_release(&r);
}

static size_t
uvarint(uint8_t *p, uint64_t v)
{
	size_t n = 0;

	while (v >= 0x80) {
		p[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (uint8_t)v;
	return n;
}

static void
make_inline(uint8_t *img)
{
	size_t ml = strlen(mod_text), at = 0x120;

	make_elf(img, 64, false);
	memcpy(img + 0x100, "\xff Go buildinf:", 14);
	img[0x10e] = 8;
	img[0x10f] = 2;
	at += uvarint(img + at, 8);
	memcpy(img + at, "go1.19.8", 8);
	at += 8;
	at += uvarint(img + at, 32 + ml);
	memcpy(img + at, start_sent, 16);
	memcpy(img + at + 16, mod_text, ml);
	memcpy(img + at + 16 + ml, end_sent, 16);
}

static void
test_inline(void **s)
{
	uint8_t img[IMG];
	struct goelf_report r;

	(void)s;
	make_inline(img);
	assert_int_equal(goelf_report_buffer(img, IMG, "t", &r), GOELF_OK);
	assert_true(r.facts.go.has_buildinfo);
	assert_string_equal(r.facts.go.bi_format, "inline");
	assert_string_equal(r.facts.go.bi_version, "go1.19.8");
	assert_string_equal(r.facts.go.mod.main.path, "example.com/old");
	goelf_report_release(&r);
}

static void
test_inline_bad(void **s)
{
	uint8_t img[IMG];
	struct goelf_report r;

	(void)s;
	/* varint overflow: 11 bytes of 0xff */
	make_inline(img);
	memset(img + 0x120, 0xff, 11);
	assert_int_equal(goelf_report_buffer(img, IMG, "t", &r), GOELF_OK);
	assert_false(r.facts.go.has_buildinfo);
	assert_true(r.facts.nissues > 0);
	goelf_report_release(&r);
	/* a length past the end of the segment */
	make_inline(img);
	uvarint(img + 0x120, 100000);
	assert_int_equal(goelf_report_buffer(img, IMG, "t", &r), GOELF_OK);
	assert_false(r.facts.go.has_buildinfo);
	goelf_report_release(&r);
	/* missing end sentinel: version kept, module info empty */
	make_inline(img);
	memset(img + 0x120 + 1 + 8 + 2 + 16 + strlen(mod_text), 'x', 16);
	img[0x120 + 1 + 8 + 2 + 16 + strlen(mod_text) - 1] = 'x';
	assert_int_equal(goelf_report_buffer(img, IMG, "t", &r), GOELF_OK);
	assert_true(r.facts.go.has_buildinfo);
	assert_string_equal(r.facts.go.modinfo, "");
	goelf_report_release(&r);
	/* pointer size 5 */
	make_inline(img);
	img[0x10e] = 5;
	assert_int_equal(goelf_report_buffer(img, IMG, "t", &r), GOELF_OK);
	assert_false(r.facts.go.has_buildinfo);
	assert_true(r.facts.nissues > 0);
	goelf_report_release(&r);
	/* magic at a misaligned address is not a header */
	make_inline(img);
	memmove(img + 0x108, img + 0x100, 0x100);
	memset(img + 0x100, 0, 8);
	assert_int_equal(goelf_report_buffer(img, IMG, "t", &r), GOELF_OK);
	assert_false(r.facts.go.has_buildinfo);
	goelf_report_release(&r);
}

static void
roundtrip(const char *in, const char *want)
{
	struct goelf_modinfo m;
	struct goelf_buf e, b;

	goelf_buf_init(&e, 256);
	goelf_buf_init(&b, 1 << 16);
	assert_int_equal(goelf_modinfo_parse(in, &m, &e), 0);
	goelf_modinfo_format(&m, &b);
	assert_string_equal(b.buf, want ? want : in);
	goelf_modinfo_release(&m);
	goelf_buf_release(&e);
	goelf_buf_release(&b);
}

static void
test_modinfo(void **s)
{
	struct goelf_modinfo m;
	struct goelf_buf e;

	(void)s;
	roundtrip("path\tx\nmod\tx\t(devel)\t\nbuild\t-ldflags=\"-s -w\"\n"
		  "build\tCGO_ENABLED=0\n",
		  NULL);
	roundtrip("build\t\"a b\"=\"tab\\there\"\n", NULL);
	roundtrip("build\tk=`raw v`\n", "build\tk=\"raw v\"\n");
	roundtrip("path\tx\nunterminated", "path\tx\n");
	/* BuildInfo.String(): an empty line after each "=>" line. */
	roundtrip("dep\ta\tv1.0.0\n=>\tb\tv1.0.0\th1:x=\n\n"
		  "dep\tc\tv0.0.0\n=>\t./c\t(devel)\t\n\nbuild\tk=v\n",
		  NULL);
	goelf_buf_init(&e, 256);
	assert_int_equal(goelf_modinfo_parse("build\tk=a b\n", &m, &e), -1);
	goelf_modinfo_release(&m);
	goelf_buf_reset(&e);
	assert_int_equal(goelf_modinfo_parse("=>\ta\tb\tc\n", &m, &e), -1);
	goelf_modinfo_release(&m);
	goelf_buf_reset(&e);
	assert_int_equal(goelf_modinfo_parse("dep\ta\n", &m, &e), -1);
	goelf_modinfo_release(&m);
	goelf_buf_reset(&e);
	assert_int_equal(goelf_modinfo_parse("build\t\"k\\q\"=v\n", &m, &e),
			 -1);
	goelf_modinfo_release(&m);
	goelf_buf_release(&e);
}

/* Non-UTF-8 module text still gives valid JSON (U+FFFD) and escaped
 * text output. */
static void
test_non_utf8(void **s)
{
	static const char bad[] = "path\tex\xff\xfe" "ample.com/\x1b[31m\n"
				  "mod\tx\t(devel)\t\n";
	uint8_t img[IMG];
	struct goelf_report r;
	char *buf = NULL;
	size_t len = 0;
	FILE *m;
	json_t *j;
	json_error_t je;
	size_t at = 0x120, ml = strlen(bad);

	(void)s;
	make_elf(img, 64, false);
	memcpy(img + 0x100, "\xff Go buildinf:", 14);
	img[0x10e] = 8;
	img[0x10f] = 2;
	at += uvarint(img + at, 8);
	memcpy(img + at, "go1.19.8", 8);
	at += 8;
	at += uvarint(img + at, 32 + ml);
	memcpy(img + at, start_sent, 16);
	memcpy(img + at + 16, bad, ml);
	memcpy(img + at + 16 + ml, end_sent, 16);
	assert_int_equal(goelf_report_buffer(img, IMG, "t", &r), GOELF_OK);
	assert_true(r.facts.go.modinfo_ok);
	m = open_memstream(&buf, &len);
	goelf_render_json(&r, m);
	fclose(m);
	j = json_loads(buf, 0, &je);
	assert_non_null(j);
	assert_non_null(strstr(json_string_value(json_object_get(
				       json_object_get(j, "go"), "path")),
			       "\xef\xbf\xbd"));
	json_decref(j);
	free(buf);
	m = open_memstream(&buf, &len);
	goelf_render_text(&r, NULL, m);
	fclose(m);
	assert_null(strchr(buf, '\x1b'));
	assert_non_null(strstr(buf, "\\x1b"));
	free(buf);
	goelf_report_release(&r);
}

/* A plain C binary has no Go facts. */
static void
test_not_go(void **s)
{
	struct goelf_report r;

	(void)s;
	if (access(fixture("c-hello"), R_OK))
		skip();
	assert_int_equal(goelf_report_file(fixture("c-hello"), &r), GOELF_OK);
	assert_false(r.an.is_go);
	assert_false(r.facts.go.has_buildinfo);
	goelf_report_release(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pointer_64le),
		cmocka_unit_test(test_pointer_64be),
		cmocka_unit_test(test_pointer_32le),
		cmocka_unit_test(test_pointer_32be),
		cmocka_unit_test(test_pointer_bad),
		cmocka_unit_test(test_go_read),
		cmocka_unit_test(test_inline),
		cmocka_unit_test(test_inline_bad),
		cmocka_unit_test(test_modinfo),
		cmocka_unit_test(test_non_utf8),
		cmocka_unit_test(test_not_go),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
