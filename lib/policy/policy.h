/*
 * policy/policy.h - the one place that decides: the gate policy (INI
 * file and flags), the base-image targets, allowlists and the verdict of
 * each report.  Includes analyze/ and below.
 */
#ifndef GOELF_POLICY_H
#define GOELF_POLICY_H

#include "analyze/analyze.h"
#include "image/image.h"

#define GOELF_REQUIRE_STATIC   1u
#define GOELF_REQUIRE_NO_CGO   2u
#define GOELF_REQUIRE_TRIMPATH 4u
#define GOELF_REQUIRE_STRIPPED 8u

struct goelf_allow {
	char *id;   /* finding id, fnmatch pattern */
	char *glob; /* path pattern, NULL = any path */
};

/* A gate policy (INI file and/or flags). */
struct goelf_policy {
	struct goelf_strlist targets; /* canonical names; empty = none */
	bool all_targets;	      /* report every target, none counts */
	enum goelf_sev fail_on;	      /* WARN or FAIL (default FAIL) */
	char *max_glibc;	      /* "2.31" or NULL */
	unsigned require;	      /* GOELF_REQUIRE_* */
	bool has_max_debug;
	uint64_t max_debug_bytes;
	char *min_go; /* "1.21" or NULL */
	struct goelf_allow *allow;
	size_t nallow;
	char *arch; /* GOARCH of the target platform, or NULL */
	/* diff thresholds (goelf diff) */
	bool has_max_growth;
	bool max_growth_pct; /* max_growth is a percentage */
	double max_growth;
	bool fail_on_new_finding, fail_on_glibc_raise;
	/* the lowest severity of a new finding that fails the diff */
	enum goelf_sev new_finding_sev;
	/* [image] size keys (policy_image.c, verdict_image.c) */
	bool has_max_size, has_max_wasted, has_max_wasted_pct;
	uint64_t max_size, max_wasted;
	double max_wasted_pct;
	unsigned forbid_classes; /* bit (1u << enum goelf_image_class) */
	/* [image] run-time keys (policy_image.c): the settings of --user,
	 * --tmpfs, --read-only-root and --env, which win over them
	 * (goelf_policy_run_options) */
	char *run_user;			/* NULL: unset */
	struct goelf_strlist run_tmpfs; /* absolute paths */
	bool read_only_root;
	struct goelf_strlist run_env; /* "K=V" */
};

enum goelf_tri {
	T_UNKNOWN = 0,
	T_YES,
	T_NO
};

struct goelf_target {
	const char *name;	    /* canonical */
	const char *const *aliases; /* image references */
	enum goelf_libc libc;	    /* NONE: no C library at all */
	const char *libc_version;   /* glibc "2.36", musl "1.2.5" */
	const char *const *libs;    /* sonames present (NULL-ended) */
	bool libs_partial;	    /* libs lists only what is known */
	enum goelf_tri ca_certs, tzdata, tmp, nonroot;
	const char *source;
	/* GOARCHs the image is published for ("amd64,arm64"), "any"
	 * (scratch), or NULL when its documentation does not say */
	const char *arches;
	const char *arch_source;
};

/* target_libs.c: the complete library sets of the Debian-built images. */
extern const char *const goelf_libs_debian11[],
	*const goelf_libs_debian12[],
		*const goelf_libs_debian13[],
			*const goelf_libs_distroless_base_nossl[],
				*const goelf_libs_distroless_base[],
					*const goelf_libs_distroless_cc[];
/* Yes, no, or unknown (the target's arches are NULL) for a GOARCH. */
enum goelf_tri goelf_target_has_arch(const struct goelf_target *t,
				     const char *arch);

extern const struct goelf_target goelf_targets[];
extern const size_t goelf_ntargets;

/* By canonical name or image reference; NULL when unknown. */
const struct goelf_target *goelf_target_find(const char *ref);

/* The policy file: at most this many bytes per line (inih's own line
 * buffer is 200 bytes with the newline) and in all. */
#define GOELF_MAX_POLICY_LINE  199u
#define GOELF_MAX_POLICY_BYTES (1u << 20)

/* Policy and verdict (policy.c, verdict.c). */
void goelf_policy_init(struct goelf_policy *p);
void goelf_policy_release(struct goelf_policy *p);
/* Reads an INI policy file; on error puts "FILE:LINE: reason" in err. */
int goelf_policy_load(struct goelf_policy *p, const char *path,
		      struct goelf_buf *err);
/* Sets one key as in the file ("targets", "fail-on", "max-glibc",
 * "require", "max-debug-bytes", "min-go", "allow", "arch", ...);
 * -1 with a reason in err for an unknown key or a bad value. */
int goelf_policy_set(struct goelf_policy *p, const char *section,
		     const char *key, const char *value, struct goelf_buf *err);
/*
 * What the verdict of one file knows beside the (shared, const) policy:
 * facts of the place the file runs in, such as the image it was found
 * in.  It travels with each scan job, so nothing per-image is ever
 * written into the policy the worker threads read.  NULL fields (or a
 * NULL context) mean "the policy's".
 */
struct goelf_judge_ctx {
	const char *arch; /* GOARCH of the platform, or NULL: policy arch */
};

/* policy_image.c: a key of the [image] section ("max-size",
 * "max-wasted", "max-wasted-percent", "forbid-classes"); 1 when key is
 * not one of them, -1 with a reason in err for a bad value. */
int goelf_policy_set_image(struct goelf_policy *p, const char *key,
			   const char *value, struct goelf_buf *err);
/* verdict_image.c: the policy findings of an image's size (policy.image_*,
 * added to f, then unsorted) under p's [image] keys; the caller then
 * judges f with goelf_verdict_findings(). */
void goelf_verdict_image_size(struct goelf_findings *f,
			      const struct goelf_image_size *z,
			      const struct goelf_policy *p);

/* Computes r->verdict (and policy findings) from the report. */
void goelf_verdict_compute(struct goelf_report *r,
			   const struct goelf_policy *p);
/* The same with a judge context (may be NULL); p and ctx are read only. */
void goelf_verdict_compute_ctx(struct goelf_report *r,
			       const struct goelf_policy *p,
			       const struct goelf_judge_ctx *ctx);

/* The verdict of a list of findings found at path (a file's or an
 * image's): sets each finding's `allowed` from the allowlist and gives
 * the worst severity not allowed, and whether it fails the gate.  The
 * one rule for both, used by goelf_verdict_compute() and by scan for an
 * image's own findings. */
struct goelf_findings_verdict {
	enum goelf_sev status; /* worst severity not allowed */
	bool failed; /* status >= the policy's fail-on, or a cap reached */
	bool limit;  /* an input.limit_reached not allowed */
};
struct goelf_findings_verdict
goelf_verdict_findings(struct goelf_findings *f, const char *path,
		       const struct goelf_policy *p);

#endif /* GOELF_POLICY_H */
