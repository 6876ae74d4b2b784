/*
 * image_manifest.c - the images of one archive and the order they are
 * read in.  Formats: `docker save` (manifest.json: Config, RepoTags,
 * Layers) and OCI image layouts (oci-layout, index.json,
 * blobs/<alg>/<hex>; an index may name further indexes or Docker
 * manifest lists, two levels deep), each as a directory or as a tar.
 * Blob names are built only from digests checked to be <alg>:<hex>;
 * at most GOELF_IMAGE_MAX_IMAGES images and GOELF_IMAGE_MAX_LAYERS
 * layers each.
 */
#include "image/image.h"

#include <dirent.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* "sha256:<hex>" -> "blobs/sha256/<hex>"; false for anything else. */
static bool
blob_name(const char *digest, char *out, size_t outsz)
{
	const char *colon = digest ? strchr(digest, ':') : NULL;
	size_t alen, hlen;

	if (!colon)
		return false;
	alen = (size_t)(colon - digest);
	hlen = strlen(colon + 1);
	if (alen < 1 || alen > 32 || hlen < 32 || hlen > 128)
		return false;
	for (size_t i = 0; i < alen; i++)
		if (!((digest[i] >= 'a' && digest[i] <= 'z') ||
		      (digest[i] >= '0' && digest[i] <= '9')))
			return false;
	for (size_t i = 0; i < hlen; i++) {
		char ch = colon[1 + i];

		if (!((ch >= 'a' && ch <= 'f') || (ch >= '0' && ch <= '9')))
			return false;
	}
	snprintf(out, outsz, "blobs/%.*s/%s", (int)alen, digest, colon + 1);
	return true;
}

/* Reads the image whose config and layers are set in m. */
static void
image_one(struct goelf_image_reader *m)
{
	uint64_t done = 0;
	struct goelf_buf err;

	goelf_buf_init(&err, 1024);
	if (m->config_name) {
		m->config = goelf_image_read_json(m, m->config_name, &err);
		if (!m->config)
			goelf_image_error(m, "image config: %s", err.buf);
	}
	goelf_image_config_platform(m);
	for (size_t i = 0; i < m->im.nlayers; i++)
		m->im.bytes_total += m->im.layers[i].size;
	if (m->ops->begin)
		m->ops->begin(m->ops->arg, &m->im);
	goelf_image_trie_init(&m->tab);
	for (size_t i = m->im.nlayers; i-- > 0 && !m->table_full;) {
		struct goelf_image_layer *L = &m->im.layers[i];
		size_t up = i + 1;

		/* A blob listed again below its upper copy adds nothing:
		 * every path it has is already decided by that copy, but
		 * for hard links of the layers in between that still need
		 * a target. */
		while (up < m->im.nlayers &&
		       strcmp(m->im.layers[up].name, L->name))
			up++;
		if (up < m->im.nlayers && !m->open_needs) {
			L->entries = m->im.layers[up].entries;
			goelf_image_size_repeat(m, (unsigned)i, (unsigned)up);
			if (!L->size)
				L->size = m->im.layers[up].size;
			done += L->size;
			continue;
		}
		if (++m->layer_reads > GOELF_IMAGE_MAX_LAYER_READS) {
			goelf_image_limit(m, 1u << 4,
					  "more than %u layer reads in one "
					  "archive (images x layers); the rest "
					  "are not read",
					  GOELF_IMAGE_MAX_LAYER_READS);
			break;
		}
		goelf_image_layer_read(m, (unsigned)i, &done);
	}
	goelf_image_links(m);
	if (m->config)
		goelf_image_config_findings(m);
	goelf_image_size_end(m);
	goelf_rootfs_image_hand(m);
	/* The image's findings carry every problem not yet handed on. */
	goelf_findings_sort(&m->im.findings);
	if (m->ops->end)
		m->ops->end(m->ops->arg, &m->im, true);
	goelf_findings_release(&m->im.findings);
	goelf_buf_release(&err);
}

static void
docker(struct goelf_image_reader *m, json_t *man)
{
	size_t i, k;
	json_t *im, *l;

	if (!json_is_array(man) || json_array_size(man) == 0) {
		goelf_image_error(m, "manifest.json: not a non-empty array");
		return;
	}
	json_array_foreach (man, i, im) {
		json_t *tags = json_object_get(im, "RepoTags");
		json_t *layers = json_object_get(im, "Layers");
		const char *cfg = goelf_image_jstr(im, "Config");
		char name[GOELF_IMAGE_MAX_PATH];

		if (i >= GOELF_IMAGE_MAX_IMAGES)
			break;
		goelf_image_reset(m);
		m->im.format = "docker-save";
		if (json_is_array(tags) &&
		    json_is_string(json_array_get(tags, 0)))
			m->im.reference = goelf_xstrdup(
				json_string_value(json_array_get(tags, 0)));
		if (cfg && goelf_image_norm_name(cfg, name, sizeof(name)) == 0)
			m->config_name = goelf_xstrdup(name);
		else
			goelf_image_error(m,
					  "manifest.json: image %zu: bad or no "
					  "Config",
					  i + 1);
		if (!json_is_array(layers))
			goelf_image_error(m,
					  "manifest.json: image %zu: no Layers",
					  i + 1);
		json_array_foreach (layers, k, l) {
			const char *s = json_string_value(l);

			if (k >= GOELF_IMAGE_MAX_LAYERS) {
				goelf_image_error(m, "more than %u layers",
						  GOELF_IMAGE_MAX_LAYERS);
				break;
			}
			if (!s ||
			    goelf_image_norm_name(s, name, sizeof(name)) ||
			    !*name) {
				goelf_image_error(
					m,
					"manifest.json: layer %zu: bad "
					"name",
					k + 1);
				continue;
			}
			goelf_image_add_layer(m, name, NULL, 0);
		}
		image_one(m);
	}
}

/* Follows an OCI index (or Docker manifest list) to image manifests. */
static void
oci_manifest(struct goelf_image_reader *m, json_t *desc, const char *ref,
	     int depth)
{
	char name[GOELF_IMAGE_MAX_PATH];
	const char *digest = goelf_image_jstr(desc, "digest");
	const char *mt = goelf_image_jstr(desc, "mediaType");
	struct goelf_buf err;
	json_t *man, *v;
	size_t i;

	goelf_buf_init(&err, 1024);
	if (!blob_name(digest, name, sizeof(name))) {
		goelf_image_error(m, "bad digest in a descriptor");
		goto out;
	}
	man = goelf_image_read_json(m, name, &err);
	if (!man) {
		goelf_image_error(m, "manifest %s: missing or unreadable: %s",
				  digest, err.buf);
		goto out;
	}
	if (!mt)
		mt = goelf_image_jstr(man, "mediaType");
	if (json_is_array(json_object_get(man, "manifests")) ||
	    (mt && strstr(mt, "index")) || (mt && strstr(mt, "list"))) {
		/* An index: take the manifests for linux, at most a few. */
		if (depth >= 2) {
			goelf_image_error(m, "image index nested too deep");
			json_decref(man);
			goto out;
		}
		json_array_foreach (json_object_get(man, "manifests"), i, v) {
			const char *os = goelf_image_jstr(
				json_object_get(v, "platform"), "os");

			if (i >= GOELF_IMAGE_MAX_IMAGES)
				break;
			if (os && strcmp(os, "linux"))
				continue;
			oci_manifest(m, v, ref, depth + 1);
		}
		json_decref(man);
		goto out;
	}
	goelf_image_reset(m);
	m->im.format = "oci";
	m->im.reference = ref ? goelf_xstrdup(ref) : NULL;
	if (blob_name(
		    goelf_image_jstr(json_object_get(man, "config"), "digest"),
		    name, sizeof(name)))
		m->config_name = goelf_xstrdup(name);
	else
		goelf_image_error(m, "manifest %s: bad or no config digest",
				  digest);
	json_array_foreach (json_object_get(man, "layers"), i, v) {
		json_t *sz = json_object_get(v, "size");

		if (i >= GOELF_IMAGE_MAX_LAYERS) {
			goelf_image_error(m, "more than %u layers",
					  GOELF_IMAGE_MAX_LAYERS);
			break;
		}
		if (!blob_name(goelf_image_jstr(v, "digest"), name,
			       sizeof(name))) {
			goelf_image_error(m,
					  "manifest %s: layer %zu: bad digest",
					  digest, i + 1);
			continue;
		}
		goelf_image_add_layer(m, name, goelf_image_jstr(v, "digest"),
				      json_is_integer(sz) &&
						      json_integer_value(sz) > 0
					      ? (uint64_t)json_integer_value(sz)
					      : 0);
	}
	json_decref(man);
	image_one(m);
out:
	goelf_buf_release(&err);
}

static void
oci(struct goelf_image_reader *m, json_t *index)
{
	json_t *v;
	size_t i;

	if (!json_is_array(json_object_get(index, "manifests")) ||
	    !json_array_size(json_object_get(index, "manifests"))) {
		goelf_image_error(m, "index.json: no manifests");
		return;
	}
	json_array_foreach (json_object_get(index, "manifests"), i, v) {
		json_t *ann = json_object_get(v, "annotations");
		const char *ref =
			goelf_image_jstr(ann, "io.containerd.image.name");

		if (i >= GOELF_IMAGE_MAX_IMAGES)
			break;
		if (!ref)
			ref = goelf_image_jstr(
				ann, "org.opencontainers.image.ref.name");
		oci_manifest(m, v, ref, 0);
	}
}

size_t
goelf_image_read(int fd, bool is_dir, const char *path,
		 const struct goelf_image_ops *ops)
{
	struct goelf_image_reader m;
	struct goelf_buf err;
	json_t *j;

	memset(&m, 0, sizeof(m));
	m.ops = ops;
	m.fd = fd;
	m.is_dir = is_dir;
	m.im.arg = path;
	m.im.tmp_mode = -1;
	goelf_buf_init(&err, 1024);
	j = goelf_image_read_json(&m, "manifest.json", &err);
	if (j) {
		m.im.format = "docker-save";
		docker(&m, j);
		json_decref(j);
	} else {
		goelf_buf_reset(&err);
		j = goelf_image_read_json(&m, "index.json", &err);
		if (j) {
			m.im.format = "oci";
			oci(&m, j);
			json_decref(j);
		} else if (!is_dir && goelf_image_is_tar(&m)) {
			/* docker export, BuildKit type=tar: the archive is
			 * the root filesystem, one layer without a config. */
			goelf_image_reset(&m);
			m.im.format = "rootfs-tar";
			goelf_image_add_layer(&m, "", NULL, 0);
			image_one(&m);
		} else {
			m.im.format = "unknown";
			goelf_image_error(
				&m, "not a docker-save or OCI image or a root "
				    "filesystem tarball: no readable "
				    "manifest.json or index.json");
		}
	}
	if (m.im.findings.n) {
		/* Problems no image carried (a missing manifest, a bad
		 * index): a record of their own. */
		goelf_image_reset(&m);
		if (ops->end)
			ops->end(ops->arg, &m.im, false);
	}
	goelf_findings_release(&m.im.findings);
	goelf_image_reset(&m);
	goelf_buf_release(&err);
	return m.nerr;
}

/* The names a docker-save manifest gives (configs and layers), into
 * names; false when it is not one. */
static bool
docker_names(json_t *man, struct goelf_strlist *names)
{
	size_t i, k;
	json_t *im, *l;
	char name[GOELF_IMAGE_MAX_PATH];

	if (!json_is_array(man) || !json_array_size(man))
		return false;
	json_array_foreach (man, i, im) {
		const char *cfg = goelf_image_jstr(im, "Config");
		json_t *layers = json_object_get(im, "Layers");

		if (!cfg || goelf_image_norm_name(cfg, name, sizeof(name)) ||
		    !*name || !json_is_array(layers))
			return false;
		goelf_strlist_add(names, name);
		json_array_foreach (layers, k, l) {
			const char *s = json_string_value(l);

			if (!s ||
			    goelf_image_norm_name(s, name, sizeof(name)) ||
			    !*name)
				return false;
			goelf_strlist_add(names, name);
		}
	}
	return true;
}

/* Is rel (a path under the layout) named, or a directory on the way to
 * a name, or a file docker save writes beside a layer (json, VERSION)? */
static bool
accounted(const struct goelf_strlist *names, const char *rel, bool dir)
{
	size_t len = strlen(rel);
	const char *base = strrchr(rel, '/');

	if (!strcmp(rel, "manifest.json") || !strcmp(rel, "repositories"))
		return true;
	for (size_t i = 0; i < names->n; i++) {
		const char *n = names->v[i];

		if (!dir && !strcmp(n, rel))
			return true;
		if (dir && !strncmp(n, rel, len) && n[len] == '/')
			return true;
		if (!dir && base &&
		    (!strcmp(base, "/json") || !strcmp(base, "/VERSION")) &&
		    !strncmp(n, rel, (size_t)(base - rel) + 1))
			return true;
	}
	return false;
}

/* Walks dir (fd, at rel) and checks that everything in it is part of
 * the layout; *budget bounds the entries looked at. */
static bool
only_layout(int fd, const char *rel, const struct goelf_strlist *names,
	    int depth, size_t *budget)
{
	DIR *d;
	struct dirent *de;
	bool ok = true;

	if (depth > 4)
		return false;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return false;
	}
	while (ok && (de = readdir(d)) != NULL) {
		char sub[GOELF_IMAGE_MAX_PATH];
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (!(*budget)-- ||
		    (size_t)snprintf(sub, sizeof(sub), "%s%s%s", rel,
				     *rel ? "/" : "",
				     de->d_name) >= sizeof(sub) ||
		    fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW)) {
			ok = false;
			break;
		}
		if (S_ISDIR(st.st_mode)) {
			int sfd;

			ok = accounted(names, sub, true);
			if (!ok)
				break;
			sfd = openat(dirfd(d), de->d_name,
				     O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					     O_CLOEXEC);
			ok = sfd >= 0 &&
			     only_layout(sfd, sub, names, depth + 1, budget);
		} else {
			ok = S_ISREG(st.st_mode) &&
			     accounted(names, sub, false);
		}
	}
	closedir(d);
	return ok;
}

/* A directory is a docker-save layout only when its manifest.json is one
 * and the directory holds nothing but what it names (a tree or root
 * filesystem with a manifest.json written into it is a tree). */
static bool
docker_dir(int fd)
{
	struct goelf_image_reader m;
	struct goelf_image_ops ops = { 0 };
	struct goelf_strlist names = { 0 };
	struct goelf_buf err;
	size_t budget = 4096;
	bool yes = false;
	json_t *j;
	int dfd;

	memset(&m, 0, sizeof(m));
	m.ops = &ops;
	m.fd = fd;
	m.is_dir = true;
	goelf_buf_init(&err, 1024);
	j = goelf_image_read_json(&m, "manifest.json", &err);
	if (j && docker_names(j, &names)) {
		dfd = dup(fd);
		yes = dfd >= 0 && only_layout(dfd, "", &names, 0, &budget);
	}
	json_decref(j);
	goelf_strlist_release(&names);
	goelf_findings_release(&m.im.findings);
	goelf_buf_release(&err);
	return yes;
}

bool
goelf_image_probe(const char *path)
{
	struct stat st;
	int fd;
	bool yes;

	if (stat(path, &st) != 0)
		return false;
	if (S_ISREG(st.st_mode))
		return true;
	if (!S_ISDIR(st.st_mode))
		return false;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return false;
	/* An OCI layout says so (oci-layout); a docker-save directory is
	 * only its manifest and what that names. */
	yes = (faccessat(fd, "index.json", F_OK, AT_SYMLINK_NOFOLLOW) == 0 &&
	       faccessat(fd, "oci-layout", F_OK, AT_SYMLINK_NOFOLLOW) == 0) ||
	      (faccessat(fd, "manifest.json", F_OK, AT_SYMLINK_NOFOLLOW) == 0 &&
	       docker_dir(fd));
	close(fd);
	return yes;
}
