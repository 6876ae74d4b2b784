/*
 * runtime/runtime.h - will this file start and run in THAT image or
 * root?  A static simulation of the dynamic loader (glibc's ld.so and
 * musl's) over a root filesystem view (image/: struct goelf_rootfs):
 * the interpreter, every DT_NEEDED breadth-first in ld.so's search
 * order, version requirements against the libraries' verdefs, undefined
 * symbols over the load set; then the data files a Go binary reads at
 * run time (CA certificates, zoneinfo, NSS, passwd, a writable temp
 * dir), and the image's entrypoint.  Fills struct goelf_runtime
 * (analyze.h) of a report; never executes anything, never reads
 * outside the root, never prints.  The policy turns the result into the
 * "image" target.  Includes image/ and below.
 *
 * Files: rt_libs.c (the per-root library cache: each ELF parsed once),
 * rt_search.c (glibc and musl search order, $ORIGIN/$LIB/$PLATFORM),
 * rt_symbols.c (versions and undefined symbols over the load set),
 * rt_resolve.c (the breadth-first load and the tree), rt_needs.c (Go's
 * run-time data files and the temp dir), rt_env.c (the run settings:
 * user, Env, tmpfs, entrypoint), runtime.c (goelf_runtime_judge).
 */
#ifndef GOELF_RUNTIME_H
#define GOELF_RUNTIME_H

#include "image/image.h"

#include <pthread.h>

#define GOELF_RT_MAX_LIBS    1024u  /* objects in one load set */
#define GOELF_RT_MAX_DEPTH   64u    /* NEEDED levels followed */
#define GOELF_RT_MAX_NODES   4096u  /* tree nodes (incl. duplicates) */
#define GOELF_RT_MAX_TRIES   65536u /* candidate paths tried per file */
#define GOELF_RT_MAX_SYMBOLS (1u << 22) /* undefined symbols checked */
#define GOELF_RT_MAX_NAMED   8u	    /* symbols named per message */
#define GOELF_RT_MAX_CACHED  65536u /* libraries kept per root */

/* One ELF file of the root as the loader sees it: parsed once, kept by
 * the cache.  facts holds the ELF layer only (no Go, no DWARF). */
struct goelf_rt_lib {
	char *path;	 /* resolved in-root path; owned */
	enum goelf_err err;
	char *error;	 /* one line when err != GOELF_OK; owned */
	struct goelf_facts facts;
	/* A glibc ld.so: the system directories compiled into it (its
	 * SYSTEM_DIRS string), in order; empty when not found. */
	struct goelf_strlist sysdirs;
};

/*
 * The libraries of one root, each parsed at most once.  Thread-safe:
 * scan workers share one cache per image (a mutex guards the table;
 * entries never move or change once added, so the pointers handed out
 * stay valid until goelf_rt_libs_free).
 */
struct goelf_rt_libs;

/* A cache over fs (not owned; it must outlive the cache). */
struct goelf_rt_libs *goelf_rt_libs_new(const struct goelf_rootfs *fs);
void goelf_rt_libs_free(struct goelf_rt_libs *c);
/* An image's ELF file seen while reading it (the bytes are not kept:
 * the facts are copied).  path is normalised ("/usr/lib/x.so"). */
void goelf_rt_libs_add_bytes(struct goelf_rt_libs *c, const char *path,
			     const uint8_t *data, size_t n);
/* The object at resolved in-root path: from the cache, or read from a
 * directory view on first use; NULL when there is no regular file there
 * (an image file that is not ELF is NULL too).  A file that is not ELF
 * or is corrupt comes back with err set. */
const struct goelf_rt_lib *goelf_rt_libs_get(struct goelf_rt_libs *c,
					     const char *path);
/* An image view comes after the image's ELF files were added: the
 * cache of an image is made with fs NULL and given its view here. */
void goelf_rt_libs_set_fs(struct goelf_rt_libs *c,
			  const struct goelf_rootfs *fs);
/* An image's hard link at path to the ELF file at target (both
 * normalised): path reads as target's object. */
void goelf_rt_libs_alias(struct goelf_rt_libs *c, const char *path,
			 const char *target);
/* Entries cached and files parsed, for the bench and the tests. */
void goelf_rt_libs_stats(const struct goelf_rt_libs *c, size_t *cached,
			 size_t *parsed);

/* The run-time settings a file is judged under. */
struct goelf_rt_env {
	const char *image;	  /* name shown (reference or path) */
	struct goelf_strlist env; /* "K=V": the image's Env, then --env */
	bool has_uid;		  /* uid/gid below are set */
	uint32_t uid, gid;
	char *user;		  /* as given ("app", "65532:65532"), or NULL */
	struct goelf_strlist tmpfs; /* --tmpfs mount points (absolute) */
	bool read_only_root;
	/* The entrypoint: argv from Entrypoint + Cmd, WorkingDir. */
	struct goelf_strlist entrypoint, cmd;
	bool has_entrypoint, has_cmd;
	char *workdir;
	unsigned isa_level; /* x86-64 level assumed for glibc-hwcaps: 1..4 */
};

void goelf_rt_env_release(struct goelf_rt_env *e);
/* The value of K in e->env (the last one), or NULL. */
const char *goelf_rt_getenv(const struct goelf_rt_env *e, const char *k);
/* Resolves e->user ("name", "uid", "uid:gid", "name:group") against the
 * root's /etc/passwd and /etc/group into has_uid/uid/gid; root (0:0)
 * when user is NULL.  Returns 0, or -1 with the reason in err (a name
 * the image does not know). */
int goelf_rt_env_user(struct goelf_rt_env *e, const struct goelf_rootfs *fs,
		      struct goelf_buf *err);

/*
 * The entrypoint of the image: argv[0] of Entrypoint + Cmd resolved
 * with PATH from the Env (a name without '/') or against WorkingDir
 * (a relative path), to a regular file in fs.  out gets the resolved
 * path.  A shell-form entrypoint ("/bin/sh -c ...") names the shell.
 * Returns 0, -ENOENT (none set, or not found: out then holds what was
 * looked for, and *why a one-line reason), or -errno.
 */
int goelf_rt_entrypoint(const struct goelf_rt_env *e,
			const struct goelf_rootfs *fs, char *out, size_t outsz,
			struct goelf_buf *why);

/*
 * The default in-image path of a file judged with --image: the
 * entrypoint's resolved path when the image has one, else
 * /usr/local/bin/ + the file's base name.  Into out.
 */
void goelf_rt_default_at(const struct goelf_rt_env *e,
			 const struct goelf_rootfs *fs, const char *file,
			 char *out, size_t outsz);

/*
 * Judges report r (loaded and analysed, err GOELF_OK) as if it sat at
 * env->... at (in-image path) in fs: fills r->runtime (released first).
 * libs is the root's cache (shared; the file itself is not added).
 */
void goelf_runtime_judge(struct goelf_report *r, const struct goelf_rootfs *fs,
			 struct goelf_rt_libs *libs,
			 const struct goelf_rt_env *env, const char *at);

/* --- views: an image archive or a root directory, ready to judge in
 * (rt_view.c) --- */

/* The run-time settings given on the command line or in [image]. */
struct goelf_rt_settings {
	const char *user;	    /* --user, or NULL */
	struct goelf_strlist tmpfs; /* --tmpfs */
	struct goelf_strlist env;   /* --env K=V */
	bool read_only_root;
	const char *platform; /* --platform (GOARCH), or NULL */
};

/* One image of an archive, or a root directory, with what judging in it
 * needs.  Immutable once made (the library cache is internally locked):
 * shared by the scan workers. */
struct goelf_rt_view {
	char *name;		   /* the reference, or the path; owned */
	char *arch;		   /* GOARCH of its config, or NULL; owned */
	struct goelf_rootfs *fs;   /* owned */
	struct goelf_rt_libs *libs; /* owned */
	struct goelf_rt_env env;
	char *entrypoint;     /* resolved in-image path, or NULL; owned */
	char *entrypoint_why; /* why the configured one does not resolve,
				 NULL when it does or none is set; owned */
	char *user_error;     /* the user cannot be resolved; owned */
	size_t seq;	      /* its place among the archive's images */
};

struct goelf_rt_views {
	struct goelf_rt_view *v; /* owned */
	size_t n;
};

/*
 * Reads path: an image archive or layout (every image in it), or a
 * root directory (one view, run as root unless s->user), and applies
 * the settings (Env added to, User replaced, tmpfs, read-only).
 * Returns 0, or -1 with a one-line reason in err (out is then empty).
 * Image-level problems do not stop it: the views hold what was read.
 */
int goelf_rt_views_open(const char *path, const struct goelf_rt_settings *s,
			struct goelf_rt_views *out, struct goelf_buf *err);
/* The settings of the public options (copied; release them). */
void goelf_rt_settings_from(struct goelf_rt_settings *s,
			    const struct goelf_run_options *o);
void goelf_rt_settings_release(struct goelf_rt_settings *s);
/* A view of an image being read (scan reads the archive itself): made
 * at the image's begin(), fed its ELF files, given its fs, finished. */
struct goelf_rt_view *goelf_rt_view_begin(const struct goelf_image_facts *im);
void goelf_rt_view_finish(struct goelf_rt_view *v,
			  const struct goelf_rt_settings *s);
/* A root directory's view (NULL, err set, when it cannot be opened). */
struct goelf_rt_view *goelf_rt_view_dir(const char *dir,
					const struct goelf_rt_settings *s,
					struct goelf_buf *err);
void goelf_rt_view_free(struct goelf_rt_view *v);
void goelf_rt_views_release(struct goelf_rt_views *vs);
/* The view for a file of GOARCH arch (s->platform wins): the only one,
 * or the one whose config names that architecture; NULL when several
 * and none matches. */
const struct goelf_rt_view *goelf_rt_views_pick(const struct goelf_rt_views *vs,
						const char *arch,
						const char *platform);
/* The view of the archive's seq-th image, or NULL. */
const struct goelf_rt_view *goelf_rt_views_at(const struct goelf_rt_views *vs,
					      size_t seq);
/* Judges r at at (NULL: the default, goelf_rt_default_at) in v; marks
 * the entrypoint. */
void goelf_rt_view_judge(const struct goelf_rt_view *v, struct goelf_report *r,
			 const char *at);

/* --- internal to lib/runtime -------------------------------------------- */

/* What one judgement works on; runtime.c sets the inputs, rt_resolve.c
 * the load set, rt_needs.c reads both. */
struct goelf_rt_ctx {
	const struct goelf_report *r;	/* the file judged */
	const struct goelf_rootfs *fs;
	struct goelf_rt_libs *libs;
	const struct goelf_rt_env *env;
	const char *at;			/* its in-image path */
	struct goelf_runtime *out;	/* r->runtime being filled */
	/* set by goelf_rt_resolve() */
	bool is_musl;			/* the interpreter is musl's */
	const struct goelf_rt_lib *interp;	/* NULL: none or missing */
	const struct goelf_rt_lib **loaded;	/* the load set after the
						   binary, in load order;
						   owned (array only) */
	size_t nloaded;
};

/* rt_resolve.c: interpreter, breadth-first NEEDED, tree, versions and
 * undefined symbols: nodes and problems into x->out. */
void goelf_rt_resolve(struct goelf_rt_ctx *x);
/* rt_search.c: the path ld.so would load for name as a dlopen() from
 * the main program would (its RPATH/RUNPATH, LD_LIBRARY_PATH, the
 * cache, the system directories; musl's path), into out; how it was
 * found.  Returns the object, or NULL (not found: *how NOT_FOUND). */
const struct goelf_rt_lib *goelf_rt_search(struct goelf_rt_ctx *x,
					   const char *name, char *out,
					   size_t outsz,
					   enum goelf_rt_how *how);
/* rt_needs.c: CA certificates, zoneinfo, NSS, passwd, temp dir. */
void goelf_rt_needs(struct goelf_rt_ctx *x);
/* runtime.c: a problem (bounded; over the cap it sets limit_reached). */
void goelf_rt_problem(struct goelf_rt_ctx *x, const char *id,
		      enum goelf_sev sev, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif /* GOELF_RUNTIME_H */
