/*
 * render_targets.c - `goelf targets`: the base-image table as it is,
 * every row with its image references, facts and the source of those
 * facts, so that a verdict can be traced back to what goelf believes
 * about an image.  Reads only the table (policy/targets.c); "unknown"
 * where the table has no confirmed answer.
 */
#include "render/render.h"

#include <jansson.h>
#include <stdlib.h>

static const char *
tri_word(enum goelf_tri t)
{
	return t == T_YES ? "yes" : t == T_NO ? "no" : "unknown";
}

static json_t *
tri_json(enum goelf_tri t)
{
	return t == T_UNKNOWN ? json_null() : json_boolean(t == T_YES);
}

static void
text_list(FILE *out, const char *label, const char *const *v)
{
	fprintf(out, "  %-12s ", label);
	if (!v[0])
		fputs("(none)", out);
	for (size_t i = 0; v[i]; i++) {
		if (i)
			fputs(", ", out);
		goelf_text_escape(out, v[i]);
	}
}

void
goelf_render_targets_text(FILE *out)
{
	for (size_t i = 0; i < goelf_ntargets; i++) {
		const struct goelf_target *t = &goelf_targets[i];

		if (i)
			fputc('\n', out);
		goelf_text_escape(out, t->name);
		fputc('\n', out);
		text_list(out, "images", t->aliases);
		fputc('\n', out);
		fprintf(out, "  %-12s %s%s%s\n", "libc",
			goelf_libc_name(t->libc), t->libc_version ? " " : "",
			t->libc_version ? t->libc_version : "");
		text_list(out, "libraries", t->libs);
		fputs(t->libs_partial ? " (incomplete: others are unknown)\n"
				      : " (complete)\n",
		      out);
		fprintf(out,
			"  %-12s CA certificates %s, tzdata %s, writable /tmp "
			"%s, non-root user %s\n",
			"files", tri_word(t->ca_certs), tri_word(t->tzdata),
			tri_word(t->tmp), tri_word(t->nonroot));
		fprintf(out, "  %-12s ", "source");
		goelf_text_escape(out, t->source);
		fputc('\n', out);
	}
}

static json_t *
str_array(const char *const *v)
{
	json_t *a = json_array();

	for (size_t i = 0; v[i]; i++)
		json_array_append_new(a, goelf_json_str(v[i]));
	return a;
}

void
goelf_render_targets_json(FILE *out)
{
	json_t *root = json_object(), *rows = json_array();
	char *s;

	json_object_set_new(root, "schema_version", json_integer(1));
	for (size_t i = 0; i < goelf_ntargets; i++) {
		const struct goelf_target *t = &goelf_targets[i];
		json_t *o = json_object();

		json_object_set_new(o, "name", goelf_json_str(t->name));
		json_object_set_new(o, "images", str_array(t->aliases));
		json_object_set_new(o, "libc",
				    json_string(goelf_libc_name(t->libc)));
		json_object_set_new(o, "libc_version",
				    goelf_json_str(t->libc_version));
		json_object_set_new(o, "libraries", str_array(t->libs));
		json_object_set_new(o, "libraries_complete",
				    json_boolean(!t->libs_partial));
		json_object_set_new(o, "ca_certs", tri_json(t->ca_certs));
		json_object_set_new(o, "tzdata", tri_json(t->tzdata));
		json_object_set_new(o, "tmp_writable", tri_json(t->tmp));
		json_object_set_new(o, "nonroot_user", tri_json(t->nonroot));
		json_object_set_new(o, "source", goelf_json_str(t->source));
		json_array_append_new(rows, o);
	}
	json_object_set_new(root, "targets", rows);
	s = goelf_json_dumps(root, "\n");
	if (s) {
		fputs(s, out);
		free(s);
	}
	json_decref(root);
}
