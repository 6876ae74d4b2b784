/*
 * test_image_size.c - the build leftover classes of issue 15 (by path
 * alone, first match wins, in the order: the cases are written
 * from the text), the [image] policy keys (size and run-time,
 * and how the flags win over them), needed_bytes on a directory view
 * and the policy findings of an image's size.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void
test_classify(void **st)
{
	static const struct {
		const char *path, *cls; /* NULL: no class */
	} cases[] = {
		{ "root/.cache/go-build/README", "go-build-cache" },
		{ "root/.cache/go-build/ab/abcd-d", "go-build-cache" },
		{ "home/dev/.cache/go-build/x", "go-build-cache" },
		{ ".cache/go-build/x", "go-build-cache" },
		{ "srv/app/.cache/go-build/main.go", "go-build-cache" },
		{ "root/.cache/go-buildx/x", NULL },
		{ "root/.cache/go-build", NULL }, /* a file, not the dir */
		{ "go/pkg/mod/example.com/m@v1/m.go", "go-module-cache" },
		{ "root/go/pkg/mod/cache/download/x.zip", "go-module-cache" },
		{ "home/dev/go/pkg/mod/x", "go-module-cache" },
		{ "home/go/pkg/mod/x", NULL }, /* home/STAR/ needs a user */
		{ "home/a/b/go/pkg/mod/x", NULL },
		{ "usr/local/go/bin/go", "go-toolchain" },
		{ "usr/local/go/src/fmt/print.go", "go-toolchain" },
		{ "usr/lib/go-1.19/bin/go", "go-toolchain" },
		{ "usr/share/go-1.19/src/x.go", "go-toolchain" },
		{ "usr/lib/go/bin/go", NULL },
		{ "usr/lib/go-/x", NULL },
		{ "usr/local/gopher", NULL },
		{ "var/cache/apt/pkgcache.bin", "package-cache" },
		{ "var/lib/apt/lists/lock", "package-cache" },
		{ "var/cache/apk/APKINDEX.tar.gz", "package-cache" },
		{ "var/cache/yum/x", "package-cache" },
		{ "var/cache/dnf/x", "package-cache" },
		{ "var/lib/apt/extended_states", NULL },
		{ "src/main.go", "source" },
		{ "main.go", "source" },
		{ "src/.git/HEAD", "source" },
		{ ".git/config", "source" },
		{ "src/.github/x", NULL },
		{ "src/main.go.orig", NULL },
		{ "usr/bin/app", NULL },
	};

	(void)st;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		enum goelf_image_class c = goelf_image_classify(cases[i].path);

		if (!cases[i].cls)
			assert_int_equal(c, GOELF_IC_NONE);
		else
			assert_string_equal(goelf_image_class_name(c),
					    cases[i].cls);
	}
	for (unsigned c = 0; c < GOELF_IC_N; c++)
		assert_int_equal(goelf_image_class_find(goelf_image_class_name(
					 (enum goelf_image_class)c)),
				 c);
	assert_int_equal(goelf_image_class_find("go-cache"), GOELF_IC_NONE);
}

static void
test_policy_image(void **st)
{
	struct goelf_policy p;
	struct goelf_buf err;

	(void)st;
	goelf_policy_init(&p);
	goelf_buf_init(&err, 1024);
	assert_int_equal(
		goelf_policy_set(&p, "image", "max-size", "10MiB", &err), 0);
	assert_true(p.has_max_size);
	assert_int_equal(p.max_size, 10u << 20);
	assert_int_equal(goelf_policy_set(&p, NULL, "max-wasted", "1000", &err),
			 0);
	assert_int_equal(p.max_wasted, 1000);
	assert_int_equal(goelf_policy_set(&p, "image", "max-wasted-percent",
					  "12.5%", &err),
			 0);
	assert_true(p.max_wasted_pct == 12.5);
	assert_int_equal(goelf_policy_set(&p, "image", "forbid-classes",
					  "source, go-toolchain", &err),
			 0);
	assert_int_equal(p.forbid_classes,
			 (1u << GOELF_IC_SOURCE) |
				 (1u << GOELF_IC_GO_TOOLCHAIN));
	assert_int_equal(goelf_policy_set(&p, "image", "forbid-classes",
					  "source,bogus", &err),
			 -1);
	assert_int_equal(goelf_policy_set(&p, "image", "max-wasted-percent",
					  "101", &err),
			 -1);
	assert_int_equal(goelf_policy_set(&p, "image", "max-size", "big", &err),
			 -1);
	assert_int_equal(goelf_policy_set(&p, "image", "nope", "1", &err), -1);
	/* [gate] does not take the image keys */
	assert_int_equal(goelf_policy_set(&p, "gate", "max-size", "1", &err),
			 -1);
	goelf_buf_release(&err);
	goelf_policy_release(&p);
}

static void
test_policy_run(void **st)
{
	struct goelf_policy p;
	struct goelf_buf err;
	struct goelf_run_options o = { 0 };
	const char *flag_tmpfs[] = { "/scratch" };

	(void)st;
	goelf_policy_init(&p);
	goelf_buf_init(&err, 1024);
	assert_int_equal(goelf_policy_set(&p, "image", "user", "65532", &err),
			 0);
	assert_int_equal(
		goelf_policy_set(&p, "image", "tmpfs", "/tmp, /run", &err), 0);
	assert_int_equal(
		goelf_policy_set(&p, "image", "env", "A=1,B=x=y", &err), 0);
	assert_int_equal(
		goelf_policy_set(&p, "image", "read-only-root", "yes", &err),
		0);
	assert_int_equal(goelf_policy_set(&p, "image", "tmpfs", "tmp", &err),
			 -1);
	assert_int_equal(goelf_policy_set(&p, "image", "env", "=1", &err), -1);
	assert_int_equal(
		goelf_policy_set(&p, "image", "read-only-root", "maybe", &err),
		-1);
	assert_int_equal(goelf_policy_set(&p, "image", "user", "", &err), -1);
	/* a bad value keeps the list before it */
	assert_int_equal(p.run_tmpfs.n, 2);
	/* the flags win; what they leave unset comes from the policy */
	o.tmpfs = flag_tmpfs;
	o.ntmpfs = 1;
	goelf_policy_run_options(&p, &o);
	assert_string_equal(o.user, "65532");
	assert_int_equal(o.ntmpfs, 1);
	assert_string_equal(o.tmpfs[0], "/scratch");
	assert_int_equal(o.nenv, 2);
	assert_string_equal(o.env[1], "B=x=y");
	assert_true(o.read_only_root);
	o.user = "0";
	goelf_policy_run_options(&p, &o);
	assert_string_equal(o.user, "0");
	goelf_policy_run_options(NULL, &o);
	goelf_buf_release(&err);
	goelf_policy_release(&p);
}

static void
put(const char *path, size_t n)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	for (size_t i = 0; i < n; i++)
		fputc('x', f);
	fclose(f);
}

static void
test_needed_bytes(void **st)
{
	char root[] = "/tmp/goelf-needed.XXXXXX", p[256], cmd[300];
	struct goelf_strlist needs = { 0 };
	struct goelf_rootfs *fs;
	struct goelf_buf err;
	uint64_t out = 0;

	(void)st;
	assert_non_null(mkdtemp(root));
	snprintf(p, sizeof(p), "%s/zi", root);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/zi/Europe", root);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/zi/UTC", root);
	put(p, 100);
	snprintf(p, sizeof(p), "%s/zi/Europe/Berlin", root);
	put(p, 1000);
	/* a link to a counted file and a loop back up: counted once */
	snprintf(p, sizeof(p), "%s/zi/Zulu", root);
	assert_int_equal(symlink("UTC", p), 0);
	snprintf(p, sizeof(p), "%s/zi/Europe/up", root);
	assert_int_equal(symlink("..", p), 0);
	snprintf(p, sizeof(p), "%s/lib.so", root);
	put(p, 10);
	snprintf(p, sizeof(p), "%s/app", root);
	put(p, 5000);
	goelf_buf_init(&err, 256);
	fs = goelf_rootfs_open_dir(root, &err);
	assert_non_null(fs);
	goelf_strlist_add(&needs, "/lib.so");
	goelf_strlist_add(&needs, "/zi");
	goelf_strlist_add(&needs, "/app"); /* the entrypoint: not again */
	goelf_strlist_add(&needs, "/lib.so");
	assert_int_equal(goelf_image_needed_bytes(fs, "/app", 42, &needs, &out),
			 0);
	assert_int_equal(out, 42 + 10 + 100 + 1000);
	goelf_strlist_add(&needs, "/gone");
	assert_int_equal(goelf_image_needed_bytes(fs, "/app", 42, &needs, &out),
			 -1);
	goelf_strlist_release(&needs);
	goelf_rootfs_free(fs);
	goelf_buf_release(&err);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

static size_t
count_id(const struct goelf_findings *f, const char *id)
{
	size_t n = 0;

	for (size_t i = 0; i < f->n; i++)
		n += !strcmp(f->v[i].id, id);
	return n;
}

static void
test_verdict_image(void **st)
{
	struct goelf_policy p;
	struct goelf_findings f = { 0 };
	struct goelf_image_size z;
	struct goelf_findings_verdict v;
	struct goelf_buf err;

	(void)st;
	memset(&z, 0, sizeof(z));
	z.total_bytes = 1000;
	z.final_bytes = 700;
	z.wasted_bytes = 300;
	z.classes[GOELF_IC_SOURCE].bytes = 5;
	goelf_policy_init(&p);
	goelf_buf_init(&err, 1024);
	goelf_verdict_image_size(&f, &z, &p);
	assert_int_equal(f.n, 0); /* no limits: no findings */
	goelf_policy_set(&p, "image", "max-size", "1000", &err);
	goelf_policy_set(&p, "image", "max-wasted", "300", &err);
	goelf_policy_set(&p, "image", "max-wasted-percent", "30", &err);
	goelf_verdict_image_size(&f, &z, &p);
	assert_int_equal(f.n, 0); /* at the limits: still fine */
	goelf_policy_set(&p, "image", "max-size", "999", &err);
	goelf_policy_set(&p, "image", "max-wasted", "299", &err);
	goelf_policy_set(&p, "image", "max-wasted-percent", "29.9", &err);
	goelf_policy_set(&p, "image", "forbid-classes", "source,go-build-cache",
			 &err);
	goelf_verdict_image_size(&f, &z, &p);
	assert_int_equal(count_id(&f, "policy.image_max_size"), 1);
	assert_int_equal(count_id(&f, "policy.image_max_wasted"), 1);
	assert_int_equal(count_id(&f, "policy.image_max_wasted_percent"), 1);
	/* go-build-cache has no bytes: only source */
	assert_int_equal(count_id(&f, "policy.image_forbidden_class"), 1);
	v = goelf_verdict_findings(&f, "img.tar", &p);
	assert_true(v.failed);
	for (size_t i = 0; i < f.n; i++)
		assert_non_null(goelf_rule_find(f.v[i].id));
	goelf_findings_release(&f);
	goelf_buf_release(&err);
	goelf_policy_release(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_policy_image),
		cmocka_unit_test(test_policy_run),
		cmocka_unit_test(test_needed_bytes),
		cmocka_unit_test(test_verdict_image),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
