/*
 * render_image.c - the JSON record of one image in `goelf scan` output:
 * its format, reference, platform, run user, temp dir, layers and its
 * own findings (as judged by the caller: `allowed` is read, not
 * decided).  Reads the facts lib/image produced; decides nothing.
 */
#include "render/render.h"

#include "image/image.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

char *
goelf_render_image_record(const struct goelf_image_facts *m,
			  const struct goelf_image_judged *j)
{
	json_t *o = json_object(), *im = json_object(), *ls = json_array();
	json_t *fs = json_array();
	char mode[16];
	char *line;

	json_object_set_new(o, "schema_version", json_integer(1));
	json_object_set_new(o, "path", goelf_json_str(m->arg));
	json_object_set_new(o, "error", json_null());
	json_object_set_new(im, "format", json_string(m->format));
	json_object_set_new(im, "reference", goelf_json_str(m->reference));
	json_object_set_new(im, "architecture",
			    goelf_json_str(m->architecture));
	json_object_set_new(im, "os", goelf_json_str(m->os));
	json_object_set_new(im, "user",
			    goelf_json_str(m->has_config
						   ? (m->user ? m->user : "")
						   : NULL));
	json_object_set_new(im, "tmpdir", goelf_json_str(m->tmpdir));
	snprintf(mode, sizeof(mode), "%04o", (unsigned)m->tmp_mode);
	json_object_set_new(im, "tmp_mode",
			    m->tmp_mode >= 0 ? json_string(mode) : json_null());
	for (size_t i = 0; i < m->nlayers; i++) {
		json_t *l = json_object();

		json_object_set_new(l, "name",
				    goelf_json_str(m->layers[i].name));
		json_object_set_new(l, "digest",
				    goelf_json_str(m->layers[i].digest));
		json_object_set_new(
			l, "entries",
			json_integer((json_int_t)m->layers[i].entries));
		json_object_set_new(l, "elf",
				    json_integer((json_int_t)m->layers[i].elf));
		json_object_set_new(l, "error",
				    goelf_json_str(m->layers[i].error));
		goelf_json_image_layer_size(l, m, i);
		json_array_append_new(ls, l);
	}
	json_object_set_new(im, "layers", ls);
	json_object_set_new(im, "size", goelf_json_image_size(m));
	json_object_set_new(o, "image", im);
	for (size_t i = 0; i < m->findings.n; i++) {
		const struct goelf_finding *f = &m->findings.v[i];
		json_t *jf = json_object(), *ev = json_array();

		json_object_set_new(jf, "id", json_string(f->id));
		json_object_set_new(jf, "severity",
				    json_string(goelf_sev_name(f->sev)));
		json_object_set_new(jf, "message", goelf_json_str(f->message));
		for (size_t k = 0; k < f->evidence.n; k++)
			json_array_append_new(ev,
					      goelf_json_str(f->evidence.v[k]));
		json_object_set_new(jf, "evidence", ev);
		json_object_set_new(jf, "allowed", json_boolean(f->allowed));
		json_array_append_new(fs, jf);
	}
	json_object_set_new(o, "findings", fs);
	if (j && j->judged) {
		json_t *v = json_object(), *ep = json_null();

		json_object_set_new(v, "status",
				    json_string(goelf_status_name(j->status)));
		json_object_set_new(v, "gate_failed", json_boolean(j->failed));
		if (j->entrypoint || j->ep_known) {
			ep = json_object();
			json_object_set_new(ep, "path",
					    goelf_json_str(j->entrypoint));
			json_object_set_new(
				ep, "status",
				j->ep_known
					? json_string(
						  j->ep_status == GOELF_SEV_INFO
							  ? "ok"
							  : goelf_sev_name(
								    j->ep_status))
					: json_null());
			json_object_set_new(ep, "answer",
					    goelf_json_str(j->ep_answer));
		}
		json_object_set_new(v, "entrypoint", ep);
		json_object_set_new(im, "verdict", v);
	}
	line = goelf_json_dumps(o, "\n");
	json_decref(o);
	return line;
}
