/*
 * cli.h - what the subcommands share with main.c (not part of libgoelf).
 */
#ifndef GOELF_CLI_H
#define GOELF_CLI_H

#include "goelf.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

/* Exit codes (man/goelf.1): 0 pass, 1 policy failed, 2 could not analyse
 * or bad usage. */
enum {
	GOELF_EXIT_OK = 0,
	GOELF_EXIT_FAIL = 1,
	GOELF_EXIT_ERROR = 2
};

/*
 * Warnings and errors (cli_out.c), err(3) style on stderr.  Every byte
 * passes through goelf.h's escaping: the message through
 * goelf_text_escape_lines() (controls, DEL, C1 and invalid UTF-8 as \xNN),
 * a file name given apart through goelf_text_escape().
 */
/* "goelf: " + message. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "goelf: PATH: " + message, PATH escaped so that two names never print
 * the same and none can send a terminal escape. */
void cli_file_error(const char *path, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "goelf: [PATH: ]LEAD" + msg on exactly one line: msg is a finished
 * message that carries bytes of a file (a saved report's fields), so
 * all of it goes through goelf_text_escape(), newline and tab too; LEAD
 * is goelf's own text. */
void cli_line(const char *path, const char *lead, const char *msg);
/* Prints a usage error and the hint to run --help; returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* --color=auto|always|never plus NO_COLOR, for stream out. */
bool cli_want_color(const char *mode, FILE *out);

/*
 * The output options every command shares (cli_opts.c): -f/--format and
 * --color, parsed and checked in one place so that a value means the
 * same everywhere and an unsupported one gets the same message and exit
 * 2.  Put CLI_OUTPUT_LONGOPTS in the getopt_long table (and "f:" in the
 * short options), offer every option to cli_output_option(), then call
 * cli_output_check() after the loop.
 */
enum cli_format {
	CLI_FMT_TEXT = 1,
	CLI_FMT_JSON = 2, /* JSON Lines: "json" and "jsonl" alike */
	CLI_FMT_SARIF = 4,
	CLI_FMT_CODECLIMATE = 8, /* GitLab Code Quality */
	CLI_FMT_JUNIT = 16,
	CLI_FMT_CYCLONEDX = 32,
};
/* The formats that are one document per run (goelf_doc). */
#define CLI_FMT_DOCS (CLI_FMT_CODECLIMATE | CLI_FMT_JUNIT | CLI_FMT_CYCLONEDX)

enum {
	CLI_OPT_COLOR = 0x120,
	CLI_OPT_COMPACT,
};

#define CLI_OUTPUT_LONGOPTS                                                    \
	{ "format", required_argument, NULL, 'f' },                            \
	{                                                                      \
		"color", required_argument, NULL, CLI_OPT_COLOR                \
	}
/* --compact, for the commands that print reports as JSON. */
#define CLI_COMPACT_LONGOPT                                                    \
	{                                                                      \
		"compact", no_argument, NULL, CLI_OPT_COMPACT                  \
	}

struct cli_output {
	const char *cmd;	     /* for the messages; static */
	unsigned formats;	     /* CLI_FMT_* the command prints */
	const char *format_arg;	     /* as given (argv), NULL: text */
	const char *color_arg;	     /* as given (argv), NULL: auto */
	enum cli_format format;	     /* set by cli_output_check() */
	struct goelf_render_opts ro; /* color for stdout, by the check */
};

void cli_output_init(struct cli_output *o, const char *cmd, unsigned formats);
/* Takes option c (from getopt_long) when it is -f/--format or --color. */
bool cli_output_option(struct cli_output *o, int c, const char *arg);
/* Checks the values against what the command supports and decides the
 * colour for stdout; 0, or 2 after printing the usage error. */
int cli_output_check(struct cli_output *o);
/* The document of a CLI_FMT_DOCS format for command cmd, its CycloneDX
 * timestamp SOURCE_DATE_EPOCH when set (reproducible builds), else now;
 * NULL for the other formats. */
struct goelf_doc *cli_output_doc(const struct cli_output *o, const char *cmd);

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
/* The policy file cli_policy_build() read (escaped), for a summary
 * line: ", policy FILE", or nothing when there was none. */
void cli_policy_print_file(const struct cli_policy *cp, FILE *out);

int cmd_inspect(int argc, char **argv);
int cmd_buildinfo(int argc, char **argv);
int cmd_gate(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_size(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_targets(int argc, char **argv);

/*
 * The run-time options (cli_run.c) of inspect and gate (--image, --at,
 * --user, --tmpfs, --read-only-root, --env, --tree) and scan (all but
 * --image and --at: scan judges in the image or --root it reads).
 */
enum {
	CLI_OPT_IMAGE = 0x130,
	CLI_OPT_AT,
	CLI_OPT_USER,
	CLI_OPT_TMPFS,
	CLI_OPT_RO_ROOT,
	CLI_OPT_ENV,
	CLI_OPT_TREE,
};
#define CLI_RUN_SETTINGS_LONGOPTS                                              \
	{ "user", required_argument, NULL, CLI_OPT_USER },                     \
		{ "tmpfs", required_argument, NULL, CLI_OPT_TMPFS },           \
		{ "read-only-root", no_argument, NULL, CLI_OPT_RO_ROOT },      \
		{ "env", required_argument, NULL, CLI_OPT_ENV },               \
	{                                                                      \
		"tree", no_argument, NULL, CLI_OPT_TREE                        \
	}
#define CLI_RUN_LONGOPTS                                                       \
	{ "image", required_argument, NULL, CLI_OPT_IMAGE },                   \
		{ "at", required_argument, NULL, CLI_OPT_AT },                 \
		CLI_RUN_SETTINGS_LONGOPTS
#define CLI_RUN_HELP                                                           \
	"      --image PATH   judge FILE as if copied into that image or "     \
	"root:\n"                                                              \
	"                     a docker-save or OCI tarball or layout, or a\n"  \
	"                     root directory (the \"image\" target)\n"         \
	"      --at PATH      where FILE sits in it (default: the path the\n"  \
	"                     entrypoint names, else /usr/local/bin/NAME)\n"   \
	"      --user U       run as UID[:GID] or a name of its /etc/passwd\n" \
	"                     (default: the image's User; root)\n"             \
	"      --tmpfs PATH   a writable tmpfs (emptyDir) is mounted there\n"  \
	"      --read-only-root  the root filesystem is read-only\n"           \
	"      --env K=V      added to the image's Env (repeatable)\n"         \
	"      --tree         text: the library resolution tree\n"
struct cli_run {
	const char *image, *at;
	bool tree;
	struct goelf_run_options o;
	const char **tmpfs, **env; /* o's lists, owned */
	struct goelf_image_view *view;
};
void cli_run_init(struct cli_run *r, int argc);
void cli_run_release(struct cli_run *r);
/* Takes option c when it is one of the run options. */
bool cli_run_option(struct cli_run *r, int c, const char *arg);
/* Checks the values (2 after a usage error); image_needed: the
 * settings make sense only with --image. */
int cli_run_check(struct cli_run *r, const char *cmd, bool image_needed);
/* Reads --image once with the settings of the flags, then those of
 * pol's [image] keys (0, or 2 after printing why not). */
int cli_run_open(struct cli_run *r, const struct goelf_policy *pol);
/* Judges rep in the image when one is open: 0, or -1 after printing
 * why not (then the report has no image target). */
int cli_run_judge(struct cli_run *r, struct goelf_report *rep);

#endif
