/*
 * cli/cli_opts.c - the output options every command shares: -f/--format
 * and --color.  One table of format names, one check, one message per
 * kind of bad value, so `gate --color bogus` fails exactly as `inspect
 * --color bogus` does.
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Accepted spellings; "jsonl" is "json", which every command prints as
 * JSON Lines (one object per line) already. */
static const struct {
	const char *name;
	enum cli_format fmt;
	bool listed; /* named in the error message */
} formats[] = {
	{ "text", CLI_FMT_TEXT, true },
	{ "json", CLI_FMT_JSON, true },
	{ "jsonl", CLI_FMT_JSON, false },
	{ "sarif", CLI_FMT_SARIF, true },
	{ "codeclimate", CLI_FMT_CODECLIMATE, true },
	{ "junit", CLI_FMT_JUNIT, true },
	{ "cyclonedx", CLI_FMT_CYCLONEDX, true },
};

#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

void
cli_output_init(struct cli_output *o, const char *cmd, unsigned fmts)
{
	memset(o, 0, sizeof(*o));
	o->cmd = cmd;
	o->formats = fmts;
	o->format = CLI_FMT_TEXT;
}

bool
cli_output_option(struct cli_output *o, int c, const char *arg)
{
	if (c == 'f') {
		o->format_arg = arg;
		return true;
	}
	if (c == CLI_OPT_COLOR) {
		o->color_arg = arg;
		return true;
	}
	if (c == CLI_OPT_COMPACT) {
		o->ro.compact = true;
		return true;
	}
	return false;
}

/* "text or json", "text, json or sarif": the formats o supports. */
static void
list_formats(const struct cli_output *o, char *buf, size_t n)
{
	size_t k = 0, total = 0, len = 0;

	for (size_t i = 0; i < NFORMATS; i++)
		if (formats[i].listed && (o->formats & formats[i].fmt))
			total++;
	buf[0] = '\0';
	for (size_t i = 0; i < NFORMATS; i++) {
		int w;

		if (!formats[i].listed || !(o->formats & formats[i].fmt))
			continue;
		k++;
		w = snprintf(buf + len, n - len, "%s%s",
			     k == 1	  ? ""
			     : k == total ? " or "
					  : ", ",
			     formats[i].name);
		if (w < 0 || (size_t)w >= n - len)
			return;
		len += (size_t)w;
	}
}

int
cli_output_check(struct cli_output *o)
{
	const char *f = o->format_arg, *c = o->color_arg;
	char names[128];
	size_t i;

	if (f) {
		for (i = 0; i < NFORMATS; i++)
			if (!strcmp(f, formats[i].name) &&
			    (o->formats & formats[i].fmt))
				break;
		if (i == NFORMATS) {
			list_formats(o, names, sizeof(names));
			return cli_usage_error(
				o->cmd, "unknown format '%s' (%s)", f, names);
		}
		o->format = formats[i].fmt;
	}
	if (c && strcmp(c, "auto") && strcmp(c, "always") && strcmp(c, "never"))
		return cli_usage_error(o->cmd,
				       "--color takes auto, always or never");
	o->ro.color = cli_want_color(c ? c : "auto", stdout);
	return 0;
}

struct goelf_doc *
cli_output_doc(const struct cli_output *o, const char *cmd)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	struct goelf_doc *d;
	long long t = (long long)time(NULL);

	if (o->format == CLI_FMT_CODECLIMATE)
		d = goelf_doc_new(GOELF_DOC_CODECLIMATE, cmd);
	else if (o->format == CLI_FMT_JUNIT)
		d = goelf_doc_new(GOELF_DOC_JUNIT, cmd);
	else if (o->format == CLI_FMT_CYCLONEDX)
		d = goelf_doc_new(GOELF_DOC_CYCLONEDX, cmd);
	else
		return NULL;
	if (sde && *sde) {
		char *end;
		long long v;

		errno = 0;
		v = strtoll(sde, &end, 10);
		if (!errno && !*end && v >= 0)
			t = v;
		else
			cli_warn("SOURCE_DATE_EPOCH is not a number of "
				 "seconds: ignored");
	}
	goelf_doc_set_timestamp(d, (int64_t)t);
	return d;
}
