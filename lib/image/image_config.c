/*
 * image_config.c - the image config as facts: the platform (which the
 * image's files are judged for), what the container runs (Env,
 * Entrypoint, Cmd, WorkingDir: capped lists), the run user, TMPDIR from
 * Env and the mode of /tmp in the final filesystem; and the image's own findings
 * from them: image.user_root (no User, or root: clusters with
 * runAsNonRoot reject it) and image.tmp_not_writable (no TMPDIR and a
 * /tmp that is not 1777).
 */
#include "image/image.h"

#include <jansson.h>
#include <string.h>

/* An argv-like list of the config (Env, Entrypoint, Cmd) into l: its
 * strings in order, at most GOELF_MAX_LIST of them and
 * GOELF_IMAGE_MAX_RUNLIST bytes; anything else in it is skipped.  True
 * when v is an array (a key absent or null is false). */
static bool
run_list(struct goelf_image_reader *m, const json_t *v, const char *key,
	 struct goelf_strlist *l)
{
	size_t i, bytes = 0;
	json_t *x;

	if (!json_is_array(v))
		return false;
	json_array_foreach (v, i, x) {
		const char *s = json_string_value(x);
		size_t n = s ? strlen(s) + 1 : 0;

		if (!s)
			continue;
		if (l->n >= GOELF_MAX_LIST ||
		    n > GOELF_IMAGE_MAX_RUNLIST - bytes) {
			goelf_image_limit(m, 1u << 7,
					  "the config's %s has more than %u "
					  "items or %u KiB; the rest is not "
					  "read",
					  key, GOELF_MAX_LIST,
					  GOELF_IMAGE_MAX_RUNLIST >> 10);
			break;
		}
		bytes += n;
		goelf_strlist_add(l, s);
	}
	return true;
}

void
goelf_image_config_platform(struct goelf_image_reader *m)
{
	const char *a = goelf_image_jstr(m->config, "architecture");
	const char *os = goelf_image_jstr(m->config, "os");
	json_t *cfg = json_object_get(m->config, "config");
	const char *wd = goelf_image_jstr(cfg, "WorkingDir");

	m->im.architecture = a ? goelf_xstrdup(a) : NULL;
	m->im.os = os ? goelf_xstrdup(os) : NULL;
	if (!json_is_object(cfg))
		return;
	run_list(m, json_object_get(cfg, "Env"), "Env", &m->im.env);
	m->im.has_entrypoint = run_list(m, json_object_get(cfg, "Entrypoint"),
					"Entrypoint", &m->im.entrypoint);
	m->im.has_cmd =
		run_list(m, json_object_get(cfg, "Cmd"), "Cmd", &m->im.cmd);
	if (wd && strlen(wd) <= GOELF_IMAGE_MAX_PATH)
		m->im.workdir = goelf_xstrdup(wd);
}

static bool
user_is_root(const char *u)
{
	size_t n;

	if (!u || !*u)
		return true;
	n = strcspn(u, ":");
	return (n == 4 && !strncmp(u, "root", 4)) || (n == 1 && u[0] == '0');
}

void
goelf_image_config_findings(struct goelf_image_reader *m)
{
	json_t *cfg = json_object_get(m->config, "config");
	json_t *env = json_is_object(cfg) ? json_object_get(cfg, "Env") : NULL;
	const char *user = goelf_image_jstr(cfg, "User"), *tmpdir = NULL;
	char out[GOELF_IMAGE_MAX_PATH + 1];
	uint32_t t;
	size_t i;
	json_t *v;

	if (json_is_array(env))
		json_array_foreach (env, i, v) {
			const char *s = json_string_value(v);

			if (s && !strncmp(s, "TMPDIR=", 7) && s[7])
				tmpdir = s + 7;
		}
	m->im.has_config = true;
	m->im.user = user ? goelf_xstrdup(user) : NULL;
	m->im.tmpdir = tmpdir ? goelf_xstrdup(tmpdir) : NULL;
	if (user_is_root(user)) {
		struct goelf_finding *f = goelf_findings_add(
			&m->im.findings, "image.user_root", GOELF_SEV_WARN,
			"the image runs as %s; clusters with runAsNonRoot "
			"reject it",
			user && *user ? user : "root (no User set)");

		goelf_finding_evidence(f, "user=%s", user ? user : "");
	}
	t = goelf_image_resolve(m, "tmp", out, sizeof(out));
	m->im.tmp_mode = t != GOELF_IN_NONE && m->tab.v[t].kind == GOELF_IN_DIR
				 ? (int)(m->tab.v[t].mode & 07777)
				 : -1;
	if (m->im.tmp_mode != 01777 && !tmpdir) {
		struct goelf_finding *f;

		if (m->im.tmp_mode < 0)
			f = goelf_findings_add(&m->im.findings,
					       "image.tmp_not_writable",
					       GOELF_SEV_WARN,
					       "/tmp does not exist and TMPDIR "
					       "is not set");
		else
			f = goelf_findings_add(
				&m->im.findings, "image.tmp_not_writable",
				GOELF_SEV_WARN,
				"/tmp has mode %04o, not 1777, and TMPDIR is "
				"not set",
				(unsigned)m->im.tmp_mode);
		if (m->im.tmp_mode >= 0)
			goelf_finding_evidence(f, "mode=%04o",
					       (unsigned)m->im.tmp_mode);
	}
}
