/*
 * gorelease.c - the dated table of Go major releases goelf ships, for the
 * "toolchain out of support" finding.  Policy (go.dev/doc/devel/release):
 * "Each major Go release is supported until there are two newer major
 * releases."  Dates: golang/website internal/history/release.go, snapshot
 * 2026-08-21 (reference/base-images.md section 4).  The verdict depends
 * on this table, not on today's date, so it is reproducible; update the
 * table with each Go release.
 */
#include "go/go.h"

#include <stdlib.h>
#include <string.h>

struct gorelease {
	int minor;
	const char *date; /* x.y.0 release date */
};

static const struct gorelease releases[] = {
	{ 13, "2019-09-03" }, { 14, "2020-02-25" }, { 15, "2020-08-11" },
	{ 16, "2021-02-16" }, { 17, "2021-08-16" }, { 18, "2022-03-15" },
	{ 19, "2022-08-02" }, { 20, "2023-02-01" }, { 21, "2023-08-08" },
	{ 22, "2024-02-06" }, { 23, "2024-08-13" }, { 24, "2025-02-11" },
	{ 25, "2025-08-12" }, { 26, "2026-02-10" }, { 27, "2026-08-19" },
};

const char *const goelf_gorelease_table_date = "2026-08-21";

/* Minor version of "go1.N", "go1.N.P", "go1.NrcM", "1.N"; -1 if none. */
int
goelf_go_minor(const char *v)
{
	char *end;
	long n;

	if (!v)
		return -1;
	if (!strncmp(v, "go", 2))
		v += 2;
	if (strncmp(v, "1.", 2))
		return -1;
	n = strtol(v + 2, &end, 10);
	if (end == v + 2 || n < 0 || n > 10000)
		return -1;
	return (int)n;
}

/*
 * For a Go version, whether the table says it is out of support, and
 * since when (the release of minor+2).  Returns false for a supported or
 * unknown version.
 */
bool
goelf_go_unsupported(const char *version, const char **since,
		     const char **latest)
{
	int m = goelf_go_minor(version);
	int newest = releases[ARRAY_SIZE(releases) - 1].minor;

	*latest = NULL;
	*since = NULL;
	if (m < 0 || m > newest - 2)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(releases); i++)
		if (releases[i].minor == m + 2)
			*since = releases[i].date;
	*latest = releases[ARRAY_SIZE(releases) - 1].date;
	return true;
}
