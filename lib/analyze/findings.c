/*
 * findings.c - the finding list: stable dotted ids, severities ordered
 * like libarchive's codes, messages and key=value evidence.  Sorted by id
 * (then message) so output is stable.
 */
#include "analyze/analyze.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct goelf_finding *
goelf_findings_add(struct goelf_findings *fs, const char *id,
		   enum goelf_sev sev, const char *fmt, ...)
{
	struct goelf_finding *f;
	struct goelf_buf b;
	va_list ap;
	char line[1024];

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	goelf_grow((void **)&fs->v, &fs->alloc, fs->n + 1, sizeof(*fs->v));
	f = &fs->v[fs->n++];
	memset(f, 0, sizeof(*f));
	f->id = goelf_xstrdup(id);
	f->sev = sev;
	goelf_buf_init(&b, sizeof(line));
	goelf_buf_adds(&b, line);
	f->message = goelf_buf_detach(&b);
	return f;
}

void
goelf_finding_evidence(struct goelf_finding *f, const char *fmt, ...)
{
	va_list ap;
	char line[1024];

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	goelf_strlist_add(&f->evidence, line);
}

static int
cmp_finding(const void *a, const void *b)
{
	const struct goelf_finding *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c ? c : strcmp(x->message, y->message);
}

void
goelf_findings_sort(struct goelf_findings *fs)
{
	if (fs->n > 1)
		qsort(fs->v, fs->n, sizeof(*fs->v), cmp_finding);
}

void
goelf_findings_release(struct goelf_findings *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		free(fs->v[i].id);
		free(fs->v[i].message);
		goelf_strlist_release(&fs->v[i].evidence);
	}
	free(fs->v);
	memset(fs, 0, sizeof(*fs));
}

const char *
goelf_sev_name(enum goelf_sev s)
{
	switch (s) {
	case GOELF_SEV_INFO: return "info";
	case GOELF_SEV_WARN: return "warn";
	case GOELF_SEV_FAIL: return "fail";
	}
	return "unknown";
}
