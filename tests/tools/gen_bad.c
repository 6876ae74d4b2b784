/*
 * gen_bad.c - write a set of small, deliberately malformed ELF files used by
 * the goelf CLI and unit tests.  Everything goelf reads is hostile input; these
 * files exercise the bounds checks.
 *
 * Usage:   gen_bad OUTDIR        write every case to OUTDIR/<name>, one line
 *                                per file on stdout ("wrote PATH (N bytes)")
 *          gen_bad --list        print the case table as Markdown (used to
 *                                produce fixtures/bad/README.md)
 *
 * Build:   gcc -std=c11 -Wall -Wextra -O1 -o gen_bad tests/gen_bad.c
 *
 * Only libc is needed.  Headers are written field by field with explicit
 * little/big-endian byte stores; <elf.h> is used for constants only.  Every
 * file is < 64 KiB.  The generator is deterministic (same bytes every run).
 *
 * Common layouts (all offsets are file offsets):
 *   "min64"  ELF64 LE x86-64 ET_EXEC: ehdr @0, phdrs @0x40, .text (16 bytes)
 *            @0x200, .shstrtab then shdrs (8-aligned) after it.  One PT_LOAD
 *            R+X off 0 vaddr 0x400000 filesz 0x210.  Sections: null, .text,
 *            .shstrtab (e_shnum = 3, e_shstrndx = 2).
 *   "min32"  same for ELF32 BE MIPS, vaddr 0x10000.
 *   "seg64"  ELF64 LE, content @0x200, no section headers, PT_LOAD R
 *            off 0 vaddr 0x400000 covering the whole file.
 *   "bi"     Go buildinfo files: PT_LOAD R+X off 0 (vaddr T) filesz 0x200,
 *            PT_LOAD R+W (not X) off 0x200 vaddr D+0x200 holding the
 *            buildinfo blob; section .go.buildinfo (PROGBITS, WA, align 16)
 *            covering the same bytes.  64-bit LE: T=0x400000, D=0x500000,
 *            align 0x1000.  32-bit BE (MIPS): T=0x10000, D=0x30000, align
 *            0x10000.
 *
 * Cases (name: bad bytes) -- the authoritative text is the table at the end
 * of this file:
 *   empty, three-bytes, text, truncated-ehdr
 *   bad-class, bad-data, bad-version
 *   phoff-beyond-eof, phoff-beyond-eof-32, shoff-beyond-eof, shoff-overflow,
 *   shnum-absurd, shnum-xindex, phnum-xnum, shstrndx-xindex, phentsize-wrong,
 *   shentsize-wrong, shstrndx-out-of-range
 *   truncated-phdrs, truncated-shdrs
 *   interp-unterminated, interp-overflow
 *   dynamic-no-null, dynamic-strtab-outside
 *   verneed-loop, verneed-count-huge
 *   verdef-loop, verdef-count-huge, versym-short
 *   note-bogus-sizes, note-go-buildid-huge
 *   buildinfo-varint-overflow, buildinfo-len-past-end, buildinfo-len-huge,
 *   buildinfo-bad-pointer, buildinfo-pointer-len-huge,
 *   buildinfo-pointer-32be (VALID), buildinfo-pointer-64le (VALID)
 *   pclntab-lying-header, compressed-bomb, shstrtab-unterminated,
 *   shname-out-of-range
 */
#define _POSIX_C_SOURCE 200809L
#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define MAXF 65536u
#define DATA0 0x200u /* first content offset; phdrs live in [ehsize, 0x200) */

typedef struct {
    uint32_t type, flags;
    uint64_t off, vaddr, filesz, memsz, align;
} Ph;

typedef struct {
    const char *name;
    uint32_t name_off, type;
    uint64_t flags, addr, off, size;
    uint32_t link, info;
    uint64_t align, entsize;
} Sh;

typedef struct {
    int is64, be;
    unsigned char d[MAXF];
    size_t len; /* bytes written to the file */
    /* ELF header fields as they will be written (may be corrupted) */
    unsigned char ident[EI_NIDENT];
    uint16_t type, machine;
    uint32_t version, eflags;
    uint64_t entry, phoff, shoff;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
    /* where the tables are really placed */
    uint64_t phoff_real, shoff_real;
    Ph ph[16];
    int nph;
    Sh sh[16];
    int nsh;
} Elf;

static void die(const char *m)
{
    fprintf(stderr, "gen_bad: %s\n", m);
    exit(2);
}

/* ---- byte writers -------------------------------------------------------- */

static void touch(Elf *e, uint64_t end)
{
    if (end > MAXF)
        die("image too large");
    if (end > e->len)
        e->len = (size_t)end;
}

static void wN(Elf *e, uint64_t o, uint64_t v, int n)
{
    touch(e, o + (uint64_t)n);
    for (int i = 0; i < n; i++) {
        int shift = e->be ? (n - 1 - i) * 8 : i * 8;
        e->d[o + (uint64_t)i] = (unsigned char)(v >> shift);
    }
}
static void w8(Elf *e, uint64_t o, uint64_t v) { wN(e, o, v, 1); }
static void w16(Elf *e, uint64_t o, uint64_t v) { wN(e, o, v, 2); }
static void w32(Elf *e, uint64_t o, uint64_t v) { wN(e, o, v, 4); }
static void w64(Elf *e, uint64_t o, uint64_t v) { wN(e, o, v, 8); }
/* target-sized address / uintptr */
static void wA(Elf *e, uint64_t o, uint64_t v) { wN(e, o, v, e->is64 ? 8 : 4); }

static void wbytes(Elf *e, uint64_t o, const void *p, size_t n)
{
    touch(e, o + n);
    memcpy(e->d + o, p, n);
}

static uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }

/* ---- ELF model ----------------------------------------------------------- */

static void elf_init(Elf *e, int is64, int be, uint16_t machine)
{
    memset(e, 0, sizeof *e);
    e->is64 = is64;
    e->be = be;
    e->ident[EI_MAG0] = ELFMAG0;
    e->ident[EI_MAG1] = ELFMAG1;
    e->ident[EI_MAG2] = ELFMAG2;
    e->ident[EI_MAG3] = ELFMAG3;
    e->ident[EI_CLASS] = is64 ? ELFCLASS64 : ELFCLASS32;
    e->ident[EI_DATA] = be ? ELFDATA2MSB : ELFDATA2LSB;
    e->ident[EI_VERSION] = EV_CURRENT;
    e->ident[EI_OSABI] = ELFOSABI_NONE;
    e->type = ET_EXEC;
    e->machine = machine;
    e->version = EV_CURRENT;
    e->ehsize = is64 ? 64 : 52;
    e->phentsize = is64 ? 56 : 32;
    e->shentsize = is64 ? 64 : 40;
    e->len = e->ehsize;
}

static int add_ph(Elf *e, uint32_t type, uint32_t flags, uint64_t off, uint64_t vaddr,
                  uint64_t filesz, uint64_t memsz, uint64_t align)
{
    if (e->nph >= 16)
        die("too many phdrs");
    Ph *p = &e->ph[e->nph];
    p->type = type;
    p->flags = flags;
    p->off = off;
    p->vaddr = vaddr;
    p->filesz = filesz;
    p->memsz = memsz;
    p->align = align;
    return e->nph++;
}

static int add_sh(Elf *e, const char *name, uint32_t type, uint64_t flags, uint64_t addr,
                  uint64_t off, uint64_t size, uint32_t link, uint32_t info, uint64_t align,
                  uint64_t entsize)
{
    if (e->nsh == 0)
        e->nsh = 1; /* index 0: SHN_UNDEF null section, all zero */
    if (e->nsh >= 16)
        die("too many shdrs");
    Sh *s = &e->sh[e->nsh];
    s->name = name;
    s->type = type;
    s->flags = flags;
    s->addr = addr;
    s->off = off;
    s->size = size;
    s->link = link;
    s->info = info;
    s->align = align;
    s->entsize = entsize;
    return e->nsh++;
}

/* Place phdrs after the ehdr, then (if there are sections) .shstrtab and the
 * section header table after the current content.  Fills the header fields. */
static void elf_layout(Elf *e)
{
    e->phoff = e->phoff_real = e->nph ? e->ehsize : 0;
    e->phnum = (uint16_t)e->nph;
    if (e->phoff + (uint64_t)e->nph * e->phentsize > DATA0)
        die("phdrs overlap content");
    if (e->nph && e->len < e->phoff + (uint64_t)e->nph * e->phentsize)
        e->len = (size_t)(e->phoff + (uint64_t)e->nph * e->phentsize);
    if (e->nsh == 0)
        return;
    int si = add_sh(e, ".shstrtab", SHT_STRTAB, 0, 0, 0, 0, 0, 0, 1, 0);
    uint64_t stroff = e->len;
    uint64_t p = stroff;
    w8(e, p++, 0);
    for (int i = 1; i < e->nsh; i++) {
        size_t n = strlen(e->sh[i].name) + 1;
        e->sh[i].name_off = (uint32_t)(p - stroff);
        wbytes(e, p, e->sh[i].name, n);
        p += n;
    }
    e->sh[si].off = stroff;
    e->sh[si].size = p - stroff;
    e->shoff = e->shoff_real = align_up(p, 8);
    e->shnum = (uint16_t)e->nsh;
    e->shstrndx = (uint16_t)si;
    touch(e, e->shoff + (uint64_t)e->nsh * e->shentsize);
}

static void emit_ehdr(Elf *e)
{
    wbytes(e, 0, e->ident, EI_NIDENT);
    w16(e, 16, e->type);
    w16(e, 18, e->machine);
    w32(e, 20, e->version);
    if (e->is64) {
        w64(e, 24, e->entry);
        w64(e, 32, e->phoff);
        w64(e, 40, e->shoff);
        w32(e, 48, e->eflags);
        w16(e, 52, e->ehsize);
        w16(e, 54, e->phentsize);
        w16(e, 56, e->phnum);
        w16(e, 58, e->shentsize);
        w16(e, 60, e->shnum);
        w16(e, 62, e->shstrndx);
    } else {
        w32(e, 24, e->entry);
        w32(e, 28, e->phoff);
        w32(e, 32, e->shoff);
        w32(e, 36, e->eflags);
        w16(e, 40, e->ehsize);
        w16(e, 42, e->phentsize);
        w16(e, 44, e->phnum);
        w16(e, 46, e->shentsize);
        w16(e, 48, e->shnum);
        w16(e, 50, e->shstrndx);
    }
}

static void emit_phdr(Elf *e, uint64_t o, const Ph *p)
{
    if (e->is64) {
        w32(e, o + 0, p->type);
        w32(e, o + 4, p->flags);
        w64(e, o + 8, p->off);
        w64(e, o + 16, p->vaddr);
        w64(e, o + 24, p->vaddr); /* p_paddr */
        w64(e, o + 32, p->filesz);
        w64(e, o + 40, p->memsz);
        w64(e, o + 48, p->align);
    } else {
        w32(e, o + 0, p->type);
        w32(e, o + 4, p->off);
        w32(e, o + 8, p->vaddr);
        w32(e, o + 12, p->vaddr); /* p_paddr */
        w32(e, o + 16, p->filesz);
        w32(e, o + 20, p->memsz);
        w32(e, o + 24, p->flags);
        w32(e, o + 28, p->align);
    }
}

static void emit_shdr(Elf *e, uint64_t o, const Sh *s)
{
    if (e->is64) {
        w32(e, o + 0, s->name_off);
        w32(e, o + 4, s->type);
        w64(e, o + 8, s->flags);
        w64(e, o + 16, s->addr);
        w64(e, o + 24, s->off);
        w64(e, o + 32, s->size);
        w32(e, o + 40, s->link);
        w32(e, o + 44, s->info);
        w64(e, o + 48, s->align);
        w64(e, o + 56, s->entsize);
    } else {
        w32(e, o + 0, s->name_off);
        w32(e, o + 4, s->type);
        w32(e, o + 8, s->flags);
        w32(e, o + 12, s->addr);
        w32(e, o + 16, s->off);
        w32(e, o + 20, s->size);
        w32(e, o + 24, s->link);
        w32(e, o + 28, s->info);
        w32(e, o + 32, s->align);
        w32(e, o + 36, s->entsize);
    }
}

/* Write ehdr (with possibly corrupted fields) and both tables at their real
 * locations. */
static void elf_emit(Elf *e)
{
    emit_ehdr(e);
    for (int i = 0; i < e->nph; i++)
        emit_phdr(e, e->phoff_real + (uint64_t)i * (e->is64 ? 56 : 32), &e->ph[i]);
    for (int i = 0; i < e->nsh; i++)
        emit_shdr(e, e->shoff_real + (uint64_t)i * (e->is64 ? 64 : 40), &e->sh[i]);
}

/* ---- bases --------------------------------------------------------------- */

static const unsigned char text16[16] = {0x31, 0xc0, 0xc3, 0x90, 0x90, 0x90, 0x90, 0x90,
                                         0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90};

/* min64 / min32: see header comment.  Caller may corrupt, then elf_emit(). */
static void base_min(Elf *e, int is64)
{
    uint64_t va = is64 ? 0x400000 : 0x10000;
    elf_init(e, is64, !is64, is64 ? EM_X86_64 : EM_MIPS);
    wbytes(e, DATA0, text16, sizeof text16);
    e->entry = va + DATA0;
    add_ph(e, PT_LOAD, PF_R | PF_X, 0, va, DATA0 + 16, DATA0 + 16, is64 ? 0x1000 : 0x10000);
    add_sh(e, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, va + DATA0, DATA0, 16, 0, 0,
           16, 0);
    elf_layout(e);
}

/* seg64: ELF64 LE, no sections; content written by caller at >= DATA0, then
 * seg64_finish() makes PT_LOAD[0] cover the whole file and emits. */
#define SEG_VA 0x400000u
static void base_seg64(Elf *e)
{
    elf_init(e, 1, 0, EM_X86_64);
    e->entry = SEG_VA + DATA0;
    add_ph(e, PT_LOAD, PF_R, 0, SEG_VA, 0, 0, 0x1000);
}
static void seg64_finish(Elf *e)
{
    elf_layout(e);
    e->ph[0].filesz = e->ph[0].memsz = e->len;
    elf_emit(e);
}

/* sections64: ELF64 LE with a PT_LOAD R covering everything (set after layout)
 * and caller-added sections. */
static void sec64_finish(Elf *e)
{
    elf_layout(e);
    e->ph[0].filesz = e->ph[0].memsz = e->len;
    elf_emit(e);
}

/* ---- trivial non-ELF / header cases ------------------------------------- */

static void g_empty(Elf *e) { e->len = 0; }

static void g_three(Elf *e)
{
    memcpy(e->d, "\x7f" "EL", 3);
    e->len = 3;
}

static void g_text(Elf *e)
{
    static const char s[] = "#!/bin/sh\necho hi\n";
    memcpy(e->d, s, sizeof s - 1);
    e->len = sizeof s - 1;
}

static void g_trunc_ehdr(Elf *e)
{
    base_min(e, 1);
    elf_emit(e);
    e->len = 40;
}

static void g_bad_class(Elf *e)
{
    base_min(e, 1);
    e->ident[EI_CLASS] = 7;
    elf_emit(e);
}

static void g_bad_data(Elf *e)
{
    base_min(e, 1);
    e->ident[EI_DATA] = 9;
    elf_emit(e);
}

static void g_bad_version(Elf *e)
{
    base_min(e, 1);
    e->ident[EI_VERSION] = 2;
    e->version = 0;
    elf_emit(e);
}

static void g_phoff_eof(Elf *e)
{
    base_min(e, 1);
    e->phoff = 0xffffffff00ull;
    e->phnum = 3;
    elf_emit(e);
}

static void g_phoff_eof32(Elf *e)
{
    base_min(e, 0);
    e->phoff = 0xffffff00u;
    e->phnum = 3;
    elf_emit(e);
}

static void g_shoff_eof(Elf *e)
{
    base_min(e, 1);
    e->shoff = 0x100000;
    elf_emit(e);
}

static void g_shoff_overflow(Elf *e)
{
    base_min(e, 1);
    e->shoff = 0xffffffffffffffc0ull;
    elf_emit(e);
}

static void g_shnum_absurd(Elf *e)
{
    base_min(e, 1);
    e->shnum = 0xffff;
    elf_emit(e);
}

static void g_shnum_xindex(Elf *e)
{
    base_min(e, 1);
    e->shnum = 0;
    e->sh[0].size = 0xffffffffu;
    elf_emit(e);
}

static void g_phnum_xnum(Elf *e)
{
    base_min(e, 1);
    e->phnum = PN_XNUM;
    e->sh[0].info = 0xffffffffu;
    elf_emit(e);
}

static void g_shstrndx_xindex(Elf *e)
{
    base_min(e, 1);
    e->shstrndx = SHN_XINDEX;
    e->sh[0].link = 0xfffffff0u;
    elf_emit(e);
}

static void g_phentsize(Elf *e)
{
    base_min(e, 1);
    e->phentsize = 0x20;
    elf_emit(e);
}

static void g_shentsize(Elf *e)
{
    base_min(e, 1);
    e->shentsize = 0x28;
    elf_emit(e);
}

static void g_shstrndx_oor(Elf *e)
{
    base_min(e, 1);
    e->shstrndx = 0xf0;
    elf_emit(e);
}

static void g_trunc_phdrs(Elf *e)
{
    base_min(e, 1);
    elf_emit(e);
    e->phoff = e->len - 20; /* 2 * 56 = 112 bytes claimed, 20 present */
    e->phnum = 2;
    emit_ehdr(e);
}

static void g_trunc_shdrs(Elf *e)
{
    base_min(e, 1);
    elf_emit(e);
    e->len = (size_t)(e->shoff_real + 64 + 10); /* shdr[1] cut after 10 bytes */
}

/* ---- PT_INTERP ----------------------------------------------------------- */

static void g_interp_unterm(Elf *e)
{
    base_seg64(e);
    /* interp bytes are the last bytes of the file: no NUL inside or after */
    wbytes(e, DATA0, "/lib/ld-linux.so", 16);
    add_ph(e, PT_INTERP, PF_R, DATA0, SEG_VA + DATA0, 16, 16, 1);
    seg64_finish(e);
}

static void g_interp_overflow(Elf *e)
{
    base_seg64(e);
    wbytes(e, DATA0, "/lib64/ld-linux-x86-64.so.2", 28);
    add_ph(e, PT_INTERP, PF_R, 0xfffffffffffffff0ull, SEG_VA + DATA0, 0x20, 0x20, 1);
    seg64_finish(e);
}

/* ---- PT_DYNAMIC ---------------------------------------------------------- */

static void g_dyn_no_null(Elf *e)
{
    base_seg64(e);
    /* .dynstr @0x200, 0x20 bytes */
    wbytes(e, DATA0, "\0libc.so.6\0libpthread.so.0\0\0\0\0\0", 0x20);
    /* .dynamic @0x220: 4 entries, no DT_NULL, ends at EOF */
    uint64_t d = DATA0 + 0x20;
    w64(e, d + 0x00, DT_STRTAB);
    w64(e, d + 0x08, SEG_VA + DATA0);
    w64(e, d + 0x10, DT_STRSZ);
    w64(e, d + 0x18, 0x20);
    w64(e, d + 0x20, DT_NEEDED);
    w64(e, d + 0x28, 1); /* "libc.so.6", fine */
    w64(e, d + 0x30, DT_NEEDED);
    w64(e, d + 0x38, 0x1000); /* past DT_STRSZ 0x20 and past EOF */
    add_ph(e, PT_DYNAMIC, PF_R | PF_W, d, SEG_VA + d, 0x40, 0x40, 8);
    seg64_finish(e);
}

static void g_dyn_strtab_outside(Elf *e)
{
    base_seg64(e);
    uint64_t d = DATA0;
    w64(e, d + 0x00, DT_NEEDED);
    w64(e, d + 0x08, 1);
    w64(e, d + 0x10, DT_STRTAB);
    w64(e, d + 0x18, 0x7fff00000000ull); /* not inside any PT_LOAD */
    w64(e, d + 0x20, DT_STRSZ);
    w64(e, d + 0x28, 0x10);
    w64(e, d + 0x30, DT_NULL);
    w64(e, d + 0x38, 0);
    add_ph(e, PT_DYNAMIC, PF_R | PF_W, d, SEG_VA + d, 0x40, 0x40, 8);
    seg64_finish(e);
}

/* ---- .gnu.version_r ------------------------------------------------------ */

static const char dynstr_v[] = "\0libc.so.6\0GLIBC_2.2.5\0GLIBC_2.34\0"; /* 35 bytes */

static void vn(Elf *e, uint64_t o, uint16_t cnt, uint32_t file, uint32_t aux, uint32_t next)
{
    w16(e, o + 0, 1); /* vn_version */
    w16(e, o + 2, cnt);
    w32(e, o + 4, file);
    w32(e, o + 8, aux);
    w32(e, o + 12, next);
}
static void vna(Elf *e, uint64_t o, uint32_t hash, uint16_t other, uint32_t name, uint32_t next)
{
    w32(e, o + 0, hash);
    w16(e, o + 4, 0); /* vna_flags */
    w16(e, o + 6, other);
    w32(e, o + 8, name);
    w32(e, o + 12, next);
}

/* A PT_DYNAMIC at o that points the loader (and goelf) at the version
 * records: DT_STRTAB/DT_STRSZ, DT_NEEDED libc.so.6, DT_VERNEED, DT_NULL. */
static void vn_dynamic(Elf *e, uint64_t o, uint64_t verneed, uint64_t num)
{
    static const uint64_t tags[] = {DT_STRTAB, DT_STRSZ, DT_NEEDED, DT_VERNEED,
                                    DT_VERNEEDNUM, DT_NULL};
    uint64_t vals[] = {SEG_VA + DATA0, sizeof dynstr_v, 1, SEG_VA + verneed, num, 0};

    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
        w64(e, o + 16 * i, tags[i]);
        w64(e, o + 16 * i + 8, vals[i]);
    }
    add_ph(e, PT_DYNAMIC, PF_R | PF_W, o, SEG_VA + o, 6 * 16, 6 * 16, 8);
}

static void g_verneed_loop(Elf *e)
{
    elf_init(e, 1, 0, EM_X86_64);
    add_ph(e, PT_LOAD, PF_R, 0, SEG_VA, 0, 0, 0x1000);
    wbytes(e, DATA0, dynstr_v, sizeof dynstr_v);
    uint64_t v = 0x240;
    /* Verneed A @+0x00: vn_cnt 2, vn_aux 0x10, vn_next 0x30 -> B       */
    /* Vernaux A1 @+0x10: vna_next 0x10 -> A2                           */
    /* Vernaux A2 @+0x20: vna_next 0xfffffff0 (-16) -> A1 (aux loop)    */
    /* Verneed B @+0x30: vn_cnt 1, vn_aux 0x10, vn_next 0xffffffd0 (-48) -> A */
    /* Vernaux B1 @+0x40: vna_next 0                                     */
    vn(e, v + 0x00, 2, 1, 0x10, 0x30);
    vna(e, v + 0x10, 0x09691a75, 2, 11, 0x10);
    vna(e, v + 0x20, 0x069691b4, 3, 23, 0xfffffff0u);
    vn(e, v + 0x30, 1, 1, 0x10, 0xffffffd0u);
    vna(e, v + 0x40, 0x09691a75, 4, 11, 0);
    /* PT_DYNAMIC @+0x60 names the records: DT_VERNEEDNUM 2 */
    vn_dynamic(e, v + 0x60, v, 2);
    int ds = add_sh(e, ".dynstr", SHT_STRTAB, SHF_ALLOC, SEG_VA + DATA0, DATA0,
                    sizeof dynstr_v, 0, 0, 1, 0);
    add_sh(e, ".gnu.version_r", SHT_GNU_verneed, SHF_ALLOC, SEG_VA + v, v, 0x50, (uint32_t)ds,
           2, 8, 0);
    sec64_finish(e);
}

static void g_verneed_count(Elf *e)
{
    elf_init(e, 1, 0, EM_X86_64);
    add_ph(e, PT_LOAD, PF_R, 0, SEG_VA, 0, 0, 0x1000);
    wbytes(e, DATA0, dynstr_v, sizeof dynstr_v);
    uint64_t v = 0x240;
    vn(e, v + 0x00, 0xffff, 1, 0x10, 0);
    vna(e, v + 0x10, 0x09691a75, 2, 11, 0x10); /* next aux would be @+0x20 = section end */
    /* PT_DYNAMIC @+0x30 names the records: DT_VERNEEDNUM 1 */
    vn_dynamic(e, v + 0x30, v, 1);
    int ds = add_sh(e, ".dynstr", SHT_STRTAB, SHF_ALLOC, SEG_VA + DATA0, DATA0,
                    sizeof dynstr_v, 0, 0, 1, 0);
    add_sh(e, ".gnu.version_r", SHT_GNU_verneed, SHF_ALLOC, SEG_VA + v, v, 0x20, (uint32_t)ds,
           1, 8, 0);
    sec64_finish(e);
}

/* ---- .gnu.version_d and .gnu.version ------------------------------------- */

static void vd(Elf *e, uint64_t o, uint16_t flags, uint16_t ndx, uint32_t hash, uint32_t name,
               uint32_t next)
{
    w16(e, o + 0, 1); /* vd_version */
    w16(e, o + 2, flags);
    w16(e, o + 4, ndx);
    w16(e, o + 6, 1);  /* vd_cnt */
    w32(e, o + 8, hash);
    w32(e, o + 12, 20); /* vd_aux: the Verdaux follows */
    w32(e, o + 16, next);
    w32(e, o + 20, name); /* Verdaux: vda_name */
    w32(e, o + 24, 0);    /* vda_next */
}

/* A PT_DYNAMIC at o with n (tag, value) pairs, the last one DT_NULL. */
static void dyn_table(Elf *e, uint64_t o, const uint64_t *tv, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        w64(e, o + 16 * i, tv[2 * i]);
        w64(e, o + 16 * i + 8, tv[2 * i + 1]);
    }
    add_ph(e, PT_DYNAMIC, PF_R | PF_W, o, SEG_VA + o, 16 * n, 16 * n, 8);
}

/* Two Verdefs @0x240 (BASE libc.so.6 index 1, GLIBC_2.2.5 index 2), the
 * second one's vd_next given; DT_VERDEFNUM num. */
static void verdef_pair(Elf *e, uint32_t next2, uint64_t num)
{
    elf_init(e, 1, 0, EM_X86_64);
    add_ph(e, PT_LOAD, PF_R, 0, SEG_VA, 0, 0, 0x1000);
    wbytes(e, DATA0, dynstr_v, sizeof dynstr_v);
    uint64_t v = 0x240;
    vd(e, v + 0x00, VER_FLG_BASE, 1, 0x0b88d0c6, 1, 0x1c);
    vd(e, v + 0x1c, 0, 2, 0x09691a75, 11, next2);
    const uint64_t tv[] = {DT_STRTAB, SEG_VA + DATA0, DT_STRSZ, sizeof dynstr_v, DT_SONAME, 1,
                           DT_VERDEF, SEG_VA + v, DT_VERDEFNUM, num, DT_NULL, 0};
    dyn_table(e, v + 0x40, tv, 6);
    int ds = add_sh(e, ".dynstr", SHT_STRTAB, SHF_ALLOC, SEG_VA + DATA0, DATA0,
                    sizeof dynstr_v, 0, 0, 1, 0);
    add_sh(e, ".gnu.version_d", SHT_GNU_verdef, SHF_ALLOC, SEG_VA + v, v, 0x38, (uint32_t)ds,
           2, 4, 0);
    sec64_finish(e);
}

/* B's vd_next -28 goes back to A under 32-bit arithmetic. */
static void g_verdef_loop(Elf *e) { verdef_pair(e, 0xffffffe4u, 0x7fff); }
/* B's vd_next 0x1c points at the section end; the count asks for 4 Gi. */
static void g_verdef_count(Elf *e) { verdef_pair(e, 0x1c, 0xffffffffu); }

static const char dynstr_s[] = "\0libfoo.so.1\0FOO_1\0foo\0bar\0baz\0"; /* 1 13 19 23 27 */

static void sym64(Elf *e, uint64_t o, uint32_t name, uint8_t info, uint16_t shndx, uint64_t value)
{
    w32(e, o + 0, name);
    w8(e, o + 4, info);
    w8(e, o + 5, 0); /* st_other: STV_DEFAULT */
    w16(e, o + 6, shndx);
    w64(e, o + 8, value);
    w64(e, o + 16, 0);
}

static void g_versym_short(Elf *e)
{
    elf_init(e, 1, 0, EM_X86_64);
    add_ph(e, PT_LOAD, PF_R, 0, SEG_VA, 0, 0, 0x1000);
    wbytes(e, DATA0, dynstr_s, sizeof dynstr_s);
    uint64_t sy = 0x240, vs = 0x2a0, v = 0x2b0, d = 0x2f0;
    sym64(e, sy + 0x00, 0, 0, 0, 0);
    sym64(e, sy + 0x18, 19, (STB_GLOBAL << 4) | STT_FUNC, SHN_UNDEF, 0);
    sym64(e, sy + 0x30, 23, (STB_GLOBAL << 4) | STT_FUNC, 1, SEG_VA + DATA0);
    sym64(e, sy + 0x48, 27, (STB_WEAK << 4) | STT_OBJECT, 1, SEG_VA + DATA0);
    w16(e, vs + 0, 0);   /* versym[0] */
    w16(e, vs + 2, 1);   /* versym[1]; the section ends here */
    w16(e, vs + 4, 0x7777); /* bytes after it that a reader must not use */
    w16(e, vs + 6, 0x7777);
    vd(e, v + 0x00, VER_FLG_BASE, 1, 0x0a2f43a1, 1, 0x1c);
    vd(e, v + 0x1c, 0, 2, 0x0005a131, 13, 0);
    const uint64_t tv[] = {DT_STRTAB, SEG_VA + DATA0, DT_STRSZ, sizeof dynstr_s,
                           DT_SONAME, 1, DT_SYMTAB, SEG_VA + sy, DT_SYMENT, 24,
                           DT_VERSYM, SEG_VA + vs, DT_VERDEF, SEG_VA + v, DT_VERDEFNUM, 2,
                           DT_NULL, 0};
    dyn_table(e, d, tv, 9);
    int ds = add_sh(e, ".dynstr", SHT_STRTAB, SHF_ALLOC, SEG_VA + DATA0, DATA0,
                    sizeof dynstr_s, 0, 0, 1, 0);
    add_sh(e, ".dynsym", SHT_DYNSYM, SHF_ALLOC, SEG_VA + sy, sy, 0x60, (uint32_t)ds, 1, 8, 24);
    add_sh(e, ".gnu.version", SHT_GNU_versym, SHF_ALLOC, SEG_VA + vs, vs, 4, 2, 0, 2, 2);
    add_sh(e, ".gnu.version_d", SHT_GNU_verdef, SHF_ALLOC, SEG_VA + v, v, 0x38, (uint32_t)ds,
           2, 4, 0);
    sec64_finish(e);
}

/* ---- notes --------------------------------------------------------------- */

static void g_note_bogus(Elf *e)
{
    elf_init(e, 1, 0, EM_X86_64);
    add_ph(e, PT_LOAD, PF_R, 0, SEG_VA, 0, 0, 0x1000);
    w32(e, DATA0 + 0, 0xffffffffu); /* n_namesz */
    w32(e, DATA0 + 4, 0xfffffff0u); /* n_descsz */
    w32(e, DATA0 + 8, NT_GNU_BUILD_ID);
    wbytes(e, DATA0 + 12, "GNU\0AAAAAAAAAAAAAAAA", 20);
    add_ph(e, PT_NOTE, PF_R, DATA0, SEG_VA + DATA0, 0x20, 0x20, 4);
    add_sh(e, ".note.gnu.build-id", SHT_NOTE, SHF_ALLOC, SEG_VA + DATA0, DATA0, 0x20, 0, 0, 4,
           0);
    sec64_finish(e);
}

static void g_note_go_huge(Elf *e)
{
    elf_init(e, 1, 0, EM_X86_64);
    add_ph(e, PT_LOAD, PF_R, 0, SEG_VA, 0, 0, 0x1000);
    w32(e, DATA0 + 0, 4);       /* n_namesz */
    w32(e, DATA0 + 4, 0x10000); /* n_descsz: 64 KiB, segment has 16 */
    w32(e, DATA0 + 8, 4);       /* Go build ID note type */
    wbytes(e, DATA0 + 12, "Go\0\0", 4);
    wbytes(e, DATA0 + 16, "0123456789abcdef", 16);
    add_ph(e, PT_NOTE, PF_R, DATA0, SEG_VA + DATA0, 0x20, 0x20, 4);
    add_sh(e, ".note.go.buildid", SHT_NOTE, SHF_ALLOC, SEG_VA + DATA0, DATA0, 0x20, 0, 0, 4, 0);
    sec64_finish(e);
}

/* ---- Go buildinfo -------------------------------------------------------- */

static const unsigned char bi_magic[14] = {0xff, ' ', 'G', 'o', ' ', 'b', 'u',
                                           'i',  'l', 'd', 'i', 'n', 'f', ':'};
static const unsigned char mod_start[16] = {0x30, 0x77, 0xaf, 0x0c, 0x92, 0x74, 0x08, 0x02,
                                            0x41, 0xe1, 0xc1, 0x07, 0xe6, 0xd6, 0x18, 0xe6};
static const unsigned char mod_end[16] = {0xf9, 0x32, 0x43, 0x31, 0x86, 0x18, 0x20, 0x72,
                                          0x00, 0x82, 0x42, 0x10, 0x41, 0x16, 0xd8, 0xf2};
static const char mod_text[] = "path\texample.com/old\nmod\texample.com/old\t(devel)\t\n";

#define BI_OFF DATA0 /* file offset of the buildinfo header (16-aligned) */

static uint64_t bi_dva(const Elf *e) { return (e->is64 ? 0x500000u : 0x30000u) + BI_OFF; }

/* header at BI_OFF: magic, ptrsize, flags; bytes 16..31 zero */
static void bi_header(Elf *e, uint8_t ptrsize, uint8_t flags)
{
    wbytes(e, BI_OFF, bi_magic, sizeof bi_magic);
    w8(e, BI_OFF + 14, ptrsize);
    w8(e, BI_OFF + 15, flags);
    for (int i = 16; i < 32; i++)
        w8(e, BI_OFF + (uint64_t)i, 0);
}

/* Finish a "bi" file whose blob occupies [BI_OFF, BI_OFF+blob_len). */
static void bi_finish(Elf *e, uint64_t blob_len)
{
    int is64 = e->is64;
    uint64_t tva = is64 ? 0x400000u : 0x10000u, al = is64 ? 0x1000u : 0x10000u;
    e->entry = tva + 0x100;
    wbytes(e, 0x100, text16, sizeof text16);
    add_ph(e, PT_LOAD, PF_R | PF_X, 0, tva, BI_OFF, BI_OFF, al);
    add_ph(e, PT_LOAD, PF_R | PF_W, BI_OFF, bi_dva(e), blob_len, blob_len, al);
    add_sh(e, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, tva + 0x100, 0x100, 16, 0, 0,
           16, 0);
    add_sh(e, ".go.buildinfo", SHT_PROGBITS, SHF_WRITE | SHF_ALLOC, bi_dva(e), BI_OFF, blob_len,
           0, 0, 16, 0);
    elf_layout(e);
    elf_emit(e);
}

static void g_bi_varint(Elf *e)
{
    elf_init(e, 1, 0, EM_X86_64);
    bi_header(e, 8, 0x02);
    for (int i = 0; i < 11; i++)
        w8(e, BI_OFF + 32 + (uint64_t)i, 0xff);
    bi_finish(e, 32 + 11);
}

static void g_bi_len_past(Elf *e)
{
    elf_init(e, 1, 0, EM_X86_64);
    bi_header(e, 8, 0x02);
    w8(e, BI_OFF + 32, 0xe8); /* uvarint e8 07 = 1000 */
    w8(e, BI_OFF + 33, 0x07);
    wbytes(e, BI_OFF + 34, "go1.22.0", 8);
    bi_finish(e, 32 + 2 + 8);
}

static void g_bi_len_huge(Elf *e)
{
    elf_init(e, 1, 0, EM_X86_64);
    bi_header(e, 8, 0x02);
    for (int i = 0; i < 9; i++)
        w8(e, BI_OFF + 32 + (uint64_t)i, 0xff);
    w8(e, BI_OFF + 41, 0x01); /* uvarint = 0xffffffffffffffff */
    wbytes(e, BI_OFF + 42, "go1.22.0", 8);
    bi_finish(e, 32 + 10 + 8);
}

/* Pointer format blob (relative to BI_OFF, P = ptrsize):
 *   +0x00 header (32 bytes): magic, P, flags, versPtr @16, modPtr @16+P
 *   +0x20 vers string header {data, len} (2*P bytes)
 *   +0x30 mod string header {data, len}
 *   +0x40 "go1.16.5"
 *   +0x50 mod_start(16) + mod_text(50) + mod_end(16)  = 82 bytes
 * total 0xa2 bytes. */
#define MODINFO_LEN (16 + (sizeof mod_text - 1) + 16)
static void bi_ptr_valid(Elf *e, uint8_t flags)
{
    uint8_t P = e->is64 ? 8 : 4;
    uint64_t va = bi_dva(e);
    bi_header(e, P, flags);
    wA(e, BI_OFF + 16, va + 0x20);     /* versPtr */
    wA(e, BI_OFF + 16 + P, va + 0x30); /* modPtr */
    wA(e, BI_OFF + 0x20, va + 0x40);
    wA(e, BI_OFF + 0x20 + P, 8);
    wA(e, BI_OFF + 0x30, va + 0x50);
    wA(e, BI_OFF + 0x30 + P, MODINFO_LEN);
    wbytes(e, BI_OFF + 0x40, "go1.16.5", 8);
    wbytes(e, BI_OFF + 0x50, mod_start, 16);
    wbytes(e, BI_OFF + 0x60, mod_text, sizeof mod_text - 1);
    wbytes(e, BI_OFF + 0x60 + sizeof mod_text - 1, mod_end, 16);
    bi_finish(e, 0x50 + MODINFO_LEN);
}

static void g_bi_ptr32be(Elf *e)
{
    elf_init(e, 0, 1, EM_MIPS);
    bi_ptr_valid(e, 0x01);
}

static void g_bi_ptr64le(Elf *e)
{
    elf_init(e, 1, 0, EM_X86_64);
    bi_ptr_valid(e, 0x00);
}

static void g_bi_bad_ptr(Elf *e)
{
    elf_init(e, 1, 0, EM_X86_64);
    uint64_t va = bi_dva(e);
    bi_header(e, 8, 0x00);
    w64(e, BI_OFF + 16, 0x7fff00000000ull); /* versPtr: unmapped */
    w64(e, BI_OFF + 24, va + 0x20);         /* modPtr: header in segment ... */
    w64(e, BI_OFF + 0x20, 0xdeadbeef000ull);  /* ... whose data is unmapped */
    w64(e, BI_OFF + 0x28, 0x50);
    bi_finish(e, 0x30);
}

static void g_bi_ptr_len_huge(Elf *e)
{
    elf_init(e, 1, 0, EM_X86_64);
    uint64_t va = bi_dva(e);
    bi_header(e, 8, 0x00);
    w64(e, BI_OFF + 16, va + 0x20); /* versPtr */
    w64(e, BI_OFF + 24, va + 0x20); /* modPtr: same header */
    w64(e, BI_OFF + 0x20, va + 0x30);
    w64(e, BI_OFF + 0x28, 0xffffffffffffff00ull); /* len: data+len wraps */
    wbytes(e, BI_OFF + 0x30, "go1.16.5", 8);
    bi_finish(e, 0x38);
}

/* ---- .gopclntab, compressed, shstrtab ------------------------------------ */

static void g_pclntab(Elf *e)
{
    elf_init(e, 1, 0, EM_X86_64);
    add_ph(e, PT_LOAD, PF_R, 0, SEG_VA, 0, 0, 0x1000);
    static const unsigned char magic[8] = {0xf1, 0xff, 0xff, 0xff, 0x00, 0x00, 0x01, 0x08};
    uint64_t o = DATA0;
    wbytes(e, o, magic, 8);
    w64(e, o + 0x08, 0x7fffffffffffull);      /* nfunc */
    w64(e, o + 0x10, 0xffffffffull);          /* nfiles */
    w64(e, o + 0x18, 0x401000);               /* textStart */
    w64(e, o + 0x20, 0x7fffffff0000ull);      /* funcnameOffset */
    w64(e, o + 0x28, 0x1000000);              /* cuOffset */
    w64(e, o + 0x30, 0xffffffffffffff00ull);  /* filetabOffset */
    w64(e, o + 0x38, 0x10000);                /* pctabOffset */
    w64(e, o + 0x40, 0x8000000000000000ull);  /* pclnOffset */
    add_sh(e, ".gopclntab", SHT_PROGBITS, SHF_ALLOC, SEG_VA + o, o, 0x48, 0, 0, 32, 0);
    sec64_finish(e);
}

static void g_compressed(Elf *e)
{
    elf_init(e, 1, 0, EM_X86_64);
    add_ph(e, PT_LOAD, PF_R, 0, SEG_VA, DATA0, DATA0, 0x1000);
    static const unsigned char z[16] = {0x78, 0xda, 0xed, 0xc1, 0x31, 0x01, 0x00, 0x00,
                                        0x00, 0xc2, 0xa0, 0xf5, 0x4f, 0x6d, 0x08, 0x5f};
    uint64_t o = DATA0;
    w32(e, o + 0, ELFCOMPRESS_ZLIB); /* ch_type */
    w32(e, o + 4, 0);                /* ch_reserved */
    w64(e, o + 8, 0x40000000);       /* ch_size: 1 GiB */
    w64(e, o + 16, 1);               /* ch_addralign */
    wbytes(e, o + 24, z, sizeof z);
    add_sh(e, ".debug_info", SHT_PROGBITS, SHF_COMPRESSED, 0, o, 24 + sizeof z, 0, 0, 8, 0);
    elf_layout(e);
    elf_emit(e);
}

/* Hand-laid: null, .text, .shstrtab; shdrs @0x210, then shstrtab last at EOF.
 * shstrtab = "XX.text.shstrtab" (16 bytes, no NUL anywhere). */
static void g_shstrtab_unterm(Elf *e)
{
    base_min(e, 1); /* reuse ehdr/phdr/.text; rebuild section table by hand */
    static const char st[] = "XX.text.shstrtab";
    uint64_t shoff = DATA0 + 16, stoff = shoff + 3 * 64;
    e->len = DATA0 + 16;
    e->sh[1].name_off = 2;
    e->sh[2].name_off = 7;
    e->sh[2].off = stoff;
    e->sh[2].size = sizeof st - 1;
    e->shoff = e->shoff_real = shoff;
    wbytes(e, stoff, st, sizeof st - 1);
    elf_emit(e);
}

static void g_shname_oor(Elf *e)
{
    base_min(e, 1);
    e->sh[1].name_off = 0x7fffffffu;
    elf_emit(e);
}

/* ---- table --------------------------------------------------------------- */

typedef struct {
    const char *name;
    void (*gen)(Elf *);
    const char *comment;
} Case;

static const Case cases[] = {
    {"empty", g_empty, "0-byte file"},
    {"three-bytes", g_three, "3 bytes 7f 45 4c (\"\\x7fEL\"): magic truncated"},
    {"text", g_text, "shell script text \"#!/bin/sh\\necho hi\\n\", not ELF"},
    {"truncated-ehdr", g_trunc_ehdr,
     "first 40 bytes of a valid ELF64 LE header (file ends right before e_shoff)"},
    {"bad-class", g_bad_class, "min64 with EI_CLASS (byte 4) = 0x07"},
    {"bad-data", g_bad_data, "min64 with EI_DATA (byte 5) = 0x09"},
    {"bad-version", g_bad_version,
     "min64 with EI_VERSION (byte 6) = 0x02 and e_version = 0x00000000 (only 1 is valid)"},
    {"phoff-beyond-eof", g_phoff_eof,
     "min64 with e_phoff = 0xffffffff00 points beyond EOF, e_phnum = 3"},
    {"phoff-beyond-eof-32", g_phoff_eof32,
     "min32 (ELF32 BE) with e_phoff = 0xffffff00 beyond EOF, e_phnum = 3 (offset+size wraps 32 bits)"},
    {"shoff-beyond-eof", g_shoff_eof, "min64 with e_shoff = 0x100000 (file is < 1 KiB), e_shnum = 3"},
    {"shoff-overflow", g_shoff_overflow,
     "min64 with e_shoff = 0xffffffffffffffc0, e_shnum = 3: e_shoff + 3*64 wraps to 0x80"},
    {"shnum-absurd", g_shnum_absurd, "min64 with e_shnum = 0xffff (table would be 4 MiB)"},
    {"shnum-xindex", g_shnum_xindex,
     "min64 with e_shnum = 0 and extended count shdr[0].sh_size = 0xffffffff"},
    {"phnum-xnum", g_phnum_xnum,
     "min64 with e_phnum = 0xffff (PN_XNUM) and extended count shdr[0].sh_info = 0xffffffff"},
    {"shstrndx-xindex", g_shstrndx_xindex,
     "min64 with e_shstrndx = 0xffff (SHN_XINDEX) and shdr[0].sh_link = 0xfffffff0"},
    {"phentsize-wrong", g_phentsize, "min64 with e_phentsize = 0x20 (ELF64 needs 0x38)"},
    {"shentsize-wrong", g_shentsize, "min64 with e_shentsize = 0x28 (ELF64 needs 0x40)"},
    {"shstrndx-out-of-range", g_shstrndx_oor, "min64 with e_shstrndx = 0xf0, e_shnum = 3"},
    {"truncated-phdrs", g_trunc_phdrs,
     "min64 with e_phoff = EOF-20 and e_phnum = 2: 112-byte table straddles EOF"},
    {"truncated-shdrs", g_trunc_shdrs,
     "min64 cut at e_shoff+74: e_shnum = 3 but shdr[1] has 10 bytes, shdr[2] none"},
    {"interp-unterminated", g_interp_unterm,
     "seg64; PT_INTERP p_offset 0x200 p_filesz 0x10 = \"/lib/ld-linux.so\" with no NUL, last bytes of the file"},
    {"interp-overflow", g_interp_overflow,
     "seg64; PT_INTERP p_offset = 0xfffffffffffffff0, p_filesz = 0x20 (offset+size overflows 64 bits)"},
    {"dynamic-no-null", g_dyn_no_null,
     "seg64; PT_DYNAMIC @0x220 size 0x40 = DT_STRTAB 0x400200, DT_STRSZ 0x20, DT_NEEDED 1, "
     "DT_NEEDED 0x1000 (past DT_STRSZ and EOF); no DT_NULL, table ends at EOF"},
    {"dynamic-strtab-outside", g_dyn_strtab_outside,
     "seg64; PT_DYNAMIC @0x200 = DT_NEEDED 1, DT_STRTAB 0x7fff00000000 (not in any PT_LOAD), "
     "DT_STRSZ 0x10, DT_NULL"},
    {"verneed-loop", g_verneed_loop,
     ".gnu.version_r @0x240 (sh_info 2, sh_link .dynstr): Verneed A vn_next 0x30 -> B, "
     "B vn_next 0xffffffd0 (-48) -> A; A's Vernaux A1 vna_next 0x10 -> A2, "
     "A2 vna_next 0xfffffff0 (-16) -> A1; PT_DYNAMIC @0x2a0 with DT_VERNEED 0x400240, "
     "DT_VERNEEDNUM 2"},
    {"verneed-count-huge", g_verneed_count,
     ".gnu.version_r @0x240 size 0x20: one Verneed with vn_cnt = 0xffff, one Vernaux whose "
     "vna_next 0x10 points at the section end; PT_DYNAMIC @0x270 with DT_VERNEED, "
     "DT_VERNEEDNUM 1"},
    {"verdef-loop", g_verdef_loop,
     ".gnu.version_d @0x240 size 0x38 (sh_link .dynstr): Verdef A (BASE, ndx 1, \"libc.so.6\") "
     "vd_next 0x1c -> B; Verdef B (ndx 2, \"GLIBC_2.2.5\") vd_next 0xffffffe4 (-28) -> A; "
     "PT_DYNAMIC @0x280 with DT_VERDEF 0x400240, DT_VERDEFNUM 0x7fff"},
    {"verdef-count-huge", g_verdef_count,
     "as verdef-loop, but B's vd_next 0x1c points at the section end (0x278) and "
     "DT_VERDEFNUM = 0xffffffff"},
    {"versym-short", g_versym_short,
     ".dynsym @0x240: 4 symbols (null, foo UND, bar, baz WEAK); .gnu.version @0x2a0 sh_size 4 "
     "(2 entries for 4 symbols), followed by 77 77 77 77; .gnu.version_d @0x2b0 (libfoo.so.1, "
     "FOO_1); PT_DYNAMIC @0x2f0 with DT_SYMTAB, DT_VERSYM 0x4002a0, DT_VERDEF"},
    {"note-bogus-sizes", g_note_bogus,
     "PT_NOTE + .note.gnu.build-id @0x200 size 0x20: n_namesz = 0xffffffff, "
     "n_descsz = 0xfffffff0, n_type 3, name \"GNU\""},
    {"note-go-buildid-huge", g_note_go_huge,
     "PT_NOTE + .note.go.buildid @0x200 size 0x20: n_namesz 4 \"Go\\0\\0\", n_type 4, "
     "n_descsz = 0x10000 > segment (16 desc bytes present)"},
    {"buildinfo-varint-overflow", g_bi_varint,
     "bi64; .go.buildinfo @0x200: header ptrsize 8 flags 0x02 (inline), then 11 bytes 0xff "
     "(uvarint never terminates / overflows), segment ends"},
    {"buildinfo-len-past-end", g_bi_len_past,
     "bi64; inline header, uvarint e8 07 (= 1000) then only \"go1.22.0\" (8 bytes) left in segment"},
    {"buildinfo-len-huge", g_bi_len_huge,
     "bi64; inline header, uvarint ff*9 01 (= 0xffffffffffffffff) then \"go1.22.0\"; pos+len overflows"},
    {"buildinfo-bad-pointer", g_bi_bad_ptr,
     "bi64; header ptrsize 8 flags 0x00 (pointer, LE): versPtr = 0x7fff00000000 (unmapped); "
     "modPtr = 0x500220 -> {data 0xdeadbeef000 (unmapped), len 0x50}"},
    {"buildinfo-pointer-len-huge", g_bi_ptr_len_huge,
     "bi64; pointer format: versPtr = modPtr = 0x500220 -> {data 0x500230 \"go1.16.5\", "
     "len 0xffffffffffffff00}"},
    {"buildinfo-pointer-32be", g_bi_ptr32be,
     "VALID. ELF32 BE MIPS bi32; header @vaddr 0x30200 ptrsize 4 flags 0x01 (pointer, BE): "
     "versPtr 0x30220 -> {0x30240, 8} \"go1.16.5\"; modPtr 0x30230 -> {0x30250, 82} = "
     "start sentinel + \"path\\texample.com/old\\nmod\\texample.com/old\\t(devel)\\t\\n\" + end sentinel"},
    {"buildinfo-pointer-64le", g_bi_ptr64le,
     "VALID. ELF64 LE x86-64 bi64; header @vaddr 0x500200 ptrsize 8 flags 0x00 (pointer, LE): "
     "versPtr 0x500220 -> {0x500240, 8} \"go1.16.5\"; modPtr 0x500230 -> {0x500250, 82} = "
     "same modinfo as buildinfo-pointer-32be"},
    {"pclntab-lying-header", g_pclntab,
     ".gopclntab @0x200 size 0x48: magic f1 ff ff ff 00 00 01 08, nfunc = 0x7fffffffffff, "
     "nfiles 0xffffffff, funcname/cu/filetab/pctab/pcln offsets 0x7fffffff0000/0x1000000/"
     "0xffffffffffffff00/0x10000/0x8000000000000000 all beyond the section"},
    {"compressed-bomb", g_compressed,
     ".debug_info SHF_COMPRESSED @0x200 size 0x28: Elf64_Chdr ch_type 1 (zlib), ch_size = "
     "0x40000000 (1 GiB), ch_addralign 1, then 16 bytes of a truncated zlib stream 78 da ed c1 ..."},
    {"shstrtab-unterminated", g_shstrtab_unterm,
     "min64 with .shstrtab = \"XX.text.shstrtab\" (16 bytes, no NUL) as the last bytes of the "
     "file; sh_name 2 and 7"},
    {"shname-out-of-range", g_shname_oor,
     "min64 with shdr[1] (.text) sh_name = 0x7fffffff, far beyond .shstrtab sh_size"},
};

#define NCASES (sizeof cases / sizeof cases[0])

static Elf img;

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--list") == 0) {
        printf("| file | bad bytes |\n|---|---|\n");
        for (size_t i = 0; i < NCASES; i++)
            printf("| `%s` | %s |\n", cases[i].name, cases[i].comment);
        return 0;
    }
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUTDIR | --list\n", argv[0]);
        return 2;
    }
    const char *dir = argv[1];
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        perror(dir);
        return 1;
    }
    for (size_t i = 0; i < NCASES; i++) {
        memset(&img, 0, sizeof img);
        cases[i].gen(&img);
        if (img.len > MAXF)
            die("case too large");
        char path[4096];
        int n = snprintf(path, sizeof path, "%s/%s", dir, cases[i].name);
        if (n < 0 || (size_t)n >= sizeof path)
            die("path too long");
        FILE *f = fopen(path, "wb");
        if (!f) {
            perror(path);
            return 1;
        }
        if ((img.len && fwrite(img.d, 1, img.len, f) != img.len) || fclose(f) != 0) {
            perror(path);
            return 1;
        }
        printf("wrote %s (%zu bytes)\n", path, img.len);
    }
    return 0;
}
