/*
 * policy/policy.h - the one place that decides: the gate policy (INI
 * file and flags), the base-image targets, allowlists and the verdict of
 * each report.  Includes analyze/ and below.
 */
#ifndef GOELF_POLICY_H
#define GOELF_POLICY_H

#include "analyze/analyze.h"

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
};

extern const struct goelf_target goelf_targets[];
extern const size_t goelf_ntargets;

/* By canonical name or image reference; NULL when unknown. */
const struct goelf_target *goelf_target_find(const char *ref);

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
/* Computes r->verdict (and policy findings) from the report. */
void goelf_verdict_compute(struct goelf_report *r,
			   const struct goelf_policy *p);

#endif /* GOELF_POLICY_H */
