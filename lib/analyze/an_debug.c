/*
 * an_debug.c - leftover debug data and exact strip savings (bloaty-style:
 * every byte accounted for).
 *
 * The strip model follows binutils 2.40 objcopy (bfd/elf.c), checked by
 * experiment on the fixtures (tests/run-strip.sh runs the real strip):
 *  - Allocated sections never move.  The file contents restart right
 *    after the last allocated byte (the end of the last SHF_ALLOC section
 *    with file bytes; objcopy shrinks a PT_LOAD p_filesz that ran past
 *    it, and drops unsectioned padding such as Go's page round-up).
 *  - Removed: "debugging" sections, which BFD recognises by name only for
 *    non-alloc sections (_bfd_elf_make_section_from_shdr: .debug*,
 *    .zdebug*, .gnu.debuglto_.debug_*, .gnu.linkonce.wi.*, .line*,
 *    .stab*, .gdb_index) and relocation sections that apply to them.
 *    --strip-all also removes .symtab, .symtab_shndx and .strtab; it keeps
 *    .comment, .gnu_debuglink, .gnu_debugdata and non-alloc notes.
 *  - The kept non-alloc sections follow in section-header order, each
 *    aligned to its sh_addralign (assign_file_positions_for_non_load_
 *    sections); then .symtab (aligned to 8, or 4 for ELFCLASS32),
 *    .symtab_shndx and .strtab (_bfd_elf_compute_section_file_positions);
 *    then a new .shstrtab holding the kept names with suffix merging
 *    (_bfd_elf_strtab_finalize); then the section header table aligned
 *    to 8 (4 for ELFCLASS32) with one entry per kept section plus the
 *    null entry and .shstrtab.
 *  - Known approximation: --strip-debug also drops STT_FILE symbols and
 *    section symbols of removed sections and re-merges .strtab, which
 *    needs the symbol table itself; the model keeps .symtab/.strtab at
 *    their size (measured error: under 1 KiB on every fixture).
 *
 * "go build -ldflags=-s -w" is modelled as "these sections were never
 * emitted": the DWARF sections, .symtab and .strtab go; what lies before
 * the first of them stays where it is (Go's internal linker writes DWARF
 * and symbols last, so the file simply ends there, padding included); a
 * kept section or the header table that lay after them is laid out again
 * as above (GNU ld -s does the same for externally linked binaries).
 */
#include "analyze/analyze.h"

#include <stdlib.h>
#include <string.h>

enum strip_mode {
	MODE_ALL,
	MODE_DEBUG,
	MODE_GO_SW
};

static bool
has_prefix(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

/* BFD's SEC_DEBUGGING test, for non-alloc sections only. */
static bool
is_debugging(const struct goelf_section *s)
{
	if (s->flags & SHF_ALLOC)
		return false;
	return has_prefix(s->name, ".debug") ||
	       has_prefix(s->name, ".zdebug") ||
	       has_prefix(s->name, ".gnu.debuglto_.debug_") ||
	       has_prefix(s->name, ".gnu.linkonce.wi.") ||
	       has_prefix(s->name, ".line") || has_prefix(s->name, ".stab") ||
	       !strcmp(s->name, ".gdb_index");
}

static bool
is_shstrtab(const struct goelf_section *s)
{
	return s->type == SHT_STRTAB && !(s->flags & SHF_ALLOC) &&
	       !strcmp(s->name, ".shstrtab");
}

/* The symbol table sections: index of .symtab, its string table and
 * .symtab_shndx; SIZE_MAX when absent. */
struct symtabs {
	size_t symtab, strtab, shndx;
};

static struct symtabs
find_symtabs(const struct goelf_facts *f)
{
	struct symtabs t = { SIZE_MAX, SIZE_MAX, SIZE_MAX };

	for (size_t i = 1; i < f->nsections; i++) {
		const struct goelf_section *s = &f->sections[i];

		if (s->type == SHT_SYMTAB && t.symtab == SIZE_MAX)
			t.symtab = i;
		else if (s->type == SHT_SYMTAB_SHNDX && t.shndx == SIZE_MAX)
			t.shndx = i;
	}
	if (t.symtab != SIZE_MAX) {
		uint32_t l = f->sections[t.symtab].link;

		if (l > 0 && l < f->nsections &&
		    f->sections[l].type == SHT_STRTAB &&
		    !is_shstrtab(&f->sections[l]))
			t.strtab = l;
	}
	return t;
}

static bool
is_symtab_part(const struct symtabs *t, size_t i)
{
	return i == t->symtab || i == t->strtab || i == t->shndx;
}

static bool
removed(const struct goelf_facts *f, const struct symtabs *t, size_t i,
	enum strip_mode m)
{
	const struct goelf_section *s = &f->sections[i];

	if (is_debugging(s))
		return true;
	if (m != MODE_DEBUG && is_symtab_part(t, i))
		return true;
	if (!(s->flags & SHF_ALLOC) &&
	    (s->type == SHT_REL || s->type == SHT_RELA) && s->info > 0 &&
	    s->info < f->nsections && s->info != i &&
	    is_debugging(&f->sections[s->info]))
		return true;
	return false;
}

/* Saturating: sizes from hand-built or hostile facts cannot wrap. */
static uint64_t
add_sat(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static uint64_t
align_up(uint64_t off, uint64_t align)
{
	uint64_t a = align & (~align + 1); /* lowest set bit, like BFD */

	if (a <= 1 || off > UINT64_MAX - (a - 1))
		return off;
	return (off + a - 1) & ~(a - 1);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Size of a string table holding these names with BFD's suffix merging:
 * sort the reversed names; a name is shared when it is a prefix of the
 * next one (so a suffix of a longer name) or equal to it. */
static uint64_t
strtab_size(const char *const *names, size_t n)
{
	char **rev = goelf_xcalloc(n ? n : 1, sizeof(*rev));
	uint64_t size = 1;

	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(names[i]);

		rev[i] = goelf_xmalloc(len + 1);
		for (size_t j = 0; j < len; j++)
			rev[i][j] = names[i][len - 1 - j];
		rev[i][len] = '\0';
	}
	qsort(rev, n, sizeof(*rev), cmp_str);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(rev[i]);

		if (!(i + 1 < n && !strncmp(rev[i], rev[i + 1], len)))
			size += len + 1;
		free(rev[i]);
	}
	free(rev);
	return size;
}

/* Can the layout be modelled at all?  Objects (ET_REL) have their
 * relocations and groups rewritten by strip; a file without a section
 * header table has nothing to strip; a section whose bytes lie outside
 * the file means the table is not to be trusted. */
static bool
modelable(const struct goelf_facts *f)
{
	if (!f->has_shdrs || f->nsections < 2 || !f->shdr_table_bytes)
		return false;
	if (f->e_type != ET_EXEC && f->e_type != ET_DYN)
		return false;
	if (f->elf_class != 32 && f->elf_class != 64)
		return false;
	for (size_t i = 1; i < f->nsections; i++) {
		const struct goelf_section *s = &f->sections[i];

		if (s->type != SHT_NOBITS && s->type != SHT_NULL && !s->in_file)
			return false;
	}
	return true;
}

static uint64_t
alloc_end(const struct goelf_facts *f)
{
	uint64_t end =
		f->elf_class == 64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);

	for (size_t i = 1; i < f->nsections; i++) {
		const struct goelf_section *s = &f->sections[i];

		if ((s->flags & SHF_ALLOC) && s->type != SHT_NOBITS &&
		    s->in_file && s->offset + s->size > end)
			end = s->offset + s->size;
	}
	for (size_t i = 0; i < f->nsegments; i++) {
		const struct goelf_segment *p = &f->segments[i];

		if (p->type == PT_PHDR &&
		    goelf_in_range(p->offset, p->filesz, f->file_size) &&
		    p->offset + p->filesz > end)
			end = p->offset + p->filesz;
	}
	return end;
}

/* Names of the sections kept in mode m, plus ".shstrtab". */
static uint64_t
kept_names_size(const struct goelf_facts *f, const struct symtabs *t,
		enum strip_mode m, size_t *nkept)
{
	const char **names = goelf_xcalloc(f->nsections + 1, sizeof(*names));
	size_t n = 0;
	uint64_t size;

	for (size_t i = 1; i < f->nsections; i++) {
		const struct goelf_section *s = &f->sections[i];

		if (s->type == SHT_NULL || is_shstrtab(s) ||
		    removed(f, t, i, m))
			continue;
		names[n++] = s->name;
	}
	*nkept = n;
	names[n] = ".shstrtab";
	size = strtab_size(names, n + 1);
	free(names);
	return size;
}

static uint64_t
shdr_entsize(const struct goelf_facts *f)
{
	return f->elf_class == 64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
}

static uint64_t
file_align(const struct goelf_facts *f)
{
	return f->elf_class == 64 ? 8 : 4;
}

/* Predicted file size after strip --strip-all / --strip-debug. */
static uint64_t
model_strip(const struct goelf_facts *f, const struct symtabs *t,
	    enum strip_mode m)
{
	uint64_t off = alloc_end(f), names;
	size_t nkept;

	for (size_t i = 1; i < f->nsections; i++) {
		const struct goelf_section *s = &f->sections[i];

		if ((s->flags & SHF_ALLOC) || s->type == SHT_NULL ||
		    is_shstrtab(s) || is_symtab_part(t, i) ||
		    removed(f, t, i, m))
			continue;
		off = align_up(off, s->addralign);
		if (s->type != SHT_NOBITS)
			off = add_sat(off, s->size);
	}
	if (m == MODE_DEBUG && t->symtab != SIZE_MAX) {
		off = align_up(off, file_align(f));
		off = add_sat(off, f->sections[t->symtab].size);
		if (t->shndx != SIZE_MAX)
			off = add_sat(align_up(off, 4),
				      f->sections[t->shndx].size);
		if (t->strtab != SIZE_MAX)
			off = add_sat(off, f->sections[t->strtab].size);
	}
	names = kept_names_size(f, t, m, &nkept);
	off = add_sat(off, names);
	off = align_up(off, file_align(f));
	off = add_sat(off, (uint64_t)(nkept + 2) * shdr_entsize(f));
	return off;
}

/* Predicted file size had -ldflags="-s -w" been given (see the top). */
static uint64_t
model_go_sw(const struct goelf_facts *f, const struct symtabs *t)
{
	uint64_t cut = UINT64_MAX, end, off, names;
	bool later = false;
	size_t nkept;

	for (size_t i = 1; i < f->nsections; i++) {
		const struct goelf_section *s = &f->sections[i];

		if (removed(f, t, i, MODE_GO_SW) && s->in_file && s->size &&
		    s->offset < cut)
			cut = s->offset;
	}
	if (cut == UINT64_MAX)
		return f->file_size;
	end = alloc_end(f);
	for (size_t i = 1; i < f->nsections; i++) {
		const struct goelf_section *s = &f->sections[i];

		if (removed(f, t, i, MODE_GO_SW) || !s->in_file)
			continue;
		if (s->offset >= cut && !(s->flags & SHF_ALLOC))
			later = true;
		else if (s->offset < cut && s->offset + s->size > end)
			end = s->offset + s->size;
	}
	if (f->shoff >= cut)
		later = true;
	else if (goelf_in_range(f->shoff, f->shdr_table_bytes, f->file_size) &&
		 f->shoff + f->shdr_table_bytes > end)
		end = f->shoff + f->shdr_table_bytes;
	if (!later)
		return cut;
	off = end < cut ? end : cut;
	names = kept_names_size(f, t, MODE_GO_SW, &nkept);
	for (size_t i = 1; i < f->nsections; i++) {
		const struct goelf_section *s = &f->sections[i];

		if ((s->flags & SHF_ALLOC) || removed(f, t, i, MODE_GO_SW) ||
		    !s->in_file || s->offset < cut)
			continue;
		off = align_up(off, s->addralign);
		off = add_sat(off, is_shstrtab(s) ? names : s->size);
	}
	if (f->shoff >= cut) {
		off = align_up(off, file_align(f));
		off = add_sat(off, (uint64_t)(nkept + 2) * shdr_entsize(f));
	}
	return off < f->file_size ? off : f->file_size;
}

static void
list_sections(const struct goelf_facts *f, struct goelf_analysis *an)
{
	size_t n = 0;

	an->debug_sections = goelf_xcalloc(f->nsections ? f->nsections : 1,
					   sizeof(*an->debug_sections));
	for (size_t i = 1; i < f->nsections; i++) {
		const struct goelf_section *s = &f->sections[i];
		struct goelf_debug_section *d;

		if ((s->flags & SHF_ALLOC) || s->type == SHT_NULL ||
		    is_shstrtab(s))
			continue;
		/* Objects can have tens of thousands of sections: all count
		 * in the total, the first GOELF_MAX_LISTED are listed. */
		an->ndebug_sections_all++;
		if (n >= GOELF_MAX_LISTED) {
			an->debug_total += s->type == SHT_NOBITS || !s->in_file
						   ? 0
						   : s->size;
			continue;
		}
		d = &an->debug_sections[n++];
		d->name = s->name;
		d->size = s->type == SHT_NOBITS || !s->in_file ? 0 : s->size;
		d->compressed = s->is_compressed;
		d->uncompressed_size =
			s->is_compressed ? s->uncompressed_size : 0;
		an->debug_total += d->size;
	}
	an->ndebug_sections = n;
}

static double
pct(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static void
findings_debug(const struct goelf_facts *f, const struct goelf_analysis *an,
	       const struct symtabs *t, struct goelf_findings *out)
{
	uint64_t dbytes = 0;
	size_t ndebug = 0;
	char h[32], h2[32];
	struct goelf_finding *x;

	for (size_t i = 1; i < f->nsections; i++)
		if (is_debugging(&f->sections[i]) && f->sections[i].in_file) {
			dbytes += f->sections[i].size;
			ndebug++;
		}
	if (ndebug) {
		goelf_fmt_size(dbytes, h, sizeof(h));
		if (an->has_strip_model) {
			goelf_fmt_size(an->savings_strip_debug, h2, sizeof(h2));
			x = goelf_findings_add(
				out, "debug.sections_present", GOELF_SEV_WARN,
				"%zu debug sections ship with the binary: %s "
				"(%.1f%% of the file); strip --strip-debug "
				"would save %s",
				ndebug, h, pct(dbytes, f->file_size), h2);
		} else {
			x = goelf_findings_add(
				out, "debug.sections_present", GOELF_SEV_WARN,
				"%zu debug sections ship with the binary: %s "
				"(%.1f%% of the file)",
				ndebug, h, pct(dbytes, f->file_size));
		}
		goelf_finding_evidence(x, "bytes=%llu",
				       (unsigned long long)dbytes);
		for (size_t i = 1, k = 0; i < f->nsections && k < 64; i++)
			if (is_debugging(&f->sections[i]) &&
			    f->sections[i].in_file) {
				goelf_finding_evidence(x, "section=%s",
						       f->sections[i].name);
				k++;
			}
	}
	if (t->symtab != SIZE_MAX) {
		const struct goelf_section *s = &f->sections[t->symtab];
		uint64_t b = s->size;

		if (t->strtab != SIZE_MAX)
			b += f->sections[t->strtab].size;
		goelf_fmt_size(b, h, sizeof(h));
		x = goelf_findings_add(out, "debug.symtab_present",
				       GOELF_SEV_INFO,
				       ".symtab and .strtab are present: %s "
				       "(%.1f%% of the file); they name every "
				       "function, which helps symbol-level "
				       "scanners and debuggers",
				       h, pct(b, f->file_size));
		goelf_finding_evidence(x, "bytes=%llu", (unsigned long long)b);
		goelf_finding_evidence(x, "section=%s", s->name);
	}
	if (an->has_strip_model && (ndebug || t->symtab != SIZE_MAX) &&
	    an->savings_strip_all > 0) {
		goelf_fmt_size(an->savings_strip_all, h, sizeof(h));
		goelf_fmt_size(an->savings_strip_debug, h2, sizeof(h2));
		x = goelf_findings_add(
			out, "debug.strip_recommended", GOELF_SEV_INFO,
			"strip --strip-all (or go build -ldflags=\"-s -w\") "
			"would save %s (%.1f%%), --strip-debug %s; trade-off: "
			"dropping .symtab weakens symbol-level vulnerability "
			"scanning of Go binaries, while .gopclntab and "
			".go.buildinfo (Go version, modules) survive -s -w",
			h, pct(an->savings_strip_all, f->file_size), h2);
		goelf_finding_evidence(
			x, "strip_all=%llu",
			(unsigned long long)an->savings_strip_all);
		goelf_finding_evidence(
			x, "strip_debug=%llu",
			(unsigned long long)an->savings_strip_debug);
		goelf_finding_evidence(x, "go_ldflags_s_w=%llu",
				       (unsigned long long)an->savings_go_s_w);
	}
}

static void
findings_dwarf(const struct goelf_facts *f, struct goelf_findings *out)
{
	const struct goelf_dwarf *d = &f->dwarf;
	struct goelf_finding *x = NULL;
	size_t n = 0;

	if (d->error)
		goelf_findings_add(out, "debug.dwarf_unavailable",
				   GOELF_SEV_WARN, "%s", d->error);
	if (!d->walked)
		return;
	for (size_t i = 0; i < d->build_paths.n; i++) {
		if (has_prefix(d->build_paths.v[i], "toolchain:"))
			continue;
		if (!x)
			x = goelf_findings_add(
				out, "debug.build_paths_leaked", GOELF_SEV_WARN,
				"DWARF names directories of the build machine "
				"(first: %.200s); build with -trimpath (and "
				"strip the DWARF) to keep them out",
				d->build_paths.v[i]);
		if (n++ < 16)
			goelf_finding_evidence(x, "path=%s",
					       d->build_paths.v[i]);
	}
}

void
goelf_an_debug(const struct goelf_facts *f, struct goelf_analysis *an,
	       struct goelf_findings *findings)
{
	struct symtabs t = find_symtabs(f);

	list_sections(f, an);
	an->has_strip_model = modelable(f);
	if (an->has_strip_model) {
		an->size_strip_all = model_strip(f, &t, MODE_ALL);
		an->size_strip_debug = model_strip(f, &t, MODE_DEBUG);
		/* strip can grow a file (a new .shstrtab and header table
		 * at the end): savings are then 0, the size is still
		 * reported. */
		an->savings_strip_all =
			an->size_strip_all < f->file_size
				? f->file_size - an->size_strip_all
				: 0;
		an->savings_strip_debug =
			an->size_strip_debug < f->file_size
				? f->file_size - an->size_strip_debug
				: 0;
		an->savings_go_s_w = f->file_size - model_go_sw(f, &t);
	}
	/* A separate debug-info file is the debug data: nothing to strip. */
	if (f->debug_only)
		return;
	findings_debug(f, an, &t, findings);
	findings_dwarf(f, findings);
}

void
goelf_an_debug_release(struct goelf_analysis *an)
{
	free(an->debug_sections);
	an->debug_sections = NULL;
	an->ndebug_sections = 0;
}
