/*
 * test_verdict.c - policy parsing, target lookup, the verdict table
 * (policy x severities) on hand-built reports, and the rule registry
 * covering every id the fixtures produce.
 */
#include "testutil.h"

#include <dirent.h>

static void
test_target_find(void **s)
{
	static const char *const refs[][2] = {
		{"scratch", "scratch"},
		{"alpine:3.20", "alpine-3.20"},
		{"docker.io/library/alpine:3.18", "alpine-3.18"},
		{"debian:bookworm", "debian-12"},
		{"debian:bookworm-slim", "debian-12"},
		{"ubuntu:22.04", "ubuntu-22.04"},
		{"gcr.io/distroless/static-debian12", "distroless-static"},
		{"gcr.io/distroless/static-debian12:nonroot", "distroless-static"},
		{"gcr.io/distroless/base-debian12@sha256:abc", "distroless-base"},
		{"amazonlinux:2023", "amazonlinux-2023"},
		{"busybox:glibc", "busybox-glibc"},
		{"debian:12.5", "debian-12"},
		{"debian:12.5-slim", "debian-12"},
		{"alpine:3.20.3", "alpine-3.20"},
		{"gcr.io/distroless/static-debian12:debug-nonroot",
		 "distroless-static"},
		{"gcr.io/distroless/base-debian12:latest", "distroless-base"},
		{"gcr.io/distroless/cc-debian12:nonroot-arm64", "distroless-cc"},
		{"cc-debian12", "distroless-cc"},
		{"distroless/static-debian12", "distroless-static"},
	};
	struct goelf_policy p;
	struct goelf_buf e;

	(void)s;
	goelf_policy_init(&p);
	goelf_buf_init(&e, 4096);
	for (size_t i = 0; i < ARRAY_SIZE(refs); i++) {
		goelf_strlist_release(&p.targets);
		assert_int_equal(goelf_policy_set(&p, NULL, "targets",
						  refs[i][0], &e),
				 0);
		assert_int_equal(p.targets.n, 1);
		assert_string_equal(p.targets.v[0], refs[i][1]);
	}
	assert_int_equal(goelf_policy_set(&p, NULL, "targets", "alpine:3.17.1",
					  &e),
			 -1);
	assert_int_equal(goelf_policy_set(&p, NULL, "targets", "alpine:3.17",
					  &e),
			 -1);
	assert_non_null(strstr(e.buf, "known targets: scratch"));
	goelf_buf_reset(&e);
	assert_int_equal(goelf_policy_set(&p, NULL, "targets", "all", &e), 0);
	assert_int_equal(p.targets.n, goelf_target_count());
	goelf_policy_release(&p);
	goelf_buf_release(&e);
}

static void
test_policy_keys(void **s)
{
	struct goelf_policy p;
	struct goelf_buf e;

	(void)s;
	goelf_policy_init(&p);
	goelf_buf_init(&e, 4096);
	assert_int_equal(p.fail_on, GOELF_SEV_FAIL);
	assert_int_equal(goelf_policy_set(&p, "gate", "fail-on", "warn", &e), 0);
	assert_int_equal(p.fail_on, GOELF_SEV_WARN);
	assert_int_equal(goelf_policy_set(&p, NULL, "require",
					  "static, trimpath", &e),
			 0);
	assert_int_equal(p.require,
			 GOELF_REQUIRE_STATIC | GOELF_REQUIRE_TRIMPATH);
	assert_int_equal(goelf_policy_set(&p, NULL, "max-debug-bytes", "10MiB",
					  &e),
			 0);
	assert_true(p.has_max_debug);
	assert_int_equal(p.max_debug_bytes, 10u << 20);
	assert_int_equal(goelf_policy_set(&p, NULL, "min-go", "go1.22", &e), 0);
	assert_string_equal(p.min_go, "1.22");
	assert_int_equal(goelf_policy_set(&p, NULL, "max-glibc", "2.31", &e), 0);
	assert_int_equal(goelf_policy_set(&p, NULL, "max-glibc", "2.x", &e), -1);
	assert_int_equal(goelf_policy_set(&p, NULL, "arch", "linux/arm64", &e),
			 0);
	assert_string_equal(p.arch, "arm64");
	assert_int_equal(goelf_policy_set(&p, "allow", "debug.*", "bin/*", &e),
			 0);
	assert_int_equal(goelf_policy_set(&p, NULL, "allow", "go.cgo", &e), 0);
	assert_int_equal(p.nallow, 2);
	assert_null(p.allow[1].glob);
	assert_int_equal(goelf_policy_set(&p, "diff", "max-growth", "10%", &e),
			 0);
	assert_true(p.max_growth_pct);
	assert_int_equal(goelf_policy_set(&p, "diff", "max-growth", "5MiB", &e),
			 0);
	assert_false(p.max_growth_pct);
	assert_true(p.max_growth == 5.0 * 1024 * 1024);
	assert_int_equal(goelf_policy_set(&p, "diff", "fail-on-new-finding",
					  "true", &e),
			 0);
	assert_true(p.fail_on_new_finding);
	assert_int_equal(p.new_finding_sev, GOELF_SEV_WARN);
	assert_int_equal(goelf_policy_set(&p, "diff", "fail-on-new-finding",
					  "fail", &e),
			 0);
	assert_int_equal(p.new_finding_sev, GOELF_SEV_FAIL);
	assert_int_equal(goelf_policy_set(&p, "diff", "fail-on-new-finding",
					  "false", &e),
			 0);
	assert_false(p.fail_on_new_finding);
	assert_int_equal(goelf_policy_set(&p, "diff", "fail-on-new-finding",
					  "often", &e),
			 -1);
	/* diff keys belong in [diff], not [gate]; as flags (NULL) they work */
	assert_int_equal(goelf_policy_set(&p, "gate", "max-growth", "1%", &e),
			 -1);
	assert_non_null(strstr(e.buf, "is a key of [diff]"));
	assert_int_equal(goelf_policy_set(&p, NULL, "max-growth", "1%", &e), 0);
	assert_int_equal(goelf_policy_set(&p, NULL, "fail-onn", "warn", &e), -1);
	assert_non_null(strstr(e.buf, "unknown key 'fail-onn'"));
	assert_int_equal(goelf_policy_set(&p, "wat", "x", "y", &e), -1);
	assert_int_equal(goelf_policy_set(&p, NULL, "require", "dynamic", &e),
			 -1);
	goelf_policy_release(&p);
	goelf_buf_release(&e);
}

static void
test_sizes(void **s)
{
	uint64_t v;

	(void)s;
	assert_int_equal(goelf_parse_size("4096", &v), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(goelf_parse_size("1k", &v), 0);
	assert_int_equal(v, 1024);
	assert_int_equal(goelf_parse_size("2 GiB", &v), 0);
	assert_int_equal(v, 2ull << 30);
	assert_int_equal(goelf_parse_size("-1", &v), -1);
	assert_int_equal(goelf_parse_size("1 parsec", &v), -1);
	assert_int_equal(goelf_parse_size("99999999999999999999G", &v), -1);
}

/* A report with one finding of severity sev, no ELF needed. */
static void
fake(struct goelf_report *r, enum goelf_sev sev, const char *id)
{
	memset(r, 0, sizeof(*r));
	r->path = goelf_xstrdup("bin/app");
	r->an.os = "linux";
	r->an.arch = "amd64";
	r->an.link_kind = GOELF_LINK_STATIC;
	r->an.libc = GOELF_LIBC_NONE;
	r->an.cgo = 0;
	goelf_findings_add(&r->findings, id, sev, "test finding");
}

static void
test_verdict_table(void **s)
{
	static const struct {
		enum goelf_sev sev, fail_on;
		const char *allow;
		enum goelf_sev status;
		bool failed;
	} rows[] = {
		{GOELF_SEV_INFO, GOELF_SEV_FAIL, NULL, GOELF_SEV_INFO, false},
		{GOELF_SEV_WARN, GOELF_SEV_FAIL, NULL, GOELF_SEV_WARN, false},
		{GOELF_SEV_FAIL, GOELF_SEV_FAIL, NULL, GOELF_SEV_FAIL, true},
		{GOELF_SEV_INFO, GOELF_SEV_WARN, NULL, GOELF_SEV_INFO, false},
		{GOELF_SEV_WARN, GOELF_SEV_WARN, NULL, GOELF_SEV_WARN, true},
		{GOELF_SEV_FAIL, GOELF_SEV_WARN, NULL, GOELF_SEV_FAIL, true},
		{GOELF_SEV_FAIL, GOELF_SEV_FAIL, "x.y", GOELF_SEV_INFO, false},
		{GOELF_SEV_FAIL, GOELF_SEV_FAIL, "x.*:bin/*", GOELF_SEV_INFO,
		 false},
		{GOELF_SEV_FAIL, GOELF_SEV_FAIL, "x.*:lib/*", GOELF_SEV_FAIL,
		 true},
		{GOELF_SEV_WARN, GOELF_SEV_WARN, "other", GOELF_SEV_WARN, true},
	};

	(void)s;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct goelf_report r;
		struct goelf_policy p;
		struct goelf_buf e;

		goelf_policy_init(&p);
		goelf_buf_init(&e, 1024);
		p.fail_on = rows[i].fail_on;
		if (rows[i].allow)
			assert_int_equal(goelf_policy_set(&p, NULL, "allow",
							  rows[i].allow, &e),
					 0);
		fake(&r, rows[i].sev, "x.y");
		goelf_verdict_compute(&r, &p);
		assert_true(r.verdict.computed);
		assert_int_equal(r.verdict.status, rows[i].status);
		assert_int_equal(r.verdict.failed, rows[i].failed);
		assert_int_equal(r.findings.v[0].allowed, rows[i].allow &&
							  rows[i].status ==
								  GOELF_SEV_INFO);
		goelf_report_release(&r);
		goelf_policy_release(&p);
		goelf_buf_release(&e);
	}
}

/* A selected target that fails fails the file; an unselected one not. */
static void
test_targets_count_when_selected(void **s)
{
	struct goelf_report r;
	struct goelf_policy p;
	struct goelf_buf e;

	(void)s;
	goelf_buf_init(&e, 1024);
	goelf_policy_init(&p);
	fake(&r, GOELF_SEV_INFO, "x.y");
	r.an.link_kind = GOELF_LINK_DYNAMIC;
	r.an.libc = GOELF_LIBC_GLIBC;
	r.facts.interp = goelf_xstrdup("/lib64/ld-linux-x86-64.so.2");
	goelf_verdict_compute(&r, &p);
	assert_false(r.verdict.failed);
	assert_false(r.verdict.targets_selected);
	for (size_t i = 0; i < r.verdict.ntargets; i++)
		if (!strcmp(r.verdict.targets[i].name, "scratch"))
			assert_int_equal(r.verdict.targets[i].status,
					 GOELF_SEV_FAIL);
	goelf_report_release(&r);
	assert_int_equal(goelf_policy_set(&p, NULL, "targets", "scratch", &e),
			 0);
	fake(&r, GOELF_SEV_INFO, "x.y");
	r.an.link_kind = GOELF_LINK_DYNAMIC;
	r.an.libc = GOELF_LIBC_GLIBC;
	r.facts.interp = goelf_xstrdup("/lib64/ld-linux-x86-64.so.2");
	goelf_verdict_compute(&r, &p);
	assert_true(r.verdict.failed);
	assert_true(r.verdict.targets_selected);
	goelf_report_release(&r);
	goelf_policy_release(&p);
	/* No target, a platform: a wrong architecture is a failing finding */
	goelf_policy_init(&p);
	assert_int_equal(goelf_policy_set(&p, NULL, "arch", "arm64", &e), 0);
	fake(&r, GOELF_SEV_INFO, "x.y");
	goelf_verdict_compute(&r, &p);
	assert_true(r.verdict.failed);
	assert_string_equal(r.findings.v[0].id, "policy.arch_mismatch");
	goelf_report_release(&r);
	goelf_policy_release(&p);
	goelf_buf_release(&e);
}

static void
test_go_release_table(void **s)
{
	const char *since, *latest;

	(void)s;
	assert_int_equal(goelf_go_minor("go1.19.8"), 19);
	assert_int_equal(goelf_go_minor("go1.21rc2"), 21);
	assert_int_equal(goelf_go_minor("devel"), -1);
	assert_true(goelf_go_unsupported("go1.19.8", &since, &latest));
	assert_string_equal(since, "2023-08-08");
	assert_false(goelf_go_unsupported("go1.27.0", &since, &latest));
	assert_false(goelf_go_unsupported("go1.26.1", &since, &latest));
	assert_true(goelf_go_unsupported("go1.25.3", &since, &latest));
	assert_false(goelf_go_unsupported("nonsense", &since, &latest));
}

/* Every id a fixture produces (findings and target reasons) has a rule. */
static void
test_rules_cover_fixtures(void **s)
{
	const char *dir = getenv("GOELF_FIXTURES");
	struct goelf_policy p;
	DIR *d;
	struct dirent *de;
	size_t files = 0;

	(void)s;
	d = opendir(dir ? dir : "build/fixtures");
	if (!d)
		skip();
	goelf_policy_init(&p);
	p.require = GOELF_REQUIRE_STATIC | GOELF_REQUIRE_NO_CGO |
		    GOELF_REQUIRE_TRIMPATH | GOELF_REQUIRE_STRIPPED;
	p.max_glibc = goelf_xstrdup("2.17");
	p.min_go = goelf_xstrdup("1.30");
	p.has_max_debug = true;
	while ((de = readdir(d))) {
		struct goelf_report r;

		if (de->d_name[0] == '.' || !strcmp(de->d_name, "logs"))
			continue;
		if (goelf_report_file(fixture(de->d_name), &r) != GOELF_OK) {
			goelf_report_release(&r);
			continue;
		}
		files++;
		goelf_verdict_compute(&r, &p);
		for (size_t i = 0; i < r.findings.n; i++) {
			if (!goelf_rule_find(r.findings.v[i].id))
				fail_msg("no rule for %s", r.findings.v[i].id);
		}
		for (size_t t = 0; t < r.verdict.ntargets; t++)
			for (size_t j = 0; j < r.verdict.targets[t].nreasons;
			     j++)
				if (!goelf_rule_find(
					    r.verdict.targets[t].reasons[j].id))
					fail_msg("no rule for %s",
						 r.verdict.targets[t]
							 .reasons[j]
							 .id);
		goelf_report_release(&r);
	}
	closedir(d);
	goelf_policy_release(&p);
	assert_true(files > 10);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_target_find),
		cmocka_unit_test(test_policy_keys),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_verdict_table),
		cmocka_unit_test(test_targets_count_when_selected),
		cmocka_unit_test(test_go_release_table),
		cmocka_unit_test(test_rules_cover_fixtures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
