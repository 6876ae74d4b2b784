/*
 * runtime/rt_problem.c - the bounded list of run-time problems every
 * part of lib/runtime adds to (GOELF_RT_MAX_PROBLEMS, duplicates
 * dropped, one line each; the last slot is kept for
 * input.limit_reached).  At the bottom of the folder: it calls
 * nothing else of it.
 */
#include "runtime/runtime.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool
has_limit(const struct goelf_runtime *rt)
{
	for (size_t i = 0; i < rt->nproblems; i++)
		if (!strcmp(rt->problems[i].id, "input.limit_reached"))
			return true;
	return false;
}

void
goelf_rt_problem(struct goelf_rt_ctx *x, const char *id, enum goelf_sev sev,
		 const char *fmt, ...)
{
	struct goelf_runtime *rt = x->out;
	struct goelf_rt_problem *p;
	struct goelf_buf b;
	va_list ap;
	char *msg;

	goelf_buf_init(&b, 4096);
	va_start(ap, fmt);
	{
		char tmp[4096];

		vsnprintf(tmp, sizeof(tmp), fmt, ap);
		goelf_buf_adds(&b, tmp);
	}
	va_end(ap);
	/* one line: control bytes of file-derived names become '?' */
	for (size_t i = 0; i < b.len; i++)
		if ((unsigned char)b.buf[i] < ' ' || b.buf[i] == 0x7f)
			b.buf[i] = '?';
	msg = goelf_buf_detach(&b);
	goelf_buf_release(&b);
	for (size_t i = 0; i < rt->nproblems; i++)
		if (!strcmp(rt->problems[i].id, id) &&
		    !strcmp(rt->problems[i].message, msg)) {
			free(msg);
			return;
		}
	/* The last slot is kept for input.limit_reached: a judgement cut
	 * short must say so in its reasons (the gate fails on it), even
	 * when other problems filled the list first. */
	if (rt->nproblems >= GOELF_RT_MAX_PROBLEMS - 1 &&
	    strcmp(id, "input.limit_reached") != 0) {
		free(msg);
		if (!has_limit(rt))
			goelf_rt_problem(x, "input.limit_reached",
					 GOELF_SEV_WARN,
					 "more than %u run-time problems: the "
					 "rest are not listed",
					 GOELF_RT_MAX_PROBLEMS - 1);
		rt->limit_reached = true;
		return;
	}
	if (rt->nproblems >= GOELF_RT_MAX_PROBLEMS) {
		rt->limit_reached = true;
		free(msg);
		return;
	}
	rt->problems = goelf_xrealloc(
		rt->problems, (rt->nproblems + 1) * sizeof(*rt->problems));
	p = &rt->problems[rt->nproblems++];
	p->id = goelf_xstrdup(id);
	p->sev = sev;
	p->message = msg;
}
