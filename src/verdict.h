/*
 * verdict.h - the base-image table (targets.c) shared by the verdict.
 */
#ifndef GOELF_VERDICT_H
#define GOELF_VERDICT_H

#include "internal.h"

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

#endif
