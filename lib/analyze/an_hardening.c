/*
 * an_hardening.c - checksec's questions, made Go-aware: RELRO, NX stack,
 * and, where C code is linked in, stack canaries and FORTIFY.  Go's own
 * code has no canaries or FORTIFY (the runtime checks stack bounds
 * itself), so those two are judged only when C code is linked in (cgo,
 * or not a Go binary); -1 means not applicable.
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
	static const char *const chk[] = { "__fortify_fail", "__chk_fail" };

	for (size_t i = 0; i < ARRAY_SIZE(chk); i++)
		if (goelf_strlist_has(&f->markers, chk[i]))
			return true;
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

	an->relro = !f->has_relro     ? "none"
		    : f->has_bind_now ? "full"
				      : "partial";
	an->nx_stack = !f->has_gnu_stack || !(f->gnu_stack_flags & PF_X);
	an->exec_stack = !f->has_gnu_stack	       ? -1
			 : (f->gnu_stack_flags & PF_X) ? 1
						       : 0;
	an->canary = has_c ? has_symbol(f, "__stack_chk_fail") : -1;
	an->fortify = has_c ? has_fortify(f) : -1;
}
