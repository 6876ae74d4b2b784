/*
 * render_sarif.c - SARIF 2.1.0 for GitHub code scanning: one run, the
 * rules are goelf's finding ids with their help text, the results are
 * the findings and the reasons of selected targets, with level
 * note/warning/error and the file as artifact location.  Allowlisted
 * ones are results too, with an external suppression (SARIF 2.1.0
 * 3.27.23, 3.35), so code scanning shows them as dismissed.  Files that
 * could not be analysed become tool execution notifications.  Reads only
 * the reports.
 */
#include "render/render.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *
level(enum goelf_sev s)
{
	return s == GOELF_SEV_FAIL   ? "error"
	       : s == GOELF_SEV_WARN ? "warning"
				     : "note";
}

static json_t *
location(const char *path)
{
	json_t *loc = json_object(), *phys = json_object(),
	       *art = json_object();

	while (!strncmp(path, "./", 2))
		path += 2;
	json_object_set_new(art, "uri", goelf_json_str(path));
	json_object_set_new(phys, "artifactLocation", art);
	json_object_set_new(loc, "physicalLocation", phys);
	return loc;
}

static long
rule_index(const char *id)
{
	for (size_t i = 0; i < goelf_rule_count(); i++)
		if (!strcmp(goelf_rule_at(i)->id, id))
			return (long)i;
	return -1;
}

static void
result(json_t *results, const char *id, enum goelf_sev sev, const char *msg,
       const char *path, bool allowed)
{
	json_t *o = json_object(), *m = json_object(), *locs = json_array();
	long idx = rule_index(id);

	if (allowed) {
		json_t *sup = json_array(), *so = json_object();

		json_object_set_new(so, "kind", json_string("external"));
		json_object_set_new(
			so, "justification",
			json_sprintf("allowed by the goelf policy (an allow "
				     "entry matches %s)",
				     id));
		json_array_append_new(sup, so);
		json_object_set_new(o, "suppressions", sup);
	}

	json_object_set_new(o, "ruleId", goelf_json_str(id));
	if (idx >= 0)
		json_object_set_new(o, "ruleIndex", json_integer(idx));
	json_object_set_new(o, "level", json_string(level(sev)));
	json_object_set_new(m, "text", goelf_json_str(msg));
	json_object_set_new(o, "message", m);
	json_array_append_new(locs, location(path));
	json_object_set_new(o, "locations", locs);
	json_array_append_new(results, o);
}

static json_t *
rules(void)
{
	json_t *a = json_array();

	for (size_t i = 0; i < goelf_rule_count(); i++) {
		const struct goelf_rule *r = goelf_rule_at(i);
		json_t *o = json_object(), *sd = json_object(),
		       *fd = json_object(), *help = json_object();

		json_object_set_new(o, "id", json_string(r->id));
		json_object_set_new(o, "name", json_string(r->id));
		json_object_set_new(sd, "text", json_string(r->summary));
		json_object_set_new(o, "shortDescription", sd);
		json_object_set_new(fd, "text", json_string(r->help));
		json_object_set_new(o, "fullDescription", fd);
		json_object_set_new(help, "text", json_string(r->help));
		json_object_set_new(o, "help", help);
		json_array_append_new(a, o);
	}
	return a;
}

void
goelf_render_sarif(const struct goelf_report *const *reps, size_t n, FILE *out)
{
	json_t *root = json_object(), *runs = json_array(),
	       *run = json_object();
	json_t *tool = json_object(), *driver = json_object();
	json_t *results = json_array(), *inv = json_object(),
	       *invs = json_array(), *notes = json_array();
	bool ok = true;
	char *s;

	json_object_set_new(root, "$schema",
			    json_string("https://json.schemastore.org/"
					"sarif-2.1.0.json"));
	json_object_set_new(root, "version", json_string("2.1.0"));
	json_object_set_new(driver, "name", json_string("goelf"));
	json_object_set_new(driver, "version", json_string(GOELF_VERSION));
	json_object_set_new(driver, "semanticVersion",
			    json_string(GOELF_VERSION));
	json_object_set_new(driver, "rules", rules());
	json_object_set_new(tool, "driver", driver);
	json_object_set_new(run, "tool", tool);
	for (size_t i = 0; i < n; i++) {
		const struct goelf_report *r = reps[i];

		if (r->err != GOELF_OK) {
			json_t *note = json_object(), *m = json_object(),
			       *locs = json_array();

			ok = false;
			json_object_set_new(note, "level",
					    json_string("error"));
			json_object_set_new(m, "text",
					    goelf_json_str(r->err_message));
			json_object_set_new(note, "message", m);
			json_array_append_new(locs, location(r->path));
			json_object_set_new(note, "locations", locs);
			json_array_append_new(notes, note);
			continue;
		}
		for (size_t j = 0; j < r->findings.n; j++) {
			const struct goelf_finding *x = &r->findings.v[j];

			result(results, x->id, x->sev, x->message, r->path,
			       x->allowed);
		}
		for (size_t t = 0; t < r->verdict.ntargets; t++) {
			const struct goelf_target_result *tr =
				&r->verdict.targets[t];

			if (!tr->selected)
				continue;
			for (size_t j = 0; j < tr->nreasons; j++) {
				char msg[1200];

				snprintf(msg, sizeof(msg), "%s: %s", tr->name,
					 tr->reasons[j].message);
				result(results, tr->reasons[j].id,
				       tr->reasons[j].sev, msg, r->path,
				       tr->reasons[j].allowed);
			}
		}
	}
	json_object_set_new(inv, "executionSuccessful", json_boolean(ok));
	json_object_set_new(inv, "toolExecutionNotifications", notes);
	json_array_append_new(invs, inv);
	json_object_set_new(run, "invocations", invs);
	json_object_set_new(run, "results", results);
	json_array_append_new(runs, run);
	json_object_set_new(root, "runs", runs);
	s = json_dumps(root, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	if (s) {
		fputs(s, out);
		fputc('\n', out);
		free(s);
	}
	json_decref(root);
}
