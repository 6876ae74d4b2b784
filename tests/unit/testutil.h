/* testutil.h - includes cmocka 1.1.5 needs, and fixture helpers. */
#ifndef GOELF_TESTUTIL_H
#define GOELF_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diff/diff.h"
#include "scan/scan.h"

/* Path of fixture NAME under $GOELF_FIXTURES (build/fixtures). */
static inline const char *
fixture(const char *name)
{
	static char buf[4096];
	const char *dir = getenv("GOELF_FIXTURES");

	snprintf(buf, sizeof(buf), "%s/%s", dir ? dir : "build/fixtures",
		 name);
	return buf;
}

/* Path of crafted bad file NAME under $GOELF_BAD (build/bad). */
static inline const char *
badfile(const char *name)
{
	static char buf[4096];
	const char *dir = getenv("GOELF_BAD");

	snprintf(buf, sizeof(buf), "%s/%s", dir ? dir : "build/bad", name);
	return buf;
}
#endif
