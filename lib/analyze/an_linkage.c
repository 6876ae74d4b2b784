/*
 * an_linkage.c - how the file is linked.
 *
 * dynamic:    it has a PT_INTERP (the kernel starts its loader), or it is
 *             a shared object that needs other libraries (DT_NEEDED).
 * static-pie: ET_DYN without PT_INTERP and without DT_NEEDED; it relocates
 *             itself (glibc _dl_relocate_static_pie, musl rcrt1.o).
 * static:     ET_EXEC without PT_INTERP and without DT_NEEDED.
 * PIE is reported separately: ET_DYN with DF_1_PIE, or with an
 * interpreter, or static-pie; a shared library is not a PIE.
 * shared library (DSO, as checksec says): ET_DYN without DF_1_PIE that
 * names itself (DT_SONAME) or needs libraries without an interpreter
 * (go build -buildmode=c-shared writes no DT_SONAME).  It is loaded by a
 * program, never started by the kernel, so executable-only advice (PIE,
 * CGO_ENABLED=0) does not apply.
 * A separate debug-info file (facts.debug_only) is data: its linking is
 * unknown.
 */
#include "analyze/analyze.h"

void
goelf_an_linkage(const struct goelf_facts *f, struct goelf_analysis *an)
{
	bool pie_flag = f->has_flags_1 && (f->dt_flags_1 & DF_1_PIE);

	if (f->debug_only) {
		an->link_kind = GOELF_LINK_UNKNOWN;
		return;
	}
	an->is_dso = f->e_type == ET_DYN && !pie_flag &&
		     (f->soname || (!f->interp && f->needed.n));
	if (f->interp || f->needed.n)
		an->link_kind = GOELF_LINK_DYNAMIC;
	else if (f->e_type == ET_DYN)
		an->link_kind = GOELF_LINK_STATIC_PIE;
	else if (f->e_type == ET_EXEC)
		an->link_kind = GOELF_LINK_STATIC;
	else
		an->link_kind = GOELF_LINK_UNKNOWN;
	an->is_pie = f->e_type == ET_DYN && !an->is_dso &&
		     (pie_flag || (f->interp != NULL) ||
		      (an->link_kind == GOELF_LINK_STATIC_PIE && !f->soname));
}

const char *
goelf_link_kind_name(enum goelf_link_kind k)
{
	switch (k) {
	case GOELF_LINK_STATIC: return "static";
	case GOELF_LINK_STATIC_PIE: return "static-pie";
	case GOELF_LINK_DYNAMIC: return "dynamic";
	default: return "unknown";
	}
}
