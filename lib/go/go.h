/*
 * go/go.h - Go's own structures in a binary: the build info blob and its
 * module text, the pclntab, version evidence without build info, and the
 * shipped Go release table.  Reads bytes through util's source and the
 * section/segment facts; never libelf.  Includes facts/ and util/.
 */
#ifndef GOELF_GO_H
#define GOELF_GO_H

#include "facts/facts.h"

/* Runs the Go steps below in order (build info, pclntab, version). */
void goelf_go_load(struct goelf_ld *ld);
void goelf_load_buildinfo(struct goelf_ld *ld);
void goelf_load_pclntab(struct goelf_ld *ld);
void goelf_load_goversion(struct goelf_ld *ld);

/* names.c: a bit-parallel prefix automaton over a few function names
 * (at most 32 patterns, struct goelf_fn_pattern): the first 4 bytes of a
 * name select the candidate patterns through one mask per position, and
 * only those are compared in full.  No allocation. */
#define GOELF_FNSET_MAX 32
#define GOELF_FNSET_POS 4
struct goelf_fnset {
	uint32_t mask[GOELF_FNSET_POS][256];
	const struct goelf_fn_pattern *pat;
	size_t n;
	size_t len[GOELF_FNSET_MAX]; /* without the '*' */
	uint32_t prefix;	     /* patterns that are prefixes */
};
void goelf_fnset_init(struct goelf_fnset *set, const struct goelf_fn_pattern *p,
		      size_t n);
/* The bits of the patterns name (len bytes, not NUL-terminated) matches;
 * complete false: it is only the start of a longer name, so only
 * prefixes can match. */
unsigned goelf_fnset_match(const struct goelf_fnset *set, const char *name,
			   size_t len, bool complete);

/* modinfo.c: ParseBuildInfo / BuildInfo.String() of Go 1.19. */
int goelf_modinfo_parse(const char *text, struct goelf_modinfo *m,
			struct goelf_buf *err);
void goelf_modinfo_format(const struct goelf_modinfo *m, struct goelf_buf *b);
/* The value of build setting key ("-trimpath", "CGO_ENABLED" ...), or
 * NULL when absent or the module info did not parse; points into g. */
const char *goelf_go_setting(const struct goelf_gofacts *g, const char *key);

/* gorelease.c: the shipped Go release table. */
extern const char *const goelf_gorelease_table_date;
/* Minor version of "go1.N", "go1.N.P", "go1.NrcM", "1.N"; -1 if none. */
int goelf_go_minor(const char *v);
bool goelf_go_unsupported(const char *version, const char **since,
			  const char **latest);

#endif /* GOELF_GO_H */
