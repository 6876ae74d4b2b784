/*
 * runtime/rt_resolve.c - the start of a process in the root, as the
 * kernel and the loader do it: the interpreter (PT_INTERP, never
 * searched), then the DT_NEEDED entries breadth-first over the load
 * set (_dl_map_object_deps; musl load_deps), each matched against what
 * is loaded before any search, then versions and undefined symbols.
 * The tree goes to x->out->nodes, the reasons to x->out->problems.
 */
#include "runtime/runtime.h"

#include <stdlib.h>
#include <string.h>

#define PATHSZ GOELF_IMAGE_MAX_PATH

static char *
dirname_of(const char *path)
{
	const char *s = strrchr(path, '/');

	if (!s)
		return goelf_xstrdup(".");
	if (s == path)
		return goelf_xstrdup("/");
	return goelf_xstrndup(path, (size_t)(s - path));
}

static const char *
base_of(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static struct goelf_rt_obj *
add_obj(struct goelf_rt_ctx *x, const struct goelf_facts *f,
	const struct goelf_rt_symtab *syms, const struct goelf_rt_lib *lib,
	const char *path, const char *origin_of, int loader, unsigned depth)
{
	struct goelf_rt_obj *o;

	x->objs = goelf_xrealloc(x->objs, (x->nobjs + 1) * sizeof(*x->objs));
	o = &x->objs[x->nobjs++];
	memset(o, 0, sizeof(*o));
	o->f = f;
	o->syms = syms;
	o->lib = lib;
	o->path = goelf_xstrdup(path);
	o->origin = dirname_of(origin_of);
	o->loader = loader;
	o->depth = depth;
	o->node = -1;
	return o;
}

static void
to_scope(struct goelf_rt_ctx *x, size_t i)
{
	if (x->objs[i].in_scope)
		return;
	x->objs[i].in_scope = true;
	x->scope = goelf_xrealloc(x->scope, (x->nscope + 1) * sizeof(size_t));
	x->scope[x->nscope++] = i;
}

static int
add_node(struct goelf_rt_ctx *x, const char *name, const char *path,
	 enum goelf_rt_how how, const char *error, int parent, unsigned depth)
{
	struct goelf_runtime *rt = x->out;
	struct goelf_rt_node *n;

	if (rt->nnodes >= GOELF_RT_MAX_NODES)
		return -1;
	rt->nodes = goelf_xrealloc(rt->nodes,
				   (rt->nnodes + 1) * sizeof(*rt->nodes));
	n = &rt->nodes[rt->nnodes];
	memset(n, 0, sizeof(*n));
	n->name = goelf_xstrdup(name);
	n->path = path && *path ? goelf_xstrdup(path) : NULL;
	n->how = how;
	n->error = error ? goelf_xstrdup(error) : NULL;
	n->parent = parent;
	n->depth = depth;
	return (int)rt->nnodes++;
}

static void
limit(struct goelf_rt_ctx *x, const char *what)
{
	x->out->limit_reached = true;
	goelf_rt_problem(x, "input.limit_reached", GOELF_SEV_WARN,
			 "%s: the load set is judged only in part", what);
}

/* What ld.so reads of a loaded object (headers, dynamic section,
 * symbols, versions) that goelf found damaged or read only up to a cap:
 * the judgement of that object is partial, and ld.so may read it
 * differently (or crash on it).  One problem per object. */
static void
lib_damage(struct goelf_rt_ctx *x, const struct goelf_rt_lib *l,
	   const char *path)
{
	static const char *const loader[] = { "phdrs",	"dynamic", "dynsym",
					      "verdef", "verneed", "versym",
					      "interp" };

	for (size_t i = 0; i < l->facts.nissues; i++) {
		const struct goelf_issue *is = &l->facts.issues[i];

		for (size_t k = 0; k < ARRAY_SIZE(loader); k++) {
			if (!is->what || strcmp(is->what, loader[k]) != 0)
				continue;
			if (is->limit)
				x->out->limit_reached = true;
			goelf_rt_problem(
				x,
				is->limit ? "input.limit_reached"
					  : "input.malformed",
				GOELF_SEV_WARN,
				"%s: %s %s: judged only in part; ld.so "
				"may read it differently",
				path, is->what, is->message ? is->message : "");
			return;
		}
	}
}

static const char *
machine_name(uint16_t m)
{
	switch (m) {
	case EM_X86_64: return "x86-64";
	case EM_386: return "i386";
	case EM_AARCH64: return "aarch64";
	case EM_ARM: return "arm";
	case EM_PPC64: return "ppc64";
	case EM_S390: return "s390";
	case EM_RISCV: return "riscv";
	case EM_MIPS: return "mips";
	case 258: return "loongarch"; /* EM_LOONGARCH */
	default: return "other";
	}
}

static const char *
elf_class_name(int c)
{
	return c == 64 ? "ELFCLASS64" : c == 32 ? "ELFCLASS32" : "?";
}

/* Known loaders of each platform, to tell the root's machine when a
 * static binary brings no interpreter. */
static const char *const known_loaders[] = {
	"/lib64/ld-linux-x86-64.so.2",
	"/lib/ld-linux-aarch64.so.1",
	"/lib/ld-linux-armhf.so.3",
	"/lib/ld-linux.so.3",
	"/lib/ld-linux.so.2",
	"/lib64/ld64.so.2",
	"/lib/ld64.so.1",
	"/lib/ld-linux-riscv64-lp64d.so.1",
	"/lib/ld-musl-x86_64.so.1",
	"/lib/ld-musl-aarch64.so.1",
	"/lib/ld-musl-armhf.so.1",
	"/lib/ld-musl-i386.so.1",
	"/lib/ld-musl-s390x.so.1",
	"/lib/ld-musl-ppc64le.so.1",
	"/lib/ld-musl-riscv64.so.1",
};

/* A binary of machine b runs on a kernel of machine k with the usual
 * compat support (x86-64 runs i386, AArch64 runs 32-bit Arm). */
static bool
compat(unsigned b, unsigned k)
{
	return (b == EM_386 && k == EM_X86_64) ||
	       (b == EM_ARM && k == EM_AARCH64);
}

/*
 * A binary without PT_INTERP (static, or static-pie) is mapped by the
 * kernel alone: it needs only a CPU of its machine.  The root's own
 * platform shows in its loaders: when the root has loaders and none is
 * of the binary's machine and class, the image is for another platform
 * (runtime.arch_mismatch).  A root without any (scratch, distroless
 * static) says nothing; the image config's platform check (policy)
 * covers that case.
 */
static void
judge_static(struct goelf_rt_ctx *x)
{
	const struct goelf_facts *f = &x->r->facts;
	const struct goelf_rt_lib *other = NULL;
	char res[PATHSZ];

	for (size_t i = 0; i < ARRAY_SIZE(known_loaders); i++) {
		enum goelf_rootfs_kind k;
		const struct goelf_rt_lib *l;

		if (goelf_rt_libs_stat(x->libs, known_loaders[i], res,
				       sizeof(res), &k) != 0 ||
		    k != GOELF_RFS_REG)
			continue;
		l = goelf_rt_libs_get(x->libs, res);
		if (!l || l->err != GOELF_OK)
			continue;
		if (l->facts.e_machine == f->e_machine &&
		    l->facts.elf_class == f->elf_class)
			return;
		if (!other)
			other = l;
	}
	if (other && compat(f->e_machine, other->facts.e_machine)) {
		goelf_rt_problem(
			x, "runtime.arch_mismatch", GOELF_SEV_WARN,
			"%s is a static %s binary on a %s image: it runs only "
			"where the kernel runs %s binaries too (IA32 or "
			"AArch32 emulation, usual but not everywhere); use "
			"the image variant of the binary's platform",
			x->at, machine_name(f->e_machine),
			machine_name(other->facts.e_machine),
			machine_name(f->e_machine));
		return;
	}
	if (!other) {
		/* No loader to tell: the platform of the config (or, for
		 * a directory, of this machine). */
		const char *pa = x->env ? x->env->arch : NULL;
		const char *ba = x->r->an.arch;

		if (!pa || !ba || !strcmp(ba, "unknown") || !strcmp(pa, ba))
			return;
		goelf_rt_problem(
			x, "runtime.arch_mismatch",
			(!strcmp(ba, "386") && !strcmp(pa, "amd64")) ||
					(!strcmp(ba, "arm") &&
					 !strcmp(pa, "arm64"))
				? GOELF_SEV_WARN
				: GOELF_SEV_FAIL,
			"%s is a static linux/%s binary and the image is for "
			"linux/%s: exec fails with 'exec format error' (a "
			"386 or arm binary runs only where the kernel "
			"emulates it); use the image variant of the "
			"binary's platform",
			x->at, ba, pa);
		return;
	}
	if (other)
		goelf_rt_problem(
			x, "runtime.arch_mismatch", GOELF_SEV_FAIL,
			"%s is a static %s %s binary (e_machine %u) "
			"but the image's loader %s is %s %s (e_machine "
			"%u): the image is for another platform (exec "
			"fails with 'exec format error'); use the "
			"image variant of the binary's platform",
			x->at, machine_name(f->e_machine),
			elf_class_name(f->elf_class), f->e_machine, other->path,
			machine_name(other->facts.e_machine),
			elf_class_name(other->facts.elf_class),
			other->facts.e_machine);
}

/* The interpreter: 0 usable (x->interp set), -1 not. */
static int
judge_interp(struct goelf_rt_ctx *x)
{
	const struct goelf_facts *f = &x->r->facts;
	const char *ip = f->interp;
	char cand[PATHSZ], res[PATHSZ];
	enum goelf_rootfs_kind k;
	const struct goelf_rt_lib *l;
	struct goelf_rt_obj *o;
	const char *cwd = x->env && x->env->workdir && *x->env->workdir
				  ? x->env->workdir
				  : "/";
	const char *b = base_of(ip);
	int node;

	if (ip[0] == '/')
		snprintf(cand, sizeof(cand), "%s", ip);
	else
		snprintf(cand, sizeof(cand), "%s/%s", cwd, ip);
	if (!strncmp(b, "ld-musl-", 8)) {
		const char *e = strstr(b + 8, ".so");

		x->is_musl = true;
		x->musl_arch = goelf_xstrndup(b + 8, e ? (size_t)(e - b - 8)
						       : strlen(b + 8));
	}
	if (goelf_rt_libs_stat(x->libs, cand, res, sizeof(res), &k) != 0 ||
	    k != GOELF_RFS_REG) {
		add_node(x, ip, NULL, GOELF_RT_INTERP, "not found", -1, 1);
		goelf_rt_problem(
			x, "runtime.interpreter_missing", GOELF_SEV_FAIL,
			"%s needs the interpreter %s, which the image "
			"does not have%s: exec fails with ENOENT "
			"('no such file or directory', 'required file "
			"not found'); use a base image with %s or "
			"build with CGO_ENABLED=0",
			x->at, ip,
			k == GOELF_RFS_DIR ? " (a directory there)" : "",
			x->is_musl ? "musl" : "glibc");
		return -1;
	}
	l = goelf_rt_libs_get(x->libs, res);
	if (!l || l->err != GOELF_OK || l->facts.elf_class != f->elf_class ||
	    l->facts.endian != f->endian ||
	    l->facts.e_machine != f->e_machine) {
		const char *why = !l ? "not an ELF file"
				  : l->err != GOELF_OK
					  ? (l->error ? l->error
						      : "not a usable ELF file")
				  : l->facts.e_machine != f->e_machine
					  ? "another machine"
				  : l->facts.elf_class != f->elf_class
					  ? "another ELF class"
					  : "another byte order";

		add_node(x, ip, res, GOELF_RT_INTERP, why, -1, 1);
		goelf_rt_problem(x, "runtime.interpreter_wrong", GOELF_SEV_FAIL,
				 "%s needs the interpreter %s, but the image's "
				 "%s is %s: exec fails ('exec format error' or "
				 "'no such file or directory'); the image is "
				 "for another platform or the file is damaged",
				 x->at, ip, res, why);
		return -1;
	}
	x->interp = l;
	x->out->interp = goelf_xstrdup(res);
	node = add_node(x, ip, res, GOELF_RT_INTERP, NULL, -1, 1);
	o = add_obj(x, &l->facts, &l->syms, l, res, cand, -1, 1);
	o->is_interp = true;
	o->node = node;
	goelf_strlist_add(&o->names, ip);
	return 0;
}

/* The object already loaded that answers to name, or -1: glibc by
 * _dl_name_match_p (names requested, SONAME); musl by shortname. */
static int
find_loaded(struct goelf_rt_ctx *x, const char *name)
{
	for (size_t i = 1; i < x->nobjs; i++) {
		const struct goelf_rt_obj *o = &x->objs[i];

		if (goelf_strlist_has(&o->names, name))
			return (int)i;
		if (!x->is_musl && o->f->soname && !strcmp(o->f->soname, name))
			return (int)i;
	}
	return -1;
}

static int
find_path(struct goelf_rt_ctx *x, const char *path)
{
	for (size_t i = 1; i < x->nobjs; i++)
		if (!strcmp(x->objs[i].path, path))
			return (int)i;
	return -1;
}

/* musl swaps a glibc libc found by path for itself (load_library). */
static bool
is_glibc_libc(const struct goelf_rt_lib *l)
{
	return goelf_rt_defines(&l->facts, &l->syms, "__libc_start_main",
				goelf_rt_hash("__libc_start_main"), NULL, false,
				true) &&
	       goelf_rt_defines(&l->facts, &l->syms, "stdin",
				goelf_rt_hash("stdin"), NULL, false, true);
}

static void
missing(struct goelf_rt_ctx *x, size_t req, const char *name,
	const struct goelf_buf *searched, struct goelf_strlist *seen)
{
	const struct goelf_rt_obj *o = &x->objs[req];

	if (goelf_strlist_has(seen, name))
		return;
	goelf_strlist_add(seen, name);
	if (x->is_musl)
		goelf_rt_problem(x, "runtime.library_missing", GOELF_SEV_FAIL,
				 "%s: Error loading shared library (needed by "
				 "%s; searched:%s%s); add it to the image or "
				 "link it statically",
				 name, req ? o->path : x->at, searched->buf,
				 searched->truncated ? " ..." : "");
	else
		goelf_rt_problem(x, "runtime.library_missing", GOELF_SEV_FAIL,
				 "%s: cannot open shared object file (needed "
				 "by %s; searched:%s%s); add it to the image "
				 "or link it statically",
				 name, req ? o->path : x->at, searched->buf,
				 searched->truncated ? " ..." : "");
}

/* One preloaded object (rtld.c do_preload): searched as the main
 * program's NEEDED would be; one that cannot be loaded is ignored with
 * a message.  Preloads sit right after the binary in the load list. */
static void
preload_one(struct goelf_rt_ctx *x, const char *name, const char *from)
{
	struct goelf_buf searched;
	char path[PATHSZ];
	enum goelf_rt_how how;
	const struct goelf_rt_lib *l;
	const char *fatal = NULL;
	struct goelf_rt_obj *o;
	int node;

	if (x->nobjs >= GOELF_RT_MAX_LIBS ||
	    x->out->nnodes >= GOELF_RT_MAX_NODES)
		return;
	if (find_loaded(x, name) >= 0)
		return;
	goelf_buf_init(&searched, 1024);
	l = goelf_rt_find(x, 0, name, path, sizeof(path), &how, &searched,
			  &fatal);
	if (!l || find_path(x, path) >= 0) {
		if (!l)
			goelf_rt_problem(x, "runtime.library_missing",
					 GOELF_SEV_WARN,
					 "%s from %s cannot be preloaded (%s; "
					 "searched:%s): ld.so ignores it",
					 name, from,
					 fatal ? fatal
					       : "cannot open shared object "
						 "file",
					 searched.buf);
		goelf_buf_release(&searched);
		return;
	}
	goelf_buf_release(&searched);
	node = add_node(x, name, path, how, NULL, -1, 1);
	o = add_obj(x, &l->facts, &l->syms, l, path, x->opened, 0, 1);
	o->node = node;
	goelf_strlist_add(&o->names, name);
	to_scope(x, x->nobjs - 1);
}

/* Splits s at white space and ':' (LD_PRELOAD, /etc/ld.so.preload). */
static void
preload_list(struct goelf_rt_ctx *x, const char *s, const char *from)
{
	char name[PATHSZ];
	unsigned count = 0;

	while (*s && count++ < GOELF_RT_MAX_LIBS) {
		size_t n;

		s += strspn(s, " \t\n:");
		n = strcspn(s, " \t\n:");
		if (n && n < sizeof(name)) {
			memcpy(name, s, n);
			name[n] = 0;
			preload_one(x, name, from);
		}
		s += n;
	}
}

static void
preload(struct goelf_rt_ctx *x)
{
	const char *e = x->env ? goelf_rt_getenv(x->env, "LD_PRELOAD") : NULL;
	uint8_t *data = NULL;
	size_t n = 0;

	if (x->is_musl) { /* musl: LD_PRELOAD only */
		if (e)
			preload_list(x, e, "LD_PRELOAD");
		return;
	}
	if (e)
		preload_list(x, e, "LD_PRELOAD");
	if (goelf_rootfs_read(x->fs, "/etc/ld.so.preload",
			      GOELF_ROOTFS_MAX_FILE, &data, &n) == 0)
		preload_list(x, (const char *)data, "/etc/ld.so.preload");
	free(data);
}

static void
load_needed(struct goelf_rt_ctx *x)
{
	struct goelf_strlist seen = { 0 };
	struct goelf_buf searched;
	char path[PATHSZ];

	goelf_buf_init(&searched, 1024);
	for (size_t qi = 0; qi < x->nobjs; qi++) {
		const struct goelf_strlist *nd = &x->objs[qi].f->needed;
		unsigned depth = x->objs[qi].depth + 1;

		if (x->objs[qi].is_interp || !nd->n)
			continue;
		if (depth > GOELF_RT_MAX_DEPTH) {
			limit(x, "NEEDED levels over GOELF_RT_MAX_DEPTH");
			continue;
		}
		for (size_t k = 0; k < nd->n; k++) {
			const char *name = nd->v[k];
			int parent = x->objs[qi].node;
			enum goelf_rt_how how;
			const struct goelf_rt_lib *l;
			const char *fatal = NULL;
			int j, node;

			if (x->out->nnodes >= GOELF_RT_MAX_NODES) {
				limit(x, "tree nodes over GOELF_RT_MAX_NODES");
				x->complete = false;
				goto out;
			}
			if (x->is_musl && x->nobjs > 1 &&
			    (goelf_rt_musl_reserved(name) ||
			     !strcmp(name, x->r->facts.interp))) {
				add_node(x, name, x->objs[1].path,
					 GOELF_RT_MUSL_RESERVED, NULL, parent,
					 depth);
				to_scope(x, 1);
				continue;
			}
			j = find_loaded(x, name);
			if (j >= 0) {
				add_node(x, name, x->objs[j].path,
					 GOELF_RT_LOADED, NULL, parent, depth);
				to_scope(x, (size_t)j);
				continue;
			}
			goelf_buf_reset(&searched);
			l = goelf_rt_find(x, qi, name, path, sizeof(path), &how,
					  &searched, &fatal);
			if (!l && fatal) {
				x->complete = false;
				add_node(x, name, path, how, fatal, parent,
					 depth);
				goelf_rt_problem(
					x, "runtime.library_unusable",
					GOELF_SEV_FAIL,
					"%s: %s: %s (needed by %s): ld.so "
					"stops "
					"here; replace the file in the image",
					name, path, fatal,
					qi ? x->objs[qi].path : x->at);
				continue;
			}
			if (!l) {
				x->complete = false;
				add_node(x, name, NULL, GOELF_RT_NOT_FOUND,
					 "not found", parent, depth);
				missing(x, qi, name, &searched, &seen);
				continue;
			}
			if (x->is_musl && x->nobjs > 1 && is_glibc_libc(l)) {
				add_node(x, name, x->objs[1].path,
					 GOELF_RT_MUSL_RESERVED, NULL, parent,
					 depth);
				to_scope(x, 1);
				continue;
			}
			j = find_path(x, path);
			if (j >= 0) {
				/* the same file (device and inode) */
				if (how != GOELF_RT_DIRECT)
					goelf_strlist_add(&x->objs[j].names,
							  name);
				add_node(x, name, path, GOELF_RT_LOADED, NULL,
					 parent, depth);
				to_scope(x, (size_t)j);
				continue;
			}
			if (x->nobjs >= GOELF_RT_MAX_LIBS) {
				limit(x, "objects over GOELF_RT_MAX_LIBS");
				x->complete = false;
				goto out;
			}
			node = add_node(x, name, path, how, NULL, parent,
					depth);
			{
				struct goelf_rt_obj *o =
					add_obj(x, &l->facts, &l->syms, l, path,
						x->opened, (int)qi, depth);

				o->node = node;
				lib_damage(x, l, path);
				/* musl's shortname exists only for a name
				 * found by a search. */
				if (how != GOELF_RT_DIRECT || !x->is_musl)
					goelf_strlist_add(&o->names, name);
			}
			to_scope(x, x->nobjs - 1);
		}
	}
out:
	goelf_buf_release(&searched);
	goelf_strlist_release(&seen);
}

void
goelf_rt_resolve(struct goelf_rt_ctx *x)
{
	const struct goelf_facts *f = &x->r->facts;
	char res[PATHSZ];
	enum goelf_rootfs_kind k;
	struct goelf_rt_obj *exe;

	/* $ORIGIN of the executable: /proc/self/exe, so resolved. */
	if (goelf_rt_libs_stat(x->libs, x->at, res, sizeof(res), &k) != 0)
		snprintf(res, sizeof(res), "%s", x->at);
	exe = add_obj(x, f, &x->exe_syms, NULL, x->at, res, -1, 0);
	(void)exe;
	to_scope(x, 0);
	x->complete = true;
	if (!f->interp) {
		judge_static(x);
		return;
	}
	if (judge_interp(x) != 0) {
		x->complete = false;
		return;
	}
	preload(x);
	load_needed(x);
	if (x->is_musl)
		to_scope(x, 1); /* musl's libc is always there */
	if (goelf_rt_libs_full(x->libs))
		limit(x, "the library cache is full (GOELF_RT_MAX_CACHED)");
	if (x->tries >= GOELF_RT_MAX_TRIES)
		limit(x, "candidate paths over GOELF_RT_MAX_TRIES");
	goelf_rt_versions(x);
	if (x->complete)
		goelf_rt_symbols(x);
	x->loaded = goelf_xcalloc(x->nobjs ? x->nobjs : 1, sizeof(*x->loaded));
	for (size_t i = 1; i < x->nobjs; i++)
		x->loaded[x->nloaded++] = x->objs[i].lib;
}
