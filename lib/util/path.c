/*
 * util/path.c - the order of paths in every listing: component by
 * component, as a walk that sorts each directory produces them.
 */
#include "util/util.h"

int
goelf_scan_path_cmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	while (*x && *x == *y) {
		x++;
		y++;
	}
	if (*x == *y)
		return 0;
	/* '/' ends a component: it sorts before every other byte. */
	if (*x == '/')
		return *y ? -1 : 1;
	if (*y == '/')
		return *x ? 1 : -1;
	return *x < *y ? -1 : 1;
}
