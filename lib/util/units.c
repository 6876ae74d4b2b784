/*
 * util/units.c - byte counts read from people ("10MiB") and written for
 * them ("1.2 MiB").
 */
#include "util/util.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* "10MiB", "512k", "1G", "4096" -> bytes. */
int
goelf_parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	uint64_t mul = 1;

	errno = 0;
	if (!isdigit((unsigned char)*s))
		return -1;
	v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	while (isspace((unsigned char)*end))
		end++;
	if (!*end || !strcasecmp(end, "b"))
		mul = 1;
	else if (!strcasecmp(end, "k") || !strcasecmp(end, "kib") ||
		 !strcasecmp(end, "kb"))
		mul = 1024;
	else if (!strcasecmp(end, "m") || !strcasecmp(end, "mib") ||
		 !strcasecmp(end, "mb"))
		mul = 1024 * 1024;
	else if (!strcasecmp(end, "g") || !strcasecmp(end, "gib") ||
		 !strcasecmp(end, "gb"))
		mul = 1024ull * 1024 * 1024;
	else
		return -1;
	if (v > UINT64_MAX / mul)
		return -1;
	*out = v * mul;
	return 0;
}

void
goelf_fmt_size(uint64_t n, char *out, size_t outsz)
{
	static const char *const unit[] = { "KiB", "MiB", "GiB", "TiB" };
	double v = (double)n;
	size_t u = 0;

	if (n < 1024) {
		snprintf(out, outsz, "%llu B", (unsigned long long)n);
		return;
	}
	v /= 1024.0;
	while (v >= 1024.0 && u + 1 < ARRAY_SIZE(unit)) {
		v /= 1024.0;
		u++;
	}
	snprintf(out, outsz, "%.1f %s", v, unit[u]);
}
