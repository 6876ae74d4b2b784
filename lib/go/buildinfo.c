/*
 * load_buildinfo.c - the Go build info blob (Go's debug/buildinfo).
 *
 * Where: the section .go.buildinfo, else the first PT_LOAD that is
 * writable and not executable (DataStart).  The 32-byte header starts with
 * "\xff Go buildinf:" at a 16-byte aligned address; byte 14 is the pointer
 * size, byte 15 the flags (bit 0 big-endian, bit 1 inline strings, Go
 * 1.18+).  Inline: two uvarint-length strings follow the header.  Pointer
 * format (Go 1.13-1.17): two pointers to Go string headers {data, len},
 * resolved through PT_LOAD like Go's readString.  The module text is
 * framed by 16-byte sentinels (cmd/go/internal/modload infoStart/infoEnd).
 * Go 1.19 scanned only 64 KiB; we scan the whole area in 1 MiB chunks,
 * bounded by GOELF_MAX_BI_SCAN (golang/go#61644).
 */
#include "go/go.h"

#include <stdlib.h>
#include <string.h>

static const uint8_t magic[14] = "\xff Go buildinf:";
#define HDR	      32
/* First read of the inline strings (Go 1.19 reads 64 KiB). */
#define INLINE_WINDOW (64u << 10)

/* Finds the area to scan: file offset and size. */
static bool
data_start(const struct goelf_facts *f, uint64_t *off, uint64_t *size,
	   uint64_t *vaddr)
{
	const struct goelf_section *s = goelf_find_section(f, ".go.buildinfo");

	if (s && s->in_file) {
		*off = s->offset;
		*size = s->size;
		*vaddr = s->addr;
		/* Go reads through the segments: prefer their view. */
		return true;
	}
	for (size_t i = 0; i < f->nsegments; i++) {
		const struct goelf_segment *g = &f->segments[i];

		if (g->type == PT_LOAD && (g->flags & (PF_X | PF_W)) == PF_W &&
		    goelf_in_range(g->offset, g->filesz, f->file_size)) {
			*off = g->offset;
			*size = g->filesz;
			*vaddr = g->vaddr;
			return true;
		}
	}
	return false;
}

static bool
header_chunk(void *ctx, const uint8_t *buf, size_t n, size_t step, uint64_t at)
{
	uint64_t *found = ctx;

	/* 16-byte aligned from the start of the area; chunks keep that. */
	for (size_t i = 0; i + HDR <= n && i < step; i += 16) {
		if (buf[i] == 0xff && !memcmp(buf + i, magic, 14)) {
			*found = at + i;
			return true;
		}
	}
	return false;
}

/* Returns the file offset of the header, or UINT64_MAX. */
static uint64_t
find_header(struct goelf_ld *ld, uint64_t off, uint64_t size)
{
	uint64_t found = UINT64_MAX, budget = GOELF_MAX_BI_SCAN;

	goelf_src_scan(&ld->src, off, size, HDR, &budget, header_chunk, &found);
	return found;
}

/*
 * Bytes readable from file offset pos: Go reads through the program
 * headers, so the strings may run past the end of the section, up to the
 * end of the segment's file bytes.
 */
static uint64_t
bytes_after(const struct goelf_facts *f, uint64_t area_end, uint64_t pos)
{
	for (size_t i = 0; i < f->nsegments; i++) {
		const struct goelf_segment *g = &f->segments[i];

		if (g->type == PT_LOAD && pos >= g->offset &&
		    pos - g->offset < g->filesz &&
		    goelf_in_range(g->offset, g->filesz, f->file_size))
			return g->filesz - (pos - g->offset);
	}
	return area_end > pos ? area_end - pos : 0;
}

/* Go decodeString: uvarint length, then that many bytes; like Go, the
 * length must be less than what remains. */
static char *
decode_string(struct goelf_cursor *c, size_t *len)
{
	uint64_t n;
	const uint8_t *p;
	struct goelf_cursor save = *c;

	if (!goelf_cursor_uvarint(c, &n) || n >= goelf_cursor_left(c) ||
	    !goelf_cursor_take(c, (size_t)n, &p)) {
		*c = save;
		return NULL;
	}
	*len = (size_t)n;
	return goelf_xstrndup((const char *)p, (size_t)n);
}

static char *
read_go_string(struct goelf_ld *ld, uint64_t addr, int ptrsize,
	       enum goelf_endian e, size_t *outlen)
{
	const struct goelf_facts *f = ld->facts;
	uint8_t hdr[16];
	uint64_t off, data, len;
	struct goelf_cursor c;
	uint8_t *p;
	char *s;

	if (!goelf_vaddr_to_off(f, addr, (uint64_t)2 * ptrsize, &off) ||
	    !goelf_src_pread(&ld->src, off, hdr, (size_t)2 * ptrsize))
		return NULL;
	goelf_cursor_init(&c, hdr, (size_t)2 * ptrsize, e);
	goelf_cursor_word(&c, ptrsize, &data);
	goelf_cursor_word(&c, ptrsize, &len);
	if (len > GOELF_MAX_BUILDINFO ||
	    !goelf_vaddr_to_off(f, data, len, &off))
		return NULL;
	p = goelf_src_read(&ld->src, off, len, GOELF_MAX_BUILDINFO);
	if (!p)
		return NULL;
	s = goelf_xstrndup((const char *)p, (size_t)len);
	*outlen = (size_t)len;
	free(p);
	return s;
}

/* The module text without its sentinels, as debug/buildinfo does. */
static char *
unframe(char *mod, size_t len)
{
	char *s;

	if (len >= 33 && mod[len - 17] == '\n') {
		s = goelf_xstrndup(mod + 16, len - 32);
		return s;
	}
	return goelf_xstrdup("");
}

/*
 * How Go 1.19's debug/buildinfo fares reading its data area, which
 * decides what go version -m says about a file without build info.
 * DataStart is the address of the section named .go.buildinfo (even
 * NOBITS), else of the first PT_LOAD that is writable and not
 * executable, else 0.  ReadData takes the first program header of any
 * type whose [vaddr, vaddr+filesz-1] holds it (uint64 arithmetic, as Go
 * does), and reads up to 64 KiB of its file bytes; a read that passes
 * the end of the file is io.EOF (objcopy --only-keep-debug keeps the
 * program headers of the stripped-away contents), no such header is
 * errUnrecognizedFormat.
 */
static int
go_read_state(const struct goelf_facts *f)
{
	const struct goelf_section *s = goelf_find_section(f, ".go.buildinfo");
	uint64_t addr = 0, n, at;

	if (s) {
		addr = s->addr;
	} else {
		for (size_t i = 0; i < f->nsegments; i++) {
			const struct goelf_segment *g = &f->segments[i];

			if (g->type == PT_LOAD &&
			    (g->flags & (PF_X | PF_W)) == PF_W) {
				addr = g->vaddr;
				break;
			}
		}
	}
	for (size_t i = 0; i < f->nsegments; i++) {
		const struct goelf_segment *g = &f->segments[i];

		if (!(g->vaddr <= addr && addr <= g->vaddr + g->filesz - 1))
			continue;
		n = g->vaddr + g->filesz - addr;
		if (n > 64 * 1024)
			n = 64 * 1024;
		at = addr - g->vaddr;
		/* io.SectionReader(Off, Filesz).ReadAt(n bytes at `at`). */
		if (at >= g->filesz || g->offset > f->file_size ||
		    at > f->file_size - g->offset ||
		    n > f->file_size - g->offset - at)
			return GOELF_GO_READ_EOF;
		return GOELF_GO_READ_OK;
	}
	return GOELF_GO_READ_UNMAPPED;
}

void
goelf_load_buildinfo(struct goelf_ld *ld)
{
	struct goelf_facts *f = ld->facts;
	struct goelf_gofacts *g = &f->go;
	uint64_t off, size, vaddr, hoff, avail;
	uint8_t hdr[HDR];
	int ptrsize;
	uint8_t flags;
	char *vers = NULL, *mod = NULL;
	size_t modlen = 0, vlen = 0;
	struct goelf_buf err;

	(void)vaddr;
	g->go_read = go_read_state(f);
	if (!data_start(f, &off, &size, &vaddr))
		return;
	hoff = find_header(ld, off, size);
	if (hoff == UINT64_MAX || !goelf_src_pread(&ld->src, hoff, hdr, HDR))
		return;
	ptrsize = hdr[14];
	flags = hdr[15];
	g->bi_offset = hoff;
	if (ptrsize != 4 && ptrsize != 8) {
		goelf_issue(f, "buildinfo",
			    "header at %#llx: pointer size %d is not 4 or 8",
			    (unsigned long long)hoff, ptrsize);
		return;
	}
	if (flags & 2) {
		struct goelf_cursor c;
		uint8_t *p;

		g->bi_format = "inline";
		avail = bytes_after(f, off + size, hoff + HDR);
		if (avail > GOELF_MAX_BUILDINFO)
			avail = GOELF_MAX_BUILDINFO;
		/* A small window first: both strings decoding in it means
		 * the same in the whole area (a length only has to be less
		 * than what remains); the area only when they do not. */
		for (uint64_t w = avail < INLINE_WINDOW ? avail : INLINE_WINDOW;
		     w; w = w < avail ? avail : 0) {
			free(vers);
			vers = NULL;
			p = goelf_src_read(&ld->src, hoff + HDR, w,
					   GOELF_MAX_BUILDINFO);
			if (!p) {
				goelf_issue(f, "buildinfo",
					    "inline data at %#llx is "
					    "unreadable",
					    (unsigned long long)hoff);
				return;
			}
			goelf_cursor_init(&c, p, (size_t)w, GOELF_LITTLE);
			vers = decode_string(&c, &vlen);
			if (vers)
				mod = decode_string(&c, &modlen);
			free(p);
			if (mod)
				break;
		}
	} else {
		enum goelf_endian e = (flags & 1) ? GOELF_BIG : GOELF_LITTLE;
		struct goelf_cursor c;
		uint64_t vp, mp;

		g->bi_format = "pointer";
		goelf_cursor_init(&c, hdr + 16, 16, e);
		goelf_cursor_word(&c, ptrsize, &vp);
		goelf_cursor_word(&c, ptrsize, &mp);
		vers = read_go_string(ld, vp, ptrsize, e, &vlen);
		mod = read_go_string(ld, mp, ptrsize, e, &modlen);
	}
	/* A NUL inside the version would end it early in C: refuse. */
	if (vers && strlen(vers) != vlen) {
		free(vers);
		vers = NULL;
	}
	if (!vers || !*vers) {
		goelf_issue(f, "buildinfo",
			    "header at %#llx (%s format): the version string "
			    "is unreadable",
			    (unsigned long long)hoff, g->bi_format);
		free(vers);
		free(mod);
		g->bi_format = NULL;
		return;
	}
	g->has_buildinfo = true;
	g->bi_version = vers;
	g->modinfo = unframe(mod ? mod : (char *)"", mod ? modlen : 0);
	if (mod && modlen && !*g->modinfo)
		goelf_issue(f, "buildinfo",
			    "module info at %#llx lacks its sentinels",
			    (unsigned long long)hoff);
	free(mod);
	goelf_buf_init(&err, 256);
	g->modinfo_ok = goelf_modinfo_parse(g->modinfo, &g->mod, &err) == 0;
	if (!g->modinfo_ok)
		goelf_issue(f, "buildinfo", "module info: %s", err.buf);
	goelf_buf_release(&err);
}
