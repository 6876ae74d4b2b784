/*
 * facts.h - the data contract between the loaders and the analyzers
 * (STYLE 6.2): plain structs copied out of one file, the caps that bound
 * them, and the few pure helpers every loader needs (issues, address
 * mapping, section lookup).  Included by elf/, go/, dwarf/ and above;
 * includes only util/.
 */
#ifndef GOELF_FACTS_H
#define GOELF_FACTS_H

#include "util/util.h"

#include <elf.h>

/* Caps on everything driven by file data; hitting one is a load issue. */
#define GOELF_MAX_STRING	   (64u * 1024) /* one string copied from a file */
#define GOELF_MAX_PHDRS		   4096u	/* program headers walked */
#define GOELF_MAX_SHDRS		   65536u	/* section headers walked */
#define GOELF_MAX_DYN		   65536u	/* PT_DYNAMIC entries */
#define GOELF_MAX_LIST		   4096u      /* NEEDED, RPATH, runpath items */
#define GOELF_MAX_VERNEED	   1024u      /* Verneed + Vernaux records */
#define GOELF_MAX_DYNSYMS	   (1u << 20) /* dynamic symbols read */
#define GOELF_MAX_SYMS_PER_VERSION 4096u      /* symbols listed per version */
#define GOELF_MAX_NOTES		   1024u      /* notes walked */
#define GOELF_MAX_NOTE_BYTES	   (1u << 20) /* bytes of notes read */
#define GOELF_MAX_DESC		   4096u      /* one note descriptor kept */
#define GOELF_MAX_SYMTAB	   (1u << 24) /* .symtab bytes scanned */
#define GOELF_MAX_SHSTRTAB	   (16u << 20) /* section name table bytes */
#define GOELF_MAX_SCAN		   (64u << 20) /* bytes scanned for markers */
#define GOELF_MAX_ISSUES	   64u	       /* load issues kept per file */
#define GOELF_MAX_LISTED	   512u	       /* sections listed in a report */
#define GOELF_MAX_BUILDINFO	   (1u << 20)  /* modinfo/version bytes */
#define GOELF_MAX_BI_SCAN	   (64u << 20) /* bytes scanned for the header */
#define GOELF_MAX_GODEPS	   10000u      /* dep lines kept */
#define GOELF_MAX_GOSETTINGS	   1000u       /* build settings kept */
#define GOELF_MAX_FUNCS		   1000000u    /* pclntab functions read */
#define GOELF_MAX_FUNCNAME_BYTES   (64u << 20)	/* their names, in total */
#define GOELF_MAX_DWARF_CUS	   100000u	/* compile units walked */
#define GOELF_MAX_DWARF_DIES	   2000000u	/* DIEs visited */
#define GOELF_MAX_DWARF_PATHS	   256u		/* build paths listed */
#define GOELF_MAX_INFLATE	   (256u << 20) /* one decompressed section */
#define GOELF_MAX_INFLATE_RATIO	   32u		/* decompressed / file size */
#define GOELF_MAX_FUNCSYMS	   200000u /* .symtab functions kept (size) */
/* The loader's view of the dynamic symbols (load_versions.c). */
#define GOELF_MAX_VERDEF	   1024u       /* Verdef records */
#define GOELF_MAX_DYNSYM_NAME	   65536u      /* one dynamic symbol name */
#define GOELF_MAX_DYNSTR	   (16u << 20) /* DT_STRTAB bytes kept */

/* One section header, copied. */
struct goelf_section {
	char *name; /* "" when the name table is unusable */
	uint32_t type;
	uint64_t flags, addr, offset, size, addralign, entsize;
	uint32_t link, info;
	bool in_file;	    /* offset/size lie inside the file (not NOBITS) */
	bool is_compressed; /* SHF_COMPRESSED or .zdebug "ZLIB" */
	uint32_t ch_type;   /* ELFCOMPRESS_* (0 when unknown/none) */
	uint64_t
		uncompressed_size; /* from the Chdr/ZLIB header, never inflated */
};

/* One program header, copied. */
struct goelf_segment {
	uint32_t type, flags;
	uint64_t offset, vaddr, filesz, memsz, align;
};

/* One GLIBC_2.34-style need: library, version tag and the symbols using it. */
struct goelf_verneed {
	char *library;
	char *version;
	uint16_t index; /* vna_other, matched against .gnu.version */
	bool weak;
	struct goelf_strlist symbols; /* sorted, unique */
	bool symbols_truncated;
};

/* One version definition (Verdef and its first Verdaux, the name; the
 * later Verdaux entries name parents, which ld.so ignores). */
struct goelf_verdef {
	char *name;	/* owned by the facts: "GLIBC_2.34", or the soname
			   for the VER_FLG_BASE entry */
	uint32_t hash;	/* vd_hash, the SysV ELF hash of name as stored */
	uint16_t index; /* vd_ndx, the value .gnu.version entries use */
	uint16_t flags; /* vd_flags: VER_FLG_BASE, VER_FLG_WEAK */
};

/* goelf_dynsym.flags: st_value is 0; st_name is outside DT_STRTAB or
 * longer than GOELF_MAX_DYNSYM_NAME (an issue says so; the name is "");
 * the target of a COPY relocation in DT_RELA/DT_REL (ld.so looks it up
 * in the other objects at start-up). */
#define GOELF_DYNSYM_VALUE_ZERO 0x01
#define GOELF_DYNSYM_BAD_NAME	0x02
#define GOELF_DYNSYM_COPY	0x04

/* One dynamic symbol as the loader sees it (12 bytes, so a 1M-symbol
 * library costs 12 MiB).  The name is an offset into facts.dynstr. */
struct goelf_dynsym {
	uint32_t name;	    /* st_name: offset into facts.dynstr */
	uint16_t shndx;	    /* st_shndx: SHN_UNDEF = undefined */
	uint16_t versym;    /* .gnu.version entry with bit 15 (hidden)
				 kept: 0 local, 1 global, >= 2 a verdef or
				 verneed index; 1 when there is no
				 DT_VERSYM */
	uint8_t bind;	    /* STB_LOCAL/GLOBAL/WEAK/GNU_UNIQUE */
	uint8_t type;	    /* STT_* */
	uint8_t visibility; /* STV_* (st_other & 3) */
	uint8_t flags;	    /* GOELF_DYNSYM_* */
};

/* A malformed-input record: loading went on without this fact. */
struct goelf_issue {
	char *what;    /* "phdrs", "dynamic", "verneed", "notes", ... */
	char *message; /* one line, with the file offset where known */
	bool limit;    /* a GOELF_MAX_* cap was hit (not malformed) */
};

/* One dependency line of Go module info ("dep" and its "=>"). */
struct goelf_godep {
	char *path, *version, *sum; /* sum may be NULL */
	bool has_replace;
	char *rpath, *rversion, *rsum; /* the replacement, when has_replace */
};

/* One "build" setting: key=value, in original order. */
struct goelf_gosetting {
	char *key, *value;
};

/* Parsed modinfo (runtime/debug.ParseBuildInfo). */
struct goelf_modinfo {
	char *path; /* NULL when absent */
	struct goelf_godep main;
	bool has_main;
	struct goelf_godep *deps;
	size_t ndeps;
	struct goelf_gosetting *settings;
	size_t nsettings;
};

/* goelf_gofacts.go_read: how Go's debug/buildinfo fares reading the
 * data area it searches (lib/go/buildinfo.c go_read_state). */
enum {
	GOELF_GO_READ_OK = 0,	/* it reads bytes */
	GOELF_GO_READ_EOF,	/* past the end of the file: go says "EOF" */
	GOELF_GO_READ_UNMAPPED, /* no program header maps it: go says
				   "unrecognized file format" */
};

/* Go facts: build info, pclntab, version evidence.  See
 * reference/go-binary-format.md. */
struct goelf_gofacts {
	/* .go.buildinfo */
	bool has_buildinfo;    /* a valid header was found */
	const char *bi_format; /* "inline" or "pointer" (static) */
	uint64_t bi_offset;    /* file offset of the header */
	char *bi_version;      /* "go1.19.8", NULL when absent */
	char *modinfo;	       /* module text between the sentinels */
	bool modinfo_ok;       /* parsed into `mod` without error */
	struct goelf_modinfo mod;
	int go_read; /* GOELF_GO_READ_*, set even without build info */

	/* pclntab (load_pclntab.c) */
	bool has_pclntab;
	uint32_t pclntab_magic;	   /* 0xfffffff1 ... */
	const char *pclntab_where; /* section name, or "scan" (static) */
	uint64_t pclntab_offset;   /* file offset */
	uint64_t pclntab_size;
	uint8_t pclntab_ptrsize, pclntab_quantum;
	uint64_t nfunc; /* from the header */
	/* The function-name table (Go 1.16+), scanned once in bounded
	 * windows for the load options' fn_patterns: */
	bool names_scanned; /* all of it, without a cap or a bad read */
	uint64_t nnames;    /* names in it: functions and inlined ones */
	unsigned fn_bits;   /* bits of the patterns found in it */
	/* Read only with goelf_opts.funcs (sizes), or for tables older than
	 * Go 1.16 (no separate name table): */
	struct goelf_strlist funcs; /* function names read, in table order */
	/* When set, funcs.v points into this copy of the name table (and
	 * into funcs_extra) instead of owning one copy per name. */
	uint8_t *funcs_buf;
	struct goelf_strlist funcs_extra;
	uint64_t *func_entry; /* entry offset per name (same index) */
	uint64_t func_end;    /* end PC offset of the last function */
	bool funcs_truncated;

	/* version evidence when build info is absent (load_goversion.c) */
	char *buildversion;   /* runtime.buildVersion read via .symtab */
	char *version_string; /* "go1.x.y" found in read-only data */
	uint64_t version_string_offset;
};

/* DWARF summary (load_dwarf.c), walked only when asked (--dwarf). */
struct goelf_dwarf {
	bool present; /* a .debug_info or .zdebug_info section */
	bool walked;  /* the summary below is filled in */
	char *error;  /* why the walk failed, NULL otherwise */
	uint64_t compile_units;
	struct goelf_strlist versions;	  /* "4", "5", sorted unique */
	struct goelf_strlist producers;	  /* DW_AT_producer, sorted unique */
	struct goelf_strlist languages;	  /* "Go", "C11" ..., sorted unique */
	struct goelf_strlist build_paths; /* comp_dir / absolute file paths
					     that name the build machine */
	bool truncated;			  /* a GOELF_MAX_DWARF_* cap was hit */
};

/* A function name the pclntab scan looks for (go/names.c): an exact
 * name, or a prefix when it ends in '*'; bit is what finding it sets.
 * The table is an_go.c's (goelf_an_go_patterns). */
struct goelf_fn_pattern {
	const char *name;
	unsigned bit;
};

/* Options for one load. */
struct goelf_opts {
	bool dwarf;  /* walk DWARF with libdwarf (in a child process) */
	bool sha256; /* hash the whole file (SBOMs) */
	/* The ELF layer only, as the run-time loader simulation needs it
	 * (lib/runtime): headers, dynamic section, versions, dynsym and
	 * notes; no .symtab or marker scan, no Go, no DWARF. */
	bool elf_only;
	/* goelf buildinfo: the headers and the build info, nothing else
	 * (no dynamic section, notes, symbols, pclntab; no analysis) */
	bool buildinfo_only;
	/* read the pclntab's function records (entries in table order) for
	 * per-package sizes; without it only the name table is read */
	bool funcs;
	/* the names the pclntab name table is scanned for (at most 32) */
	const struct goelf_fn_pattern *fn_patterns;
	size_t nfn_patterns;
};

/* One STT_FUNC symbol with a size, in an executable section and outside
 * the Go text range [runtime.text, runtime.etext): C code in a cgo or C
 * binary. */
struct goelf_funcsym {
	char *name; /* owned */
	uint64_t addr, size;
};

/* Plain data copied out of one ELF file; see STYLE.md 6.2. */
struct goelf_facts {
	char *path;
	uint64_t file_size;
	/* SHA-256 of every byte of the file, read once more at the end of
	 * the load when goelf_opts.sha256 asked for it. */
	bool has_sha256;
	uint8_t sha256[GOELF_SHA256_LEN];

	/* identity */
	int elf_class; /* 32 or 64 */
	enum goelf_endian endian;
	uint16_t e_type, e_machine;
	uint8_t osabi, abiversion;
	uint32_t e_flags;
	uint64_t e_entry;

	/* tables */
	bool has_shdrs;	 /* a usable section header table */
	bool debug_only; /* a separate debug-info file: allocated sections
			    are NOBITS (objcopy --only-keep-debug) */
	struct goelf_section *sections;
	size_t nsections;
	uint64_t shdr_table_bytes; /* e_shnum * e_shentsize */
	uint64_t shoff;
	struct goelf_segment *segments;
	size_t nsegments;

	/* dynamic linking */
	char *interp;	  /* NULL when there is no PT_INTERP */
	bool has_dynamic; /* a PT_DYNAMIC segment */
	struct goelf_strlist needed, rpath, runpath;
	char *soname;
	bool has_flags, has_flags_1, has_bind_now, has_textrel, has_debug_tag;
	uint64_t dt_flags, dt_flags_1;
	bool has_verneed_tag, has_relr; /* DT_VERNEED, DT_RELR */
	struct goelf_verneed *verneed;
	size_t nverneed;
	bool has_verdef_tag;	     /* DT_VERDEF */
	struct goelf_verdef *verdef; /* owned; in table order */
	size_t nverdef;
	/* The dynamic symbol table, index for index (entry 0 is the null
	 * symbol): dynsyms[i] for i < ndynsyms, all owned by the facts.
	 * dynsyms is NULL (and ndynsyms 0) when there is no usable
	 * DT_SYMTAB; a table cut short by damage or a cap has an issue. */
	size_t ndynsyms;
	struct goelf_dynsym *dynsyms; /* owned */
	char *dynstr;	      /* owned: a copy of DT_STRTAB, NUL-terminated */
	uint64_t dynstr_size; /* bytes in dynstr before the final NUL */
	bool has_versym;      /* versym fields come from DT_VERSYM */

	/* segments of interest */
	bool has_relro, has_gnu_stack;
	uint32_t gnu_stack_flags;

	/* notes */
	char *gnu_build_id; /* lowercase hex, NULL when absent */
	bool has_abi_tag;
	uint32_t abi_tag[4]; /* os, major, minor, subminor */
	char *go_build_id;   /* "Go\0\0" type 4, NULL when absent */
	bool has_freebsd_note, has_netbsd_note, has_openbsd_note,
		has_android_note;
	bool has_upx_marker; /* "UPX!" in the first 4 KiB */

	/* symbols and strings of interest (names from a fixed marker list) */
	bool has_symtab;
	size_t nsymtab;
	struct goelf_strlist markers;	     /* symbol markers found, sorted */
	struct goelf_strlist string_markers; /* string markers found */

	/* Go */
	struct goelf_gofacts go;

	/* DWARF */
	struct goelf_dwarf dwarf;

	/* malformed-input records */
	struct goelf_issue *issues;
	size_t nissues;
	bool issues_truncated;

	/* .symtab function sizes (load_symtab_sizes.c), for goelf size */
	bool has_go_text_syms; /* runtime.text and runtime.etext found */
	uint64_t go_text_start, go_text_end; /* their values (vaddr) */
	struct goelf_funcsym *funcsyms;	     /* owned; sorted by addr */
	size_t nfuncsyms;
	bool funcsyms_truncated; /* GOELF_MAX_FUNCSYMS was hit */

	struct goelf_opts opts; /* how the file was loaded */
};

/* The per-file loading context every loader layer (elf/, go/, dwarf/)
 * works on: the byte source, the facts being filled, the options. */
struct goelf_ld {
	struct goelf_src src;
	struct goelf_facts *facts;
	struct goelf_opts opts;
};

/* Records a malformed-input issue (bounded). */
void goelf_issue(struct goelf_facts *f, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Records that a GOELF_MAX_* cap cut a fact short: the output says it is
 * partial (finding input.limit_reached). */
void goelf_limit(struct goelf_facts *f, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Maps a virtual address range to a file offset through PT_LOAD. */
bool goelf_vaddr_to_off(const struct goelf_facts *f, uint64_t vaddr, uint64_t n,
			uint64_t *off);
/* The section named name, or NULL. */
const struct goelf_section *goelf_find_section(const struct goelf_facts *f,
					       const char *name);

/* The name of dynamic symbol s of f ("" when unusable). */
const char *goelf_dynsym_name(const struct goelf_facts *f,
			      const struct goelf_dynsym *s);

/* Frees everything the facts own (and the parts' own releases). */
void goelf_facts_release(struct goelf_facts *facts);
void goelf_gofacts_release(struct goelf_gofacts *g);
void goelf_modinfo_release(struct goelf_modinfo *m);
void goelf_godep_release(struct goelf_godep *d);
void goelf_dwarf_release(struct goelf_dwarf *d);

#endif /* GOELF_FACTS_H */
