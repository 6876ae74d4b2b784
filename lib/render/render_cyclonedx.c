/*
 * render_cyclonedx.c - a CycloneDX 1.5 JSON SBOM per command run
 * (README "SBOM"):
 *   - each ELF file: a "file" component with its SHA-256 and its facts as
 *     goelf:* properties (linking, libc, arch, go_version, min_glibc,
 *     status, image);
 *   - from each file's Go build info: the main module ("application")
 *     and every dependency ("library") as pkg:golang/MODULE@VERSION; a
 *     replaced module is the replacing one (goelf:replaces names the
 *     original; a directory replacement has no version and no purl); the
 *     go.sum "h1:" hash, base64 of a SHA-256 over the module's file list
 *     (golang.org/x/mod/sumdb/dirhash Hash1), as a SHA-256 hash in hex;
 *   - the toolchain as pkg:golang/stdlib@1.22.1 (version "go1.22.1"),
 *     syft's name and purl form, which vulnerability databases (OSV's Go
 *     ecosystem, grype) match; cyclonedx-gomod's "std" is matched by
 *     fewer;
 *   - dependencies: each file on its modules and stdlib, each image on
 *     its files; one image scanned alone is metadata.component
 *     ("container"), several are container components.
 * Modules are listed once per document (bom-ref = purl).  Reads only
 * finished reports; files that could not be analysed are left out.
 */
#include "render/render.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* purl percent-encoding: unreserved characters stay, and '/' between the
 * segments of a module path (keep_slash). */
static void
pct(struct goelf_buf *b, const char *s, bool keep_slash)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '-' ||
		    c == '_' || c == '~' || (keep_slash && c == '/'))
			goelf_buf_addc(b, (char)c);
		else
			goelf_buf_addf(b, "%%%02X", c);
	}
}

static char *
purl(const char *module, const char *version)
{
	struct goelf_buf b;

	goelf_buf_init(&b, 64 * 1024);
	goelf_buf_adds(&b, "pkg:golang/");
	pct(&b, module, true);
	goelf_buf_addc(&b, '@');
	pct(&b, version, false);
	return goelf_buf_detach(&b);
}

static void
prop(json_t *props, const char *name, const char *value)
{
	json_t *o;

	if (!value)
		return;
	o = json_object();
	json_object_set_new(o, "name", json_string(name));
	json_object_set_new(o, "value", goelf_json_str(value));
	json_array_append_new(props, o);
}

static json_t *
sha256_hash(const char *hex)
{
	json_t *a = json_array(), *o = json_object();

	json_object_set_new(o, "alg", json_string("SHA-256"));
	json_object_set_new(o, "content", json_string(hex));
	json_array_append_new(a, o);
	return a;
}

/* "h1:BASE64" of a go.sum line as hex, or false. */
static bool
h1_hex(const char *sum, char hex[2 * GOELF_SHA256_LEN + 1])
{
	uint8_t d[GOELF_SHA256_LEN + 3];

	if (!sum || strncmp(sum, "h1:", 3) ||
	    goelf_base64_decode(sum + 3, d, sizeof(d)) != GOELF_SHA256_LEN)
		return false;
	goelf_hex(d, GOELF_SHA256_LEN, hex);
	return true;
}

static bool
is_dir_path(const char *p)
{
	return p && (p[0] == '.' || p[0] == '/');
}

/* The component of one module line (a replacement: the replacing one). */
static json_t *
module(const struct goelf_godep *m, const char *type)
{
	json_t *o = json_object(), *props = json_array();
	const char *path = m->has_replace ? m->rpath : m->path;
	const char *ver = m->has_replace ? m->rversion : m->version;
	const char *sum = m->has_replace ? m->rsum : m->sum;
	char hex[2 * GOELF_SHA256_LEN + 1];

	if (ver && !*ver)
		ver = NULL;
	json_object_set_new(o, "type", json_string(type));
	json_object_set_new(o, "name", goelf_json_str(path ? path : ""));
	if (ver && !is_dir_path(path)) {
		char *p = purl(path ? path : "", ver);

		json_object_set_new(o, "version", goelf_json_str(ver));
		json_object_set_new(o, "purl", goelf_json_str(p));
		json_object_set_new(o, "bom-ref", goelf_json_str(p));
		free(p);
	} else {
		struct goelf_buf b;

		goelf_buf_init(&b, 64 * 1024);
		goelf_buf_adds(&b, "gomod:");
		goelf_buf_adds(&b, path ? path : "");
		if (ver) {
			goelf_buf_addc(&b, '@');
			goelf_buf_adds(&b, ver);
			json_object_set_new(o, "version", goelf_json_str(ver));
		}
		json_object_set_new(o, "bom-ref", goelf_json_str(b.buf));
		goelf_buf_release(&b);
	}
	if (h1_hex(sum, hex))
		json_object_set_new(o, "hashes", sha256_hash(hex));
	if (m->has_replace) {
		struct goelf_buf b;

		goelf_buf_init(&b, 64 * 1024);
		goelf_buf_adds(&b, m->path ? m->path : "");
		if (m->version && *m->version) {
			goelf_buf_addc(&b, '@');
			goelf_buf_adds(&b, m->version);
		}
		prop(props, "goelf:replaces", b.buf);
		goelf_buf_release(&b);
	}
	if (sum && *sum)
		prop(props, "goelf:go_sum", sum);
	if (json_array_size(props))
		json_object_set_new(o, "properties", props);
	else
		json_decref(props);
	return o;
}

static json_t *
stdlib(const char *go_version)
{
	json_t *o = json_object();
	char ver[64];
	const char *v = go_version;
	char *p;

	if (!strncmp(v, "go", 2))
		v += 2;
	snprintf(ver, sizeof(ver), "%.*s", (int)strcspn(v, " \t"), v);
	p = purl("stdlib", ver);
	json_object_set_new(o, "type", json_string("library"));
	json_object_set_new(o, "name", json_string("stdlib"));
	json_object_set_new(o, "version", goelf_json_str(go_version));
	json_object_set_new(o, "purl", goelf_json_str(p));
	json_object_set_new(o, "bom-ref", goelf_json_str(p));
	free(p);
	return o;
}

void *
goelf_cdx_fragment(const struct goelf_report *r)
{
	const struct goelf_analysis *an = &r->an;
	const struct goelf_modinfo *mi = &r->facts.go.mod;
	json_t *frag, *file, *props, *mods;

	if (r->err != GOELF_OK)
		return NULL;
	frag = json_object();
	file = json_object();
	props = json_array();
	mods = json_array();
	json_object_set_new(frag, "path", goelf_json_str(r->path));
	json_object_set_new(file, "type", json_string("file"));
	json_object_set_new(file, "name", goelf_json_str(r->path));
	if (r->facts.has_sha256) {
		char hex[2 * GOELF_SHA256_LEN + 1];

		goelf_hex(r->facts.sha256, GOELF_SHA256_LEN, hex);
		json_object_set_new(file, "hashes", sha256_hash(hex));
	}
	prop(props, "goelf:linking", goelf_link_kind_name(an->link_kind));
	prop(props, "goelf:libc", goelf_libc_name(an->libc));
	prop(props, "goelf:arch", an->arch);
	prop(props, "goelf:min_glibc", an->min_glibc);
	prop(props, "goelf:go_version", an->go_version);
	if (r->verdict.computed)
		prop(props, "goelf:status",
		     r->verdict.failed ? "fail"
				       : goelf_status_name(r->verdict.status));
	json_object_set_new(file, "properties", props);
	json_object_set_new(frag, "file", file);
	if (r->facts.go.modinfo_ok) {
		if (mi->has_main)
			json_array_append_new(mods,
					      module(&mi->main, "application"));
		for (size_t i = 0; i < mi->ndeps; i++)
			json_array_append_new(mods,
					      module(&mi->deps[i], "library"));
	}
	if (an->is_go && an->go_version)
		json_array_append_new(mods, stdlib(an->go_version));
	json_object_set_new(frag, "modules", mods);
	return frag;
}

static void
dependency(struct goelf_doc *d, const char *ref, json_t *on)
{
	json_t *o = json_object();

	json_object_set_new(o, "ref", json_string(ref));
	json_object_set_new(o, "dependsOn", on);
	json_array_append_new(d->deps, o);
}

void
goelf_cdx_add(struct goelf_doc *d, void *frag)
{
	json_t *f = frag, *file = json_object_get(f, "file"), *m, *on;
	const char *path = json_string_value(json_object_get(f, "path"));
	struct goelf_buf b;
	char *ref;
	size_t i;

	goelf_buf_init(&b, 1u << 20);
	goelf_buf_adds(&b, "file:");
	if (d->image) {
		json_t *img = goelf_json_str(d->image);

		goelf_buf_adds(&b, json_string_value(img)
					   ? json_string_value(img)
					   : "");
		goelf_buf_addc(&b, ':');
		json_decref(img);
	}
	goelf_buf_adds(&b, path ? path : "");
	ref = goelf_doc_unique(d, b.buf);
	goelf_buf_release(&b);
	json_object_set_new(file, "bom-ref", json_string(ref));
	if (d->image) {
		json_t *props = json_object_get(file, "properties");

		prop(props, "goelf:image", d->image);
		json_array_append_new(d->image_files, json_string(ref));
	}
	json_array_append(d->items, file);
	on = json_array();
	json_array_foreach (json_object_get(f, "modules"), i, m) {
		const char *mref =
			json_string_value(json_object_get(m, "bom-ref"));

		if (!mref)
			continue;
		if (!json_object_get(d->modules, mref))
			json_object_set(d->modules, mref, m);
		json_array_append_new(on, json_string(mref));
	}
	dependency(d, ref, on);
	d->nfiles++;
	free(ref);
}

void
goelf_cdx_image(struct goelf_doc *d)
{
	json_t *o = json_object();
	json_t *name = goelf_json_str(d->image);
	struct goelf_buf b;
	char *ref;

	goelf_buf_init(&b, 1u << 20);
	goelf_buf_adds(&b, "image:");
	goelf_buf_adds(&b,
		       json_string_value(name) ? json_string_value(name) : "");
	ref = goelf_doc_unique(d, b.buf);
	goelf_buf_release(&b);
	json_object_set_new(o, "type", json_string("container"));
	json_object_set_new(o, "name", name);
	json_object_set_new(o, "bom-ref", json_string(ref));
	json_array_append_new(d->images, o);
	dependency(d, ref, json_incref(d->image_files));
	free(ref);
}

void
goelf_cdx_print(const struct goelf_doc *d, FILE *out)
{
	json_t *root = json_object(), *meta = json_object(),
	       *tools = json_object(), *tc = json_array(),
	       *goelf = json_object(), *comps = json_array(), *m;
	const char *key;
	char *s;

	json_object_set_new(root, "$schema",
			    json_string("http://cyclonedx.org/schema/"
					"bom-1.5.schema.json"));
	json_object_set_new(root, "bomFormat", json_string("CycloneDX"));
	json_object_set_new(root, "specVersion", json_string("1.5"));
	json_object_set_new(root, "version", json_integer(1));
	if (d->has_timestamp) {
		time_t t = (time_t)d->timestamp;
		struct tm tm;
		char ts[64];

		if (gmtime_r(&t, &tm) &&
		    strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm))
			json_object_set_new(meta, "timestamp", json_string(ts));
	}
	json_object_set_new(goelf, "type", json_string("application"));
	json_object_set_new(goelf, "name", json_string("goelf"));
	json_object_set_new(goelf, "version", json_string(GOELF_VERSION));
	json_array_append_new(tc, goelf);
	json_object_set_new(tools, "components", tc);
	json_object_set_new(meta, "tools", tools);
	if (json_array_size(d->images) == 1)
		json_object_set(meta, "component",
				json_array_get(d->images, 0));
	else
		json_array_extend(comps, d->images);
	json_object_set_new(root, "metadata", meta);
	json_array_extend(comps, d->items);
	json_object_foreach (d->modules, key, m)
		json_array_append(comps, m);
	json_object_set_new(root, "components", comps);
	json_object_set(root, "dependencies", d->deps);
	s = json_dumps(root, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	if (s) {
		fputs(s, out);
		fputc('\n', out);
		free(s);
	}
	json_decref(root);
}
