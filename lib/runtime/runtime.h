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
 * rt_symtab.c (an object's defined symbols, check_match),
 * rt_symbols.c (versions and undefined symbols over the load set),
 * rt_resolve.c (the breadth-first load and the tree), rt_needs.c (Go's
 * run-time data files and the temp dir), rt_env.c (the run settings:
 * user, Env, tmpfs, entrypoint), rt_problem.c (the problem list),
 * runtime.c (goelf_runtime_judge).  docs/runtime-loader.md says what
 * the loader part checks and why.
 */
#ifndef GOELF_RUNTIME_H
#define GOELF_RUNTIME_H

#include "image/image.h"

#include <pthread.h>

#define GOELF_RT_MAX_LIBS	 1024u	    /* objects in one load set */
#define GOELF_RT_MAX_DEPTH	 64u	    /* NEEDED levels followed */
#define GOELF_RT_MAX_NODES	 4096u	    /* tree nodes (incl. duplicates) */
#define GOELF_RT_MAX_TRIES	 65536u	    /* candidate paths tried per file */
#define GOELF_RT_MAX_SYMBOLS	 (1u << 22) /* undefined symbols checked */
#define GOELF_RT_MAX_NAMED	 8u	    /* symbols named per message */
#define GOELF_RT_MAX_CACHE_BYTES (64u << 20) /* facts kept per root */
#define GOELF_RT_MAX_CACHED	 65536u	     /* libraries kept per root */

/* The defined dynamic symbols of one object by name (rt_symtab.c):
 * open addressing over dynsym indices, built once per object. */
struct goelf_rt_symtab {
	uint32_t *idx;	/* dynsym index + 1; 0 empty */
	uint32_t *hash; /* goelf_rt_hash() of the name, same slot */
	size_t mask;	/* slots - 1; 0 with idx NULL: no symbols */
};

/* One ELF file of the root as the loader sees it: parsed once, kept by
 * the cache.  facts holds the ELF layer only (no Go, no DWARF). */
struct goelf_rt_lib {
	char *path; /* resolved in-root path; owned */
	enum goelf_err err;
	char *error; /* one line when err != GOELF_OK; owned */
	struct goelf_facts facts;
	/* A glibc ld.so: the system directories compiled into it (its
	 * SYSTEM_DIRS string), in order; empty when not found. */
	struct goelf_strlist sysdirs;
	/* private to lib/runtime (rt_libs.c fills them once) */
	uint8_t ehdr[64];	     /* the first bytes of the file */
	size_t nehdr;		     /* how many of them there are */
	struct goelf_rt_symtab syms; /* its defined dynamic symbols */
	char *glibc_max;	     /* highest GLIBC_x.y verdef, or NULL */
	/* A glibc ld.so that still searches the legacy hwcap
	 * subdirectories (tls/, x86_64/: up to 2.36, removed by glibc
	 * commit 6099908f): its --help names them. */
	bool legacy_hwcaps;
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
/* Image mode: a cache made with fs NULL gets the image's ELF files
 * while the layers are read (goelf_rt_libs_add_bytes) and the view when
 * it arrives (ops->fs), before the first goelf_rt_libs_get. */
void goelf_rt_libs_set_fs(struct goelf_rt_libs *c,
			  const struct goelf_rootfs *fs);
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
	char *user; /* as given ("app", "65532:65532"), or NULL */
	struct goelf_strlist tmpfs; /* --tmpfs mount points (absolute) */
	bool read_only_root;
	/* The entrypoint: argv from Entrypoint + Cmd, WorkingDir. */
	struct goelf_strlist entrypoint, cmd;
	bool has_entrypoint, has_cmd;
	char *workdir;
	unsigned isa_level; /* x86-64 level assumed for glibc-hwcaps: 1..4 */
	/* GOARCH of the platform the root runs on: the image config's, or
	 * for a directory --platform, else this machine's; NULL unknown.
	 * Points into the view. */
	const char *arch;
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
	char *name;		    /* the reference, or the path; owned */
	char *arch;		    /* GOARCH of its config, or NULL; owned */
	struct goelf_rootfs *fs;    /* owned */
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

#define GOELF_RT_MAX_PROBLEMS 256u /* problems kept per judgement */

/* One object of the load set (rt_resolve.c): the binary (objs[0]), the
 * interpreter, and each library loaded. */
struct goelf_rt_obj {
	const struct goelf_facts *f;
	const struct goelf_rt_symtab *syms;
	const struct goelf_rt_lib *lib; /* NULL for the binary */
	char *path;			/* resolved in-root path; owned */
	char *origin; /* $ORIGIN: directory of the path it was opened by
			 (the binary: of its resolved path); owned */
	int loader;   /* the object whose NEEDED loaded it; -1 */
	unsigned depth;
	struct goelf_strlist names; /* names it was requested by (and the
				       PT_INTERP string) */
	bool in_scope;		    /* part of the global symbol scope */
	bool is_interp;
	int node; /* its node in out->nodes; -1 for the binary */
};

/* What one judgement works on; runtime.c sets the inputs, rt_resolve.c
 * the load set, rt_needs.c reads both. */
struct goelf_rt_ctx {
	const struct goelf_report *r; /* the file judged */
	const struct goelf_rootfs *fs;
	struct goelf_rt_libs *libs;
	const struct goelf_rt_env *env;
	const char *at;		   /* its in-image path */
	struct goelf_runtime *out; /* r->runtime being filled */
	/* set by goelf_rt_resolve() */
	bool is_musl;			    /* the interpreter is musl's */
	const struct goelf_rt_lib *interp;  /* NULL: none or missing */
	const struct goelf_rt_lib **loaded; /* the load set after the
						   binary, in load order;
						   owned (array only) */
	size_t nloaded;
	/* private to rt_resolve.c / rt_search.c / rt_symbols.c */
	struct goelf_rt_obj *objs; /* owned */
	size_t nobjs;
	size_t *scope; /* objs indices in global-scope order; owned */
	size_t nscope;
	struct goelf_rt_symtab exe_syms; /* built on first need */
	bool exe_built;
	size_t tries;	 /* candidate paths tried, all searches */
	char *musl_arch; /* "x86_64" from /lib/ld-musl-ARCH.so.1; owned */
	bool complete;	 /* every NEEDED was loaded */
	char opened[GOELF_IMAGE_MAX_PATH]; /* the last candidate accepted,
					      as opened (for $ORIGIN) */
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
/* rt_problem.c: a problem (bounded; over the cap it sets
 * limit_reached; an identical one is dropped). */
void goelf_rt_problem(struct goelf_rt_ctx *x, const char *id,
		      enum goelf_sev sev, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* rt_libs.c: the root's /etc/ld.so.cache, parsed once (NULL: none, or
 * one ld.so would ignore). */
const struct goelf_ldcache *goelf_rt_libs_ldcache(struct goelf_rt_libs *c);
/* Why the root's ld.so.cache is not used when there is one: damage
 * that makes ld.so ignore it, or (*limit) a file over
 * GOELF_IMAGE_MAX_LDCACHE_BYTES; NULL when it is used or absent. */
const char *goelf_rt_libs_ldcache_why(struct goelf_rt_libs *c, bool *limit);
/* goelf_rootfs_stat (following links) of path, cached per root: 0 with
 * the kind and the resolved path in out, or -errno. */
int goelf_rt_libs_stat(struct goelf_rt_libs *c, const char *path, char *out,
		       size_t outsz, enum goelf_rootfs_kind *kind);
/* The view the cache reads. */
const struct goelf_rootfs *goelf_rt_libs_fs(const struct goelf_rt_libs *c);
/* A cap of the cache was reached (GOELF_RT_MAX_CACHED). */
bool goelf_rt_libs_full(const struct goelf_rt_libs *c);
/* A library whose undefined symbols were all defined, in some earlier
 * load set, by the libraries prov (not the binary): when all of them
 * are in set again, the symbols are defined again (memo_get true) and
 * need no new lookup.  Sound for existence, versions included: a
 * definition exists in its file whatever the scope order. */
bool goelf_rt_libs_memo_get(struct goelf_rt_libs *c,
			    const struct goelf_rt_lib *l,
			    const struct goelf_rt_lib *const *set, size_t nset);
void goelf_rt_libs_memo_put(struct goelf_rt_libs *c,
			    const struct goelf_rt_lib *l,
			    const struct goelf_rt_lib *const *prov, size_t n);
/* glibc's SYSTEM_DIRS found in the n bytes of an ld.so, into out. */
void goelf_rt_find_sysdirs(const uint8_t *p, size_t n,
			   struct goelf_strlist *out);

/* rt_search.c: open_verify of dl-load.c for a candidate l for an object
 * of that class (32/64), byte order and machine: 0 usable, 1 skipped
 * (another class or machine: the search goes on), -1 fatal with
 * ld.so's reason in *why. */
int goelf_rt_verify(const struct goelf_rt_lib *l, int elf_class,
		    enum goelf_endian endian, uint16_t machine,
		    const char **why);
/* Expands $ORIGIN, $LIB, $PLATFORM (and ${...}) in s into out the way
 * _dl_dst_substitute does; musl expands only $ORIGIN and voids the
 * whole element on any other '$'.  Returns false when the element is
 * dropped (a DST without value, musl's other '$', too long). */
bool goelf_rt_expand(const char *s, const char *origin, const char *lib,
		     const char *platform, bool musl, char *out, size_t outsz);
/* musl's reserved names (libc, libpthread, librt, libm, libdl,
 * libutil, libxnet: "lib" + a reserved prefix + '.'). */
bool goelf_rt_musl_reserved(const char *name);
/* The library for NEEDED name of objs[req] (glibc or musl order), with
 * the path into out and how; NULL when not found (*how NOT_FOUND,
 * searched lists what was tried) or unusable (*fatal says why). */
const struct goelf_rt_lib *goelf_rt_find(struct goelf_rt_ctx *x, size_t req,
					 const char *name, char *out,
					 size_t outsz, enum goelf_rt_how *how,
					 struct goelf_buf *searched,
					 const char **fatal);
/* The system directories of the interpreter (its SYSTEM_DIRS, or the
 * default for the machine), and $LIB, $PLATFORM of it. */
void goelf_rt_sysdirs(struct goelf_rt_ctx *x, struct goelf_strlist *out);
const char *goelf_rt_dst_lib(struct goelf_rt_ctx *x, char *buf, size_t n);
const char *goelf_rt_platform(uint16_t machine);

/* rt_symtab.c */
uint32_t goelf_rt_hash(const char *s); /* dl_new_hash (GNU hash) */
void goelf_rt_symtab_build(struct goelf_rt_symtab *t,
			   const struct goelf_facts *f);
void goelf_rt_symtab_release(struct goelf_rt_symtab *t);
/* Whether f defines name as check_match (dl-lookup.c) accepts it for a
 * reference with that version (NULL: unversioned; hidden: the
 * reference's vna_other bit 15), or musl's lookup when musl. */
bool goelf_rt_defines(const struct goelf_facts *f,
		      const struct goelf_rt_symtab *t, const char *name,
		      uint32_t h, const char *version, bool hidden, bool musl);
/* The highest GLIBC_x.y version f defines, or NULL (owned by caller). */
char *goelf_rt_glibc_max(const struct goelf_facts *f);
/* rt_symbols.c */
/* Version requirements of every object against its providers, then
 * the undefined symbols over the global scope (problems into x). */
void goelf_rt_versions(struct goelf_rt_ctx *x);
void goelf_rt_symbols(struct goelf_rt_ctx *x);

#endif /* GOELF_RUNTIME_H */
