/*
 * dwarf/dwarf.c - DWARF summary (compile units, versions, producers,
 * languages, build-machine paths) through libdwarf: the parent side (the
 * checks before, the child process, its records); the walk itself, in
 * the child, is dwarf_walk.c.
 *
 * libdwarf 20210528 (Debian 12) is treated as unsafe on hostile input
 * (reference/hostile-input.md): it aborts when a call fails with neither
 * an error pointer nor a handler, its own ELF reader is the weak path, and
 * it inflates compressed sections by itself.  So:
 *   1. compressed sections are checked here first, from the headers that
 *      load.c already read, and the walk is refused when one claims more
 *      than GOELF_MAX_INFLATE bytes or GOELF_MAX_INFLATE_RATIO times its
 *      size, or an unknown ch_type (ZSTD: libdwarf 20210528 has no zstd);
 *   2. the walk runs in a forked child with RLIMIT_AS, RLIMIT_CPU and an
 *      alarm(), uses dwarf_elf_init_b() on a libelf handle that elf/
 *      opens in the child (goelf_elf_handle_open), passes a
 *      handler and &err on every call, and is capped in CUs and items;
 *   3. the child writes length-prefixed records to a pipe; the parent
 *      reads at most CHILD_MAX_OUTPUT bytes, parses them with the cursor
 *      API and accepts them only when the final "done" record is there.
 * A child that crashes, runs out of time or memory, or writes garbage
 * costs one dwarf.error (a finding), never the report.
 *
 * Paths: Go CUs have comp_dir "." and their line tables name files with
 * absolute paths unless built with -trimpath.  Absolute paths under GOROOT
 * (derived from .../src/runtime/ files, plus /usr/lib/go*, /usr/local/go)
 * and C system include directories are toolchain paths: they are listed
 * with the prefix "toolchain:" and do not count as a leak.  Other absolute
 * paths are reduced to their directory (module cache paths to the
 * .../pkg/mod root) and listed as they are.
 */
#include "dwarf/dwarf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void set_error(struct goelf_dwarf *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
set_error(struct goelf_dwarf *d, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (d->error)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	d->error = goelf_xstrdup(line);
}

/* Copies a record string: NUL bytes end it, length is already capped. */
static void
rec_add(struct goelf_strlist *l, const uint8_t *p, uint32_t n, size_t cap,
	bool *truncated)
{
	char *s = goelf_xstrndup((const char *)p, n);

	if (!goelf_strlist_has(l, s)) {
		if (l->n < cap)
			goelf_strlist_add(l, s);
		else
			*truncated = true;
	}
	free(s);
}

/* Parses the child's records into d; false when they are malformed or
 * the final record is missing. */
static bool
parse_records(const uint8_t *buf, size_t len, struct goelf_dwarf *d)
{
	struct goelf_cursor c;
	bool done = false;

	goelf_cursor_init(&c, buf, len, GOELF_LITTLE);
	while (goelf_cursor_left(&c) && !done) {
		uint8_t tag;
		uint32_t n;
		const uint8_t *p;

		if (!goelf_cursor_u8(&c, &tag) || !goelf_cursor_u32(&c, &n) ||
		    n > MAX_ITEM || !goelf_cursor_take(&c, n, &p))
			return false;
		switch (tag) {
		case REC_CUS:
			if (n != 8)
				return false;
			d->compile_units = goelf_get_u64(p, GOELF_LITTLE);
			break;
		case REC_VERSION:
			rec_add(&d->versions, p, n, MAX_LIST, &d->truncated);
			break;
		case REC_PRODUCER:
			rec_add(&d->producers, p, n, MAX_LIST, &d->truncated);
			break;
		case REC_LANGUAGE:
			rec_add(&d->languages, p, n, MAX_LIST, &d->truncated);
			break;
		case REC_PATH:
			rec_add(&d->build_paths, p, n, GOELF_MAX_DWARF_PATHS,
				&d->truncated);
			break;
		case REC_TRUNCATED: d->truncated = true; break;
		case REC_ERROR: {
			char *s = goelf_xstrndup((const char *)p, n);

			set_error(d, "DWARF summary incomplete: %s", s);
			free(s);
			break;
		}
		case REC_DONE: done = true; break;
		default: return false;
		}
	}
	return done && !goelf_cursor_left(&c);
}

/* Refuses what libdwarf would inflate beyond our caps (rule 3). */
static bool
inflate_ok(const struct goelf_facts *f, struct goelf_dwarf *d)
{
	for (size_t i = 0; i < f->nsections; i++) {
		const struct goelf_section *s = &f->sections[i];
		uint64_t u = s->uncompressed_size;

		if (!s->is_compressed || !s->in_file)
			continue;
		if (s->ch_type != ELFCOMPRESS_ZLIB) {
			set_error(d,
				  "DWARF summary unavailable: %.64s uses "
				  "compression type %u (only zlib is read)",
				  s->name, s->ch_type);
			return false;
		}
		if (u > GOELF_MAX_INFLATE ||
		    (s->size <= UINT64_MAX / GOELF_MAX_INFLATE_RATIO &&
		     u > s->size * GOELF_MAX_INFLATE_RATIO)) {
			set_error(d,
				  "DWARF summary unavailable: %.64s claims "
				  "%llu bytes uncompressed from %llu (limits: "
				  "%u MiB, %ux its size)",
				  s->name, (unsigned long long)u,
				  (unsigned long long)s->size,
				  GOELF_MAX_INFLATE >> 20,
				  GOELF_MAX_INFLATE_RATIO);
			return false;
		}
	}
	return true;
}

static void
run_child(struct goelf_ld *ld, struct goelf_dwarf *d)
{
	struct goelf_buf out;
	int p[2], status = 0;
	bool overflow = false;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) != 0) {
		set_error(d, "DWARF summary unavailable: pipe: %s",
			  strerror(errno));
		return;
	}
	pid = fork();
	if (pid < 0) {
		set_error(d, "DWARF summary unavailable: fork: %s",
			  strerror(errno));
		close(p[0]);
		close(p[1]);
		return;
	}
	if (pid == 0) {
		close(p[0]);
		goelf_dwarf_child_main(ld, p[1]);
	}
	close(p[1]);
	goelf_buf_init(&out, CHILD_MAX_OUTPUT);
	for (;;) {
		char chunk[65536];
		ssize_t r = read(p[0], chunk, sizeof(chunk));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (goelf_buf_add(&out, chunk, (size_t)r) != 0) {
			overflow = true;
			kill(pid, SIGKILL);
			break;
		}
	}
	close(p[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (overflow)
		set_error(d,
			  "DWARF summary unavailable: child wrote more than "
			  "%u bytes",
			  CHILD_MAX_OUTPUT);
	else if (WIFSIGNALED(status))
		set_error(d,
			  "DWARF summary unavailable: child killed by signal "
			  "%d (%s)",
			  WTERMSIG(status), strsignal(WTERMSIG(status)));
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		set_error(d,
			  "DWARF summary unavailable: child exited with "
			  "status %d",
			  WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	else if (!parse_records((const uint8_t *)out.buf, out.len, d))
		set_error(d, "DWARF summary unavailable: child output is "
			     "malformed");
	else
		d->walked = true;
	if (!d->walked) {
		/* Partial records from a failed child are not trusted. */
		char *e = d->error;
		bool present = d->present;

		d->error = NULL;
		goelf_dwarf_release(d);
		d->error = e;
		d->present = present;
	}
	goelf_buf_release(&out);
	goelf_strlist_sort(&d->versions);
	goelf_strlist_sort(&d->producers);
	goelf_strlist_sort(&d->languages);
	goelf_strlist_sort(&d->build_paths);
}

void
goelf_load_dwarf(struct goelf_ld *ld)
{
	struct goelf_facts *f = ld->facts;
	struct goelf_dwarf *d = &f->dwarf;

	d->present = goelf_find_section(f, ".debug_info") ||
		     goelf_find_section(f, ".zdebug_info");
	if (!ld->opts.dwarf || !d->present)
		return;
	if (!inflate_ok(f, d))
		return;
	run_child(ld, d);
}
