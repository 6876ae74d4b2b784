/*
 * image_reader.c - the state of reading one image archive: image-level
 * problems (an image.malformed finding each, passed on to the caller),
 * the layer list, and resetting between the images of one archive.
 */
#include "image/image.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* An image-level problem: an image.malformed finding (fail), and the
 * caller is told (it is "could not analyse" for the exit code). */
void
goelf_image_error(struct goelf_image_reader *m, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	for (char *p = msg; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	if (m->im.findings.n < 1000)
		goelf_findings_add(&m->im.findings, "image.malformed",
				   GOELF_SEV_FAIL, "%s", msg);
	m->nerr++;
	if (m->ops->error)
		m->ops->error(m->ops->arg, msg);
}

void
goelf_image_reset(struct goelf_image_reader *m)
{
	goelf_image_trie_release(&m->tab);
	for (size_t i = 0; i < m->nneeds; i++)
		free(m->needs[i].target);
	free(m->needs);
	m->needs = NULL;
	m->nneeds = m->aneeds = m->open_needs = 0;
	m->bytes = 0;
	m->table_full = false;
	m->limits = 0;
	for (size_t i = 0; i < m->nkept; i++)
		free(m->kept[i].data);
	free(m->kept);
	m->kept = NULL;
	m->nkept = m->akept = 0;
	m->kept_bytes = 0;
	for (size_t i = 0; i < m->im.nlayers; i++) {
		free(m->im.layers[i].name);
		free(m->im.layers[i].digest);
		free(m->im.layers[i].error);
	}
	free(m->im.layers);
	m->im.layers = NULL;
	m->im.nlayers = 0;
	free(m->im.reference);
	free(m->config_name);
	m->im.reference = m->config_name = NULL;
	json_decref(m->config);
	m->config = NULL;
	free(m->im.architecture);
	free(m->im.os);
	free(m->im.user);
	free(m->im.tmpdir);
	free(m->im.workdir);
	goelf_strlist_release(&m->im.env);
	goelf_strlist_release(&m->im.entrypoint);
	goelf_strlist_release(&m->im.cmd);
	m->im.has_entrypoint = m->im.has_cmd = false;
	m->im.architecture = m->im.os = m->im.user = m->im.tmpdir = NULL;
	m->im.workdir = NULL;
	m->im.has_config = false;
	m->im.tmp_mode = -1;
	m->im.bytes_total = 0;
	goelf_image_size_release(&m->im.size);
}

void
goelf_image_add_layer(struct goelf_image_reader *m, const char *name,
		      const char *digest, uint64_t size)
{
	size_t alloc = m->im.nlayers;

	goelf_grow((void **)&m->im.layers, &alloc, m->im.nlayers + 1,
		   sizeof(*m->im.layers));
	memset(&m->im.layers[m->im.nlayers], 0, sizeof(m->im.layers[0]));
	m->im.layers[m->im.nlayers].name = goelf_xstrdup(name);
	m->im.layers[m->im.nlayers].digest =
		digest ? goelf_xstrdup(digest) : NULL;
	m->im.layers[m->im.nlayers].size = size;
	m->im.nlayers++;
}
