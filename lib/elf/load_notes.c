/*
 * load_notes.c - ELF notes: GNU build-id (NT_GNU_BUILD_ID 3), ABI tag
 * (NT_GNU_ABI_TAG 1, from glibc's crt1.o), the Go build ID (owner
 * "Go\0\0", type 4, Go cmd/link elf.go ELF_NOTE_GOBUILDID_TAG) and the
 * owners that name an OS (FreeBSD, NetBSD, OpenBSD, Android).
 *
 * Notes are read from PT_NOTE segments, so section-less files work; only
 * files without program headers fall back to SHT_NOTE sections.  The walk
 * is bounded by the segment size, GOELF_MAX_NOTES and GOELF_MAX_NOTE_BYTES;
 * namesz/descsz are checked against the remaining bytes before use
 * (CVE-2019-7664 was a libelf note walk reading past its buffer).
 */
#include "elf/elf.h"

#include <stdlib.h>
#include <string.h>

static void
note_issue(struct goelf_facts *f, uint64_t off, const char *why)
{
	goelf_issue(f, "notes", "note at offset %#llx: %s",
		    (unsigned long long)off, why);
}

static void
take_note(struct goelf_facts *f, const char *owner, size_t ownerlen,
	  uint32_t type, const uint8_t *desc, uint32_t descsz, uint64_t off)
{
	if (ownerlen == 3 && !memcmp(owner, "GNU", 3)) {
		if (type == NT_GNU_BUILD_ID && !f->gnu_build_id) {
			struct goelf_buf b;

			if (descsz == 0 || descsz > 64) {
				note_issue(f, off, "GNU build-id of odd size");
				return;
			}
			goelf_buf_init(&b, 2 * 64 + 1);
			for (uint32_t i = 0; i < descsz; i++)
				goelf_buf_addf(&b, "%02x", desc[i]);
			f->gnu_build_id = goelf_buf_detach(&b);
		} else if (type == NT_GNU_ABI_TAG && !f->has_abi_tag) {
			if (descsz < 16) {
				note_issue(f, off,
					   "ABI tag shorter than 16 "
					   "bytes");
				return;
			}
			f->has_abi_tag = true;
			for (int i = 0; i < 4; i++)
				f->abi_tag[i] =
					goelf_get_u32(desc + 4 * i, f->endian);
		}
	} else if (ownerlen == 2 && !memcmp(owner, "Go", 2) && type == 4) {
		if (f->go_build_id)
			return;
		if (descsz > GOELF_MAX_DESC) {
			note_issue(f, off, "Go build ID longer than 4 KiB");
			return;
		}
		f->go_build_id =
			goelf_xstrndup((const char *)desc,
				       strnlen((const char *)desc, descsz));
	} else if (ownerlen == 7 && !memcmp(owner, "FreeBSD", 7)) {
		f->has_freebsd_note = true;
	} else if (ownerlen == 6 && !memcmp(owner, "NetBSD", 6)) {
		f->has_netbsd_note = true;
	} else if (ownerlen == 7 && !memcmp(owner, "OpenBSD", 7)) {
		f->has_openbsd_note = true;
	} else if (ownerlen == 7 && !memcmp(owner, "Android", 7)) {
		f->has_android_note = true;
	}
}

static size_t
align_pad(const struct goelf_cursor *c, const uint8_t *start, size_t pad)
{
	size_t pos = (size_t)(c->p - start);

	return (pad - pos % pad) % pad;
}

static void
walk_notes(struct goelf_ld *ld, uint64_t off, uint64_t size, uint64_t align,
	   size_t *count)
{
	struct goelf_facts *f = ld->facts;
	size_t pad = align == 8 ? 8 : 4;
	struct goelf_cursor c;
	uint8_t *p;

	if (size > GOELF_MAX_NOTE_BYTES) {
		goelf_limit(f, "notes",
			    "note area at %#llx larger than 1 MiB: "
			    "only the first 1 MiB read",
			    (unsigned long long)off);
		size = GOELF_MAX_NOTE_BYTES;
	}
	p = goelf_src_read(&ld->src, off, size, GOELF_MAX_NOTE_BYTES);
	if (!p) {
		note_issue(f, off, "note area outside the file");
		return;
	}
	goelf_cursor_init(&c, p, (size_t)size, f->endian);
	while (goelf_cursor_left(&c) >= 12) {
		uint32_t namesz, descsz, type;
		const uint8_t *name, *desc;
		uint64_t at = off + (uint64_t)(c.p - p);
		size_t nlen;

		if (++*count > GOELF_MAX_NOTES) {
			goelf_limit(f, "notes",
				    "more than %u notes; the rest "
				    "are not read",
				    GOELF_MAX_NOTES);
			break;
		}
		goelf_cursor_u32(&c, &namesz);
		goelf_cursor_u32(&c, &descsz);
		goelf_cursor_u32(&c, &type);
		/* Padding aligns the descriptor and the next note to pad
		 * bytes from the start of the area (gelf_getnote, NHDR8). */
		if (namesz > goelf_cursor_left(&c) ||
		    !goelf_cursor_take(&c, namesz, &name) ||
		    !goelf_cursor_skip(&c, align_pad(&c, p, pad))) {
			note_issue(f, at, "namesz runs past the note area");
			break;
		}
		if (descsz > goelf_cursor_left(&c) ||
		    !goelf_cursor_take(&c, descsz, &desc)) {
			note_issue(f, at, "descsz runs past the note area");
			break;
		}
		/* The last note's padding may be missing. */
		if (!goelf_cursor_skip(&c, align_pad(&c, p, pad)))
			c.p = c.end;
		nlen = strnlen((const char *)name, namesz);
		take_note(f, (const char *)name, nlen, type, desc, descsz, at);
	}
	free(p);
}

void
goelf_load_notes(struct goelf_ld *ld)
{
	struct goelf_facts *f = ld->facts;
	size_t count = 0;
	bool any = false;

	for (size_t i = 0; i < f->nsegments; i++) {
		const struct goelf_segment *s = &f->segments[i];

		if (s->type != PT_NOTE)
			continue;
		any = true;
		walk_notes(ld, s->offset, s->filesz, s->align, &count);
	}
	if (any || f->nsegments)
		return;
	for (size_t i = 0; i < f->nsections; i++) {
		const struct goelf_section *s = &f->sections[i];

		if (s->type == SHT_NOTE && s->in_file)
			walk_notes(ld, s->offset, s->size, s->addralign,
				   &count);
	}
}
