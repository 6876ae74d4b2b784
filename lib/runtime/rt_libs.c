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

/* goelf_rt_libs_memo_*: the libraries that defined every undefined
 * symbol of one library in some load set. */
struct rt_memo {
	size_t n;
	const struct goelf_rt_lib **prov;
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
	struct rt_map libs, stats, memo;
	struct rt_map aliases; /* image hard links: path -> target (char *) */
	/* Image ELF files that are not ET_DYN: only their header is kept
	 * (struct rt_small), an entry is made when one is asked for. */
	struct rt_map smalls;
	size_t parsed;
	size_t bytes; /* estimated bytes of the entries kept */
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
	for (size_t i = 0; i < c->smalls.cap; i++) {
		free(c->smalls.v[i].key);
		free(c->smalls.v[i].val);
	}
	free(c->smalls.v);
	for (size_t i = 0; i < c->memo.cap; i++) {
		struct rt_memo *m = c->memo.v[i].val;

		free(c->memo.v[i].key);
		if (m)
			free(m->prov);
		free(m);
	}
	free(c->memo.v);
	free(c->full_lib.path);
	free(c->full_lib.error);
	goelf_ldcache_release(&c->ldcache);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

void
goelf_rt_libs_set_fs(struct goelf_rt_libs *c, const struct goelf_rootfs *fs)
{
	pthread_mutex_lock(&c->mu);
	c->fs = fs;
	c->is_dir = fs && !strcmp(goelf_rootfs_kind_name(fs), "dir");
	pthread_mutex_unlock(&c->mu);
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

/* Drops what the loader simulation never reads (section and segment
 * tables, notes, marker lists), so that a root of 50,000 ELF files
 * keeps only their dynamic facts. */
static void
slim(struct goelf_facts *f)
{
	for (size_t i = 0; i < f->nsections; i++)
		free(f->sections[i].name);
	free(f->sections);
	f->sections = NULL;
	f->nsections = 0;
	free(f->segments);
	f->segments = NULL;
	f->nsegments = 0;
	goelf_strlist_release(&f->markers);
	goelf_strlist_release(&f->string_markers);
	for (size_t i = 0; i < f->nfuncsyms; i++)
		free(f->funcsyms[i].name);
	free(f->funcsyms);
	f->funcsyms = NULL;
	f->nfuncsyms = 0;
}

/* What an entry costs, roughly: the budget's measure. */
static size_t
lib_bytes(const struct goelf_rt_lib *l)
{
	const struct goelf_facts *f = &l->facts;
	size_t n = sizeof(*l) + 256;

	n += f->ndynsyms * sizeof(*f->dynsyms) + (size_t)f->dynstr_size;
	n += (l->syms.idx ? (l->syms.mask + 1) * 8 : 0);
	n += (f->nverneed + f->nverdef) * 96 + f->needed.n * 48;
	return n;
}

/* The first bytes and whole-file scan of a library being added. */
static void
lib_finish(struct goelf_rt_lib *l, const uint8_t *data, size_t n)
{
	if (l->err == GOELF_OK) {
		goelf_rt_symtab_build(&l->syms, &l->facts);
		l->glibc_max = goelf_rt_glibc_max(&l->facts);
		if (data && is_glibc_ldso(&l->facts)) {
			goelf_rt_find_sysdirs(data, n, &l->sysdirs);
			l->legacy_hwcaps =
				memmem(data, n, "Legacy HWCAP subdirectories",
				       27) != NULL;
		}
	}
	slim(&l->facts);
}

/* The ELF header of a file that is not a shared object. */
struct rt_small {
	uint8_t ehdr[64];
	size_t nehdr;
};

/* e_type of the ELF header at h (n bytes), or ET_NONE. */
static unsigned
ehdr_type(const uint8_t *h, size_t n)
{
	if (n < 18 || memcmp(h, ELFMAG, SELFMAG))
		return ET_NONE;
	return goelf_get_u16(h + 16, h[EI_DATA] == ELFDATA2MSB ? GOELF_BIG
							       : GOELF_LITTLE);
}

/*
 * An executable (or any ELF file that is not ET_DYN) named as a library:
 * ld.so's open_verify checks its header (class, machine ... are read
 * from ehdr), then refuses to map it ("cannot dynamically load
 * executable").  Only the header is read: an image of 50,000
 * executables costs no facts.
 */
static struct goelf_rt_lib *
lib_not_dso(const char *path, const uint8_t *h, size_t n)
{
	struct goelf_rt_lib *l = goelf_xcalloc(1, sizeof(*l));

	l->path = goelf_xstrdup(path);
	l->nehdr = n < sizeof(l->ehdr) ? n : sizeof(l->ehdr);
	memcpy(l->ehdr, h, l->nehdr);
	l->err = GOELF_E_UNSUPPORTED;
	l->error = goelf_xstrdup(ehdr_type(h, n) == ET_EXEC
					 ? "cannot dynamically load executable"
					 : "not a shared object (e_type)");
	return l;
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
	if (ehdr_type(l->ehdr, l->nehdr) != ET_DYN &&
	    ehdr_type(l->ehdr, l->nehdr) != ET_NONE) {
		struct goelf_rt_lib *x = lib_not_dso(path, l->ehdr, l->nehdr);

		goelf_buf_release(&err);
		free(l->path);
		free(l);
		return x;
	}
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
	size_t cost = l ? lib_bytes(l) : 64;

	pthread_mutex_lock(&c->mu);
	s = map_find(&c->libs, path, h);
	if (s) {
		ret = s->val;
		lib_free(l);
	} else if (cost > GOELF_RT_MAX_CACHE_BYTES ||
		   c->bytes > GOELF_RT_MAX_CACHE_BYTES - cost ||
		   !map_put(&c->libs, path, h, l)) {
		/* Over the cap: the answer for that path is "not read",
		 * and every judgement in this root says it is partial. */
		c->full = true;
		lib_free(l);
		ret = &c->full_lib;
	} else {
		c->bytes += cost;
		if (l)
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

	unsigned type = ehdr_type(data, n);

	pthread_mutex_lock(&c->mu);
	have = map_find(&c->libs, path, h) != NULL ||
	       map_find(&c->smalls, path, h) != NULL;
	/* Not a shared object: nothing is kept (an image of 50,000
	 * executables costs no table); asked for as a library, it reads as
	 * a file that is not a loadable object. */
	if (type != ET_DYN && type != ET_NONE)
		have = true;
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
	else if ((s = map_find(&c->smalls, path, h))) {
		const struct rt_small *sm = s->val;

		l = lib_not_dso(path, sm->ehdr, sm->nehdr);
	}
	pthread_mutex_unlock(&c->mu);
	if (have)
		return found;
	if (l)
		return publish(c, path, l);
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

bool
goelf_rt_libs_memo_get(struct goelf_rt_libs *c, const struct goelf_rt_lib *l,
		       const struct goelf_rt_lib *const *set, size_t nset)
{
	uint64_t h = path_hash(l->path);
	const struct rt_memo *m;
	struct rt_slot *s;
	bool ok;

	pthread_mutex_lock(&c->mu);
	s = map_find(&c->memo, l->path, h);
	m = s ? s->val : NULL;
	ok = m != NULL;
	for (size_t i = 0; ok && i < m->n; i++) {
		size_t j = 0;

		while (j < nset && set[j] != m->prov[i])
			j++;
		ok = j < nset;
	}
	pthread_mutex_unlock(&c->mu);
	return ok;
}

void
goelf_rt_libs_memo_put(struct goelf_rt_libs *c, const struct goelf_rt_lib *l,
		       const struct goelf_rt_lib *const *prov, size_t n)
{
	uint64_t h = path_hash(l->path);
	struct rt_memo *m = goelf_xcalloc(1, sizeof(*m));

	m->n = n;
	m->prov = goelf_xcalloc(n ? n : 1, sizeof(*m->prov));
	if (n)
		memcpy(m->prov, prov, n * sizeof(*prov));
	pthread_mutex_lock(&c->mu);
	if (map_find(&c->memo, l->path, h) ||
	    !map_put(&c->memo, l->path, h, m)) {
		free(m->prov);
		free(m);
	}
	pthread_mutex_unlock(&c->mu);
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
