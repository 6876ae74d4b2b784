/*
 * main.c - subcommand table, global options and the exit code.  The only
 * place that prints errors for the library.
 */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct cmd cmds[] = {
	{ "inspect", cmd_inspect, "report what an ELF file is and needs" },
	{ "buildinfo", cmd_buildinfo, "print what 'go version -m' prints" },
	{ "gate", cmd_gate, "apply a policy: exit 0 pass, 1 fail, 2 error" },
	{ "scan", cmd_scan, "scan a directory tree or image, in parallel" },
	{ "size", cmd_size, "where the bytes go: sections and Go packages" },
	{ "diff", cmd_diff, "compare two builds (binaries or JSON reports)" },
	{ "targets", cmd_targets,
	  "list the known base images and their facts" },
	{ "help", NULL, "this text, or 'goelf help CMD': CMD --help" },
};

static void
usage(FILE *out)
{
	fputs("usage: goelf [-h | --help] [--version] <command> [options] "
	      "[FILE...]\n"
	      "       goelf help [<command>]\n"
	      "\n"
	      "Inspect ELF binaries built by Go (and others) without running "
	      "them.\n\n"
	      "commands:\n",
	      out);
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(out, "  %-10s %s\n", cmds[i].name, cmds[i].summary);
	fputs("\nRun 'goelf <command> --help' for the options of a command.\n"
	      "Exit status: 0 success, 1 policy failed, 2 a file could not be "
	      "analysed or bad usage.\n",
	      out);
}

/* goelf help [CMD]: the overview, or CMD's own --help. */
static int
help(int argc, char **argv)
{
	char opt[] = "--help";
	char *args[3];

	if (argc < 1) {
		usage(stdout);
		return GOELF_EXIT_OK;
	}
	if (argc > 1)
		return cli_usage_error("help", "takes one command at most");
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (cmds[i].fn && !strcmp(argv[0], cmds[i].name)) {
			args[0] = argv[0];
			args[1] = opt;
			args[2] = NULL;
			return cmds[i].fn(2, args);
		}
	cli_warn("'%s' is not a goelf command; see 'goelf --help'", argv[0]);
	return GOELF_EXIT_ERROR;
}

int
main(int argc, char **argv)
{
	/* jansson's allocator, for the per-thread arena of JSON lines. */
	goelf_json_arena_install();
	if (argc < 2) {
		usage(stderr);
		return GOELF_EXIT_ERROR;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return GOELF_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("goelf %s\n", GOELF_VERSION);
		return GOELF_EXIT_OK;
	}
	if (!strcmp(argv[1], "help"))
		return help(argc - 2, argv + 2);
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (cmds[i].fn && !strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	cli_warn("'%s' is not a goelf command; see 'goelf --help'", argv[1]);
	return GOELF_EXIT_ERROR;
}
