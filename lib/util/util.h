/*
 * util.h - the bottom layer: capped buffers and string lists, the bounded
 * byte cursor, checked reads of file bytes, allocation that dies on OOM,
 * version and size parsing, terminal escaping, SHA-256.  Uses libc and
 * (digest.c only) nettle; includes nothing of goelf but the public
 * header.
 */
#ifndef GOELF_UTIL_H
#define GOELF_UTIL_H

#include "goelf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

enum goelf_endian {
	GOELF_LITTLE = 1,
	GOELF_BIG = 2
};

/*
 * Growable NUL-terminated buffer with a size cap (git strbuf, curl dynbuf).
 * buf is never NULL after goelf_buf_init(); appending beyond cap fails and
 * leaves the buffer as it was, with `truncated` set.
 */
struct goelf_buf {
	char *buf;
	size_t len;
	size_t alloc;
	size_t cap;
	bool truncated;
};

void goelf_buf_init(struct goelf_buf *b, size_t cap);
void goelf_buf_release(struct goelf_buf *b);
void goelf_buf_reset(struct goelf_buf *b);
/* Room for n more bytes and the NUL, for writing at buf + len directly
 * (then set len and buf[len] = '\0'); -1 (truncated) past the cap. */
int goelf_buf_reserve(struct goelf_buf *b, size_t n);
int goelf_buf_add(struct goelf_buf *b, const void *p, size_t n);
int goelf_buf_adds(struct goelf_buf *b, const char *s);
int goelf_buf_addc(struct goelf_buf *b, char c);
int goelf_buf_addf(struct goelf_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Hands the string to the caller (free() it) and re-inits the buffer. */
char *goelf_buf_detach(struct goelf_buf *b);

/* A growable list of owned strings. */
struct goelf_strlist {
	char **v;
	size_t n;
	size_t alloc;
};

void goelf_strlist_add(struct goelf_strlist *l, const char *s);
void goelf_strlist_add_unique(struct goelf_strlist *l, const char *s);
bool goelf_strlist_has(const struct goelf_strlist *l, const char *s);
void goelf_strlist_addf_bounded(struct goelf_strlist *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void goelf_strlist_release(struct goelf_strlist *l);
void goelf_strlist_sort(struct goelf_strlist *l);

/* xalloc.c: abort with a message on OOM (pax-utils xfuncs, git). */
void *goelf_xmalloc(size_t n);
void *goelf_xcalloc(size_t n, size_t size);
void *goelf_xrealloc(void *p, size_t n);
char *goelf_xstrdup(const char *s);
char *goelf_xstrndup(const char *s, size_t n);
/* Grows *v (of *alloc elements of size sz) to hold at least need; dies on
 * overflow. */
void goelf_grow(void **v, size_t *alloc, size_t need, size_t sz);
/* True when a*b overflows size_t; *out = a*b otherwise. */
bool goelf_mul_overflow(size_t a, size_t b, size_t *out);
void goelf_bug(const char *file, int line, const char *msg)
	__attribute__((noreturn));
#define BUG(msg) goelf_bug(__FILE__, __LINE__, (msg))

/* Range check that subtracts: [off, off+n) inside [0, len). */
static inline bool
goelf_in_range(uint64_t off, uint64_t n, uint64_t len)
{
	return off <= len && n <= len - off;
}

/* cursor.c: bounds-checked byte reader; a failed take never moves it. */
struct goelf_cursor {
	const uint8_t *p, *end;
	enum goelf_endian endian;
};

void goelf_cursor_init(struct goelf_cursor *c, const void *p, size_t n,
		       enum goelf_endian e);
size_t goelf_cursor_left(const struct goelf_cursor *c);
bool goelf_cursor_skip(struct goelf_cursor *c, size_t n);
bool goelf_cursor_take(struct goelf_cursor *c, size_t n, const uint8_t **out);
bool goelf_cursor_u8(struct goelf_cursor *c, uint8_t *v);
bool goelf_cursor_u16(struct goelf_cursor *c, uint16_t *v);
bool goelf_cursor_u32(struct goelf_cursor *c, uint32_t *v);
bool goelf_cursor_u64(struct goelf_cursor *c, uint64_t *v);
/* Pointer-sized word (4 or 8 bytes). */
bool goelf_cursor_word(struct goelf_cursor *c, int size, uint64_t *v);
/* encoding/binary uvarint: at most 10 bytes, overflow fails. */
bool goelf_cursor_uvarint(struct goelf_cursor *c, uint64_t *v);
uint32_t goelf_get_u32(const uint8_t *p, enum goelf_endian e);
uint64_t goelf_get_u64(const uint8_t *p, enum goelf_endian e);
uint16_t goelf_get_u16(const uint8_t *p, enum goelf_endian e);
/* Bounded lookup of a NUL-terminated string at off in tab[0..n). */
const char *goelf_strtab_get(const uint8_t *tab, uint64_t n, uint64_t off);
/*
 * src.c: where the file bytes come from, a file descriptor read lazily
 * with pread or a caller-owned buffer.  Reads are checked against the
 * size seen at open time; a file that shrinks under us gives an error.
 */
struct goelf_src {
	int fd;		    /* -1 for a buffer */
	const uint8_t *mem; /* NULL for a file */
	uint64_t size;
};

/* Reads n bytes at off into a new heap block (free() it); NULL on a bad
 * range, a short read or n > max. */
uint8_t *goelf_src_read(const struct goelf_src *s, uint64_t off, uint64_t n,
			uint64_t max);
bool goelf_src_pread(const struct goelf_src *s, uint64_t off, void *dst,
		     size_t n);

/*
 * Calls fn over [off, off+size) of the file in 1 MiB chunks, each read
 * with `overlap` extra bytes so a pattern that starts in a chunk is seen
 * whole, spending at most *budget bytes (decremented).  fn gets the
 * chunk, its length n (overlap included), the bytes that belong to this
 * chunk (step <= n) and the chunk's file offset; it returns true to stop.
 * Returns true when fn stopped the scan; a range outside the file or a
 * short read ends it quietly.
 */
typedef bool (*goelf_scan_fn)(void *ctx, const uint8_t *buf, size_t n,
			      size_t step, uint64_t at);
bool goelf_src_scan(const struct goelf_src *s, uint64_t off, uint64_t size,
		    size_t overlap, uint64_t *budget, goelf_scan_fn fn,
		    void *ctx);

/* version.c: compares "2.10" style versions numerically; -1/0/1. */
int goelf_version_cmp(const char *a, const char *b);
/* "GLIBC_2.34" -> "2.34" into out; false for other tags. */
bool goelf_glibc_tag_version(const char *tag, char *out, size_t outsz);

/* units.c: "10MiB" -> bytes; "1.2 MiB" style sizes. */
int goelf_parse_size(const char *s, uint64_t *out);
void goelf_fmt_size(uint64_t n, char *out, size_t outsz);

/* escape.c: the one escaping of bytes for a terminal: printable ASCII
 * as is, every other byte and the backslash as \xNN. */
void goelf_text_escape(FILE *out, const char *s);
/* The same for goelf's own lines (messages, `go version -m`): keeps tab,
 * newline, '\\' and valid UTF-8 except C1; escapes other controls, DEL,
 * C1 and invalid bytes as \xNN. */
void goelf_text_escape_lines(FILE *out, const char *s);
/* Length of the valid UTF-8 sequence at p (at most n bytes), 0 when it
 * is not valid UTF-8 (overlong, surrogate, truncated ...). */
size_t goelf_utf8_len(const unsigned char *p, size_t n);

/* fs.c: openat2(2) of name below dirfd, never leaving it (GOELF_FS_BENEATH:
 * fails on "..", absolute names and links that lead out;
 * GOELF_FS_IN_ROOT: dirfd is "/" for them, as in a container) and never
 * through /proc magic links.  The fd, or -1 with errno (ENOSYS: no
 * openat2 in this kernel). */
#define GOELF_FS_BENEATH     0u
#define GOELF_FS_IN_ROOT     1u
#define GOELF_FS_NO_XDEV     2u /* -x: no mount point crossed */
#define GOELF_FS_NO_SYMLINKS 4u /* no symlink on the way */
#define GOELF_FS_ONE_NAME                                                      \
	8u /* goelf_fs_open_regular: name is one
				   component, looked up with openat */
int goelf_fs_openat2(int dirfd, const char *name, int flags, unsigned how);
/* Whether this kernel has openat2 (a probe of "."). */
bool goelf_fs_have_openat2(void);
/* Opens name below dirfd for reading (O_RDONLY|O_NONBLOCK|O_NOCTTY|
 * O_CLOEXEC) only if it is a regular file, without ever opening
 * anything else: looked up with O_PATH (openat2 with how, or openat
 * with O_NOFOLLOW for GOELF_FS_ONE_NAME; a final symlink is never
 * followed there), checked with fstat, then the verified inode reopened
 * through /proc/self/fd and its (dev, ino) compared.  Returns the fd
 * with *st filled, GOELF_FS_NOT_REGULAR (a FIFO, device, socket,
 * directory or symlink; *st says which) or -1 with errno (ENOENT: no
 * such name, EXDEV: the lookup would cross a mount or leave dirfd). */
#define GOELF_FS_NOT_REGULAR (-2)
struct stat;
int goelf_fs_open_regular(int dirfd, const char *name, unsigned how,
			  struct stat *st);

/* path.c: compares paths component by component ('/' sorts before any
 * other byte), which is the order of a walk that sorts each directory. */
int goelf_scan_path_cmp(const char *a, const char *b);

/*
 * digest.c: SHA-256 (nettle), hex and base64.  goelf_sha256 is an
 * incremental hash (init, update..., final); state is nettle's context,
 * kept opaque here so that only digest.c includes nettle.
 */
#define GOELF_SHA256_LEN 32u
struct goelf_sha256 {
	uint64_t state[16];
};
void goelf_sha256_init(struct goelf_sha256 *h);
void goelf_sha256_update(struct goelf_sha256 *h, const void *p, size_t n);
void goelf_sha256_final(struct goelf_sha256 *h, uint8_t out[GOELF_SHA256_LEN]);
/* One-shot: the SHA-256 of n bytes at p. */
void goelf_sha256(const void *p, size_t n, uint8_t out[GOELF_SHA256_LEN]);
/* n bytes as 2n lower-case hex digits and a NUL into out (2n+1 bytes). */
void goelf_hex(const uint8_t *p, size_t n, char *out);
/* Decodes standard base64 (with '=' padding, canonical) into at most
 * max bytes; the number of bytes, or -1 for bad input or no room. */
long goelf_base64_decode(const char *s, uint8_t *out, size_t max);

#endif /* GOELF_UTIL_H */
