/*
 * cmd_targets.c - goelf targets [-f text|json|jsonl]: list the base
 * images goelf knows (the names --targets takes), with the image
 * references that resolve to each, their facts and the sources of those
 * facts.
 */
#include "cli/cli.h"

#include <getopt.h>

static const char usage_text[] =
	"usage: goelf targets [-f text|json|jsonl] [--color WHEN] [-h]\n"
	"\n"
	"Lists the base images goelf judges binaries against: each name\n"
	"(what --targets and the policy's targets take), the image\n"
	"references that resolve to it (patch versions such as debian:12.5\n"
	"and tags such as :nonroot resolve too), the C library, the shared\n"
	"libraries it ships (and whether that list is complete), CA\n"
	"certificates, tzdata, a writable /tmp, a non-root user, and the\n"
	"source of those facts. 'unknown' (null in JSON) is a fact nobody\n"
	"has confirmed.\n"
	"\n"
	"  -f, --format FMT   text (default) or json (one object; jsonl is\n"
	"                     the same)\n"
	"      --color WHEN   auto, always, never (checked; no colour yet)\n"
	"  -h, --help         this text\n"
	"\n"
	"Exit status: 0, or 2 for bad usage.\n";

int
cmd_targets(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OUTPUT_LONGOPTS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_output out;
	int c, rc;

	cli_output_init(&out, "targets", CLI_FMT_TEXT | CLI_FMT_JSON);
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		if (cli_output_option(&out, c, optarg))
			continue;
		if (c == 'h') {
			fputs(usage_text, stdout);
			return GOELF_EXIT_OK;
		}
		return cli_usage_error("targets", "bad option");
	}
	rc = cli_output_check(&out);
	if (rc)
		return rc;
	if (optind < argc)
		return cli_usage_error("targets", "takes no FILE");
	if (out.format == CLI_FMT_JSON)
		goelf_render_targets_json(stdout);
	else
		goelf_render_targets_text(stdout);
	return GOELF_EXIT_OK;
}
