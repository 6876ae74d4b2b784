/*
 * test_image.c - lib/image on hand-built path tables, with no archive at
 * all: member-name checks, the path trie (long names, paths back),
 * link resolution inside the image, the links handed to the caller; and
 * an image's findings through the policy's one verdict rule.  The layer
 * semantics (duplicates, whiteouts, opaque directories, hard links) are
 * checked on real archives by tests/tools/image-semantics.py.
 */
#include "testutil.h"

static const struct goelf_image_ops no_ops = { 0 };

static struct goelf_image_node *
add(struct goelf_image_reader *m, const char *path, int kind, unsigned layer,
    const char *target)
{
	uint32_t k = goelf_image_lookup(m, &m->tab, path, true);
	struct goelf_image_node *n;

	assert_true(k != GOELF_IN_NONE);
	n = &m->tab.v[k];
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
	goelf_image_trie_init(&m->tab);
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
	assert_int_equal(goelf_image_norm_name("./a//b/", out, sizeof(out)), 0);
	assert_string_equal(out, "a/b");
	assert_int_equal(goelf_image_norm_name("./", out, sizeof(out)), 0);
	assert_string_equal(out, "");
	assert_int_equal(goelf_image_norm_name("a/./b", out, sizeof(out)), 0);
	assert_string_equal(out, "a/b");
	assert_int_equal(goelf_image_norm_name("/etc/passwd", out, sizeof(out)),
			 -1);
	assert_int_equal(goelf_image_norm_name("a/../../b", out, sizeof(out)),
			 -1);
	assert_int_equal(goelf_image_norm_name("..", out, sizeof(out)), -1);
	assert_int_equal(goelf_image_norm_name(NULL, out, sizeof(out)), -1);
	/* too long for out: refused (a cap), not truncated */
	assert_int_equal(goelf_image_norm_name(
				 "0123456789/0123456789/0123456789/0123456789/"
				 "0123456789/0123456789",
				 out, sizeof(out)),
			 -2);
}

/* A name of 2,000 components: found one component at a time, and its
 * path comes back whole. */
static void
test_trie(void **s)
{
	struct goelf_image_reader m;
	char path[4100], out[4100];
	uint32_t k;

	(void)s;
	reader_init(&m, &no_ops);
	for (size_t i = 0; i < 2000; i++) {
		path[2 * i] = 'd';
		path[2 * i + 1] = '/';
	}
	path[3999] = '\0';
	k = goelf_image_lookup(&m, &m.tab, path, true);
	assert_true(k != GOELF_IN_NONE);
	assert_int_equal(m.tab.n, 2001);
	assert_int_equal(goelf_image_lookup(&m, &m.tab, path, false), k);
	assert_true(goelf_image_node_path(&m.tab, k, out, sizeof(out)));
	assert_string_equal(out + 1, path);
	assert_false(goelf_image_node_path(&m.tab, k, out, 100));
	assert_int_equal(goelf_image_lookup(&m, &m.tab, "d/e", false),
			 GOELF_IN_NONE);
	reader_release(&m);
}

static void
test_resolve(void **s)
{
	struct goelf_image_reader m;
	uint32_t n;
	char out[GOELF_IMAGE_MAX_PATH + 2];

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
	assert_true(n != GOELF_IN_NONE);
	assert_string_equal(out, "/bin/app");
	n = goelf_image_resolve(&m, "bin/abs", out, sizeof(out));
	assert_true(n != GOELF_IN_NONE);
	assert_string_equal(out, "/bin/app");
	/* ".." stops at the image root, never the host's */
	n = goelf_image_resolve(&m, "bin/up", out, sizeof(out));
	assert_true(n != GOELF_IN_NONE);
	assert_string_equal(out, "/bin/app");
	/* through a linked directory */
	n = goelf_image_resolve(&m, "lib/sh", out, sizeof(out));
	assert_true(n != GOELF_IN_NONE);
	assert_string_equal(out, "/bin/app");
	assert_int_equal(goelf_image_resolve(&m, "bin/gone", out, sizeof(out)),
			 GOELF_IN_NONE);
	assert_int_equal(goelf_image_resolve(&m, "loop1", out, sizeof(out)),
			 GOELF_IN_NONE);
	assert_int_equal(goelf_image_resolve(&m, "bin/app/x", out, sizeof(out)),
			 GOELF_IN_NONE);
	assert_int_equal(goelf_image_resolve(&m, "nowhere", out, sizeof(out)),
			 GOELF_IN_NONE);
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
	struct goelf_image_node *n;

	(void)s;
	reader_init(&m, &ops);
	add(&m, "app", GOELF_IN_REG, 0, NULL)->elf = true;
	add(&m, "readme", GOELF_IN_REG, 0, NULL);
	n = add(&m, "hard", GOELF_IN_HARD, 0, "app");
	n->src = goelf_xstrdup("app");
	n->as_link = true; /* fed by app's own entry (image_layers.c) */
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
	assert_int_equal(
		goelf_policy_set(&p, "allow", "image.user_root", "img.tar", &e),
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

/* A cap reached fails the gate whatever its severity and --fail-on,
 * unless the policy allows input.limit_reached. */
static void
test_limit_verdict(void **s)
{
	struct goelf_findings f = { 0 };
	struct goelf_findings_verdict v;
	struct goelf_policy p;
	struct goelf_buf e;

	(void)s;
	goelf_policy_init(&p);
	goelf_buf_init(&e, 1024);
	goelf_findings_add(&f, "input.limit_reached", GOELF_SEV_WARN,
			   "the path table reached 64 MiB");
	v = goelf_verdict_findings(&f, "img.tar", &p);
	assert_true(v.limit);
	assert_true(v.failed);
	assert_int_equal(
		goelf_policy_set(&p, "allow", "input.limit_reached", "*", &e),
		0);
	v = goelf_verdict_findings(&f, "img.tar", &p);
	assert_false(v.limit);
	assert_false(v.failed);
	goelf_findings_release(&f);
	goelf_policy_release(&p);
	goelf_buf_release(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_norm_name),
		cmocka_unit_test(test_trie),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_findings_verdict),
		cmocka_unit_test(test_limit_verdict),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
