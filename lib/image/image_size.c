/*
 * image_size.c - why an image is big: the bytes each layer ships, the
 * bytes of them the final filesystem shows, the waste (deleted by a
 * later whiteout or opaque directory, overwritten by a later layer, or
 * replaced by a later duplicate in the same layer) and the known build
 * leftover classes, all from tar headers alone.
 *
 * The counting rule: bytes are the sizes of regular-file tar entries
 * (hard link entries count 0, in a layer and in the final filesystem
 * alike); each path counts once, as the entry visible for it.  The layer
 * reader (image_layers.c) hands each regular-file entry to
 * goelf_image_size_entry() in pass 1 and each entry that becomes final
 * to goelf_image_size_final() when it commits the layer, so the final
 * bytes follow exactly the overlay rules it applies; nothing here reads
 * file contents.
 */
#include "image/image.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *const class_names[GOELF_IC_N] = {
	"go-build-cache", "go-module-cache", "go-toolchain",
	"package-cache",  "source",
};

const char *
goelf_image_class_name(enum goelf_image_class c)
{
	return (unsigned)c < GOELF_IC_N ? class_names[c] : "none";
}

enum goelf_image_class
goelf_image_class_find(const char *name)
{
	for (unsigned i = 0; i < GOELF_IC_N; i++)
		if (!strcmp(name, class_names[i]))
			return (enum goelf_image_class)i;
	return GOELF_IC_NONE;
}

static bool
under(const char *p, const char *dir)
{
	return !strncmp(p, dir, strlen(dir));
}

/* seg ("a/b/") at the start of p or right after a '/'. */
static bool
has_seg(const char *p, const char *seg)
{
	size_t n = strlen(seg);

	for (const char *q = p; q; q = strchr(q, '/')) {
		if (*q == '/')
			q++;
		if (!strncmp(q, seg, n))
			return true;
	}
	return false;
}

/* p is under prefix, one non-empty component (STAR), then rest. */
static bool
under_star(const char *p, const char *prefix, const char *rest)
{
	const char *q;

	if (!under(p, prefix))
		return false;
	p += strlen(prefix);
	q = strchr(p, '/');
	return q && q > p && under(q + 1, rest);
}

/* "usr/lib/go-" then a non-empty name, then '/'. */
static bool
under_dash(const char *p, const char *prefix)
{
	const char *q;

	if (!under(p, prefix))
		return false;
	p += strlen(prefix);
	q = strchr(p, '/');
	return q && q > p;
}

enum goelf_image_class
goelf_image_classify(const char *p)
{
	const char *base = strrchr(p, '/');
	size_t n;

	if (has_seg(p, ".cache/go-build/"))
		return GOELF_IC_GO_BUILD_CACHE;
	if (under(p, "go/pkg/mod/") || under(p, "root/go/pkg/mod/") ||
	    under_star(p, "home/", "go/pkg/mod/"))
		return GOELF_IC_GO_MODULE_CACHE;
	if (under(p, "usr/local/go/") || under_dash(p, "usr/lib/go-") ||
	    under_dash(p, "usr/share/go-"))
		return GOELF_IC_GO_TOOLCHAIN;
	if (under(p, "var/cache/apt/") || under(p, "var/lib/apt/lists/") ||
	    under(p, "var/cache/apk/") || under(p, "var/cache/yum/") ||
	    under(p, "var/cache/dnf/"))
		return GOELF_IC_PACKAGE_CACHE;
	base = base ? base + 1 : p;
	n = strlen(base);
	if ((n >= 3 && !strcmp(base + n - 3, ".go")) || has_seg(p, ".git/"))
		return GOELF_IC_SOURCE;
	return GOELF_IC_NONE;
}

static uint64_t
add_sat(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* Keeps the GOELF_IMAGE_SIZE_TOP biggest (the smallest path on ties). */
static void
top_add(struct goelf_image_sized *v, size_t *n, const char *path,
	uint64_t bytes, unsigned layer)
{
	size_t i = *n;

	while (i > 0 && (bytes > v[i - 1].bytes ||
			 (bytes == v[i - 1].bytes &&
			  goelf_scan_path_cmp(path, v[i - 1].path) < 0)))
		i--;
	if (i >= GOELF_IMAGE_SIZE_TOP)
		return;
	if (*n == GOELF_IMAGE_SIZE_TOP)
		free(v[--*n].path);
	memmove(&v[i + 1], &v[i], (*n - i) * sizeof(v[0]));
	v[i].path = goelf_xstrdup(path);
	v[i].bytes = bytes;
	v[i].layer = layer;
	(*n)++;
}

void
goelf_image_size_entry(struct goelf_image_reader *m,
		       struct goelf_image_size_layer *s, uint32_t ei,
		       unsigned li, const char *name, uint64_t bytes)
{
	struct goelf_image_size *z = &m->im.size;
	struct goelf_image_layer *L = &m->im.layers[li];
	struct goelf_image_size_entry *e;
	enum goelf_image_class c = goelf_image_classify(name);

	if (z->files >= GOELF_IMAGE_SIZE_MAX_FILES) {
		if (!z->partial)
			goelf_image_limit(m, 1u << 12,
					  "more than %u regular files in one "
					  "image; the size of the rest is not "
					  "counted",
					  GOELF_IMAGE_SIZE_MAX_FILES);
		z->partial = true;
		return;
	}
	z->files++;
	L->files++;
	L->bytes = add_sat(L->bytes, bytes);
	z->total_bytes = add_sat(z->total_bytes, bytes);
	if (c != GOELF_IC_NONE) {
		struct goelf_image_class_size *k = &z->classes[c];
		char path[GOELF_IMAGE_MAX_PATH + 2];

		k->bytes = add_sat(k->bytes, bytes);
		k->files++;
		if (k->ntop < GOELF_IMAGE_SIZE_TOP ||
		    bytes >= k->top[k->ntop - 1].bytes) {
			snprintf(path, sizeof(path), "/%s", name);
			top_add(k->top, &k->ntop, path, bytes, li);
		}
	}
	goelf_grow((void **)&s->v, &s->alloc, s->n + 1, sizeof(*s->v));
	e = &s->v[s->n++];
	e->bytes = bytes;
	e->entry = ei;
	e->cls = (uint8_t)c;
	e->final = false;
}

void
goelf_image_size_final(struct goelf_image_reader *m,
		       struct goelf_image_size_layer *s, uint32_t ei,
		       uint32_t node, unsigned li)
{
	struct goelf_image_size *z = &m->im.size;
	size_t lo = 0, hi = s->n;
	struct goelf_image_size_entry *e;
	char path[GOELF_IMAGE_MAX_PATH + 2];

	while (lo < hi) { /* entries are in entry order */
		size_t mid = lo + (hi - lo) / 2;

		if (s->v[mid].entry < ei)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= s->n || s->v[lo].entry != ei || s->v[lo].final)
		return;
	e = &s->v[lo];
	e->final = true;
	z->final_bytes = add_sat(z->final_bytes, e->bytes);
	z->final_files++;
	if (e->cls < GOELF_IC_N)
		z->classes[e->cls].final_bytes =
			add_sat(z->classes[e->cls].final_bytes, e->bytes);
	if ((z->nlargest < GOELF_IMAGE_SIZE_TOP ||
	     e->bytes >= z->largest[z->nlargest - 1].bytes) &&
	    goelf_image_node_path(&m->tab, node, path, sizeof(path)))
		top_add(z->largest, &z->nlargest, path, e->bytes, li);
}

void
goelf_image_size_layer_end(struct goelf_image_reader *m,
			   struct goelf_image_size_layer *s, unsigned li)
{
	struct goelf_image_layer *L = &m->im.layers[li];
	uint64_t fin = 0;

	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].final)
			fin = add_sat(fin, s->v[i].bytes);
	L->wasted_bytes = L->bytes > fin ? L->bytes - fin : 0;
	if (L->error || m->table_full)
		m->im.size.partial = true;
	free(s->v);
	memset(s, 0, sizeof(*s));
}

void
goelf_image_size_repeat(struct goelf_image_reader *m, unsigned li, unsigned up)
{
	struct goelf_image_layer *L = &m->im.layers[li];
	const struct goelf_image_layer *U = &m->im.layers[up];
	struct goelf_image_size *z = &m->im.size;

	L->bytes = U->bytes;
	L->files = U->files;
	L->wasted_bytes = U->bytes;
	z->total_bytes = add_sat(z->total_bytes, U->bytes);
	z->files += U->files;
}

void
goelf_image_size_release(struct goelf_image_size *s)
{
	for (unsigned c = 0; c < GOELF_IC_N; c++)
		for (size_t i = 0; i < s->classes[c].ntop; i++)
			free(s->classes[c].top[i].path);
	for (size_t i = 0; i < s->nlargest; i++)
		free(s->largest[i].path);
	free(s->entrypoint);
	memset(s, 0, sizeof(*s));
}

/* argv[0] of config.Entrypoint, else of config.Cmd. */
static void
size_entrypoint(struct goelf_image_reader *m)
{
	json_t *cfg = json_object_get(m->config, "config");
	json_t *ep =
		json_is_object(cfg) ? json_object_get(cfg, "Entrypoint") : NULL;
	const char *s;

	if (!json_is_array(ep) || !json_array_size(ep))
		ep = json_is_object(cfg) ? json_object_get(cfg, "Cmd") : NULL;
	s = json_is_array(ep) ? json_string_value(json_array_get(ep, 0)) : NULL;
	if (s && *s && strlen(s) <= GOELF_IMAGE_MAX_PATH)
		m->im.size.entrypoint = goelf_xstrdup(s);
}

static void
fmt_mib(uint64_t n, char *out, size_t outsz)
{
	goelf_fmt_size(n, out, outsz);
}

void
goelf_image_size_end(struct goelf_image_reader *m)
{
	struct goelf_image_size *z = &m->im.size;
	struct goelf_finding *f;
	char a[32], b[32];
	uint64_t left = 0;
	double pct;

	z->wasted_bytes = z->total_bytes > z->final_bytes
				  ? z->total_bytes - z->final_bytes
				  : 0;
	if (m->config)
		size_entrypoint(m);
	if (m->table_full || (m->limits & (1u << 4)))
		z->partial = true;
	pct = z->total_bytes
		      ? 100.0 * (double)z->wasted_bytes / (double)z->total_bytes
		      : 0;
	if (z->wasted_bytes) {
		fmt_mib(z->wasted_bytes, a, sizeof(a));
		fmt_mib(z->total_bytes, b, sizeof(b));
		f = goelf_findings_add(
			&m->im.findings, "image.wasted_bytes",
			z->wasted_bytes >= 1024 * 1024 || pct >= 10
				? GOELF_SEV_WARN
				: GOELF_SEV_INFO,
			"%s of the %s the layers ship (%.1f%%) are not in the "
			"final filesystem (deleted, overwritten or duplicated "
			"by a later layer); a later RUN rm does not shrink "
			"the image: use a multi-stage build (COPY --from) or "
			"remove files in the RUN step that made them",
			a, b, pct);
		for (size_t i = 0; i < m->im.nlayers; i++)
			if (m->im.layers[i].wasted_bytes)
				goelf_finding_evidence(
					f, "layer %zu: %llu bytes wasted",
					i + 1,
					(unsigned long long)m->im.layers[i]
						.wasted_bytes);
	}
	for (unsigned c = 0; c < GOELF_IC_N; c++)
		left = add_sat(left, z->classes[c].bytes);
	if (left) {
		struct goelf_buf msg;

		goelf_buf_init(&msg, 1024);
		for (unsigned c = 0; c < GOELF_IC_N; c++) {
			if (!z->classes[c].bytes)
				continue;
			fmt_mib(z->classes[c].bytes, a, sizeof(a));
			goelf_buf_addf(&msg, "%s%s %s", msg.len ? ", " : "",
				       class_names[c], a);
		}
		fmt_mib(left, a, sizeof(a));
		f = goelf_findings_add(
			&m->im.findings, "image.build_leftovers",
			left >= 1024 * 1024 ? GOELF_SEV_WARN : GOELF_SEV_INFO,
			"%s of build leftovers shipped (%s): build in a "
			"separate stage (multi-stage build, COPY --from only "
			"the binary) and keep the Go caches out of the layers "
			"with RUN --mount=type=cache,target=/root/.cache/"
			"go-build",
			a, msg.buf);
		goelf_buf_release(&msg);
		for (unsigned c = 0; c < GOELF_IC_N; c++)
			if (z->classes[c].bytes)
				goelf_finding_evidence(
					f, "%s=%llu (%llu in the final fs)",
					class_names[c],
					(unsigned long long)z->classes[c].bytes,
					(unsigned long long)z->classes[c]
						.final_bytes);
	}
}

void
goelf_image_size_unstripped(struct goelf_image_facts *im, size_t n,
			    uint64_t savings, const char *first)
{
	struct goelf_finding *f;
	char a[32];

	im->size.unstripped = n;
	im->size.unstripped_savings = savings;
	if (!n)
		return;
	goelf_fmt_size(savings, a, sizeof(a));
	f = goelf_findings_add(&im->findings, "image.unstripped_binaries",
			       GOELF_SEV_WARN,
			       "%zu ELF file%s in the image keep%s symbols or "
			       "debug sections (%s would go with strip "
			       "--strip-all): build Go with "
			       "-ldflags=\"-s -w\", or strip them in the build "
			       "stage",
			       n, n == 1 ? "" : "s", n == 1 ? "s" : "", a);
	if (first)
		goelf_finding_evidence(f, "%s", first);
}
