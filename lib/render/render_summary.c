/*
 * render_summary.c - the text summary of `goelf scan`.  It only reads
 * finished reports (analysis, findings, verdict) and image findings; it
 * never analyses.  Every list keeps the smallest paths on ties and is
 * sorted before printing, so the summary is the same whatever order the
 * worker threads finished in.
 */
#include "render/render.h"

#include <stdlib.h>
#include <string.h>

#define MAX_KEYS	  256u /* distinct Go versions, targets, ids kept */
#define MAX_FAILING_FILES 20u

static struct goelf_sum_count *
count_get(struct goelf_sum_count **v, size_t *n, const char *key)
{
	size_t alloc = *n;

	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i].key, key))
			return &(*v)[i];
	if (*n >= MAX_KEYS)
		key = "(other)";
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i].key, key))
			return &(*v)[i];
	goelf_grow((void **)v, &alloc, *n + 1, sizeof(**v));
	memset(&(*v)[*n], 0, sizeof(**v));
	(*v)[*n].key = goelf_xstrdup(key);
	return &(*v)[(*n)++];
}

/* Keeps the GOELF_SCAN_TOP_FILES smallest paths. */
static void
count_file(struct goelf_sum_count *c, const char *path)
{
	size_t i = c->nfiles;

	for (size_t k = 0; k < c->nfiles; k++)
		if (!strcmp(c->files[k], path))
			return;
	while (i > 0 && goelf_scan_path_cmp(path, c->files[i - 1]) < 0)
		i--;
	if (i >= GOELF_SCAN_TOP_FILES)
		return;
	if (c->nfiles == GOELF_SCAN_TOP_FILES)
		free(c->files[--c->nfiles]);
	memmove(&c->files[i + 1], &c->files[i],
		(c->nfiles - i) * sizeof(c->files[0]));
	c->files[i] = goelf_xstrdup(path);
	c->nfiles++;
}

static void
strip_add(struct goelf_summary *s, const char *path, uint64_t v)
{
	size_t i = s->nstrip;

	while (i > 0 && (v > s->strip[i - 1].value ||
			 (v == s->strip[i - 1].value &&
			  goelf_scan_path_cmp(path, s->strip[i - 1].path) < 0)))
		i--;
	if (i >= GOELF_SCAN_TOP)
		return;
	if (s->nstrip == GOELF_SCAN_TOP)
		free(s->strip[--s->nstrip].path);
	memmove(&s->strip[i + 1], &s->strip[i],
		(s->nstrip - i) * sizeof(s->strip[0]));
	s->strip[i].path = goelf_xstrdup(path);
	s->strip[i].value = v;
	s->nstrip++;
}

static void
failing_add(struct goelf_summary *s, const char *path)
{
	size_t i = s->nfailing_files, alloc = s->nfailing_files;

	while (i > 0 &&
	       goelf_scan_path_cmp(path, s->failing_files[i - 1].key) < 0)
		i--;
	if (i >= MAX_FAILING_FILES)
		return;
	if (s->nfailing_files == MAX_FAILING_FILES)
		free(s->failing_files[--s->nfailing_files].key);
	goelf_grow((void **)&s->failing_files, &alloc, s->nfailing_files + 1,
		   sizeof(*s->failing_files));
	memmove(&s->failing_files[i + 1], &s->failing_files[i],
		(s->nfailing_files - i) * sizeof(s->failing_files[0]));
	memset(&s->failing_files[i], 0, sizeof(s->failing_files[0]));
	s->failing_files[i].key = goelf_xstrdup(path);
	s->nfailing_files++;
}

static void
finding_add(struct goelf_summary *s, const char *id, enum goelf_sev sev,
	    const char *path)
{
	struct goelf_sum_count *c = count_get(&s->findings, &s->nfindings, id);

	if (c->n == 0 || sev > c->sev)
		c->sev = sev;
	c->n++;
	count_file(c, path);
}

void
goelf_summary_add(struct goelf_summary *s, const struct goelf_report *r)
{
	const struct goelf_analysis *an = &r->an;

	if (r->err != GOELF_OK)
		return;
	s->elf++;
	s->go += an->is_go;
	if ((unsigned)an->link_kind < ARRAY_SIZE(s->by_link))
		s->by_link[an->link_kind]++;
	if ((unsigned)an->libc < ARRAY_SIZE(s->by_libc))
		s->by_libc[an->libc]++;
	if (an->is_go)
		count_get(&s->go_versions, &s->ngo_versions,
			  an->go_version ? an->go_version : "unknown")
			->n++;
	for (size_t i = 0; i < r->verdict.ntargets; i++)
		if (r->verdict.targets[i].status == GOELF_SEV_FAIL)
			count_get(&s->targets_failing, &s->ntargets_failing,
				  r->verdict.targets[i].name)
				->n++;
	for (size_t i = 0; i < r->findings.n; i++) {
		const struct goelf_finding *f = &r->findings.v[i];

		if (!f->allowed)
			finding_add(s, f->id, f->sev, r->path);
	}
	if (an->has_strip_model && an->savings_strip_all)
		strip_add(s, r->path, an->savings_strip_all);
	if (r->verdict.failed) {
		s->failed++;
		failing_add(s, r->path);
	}
}

void
goelf_summary_add_entrypoint(struct goelf_summary *s, const char *ref,
			     const char *path, enum goelf_sev status,
			     const char *answer)
{
	(void)status;
	goelf_strlist_addf_bounded(&s->entrypoints, "entrypoint %s (%s): %s",
				   path ? path : "(none)", ref,
				   answer ? answer : "?");
}

void
goelf_summary_add_image(struct goelf_summary *s, const char *ref,
			const struct goelf_findings *f,
			const struct goelf_policy *p)
{
	(void)p;
	s->images++;
	for (size_t i = 0; i < f->n; i++)
		if (!f->v[i].allowed)
			finding_add(s, f->v[i].id, f->v[i].sev, ref);
}

static int
by_count(const void *a, const void *b)
{
	const struct goelf_sum_count *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->key, y->key);
}

static int
by_severity(const void *a, const void *b)
{
	const struct goelf_sum_count *x = a, *y = b;

	if (x->sev != y->sev)
		return x->sev > y->sev ? -1 : 1;
	return by_count(a, b);
}

/* Copies and sorts a count list (the summary itself stays const). */
static struct goelf_sum_count *
sorted(const struct goelf_sum_count *v, size_t n,
       int (*cmp)(const void *, const void *))
{
	struct goelf_sum_count *c;

	if (!n)
		return NULL;
	c = goelf_xcalloc(n, sizeof(*c));
	memcpy(c, v, n * sizeof(*c));
	qsort(c, n, sizeof(*c), cmp);
	return c;
}

static void
print_counts(FILE *out, const char *label, const struct goelf_sum_count *v,
	     size_t n)
{
	struct goelf_sum_count *c = sorted(v, n, by_count);

	if (!n)
		return;
	fprintf(out, "  %-10s", label);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ", " : " ", out);
		if (i == GOELF_SCAN_TOP) {
			fprintf(out, "%zu more", n - i);
			break;
		}
		goelf_text_escape(out, c[i].key);
		fprintf(out, " %zu", c[i].n);
	}
	fputc('\n', out);
	free(c);
}

void
goelf_summary_print(const struct goelf_summary *s, bool gate, bool color,
		    FILE *out)
{
	struct goelf_sum_count *f;
	const char *sep;

	/* The answer people scan an image for comes first. */
	for (size_t i = 0; i < s->entrypoints.n; i++) {
		goelf_text_escape(out, s->entrypoints.v[i]);
		fputc('\n', out);
	}
	/* An image scan leads with its size (render_image_size.c). */
	goelf_summary_print_images(s, out);
	fprintf(out, "scan: %zu file%s, %zu ELF (%zu Go)", s->files_seen,
		s->files_seen == 1 ? "" : "s", s->elf, s->go);
	if (s->images)
		fprintf(out, " in %zu image%s", s->images,
			s->images == 1 ? "" : "s");
	fprintf(out, ", %zu link%s to ELF, %zu not analysed\n", s->links_elf,
		s->links_elf == 1 ? "" : "s", s->errors);
	if (s->links_other || s->special)
		fprintf(out,
			"  skipped    %zu other links (not followed), "
			"%zu FIFOs/sockets/devices\n",
			s->links_other, s->special);
	if (s->vanished)
		fprintf(out, "  vanished   %zu (deleted during the scan)\n",
			s->vanished);
	if (s->elf) {
		fputs("  linking   ", out);
		sep = " ";
		for (size_t k = 0; k < ARRAY_SIZE(s->by_link); k++) {
			if (!s->by_link[k])
				continue;
			fprintf(out, "%s%s %zu", sep,
				goelf_link_kind_name((enum goelf_link_kind)k),
				s->by_link[k]);
			sep = ", ";
		}
		fputs("\n  libc      ", out);
		sep = " ";
		for (size_t k = 0; k < ARRAY_SIZE(s->by_libc); k++) {
			if (!s->by_libc[k])
				continue;
			fprintf(out, "%s%s %zu", sep,
				goelf_libc_name((enum goelf_libc)k),
				s->by_libc[k]);
			sep = ", ";
		}
		fputc('\n', out);
	}
	print_counts(out, "go", s->go_versions, s->ngo_versions);
	print_counts(out, "failing on", s->targets_failing,
		     s->ntargets_failing);
	if (s->nstrip) {
		fputs("  strip savings (strip --strip-all), biggest:\n", out);
		for (size_t i = 0; i < s->nstrip; i++) {
			char sz[32];

			goelf_fmt_size(s->strip[i].value, sz, sizeof(sz));
			fprintf(out, "    %10s  ", sz);
			goelf_text_escape(out, s->strip[i].path);
			fputc('\n', out);
		}
	}
	f = sorted(s->findings, s->nfindings, by_severity);
	if (s->nfindings)
		fputs("  findings, worst first:\n", out);
	for (size_t i = 0; i < s->nfindings && i < GOELF_SCAN_TOP; i++) {
		const char *col = f[i].sev == GOELF_SEV_FAIL   ? "31"
				  : f[i].sev == GOELF_SEV_WARN ? "33"
							       : "0";

		if (color)
			fprintf(out, "\033[%sm", col);
		fprintf(out, "    %-4s", goelf_sev_name(f[i].sev));
		if (color)
			fputs("\033[0m", out);
		fprintf(out, " %s: %zu file%s (", f[i].key, f[i].n,
			f[i].n == 1 ? "" : "s");
		for (size_t k = 0; k < f[i].nfiles; k++) {
			if (k)
				fputs(", ", out);
			goelf_text_escape(out, f[i].files[k]);
		}
		fputs(f[i].n > f[i].nfiles ? ", ...)\n" : ")\n", out);
	}
	if (s->nfindings > GOELF_SCAN_TOP)
		fprintf(out, "    ... %zu more finding ids\n",
			s->nfindings - GOELF_SCAN_TOP);
	free(f);
	if (gate) {
		fprintf(out,
			"gate: %zu ELF file%s, %zu failed, %zu not "
			"analysed",
			s->elf, s->elf == 1 ? "" : "s", s->failed, s->errors);
		if (s->images)
			fprintf(out, "; %zu of %zu image%s failed",
				s->images_failed, s->images,
				s->images == 1 ? "" : "s");
		fputc('\n', out);
		for (size_t i = 0; i < s->nfailing_files; i++) {
			fputs("  FAIL ", out);
			goelf_text_escape(out, s->failing_files[i].key);
			fputc('\n', out);
		}
		if (s->failed > s->nfailing_files)
			fprintf(out, "  ... %zu more\n",
				s->failed - s->nfailing_files);
	}
}

static void
counts_release(struct goelf_sum_count *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].key);
		for (size_t k = 0; k < v[i].nfiles; k++)
			free(v[i].files[k]);
	}
	free(v);
}

void
goelf_summary_release(struct goelf_summary *s)
{
	counts_release(s->go_versions, s->ngo_versions);
	counts_release(s->targets_failing, s->ntargets_failing);
	counts_release(s->findings, s->nfindings);
	counts_release(s->failing_files, s->nfailing_files);
	for (size_t i = 0; i < s->nstrip; i++)
		free(s->strip[i].path);
	goelf_strlist_release(&s->entrypoints);
	goelf_summary_release_images(s);
	memset(s, 0, sizeof(*s));
}
