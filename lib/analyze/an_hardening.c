/*
 * an_hardening.c - checksec's questions, made Go-aware: RELRO, NX stack,
 * and, where C code is linked in, stack canaries and FORTIFY.  Go's own
 * code has no canaries or FORTIFY (the runtime checks stack bounds
 * itself), so those two are judged only when C code is linked in (cgo,
 * or not a Go binary); GOELF_HARD_NA means not applicable and
 * GOELF_HARD_UNKNOWN that the evidence is gone (a stripped static
 * binary), never "no".
 */
#include "analyze/analyze.h"

#include <string.h>

/* Imported (versioned) dynamic symbol or .symtab marker. */
static bool
has_symbol(const struct goelf_facts *f, const char *name)
{
	if (goelf_strlist_has(&f->markers, name))
		return true;
	for (size_t i = 0; i < f->nverneed; i++)
		if (goelf_strlist_has(&f->verneed[i].symbols, name))
			return true;
	return false;
}

static bool
has_fortify(const struct goelf_facts *f)
{
	/* Imports of __*_chk from libc: calls from this file's code
	 * (versioned, or noted among the markers by elf/load_versions.c). */
	for (size_t i = 0; i < f->markers.n; i++) {
		const char *s = f->markers.v[i];
		size_t n = strlen(s);

		if (n > 6 && !strcmp(s + n - 4, "_chk") &&
		    strcmp(s, "__stack_chk_fail"))
			return true;
	}
	for (size_t i = 0; i < f->nverneed; i++)
		for (size_t j = 0; j < f->verneed[i].symbols.n; j++) {
			const char *s = f->verneed[i].symbols.v[j];
			size_t n = strlen(s);

			if (n > 6 && !strncmp(s, "__", 2) &&
			    !strcmp(s + n - 4, "_chk") &&
			    strcmp(s, "__stack_chk_fail"))
				return true;
		}
	return false;
}

/*
 * Hardening, made Go-aware: Go's own code has no stack canaries or
 * FORTIFY (the runtime checks stack bounds itself), so those two are
 * judged only when C code is linked in (cgo, or not a Go binary).
 */
void
goelf_an_hardening(const struct goelf_facts *f, bool is_go, int cgo,
		   struct goelf_analysis *an)
{
	bool has_c = !is_go || cgo == 1;
	bool is_static = !f->interp && !f->needed.n;
	/* Symbol evidence exists: a .symtab, or imports we could read. */
	bool syms = f->has_symtab || f->ndynsyms > 0;

	if (f->debug_only) {
		/* Nothing of a debug-info file runs. */
		an->relro = NULL;
		an->exec_stack = an->canary = an->fortify = GOELF_HARD_NA;
		return;
	}

	an->relro = !f->has_relro     ? "none"
		    : f->has_bind_now ? "full"
				      : "partial";
	an->nx_stack = !f->has_gnu_stack || !(f->gnu_stack_flags & PF_X);
	an->exec_stack = !f->has_gnu_stack	       ? -1
			 : (f->gnu_stack_flags & PF_X) ? 1
						       : 0;
	if (!has_c)
		an->canary = GOELF_HARD_NA;
	else if (has_symbol(f, "__stack_chk_fail"))
		an->canary = 1;
	else
		an->canary = syms ? 0 : GOELF_HARD_UNKNOWN;
	/* In a static binary the __*_chk functions are libc's own
	 * definitions, not calls from the program's code (checksec says
	 * no): without relocations to tell, FORTIFY is unknown. */
	if (!has_c)
		an->fortify = GOELF_HARD_NA;
	else if (is_static)
		an->fortify = GOELF_HARD_UNKNOWN;
	else
		an->fortify = has_fortify(f);
}
