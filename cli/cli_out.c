/*
 * cli/cli_out.c - warnings, usage errors and the colour decision of the
 * command line.  The one sanitising warn: every message goes through
 * goelf_text_escape_lines(), every file name given apart through
 * goelf_text_escape(), so nothing from a file or an argument reaches the
 * terminal as an escape sequence.
 */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The formatted message, escaped, on stderr. */
static void
vwarn_escaped(const char *fmt, va_list ap)
{
	char *msg = NULL;

	if (vasprintf(&msg, fmt, ap) < 0) {
		fputs("(out of memory)", stderr);
		return;
	}
	goelf_text_escape_lines(stderr, msg);
	free(msg);
}

void
cli_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("goelf: ", stderr);
	va_start(ap, fmt);
	vwarn_escaped(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
cli_file_error(const char *path, const char *fmt, ...)
{
	va_list ap;

	fputs("goelf: ", stderr);
	goelf_text_escape(stderr, path);
	fputs(": ", stderr);
	va_start(ap, fmt);
	vwarn_escaped(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
cli_line(const char *path, const char *lead, const char *msg)
{
	fputs("goelf: ", stderr);
	if (path) {
		goelf_text_escape(stderr, path);
		fputs(": ", stderr);
	}
	fputs(lead, stderr);
	goelf_text_escape(stderr, msg ? msg : "");
	fputc('\n', stderr);
}

int
cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "goelf %s: ", cmd);
	va_start(ap, fmt);
	vwarn_escaped(fmt, ap);
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
