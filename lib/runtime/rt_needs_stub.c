/*
 * runtime/rt_needs_stub.c - TEMPORARY weak stand-ins for what helpers
 * write elsewhere (rt_needs.c: goelf_rt_needs; rt_env.c:
 * goelf_rt_getenv), so lib/runtime links before their branches are
 * merged.  The real definitions win over these; delete this file once
 * both are in.
 */
#include "runtime/runtime.h"

#include <string.h>

__attribute__((weak)) void
goelf_rt_needs(struct goelf_rt_ctx *x)
{
	(void)x;
}

__attribute__((weak)) const char *
goelf_rt_getenv(const struct goelf_rt_env *e, const char *k)
{
	size_t n = strlen(k);
	const char *v = NULL;

	for (size_t i = 0; e && i < e->env.n; i++)
		if (!strncmp(e->env.v[i], k, n) && e->env.v[i][n] == '=')
			v = e->env.v[i] + n + 1;
	return v;
}
