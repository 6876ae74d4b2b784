/*
 * cli.h - what the subcommands share with main.c (not part of libgoelf).
 */
#ifndef GOELF_CLI_H
#define GOELF_CLI_H

#include "goelf.h"
/* Until the public API covers the commands, they read the library's
 * private structures (scan and diff include every layer below). */
#include "diff/diff.h"
#include "scan/scan.h"

/* Exit codes (man/goelf.1): 0 pass, 1 policy failed, 2 could not analyse
 * or bad usage. */
enum {
	GOELF_EXIT_OK = 0,
	GOELF_EXIT_FAIL = 1,
	GOELF_EXIT_ERROR = 2
};

/* "goelf: " + message on stderr (err(3) style). */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints a usage error and the hint to run --help; returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* --color=auto|always|never plus NO_COLOR, for stream out. */
bool cli_want_color(const char *mode, FILE *out);

/*
 * Policy options shared by gate, scan and diff (cli_policy.c): --policy,
 * --no-policy and a flag per policy key.  Put CLI_POLICY_LONGOPTS (or
 * only CLI_POLICY_FILE_LONGOPTS) in the getopt_long table and offer
 * every option to cli_policy_option() first.
 */
enum {
	CLI_OPT_POLICY = 0x100,
	CLI_OPT_NO_POLICY,
	CLI_OPT_KEY = 0x110, /* + index into the key table */
};

#define CLI_POLICY_FILE_LONGOPTS                                               \
	{ "policy", required_argument, NULL, CLI_OPT_POLICY },                 \
	{                                                                      \
		"no-policy", no_argument, NULL, CLI_OPT_NO_POLICY              \
	}
#define CLI_POLICY_LONGOPTS                                                    \
	CLI_POLICY_FILE_LONGOPTS,                                              \
		{ "targets", required_argument, NULL, CLI_OPT_KEY + 0 },       \
		{ "fail-on", required_argument, NULL, CLI_OPT_KEY + 1 },       \
		{ "max-glibc", required_argument, NULL, CLI_OPT_KEY + 2 },     \
		{ "require", required_argument, NULL, CLI_OPT_KEY + 3 },       \
		{ "max-debug-bytes", required_argument, NULL,                  \
		  CLI_OPT_KEY + 4 },                                           \
		{ "min-go", required_argument, NULL, CLI_OPT_KEY + 5 },        \
		{ "allow", required_argument, NULL, CLI_OPT_KEY + 6 },         \
		{ "arch", required_argument, NULL, CLI_OPT_KEY + 7 },          \
	{                                                                      \
		"platform", required_argument, NULL, CLI_OPT_KEY + 8           \
	}

struct cli_policy {
	const char *file; /* --policy, or .goelf.ini once built */
	bool no_file;
	struct {
		const char *key, *value;
	} * flags; /* owned array; the strings are argv's */
	size_t n;
};

void cli_policy_init(struct cli_policy *cp, int argc);
void cli_policy_release(struct cli_policy *cp);
/* Takes option c (from getopt_long) when it is a policy option. */
bool cli_policy_option(struct cli_policy *cp, int c, const char *arg);
/* Adds KEY=VALUE as if given as a flag. */
void cli_policy_add(struct cli_policy *cp, const char *key, const char *value);
/* Reads the policy file, then applies the flags; 0, or the exit code
 * (2) after printing the error. */
int cli_policy_build(struct cli_policy *cp, const char *cmd,
		     struct goelf_policy *pol);

int cmd_inspect(int argc, char **argv);
int cmd_buildinfo(int argc, char **argv);
int cmd_gate(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_size(int argc, char **argv);
int cmd_diff(int argc, char **argv);

#endif
