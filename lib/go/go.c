/*
 * go/go.c - the Go loader layer, after the ELF layer: build info first
 * (it needs only the section table), then the pclntab, then the version
 * evidence that does not depend on build info.  goelf buildinfo stops
 * after the build info.
 */
#include "go/go.h"

void
goelf_go_load(struct goelf_ld *ld)
{
	goelf_load_buildinfo(ld);
	if (ld->opts.buildinfo_only)
		return;
	goelf_load_pclntab(ld);
	goelf_load_goversion(ld);
}
