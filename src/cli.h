/*
 * cli.h - what the subcommands share with main.c (not part of libgoelf).
 */
#ifndef GOELF_CLI_H
#define GOELF_CLI_H

#include "goelf.h"

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

int cmd_inspect(int argc, char **argv);
int cmd_buildinfo(int argc, char **argv);
int cmd_gate(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_size(int argc, char **argv);
int cmd_diff(int argc, char **argv);

#endif
