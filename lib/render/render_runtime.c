/*
 * render_runtime.c - the run-time judgement of a file against a real
 * image or root (struct goelf_runtime, filled by lib/runtime): the JSON
 * "runtime" object, the "In image" text block and the resolution tree
 * that `--tree` prints in the manner of lddtree.  Reads the finished
 * report only.
 */
#include "render/render.h"

#include <jansson.h>
#include <string.h>

static const char *const how_names[] = {
	[GOELF_RT_NOT_FOUND] = "not-found",
	[GOELF_RT_INTERP] = "interpreter",
	[GOELF_RT_DIRECT] = "direct",
	[GOELF_RT_RPATH] = "rpath",
	[GOELF_RT_LD_LIBRARY_PATH] = "ld-library-path",
	[GOELF_RT_RUNPATH] = "runpath",
	[GOELF_RT_LDCACHE] = "ld.so.cache",
	[GOELF_RT_SYSTEM] = "system",
	[GOELF_RT_MUSL_PATH] = "musl-path",
	[GOELF_RT_MUSL_DEFAULT] = "musl-default",
	[GOELF_RT_MUSL_RESERVED] = "musl-libc",
	[GOELF_RT_LOADED] = "loaded",
};

const char *
goelf_rt_how_name(enum goelf_rt_how h)
{
	if ((size_t)h < sizeof(how_names) / sizeof(how_names[0]) &&
	    how_names[h])
		return how_names[h];
	return "unknown";
}

static json_t *
jstr_or_null(const char *s)
{
	return s ? goelf_json_str(s) : json_null();
}

static json_t *
j_need(const struct goelf_rt_need *n)
{
	json_t *o = json_object();

	json_object_set_new(o, "needed", json_boolean(n->needed));
	json_object_set_new(o, "found",
			    n->needed ? json_boolean(n->found) : json_null());
	json_object_set_new(o, "path", jstr_or_null(n->path));
	return o;
}

/* Whether the file starts there: no fail reason counted. */
static bool
will_start(const struct goelf_runtime *rt)
{
	for (size_t i = 0; i < rt->nproblems; i++)
		if (rt->problems[i].sev == GOELF_SEV_FAIL)
			return false;
	return true;
}

void *
goelf_json_runtime(const struct goelf_report *r)
{
	const struct goelf_runtime *rt = &r->runtime;
	json_t *o, *tree, *needs;

	if (!rt->judged)
		return NULL;
	o = json_object();
	json_object_set_new(o, "image", jstr_or_null(rt->image));
	json_object_set_new(o, "at", jstr_or_null(rt->at));
	json_object_set_new(o, "entrypoint", json_boolean(rt->entrypoint));
	json_object_set_new(o, "user", jstr_or_null(rt->user));
	json_object_set_new(o, "libc", jstr_or_null(rt->libc));
	json_object_set_new(o, "interpreter", jstr_or_null(rt->interp));
	json_object_set_new(o, "will_start", json_boolean(will_start(rt)));
	json_object_set_new(o, "limit_reached",
			    json_boolean(rt->limit_reached));
	tree = json_array();
	for (size_t i = 0; i < rt->nnodes; i++) {
		const struct goelf_rt_node *n = &rt->nodes[i];
		json_t *no = json_object();

		json_object_set_new(no, "name", jstr_or_null(n->name));
		json_object_set_new(no, "path", jstr_or_null(n->path));
		json_object_set_new(no, "how",
				    json_string(goelf_rt_how_name(n->how)));
		json_object_set_new(no, "error", jstr_or_null(n->error));
		json_object_set_new(no, "parent", json_integer(n->parent));
		json_object_set_new(no, "depth", json_integer(n->depth));
		json_array_append_new(tree, no);
	}
	json_object_set_new(o, "tree", tree);
	needs = json_object();
	json_object_set_new(needs, "ca_certs", j_need(&rt->ca_certs));
	json_object_set_new(needs, "zoneinfo", j_need(&rt->zoneinfo));
	json_object_set_new(needs, "nsswitch", j_need(&rt->nsswitch));
	json_object_set_new(needs, "passwd", j_need(&rt->passwd));
	json_object_set_new(needs, "tmp", j_need(&rt->tmp));
	json_object_set_new(o, "needs", needs);
	return o;
}

/* The first fail (else warn) problem: the one-line answer. */
static const struct goelf_rt_problem *
lead_problem(const struct goelf_runtime *rt)
{
	const struct goelf_rt_problem *w = NULL;

	for (size_t i = 0; i < rt->nproblems; i++) {
		if (rt->problems[i].sev == GOELF_SEV_FAIL)
			return &rt->problems[i];
		if (!w && rt->problems[i].sev == GOELF_SEV_WARN)
			w = &rt->problems[i];
	}
	return w;
}

void
goelf_runtime_answer(const struct goelf_runtime *rt, FILE *out)
{
	const struct goelf_rt_problem *p = lead_problem(rt);

	if (!will_start(rt))
		fputs("will not start: ", out);
	else if (p)
		fputs("starts, but: ", out);
	else {
		fputs("starts; every library, version, symbol and data file "
		      "it needs is there",
		      out);
		return;
	}
	goelf_text_escape(out, p->message);
}

void
goelf_text_runtime(const struct goelf_report *r, bool tree, FILE *out)
{
	const struct goelf_runtime *rt = &r->runtime;

	if (!rt->judged)
		return;
	fprintf(out, "  %-14s", "In image");
	goelf_text_escape(out, rt->image ? rt->image : "?");
	fputs(" at ", out);
	goelf_text_escape(out, rt->at ? rt->at : "?");
	if (rt->user) {
		fputs(" as ", out);
		goelf_text_escape(out, rt->user);
	}
	if (rt->entrypoint)
		fputs(" (the entrypoint)", out);
	fprintf(out, "\n  %-14s", "");
	goelf_runtime_answer(rt, out);
	fputc('\n', out);
	if (!tree)
		return;
	fputs("  Loads\n", out);
	for (size_t i = 0; i < rt->nnodes; i++) {
		const struct goelf_rt_node *n = &rt->nodes[i];
		unsigned d = n->depth > 32 ? 32 : n->depth;

		fprintf(out, "    %*s", (int)(2 * d), "");
		goelf_text_escape(out, n->name ? n->name : "?");
		fputs(" => ", out);
		if (n->path)
			goelf_text_escape(out, n->path);
		else
			fputs("not found", out);
		fprintf(out, " (%s", goelf_rt_how_name(n->how));
		if (n->error) {
			fputs(": ", out);
			goelf_text_escape(out, n->error);
		}
		fputs(")\n", out);
	}
}
