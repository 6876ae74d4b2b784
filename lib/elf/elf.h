/*
 * elf/elf.h - the ELF loader: headers, program and section headers,
 * PT_INTERP, PT_DYNAMIC, symbol versions, notes, marker symbols.  The
 * only folder whose .c files include libelf (<gelf.h>); this header does
 * not, so the layers above never see libelf.  Includes facts/ and util/.
 */
#ifndef GOELF_ELF_H
#define GOELF_ELF_H

#include "facts/facts.h"

/*
 * Reads the ELF structure of ld->src into ld->facts with libelf
 * (ELF_C_READ: lazy pread).  Header tables that do not fit are an error
 * (a reason in err); damage inside a table is an issue.  The libelf
 * handle is closed before it returns.
 */
enum goelf_err goelf_elf_load(struct goelf_ld *ld, struct goelf_buf *err);
/* libelf's one global initialisation; call before starting threads. */
void goelf_elf_init(void);
/* A libelf handle on the source for libdwarf (dwarf_elf_init_b), as the
 * opaque struct libelf's header names; NULL on failure.  Close it with
 * goelf_elf_handle_close(). */
struct Elf;
struct Elf *goelf_elf_handle_open(const struct goelf_src *src);
void goelf_elf_handle_close(struct Elf *e);

/* Loader steps, each in its own file; each records issues, never fails
 * the whole load. */
void goelf_load_dynamic(struct goelf_ld *ld);
/* What PT_DYNAMIC told us, for the versions step. */
struct goelf_dyninfo {
	const uint8_t *strtab; /* DT_STRTAB bytes, NULL when unusable */
	uint64_t strsz;
	uint64_t verneed, verneednum, verdef, verdefnum, versym, symtab, syment,
		hash, gnu_hash;
	/* DT_RELA/DT_RELASZ/DT_RELAENT/DT_RELACOUNT and the DT_REL ones:
	 * where the COPY relocations are looked for. */
	uint64_t rela, relasz, relaent, relacount, rel, relsz, relent, relcount;
	bool has_verneed, has_verdef, has_versym, has_symtab, has_hash,
		has_gnu_hash, has_rela, has_rel;
};
void goelf_load_versions(struct goelf_ld *ld, const struct goelf_dyninfo *d);
void goelf_load_notes(struct goelf_ld *ld);
void goelf_load_symbols(struct goelf_ld *ld);
/* load_symtab_sizes.c: runtime.text/etext and the
 * sized C function symbols of .symtab (facts->funcsyms). */
void goelf_load_symtab_sizes(struct goelf_ld *ld,
			     const struct goelf_section *symtab);

#endif /* GOELF_ELF_H */
