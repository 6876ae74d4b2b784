/*
 * an_size.c - where the bytes of a file go (goelf size, goelf diff).
 *
 * Section classes: every section is put in one class by its flags and
 * name; the file bytes in no section (ELF header, program and section
 * header tables, alignment padding) are the class "unsectioned", so the
 * classes add up to the file size.  "types" is only .typelink and
 * .itablink: Go 1.19's runtime.types..etypes spans all of .rodata
 * (strings included), so the descriptors cannot be told apart from it
 * without reading every type.* symbol.
 *
 * Packages (bloaty's "every byte accounted for"): a pclntab function's
 * size is the distance to the next function's entry (the last one ends at
 * the table's end PC), so padding after a function counts for it, and
 * the sum is exactly the Go text.  The package is the name up to the
 * first '.' after the last '/' (runtime.funcpkgpath), after cutting
 * generic type arguments; the linker escapes '.' in the last path element
 * as %2e (cmd/internal/objabi.PathToPrefix), which is undone.  Names
 * without a package are assembly file-local symbols (cmpbody, gogo,
 * _rt0_amd64) or C from an internally linked cgo object: the known
 * toolchain ones are named in asm_pkg(); the others take the package of
 * the functions around them when both neighbours agree, or in a binary
 * without cgo the package before them; in a cgo binary they are C.  With external linking the C code is not in the
 * pclntab: its sized STT_FUNC symbols from .symtab are added (crt, cgo
 * glue, libgcc, libc by name), and what remains of .text is reported as
 * unattributed, never spread over packages.
 */
#include "analyze/analyze.h"

#include <stdlib.h>
#include <string.h>

#define PKG_MAX 512 /* longest package name kept */
#define NO_PKG	UINT32_MAX

static const char *const class_names[GOELF_SIZE_NCLASS] = {
	[GOELF_SIZE_TEXT] = "text",	      [GOELF_SIZE_RODATA] = "rodata",
	[GOELF_SIZE_PCLNTAB] = "pclntab",     [GOELF_SIZE_TYPES] = "types",
	[GOELF_SIZE_DATA] = "data",	      [GOELF_SIZE_DEBUG] = "debug",
	[GOELF_SIZE_SYMBOLS] = "symbols",     [GOELF_SIZE_OTHER] = "other",
	[GOELF_SIZE_HEADERS] = "unsectioned",
};

const char *
goelf_size_class_name(enum goelf_size_class_id c)
{
	return (unsigned)c < GOELF_SIZE_NCLASS ? class_names[c] : "other";
}

static uint64_t
add_sat(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static bool
prefix(const char *s, const char *p)
{
	/* First byte first: this runs for every pclntab function. */
	return s[0] == p[0] && !strncmp(s, p, strlen(p));
}

static enum goelf_size_class_id
classify(const struct goelf_section *s)
{
	if (s->flags & SHF_EXECINSTR)
		return GOELF_SIZE_TEXT;
	if (!strcmp(s->name, ".gopclntab") ||
	    !strcmp(s->name, ".data.rel.ro.gopclntab"))
		return GOELF_SIZE_PCLNTAB;
	if (!strcmp(s->name, ".typelink") || !strcmp(s->name, ".itablink") ||
	    !strcmp(s->name, ".data.rel.ro.typelink") ||
	    !strcmp(s->name, ".data.rel.ro.itablink"))
		return GOELF_SIZE_TYPES;
	if ((s->flags & SHF_ALLOC) && (s->flags & SHF_WRITE))
		return GOELF_SIZE_DATA;
	if (s->flags & SHF_ALLOC)
		return GOELF_SIZE_RODATA;
	if (prefix(s->name, ".debug") || prefix(s->name, ".zdebug"))
		return GOELF_SIZE_DEBUG;
	if (s->type == SHT_SYMTAB || s->type == SHT_SYMTAB_SHNDX ||
	    !strcmp(s->name, ".strtab"))
		return GOELF_SIZE_SYMBOLS;
	return GOELF_SIZE_OTHER;
}

static void
sections(const struct goelf_facts *f, struct goelf_analysis *an)
{
	uint64_t in_sections = 0;

	an->size_sections = goelf_xcalloc(f->nsections < GOELF_MAX_LISTED
						  ? f->nsections + 1
						  : GOELF_MAX_LISTED,
					  sizeof(*an->size_sections));
	for (size_t i = 0; i < f->nsections; i++) {
		const struct goelf_section *s = &f->sections[i];
		struct goelf_size_section tmp, *o = &tmp;

		if (s->type == SHT_NULL)
			continue;
		/* All sections count in the classes; the first
		 * GOELF_MAX_LISTED are listed (objects have thousands). */
		if (an->nsize_sections < GOELF_MAX_LISTED)
			o = &an->size_sections[an->nsize_sections++];
		else
			an->size_sections_truncated = true;
		o->name = s->name;
		o->size = s->size;
		o->file_bytes = s->in_file ? s->size : 0;
		o->cls = classify(s);
		o->bss = s->type == SHT_NOBITS && (s->flags & SHF_ALLOC);
		an->size_class[o->cls] =
			add_sat(an->size_class[o->cls], o->file_bytes);
		in_sections = add_sat(in_sections, o->file_bytes);
		if (o->bss)
			an->size_bss = add_sat(an->size_bss, s->size);
	}
	/* Overlapping sections (hostile) can claim more than the file. */
	an->size_class[GOELF_SIZE_HEADERS] =
		f->file_size > in_sections ? f->file_size - in_sections : 0;
}

/* Undoes the linker's %xx escapes in a package path. */
static void
unescape(char *s)
{
	char *w = s;

	for (const char *r = s; *r; r++) {
		static const char hex[] = "0123456789abcdef0123456789ABCDEF";
		const char *h1, *h2;

		if (r[0] == '%' && r[1] && r[2] &&
		    (h1 = strchr(hex, r[1])) != NULL &&
		    (h2 = strchr(hex, r[2])) != NULL) {
			int v = (int)((h1 - hex) % 16) * 16 +
				(int)((h2 - hex) % 16);

			if (v >= 0x20 && v < 0x7f) {
				*w++ = (char)v;
				r += 2;
				continue;
			}
		}
		*w++ = *r;
	}
	*w = '\0';
}

/* Compiler-generated type algorithms: the package of their type. */
static const char *const type_prefixes[] = {
	"type..eq.",
	"type..hash.",
	"type:.eq.",
	"type:.hash.",
};

static const char *const anon_prefixes[] = {
	"struct {",
	"*struct {",
	"interface {",
	"func(",
};

/* Suffixes GCC adds to local clones of a C function. */
static const char *const gcc_suffixes[] = {
	"part.",     "cold",	   "constprop.", "isra.",
	"lto_priv.", "localalias", "llvm.",
};

void
goelf_size_func_pkg(const char *name, char *out, size_t outsz)
{
	size_t n, slash = 0, dot;
	char tmp[PKG_MAX];

	if (!outsz)
		return;
	out[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(type_prefixes); i++) {
		if (!prefix(name, type_prefixes[i]))
			continue;
		name += strlen(type_prefixes[i]);
		/* *T, []T, [N]T, [...]T: the element type's package. */
		while (*name == '*' || *name == '[') {
			const char *c = *name == '[' ? strchr(name, ']') : name;

			if (!c)
				break;
			name = c + 1;
		}
		goelf_size_func_pkg(name, out, outsz);
		if (!out[0] || !strcmp(out, "go:anon"))
			snprintf(out, outsz, "go:typealg");
		return;
	}
	/* Promoted-method wrappers of anonymous types. */
	for (size_t i = 0; i < ARRAY_SIZE(anon_prefixes); i++)
		if (prefix(name, anon_prefixes[i])) {
			snprintf(out, outsz, "go:anon");
			return;
		}
	/* C++ names and GCC clones (f.part.0, f.cold) are not Go. */
	if (prefix(name, "_Z"))
		return;
	/* Generic instantiations: pkg.F[...] and pkg.(*T[...]).M. */
	n = strcspn(name, "[");
	for (size_t i = 0; i < n; i++)
		if (name[i] == '/')
			slash = i;
	for (dot = slash; dot < n && name[dot] != '.'; dot++)
		;
	if (dot >= n || dot == 0)
		return; /* no package: assembly or C */
	for (size_t i = 0; i < ARRAY_SIZE(gcc_suffixes); i++)
		if (prefix(name + dot + 1, gcc_suffixes[i]))
			return;
	if (dot >= sizeof(tmp))
		dot = sizeof(tmp) - 1;
	memcpy(tmp, name, dot);
	tmp[dot] = '\0';
	unescape(tmp);
	snprintf(out, outsz, "%s", tmp);
}

/* C code by name: the C runtime start files, the cgo glue, libgcc. */
static const char *
c_class(const char *name)
{
	static const char *const crt[] = {
		"_start",
		"_init",
		"_fini",
		"frame_dummy",
		"register_tm_clones",
		"deregister_tm_clones",
		"__do_global_dtors_aux",
		"__libc_csu_init",
		"__libc_csu_fini",
		"_dl_relocate_static_pie",
		"_start_c",
		"__x86.get_pc_thunk.bx",
		"__x86.get_pc_thunk.ax",
		"__x86.get_pc_thunk.cx",
		"__x86.get_pc_thunk.dx",
	};
	static const char *const cgo[] = {
		"_cgo_", "x_cgo_", "crosscall", "__cgo", "_cgoexp_",
	};
	static const char *const cgo_exact[] = { "fatalf", "threadentry" };
	static const char *const libgcc[] = {
		"__udiv",
		"__umod",
		"__div",
		"__mod",
		"__popcount",
		"__clz",
		"__ctz",
		"__ffs",
		"__bswap",
		"__ashl",
		"__ashr",
		"__lshr",
		"__mul",
		"__neg",
		"__cmp",
		"__ucmp",
		"__fix",
		"__float",
		"__extend",
		"__trunc",
		"__pow",
		"__cpu_indicator_init",
		"__gcc_",
		"_Unwind_",
		"__register_frame",
		"__deregister_frame",
		"__emutls",
		"__add",
		"__sub",
		"__eq",
		"__ne",
		"__lt",
		"__le",
		"__gt",
		"__ge",
		"__unord",
	};

	for (size_t i = 0; i < ARRAY_SIZE(crt); i++)
		if (!strcmp(name, crt[i]))
			return "C/crt";
	for (size_t i = 0; i < ARRAY_SIZE(cgo); i++)
		if (prefix(name, cgo[i]))
			return "C/cgo";
	for (size_t i = 0; i < ARRAY_SIZE(cgo_exact); i++)
		if (!strcmp(name, cgo_exact[i]))
			return "C/cgo";
	for (size_t i = 0; i < ARRAY_SIZE(libgcc); i++)
		if (prefix(name, libgcc[i]))
			return "C/libgcc";
	return NULL;
}

/*
 * File-local assembly functions (TEXT name<>(SB)) of the Go toolchain that
 * have no package in their name, as seen on go1.19 for every GOARCH.
 */
static const char *
asm_pkg(const char *name)
{
	static const char *const rt_prefix[] = { "_rt0_", "debugCall" };
	static const char *const rt[] = {
		"gogo",
		"callRet",
		"gosave_systemstack_switch",
		"setg_gcc",
		"_setg_gcc",
		"setg",
		"aeshashbody",
		"ldt0setup",
		"exit1",
		"sigtramp",
		"cgoSigtramp",
		"callfnMVC",
		"memclr_exrl_xc",
		"memmove_exrl_mvc",
		"kernelcas",
		"cas",
		"armCas64",
		"armXadd64",
		"armXchg64",
		"armLoad64",
		"armStore64",
		"memory_barrier",
		"kernelPublicationBarrier",
	};
	static const char *const bytealg[] = {
		"cmpbody",	"cmpbodyclc",	 "cmpbodyp9",
		"countbody",	"countbytebody", "memeqbody",
		"memeqbodyclc", "indexbody",	 "indexbytebody",
	};

	for (size_t i = 0; i < ARRAY_SIZE(rt_prefix); i++)
		if (prefix(name, rt_prefix[i]))
			return "runtime";
	for (size_t i = 0; i < ARRAY_SIZE(rt); i++)
		if (!strcmp(name, rt[i]))
			return "runtime";
	for (size_t i = 0; i < ARRAY_SIZE(bytealg); i++)
		if (!strcmp(name, bytealg[i]))
			return "internal/bytealg";
	return NULL;
}

/* Package table: names interned through an open-addressing hash. */
struct pkgtab {
	struct goelf_size_pkg *v;
	size_t n, alloc;
	uint32_t *slot; /* index + 1; 0 = empty */
	size_t nslot;	/* power of two */
};

static uint64_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static void
rehash(struct pkgtab *t)
{
	size_t ns = t->nslot ? t->nslot * 2 : 256;

	free(t->slot);
	t->slot = goelf_xcalloc(ns, sizeof(*t->slot));
	t->nslot = ns;
	for (size_t i = 0; i < t->n; i++) {
		size_t h = (size_t)hash(t->v[i].name) & (ns - 1);

		while (t->slot[h])
			h = (h + 1) & (ns - 1);
		t->slot[h] = (uint32_t)i + 1;
	}
}

static uint32_t
intern(struct pkgtab *t, const char *name)
{
	size_t h;

	if (2 * (t->n + 1) > t->nslot)
		rehash(t);
	h = (size_t)hash(name) & (t->nslot - 1);
	while (t->slot[h]) {
		uint32_t i = t->slot[h] - 1;

		if (!strcmp(t->v[i].name, name))
			return i;
		h = (h + 1) & (t->nslot - 1);
	}
	goelf_grow((void **)&t->v, &t->alloc, t->n + 1, sizeof(*t->v));
	memset(&t->v[t->n], 0, sizeof(t->v[t->n]));
	t->v[t->n].name = goelf_xstrdup(name);
	t->slot[h] = (uint32_t)t->n + 1;
	return (uint32_t)t->n++;
}

static void
charge(struct pkgtab *t, uint32_t i, uint64_t bytes)
{
	t->v[i].bytes = add_sat(t->v[i].bytes, bytes);
	t->v[i].funcs++;
}

static int
cmp_pkg(const void *a, const void *b)
{
	const struct goelf_size_pkg *x = a, *y = b;

	if (x->bytes != y->bytes)
		return x->bytes > y->bytes ? -1 : 1;
	return strcmp(x->name, y->name);
}

/*
 * The length of the plain package prefix of name (the bytes before the
 * package's '.'), or 0 when goelf_size_func_pkg() takes it apart in a
 * special way (type algorithms, anonymous types, C++, GCC clones).
 */
static size_t
pkg_raw_len(const char *name)
{
	size_t n, slash = 0, dot;

	for (size_t i = 0; i < ARRAY_SIZE(type_prefixes); i++)
		if (prefix(name, type_prefixes[i]))
			return 0;
	for (size_t i = 0; i < ARRAY_SIZE(anon_prefixes); i++)
		if (prefix(name, anon_prefixes[i]))
			return 0;
	if (prefix(name, "_Z"))
		return 0;
	n = strcspn(name, "[");
	for (size_t i = 0; i < n; i++)
		if (name[i] == '/')
			slash = i;
	for (dot = slash; dot < n && name[dot] != '.'; dot++)
		;
	/* Escaped or over-long prefixes take the slow path. */
	if (dot >= n || dot == 0 || dot >= PKG_MAX - 1 ||
	    memchr(name, '%', dot))
		return 0;
	return dot;
}

/*
 * Whether name, which starts with the len bytes of a plain package prefix
 * (pkg_raw_len() of an earlier name), has that package: what
 * goelf_size_func_pkg() would say.  The prefix holds the last '/' before
 * its '.' and no '[', so the package is the same when a '.' follows and
 * no '/' comes before a '['; of the special cases only the type
 * algorithms ("type..eq.") can start with a plain prefix ("type").
 */
static bool
same_pkg(const char *name, size_t len)
{
	const char *rest = name + len + 1;

	if (name[len] != '.' || (len == 4 && !memcmp(name, "type", 4)))
		return false;
	if (rest[strcspn(rest, "/[")] == '/')
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(gcc_suffixes); i++)
		if (prefix(rest, gcc_suffixes[i]))
			return false;
	return true;
}

/*
 * The Go functions.  limit bounds their end offsets (relative to the
 * pclntab's text start): the part of .text after that start.  A running
 * position keeps the ranges disjoint when a hostile table is not sorted.
 */
static uint64_t
go_funcs(const struct goelf_facts *f, struct pkgtab *t, uint64_t limit,
	 bool cgo, uint64_t *nfuncs)
{
	const struct goelf_gofacts *g = &f->go;
	size_t n = g->funcs.n;
	uint32_t *id, *next, prev = NO_PKG;
	uint64_t pos = 0, total = 0;
	char pkg[PKG_MAX];
	const char *prev_name = NULL; /* its package prefix: last_len bytes */
	size_t last_len = 0;

	if (!n || !g->func_entry)
		return 0;
	id = goelf_xcalloc(n, sizeof(*id));
	next = goelf_xcalloc(n, sizeof(*next));
	/* Functions of a package are adjacent: a name that starts with the
	 * previous one's package bytes and a '.' (and is no special case)
	 * has its package, without parsing or interning it again. */
	for (size_t i = 0; i < n; i++) {
		const char *s = g->funcs.v[i];

		if (last_len && !strncmp(s, prev_name, last_len) &&
		    same_pkg(s, last_len)) {
			id[i] = id[i - 1];
			continue;
		}
		goelf_size_func_pkg(s, pkg, sizeof(pkg));
		id[i] = pkg[0] ? intern(t, pkg) : NO_PKG;
		prev_name = s;
		last_len = id[i] != NO_PKG ? pkg_raw_len(s) : 0;
	}
	/* next[i]: the package of the nearest named function after i. */
	for (size_t i = n, last = NO_PKG; i-- > 0;) {
		next[i] = (uint32_t)last;
		if (id[i] != NO_PKG)
			last = id[i];
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t start = g->func_entry[i], end;
		uint32_t p = id[i];

		if (i + 1 < n)
			end = g->func_entry[i + 1];
		else
			end = g->funcs_truncated ? start : g->func_end;
		if (start < pos)
			start = pos;
		if (end > limit)
			end = limit;
		if (p == NO_PKG) {
			const char *c = c_class(g->funcs.v[i]);

			const char *a = asm_pkg(g->funcs.v[i]);

			if (a)
				p = intern(t, a);
			else if (c)
				p = intern(t, c);
			else if (prev != NO_PKG && prev == next[i])
				p = prev;
			else if (!cgo && (prev != NO_PKG || next[i] != NO_PKG))
				p = prev != NO_PKG ? prev : next[i];
			else
				p = intern(t, "C");
		} else {
			prev = p;
		}
		charge(t, p, end > start ? end - start : 0);
		if (end > start) {
			total += end - start;
			pos = end;
		}
		(*nfuncs)++;
	}
	free(id);
	free(next);
	return total;
}

/* C functions from .symtab inside [lo, hi), outside the Go text. */
static uint64_t
c_funcs(const struct goelf_facts *f, enum goelf_libc libc, struct pkgtab *t,
	uint64_t lo, uint64_t hi, uint64_t *nfuncs)
{
	bool static_libc =
		!f->needed.n && !f->interp &&
		(libc == GOELF_LIBC_GLIBC || libc == GOELF_LIBC_MUSL);
	uint64_t pos = lo, total = 0;

	for (size_t i = 0; i < f->nfuncsyms; i++) {
		const struct goelf_funcsym *s = &f->funcsyms[i];
		uint64_t a = s->addr, e;
		const char *c;

		e = a > UINT64_MAX - s->size ? UINT64_MAX : a + s->size;
		if (a < pos)
			a = pos;
		if (e > hi)
			e = hi;
		if (f->has_go_text_syms && a < f->go_text_start &&
		    e > f->go_text_start)
			e = f->go_text_start;
		if (e <= a)
			continue;
		c = c_class(s->name);
		if (!c)
			c = static_libc ? "C/libc" : "C";
		charge(t, intern(t, c), e - a);
		total += e - a;
		pos = e;
		(*nfuncs)++;
	}
	return total;
}

static const struct goelf_section *
text_section(const struct goelf_facts *f)
{
	for (size_t i = 0; i < f->nsections; i++) {
		const struct goelf_section *s = &f->sections[i];

		if (!strcmp(s->name, ".text") && (s->flags & SHF_EXECINSTR) &&
		    s->in_file)
			return s;
	}
	return NULL;
}

void
goelf_an_size(const struct goelf_facts *f, enum goelf_libc libc,
	      struct goelf_analysis *an)
{
	const struct goelf_section *text = text_section(f);
	struct pkgtab t = { 0 };
	uint64_t limit = UINT64_MAX;

	sections(f, an);
	if (text) {
		an->has_text = true;
		an->text_bytes = text->size;
		limit = text->size;
		/* External links put C start files before runtime.text. */
		if (f->has_go_text_syms && f->go_text_start >= text->addr &&
		    f->go_text_start - text->addr <= text->size)
			limit = text->size - (f->go_text_start - text->addr);
	}
	an->has_size = true;
	/* Per-package sizes need the function records: only when asked. */
	if (!f->opts.funcs)
		return;
	an->has_size_pkgs = true;
	an->size_go_bytes =
		go_funcs(f, &t, limit, an->cgo != 0, &an->size_nfuncs);
	/* .symtab holds the Go functions too when runtime.text is missing:
	 * use its C sizes only when the Go range is known (or no Go). */
	if (text && f->nfuncsyms && (f->has_go_text_syms || !f->go.funcs.n))
		an->size_c_bytes = c_funcs(f, libc, &t, text->addr,
					   add_sat(text->addr, text->size),
					   &an->size_nfuncs);
	an->size_attributed = an->size_go_bytes + an->size_c_bytes;
	if (text && an->size_attributed < text->size)
		an->size_unattributed = text->size - an->size_attributed;
	if (t.n)
		qsort(t.v, t.n, sizeof(*t.v), cmp_pkg);
	an->size_pkgs = t.v;
	an->nsize_pkgs = t.n;
	free(t.slot);
}

void
goelf_an_size_release(struct goelf_analysis *an)
{
	for (size_t i = 0; i < an->nsize_pkgs; i++)
		free(an->size_pkgs[i].name);
	free(an->size_pkgs);
	free(an->size_sections);
	an->size_pkgs = NULL;
	an->size_sections = NULL;
	an->nsize_pkgs = an->nsize_sections = 0;
}
