/*
 * util/version.c - dotted version numbers: "2.10" > "2.9", and the glibc
 * release named by a GLIBC_x.y[.z] tag.
 */
#include "util/util.h"

#include <ctype.h>
#include <string.h>

bool
goelf_glibc_tag_version(const char *tag, char *out, size_t outsz)
{
	const char *p;
	int dots = 0;

	if (!strcmp(tag, "GLIBC_ABI_DT_RELR")) {
		if (outsz < 5)
			return false;
		snprintf(out, outsz, "2.36");
		return true;
	}
	if (strncmp(tag, "GLIBC_", 6) || !isdigit((unsigned char)tag[6]))
		return false;
	for (p = tag + 6; *p; p++) {
		if (*p == '.') {
			if (!isdigit((unsigned char)p[1]) || ++dots > 2)
				return false;
		} else if (!isdigit((unsigned char)*p)) {
			return false;
		}
	}
	if (dots < 1 || strlen(tag + 6) >= outsz)
		return false;
	snprintf(out, outsz, "%s", tag + 6);
	return true;
}

/* Reads one numeric component (capped, so no overflow) and moves past
 * it and one following dot; a non-digit ends the version. */
static unsigned long
component(const char **p)
{
	unsigned long v = 0;

	while (isdigit((unsigned char)**p)) {
		if (v < 1000000000ul)
			v = v * 10 + (unsigned long)(**p - '0');
		(*p)++;
	}
	if (**p == '.')
		(*p)++;
	else
		*p = "";
	return v;
}

int
goelf_version_cmp(const char *a, const char *b)
{
	while (*a || *b) {
		unsigned long x = component(&a), y = component(&b);

		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}
