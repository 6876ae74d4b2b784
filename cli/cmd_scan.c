/*
 * cmd_scan.c - goelf scan [options] PATH...: find the ELF files of a
 * directory tree, root filesystem or image tarball by their magic, analyse
 * each with the inspect pipeline on a pool of threads, and print JSON
 * Lines (a tree's sorted by path, an image's in reading order with the
 * image record last) or a text summary.  --gate applies the policy
 * with the exit codes of `goelf gate`: 0 pass, 1 a file or the image
 * failed, 2 something could not be analysed or bad usage.
 */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: goelf scan [-f jsonl|json|text|cyclonedx|codeclimate|junit]\n"
	"                  [-j N] [-x] [--root] [-q]\n"
	"                  [--compact] [--gate] [--policy FILE | --no-policy]\n"
	"                  [--targets LIST] [--fail-on warn|fail] [--max-glibc "
	"V]\n"
	"                  [--require R] [--max-debug-bytes N] [--min-go V]\n"
	"                  [--allow ID[:GLOB]] [--platform P | --arch A]\n"
	"                  [--user U] [--tmpfs P] [--read-only-root] [--env "
	"K=V]\n"
	"                  [--max-size N] [--max-wasted N]\n"
	"                  [--max-wasted-percent P] [--forbid-classes LIST]\n"
	"                  [--dwarf] [--color WHEN] [-h] PATH...\n"
	"\n"
	"Finds ELF files by their magic in each PATH (a directory, a root\n"
	"filesystem, a `docker save` tarball or an OCI image layout, as a\n"
	"directory or a tar), analyses each like `goelf inspect`, and prints\n"
	"JSON Lines or a summary: a tree's records sorted by path, an image's\n"
	"in reading order (layers top-down), its image record last.  Every\n"
	"file of an image (or of a --root tree) is judged in it: interpreter,\n"
	"libraries, versions, symbols and the data files Go needs, as the\n"
	"loader and the Go run time would find them there; the summary leads\n"
	"with the entrypoint's answer.  Images\n"
	"are read with libarchive, never extracted: layers apply bottom to\n"
	"top with their whiteouts (README: layer semantics), and paths are\n"
	"the in-image paths.\n"
	"\n"
	"  -f, --format F         jsonl (default when stdout is not a TTY),\n"
	"                         text (a summary; default on a TTY),\n"
	"                         cyclonedx (one CycloneDX 1.5 SBOM; an image\n"
	"                         is its root component), codeclimate or "
	"junit\n"
	"                         (GitLab Code Quality, JUnit XML; with "
	"--gate)\n"
	"  -j, --jobs N           worker threads (default: number of CPUs)\n"
	"  -x, --one-file-system  do not enter other file systems\n"
	"      --root             PATH is a root filesystem: report in-root\n"
	"                         paths, resolve absolute links inside it,\n"
	"                         and judge every ELF file in it as its\n"
	"                         loader would (the \"image\" target)\n"
	"      --user U, --tmpfs PATH, --read-only-root, --env K=V\n"
	"                         the run-time settings files of an image or\n"
	"                         --root are judged under (see inspect); they\n"
	"                         win over the [image] keys user, tmpfs,\n"
	"                         read-only-root, env of the policy\n"
	"  -q, --quiet            no progress line\n"
	"      --compact          jsonl: leave out the per-section, "
	"per-package\n"
	"                         and per-symbol lists of each file's record\n"
	"      --gate             exit 1 when a file or image fails the "
	"policy\n"
	"  --policy FILE, --no-policy, --targets LIST, --fail-on warn|fail,\n"
	"  --max-glibc V, --require R, --max-debug-bytes N, --min-go V,\n"
	"  --allow ID[:GLOB], --platform P, --arch A\n"
	"                         the policy, as for `goelf gate`\n"
	"      --max-size N       image: fail --gate when the layers ship "
	"more\n"
	"                         than N bytes (500MiB); [image] max-size\n"
	"      --max-wasted N     image: ... more than N bytes not in the "
	"final\n"
	"                         filesystem (deleted or overwritten later)\n"
	"      --max-wasted-percent P  image: ... more than P% of them wasted\n"
	"      --forbid-classes LIST  image: ... ships files of these "
	"classes:\n"
	"                         go-build-cache, go-module-cache,\n"
	"                         go-toolchain, package-cache, source\n"
	"      --dwarf            also walk DWARF (slow)\n"
	"      --color WHEN       auto, always, never\n"
	"  -h, --help             this text\n"
	"\n"
	"An image's record (and the text summary, first) has its size:\n"
	"the bytes of regular files each layer ships, the bytes the final\n"
	"filesystem shows, the waste, the build leftover classes and the\n"
	"biggest files (README: Image size).\n"
	"\n"
	"Symlinks are never followed; a symlink or hard link to an ELF file\n"
	"is reported as a link.  FIFOs, sockets and devices are skipped\n"
	"without being opened.  Entries that cannot be read are reported as\n"
	"'goelf: PATH: reason' and the scan goes on.\n"
	"\n"
	"Exit status: 0 done (and, with --gate, passed), 1 --gate and a file\n"
	"or image failed, 2 something could not be analysed or bad usage.\n";

/* The sink of the scan: the only place scan results reach stdout and
 * stderr.  Names and reasons are file-derived bytes: escaped. */
struct scan_out {
	bool jsonl, progress;
};

static void
out_result(void *arg, const char *path, const char *json, const char *err)
{
	const struct scan_out *o = arg;

	if (o->jsonl && json)
		fputs(json, stdout);
	if (!err)
		return;
	fflush(stdout);
	if (o->progress)
		fputs("\r\033[K", stderr);
	fputs("goelf: ", stderr);
	goelf_text_escape(stderr, path ? path : "");
	fputs(": ", stderr);
	goelf_text_escape(stderr, err);
	fputc('\n', stderr);
}

/* A note (a file deleted during the walk): stderr, not an error. */
static void
out_note(void *arg, const char *path, const char *msg)
{
	const struct scan_out *o = arg;

	fflush(stdout);
	if (o->progress)
		fputs("\r\033[K", stderr);
	fputs("goelf: ", stderr);
	goelf_text_escape(stderr, path ? path : "");
	fputs(": ", stderr);
	goelf_text_escape(stderr, msg);
	fputc('\n', stderr);
}

static void
out_progress(void *arg, const struct goelf_scan_progress *p)
{
	(void)arg;
	fputs("\r\033[K", stderr);
	if (!p->final) {
		fprintf(stderr, "scan: %zu files seen, %zu ELF, %.0f files/s",
			p->files_seen, p->elf,
			p->elapsed > 0 ? (double)p->files_seen / p->elapsed
				       : 0);
		if (p->bytes_total && p->bytes_done &&
		    p->bytes_done <= p->bytes_total)
			fprintf(stderr, ", ETA %.0fs",
				p->elapsed *
					(double)(p->bytes_total -
						 p->bytes_done) /
					(double)p->bytes_done);
	}
	fflush(stderr);
}

int
cmd_scan(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_POLICY_LONGOPTS,
		{ "format", required_argument, NULL, 'f' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "one-file-system", no_argument, NULL, 'x' },
		{ "root", no_argument, NULL, 'R' },
		{ "gate", no_argument, NULL, 'G' },
		{ "dwarf", no_argument, NULL, 'D' },
		{ "color", required_argument, NULL, 'C' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "compact", no_argument, NULL, 'c' },
		{ "max-size", required_argument, NULL, 0x200 },
		{ "max-wasted", required_argument, NULL, 0x201 },
		{ "max-wasted-percent", required_argument, NULL, 0x202 },
		{ "forbid-classes", required_argument, NULL, 0x203 },
		{ "help", no_argument, NULL, 'h' },
		CLI_RUN_SETTINGS_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_run run;
	struct cli_policy cp;
	const char *format = NULL, *color = NULL;
	struct cli_output out;
	bool quiet = false;
	struct goelf_scan_options so_opts;
	struct goelf_scan *scan = NULL;
	struct scan_out so;
	struct goelf_policy *pol = goelf_policy_new();
	struct goelf_doc *doc = NULL;
	long jobs = sysconf(_SC_NPROCESSORS_ONLN);
	int c, rc = GOELF_EXIT_OK;

	memset(&so_opts, 0, sizeof(so_opts));
	cli_output_init(&out, "scan",
			CLI_FMT_TEXT | CLI_FMT_JSON | CLI_FMT_DOCS);
	cli_policy_init(&cp, argc);
	cli_run_init(&run, argc);
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:j:xqh", opts, NULL)) != -1) {
		char *end;

		if (cli_policy_option(&cp, c, optarg))
			continue;
		if (c != CLI_OPT_TREE && cli_run_option(&run, c, optarg))
			continue;
		switch (c) {
		case 'f': format = optarg; break;
		case 'x': so_opts.one_fs = true; break;
		case 'R': so_opts.root_mode = true; break;
		case 'G': so_opts.gate = true; break;
		case 'D': so_opts.dwarf = true; break;
		case 'C': color = optarg; break;
		case 'q': quiet = true; break;
		case 'c': so_opts.compact = true; break;
		/* the [image] size keys (policy_image.c) */
		case 0x200: cli_policy_add(&cp, "max-size", optarg); break;
		case 0x201: cli_policy_add(&cp, "max-wasted", optarg); break;
		case 0x202:
			cli_policy_add(&cp, "max-wasted-percent", optarg);
			break;
		case 0x203:
			cli_policy_add(&cp, "forbid-classes", optarg);
			break;
		case 'j':
			errno = 0;
			jobs = strtol(optarg, &end, 10);
			if (errno || *end || jobs < 1 || jobs > 256) {
				rc = cli_usage_error("scan", "--jobs takes 1 "
							     "to 256");
				goto out;
			}
			break;
		case 'h': fputs(usage_text, stdout); goto out;
		default: rc = cli_usage_error("scan", "bad option"); goto out;
		}
	}
	/* The shared parser (cli_opts.c): same values, same messages as
	 * every other command; scan's default depends on the terminal. */
	out.format_arg = format;
	out.color_arg = color;
	rc = cli_output_check(&out);
	if (rc)
		goto out;
	if (!format)
		out.format =
			isatty(STDOUT_FILENO) ? CLI_FMT_TEXT : CLI_FMT_JSON;
	format = out.format == CLI_FMT_JSON ? "jsonl" : "text";
	rc = cli_run_check(&run, "scan", false);
	if (rc)
		goto out;
	if ((out.format == CLI_FMT_CODECLIMATE ||
	     out.format == CLI_FMT_JUNIT) &&
	    !so_opts.gate) {
		rc = cli_usage_error("scan", "--format %s needs --gate",
				     out.format_arg);
		goto out;
	}
	doc = cli_output_doc(&out, "scan");
	rc = cli_policy_build(&cp, "scan", pol);
	if (rc)
		goto out;
	if (optind >= argc) {
		rc = cli_usage_error("scan", "no PATH given");
		goto out;
	}
	if (jobs < 1)
		jobs = 1;
	so_opts.jobs = (unsigned)(jobs > 256 ? 256 : jobs);
	so_opts.jsonl = !strcmp(format, "jsonl");
	so_opts.doc = doc;
	so_opts.progress = !quiet && isatty(STDERR_FILENO);
	so_opts.policy = pol;
	/* The policy's [image] run keys fill what no flag set. */
	goelf_policy_run_options(pol, &run.o);
	so_opts.run = &run.o;
	so.jsonl = so_opts.jsonl;
	so.progress = so_opts.progress;
	so_opts.sink.result = out_result;
	so_opts.sink.progress = out_progress;
	so_opts.sink.note = out_note;
	so_opts.sink.arg = &so;
	/* A fixed mmap threshold: glibc otherwise raises it after each big
	 * free, and the buffers of one large binary then stay in the heap
	 * of a worker thread, adding up to ~20 MiB of peak RSS on /usr.
	 * 16 MiB keeps the common reads in the (fast) heap. */
	mallopt(M_MMAP_THRESHOLD, 16 << 20);
	scan = goelf_scan_new(&so_opts);
	for (int i = optind; i < argc; i++)
		goelf_scan_path(scan, argv[i]);
	goelf_scan_finish(scan);
	if (doc)
		goelf_doc_print(doc, stdout);
	else if (!so_opts.jsonl)
		goelf_scan_render_summary(scan, out.ro.color, stdout);
	fflush(stdout);
	if (goelf_scan_errors(scan))
		rc = GOELF_EXIT_ERROR;
	else if (so_opts.gate && goelf_scan_failed(scan))
		rc = GOELF_EXIT_FAIL;
out:
	goelf_scan_free(scan);
	cli_run_release(&run);
	goelf_doc_free(doc);
	cli_policy_release(&cp);
	goelf_policy_free(pol);
	return rc;
}
