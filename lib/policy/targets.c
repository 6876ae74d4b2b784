/*
 * targets.c - the base images goelf judges a binary against: what each
 * provides (libc family and version, libraries, CA certificates, tzdata,
 * /tmp, a non-root user), one row per image with the source of its facts.
 * Facts come from reference/base-images.md (snapshots up to Sept 2026);
 * T_UNKNOWN where no source confirms a fact, and the verdict then says
 * "may" instead of guessing.
 */
#include "policy/policy.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* glibc sonames every glibc image here ships (libc6 / glibc rpm). */
#define GLIBC_CORE                                                             \
	"libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2",             \
		"librt.so.1", "libresolv.so.2", "libutil.so.1", "libanl.so.1", \
		"libnss_files.so.2", "libnss_dns.so.2", "libnss_compat.so.2"

static const char *const none[] = { NULL };
static const char *const alpine[] = { "libssl.so.3", "libcrypto.so.3",
				      "libz.so.1", NULL };
static const char *const ubuntu2004[] = { GLIBC_CORE, "libgcc_s.so.1",
					  "libstdc++.so.6", "libz.so.1", NULL };
static const char *const ubuntu2204[] = {
	GLIBC_CORE,  "libgcc_s.so.1", "libstdc++.so.6",
	"libz.so.1", "libssl.so.3",   "libcrypto.so.3",
	NULL
};
static const char *const ubuntu2404[] = { GLIBC_CORE,	     "libgcc_s.so.1",
					  "libstdc++.so.6",  "libz.so.1",
					  "libseccomp.so.2", "libssl.so.3",
					  "libcrypto.so.3",  NULL };
static const char *const al2[] = { GLIBC_CORE, "libgcc_s.so.1",
				   "libstdc++.so.6", "libz.so.1", NULL };
static const char *const al2023[] = {
	GLIBC_CORE,  "libgcc_s.so.1", "libstdc++.so.6",
	"libz.so.1", "libssl.so.3",   "libcrypto.so.3",
	NULL
};
static const char *const ubi[] = { "libc.so.6", "libm.so.6", NULL };
static const char *const busybox_glibc[] = {
	"libc.so.6",	      "libm.so.6",	    "libpthread.so.0",
	"libresolv.so.2",     "libnss_files.so.2",  "libnss_dns.so.2",
	"libnss_compat.so.2", "libnss_hesiod.so.2", NULL
};

#define A(...) ((const char *const[]){ __VA_ARGS__, NULL })

const struct goelf_target goelf_targets[] = {
	{ "scratch", A("scratch"), GOELF_LIBC_NONE, NULL, none, false, T_NO,
	  T_NO, T_NO, T_NO, "docs.docker.com base-images: the empty image",
	  .arches = "any",
	  .arch_source = "no image: FROM scratch has no files and no platform "
			 "of its own" },
	{ "distroless-static",
	  A("gcr.io/distroless/static-debian12", "gcr.io/distroless/static",
	    "distroless/static", "static-debian12"),
	  GOELF_LIBC_NONE, NULL, none, false, T_YES, T_YES, T_YES, T_YES,
	  "GoogleContainerTools/distroless static/config.bzl, "
	  "base/testdata/base.yaml (no libc6; nonroot 65532; /tmp 1777)",
	  .arches = "amd64,arm,arm64,ppc64le,s390x",
	  .arch_source = "GoogleContainerTools/distroless README.md@cd080764" },
	{ "distroless-base-nossl",
	  A("gcr.io/distroless/base-nossl-debian12",
	    "gcr.io/distroless/base-nossl", "base-nossl-debian12"),
	  GOELF_LIBC_GLIBC, "2.36", goelf_libs_distroless_base_nossl, false,
	  T_YES, T_YES, T_YES, T_YES,
	  "distroless base/config.bzl@cd080764: static + libc6 "
	  "2.36-9+deb12u14; libraries from its .debs "
	  "(scripts/target-sonames.sh)",
	  .arches = "amd64,arm,arm64,ppc64le,s390x",
	  .arch_source = "GoogleContainerTools/distroless README.md@cd080764" },
	{ "distroless-base",
	  A("gcr.io/distroless/base-debian12", "gcr.io/distroless/base",
	    "base-debian12"),
	  GOELF_LIBC_GLIBC, "2.36", goelf_libs_distroless_base, false, T_YES,
	  T_YES, T_YES, T_YES,
	  "distroless base/config.bzl@cd080764: + libssl3 "
	  "(bookworm.lock.json); libraries from its .debs",
	  .arches = "amd64,arm,arm64,ppc64le,s390x",
	  .arch_source = "GoogleContainerTools/distroless README.md@cd080764" },
	{ "distroless-cc",
	  A("gcr.io/distroless/cc-debian12", "gcr.io/distroless/cc",
	    "cc-debian12"),
	  GOELF_LIBC_GLIBC, "2.36", goelf_libs_distroless_cc, false, T_YES,
	  T_YES, T_YES, T_YES,
	  "distroless cc/config.bzl@cd080764: base + libgcc-s1, libstdc++6, "
	  "libgomp1; libraries from its .debs",
	  .arches = "amd64,arm,arm64,ppc64le,s390x",
	  .arch_source = "GoogleContainerTools/distroless README.md@cd080764" },
	{ "alpine-3.18", A("alpine:3.18"), GOELF_LIBC_MUSL, "1.2.4", alpine,
	  true, T_YES, T_NO, T_YES, T_YES,
	  "docker-library/repo-info alpine 3.18 (musl-1.2.4-r2, no tzdata)",
	  .arches = "amd64,arm,arm64,386,ppc64le,s390x",
	  .arch_source =
		  "docker-library/official-images library/alpine@52affa15" },
	{ "alpine-3.19", A("alpine:3.19"), GOELF_LIBC_MUSL, "1.2.4", alpine,
	  true, T_YES, T_NO, T_YES, T_YES,
	  "repo-info alpine 3.19 (musl 1.2.4_git)",
	  .arches = "amd64,arm,arm64,386,ppc64le,s390x",
	  .arch_source =
		  "docker-library/official-images library/alpine@c44b3a27" },
	{ "alpine-3.20", A("alpine:3.20"), GOELF_LIBC_MUSL, "1.2.5", alpine,
	  true, T_YES, T_NO, T_YES, T_YES,
	  "repo-info alpine 3.20 (musl 1.2.5-r1)",
	  .arches = "amd64,arm,arm64,386,ppc64le,riscv64,s390x",
	  .arch_source =
		  "docker-library/official-images library/alpine@54852cbb" },
	{ "alpine-3.21", A("alpine:3.21"), GOELF_LIBC_MUSL, "1.2.5", alpine,
	  true, T_YES, T_NO, T_YES, T_YES,
	  "repo-info alpine 3.21.8 (musl 1.2.5-r11)",
	  .arches = "amd64,arm,arm64,386,ppc64le,riscv64,s390x",
	  .arch_source =
		  "docker-library/official-images library/alpine@37079fb3" },
	{ "alpine-3.22", A("alpine:3.22", "alpine:latest", "alpine"),
	  GOELF_LIBC_MUSL, "1.2.5", alpine, true, T_YES, T_NO, T_YES, T_YES,
	  "repo-info alpine 3.22 (musl 1.2.5-r12)",
	  .arches = "amd64,arm,arm64,386,ppc64le,riscv64,s390x",
	  .arch_source =
		  "docker-library/official-images library/alpine@37079fb3" },
	{ "debian-11",
	  A("debian:11", "debian:bullseye", "debian:bullseye-slim",
	    "debian:11-slim"),
	  GOELF_LIBC_GLIBC, "2.31", goelf_libs_debian11, false, T_NO, T_YES,
	  T_YES, T_UNKNOWN,
	  "debuerreotype/docker-debian-artifacts "
	  "bullseye/rootfs.manifest@f5527c9b (libc6 2.31-13+deb11u11, no "
	  "ca-certificates); libraries from its .debs",
	  .arches = "amd64,arm,arm64,386",
	  .arch_source =
		  "docker-library/official-images library/debian@37079fb3" },
	{ "debian-12",
	  A("debian:12", "debian:bookworm", "debian:bookworm-slim",
	    "debian:12-slim"),
	  GOELF_LIBC_GLIBC, "2.36", goelf_libs_debian12, false, T_NO, T_YES,
	  T_YES, T_UNKNOWN,
	  "docker-library/repo-info repos/debian/local/12.md@321a824e (libc6 "
	  "2.36-9+deb12u14, no ca-certificates); libraries from its .debs",
	  .arches = "amd64,arm,arm64,386,ppc64le",
	  .arch_source =
		  "docker-library/official-images library/debian@37079fb3" },
	{ "debian-13",
	  A("debian:13", "debian:trixie", "debian:trixie-slim",
	    "debian:13-slim", "debian:latest", "debian"),
	  GOELF_LIBC_GLIBC, "2.41", goelf_libs_debian13, false, T_NO, T_YES,
	  T_YES, T_UNKNOWN,
	  "docker-library/repo-info repos/debian/local/13.md@354b6f17 (libc6 "
	  "2.41-12+deb13u3); libraries from its .debs",
	  .arches = "amd64,arm,arm64,386,ppc64le,riscv64,s390x",
	  .arch_source =
		  "docker-library/official-images library/debian@37079fb3" },
	{ "ubuntu-20.04", A("ubuntu:20.04", "ubuntu:focal"), GOELF_LIBC_GLIBC,
	  "2.31", ubuntu2004, true, T_NO, T_NO, T_YES, T_NO,
	  "repo-info ubuntu focal-20221130 (libc6 2.31-0ubuntu9.9, no "
	  "tzdata)",
	  .arches = "amd64,arm,arm64,ppc64le,riscv64,s390x",
	  .arch_source =
		  "docker-library/official-images library/ubuntu@6e027efb" },
	{ "ubuntu-22.04", A("ubuntu:22.04", "ubuntu:jammy"), GOELF_LIBC_GLIBC,
	  "2.35", ubuntu2204, true, T_NO, T_NO, T_YES, T_NO,
	  "repo-info ubuntu 22.04 (libc6 2.35-0ubuntu3.14, no tzdata)",
	  .arches = "amd64,arm,arm64,ppc64le,riscv64,s390x",
	  .arch_source =
		  "docker-library/official-images library/ubuntu@37079fb3" },
	{ "ubuntu-24.04",
	  A("ubuntu:24.04", "ubuntu:noble", "ubuntu:latest", "ubuntu"),
	  GOELF_LIBC_GLIBC, "2.39", ubuntu2404, true, T_NO, T_NO, T_YES, T_YES,
	  "repo-info ubuntu 24.04 (libc6 2.39-0ubuntu8.8; user ubuntu 1000)",
	  .arches = "amd64,arm,arm64,ppc64le,riscv64,s390x",
	  .arch_source =
		  "docker-library/official-images library/ubuntu@37079fb3" },
	{ "ubi-8",
	  A("registry.access.redhat.com/ubi8", "ubi8",
	    "registry.access.redhat.com/ubi8/ubi",
	    "registry.access.redhat.com/ubi8/ubi-minimal", "ubi8-minimal"),
	  GOELF_LIBC_GLIBC, "2.28", ubi, true, T_UNKNOWN, T_UNKNOWN, T_UNKNOWN,
	  T_UNKNOWN,
	  "fatherlinux/ubi-micro#5 (glibc-2.28 el8); rest unconfirmed",
	  .arches = NULL,
	  .arch_source = "not in the image's own documentation here" },
	{ "ubi-9",
	  A("registry.access.redhat.com/ubi9", "ubi9",
	    "registry.access.redhat.com/ubi9/ubi",
	    "registry.access.redhat.com/ubi9/ubi-minimal", "ubi9-minimal"),
	  GOELF_LIBC_GLIBC, "2.34", ubi, true, T_UNKNOWN, T_UNKNOWN, T_UNKNOWN,
	  T_UNKNOWN,
	  "conforma/cli RPM diffs (glibc-2.34 el9); rest unconfirmed",
	  .arches = NULL,
	  .arch_source = "not in the image's own documentation here" },
	{ "amazonlinux-2", A("amazonlinux:2"), GOELF_LIBC_GLIBC, "2.26", al2,
	  true, T_YES, T_YES, T_YES, T_UNKNOWN,
	  "repo-info amazonlinux 2 (glibc 2.26-64.amzn2, ca-certificates "
	  "rpm)",
	  .arches = "amd64,arm64",
	  .arch_source = "docker-library/official-images "
			 "library/amazonlinux@37079fb3" },
	{ "amazonlinux-2023",
	  A("amazonlinux:2023", "amazonlinux:latest", "amazonlinux"),
	  GOELF_LIBC_GLIBC, "2.34", al2023, true, T_YES, T_YES, T_YES,
	  T_UNKNOWN, "repo-info amazonlinux 2023 (glibc 2.34-231.amzn2023)",
	  .arches = "amd64,arm64",
	  .arch_source = "docker-library/official-images "
			 "library/amazonlinux@37079fb3" },
	{ "busybox-glibc",
	  A("busybox:glibc", "busybox:1.38-glibc", "busybox:stable-glibc"),
	  GOELF_LIBC_GLIBC, "2.41", busybox_glibc, true, T_NO, T_NO, T_YES,
	  T_YES,
	  "docker-library/busybox glibc rootfs (libc from Debian 13, no "
	  "libdl)",
	  .arches = "amd64,arm,arm64,386,ppc64le,riscv64,s390x",
	  .arch_source =
		  "docker-library/official-images library/busybox@37079fb3" },
	{ "busybox-musl",
	  A("busybox:musl", "busybox:1.38-musl", "busybox:stable-musl"),
	  GOELF_LIBC_NONE, NULL, none, false, T_NO, T_NO, T_YES, T_YES,
	  "docker-library/busybox musl rootfs (static busybox, no /lib)",
	  .arches = "amd64,arm,arm64,386,ppc64le,riscv64,s390x",
	  .arch_source =
		  "docker-library/official-images library/busybox@37079fb3" },
};

const size_t goelf_ntargets = ARRAY_SIZE(goelf_targets);

size_t
goelf_target_count(void)
{
	return goelf_ntargets;
}

const char *
goelf_target_name(size_t i)
{
	return i < goelf_ntargets ? goelf_targets[i].name : NULL;
}

static bool
ieq(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

/* The row whose name or one of whose image references is s. */
static const struct goelf_target *
lookup(const char *s)
{
	for (size_t i = 0; i < goelf_ntargets; i++) {
		const struct goelf_target *t = &goelf_targets[i];

		if (ieq(s, t->name))
			return t;
		for (size_t j = 0; t->aliases[j]; j++)
			if (ieq(s, t->aliases[j]))
				return t;
	}
	return NULL;
}

/* A distroless variant tag: latest, nonroot, debug, debug-nonroot, each
 * also with the -ARCH suffix distroless publishes (nonroot-arm64). */
static bool
variant_tag(const char *tag)
{
	static const char *const variants[] = { "latest", "nonroot", "debug",
						"debug-nonroot" };
	static const char *const arches[] = { "",	  "-amd64", "-arm64",
					      "-arm",	  "-s390x", "-ppc64le",
					      "-riscv64", "-386" };
	char want[64];

	for (size_t i = 0; i < ARRAY_SIZE(variants); i++)
		for (size_t j = 0; j < ARRAY_SIZE(arches); j++) {
			snprintf(want, sizeof(want), "%s%s", variants[i],
				 arches[j]);
			if (ieq(tag, want))
				return true;
		}
	return false;
}

/* Looks repo up as given, then without a gcr.io/distroless/ or
 * distroless/ prefix (every suite is also listed by its short name,
 * static-debian12, cc-debian12 ...). */
static const struct goelf_target *
lookup_repo(const char *repo)
{
	const struct goelf_target *t = lookup(repo);

	if (!t && !strncasecmp(repo, "gcr.io/", 7))
		repo += 7;
	if (!t && !strncasecmp(repo, "distroless/", 11))
		t = lookup(repo + 11);
	return t;
}

/* A version tag with a patch level: digits and dots, at least one dot,
 * then optionally "-slim" ("12.5", "3.20.3", "12.5-slim"); *suffix
 * points past the numbers. */
static bool
patch_tag(const char *tag, const char **suffix)
{
	const char *p = tag;
	int dots = 0;

	if (!isdigit((unsigned char)*p))
		return false;
	while (isdigit((unsigned char)*p) || *p == '.')
		dots += *p++ == '.';
	*suffix = p;
	return dots && p[-1] != '.' && (!*p || ieq(p, "-slim"));
}

/*
 * Resolves a canonical name or an image reference as people write it
 * ("alpine:3.20", "docker.io/library/debian:bookworm",
 * "gcr.io/distroless/static-debian12:nonroot").  A digest is dropped; so
 * is a distroless variant tag (:latest, :nonroot, :debug-nonroot, with
 * or without an -ARCH suffix), and a patch level resolves to its
 * release (debian:12.5 is debian:12, alpine:3.20.3 is alpine:3.20).  A
 * release is never dropped, so an unknown alpine:3.17 stays unknown.
 */
const struct goelf_target *
goelf_target_find(const char *ref)
{
	const struct goelf_target *t;
	char buf[256], try[256];
	char *at, *colon, *slash;
	const char *p = ref, *suffix;

	if (!strncmp(p, "docker.io/", 10))
		p += 10;
	if (!strncmp(p, "library/", 8))
		p += 8;
	snprintf(buf, sizeof(buf), "%s", p);
	at = strchr(buf, '@');
	if (at)
		*at = '\0';
	t = lookup_repo(buf);
	slash = strrchr(buf, '/');
	colon = strrchr(buf, ':');
	if (t || !colon || (slash && colon < slash))
		return t;
	*colon = '\0';
	if (variant_tag(colon + 1))
		return lookup_repo(buf);
	if (!patch_tag(colon + 1, &suffix))
		return NULL;
	/* 3.20.3 -> 3.20 -> 3: the longest release the table knows */
	snprintf(try, sizeof(try), "%s", colon + 1);
	for (char *dot = strrchr(try, '.'); dot; dot = strrchr(try, '.')) {
		char ref2[600];

		*dot = '\0';
		snprintf(ref2, sizeof(ref2), "%s:%s%s", buf, try, suffix);
		t = lookup(ref2);
		if (t)
			return t;
	}
	return NULL;
}

enum goelf_tri
goelf_target_has_arch(const struct goelf_target *t, const char *arch)
{
	const char *p = t->arches;
	size_t n = strlen(arch);

	if (!p)
		return T_UNKNOWN;
	if (!strcmp(p, "any"))
		return T_YES;
	while (*p) {
		size_t len = strcspn(p, ",");

		if (len == n && !strncmp(p, arch, n))
			return T_YES;
		p += len;
		if (*p == ',')
			p++;
	}
	return T_NO;
}
