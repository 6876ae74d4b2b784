/*
 * scan/scan.h - internal interface of `goelf scan`: the worker pool, its
 * result ordering and the sink (scan_pool.c), the directory walker
 * (scan_walk.c), and the driving of lib/image for image tarballs and OCI
 * layouts (scan_image.c).  Never prints: results go to the caller's
 * sink.  Includes render/, image/ and below.  Not part of the public
 * API; only cmd_scan.c (and the image fuzzer) include it.
 *
 * Threads: the walker or image reader (the main thread) submits jobs; N
 * worker threads analyse them; results are handed to the sink in
 * submission order (a bounded reorder window), so output order does not
 * depend on scheduling.  Everything marked "under ctx->lock" is only
 * touched with that mutex held.
 */
#ifndef GOELF_SCAN_H
#define GOELF_SCAN_H

#include "image/image.h"
#include "render/render.h"
#include "runtime/runtime.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define GOELF_SCAN_MAX_DEPTH	128u	    /* directory levels walked */
#define GOELF_SCAN_MAX_DIRENTS	(1u << 20)  /* names kept per directory */
#define GOELF_SCAN_MAX_INFLIGHT (96u << 20) /* image bytes queued */
#define GOELF_SCAN_MAX_PATH	GOELF_IMAGE_MAX_PATH /* a link target */
#define GOELF_SCAN_HEAVY	(16u << 20)	     /* files analysed alone */

/* The 4-byte ELF magic at m. */
static inline bool
is_elf_magic(const uint8_t *m)
{
	return m[0] == 0x7f && m[1] == 'E' && m[2] == 'L' && m[3] == 'F';
}

enum goelf_job_kind {
	GOELF_JOB_FD,	    /* fd: a regular-file candidate from the walker */
	GOELF_JOB_DATA,	    /* data/size: an entry read out of an image */
	GOELF_JOB_LINK,	    /* a symlink to resolve (dir) or resolved (image) */
	GOELF_JOB_ERROR,    /* err: an entry that could not be read */
	GOELF_JOB_VANISHED, /* an entry deleted while the tree was walked */
	GOELF_JOB_NAMES,    /* fd (a directory), names: regular files of a
			       walked directory, looked at by the worker */
};

/* Names per GOELF_JOB_NAMES job: one slot, one lock round and one wake-up
 * for this many files (most of them not ELF). */
#define GOELF_SCAN_BATCH 64u

/* The root of one directory walk, for resolving its symlinks; it lives
 * in the walker, which drains the pool before it goes. */
struct goelf_scan_root {
	int fd;		    /* the root directory */
	const char *prefix; /* display prefix of walked paths ("" for /) */
	const char *real;   /* realpath of the root, for link targets */
};

/* One unit of work; the pool owns every field once it is submitted
 * (but root, which the walker keeps until its jobs are done). */
struct goelf_scan_job {
	enum goelf_job_kind kind;
	char *path;   /* display path (in-image path for images); for
			  GOELF_JOB_NAMES the directory's, with its '/' */
	int fd;	      /* GOELF_JOB_FD, GOELF_JOB_NAMES: closed by the worker */
	char **names; /* GOELF_JOB_NAMES, in walk order; owned */
	size_t nnames;
	uint8_t *data; /* GOELF_JOB_DATA, freed by the worker */
	size_t size;
	char *rel; /* GOELF_JOB_LINK (dir): path relative to root->fd */
	const struct goelf_scan_root *root; /* GOELF_JOB_LINK (dir) */
	char *link_target;		    /* GOELF_JOB_LINK: the link text */
	char *link_resolved; /* GOELF_JOB_LINK (image): resolved ELF path */
	bool hardlink;
	char *err;  /* GOELF_JOB_ERROR: one-line reason */
	char *arch; /* the image's platform for the verdict, or NULL */
	/* The image or root the file is judged in (c->cur_view when it was
	 * submitted), or NULL; not owned: it outlives the job. */
	const struct goelf_rt_view *view;
};

/* What a worker made of a job: small serialized output only. */
struct goelf_scan_result {
	char *path;    /* owned; raw bytes of the name, never escaped here */
	char *json;    /* JSON line(s) with "\n", or NULL; owned */
	char *err;     /* why path could not be analysed, or NULL; owned */
	void *frag;    /* its goelf_doc fragment (json_t *), or NULL; owned */
	uint32_t seen; /* regular files looked at */
	uint32_t special; /* special files skipped (swapped since readdir) */
	bool elf, go, link_elf, link_other, error, failed;
	bool vanished; /* a note to the sink, not an error */
	/* The file is its image's entrypoint: its image-target status and
	 * the one-line answer (owned). */
	bool entrypoint;
	enum goelf_sev ep_status;
	char *ep_answer;
	/* and what it needs in the image (image.size.needed_bytes): its
	 * size after strip --strip-all (predicted, or its file size) and
	 * the in-image paths it resolved (interpreter, libraries, data
	 * files found); owned */
	uint64_t ep_stripped;
	struct goelf_strlist ep_needs;
	/* GOELF_JOB_NAMES: the results of its files that have one (ELF
	 * files, errors, vanished names), in name order; owned. */
	struct goelf_scan_result *sub;
	size_t nsub;
};

/* Results, image records and image errors go to the sink of
 * include/goelf.h (struct goelf_scan_sink) in order, with ctx->lock
 * held; lib/scan never prints. */

struct goelf_pool_slot {
	struct goelf_scan_job job;
	struct goelf_scan_result res;
	uint64_t seq;
	int state; /* 0 free, 1 queued, 2 running, 3 done */
};

struct goelf_scan_ctx {
	/* options, set before goelf_pool_start() */
	unsigned jobs;
	bool root_mode; /* --root: absolute links resolve inside */
	bool one_fs;	/* -x */
	bool progress;	/* hand progress to the sink */
	bool jsonl;	/* render each result as JSON Lines */
	bool compact;	/* ... in their --compact form */
	bool gate;
	struct goelf_opts lo;
	const struct goelf_policy *pol; /* const: read by every worker */
	struct goelf_scan_sink sink;
	struct goelf_rt_settings run; /* --user, --tmpfs ... (owned) */
	/* The view jobs are judged in from now on: written by the main
	 * thread only, between drains; copied into each job. */
	const struct goelf_rt_view *cur_view;
	/* The CI or SBOM document (include/goelf.h), or NULL: fragments
	 * are made by the workers, added in output order under lock. */
	struct goelf_doc *doc;

	/* shared state, under lock */
	pthread_mutex_t lock;
	pthread_rwlock_t heavy; /* write-held while analysing a file
				   > HEAVY, read-held for the others */
	pthread_cond_t cond_work, cond_space;
	struct goelf_summary sum;
	struct goelf_pool_slot *slots;
	size_t window;	   /* number of slots */
	uint64_t next_seq; /* next job to submit */
	uint64_t next_out; /* next result to hand to the sink */
	uint64_t next_run; /* lowest job not yet taken by a worker */
	size_t inflight;   /* bytes of image data queued */
	bool stopping;
	/* progress */
	double t_start, t_last;
	uint64_t bytes_done, bytes_total; /* images: for the ETA */
	/* The current image's entrypoint, as its result went by (under
	 * lock): for the image record and the summary. */
	bool ep_seen;
	enum goelf_sev ep_status;
	char *ep_answer, *ep_path;
	uint64_t ep_stripped;
	struct goelf_strlist ep_needs; /* owned */
	/* the current image's ELF entries that keep symbols or debug
	 * sections (image.unstripped_binaries); reset at each image */
	size_t img_unstripped;
	uint64_t img_unstripped_savings;
	char *img_unstripped_first; /* owned: the smallest such path */

	/* set by goelf_pool_start(), read only after */
	bool have_proc; /* /proc/self/fd usable */
	bool have_openat2;

	pthread_t *threads;
	size_t nthreads;
};

/* scan_walk.c: the pool. */
void goelf_pool_start(struct goelf_scan_ctx *c);
/* Hands the job to the pool (the pool owns it now); blocks while the
 * window is full. */
void goelf_pool_submit(struct goelf_scan_ctx *c, struct goelf_scan_job *job);
/* Waits until every submitted job went through the sink. */
void goelf_pool_drain(struct goelf_scan_ctx *c);
void goelf_pool_stop(struct goelf_scan_ctx *c);
/* Frees what the context owns after the pool stopped: the summary, the
 * run-time settings and the entrypoint's answer (not pol, not doc). */
void goelf_scan_ctx_release(struct goelf_scan_ctx *c);
void goelf_scan_result_release(struct goelf_scan_result *r);
/* Hands a result to the sink.  Under lock. */
void goelf_scan_emit(struct goelf_scan_ctx *c,
		     const struct goelf_scan_result *r);
/* Progress to the sink, at most every 0.2 s (call under lock); final
 * always goes through. */
void goelf_scan_progress(struct goelf_scan_ctx *c, bool final);
double goelf_scan_now(void);
/* Counts a per-entry error and hands it to the sink through the pool, so
 * it comes out in order. */
void goelf_scan_error(struct goelf_scan_ctx *c, const char *path,
		      const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Counts an entry that vanished during the walk and hands the note to
 * the sink through the pool, in order. */
void goelf_scan_vanished(struct goelf_scan_ctx *c, const char *path);

/* scan_walk.c: walks the directory tree at path; returns the number of
 * entries that could not be analysed at the top level (bad root). */
int goelf_scan_dir(struct goelf_scan_ctx *c, const char *path);

/* scan_image.c: true when path is an image (goelf_image_probe). */
bool goelf_scan_is_image(const char *path);
/* Scans an image tarball or layout: every ELF file and link as it is
 * read (layers top-down, each in tar order; links at the end of the
 * image), then the image record (JSON), so nothing of an image is held
 * until it ends.  Problems go to
 * c->sum.errors (could not analyse) and c->sum.images_failed (gate).
 * A regular file that is itself an ELF file is scanned as one file. */
void goelf_scan_image(struct goelf_scan_ctx *c, const char *path);

#endif
