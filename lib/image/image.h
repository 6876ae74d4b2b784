/*
 * image/image.h - container images read as facts: archive I/O
 * (libarchive, the only users of its headers), the path table and the
 * layer overlay with whiteouts, links resolved inside the image, and the
 * docker-save and OCI manifests, index and config.  Nothing here prints,
 * runs a thread or applies a policy: the reader hands what it finds to
 * the caller's callbacks (struct goelf_image_ops; lib/scan drives it)
 * and ends each image with its facts and image.* findings.  Includes
 * analyze/ and below.
 *
 * Files: image_reader.c (reader state, image-level problems, the layer
 * list), image_archive.c (members of a tarball or layout directory,
 * small JSON members), image_paths.c (the path table, name checks,
 * visibility under upper layers), image_layers.c (one layer's entries:
 * whiteouts, opaque dirs, ELF entries read whole), image_links.c
 * (symlinks and hard links resolved in the table), image_config.c (the
 * config: platform, User, TMPDIR, /tmp -> facts and findings),
 * image_manifest.c (docker-save manifest.json, OCI index and manifests:
 * the images of one archive and the reading order), ldcache.c (the
 * binary /etc/ld.so.cache of an image or root, and ld.so's lookup in it),
 * rootfs.c (a root filesystem view: the path walk, the public calls),
 * rootfs_dir.c (the view of a directory), rootfs_image.c (the view of an
 * image's final filesystem, made from the reader's table).
 * image_size.c (layer bytes, waste, leftover classes, the size
 * findings), image_needed.c (the bytes the entrypoint needs, from a root
 * filesystem view).
 */
#ifndef GOELF_IMAGE_H
#define GOELF_IMAGE_H

#include "analyze/analyze.h"

#include <stdint.h>

#define GOELF_IMAGE_MAX_ENTRY	(512u << 20) /* one ELF read into memory */
#define GOELF_IMAGE_MAX_JSON	(4u << 20)   /* manifest/config/index */
#define GOELF_IMAGE_MAX_LAYERS	256u	     /* layers per image */
#define GOELF_IMAGE_MAX_ENTRIES (4u << 20)   /* tar members per image */
#define GOELF_IMAGE_MAX_PATH	4096u	     /* one in-image path */
#define GOELF_IMAGE_MAX_IMAGES	16u	     /* images in one archive */
#define GOELF_IMAGE_MAX_HOPS	40	     /* as Linux MAXSYMLINKS */

struct goelf_rootfs; /* a root filesystem view, below */
struct goelf_image_facts;

/* --- image size (image_size.c) ------------------------------------------
 *
 * Bytes are the sizes of regular-file tar entries (hard links count 0);
 * each path counts once, as the entry visible for it.  The known build
 * leftover classes are matched by path alone, the first match winning,
 * in the order of enum goelf_image_class.
 */
enum goelf_image_class {
	GOELF_IC_GO_BUILD_CACHE = 0, /* any .cache/go-build/ directory */
	GOELF_IC_GO_MODULE_CACHE,    /* go/pkg/mod/, root/..., home/STAR/... */
	GOELF_IC_GO_TOOLCHAIN,	     /* usr/local/go/, usr/lib/go-STAR/, ... */
	GOELF_IC_PACKAGE_CACHE,	     /* apt lists and caches, apk, yum, dnf */
	GOELF_IC_SOURCE,	     /* *.go, and all under a .git directory */
	GOELF_IC_N,
	GOELF_IC_NONE = GOELF_IC_N
};

/* Paths kept per class and overall; regular-file entries counted per
 * image (16 bytes each while their layer is read: the rest make the
 * size partial). */
#define GOELF_IMAGE_SIZE_TOP	   5u
#define GOELF_IMAGE_SIZE_MAX_FILES (1u << 20)

/* A file of the image with its bytes; layer is 0-based, bottom up. */
struct goelf_image_sized {
	char *path; /* "/in/image"; owned */
	uint64_t bytes;
	unsigned layer;
};

struct goelf_image_class_size {
	uint64_t bytes;	      /* shipped in all layers, visible or not */
	uint64_t final_bytes; /* ... of which visible in the final fs */
	size_t files;
	struct goelf_image_sized top[GOELF_IMAGE_SIZE_TOP]; /* biggest */
	size_t ntop;
};

struct goelf_image_size {
	uint64_t total_bytes;  /* sum of the layers' bytes */
	uint64_t final_bytes;  /* visible in the final filesystem */
	uint64_t wasted_bytes; /* total - final */
	size_t files, final_files;
	struct goelf_image_class_size classes[GOELF_IC_N];
	struct goelf_image_sized largest[GOELF_IMAGE_SIZE_TOP]; /* final */
	size_t nlargest;
	/* What the entrypoint needs (goelf_image_needed_bytes); unknown
	 * (has_needed false) until the run-time verdict sets it. */
	bool has_needed;
	uint64_t needed_bytes;
	/* argv[0] of the config's Entrypoint, else Cmd, or NULL; owned */
	char *entrypoint;
	/* ELF files with symbols or debug sections (set by the caller
	 * that analysed them, goelf_image_size_unstripped) */
	size_t unstripped;
	uint64_t unstripped_savings;
	bool partial; /* a layer was not read whole or a cap was reached */
};

/* The class id ("go-build-cache" ...) and back (GOELF_IC_NONE). */
const char *goelf_image_class_name(enum goelf_image_class c);
enum goelf_image_class goelf_image_class_find(const char *name);
/* The class of a normalised in-image path ("root/.cache/x", no leading
 * '/'), by the path alone. */
enum goelf_image_class goelf_image_classify(const char *path);
/* Frees what s owns and zeroes it. */
void goelf_image_size_release(struct goelf_image_size *s);
/* Records n ELF files of the image (their first path, one of them)
 * that keep symbols or debug sections, savings bytes in all, and adds
 * the image.unstripped_binaries finding to im (then unsorted). */
void goelf_image_size_unstripped(struct goelf_image_facts *im, size_t n,
				 uint64_t savings, const char *first);
/*
 * needed_bytes: entry_stripped (the entrypoint's predicted size after
 * strip --strip-all) plus the final sizes of the distinct regular files
 * that the paths in needs resolve to in fs (the interpreter, the
 * libraries, the data files; the entrypoint itself is skipped there);
 * a directory (/usr/share/zoneinfo) counts its regular files, at most 8
 * levels deep and 10000 names.  Returns 0 and *out, or -1 when a path
 * of needs is neither a regular file nor a directory of fs (unknown:
 * never guessed).
 */
int goelf_image_needed_bytes(const struct goelf_rootfs *fs,
			     const char *entrypoint, uint64_t entry_stripped,
			     const struct goelf_strlist *needs, uint64_t *out);

/* One layer as listed by the manifest, and what reading it found. */
struct goelf_image_layer {
	char *name;    /* member name / blob path; owned */
	char *digest;  /* for the record; may be NULL; owned */
	uint64_t size; /* claimed or, when unknown, the member's size */
	size_t entries, elf;
	char *error; /* why the layer could not be read (whole); owned */
	/* image_size.c: the layer's regular-file tar entries (hard links
	 * count 0), their bytes, and the bytes of them not visible in the
	 * final filesystem. */
	uint64_t bytes, wasted_bytes;
	size_t files;
};

/* The facts about one image of an archive. */
struct goelf_image_facts {
	const char *arg;	 /* the path given; not owned */
	const char *format;	 /* "docker-save", "oci", "unknown" */
	char *reference;	 /* RepoTags[0] / ref.name; owned */
	bool has_config;	 /* the config was read */
	char *architecture, *os; /* from the config; owned, or NULL */
	char *user;		 /* config User (NULL: not set); owned */
	char *tmpdir;		 /* TMPDIR from Env; owned, or NULL */
	int tmp_mode;		 /* /tmp's mode, -1 none */
	/* The config's Env ("K=V" in order), Entrypoint and Cmd (argv
	 * lists; has_* false when the key is absent or null) and
	 * WorkingDir (NULL: not set). */
	struct goelf_strlist env, entrypoint, cmd;
	bool has_entrypoint, has_cmd;
	char *workdir;
	struct goelf_image_layer *layers; /* owned */
	size_t nlayers;
	uint64_t bytes_total;		/* sum of the layer sizes known */
	struct goelf_findings findings; /* image.*; sorted when scanned */
	struct goelf_image_size size;	/* image_size.c */
};

/* What the image reader hands to its caller; every pointer it passes is
 * valid during the call only.  arg is the caller's. */
struct goelf_image_ops {
	void *arg;
	/* An image-level problem (already an image.malformed finding):
	 * msg is one line, control bytes replaced by '?'. */
	void (*error)(void *arg, const char *msg);
	/* The image's config and layer list are read; its entries come
	 * next. */
	void (*begin)(void *arg, const struct goelf_image_facts *im);
	/* A final regular file at path ("/in/image") that starts with the
	 * ELF magic: its bytes (the callee owns data), or data NULL and
	 * err why it could not be read. */
	void (*elf)(void *arg, const char *path, uint8_t *data, size_t size,
		    const char *err);
	/* A final regular file that is not ELF. */
	void (*seen)(void *arg);
	/* A final FIFO, socket or device. */
	void (*special)(void *arg);
	/* A symlink or hard link at path: resolved is the ELF file it
	 * names, or NULL (dangling, looping, not ELF). */
	void (*link)(void *arg, const char *path, const char *target,
		     const char *resolved, bool hard);
	/* The image's final filesystem as a view (struct goelf_rootfs):
	 * the callee owns fs (goelf_rootfs_free).  Called once per
	 * scanned image, after its layers and links, before end(); may be
	 * NULL in ops. */
	void (*fs)(void *arg, struct goelf_rootfs *fs);
	/* Layer bytes read so far, of total (0: unknown). */
	void (*progress)(void *arg, uint64_t done, uint64_t total);
	/* The image is read: facts and findings are complete (scanned),
	 * or, !scanned, the problems of the archive that no image carried
	 * (a bad manifest or index).  The findings are the callee's to
	 * judge (it may set `allowed`) until the call returns. */
	void (*end)(void *arg, struct goelf_image_facts *im, bool scanned);
};

/*
 * Reads the image archive open at fd (a tarball, or with is_dir a
 * layout directory; not closed, and the caller has checked it is not an
 * ELF file) given as path: every image it holds, each layer top-down,
 * with ops called as things are found.  Returns the number of
 * image-level problems (the error() calls).
 */
size_t goelf_image_read(int fd, bool is_dir, const char *path,
			const struct goelf_image_ops *ops);

/* True when path is to be read as an image: a regular file (probed as
 * a tarball), an OCI layout directory (oci-layout and index.json), or a
 * docker-save directory: a docker-save manifest.json and nothing but
 * what it names.  A tree that merely holds a manifest.json or
 * index.json is a tree. */
bool goelf_image_probe(const char *path);

/* --- /etc/ld.so.cache (ldcache.c) ---------------------------------------
 *
 * The cache ldconfig writes and ld.so reads, parsed from a caller-owned
 * byte buffer and judged the way glibc 2.36's elf/dl-cache.c judges it
 * (sysdeps/generic/dl-cache.h, elf/cache.c, sysdeps/generic/ldconfig.h):
 * the new format "glibc-ld.so.cache1.1", the old "ld.so-1.7.0", and the
 * compat layout (old, then the new header at ALIGN_CACHE(16 + 12 *
 * nlibs), of which ld.so uses the new part).  A file ld.so would ignore
 * is refused; damage ld.so would live with (bad string offsets, a bad
 * extension directory) is recorded in problems and the usable entries
 * are kept.
 */
#define GOELF_IMAGE_MAX_LDCACHE_BYTES	  (64u << 20) /* the whole file */
#define GOELF_IMAGE_MAX_LDCACHE_ENTRIES	  (1u << 18)  /* entries kept */
#define GOELF_IMAGE_MAX_LDCACHE_HWCAPS	  256u	      /* glibc-hwcaps names */
#define GOELF_IMAGE_MAX_LDCACHE_GENERATOR 1024u	      /* tag 0 bytes kept */
#define GOELF_IMAGE_MAX_LDCACHE_PROBLEMS  16u	      /* problem lines kept */

/* Entry flags (sysdeps/generic/ldconfig.h): a type in the low byte, a
 * required ABI in the high byte. */
#define GOELF_LDCACHE_FLAG_TYPE_MASK		  0x00ff
#define GOELF_LDCACHE_FLAG_ELF			  0x0001
#define GOELF_LDCACHE_FLAG_ELF_LIBC6		  0x0003
#define GOELF_LDCACHE_FLAG_REQUIRED_MASK	  0xff00
#define GOELF_LDCACHE_FLAG_SPARC_LIB64		  0x0100
#define GOELF_LDCACHE_FLAG_IA64_LIB64		  0x0200
#define GOELF_LDCACHE_FLAG_X8664_LIB64		  0x0300
#define GOELF_LDCACHE_FLAG_S390_LIB64		  0x0400
#define GOELF_LDCACHE_FLAG_POWERPC_LIB64	  0x0500
#define GOELF_LDCACHE_FLAG_MIPS64_LIBN32	  0x0600
#define GOELF_LDCACHE_FLAG_MIPS64_LIBN64	  0x0700
#define GOELF_LDCACHE_FLAG_X8664_LIBX32		  0x0800
#define GOELF_LDCACHE_FLAG_ARM_LIBHF		  0x0900
#define GOELF_LDCACHE_FLAG_AARCH64_LIB64	  0x0a00
#define GOELF_LDCACHE_FLAG_ARM_LIBSF		  0x0b00
#define GOELF_LDCACHE_FLAG_MIPS_LIB32_NAN2008	  0x0c00
#define GOELF_LDCACHE_FLAG_MIPS64_LIBN32_NAN2008  0x0d00
#define GOELF_LDCACHE_FLAG_MIPS64_LIBN64_NAN2008  0x0e00
#define GOELF_LDCACHE_FLAG_RISCV_FLOAT_ABI_SOFT	  0x0f00
#define GOELF_LDCACHE_FLAG_RISCV_FLOAT_ABI_DOUBLE 0x1000
/* hwcap bit 62: the low 32 bits index the glibc-hwcaps names, bits
 * 32..41 hold the ISA level (dl-cache.h DL_CACHE_HWCAP_EXTENSION). */
#define GOELF_LDCACHE_HWCAP_EXTENSION		  (1ull << 62)

enum goelf_ldcache_format {
	GOELF_LDCACHE_OLD = 1, /* ld.so-1.7.0 only */
	GOELF_LDCACHE_NEW,     /* glibc-ld.so.cache1.1 only */
	GOELF_LDCACHE_COMPAT   /* old followed by new; the new part used */
};

/* One entry of the part ld.so uses, in file order (sorted descending by
 * _dl_cache_libcmp by ldconfig; not re-sorted here). */
struct goelf_ldcache_entry {
	int32_t flags;
	uint32_t key_off, value_off; /* as stored */
	uint64_t hwcap;		     /* 0 in the old format */
	/* The SONAME and the path, pointing into the cache's data; NULL
	 * when the offset is out of range or the string has no NUL
	 * before the end of the file. */
	const char *key, *value;
};

struct goelf_ldcache {
	uint8_t *data; /* a copy of the file; owned */
	size_t size;
	enum goelf_ldcache_format format;
	enum goelf_endian endian;
	bool endian_known;  /* header flags 2 or 3; else read as guessed */
	bool endian_either; /* no mark, and nlibs fits either order */
	uint32_t nlibs;	    /* the used part's header count (ldconfig -p) */
	struct goelf_ldcache_entry *entries; /* owned */
	size_t nentries;		     /* min(nlibs, the cap) */
	bool is_new;			     /* entries carry hwcap */
	char *generator; /* extension tag 0 (ldconfig's version); owned */
	/* glibc-hwcaps subdirectory names by index (extension tag 1),
	 * into data; an entry is NULL when its offset is bad. owned. */
	const char **hwcaps;
	size_t nhwcaps;
	bool limit_reached;	       /* a GOELF_IMAGE_MAX_LDCACHE_* cap */
	struct goelf_strlist problems; /* damage, with file offsets */
	size_t nproblems;	       /* all of them, kept or not */
};

/*
 * Parses the n bytes at p (not kept: the cache holds a copy) into c.
 * Returns 0, or -1 with the reason in err for a file ld.so would ignore:
 * bad magic, a size that cannot hold nlibs entries, endianness flags
 * invalid or not 2/3, a file over GOELF_IMAGE_MAX_LDCACHE_BYTES; c is
 * then empty (but must still be released).
 */
int goelf_ldcache_parse(const uint8_t *p, size_t n, struct goelf_ldcache *c,
			struct goelf_buf *err);
void goelf_ldcache_release(struct goelf_ldcache *c);
/* Can ld.so of that byte order use c (cache_file_new_matches_endian)?
 * A cache without an endianness mark matches the order in which its
 * nlibs fits the file (both, when it fits either way). */
bool goelf_ldcache_matches_endian(const struct goelf_ldcache *c,
				  enum goelf_endian e);

/*
 * The path ld.so would try first for soname (search_cache, glibc 2.36),
 * or NULL.  want_flags is ld.so's _DL_CACHE_DEFAULT_ID, from
 * goelf_ldcache_flags_for(); isa_level is the x86-64 microarchitecture
 * level of the CPU assumed (1 baseline .. 4 x86-64-v4; 0 is taken as 1),
 * which picks among glibc-hwcaps entries.  The pointer is into c.
 */
const char *goelf_ldcache_lookup(const struct goelf_ldcache *c,
				 const char *soname, uint32_t want_flags,
				 unsigned isa_level);
/* ld.so's _DL_CACHE_DEFAULT_ID for an object of that ELF machine, class
 * (1 ELFCLASS32, 2 ELFCLASS64) and e_flags; 0 when not known. */
uint32_t goelf_ldcache_flags_for(unsigned e_machine, unsigned ei_class,
				 uint32_t e_flags);
/* _dl_cache_check_flags of the ld.so whose default id is want. */
bool goelf_ldcache_flags_match(uint32_t want, int32_t flags);
/* glibc's _dl_cache_libcmp: digit runs compare numerically. */
int goelf_ldcache_libcmp(const char *a, const char *b);

/* --- a root filesystem, read-only (rootfs.c, rootfs_dir.c, rootfs_image.c)
 *
 * The files of an image's final filesystem or of a root directory, as
 * the binary would see them from inside: every path is absolute in the
 * root, symlinks (absolute or relative) resolve inside it, ".." stops
 * at its top, nothing outside it is ever opened.  A view is immutable
 * once made and safe to share between threads.
 *
 * An image view has the owner, mode and size of every path (a hard link
 * shows its source's: one inode) but the bytes only of the final
 * non-ELF regular files goelf_rootfs_keep() names, as read under that
 * name (a hard link at such a name whose source has another name keeps
 * none), within GOELF_ROOTFS_MAX_FILE each and GOELF_ROOTFS_MAX_KEPT and
 * GOELF_ROOTFS_MAX_NKEPT per image (over one: -EFBIG, and the image
 * gets an input.limit_reached finding).
 */
#define GOELF_ROOTFS_MAX_FILE (4u << 20)  /* one small file kept/read */
#define GOELF_ROOTFS_MAX_KEPT (32u << 20) /* image: small files kept */
#define GOELF_ROOTFS_MAX_LIST 65536u	  /* names listed per dir */

enum goelf_rootfs_kind {
	GOELF_RFS_NONE = 0, /* absent */
	GOELF_RFS_REG,
	GOELF_RFS_DIR,
	GOELF_RFS_LNK,	/* only with follow false */
	GOELF_RFS_OTHER /* FIFO, socket, device */
};

struct goelf_rootfs_stat {
	enum goelf_rootfs_kind kind;
	unsigned mode;	   /* permission bits (07777) */
	uint32_t uid, gid; /* owner (tar header / st_uid) */
	uint64_t size;	   /* regular file bytes */
};

struct goelf_rootfs;

/* A view of the directory at dir (its root: "/" inside is dir); NULL
 * with the reason in err when it cannot be opened as a directory. */
struct goelf_rootfs *goelf_rootfs_open_dir(const char *dir,
					   struct goelf_buf *err);
/* Frees a view (either kind); NULL is fine. */
void goelf_rootfs_free(struct goelf_rootfs *fs);
/* "dir" or "image". */
const char *goelf_rootfs_kind_name(const struct goelf_rootfs *fs);

/*
 * Resolves the absolute in-root path: every symlink in it (the last
 * component's too when follow) at most GOELF_IMAGE_MAX_HOPS times,
 * inside the root.  Fills st (kind NONE when absent) and, when out is
 * not NULL, the resolved normalised path ("/usr/lib/x.so").  Returns 0
 * (found), -ENOENT (absent: st->kind NONE, out holds the path as far
 * as it got: the resolved directories and the first missing name,
 * "/usr/nope" for "/lib/nope/x" with /lib -> usr), -ELOOP (more than
 * GOELF_IMAGE_MAX_HOPS links, or GOELF_IMAGE_MAX_STEPS components),
 * -ENAMETOOLONG (a path over GOELF_IMAGE_MAX_PATH, a name over 255
 * bytes), -ENOTDIR (a non-directory before a '/') or -EIO (other
 * errors, EACCES included); out is "" for those.  A path that ends in
 * '/' needs a directory and follows a final symlink.  "" is -ENOENT.
 */
int goelf_rootfs_stat(const struct goelf_rootfs *fs, const char *path,
		      bool follow, struct goelf_rootfs_stat *st, char *out,
		      size_t outsz);
/* Reads the regular file at path (resolved, following) into *data (the
 * caller frees; NUL-terminated, *n without it).  Returns 0, -ENOENT,
 * -EISDIR (not regular), -EFBIG (over max, or over
 * GOELF_ROOTFS_MAX_FILE), -ENODATA (an image view kept no bytes of
 * it: only the files goelf_rootfs_keep() names are kept) or -EIO. */
int goelf_rootfs_read(const struct goelf_rootfs *fs, const char *path,
		      size_t max, uint8_t **data, size_t *n);
/* An open read-only descriptor of the regular file at path (the caller
 * closes it), or -ENOTSUP for an image view, or -errno. */
int goelf_rootfs_open(const struct goelf_rootfs *fs, const char *path);
/* Adds the names in directory path (resolved), sorted, at most
 * GOELF_ROOTFS_MAX_LIST, to names.  Returns the count, or -errno
 * (-ENOTDIR: not a directory).  A directory of the dir view with more
 * names gives the first GOELF_ROOTFS_MAX_LIST readdir() returns. */
int goelf_rootfs_list(const struct goelf_rootfs *fs, const char *path,
		      struct goelf_strlist *names);
/* Whether an image view keeps the bytes of the non-ELF regular file at
 * normalised path ("etc/passwd", no leading '/'): etc/passwd,
 * etc/group, etc/nsswitch.conf, etc/ld.so.cache, etc/ld-musl-*.path,
 * etc/os-release, usr/lib/os-release. */
bool goelf_rootfs_keep(const char *path);

/* --- private to lib/image ------------------------------------------------ */

#include <sys/types.h>

struct archive;

/* Caps of the path table (image_paths.c) and of link resolution; each
 * one reached is an input.limit_reached finding of the image. */
#define GOELF_IMAGE_MAX_NAME	    GOELF_IMAGE_MAX_PATH /* member name */
#define GOELF_IMAGE_MAX_LINK	    GOELF_IMAGE_MAX_PATH /* symlink text */
#define GOELF_IMAGE_MAX_TABLE	    (64u << 20)		 /* path-table bytes */
#define GOELF_IMAGE_MAX_NEEDS	    65536u	 /* open hard-link needs */
#define GOELF_IMAGE_MAX_STEPS	    8192u	 /* components per resolution */
#define GOELF_IMAGE_MAX_LAYER_READS 1024u	 /* layer reads per archive */
#define GOELF_IMAGE_MAX_HELD	    (32u << 20)	 /* ELF bytes kept by pass 1 */
#define GOELF_IMAGE_MAX_RUNLIST	    (256u << 10) /* Env/Entrypoint/Cmd bytes */

#define GOELF_IN_NONE	       UINT32_MAX /* no node */
#define GOELF_ROOTFS_MAX_NKEPT 1024u	  /* image: small files kept (count) */

/* The bytes of a small file kept for the view (goelf_rootfs_keep()):
 * of table node `node`. */
struct goelf_image_kept {
	uint32_t node;
	uint8_t *data; /* owned */
	size_t len;
};

enum goelf_image_node_kind {
	GOELF_IN_IMPLICIT = 0, /* only there to hold whiteouts below */
	GOELF_IN_DIR,
	GOELF_IN_REG,
	GOELF_IN_LNK,
	GOELF_IN_HARD,
	GOELF_IN_OTHER,
	GOELF_IN_WHITEOUT
};

/*
 * One node of a path trie: keyed by (parent, name), so a path is found
 * one component at a time and nothing rehashes a prefix.  The image's
 * table (the final filesystem as far as the layers read so far decide
 * it) and each layer's own index use it.
 */
struct goelf_image_node {
	char *name;	      /* one component; owned */
	char *target;	      /* LNK link text, HARD normalised target; owned */
	char *src;	      /* HARD: the path whose bytes it holds; owned */
	uint32_t parent;      /* node index; the root (0) is its own parent */
	uint32_t entry;	      /* table: the layer entry that wrote it;
			    layer index: its last entry */
	uint32_t src_entry;   /* HARD: entry of the bytes (src_layer) */
	uint32_t last_nondir; /* layer index: last non-dir entry + 1 */
	uint32_t anc_nondir;  /* layer index: max over the ancestors */
	uint32_t mapped;      /* layer index: its table node */
	unsigned layer, src_layer;
	unsigned opaque_at; /* lower layers (< this) are hidden below */
	unsigned mode;
	uint32_t uid, gid;  /* owner (tar header; HARD: its source's) */
	uint64_t size;	    /* REG (HARD: its source's) bytes, as claimed */
	unsigned char kind; /* enum goelf_image_node_kind */
	bool elf, wh, opq, real, alive, has_entry, src_lower, as_link;
	bool has_src_meta; /* HARD: uid, gid, mode, size are its source's */
	bool too_big;	   /* table: bytes to keep refused by a cap (-EFBIG) */
	uint64_t hash;
};

struct goelf_image_trie {
	struct goelf_image_node *v; /* v[0] is the root */
	size_t n, alloc;
	uint32_t *hix; /* open addressing over v, GOELF_IN_NONE empty */
	size_t hsize;
};

/* A hard link whose bytes come from a lower layer, not read yet. */
struct goelf_image_need {
	char *target;  /* normalised path in the lower layers; owned */
	uint32_t link; /* the link's table node */
	unsigned from; /* the link's layer */
	bool open;
};

/* What pass 1 read of a regular file: not ELF (and, for a file the
 * view keeps, its bytes), or its bytes. */
#define GOELF_HELD_KEPT 1 /* held.keep: data is a small file's bytes */
#define GOELF_HELD_BIG	2 /* held.keep: one to keep, over a cap */

struct goelf_image_held {
	uint32_t entry;
	uint8_t *data; /* owned, or NULL (notelf, unless keep) */
	size_t len;
	bool notelf;
	unsigned char keep; /* 0, GOELF_HELD_KEPT, GOELF_HELD_BIG */
};

/* A (layer entry, table node) pair the data pass of a layer hands on. */
struct goelf_image_want {
	uint32_t entry, node;
	bool link; /* node is a hard link fed by this entry */
};

/* The state of reading one archive; im is the current image. */
struct goelf_image_reader {
	const struct goelf_image_ops *ops;
	bool is_dir;
	int fd; /* layout directory or tarball; not owned */
	char *config_name;
	void *config; /* json_t *, owned */
	struct goelf_image_facts im;
	size_t nerr;
	struct goelf_image_trie tab; /* the image's table */
	size_t bytes;		     /* table + layer index bytes */
	bool table_full;
	struct goelf_image_need *needs;
	size_t nneeds, aneeds, open_needs;
	size_t layer_reads;	       /* of the whole archive */
	unsigned limits;	       /* bit set of the caps reported */
	struct goelf_image_kept *kept; /* for the view, in table order */
	size_t nkept, akept;
	size_t kept_bytes; /* of kept (GOELF_ROOTFS_MAX_KEPT) */
};

/* A member being read: a tar member of the outer archive, or a blob
 * file of a layout directory. */
struct goelf_image_member {
	struct archive *outer; /* tar: positioned at the member's data */
	int fd;		       /* directory layout: the open blob */
	uint64_t size;
	char buf[65536];
};

/* image_reader.c: an image-level problem (finding + ops->error). */
void goelf_image_error(struct goelf_image_reader *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Frees the current image's facts and table (not its findings). */
void goelf_image_reset(struct goelf_image_reader *m);
void goelf_image_add_layer(struct goelf_image_reader *m, const char *name,
			   const char *digest, uint64_t size);

/* image_paths.c: the trie.  _init gives it its root. */
void goelf_image_trie_init(struct goelf_image_trie *t);
void goelf_image_trie_release(struct goelf_image_trie *t);
/* The child name[0..len) of parent, or GOELF_IN_NONE. */
uint32_t goelf_image_child(const struct goelf_image_trie *t, uint32_t parent,
			   const char *name, size_t len);
/* The child, added (GOELF_IN_IMPLICIT) when missing; GOELF_IN_NONE
 * when the table bytes cap is reached (an input.limit_reached). */
uint32_t goelf_image_child_add(struct goelf_image_reader *m,
			       struct goelf_image_trie *t, uint32_t parent,
			       const char *name, size_t len);
/* The node of a normalised path ("" is the root), optionally adding
 * what is missing; GOELF_IN_NONE when absent (or full). */
uint32_t goelf_image_lookup(struct goelf_image_reader *m,
			    struct goelf_image_trie *t, const char *path,
			    bool add);
/* "/a/b" of node i into out (false when too long). */
bool goelf_image_node_path(const struct goelf_image_trie *t, uint32_t i,
			   char *out, size_t outsz);
/* Accounts n bytes of path data; false (limit reached) over the cap. */
bool goelf_image_account(struct goelf_image_reader *m, size_t n);
/* Normalises a member name into out: 0 ok, -1 absolute or "..", -2 too
 * long. */
int goelf_image_norm_name(const char *in, char *out, size_t outsz);
/* A cap reached: one input.limit_reached finding per cap (bit). */
void goelf_image_limit(struct goelf_image_reader *m, unsigned bit,
		       const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* image_archive.c */
struct archive *goelf_image_archive_new(void);
/* Whether the tarball m reads is a tar at all (its first header
 * reads): a flat root filesystem when it is no image. */
bool goelf_image_is_tar(struct goelf_image_reader *m);
/* Opens member name (normalised; "" is the whole tarball, the layer of
 * a flat root filesystem); false with a reason in err. */
bool goelf_image_member_open(struct goelf_image_reader *m, const char *name,
			     struct goelf_image_member *mb,
			     struct goelf_buf *err);
void goelf_image_member_close(struct goelf_image_member *mb);
/* libarchive read callback over a member (a may be NULL). */
ssize_t goelf_image_member_read(struct archive *a, void *mb, const void **buf);
/* A small JSON member (json_t *, the caller's), or NULL with err. */
void *goelf_image_read_json(struct goelf_image_reader *m, const char *name,
			    struct goelf_buf *err);
/* o[key] when o is an object and that is a string, else NULL. */
const char *goelf_image_jstr(const void *o, const char *key);

/* image_layers.c: reads layer li, handing its final entries to ops;
 * *done counts layer bytes for progress. */
void goelf_image_layer_read(struct goelf_image_reader *m, unsigned li,
			    uint64_t *done);

/* image_links.c: resolves path through the table's symlinks with the
 * image as root; the final node (a written one) and its "/path" in out,
 * or GOELF_IN_NONE. */
uint32_t goelf_image_resolve(struct goelf_image_reader *m, const char *path,
			     char *out, size_t outsz);
/* Hands every symlink and hard link of the table to ops->link. */
void goelf_image_links(struct goelf_image_reader *m);

/* rootfs.c, rootfs_dir.c, rootfs_image.c: a view is one of two kinds;
 * a lookup walks it one component at a time with a walker, whose
 * position the kind's backend keeps (a directory descriptor or a trie
 * node). */
struct goelf_rootfs_backend;

struct goelf_rootfs {
	const struct goelf_rootfs_backend *be; /* the kind */
	int dirfd;		       /* dir: the root, O_PATH; owned */
	bool openat2;		       /* dir: the kernel has openat2 */
	struct goelf_image_trie t;     /* image: the final filesystem; owned */
	void *kids;		       /* image: children by name; owned */
	struct goelf_image_kept *kept; /* image: by node; owned */
	size_t nkept;
};

struct goelf_rootfs_walk {
	char path[GOELF_IMAGE_MAX_PATH + 2]; /* "/a/b" resolved; "" root */
	size_t len;
	int fd;	       /* dir: O_PATH of path, -1 the root */
	uint32_t node; /* image: the trie node of path */
	/* After goelf_rootfs_walk(): the last component (empty when the
	 * path ended at a directory, "." or ".."), not entered. */
	char leaf[256];
};

/* What a kind does.  For the walk: child looks up name[0..len) in the
 * walker's directory: 0 with *st (and, for a symlink, its text in link,
 * NUL-terminated), or -errno; enter moves into that child directory; up
 * moves to w->path after it lost its last component; root moves to the
 * top; self fills st for the walker's directory.  And the public calls
 * of that kind (read gets max already capped). */
struct goelf_rootfs_backend {
	const char *name;
	int (*child)(const struct goelf_rootfs *fs, struct goelf_rootfs_walk *w,
		     const char *name, size_t len, struct goelf_rootfs_stat *st,
		     char *link, size_t linksz);
	int (*enter)(const struct goelf_rootfs *fs, struct goelf_rootfs_walk *w,
		     const char *name, size_t len);
	int (*up)(const struct goelf_rootfs *fs, struct goelf_rootfs_walk *w);
	void (*root)(const struct goelf_rootfs *fs,
		     struct goelf_rootfs_walk *w);
	int (*self)(const struct goelf_rootfs *fs,
		    const struct goelf_rootfs_walk *w,
		    struct goelf_rootfs_stat *st);
	int (*read)(const struct goelf_rootfs *fs, const char *path, size_t max,
		    uint8_t **data, size_t *n);
	int (*open)(const struct goelf_rootfs *fs, const char *path);
	int (*list)(const struct goelf_rootfs *fs, const char *path,
		    struct goelf_strlist *names);
	void (*free)(struct goelf_rootfs *fs);
};

/* rootfs.c: resolves path as goelf_rootfs_stat says, leaving w at the
 * directory that holds the result (w->leaf its name there, or "" when
 * the result is that directory).  The caller ends with
 * goelf_rootfs_walk_end. */
int goelf_rootfs_walk(const struct goelf_rootfs *fs, const char *path,
		      bool follow, struct goelf_rootfs_walk *w,
		      struct goelf_rootfs_stat *st);
void goelf_rootfs_walk_end(struct goelf_rootfs_walk *w);

/* rootfs_image.c: the image's view of m's table (moved out of m: m->tab
 * is left empty and fresh), handed to ops->fs when that is set; called
 * once at the end of an image. */
void goelf_rootfs_image_hand(struct goelf_image_reader *m);
/* image_size.c: one layer's accounting while it is read.  An entry
 * (entry number, class, bytes) per regular-file tar entry, in entry
 * order; GOELF_IMAGE_SIZE_MAX_FILES in all per image. */
struct goelf_image_size_entry {
	uint64_t bytes;
	uint32_t entry;
	uint8_t cls;
	bool final;
};

struct goelf_image_size_layer {
	struct goelf_image_size_entry *v;
	size_t n, alloc;
};

/* A regular-file entry ei of layer li at normalised path name. */
void goelf_image_size_entry(struct goelf_image_reader *m,
			    struct goelf_image_size_layer *s, uint32_t ei,
			    unsigned li, const char *name, uint64_t bytes);
/* Entry ei became the final file at table node `node`. */
void goelf_image_size_final(struct goelf_image_reader *m,
			    struct goelf_image_size_layer *s, uint32_t ei,
			    uint32_t node, unsigned li);
/* The layer is read: its bytes, files and waste; s is released. */
void goelf_image_size_layer_end(struct goelf_image_reader *m,
				struct goelf_image_size_layer *s, unsigned li);
/* A layer not read because it repeats upper layer `up` (every path of
 * it hidden): its bytes are those of that copy, all wasted. */
void goelf_image_size_repeat(struct goelf_image_reader *m, unsigned li,
			     unsigned up);
/* At the end of the image: the entrypoint from the config, the
 * image.wasted_bytes and image.build_leftovers findings. */
void goelf_image_size_end(struct goelf_image_reader *m);

/* image_config.c: the platform from the config (at begin), and the
 * facts and findings read from config and table (at end). */
void goelf_image_config_platform(struct goelf_image_reader *m);
void goelf_image_config_findings(struct goelf_image_reader *m);

#endif /* GOELF_IMAGE_H */
