/*
 * cli/cli_out.c - warnings, usage errors and the colour decision of the
 * command line.
 */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void
cli_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("goelf: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "goelf %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'goelf %s --help'.\n", cmd);
	return GOELF_EXIT_ERROR;
}

bool
cli_want_color(const char *mode, FILE *out)
{
	const char *nc = getenv("NO_COLOR");

	if (mode && !strcmp(mode, "always"))
		return true;
	if (mode && !strcmp(mode, "never"))
		return false;
	if (nc && *nc)
		return false;
	return isatty(fileno(out));
}
