/*
 * cli_policy.c - the policy options gate, scan and diff share: --policy
 * FILE (default .goelf.ini when present), --no-policy, and one flag per
 * policy key.  The file is read first; flags override it, --targets and
 * --require replace its lists, --allow adds to them.
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Policy keys in the order of the CLI_OPT_KEY + n option codes. */
static const char *const keys[] = {
	"targets", "fail-on", "max-glibc", "require", "max-debug-bytes",
	"min-go",  "allow",   "arch",	   "arch",
};

void
cli_policy_init(struct cli_policy *cp, int argc)
{
	memset(cp, 0, sizeof(*cp));
	cp->flags = calloc((size_t)argc + 1, sizeof(*cp->flags));
	if (!cp->flags) {
		cli_warn("out of memory");
		exit(GOELF_EXIT_ERROR);
	}
}

void
cli_policy_release(struct cli_policy *cp)
{
	free(cp->flags);
	memset(cp, 0, sizeof(*cp));
}

void
cli_policy_add(struct cli_policy *cp, const char *key, const char *value)
{
	cp->flags[cp->n].key = key;
	cp->flags[cp->n++].value = value;
}

bool
cli_policy_option(struct cli_policy *cp, int c, const char *arg)
{
	if (c == CLI_OPT_POLICY) {
		cp->file = arg;
		return true;
	}
	if (c == CLI_OPT_NO_POLICY) {
		cp->no_file = true;
		return true;
	}
	if (c >= CLI_OPT_KEY &&
	    c < CLI_OPT_KEY + (int)(sizeof(keys) / sizeof(keys[0]))) {
		cli_policy_add(cp, keys[c - CLI_OPT_KEY], arg);
		return true;
	}
	return false;
}

int
cli_policy_build(struct cli_policy *cp, const char *cmd,
		 struct goelf_policy *pol)
{
	bool cleared_t = false, cleared_r = false;
	char *err = NULL;
	int rc = 0;

	if (!cp->file && !cp->no_file && access(".goelf.ini", F_OK) == 0)
		cp->file = ".goelf.ini";
	if (cp->file && goelf_policy_read(pol, cp->file, &err)) {
		cli_warn("%s", err);
		rc = GOELF_EXIT_ERROR;
		goto out;
	}
	for (size_t i = 0; i < cp->n; i++) {
		const char *key = cp->flags[i].key;

		/* The first --targets or --require replaces the file's list;
		 * later ones add to it. */
		if (!strcmp(key, "targets") && !cleared_t) {
			goelf_policy_clear(pol, "targets");
			cleared_t = true;
		}
		if (!strcmp(key, "require") && !cleared_r) {
			goelf_policy_clear(pol, "require");
			cleared_r = true;
		}
		if (goelf_policy_put(pol, NULL, key, cp->flags[i].value,
				     &err)) {
			rc = cli_usage_error(cmd, "--%s: %s", key, err);
			goto out;
		}
	}
out:
	free(err);
	return rc;
}

void
cli_policy_print_file(const struct cli_policy *cp, FILE *out)
{
	if (!cp->file)
		return;
	fputs(", policy ", out);
	goelf_text_escape(out, cp->file);
}
