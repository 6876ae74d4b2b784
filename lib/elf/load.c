/*
 * elf/load.c - walk the ELF header, program headers and section headers
 * into struct goelf_facts with libelf, then hand over to the load_*.c
 * steps of this folder.  The only file that calls libelf.  Everything
 * kept is copied, so the facts outlive the handle.
 */
#include "elf/elf.h"

#include <gelf.h>
#include <libelf.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The libelf handle lives only for the duration of goelf_elf_load. */
struct elfld {
	struct goelf_ld *ld;
	Elf *elf;
	/* The furthest-reaching segment or section that runs past the end
	 * of the file (a download cut short); need == 0 when none. */
	uint64_t need;
	char need_what[96];
};

/*
 * A file cut short: segment or section contents that start at a
 * plausible offset and run past the end of the file.  Go's linker (and
 * most others) write the section headers near the start or keep them
 * readable, so a truncated file still parses; its data does not.  A range
 * that overflows 64 bits or starts beyond GOELF_MAX_PLAUSIBLE_OFFSET is
 * damage inside the table (an issue), not truncation: returns false for
 * those so the caller records the issue.
 */
#define GOELF_MAX_PLAUSIBLE_OFFSET (1ull << 40)
static bool
past_end(struct elfld *el, uint64_t off, uint64_t n, const char *kind,
	 size_t index, const char *name)
{
	uint64_t end;

	if (off >= GOELF_MAX_PLAUSIBLE_OFFSET ||
	    n >= GOELF_MAX_PLAUSIBLE_OFFSET)
		return false;
	end = off + n; /* both < 2^40: no overflow */
	if (end <= el->ld->facts->file_size || end <= el->need)
		return true;
	el->need = end;
	if (name)
		snprintf(el->need_what, sizeof(el->need_what), "%s %s", kind,
			 name);
	else
		snprintf(el->need_what, sizeof(el->need_what), "%s %zu", kind,
			 index);
	return true;
}

/*
 * A header table that runs past the end of the file: a file cut short
 * when its offset and size are plausible (truncated: the bytes it needs),
 * otherwise a header that lies (malformed).
 */
static enum goelf_err
table_past_end(const struct goelf_facts *f, const char *what, uint64_t off,
	       uint64_t bytes, struct goelf_buf *err)
{
	if (off < GOELF_MAX_PLAUSIBLE_OFFSET &&
	    bytes < GOELF_MAX_PLAUSIBLE_OFFSET) {
		goelf_buf_addf(err,
			       "truncated: %s at offset %#llx needs %llu "
			       "bytes, file has %llu",
			       what, (unsigned long long)off,
			       (unsigned long long)(off + bytes),
			       (unsigned long long)f->file_size);
		return GOELF_E_TRUNCATED;
	}
	goelf_buf_addf(err,
		       "%s at offset %#llx (%llu bytes) runs past the end of "
		       "the file",
		       what, (unsigned long long)off,
		       (unsigned long long)bytes);
	return GOELF_E_MALFORMED;
}

/*
 * Table-level damage (a header table that does not fit the file, a wrong
 * entry size) means the ELF header lies about the layout: the file is
 * unusable and the caller reports it as an error.  Damage inside a table
 * is an issue and loading goes on.
 */
static enum goelf_err
load_phdrs(struct elfld *el, const GElf_Ehdr *eh, struct goelf_buf *err)
{
	struct goelf_ld *ld = el->ld;
	struct goelf_facts *f = ld->facts;
	size_t n, entsz = f->elf_class == 64 ? sizeof(Elf64_Phdr)
					     : sizeof(Elf32_Phdr);
	uint64_t bytes;

	if (eh->e_phnum == 0)
		return GOELF_OK;
	if (elf_getphdrnum(el->elf, &n) != 0) {
		goelf_buf_addf(err, "program header count unreadable (%s)",
			       elf_errmsg(-1));
		return GOELF_E_MALFORMED;
	}
	/* libelf 0.188 may report 0 for a table it cannot read. */
	if (eh->e_phnum != PN_XNUM)
		n = eh->e_phnum;
	if (eh->e_phentsize != entsz) {
		goelf_buf_addf(err, "e_phentsize is %u, expected %zu",
			       eh->e_phentsize, entsz);
		return GOELF_E_MALFORMED;
	}
	bytes = (uint64_t)n * entsz;
	if (n > f->file_size / entsz ||
	    !goelf_in_range(eh->e_phoff, bytes, f->file_size))
		return table_past_end(f, "program header table", eh->e_phoff,
				      bytes, err);
	if (n > GOELF_MAX_PHDRS) {
		goelf_issue(f, "phdrs", "%zu program headers, only %u read", n,
			    GOELF_MAX_PHDRS);
		n = GOELF_MAX_PHDRS;
	}
	f->segments = goelf_xcalloc(n, sizeof(*f->segments));
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;
		struct goelf_segment *s;

		if (!gelf_getphdr(el->elf, (int)i, &ph)) {
			goelf_buf_addf(err,
				       "program header %zu unreadable (%s)", i,
				       elf_errmsg(-1));
			return GOELF_E_MALFORMED;
		}
		s = &f->segments[f->nsegments++];
		s->type = ph.p_type;
		s->flags = ph.p_flags;
		s->offset = ph.p_offset;
		s->vaddr = ph.p_vaddr;
		s->filesz = ph.p_filesz;
		s->memsz = ph.p_memsz;
		s->align = ph.p_align;
		if (ph.p_type == PT_GNU_RELRO)
			f->has_relro = true;
		if (ph.p_type == PT_GNU_STACK) {
			f->has_gnu_stack = true;
			f->gnu_stack_flags = ph.p_flags;
		}
		if (ph.p_type != PT_NULL && ph.p_type != PT_GNU_STACK &&
		    !goelf_in_range(ph.p_offset, ph.p_filesz, f->file_size) &&
		    !past_end(el, ph.p_offset, ph.p_filesz, "segment", i,
			      ph.p_type == PT_LOAD ? "PT_LOAD" : NULL))
			goelf_issue(
				f, "phdrs",
				"program header %zu (type %#x): offset "
				"%#llx size %#llx beyond the end of the file",
				i, ph.p_type, (unsigned long long)ph.p_offset,
				(unsigned long long)ph.p_filesz);
	}
	return GOELF_OK;
}

/* Reads the compression header of a section without inflating it. */
static void
load_chdr(struct goelf_ld *ld, struct goelf_section *s)
{
	struct goelf_facts *f = ld->facts;
	uint8_t h[24];
	struct goelf_cursor c;
	uint32_t type;
	uint64_t size;

	if (!s->in_file)
		return;
	if (s->flags & SHF_COMPRESSED) {
		size_t hsz = f->elf_class == 64 ? 24 : 12;

		s->is_compressed = true;
		if (s->size < hsz ||
		    !goelf_src_pread(&ld->src, s->offset, h, hsz)) {
			goelf_issue(f, "sections",
				    "section %s: compression header truncated",
				    s->name);
			return;
		}
		goelf_cursor_init(&c, h, hsz, f->endian);
		goelf_cursor_u32(&c, &type);
		if (f->elf_class == 64) {
			goelf_cursor_skip(&c, 4);
			goelf_cursor_u64(&c, &size);
		} else {
			uint32_t sz32;

			goelf_cursor_u32(&c, &sz32);
			size = sz32;
		}
		s->ch_type = type;
		s->uncompressed_size = size;
	} else if (!strncmp(s->name, ".zdebug", 7) && s->size >= 12 &&
		   goelf_src_pread(&ld->src, s->offset, h, 12) &&
		   !memcmp(h, "ZLIB", 4)) {
		/* Legacy GNU format: "ZLIB" + 8-byte big-endian size. */
		s->is_compressed = true;
		s->ch_type = ELFCOMPRESS_ZLIB;
		s->uncompressed_size = goelf_get_u64(h + 4, GOELF_BIG);
	}
}

static bool
cnt_over(uint64_t n, uint64_t room, uint64_t entsz)
{
	return n > room / entsz;
}

static enum goelf_err
load_shdrs(struct elfld *el, const GElf_Ehdr *eh, struct goelf_buf *err)
{
	struct goelf_ld *ld = el->ld;
	struct goelf_facts *f = ld->facts;
	size_t n, strndx = 0,
		  entsz = f->elf_class == 64 ? sizeof(Elf64_Shdr)
					     : sizeof(Elf32_Shdr);
	bool names = true;
	uint64_t bytes;

	f->shoff = eh->e_shoff;
	if (eh->e_shoff == 0)
		return GOELF_OK;
	if (eh->e_shentsize != entsz) {
		goelf_buf_addf(err, "e_shentsize is %u, expected %zu",
			       eh->e_shentsize, entsz);
		return GOELF_E_MALFORMED;
	}
	if (eh->e_shoff >= f->file_size)
		return table_past_end(
			f, "section header table", eh->e_shoff,
			(uint64_t)(eh->e_shnum ? eh->e_shnum : 1) * entsz, err);
	if (eh->e_shnum == 0) {
		/* Extended numbering: the count is in shdr[0].sh_size,
		 * which must itself lie in the file. */
		uint8_t raw[sizeof(Elf64_Shdr)];
		struct goelf_cursor c;
		uint64_t cnt = 0;

		if (!goelf_src_pread(&ld->src, eh->e_shoff, raw, entsz)) {
			goelf_buf_adds(err, "section header 0 runs past the "
					    "end of the file");
			return GOELF_E_MALFORMED;
		}
		goelf_cursor_init(&c, raw, entsz, f->endian);
		if (f->elf_class == 64) {
			goelf_cursor_skip(&c, 32);
			goelf_cursor_u64(&c, &cnt);
		} else {
			uint32_t c32 = 0;

			goelf_cursor_skip(&c, 20);
			goelf_cursor_u32(&c, &c32);
			cnt = c32;
		}
		n = (size_t)cnt;
		if (cnt == 0)
			return GOELF_OK;
	} else {
		n = eh->e_shnum;
	}
	if (cnt_over(n, f->file_size - eh->e_shoff, entsz)) {
		if (n <= GOELF_MAX_SHDRS)
			return table_past_end(f, "section header table",
					      eh->e_shoff, (uint64_t)n * entsz,
					      err);
		goelf_buf_addf(err,
			       "section header table at offset %#llx claims "
			       "%zu entries, more than the file holds",
			       (unsigned long long)eh->e_shoff, n);
		return GOELF_E_MALFORMED;
	}
	if (n > GOELF_MAX_SHDRS) {
		goelf_buf_addf(err, "%zu section headers, over the cap of %u",
			       n, GOELF_MAX_SHDRS);
		return GOELF_E_MALFORMED;
	}
	bytes = (uint64_t)n * entsz;
	f->shdr_table_bytes = bytes;
	if (elf_getshdrstrndx(el->elf, &strndx) != 0 || strndx >= n) {
		goelf_issue(f, "shdrs", "section name table index is invalid");
		names = false;
	} else {
		/* libelf reads a string table whole into memory on the
		 * first elf_strptr(): a (sparse) file whose name table
		 * claims gigabytes must not cost them. */
		GElf_Shdr ssh;
		Elf_Scn *sscn = elf_getscn(el->elf, strndx);

		if (sscn && gelf_getshdr(sscn, &ssh) &&
		    ssh.sh_size > GOELF_MAX_SHSTRTAB) {
			goelf_limit(f, "shdrs",
				    "section name table of %llu bytes, over "
				    "the cap of %u MiB: sections are not named",
				    (unsigned long long)ssh.sh_size,
				    GOELF_MAX_SHSTRTAB >> 20);
			names = false;
		}
	}
	f->sections = goelf_xcalloc(n, sizeof(*f->sections));
	for (size_t i = 0; i < n; i++) {
		Elf_Scn *scn = elf_getscn(el->elf, i);
		GElf_Shdr sh;
		struct goelf_section *s;
		const char *name = NULL;

		if (!scn || !gelf_getshdr(scn, &sh)) {
			goelf_buf_addf(err,
				       "section header %zu unreadable (%s)", i,
				       elf_errmsg(-1));
			return GOELF_E_MALFORMED;
		}
		s = &f->sections[f->nsections++];
		if (names && i != 0)
			name = elf_strptr(el->elf, strndx, sh.sh_name);
		if (names && i != 0 && !name) {
			goelf_issue(f, "shdrs",
				    "section %zu: name offset %#x is not in "
				    "the name table",
				    i, sh.sh_name);
			names = false;
		}
		s->name = goelf_xstrndup(name ? name : "",
					 name ? strnlen(name, 256) : 0);
		s->type = sh.sh_type;
		s->flags = sh.sh_flags;
		s->addr = sh.sh_addr;
		s->offset = sh.sh_offset;
		s->size = sh.sh_size;
		s->addralign = sh.sh_addralign;
		s->entsize = sh.sh_entsize;
		s->link = sh.sh_link;
		s->info = sh.sh_info;
		s->in_file =
			sh.sh_type != SHT_NOBITS && sh.sh_type != SHT_NULL &&
			goelf_in_range(sh.sh_offset, sh.sh_size, f->file_size);
		if (sh.sh_type != SHT_NOBITS && sh.sh_type != SHT_NULL &&
		    !s->in_file &&
		    !past_end(el, sh.sh_offset, sh.sh_size, "section", i,
			      *s->name ? s->name : NULL))
			goelf_issue(f, "shdrs",
				    "section %zu (%s): offset %#llx size %#llx "
				    "beyond the end of the file",
				    i, s->name,
				    (unsigned long long)sh.sh_offset,
				    (unsigned long long)sh.sh_size);
		load_chdr(ld, s);
	}
	f->has_shdrs = f->nsections > 0;
	return GOELF_OK;
}

/*
 * A separate debug-information file (objcopy --only-keep-debug, the
 * .debug files of debuginfo packages): section headers whose allocated
 * sections have no bytes (NOBITS), except notes, while code sections
 * exist.  It keeps the program's headers but none of its code or data,
 * so it is data, not a program.
 */
static bool
is_debug_only(const struct goelf_facts *f)
{
	bool code = false;

	for (size_t i = 0; i < f->nsections; i++) {
		const struct goelf_section *s = &f->sections[i];

		if (!(s->flags & SHF_ALLOC) || s->type == SHT_NOTE)
			continue;
		if (s->type != SHT_NOBITS)
			return false;
		if (s->flags & SHF_EXECINSTR)
			code = true;
	}
	return code;
}

static void
load_interp(struct goelf_ld *ld)
{
	struct goelf_facts *f = ld->facts;

	for (size_t i = 0; i < f->nsegments; i++) {
		const struct goelf_segment *s = &f->segments[i];
		uint8_t *p;
		size_t len;

		if (s->type != PT_INTERP)
			continue;
		if (s->filesz == 0 || f->debug_only) {
			/* objcopy --only-keep-debug keeps PT_INTERP with no
			 * bytes (its .interp is NOBITS): no interpreter. */
			goelf_issue(f, "interp",
				    "PT_INTERP at offset %#llx has %s; no "
				    "interpreter",
				    (unsigned long long)s->offset,
				    s->filesz ? "no bytes (.interp is NOBITS)"
					      : "size 0");
			return;
		}
		p = goelf_src_read(&ld->src, s->offset, s->filesz, 4096);
		if (!p) {
			goelf_issue(f, "interp",
				    "PT_INTERP at offset %#llx size %#llx is "
				    "outside the file or too long",
				    (unsigned long long)s->offset,
				    (unsigned long long)s->filesz);
			return;
		}
		len = strnlen((char *)p, (size_t)s->filesz);
		if (len == s->filesz)
			goelf_issue(f, "interp",
				    "PT_INTERP at offset %#llx is not "
				    "NUL-terminated",
				    (unsigned long long)s->offset);
		f->interp = goelf_xstrndup((char *)p, len);
		free(p);
		return;
	}
}

static enum goelf_err
load_elf(struct elfld *el, struct goelf_buf *err)
{
	struct goelf_ld *ld = el->ld;
	enum goelf_err e;
	struct goelf_facts *f = ld->facts;
	uint8_t ident[EI_NIDENT];
	GElf_Ehdr eh;

	if (f->file_size < 4 || !goelf_src_pread(&ld->src, 0, ident, 4) ||
	    memcmp(ident, ELFMAG, SELFMAG)) {
		if (f->file_size == 0)
			goelf_buf_adds(err, "empty file");
		else if (f->file_size < 4)
			goelf_buf_addf(err, "not an ELF file (%llu bytes)",
				       (unsigned long long)f->file_size);
		else
			goelf_buf_adds(err, "not an ELF file");
		return GOELF_E_NOT_ELF;
	}
	if (!goelf_src_pread(&ld->src, 0, ident, EI_NIDENT)) {
		goelf_buf_addf(err, "truncated ELF identification (%llu bytes)",
			       (unsigned long long)f->file_size);
		return GOELF_E_MALFORMED;
	}
	if (ident[EI_CLASS] != ELFCLASS32 && ident[EI_CLASS] != ELFCLASS64) {
		goelf_buf_addf(err, "unsupported ELF class %u",
			       ident[EI_CLASS]);
		return GOELF_E_UNSUPPORTED;
	}
	if (ident[EI_DATA] != ELFDATA2LSB && ident[EI_DATA] != ELFDATA2MSB) {
		goelf_buf_addf(err, "unsupported ELF data encoding %u",
			       ident[EI_DATA]);
		return GOELF_E_UNSUPPORTED;
	}
	if (ident[EI_VERSION] != EV_CURRENT) {
		goelf_buf_addf(err, "unsupported ELF version %u",
			       ident[EI_VERSION]);
		return GOELF_E_UNSUPPORTED;
	}
	f->elf_class = ident[EI_CLASS] == ELFCLASS64 ? 64 : 32;
	f->endian = ident[EI_DATA] == ELFDATA2MSB ? GOELF_BIG : GOELF_LITTLE;
	f->osabi = ident[EI_OSABI];
	f->abiversion = ident[EI_ABIVERSION];
	if (f->file_size <
	    (f->elf_class == 64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr))) {
		goelf_buf_addf(err, "truncated ELF header (%llu bytes)",
			       (unsigned long long)f->file_size);
		return GOELF_E_MALFORMED;
	}
	if (elf_kind(el->elf) != ELF_K_ELF || !gelf_getehdr(el->elf, &eh)) {
		goelf_buf_addf(err, "truncated or invalid ELF header (%s)",
			       elf_errmsg(-1));
		return GOELF_E_MALFORMED;
	}
	f->e_type = eh.e_type;
	f->e_machine = eh.e_machine;
	f->e_flags = eh.e_flags;
	f->e_entry = eh.e_entry;
	e = load_phdrs(el, &eh, err);
	if (e == GOELF_OK)
		e = load_shdrs(el, &eh, err);
	if (e != GOELF_OK)
		return e;
	if (el->need) {
		goelf_buf_addf(err,
			       "truncated: %s needs %llu bytes, file has %llu",
			       el->need_what, (unsigned long long)el->need,
			       (unsigned long long)f->file_size);
		return GOELF_E_TRUNCATED;
	}
	f->debug_only = is_debug_only(f);
	if (ld->opts.buildinfo_only)
		return GOELF_OK;
	load_interp(ld);
	goelf_load_dynamic(ld);
	goelf_load_notes(ld);
	if (!ld->opts.elf_only)
		goelf_load_symbols(ld);
	return GOELF_OK;
}

void
goelf_elf_init(void)
{
	elf_version(EV_CURRENT);
}

struct Elf *
goelf_elf_handle_open(const struct goelf_src *src)
{
	if (elf_version(EV_CURRENT) == EV_NONE)
		return NULL;
	if (src->mem)
		return elf_memory((char *)src->mem, (size_t)src->size);
	return elf_begin(src->fd, ELF_C_READ, NULL);
}

void
goelf_elf_handle_close(struct Elf *e)
{
	if (e)
		elf_end(e);
}

enum goelf_err
goelf_elf_load(struct goelf_ld *ld, struct goelf_buf *err)
{
	struct elfld el = { .ld = ld };
	enum goelf_err e;

	if (elf_version(EV_CURRENT) == EV_NONE) {
		goelf_buf_adds(err, "libelf initialisation failed");
		return GOELF_E_UNSUPPORTED;
	}
	if (ld->src.mem)
		el.elf = elf_memory((char *)ld->src.mem, (size_t)ld->src.size);
	else
		el.elf = elf_begin(ld->src.fd, ELF_C_READ, NULL);
	if (!el.elf) {
		goelf_buf_addf(err, "libelf: %s", elf_errmsg(-1));
		return GOELF_E_MALFORMED;
	}
	e = load_elf(&el, err);
	elf_end(el.elf);
	return e;
}
