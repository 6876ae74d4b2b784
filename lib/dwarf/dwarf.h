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

#endif /* GOELF_DWARF_H */
