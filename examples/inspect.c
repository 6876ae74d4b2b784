/*
 * inspect.c - the smallest program on libgoelf: for each FILE, print
 * how it is linked and which Go toolchain built it.
 *
 *   $ ./inspect build/fixtures/go-cgo-dyn build/fixtures/c-static
 *   build/fixtures/go-cgo-dyn: dynamic go1.19.8
 *   build/fixtures/c-static: static -
 *
 * Build it against an installed goelf (make install; only the static
 * library is installed, hence --static):
 *
 *   cc -std=c11 inspect.c $(pkg-config --cflags goelf) \
 *       $(pkg-config --static --libs goelf) -o inspect
 *
 * It uses nothing but <goelf.h>, the public API.  Exit status: 0, or 2
 * when a file could not be analysed (as `goelf inspect`).
 */
#include <goelf.h>

#include <stdio.h>

int
main(int argc, char **argv)
{
	int status = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: inspect FILE...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		/*
		 * goelf_report_open() never returns NULL and never runs the
		 * file: it reads it, copies what it needs and analyses it.
		 * NULL options: the defaults (no DWARF walk).
		 */
		struct goelf_report *r = goelf_report_open(argv[i], NULL);

		if (goelf_report_error(r) != GOELF_OK) {
			/* Not ELF, truncated, unreadable ...: one line.  The
			 * path comes from the command line, the message from
			 * the library (file bytes in it are escaped). */
			fprintf(stderr, "inspect: %s: %s\n", argv[i],
				goelf_report_error_message(r));
			status = 2;
		} else {
			/* The Go version is NULL for a file Go did not build
			 * (or whose version is unknown); every string belongs
			 * to the report. */
			const char *go = goelf_report_go_version(r);

			/* A file name may hold bytes a terminal obeys:
			 * goelf_text_escape() prints it safely. */
			goelf_text_escape(stdout, argv[i]);
			printf(": %s %s\n",
			       goelf_link_kind_name(goelf_report_link_kind(r)),
			       go ? go : "-");
		}
		goelf_report_free(r); /* frees every string above */
	}
	return status;
}
