/*
 * runtime/rt_libs.c - the libraries of one root, each parsed at most
 * once: a mutex-guarded table from resolved in-root path to struct
 * goelf_rt_lib (each entry allocated apart, so pointers stay valid), a
 * cache of path lookups in the view, and the root's /etc/ld.so.cache
 * parsed on first use.  Parsing runs outside the lock; when two
 * threads parse the same file the second copy is dropped.
 */
#include "runtime/runtime.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One slot of a table keyed by a path; val is a struct goelf_rt_lib *
 * (NULL: no ELF file there) or a struct rt_stat *. */
struct rt_slot {
	uint64_t h;
	char *key;
	void *val;
};

struct rt_map {
	struct rt_slot *v;
	size_t n, cap; /* cap a power of two, or 0 */
};

struct rt_stat {
	int rc;
	enum goelf_rootfs_kind kind;
	char *resolved;
};

struct goelf_rt_libs {
	const struct goelf_rootfs *fs;
	bool is_dir;
	pthread_mutex_t mu;
	struct rt_map libs, stats;
	struct rt_map aliases; /* image hard links: path -> target (char *) */
	size_t parsed;
	bool full;
	struct goelf_rt_lib full_lib; /* handed out over the cap */
	bool ldcache_tried;
	bool ldcache_ok;
	bool ldcache_limit;    /* over GOELF_IMAGE_MAX_LDCACHE_BYTES */
	char ldcache_why[256]; /* why it is not used; "" when fine/absent */
	struct goelf_ldcache ldcache;
};

static uint64_t
path_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static struct rt_slot *
map_find(const struct rt_map *m, const char *key, uint64_t h)
{
	if (!m->cap)
		return NULL;
	for (size_t i = h & (m->cap - 1), k = 0; k < m->cap;
	     i = (i + 1) & (m->cap - 1), k++) {
		struct rt_slot *s = &m->v[i];

		if (!s->key)
			return NULL;
		if (s->h == h && !strcmp(s->key, key))
			return s;
	}
	return NULL;
}

static void
map_put_slot(struct rt_map *m, uint64_t h, char *key, void *val)
{
	size_t i = h & (m->cap - 1);

	while (m->v[i].key)
		i = (i + 1) & (m->cap - 1);
	m->v[i].h = h;
	m->v[i].key = key;
	m->v[i].val = val;
	m->n++;
}

/* Adds key (copied) -> val; false when the table is at its cap. */
static bool
map_put(struct rt_map *m, const char *key, uint64_t h, void *val)
{
	if (m->n >= GOELF_RT_MAX_CACHED)
		return false;
	if ((m->n + 1) * 2 > m->cap) {
		struct rt_map nm = { 0 };

		nm.cap = m->cap ? m->cap * 2 : 64;
		nm.v = goelf_xcalloc(nm.cap, sizeof(*nm.v));
		for (size_t i = 0; i < m->cap; i++)
			if (m->v[i].key)
				map_put_slot(&nm, m->v[i].h, m->v[i].key,
					     m->v[i].val);
		free(m->v);
		*m = nm;
	}
	map_put_slot(m, h, goelf_xstrdup(key), val);
	return true;
}

static void
lib_free(struct goelf_rt_lib *l)
{
	if (!l)
		return;
	free(l->path);
	free(l->error);
	goelf_facts_release(&l->facts);
	goelf_strlist_release(&l->sysdirs);
	goelf_rt_symtab_release(&l->syms);
	free(l->glibc_max);
	free(l);
}

struct goelf_rt_libs *
goelf_rt_libs_new(const struct goelf_rootfs *fs)
{
	struct goelf_rt_libs *c = goelf_xcalloc(1, sizeof(*c));

	c->fs = fs;
	c->is_dir = fs && !strcmp(goelf_rootfs_kind_name(fs), "dir");
	pthread_mutex_init(&c->mu, NULL);
	c->full_lib.path = goelf_xstrdup("");
	c->full_lib.err = GOELF_E_UNSUPPORTED;
	c->full_lib.error = goelf_xstrdup("not read: the library cache is "
					  "full (GOELF_RT_MAX_CACHED)");
	return c;
}

void
goelf_rt_libs_free(struct goelf_rt_libs *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->libs.cap; i++) {
		free(c->libs.v[i].key);
		lib_free(c->libs.v[i].val);
	}
	free(c->libs.v);
	for (size_t i = 0; i < c->stats.cap; i++) {
		struct rt_stat *st = c->stats.v[i].val;

		free(c->stats.v[i].key);
		if (st)
			free(st->resolved);
		free(st);
	}
	free(c->stats.v);
	for (size_t i = 0; i < c->aliases.cap; i++) {
		free(c->aliases.v[i].key);
		free(c->aliases.v[i].val);
	}
	free(c->aliases.v);
	free(c->full_lib.path);
	free(c->full_lib.error);
	goelf_ldcache_release(&c->ldcache);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

const struct goelf_rootfs *
goelf_rt_libs_fs(const struct goelf_rt_libs *c)
{
	return c->fs;
}

bool
goelf_rt_libs_full(const struct goelf_rt_libs *c)
{
	return c->full;
}

/* A glibc ld.so by its SONAME: ld-linux*.so.*, ld64.so.*, ld.so.*. */
static bool
is_glibc_ldso(const struct goelf_facts *f)
{
	const char *s = f->soname;

	return s && (!strncmp(s, "ld-linux", 8) || !strncmp(s, "ld64.so.", 8) ||
		     !strncmp(s, "ld.so.", 6));
}

/* One directory string of SYSTEM_DIRS at p[0..n): "/x/", printable. */
static size_t
sysdir_len(const uint8_t *p, size_t n)
{
	size_t i = 0;

	if (!n || p[0] != '/')
		return 0;
	while (i < n && i < 256 && p[i] && p[i] > ' ' && p[i] < 0x7f)
		i++;
	if (i >= n || p[i] != 0 || i < 2 || p[i - 1] != '/')
		return 0;
	return i;
}

void
goelf_rt_find_sysdirs(const uint8_t *p, size_t n, struct goelf_strlist *out)
{
	/* SYSTEM_DIRS is one literal, "/lib/x86_64-linux-gnu/\0/usr/lib/
	 * x86_64-linux-gnu/\0/lib/\0/usr/lib/\0" on Debian 12 and
	 * "/lib64/\0/usr/lib64/\0" upstream (elf/Makefile, trusted-dirs):
	 * the first run of two or more NUL-terminated "/dir/" strings,
	 * one naming a lib directory, after a NUL. */
	for (size_t i = 1; i < n; i++) {
		size_t pos = i, cnt = 0, len;
		bool lib = false;

		if (p[i] != '/' || p[i - 1] != 0)
			continue;
		while (cnt < 64 && (len = sysdir_len(p + pos, n - pos))) {
			if (memmem(p + pos, len, "lib", 3))
				lib = true;
			pos += len + 1;
			cnt++;
		}
		if (cnt < 2 || !lib) {
			continue;
		}
		for (size_t q = i; q < pos;) {
			goelf_strlist_add(out, (const char *)p + q);
			q += strlen((const char *)p + q) + 1;
		}
		return;
	}
}

/* The first bytes and whole-file scan of a library being added. */
static void
lib_finish(struct goelf_rt_lib *l, const uint8_t *data, size_t n)
{
	if (l->err == GOELF_OK) {
		goelf_rt_symtab_build(&l->syms, &l->facts);
		l->glibc_max = goelf_rt_glibc_max(&l->facts);
		if (data && is_glibc_ldso(&l->facts))
			goelf_rt_find_sysdirs(data, n, &l->sysdirs);
	}
}

static struct goelf_rt_lib *
lib_from_bytes(const char *path, const uint8_t *data, size_t n)
{
	struct goelf_rt_lib *l = goelf_xcalloc(1, sizeof(*l));
	struct goelf_opts o = { .elf_only = true };
	struct goelf_buf err;

	goelf_buf_init(&err, 512);
	l->path = goelf_xstrdup(path);
	l->nehdr = n < sizeof(l->ehdr) ? n : sizeof(l->ehdr);
	if (l->nehdr)
		memcpy(l->ehdr, data, l->nehdr);
	l->err = goelf_load_buffer_opts(data, n, path, &o, &l->facts, &err);
	if (l->err != GOELF_OK)
		l->error = goelf_buf_detach(&err);
	goelf_buf_release(&err);
	lib_finish(l, data, n);
	return l;
}

/* Reads a library of a directory view through an open descriptor. */
static struct goelf_rt_lib *
lib_from_fd(const char *path, int fd)
{
	struct goelf_rt_lib *l = goelf_xcalloc(1, sizeof(*l));
	struct goelf_opts o = { .elf_only = true };
	struct goelf_buf err;
	ssize_t r;

	goelf_buf_init(&err, 512);
	l->path = goelf_xstrdup(path);
	r = pread(fd, l->ehdr, sizeof(l->ehdr), 0);
	l->nehdr = r > 0 ? (size_t)r : 0;
	l->err = goelf_load_fd_opts(fd, path, &o, &l->facts, &err);
	if (l->err != GOELF_OK)
		l->error = goelf_buf_detach(&err);
	goelf_buf_release(&err);
	if (l->err == GOELF_OK && is_glibc_ldso(&l->facts) &&
	    l->facts.file_size <= GOELF_ROOTFS_MAX_FILE) {
		size_t n = (size_t)l->facts.file_size;
		uint8_t *buf = goelf_xmalloc(n ? n : 1);

		r = pread(fd, buf, n, 0);
		lib_finish(l, buf, r > 0 ? (size_t)r : 0);
		free(buf);
	} else {
		lib_finish(l, NULL, 0);
	}
	return l;
}

/* Publishes l under path, or hands back the entry already there (l is
 * then freed).  Over the cap: the "full" entry. */
static const struct goelf_rt_lib *
publish(struct goelf_rt_libs *c, const char *path, struct goelf_rt_lib *l)
{
	uint64_t h = path_hash(path);
	const struct goelf_rt_lib *ret = l;
	struct rt_slot *s;

	pthread_mutex_lock(&c->mu);
	s = map_find(&c->libs, path, h);
	if (s) {
		ret = s->val;
		lib_free(l);
	} else if (!map_put(&c->libs, path, h, l)) {
		c->full = true;
		lib_free(l);
		ret = &c->full_lib;
	} else if (l) {
		c->parsed++;
	}
	pthread_mutex_unlock(&c->mu);
	return ret;
}

void
goelf_rt_libs_add_bytes(struct goelf_rt_libs *c, const char *path,
			const uint8_t *data, size_t n)
{
	uint64_t h = path_hash(path);
	bool have;

	pthread_mutex_lock(&c->mu);
	have = map_find(&c->libs, path, h) != NULL;
	pthread_mutex_unlock(&c->mu);
	if (!have)
		publish(c, path, lib_from_bytes(path, data, n));
}

const struct goelf_rt_lib *
goelf_rt_libs_get(struct goelf_rt_libs *c, const char *path)
{
	uint64_t h = path_hash(path);
	struct goelf_rt_lib *l = NULL;
	struct rt_slot *s;
	int fd;

	const struct goelf_rt_lib *found = NULL;
	char *alias = NULL;
	bool have;

	/* The slot array may grow under another thread: read it locked. */
	pthread_mutex_lock(&c->mu);
	s = map_find(&c->libs, path, h);
	have = s != NULL;
	if (s)
		found = s->val;
	else if ((s = map_find(&c->aliases, path, h)))
		alias = goelf_xstrdup(s->val);
	pthread_mutex_unlock(&c->mu);
	if (have)
		return found;
	if (alias) {
		/* One hop: an alias never names another alias. */
		uint64_t ha = path_hash(alias);

		pthread_mutex_lock(&c->mu);
		s = map_find(&c->libs, alias, ha);
		found = s ? s->val : NULL;
		pthread_mutex_unlock(&c->mu);
		free(alias);
		return found;
	}
	/* An image view knows only the ELF files added to it. */
	if (c->is_dir) {
		fd = goelf_rootfs_open(c->fs, path);
		if (fd >= 0) {
			l = lib_from_fd(path, fd);
			close(fd);
		}
	}
	return publish(c, path, l);
}

void
goelf_rt_libs_set_fs(struct goelf_rt_libs *c, const struct goelf_rootfs *fs)
{
	pthread_mutex_lock(&c->mu);
	c->fs = fs;
	c->is_dir = fs && !strcmp(goelf_rootfs_kind_name(fs), "dir");
	pthread_mutex_unlock(&c->mu);
}

void
goelf_rt_libs_alias(struct goelf_rt_libs *c, const char *path,
		    const char *target)
{
	uint64_t h = path_hash(path);
	char *t = goelf_xstrdup(target);

	pthread_mutex_lock(&c->mu);
	if (map_find(&c->libs, path, h) || map_find(&c->aliases, path, h) ||
	    !map_put(&c->aliases, path, h, t))
		free(t);
	pthread_mutex_unlock(&c->mu);
}

void
goelf_rt_libs_stats(const struct goelf_rt_libs *c, size_t *cached,
		    size_t *parsed)
{
	pthread_mutex_t *mu = (pthread_mutex_t *)&c->mu;

	pthread_mutex_lock(mu);
	if (cached)
		*cached = c->libs.n;
	if (parsed)
		*parsed = c->parsed;
	pthread_mutex_unlock(mu);
}

int
goelf_rt_libs_stat(struct goelf_rt_libs *c, const char *path, char *out,
		   size_t outsz, enum goelf_rootfs_kind *kind)
{
	uint64_t h = path_hash(path);
	struct goelf_rootfs_stat st = { 0 };
	char buf[GOELF_IMAGE_MAX_PATH];
	struct rt_stat *e;
	struct rt_slot *s;
	int rc;

	pthread_mutex_lock(&c->mu);
	s = map_find(&c->stats, path, h);
	e = s ? s->val : NULL;
	if (e) {
		if (out && outsz)
			snprintf(out, outsz, "%s",
				 e->resolved ? e->resolved : "");
		*kind = e->kind;
		rc = e->rc;
		pthread_mutex_unlock(&c->mu);
		return rc;
	}
	pthread_mutex_unlock(&c->mu);
	buf[0] = 0;
	rc = goelf_rootfs_stat(c->fs, path, true, &st, buf, sizeof(buf));
	if (rc != 0)
		st.kind = GOELF_RFS_NONE;
	e = goelf_xcalloc(1, sizeof(*e));
	e->rc = rc;
	e->kind = st.kind;
	e->resolved = rc == 0 ? goelf_xstrdup(buf) : NULL;
	if (out && outsz)
		snprintf(out, outsz, "%s", rc == 0 ? buf : "");
	*kind = st.kind;
	pthread_mutex_lock(&c->mu);
	if (map_find(&c->stats, path, h) || !map_put(&c->stats, path, h, e)) {
		free(e->resolved);
		free(e);
	}
	pthread_mutex_unlock(&c->mu);
	return rc;
}

const struct goelf_ldcache *
goelf_rt_libs_ldcache(struct goelf_rt_libs *c)
{
	const struct goelf_ldcache *ret;

	pthread_mutex_lock(&c->mu);
	if (!c->ldcache_tried) {
		uint8_t *data = NULL;
		size_t n = 0;
		struct goelf_buf err;
		int rc;

		c->ldcache_tried = true;
		goelf_buf_init(&err, 256);
		rc = c->fs ? goelf_rootfs_read(c->fs, "/etc/ld.so.cache",
					       GOELF_IMAGE_MAX_LDCACHE_BYTES,
					       &data, &n)
			   : -ENOENT;
		if (rc == 0 &&
		    goelf_ldcache_parse(data, n, &c->ldcache, &err) == 0)
			c->ldcache_ok = true;
		else if (rc == 0)
			snprintf(c->ldcache_why, sizeof(c->ldcache_why), "%s",
				 err.buf ? err.buf : "ld.so.cache: unusable");
		else if (rc == -EFBIG) {
			c->ldcache_limit = true;
			snprintf(c->ldcache_why, sizeof(c->ldcache_why),
				 "/etc/ld.so.cache: over %u bytes, not read "
				 "(ld.so would use it)",
				 GOELF_IMAGE_MAX_LDCACHE_BYTES);
		}
		free(data);
		goelf_buf_release(&err);
	}
	ret = c->ldcache_ok ? &c->ldcache : NULL;
	pthread_mutex_unlock(&c->mu);
	return ret;
}

const char *
goelf_rt_libs_ldcache_why(struct goelf_rt_libs *c, bool *limit)
{
	const char *ret;

	(void)goelf_rt_libs_ldcache(c);
	pthread_mutex_lock(&c->mu);
	*limit = c->ldcache_limit;
	ret = c->ldcache_why[0] ? c->ldcache_why : NULL;
	pthread_mutex_unlock(&c->mu);
	return ret;
}
