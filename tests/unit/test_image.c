/*
 * test_image.c - lib/image on hand-built path tables, with no archive at
 * all: member-name checks, layer visibility (whiteouts, opaque
 * directories, a file over a directory), link resolution inside the
 * image, the links handed to the caller; and an image's findings through
 * the policy's one verdict rule.
 */
#include "testutil.h"

static const struct goelf_image_ops no_ops = { 0 };

static struct goelf_image_node *
add(struct goelf_image_reader *m, const char *path, int kind, unsigned layer,
    const char *target)
{
	struct goelf_image_node *n = goelf_image_tab_add(m, path);

	assert_non_null(n);
	n->kind = (unsigned char)kind;
	n->layer = layer;
	n->target = target ? goelf_xstrdup(target) : NULL;
	return n;
}

static void
reader_init(struct goelf_image_reader *m, const struct goelf_image_ops *ops)
{
	memset(m, 0, sizeof(*m));
	m->ops = ops;
	m->fd = -1;
	m->im.arg = "test.tar";
	m->im.tmp_mode = -1;
}

static void
reader_release(struct goelf_image_reader *m)
{
	goelf_findings_release(&m->im.findings);
	goelf_image_reset(m);
}

static void
test_norm_name(void **s)
{
	char out[64];

	(void)s;
	assert_true(goelf_image_norm_name("./a//b/", out, sizeof(out)));
	assert_string_equal(out, "a/b");
	assert_true(goelf_image_norm_name("./", out, sizeof(out)));
	assert_string_equal(out, "");
	assert_true(goelf_image_norm_name("a/./b", out, sizeof(out)));
	assert_string_equal(out, "a/b");
	assert_false(goelf_image_norm_name("/etc/passwd", out, sizeof(out)));
	assert_false(goelf_image_norm_name("a/../../b", out, sizeof(out)));
	assert_false(goelf_image_norm_name("..", out, sizeof(out)));
	assert_false(goelf_image_norm_name(NULL, out, sizeof(out)));
	/* too long for out: refused, not truncated */
	assert_false(goelf_image_norm_name(
		"0123456789/0123456789/0123456789/0123456789/0123456789/"
		"0123456789",
		out, sizeof(out)));
}

static void
test_visible(void **s)
{
	struct goelf_image_reader m;
	struct goelf_image_node *n;

	(void)s;
	reader_init(&m, &no_ops);
	/* upper layer 1: deletes bin/old, opaque opt/dir with a new y,
	 * and a file where the lower layer has a directory */
	add(&m, "bin", GOELF_IN_DIR, 1, NULL);
	add(&m, "bin/old", GOELF_IN_WHITEOUT, 1, NULL);
	n = add(&m, "opt/dir", GOELF_IN_DIR, 1, NULL);
	n->opaque = true;
	n->opaque_at = 1;
	add(&m, "opt/dir/y", GOELF_IN_REG, 1, NULL);
	add(&m, "srv", GOELF_IN_REG, 1, NULL);
	/* the same layer still sees below its own opaque marker */
	assert_true(goelf_image_visible(&m, "opt/dir/z", 1));
	/* lower layer 0 */
	assert_false(goelf_image_visible(&m, "bin/old", 0));
	assert_false(goelf_image_visible(&m, "opt/dir/x", 0));
	assert_false(goelf_image_visible(&m, "srv/data/app", 0));
	assert_true(goelf_image_visible(&m, "bin/app", 0));
	assert_true(goelf_image_visible(&m, "usr/bin/tool", 0));
	reader_release(&m);
}

static void
test_resolve(void **s)
{
	struct goelf_image_reader m;
	struct goelf_image_node *n;
	char out[GOELF_IMAGE_MAX_PATH + 1];

	(void)s;
	reader_init(&m, &no_ops);
	add(&m, "bin", GOELF_IN_DIR, 0, NULL);
	add(&m, "bin/app", GOELF_IN_REG, 0, NULL)->elf = true;
	add(&m, "bin/sh", GOELF_IN_LNK, 0, "app");
	add(&m, "bin/abs", GOELF_IN_LNK, 0, "/bin/app");
	add(&m, "bin/up", GOELF_IN_LNK, 0, "../../../bin/app");
	add(&m, "bin/gone", GOELF_IN_LNK, 0, "deleted");
	add(&m, "bin/deleted", GOELF_IN_WHITEOUT, 0, NULL);
	add(&m, "loop1", GOELF_IN_LNK, 0, "loop2");
	add(&m, "loop2", GOELF_IN_LNK, 0, "loop1");
	add(&m, "lib", GOELF_IN_LNK, 0, "bin");
	n = goelf_image_resolve(&m, "bin/sh", out, sizeof(out));
	assert_non_null(n);
	assert_string_equal(out, "/bin/app");
	n = goelf_image_resolve(&m, "bin/abs", out, sizeof(out));
	assert_non_null(n);
	assert_string_equal(out, "/bin/app");
	/* ".." stops at the image root, never the host's */
	n = goelf_image_resolve(&m, "bin/up", out, sizeof(out));
	assert_non_null(n);
	assert_string_equal(out, "/bin/app");
	/* through a linked directory */
	n = goelf_image_resolve(&m, "lib/sh", out, sizeof(out));
	assert_non_null(n);
	assert_string_equal(out, "/bin/app");
	assert_null(goelf_image_resolve(&m, "bin/gone", out, sizeof(out)));
	assert_null(goelf_image_resolve(&m, "loop1", out, sizeof(out)));
	assert_null(goelf_image_resolve(&m, "bin/app/x", out, sizeof(out)));
	assert_null(goelf_image_resolve(&m, "nowhere", out, sizeof(out)));
	reader_release(&m);
}

struct links_seen {
	size_t elf, other;
	char last[64];
};

static void
on_link(void *arg, const char *path, const char *target, const char *resolved,
	bool hard)
{
	struct links_seen *l = arg;

	(void)target;
	(void)hard;
	if (resolved) {
		l->elf++;
		snprintf(l->last, sizeof(l->last), "%s->%s", path, resolved);
	} else {
		l->other++;
	}
}

static void
test_links(void **s)
{
	struct links_seen seen = { 0 };
	struct goelf_image_ops ops = { .arg = &seen, .link = on_link };
	struct goelf_image_reader m;

	(void)s;
	reader_init(&m, &ops);
	add(&m, "app", GOELF_IN_REG, 0, NULL)->elf = true;
	add(&m, "readme", GOELF_IN_REG, 0, NULL);
	add(&m, "hard", GOELF_IN_HARD, 0, "app");
	add(&m, "doc", GOELF_IN_LNK, 0, "readme");
	add(&m, "dangling", GOELF_IN_LNK, 0, "missing");
	goelf_image_links(&m);
	assert_int_equal(seen.elf, 1);
	assert_string_equal(seen.last, "/hard->/app");
	assert_int_equal(seen.other, 2);
	reader_release(&m);
}

static void
test_findings_verdict(void **s)
{
	struct goelf_findings f = { 0 };
	struct goelf_findings_verdict v;
	struct goelf_policy p;
	struct goelf_buf e;

	(void)s;
	goelf_policy_init(&p);
	goelf_buf_init(&e, 1024);
	goelf_findings_add(&f, "image.malformed", GOELF_SEV_FAIL, "bad layer");
	goelf_findings_add(&f, "image.user_root", GOELF_SEV_WARN, "root");
	/* fail-on fail: a warning passes; image.malformed is "could not
	 * analyse", not a gate result */
	v = goelf_verdict_findings(&f, "./img.tar", &p);
	assert_int_equal(v.status, GOELF_SEV_WARN);
	assert_false(v.failed);
	assert_int_equal(goelf_policy_set(&p, NULL, "fail-on", "warn", &e), 0);
	v = goelf_verdict_findings(&f, "./img.tar", &p);
	assert_true(v.failed);
	/* the allowlist glob matches the path without its "./" */
	assert_int_equal(goelf_policy_set(&p, "allow", "image.user_root",
					  "img.tar", &e),
			 0);
	v = goelf_verdict_findings(&f, "./img.tar", &p);
	assert_false(v.failed);
	assert_int_equal(v.status, GOELF_SEV_INFO);
	for (size_t i = 0; i < f.n; i++)
		if (!strcmp(f.v[i].id, "image.user_root"))
			assert_true(f.v[i].allowed);
	goelf_findings_release(&f);
	goelf_policy_release(&p);
	goelf_buf_release(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_norm_name),
		cmocka_unit_test(test_visible),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_findings_verdict),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
