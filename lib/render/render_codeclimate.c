/*
 * render_codeclimate.c - GitLab Code Quality (a subset of the Code
 * Climate issue format): one JSON array of issues {description,
 * check_name, fingerprint, severity, location {path, lines {begin}}}.
 * An issue is a finding or a selected target's reason that is not
 * informational (the ones `goelf gate` prints), or a file that could
 * not be analysed.  Severity, from the verdict the report carries:
 *   fail  -> blocker when the file fails the gate, critical otherwise
 *   warn  -> blocker when warnings fail the gate (fail-on warn and the
 *            file failed at warn), major otherwise
 *   allowlisted (any severity) -> info
 *   not analysed -> blocker (check_name "error.CODE")
 * The fingerprint is the SHA-256 (hex) of check_name, path (without a
 * leading "./", as in location.path), target and message (NUL-separated
 * raw bytes), and of the image's name for a file
 * inside one; a repeat in the same run hashes "FP#2", "FP#3"...  So it
 * is the same in every run over the same input and differs between
 * files.  Reads only finished reports.
 */
#include "render/render.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void
hash_part(struct goelf_sha256 *h, const char *s)
{
	s = s ? s : "";
	goelf_sha256_update(h, s, strlen(s) + 1); /* with the NUL */
}

static void
fingerprint(char out[2 * GOELF_SHA256_LEN + 1], const char *check,
	    const char *path, const char *target, const char *msg)
{
	struct goelf_sha256 h;
	uint8_t d[GOELF_SHA256_LEN];

	goelf_sha256_init(&h);
	hash_part(&h, check);
	hash_part(&h, path);
	hash_part(&h, target);
	hash_part(&h, msg);
	goelf_sha256_final(&h, d);
	goelf_hex(d, sizeof(d), out);
}

static const char *
severity(enum goelf_sev s, bool allowed, bool failed, enum goelf_sev status)
{
	if (allowed)
		return "info";
	if (s == GOELF_SEV_FAIL)
		return failed ? "blocker" : "critical";
	if (s == GOELF_SEV_WARN)
		return failed && status == GOELF_SEV_WARN ? "blocker" : "major";
	return "info";
}

static const char *
strip_dot(const char *path)
{
	while (path && !strncmp(path, "./", 2))
		path += 2;
	return path ? path : "";
}

/* One issue; "fp" is the raw fingerprint, finished by goelf_cc_add(). */
static void
issue(json_t *a, const char *check, const char *path, const char *target,
      const char *msg, const char *sev, bool allowed)
{
	json_t *o = json_object(), *loc = json_object(), *lines = json_object();
	char fp[2 * GOELF_SHA256_LEN + 1];
	struct goelf_buf b;

	fingerprint(fp, check, strip_dot(path), target, msg);
	goelf_buf_init(&b, 64 * 1024);
	if (target) {
		goelf_buf_adds(&b, target);
		goelf_buf_adds(&b, ": ");
	}
	goelf_buf_adds(&b, msg ? msg : "");
	if (allowed)
		goelf_buf_adds(&b, " (allowed by the policy)");
	json_object_set_new(o, "description", goelf_json_str(b.buf));
	goelf_buf_release(&b);
	json_object_set_new(o, "check_name", goelf_json_str(check));
	json_object_set_new(o, "fingerprint", json_string(fp));
	json_object_set_new(o, "severity", json_string(sev));
	json_object_set_new(loc, "path", goelf_json_str(strip_dot(path)));
	json_object_set_new(lines, "begin", json_integer(1));
	json_object_set_new(loc, "lines", lines);
	json_object_set_new(o, "location", loc);
	json_array_append_new(a, o);
}

void *
goelf_cc_fragment(const struct goelf_report *r)
{
	const struct goelf_verdict *v = &r->verdict;
	json_t *a = json_array();

	if (r->err != GOELF_OK) {
		char check[64];

		snprintf(check, sizeof(check), "error.%s",
			 goelf_errcode(r->err));
		issue(a, check, r->path, NULL,
		      r->err_message ? r->err_message : goelf_strerror(r->err),
		      "blocker", false);
		return a;
	}
	for (size_t i = 0; i < r->findings.n; i++) {
		const struct goelf_finding *x = &r->findings.v[i];

		if (x->sev == GOELF_SEV_INFO)
			continue;
		issue(a, x->id, r->path, NULL, x->message,
		      severity(x->sev, x->allowed, v->failed, v->status),
		      x->allowed);
	}
	for (size_t t = 0; t < v->ntargets; t++) {
		const struct goelf_target_result *tr = &v->targets[t];

		if (!tr->selected)
			continue;
		for (size_t j = 0; j < tr->nreasons; j++) {
			const struct goelf_reason *re = &tr->reasons[j];

			if (re->sev == GOELF_SEV_INFO)
				continue;
			issue(a, re->id, r->path, tr->name, re->message,
			      severity(re->sev, re->allowed, v->failed,
				       v->status),
			      re->allowed);
		}
	}
	return a;
}

/* "IMAGE: description" for a file inside an image. */
static void
prefix_image(json_t *o, const char *image)
{
	const char *desc = json_string_value(json_object_get(o, "description"));
	struct goelf_buf b;

	goelf_buf_init(&b, 128 * 1024);
	goelf_buf_adds(&b, image);
	goelf_buf_adds(&b, ": ");
	goelf_buf_adds(&b, desc ? desc : "");
	json_object_set_new(o, "description", goelf_json_str(b.buf));
	goelf_buf_release(&b);
}

/* Finishes each issue's fingerprint (the image, repeats) and keeps it. */
void
goelf_cc_add(struct goelf_doc *d, void *frag)
{
	json_t *a = frag, *o;
	size_t i;

	json_array_foreach (a, i, o) {
		const char *fp =
			json_string_value(json_object_get(o, "fingerprint"));
		char base[2 * GOELF_SHA256_LEN + 1], hex[sizeof(base)];
		uint8_t h[GOELF_SHA256_LEN];
		char *u;

		snprintf(base, sizeof(base), "%s", fp ? fp : "");
		if (d->image) {
			struct goelf_sha256 s;

			goelf_sha256_init(&s);
			hash_part(&s, base);
			hash_part(&s, d->image);
			goelf_sha256_final(&s, h);
			goelf_hex(h, sizeof(h), base);
			prefix_image(o, d->image);
		}
		u = goelf_doc_unique(d, base);
		if (strcmp(u, base)) {
			goelf_sha256(u, strlen(u), h);
			goelf_hex(h, sizeof(h), hex);
		} else {
			memcpy(hex, base, sizeof(hex));
		}
		free(u);
		json_object_set_new(o, "fingerprint", json_string(hex));
		json_array_append(d->items, o);
	}
}

/* The image's own findings, at the image's name. */
void
goelf_cc_image(struct goelf_doc *d, const struct goelf_findings *f,
	       const struct goelf_findings_verdict *v)
{
	json_t *a = json_array();
	char *name = goelf_xstrdup(d->image);

	for (size_t i = 0; i < f->n; i++) {
		const struct goelf_finding *x = &f->v[i];

		if (x->sev == GOELF_SEV_INFO)
			continue;
		issue(a, x->id, name, NULL, x->message,
		      severity(x->sev, x->allowed, v->failed, v->status),
		      x->allowed);
	}
	/* Not inside the image: its own name is the path. */
	free(d->image);
	d->image = NULL;
	goelf_cc_add(d, a);
	d->image = name;
	json_decref(a);
}

void
goelf_cc_print(const struct goelf_doc *d, FILE *out)
{
	char *s = json_dumps(d->items, JSON_INDENT(2) | JSON_ENSURE_ASCII);

	if (s) {
		fputs(s, out);
		fputc('\n', out);
		free(s);
	}
}
