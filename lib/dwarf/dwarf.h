/*
 * dwarf/dwarf.h - the DWARF summary.  The only folder that includes
 * libdwarf; the walk runs in a resource-limited child process.  Includes
 * facts/ and util/.
 */
#ifndef GOELF_DWARF_H
#define GOELF_DWARF_H

#include "facts/facts.h"

/* Sets facts->dwarf.present always; walks only when ld->opts.dwarf. */
void goelf_load_dwarf(struct goelf_ld *ld);

/* Between dwarf.c (the parent) and dwarf_walk.c (the child): the child's
 * limits, the caps of the records, and their tags. */
#define CHILD_AS_EXTRA	   (1024ull << 20) /* address space over the parent's */
#define CHILD_CPU_SECONDS  10
#define CHILD_WALL_SECONDS 30
#define CHILD_MAX_OUTPUT   (4u << 20) /* bytes the parent reads */
#define MAX_LIST	   256u	      /* versions/producers/languages */
#define MAX_ITEM	   1024u      /* one string in a record */

enum rec {
	REC_CUS = 'C', /* u64 compile-unit count */
	REC_VERSION = 'V',
	REC_PRODUCER = 'P',
	REC_LANGUAGE = 'L',
	REC_PATH = 'B',
	REC_TRUNCATED = 'T', /* no payload */
	REC_ERROR = 'E',     /* the walk stopped early: why */
	REC_DONE = 'D',	     /* last record; without it nothing is used */
};

/* dwarf_walk.c: the forked child; writes the records to fd and exits. */
void goelf_dwarf_child_main(struct goelf_ld *ld, int fd)
	__attribute__((noreturn));

#endif /* GOELF_DWARF_H */
