/*
 * cli_run.c - the run-time options of inspect, gate and scan (--image,
 * --at, --user, --tmpfs, --read-only-root, --env, --tree): parsed once,
 * checked once, handed to the library as struct goelf_run_options.
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

void
cli_run_init(struct cli_run *r, int argc)
{
	memset(r, 0, sizeof(*r));
	/* Every repeatable option has at most argc values. */
	r->tmpfs = calloc((size_t)argc + 1, sizeof(*r->tmpfs));
	r->env = calloc((size_t)argc + 1, sizeof(*r->env));
	if (!r->tmpfs || !r->env) {
		cli_warn("out of memory");
		exit(GOELF_EXIT_ERROR);
	}
}

void
cli_run_release(struct cli_run *r)
{
	free(r->tmpfs);
	free(r->env);
	goelf_image_view_free(r->view);
	memset(r, 0, sizeof(*r));
}

bool
cli_run_option(struct cli_run *r, int c, const char *arg)
{
	switch (c) {
	case CLI_OPT_IMAGE: r->image = arg; return true;
	case CLI_OPT_AT: r->at = arg; return true;
	case CLI_OPT_USER: r->o.user = arg; return true;
	case CLI_OPT_TMPFS: r->tmpfs[r->o.ntmpfs++] = arg; return true;
	case CLI_OPT_RO_ROOT: r->o.read_only_root = true; return true;
	case CLI_OPT_ENV: r->env[r->o.nenv++] = arg; return true;
	case CLI_OPT_TREE: r->tree = true; return true;
	default: return false;
	}
}

int
cli_run_check(struct cli_run *r, const char *cmd, bool image_needed)
{
	r->o.tmpfs = r->tmpfs;
	r->o.env = r->env;
	for (size_t i = 0; i < r->o.ntmpfs; i++)
		if (r->tmpfs[i][0] != '/')
			return cli_usage_error(cmd,
					       "--tmpfs %s: not an "
					       "absolute path",
					       r->tmpfs[i]);
	for (size_t i = 0; i < r->o.nenv; i++)
		if (!strchr(r->env[i], '=') || r->env[i][0] == '=')
			return cli_usage_error(cmd, "--env %s: not K=V",
					       r->env[i]);
	if (r->at && r->at[0] != '/')
		return cli_usage_error(cmd,
				       "--at %s: not an absolute path "
				       "in the image",
				       r->at);
	if (image_needed && !r->image &&
	    (r->at || r->o.user || r->o.ntmpfs || r->o.nenv ||
	     r->o.read_only_root || r->tree))
		return cli_usage_error(cmd, "--at, --user, --tmpfs, "
					    "--read-only-root, --env and "
					    "--tree need --image");
	return 0;
}

int
cli_run_open(struct cli_run *r, const struct goelf_policy *pol)
{
	char *err = NULL;

	if (!r->image)
		return 0;
	/* The policy's [image] run keys fill what no flag set. */
	goelf_policy_run_options(pol, &r->o);
	r->o.platform = goelf_policy_arch(pol);
	r->view = goelf_image_view_open(r->image, &r->o, &err);
	if (!r->view) {
		cli_file_error(r->image, "%s", err ? err : "unreadable");
		free(err);
		return GOELF_EXIT_ERROR;
	}
	return 0;
}

int
cli_run_judge(struct cli_run *r, struct goelf_report *rep)
{
	char *err = NULL;

	if (!r->view || goelf_report_error(rep) != GOELF_OK)
		return 0;
	if (goelf_report_run_in(rep, r->view, r->at, &err) == 0)
		return 0;
	fflush(stdout);
	cli_file_error(goelf_report_path(rep), "%s", err ? err : "?");
	free(err);
	return -1;
}
