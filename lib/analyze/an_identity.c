/*
 * an_identity.c - what the file is: GOARCH, ELF machine and type names,
 * and the target OS.
 */
#include "analyze/analyze.h"

#include <string.h>

struct machine {
	uint16_t em;
	const char *name;
};

static const struct machine machines[] = {
	{ EM_386, "EM_386" },	      { EM_X86_64, "EM_X86_64" },
	{ EM_ARM, "EM_ARM" },	      { EM_AARCH64, "EM_AARCH64" },
	{ EM_MIPS, "EM_MIPS" },	      { EM_PPC, "EM_PPC" },
	{ EM_PPC64, "EM_PPC64" },     { EM_S390, "EM_S390" },
	{ EM_RISCV, "EM_RISCV" },     { 258, "EM_LOONGARCH" },
	{ EM_SPARCV9, "EM_SPARCV9" }, { EM_SPARC, "EM_SPARC" },
	{ EM_IA_64, "EM_IA_64" },     { EM_NONE, "EM_NONE" },
};

/* GOARCH spelling (go/build syslist), which also encodes class and byte
 * order for the bi-endian machines. */
static const char *
goarch(const struct goelf_facts *f)
{
	bool be = f->endian == GOELF_BIG, is64 = f->elf_class == 64;

	switch (f->e_machine) {
	case EM_386: return "386";
	case EM_X86_64: return "amd64";
	case EM_ARM: return "arm";
	case EM_AARCH64: return "arm64";
	case 258: return "loong64";
	case EM_MIPS:
		if (is64)
			return be ? "mips64" : "mips64le";
		return be ? "mips" : "mipsle";
	case EM_PPC64: return be ? "ppc64" : "ppc64le";
	case EM_PPC: return "ppc";
	case EM_S390: return is64 ? "s390x" : "s390";
	case EM_RISCV: return is64 ? "riscv64" : "riscv";
	case EM_SPARCV9: return "sparc64";
	default: return "unknown";
	}
}

static const char *
type_name(uint16_t t)
{
	switch (t) {
	case ET_EXEC: return "exec";
	case ET_DYN: return "dyn";
	case ET_REL: return "rel";
	case ET_CORE: return "core";
	default: return "unknown";
	}
}

static bool
interp_has(const struct goelf_facts *f, const char *s)
{
	return f->interp && strstr(f->interp, s);
}

/*
 * The OS: EI_OSABI when it names one, the OS notes (Go writes
 * .note.netbsd.ident and the OpenBSD note; FreeBSD sets EI_OSABI), the
 * interpreter path, the glibc ABI tag.  Linux binaries usually say
 * ELFOSABI_NONE and carry no note; Go's linker marks every other OS it
 * targets, so a Go binary with none of these marks is a Linux one.
 */
static const char *
os_name(const struct goelf_facts *f, bool is_go)
{
	if (f->osabi == ELFOSABI_FREEBSD || f->has_freebsd_note ||
	    interp_has(f, "ld-elf.so"))
		return "freebsd";
	if (f->osabi == ELFOSABI_NETBSD || f->has_netbsd_note ||
	    interp_has(f, "ld.elf_so"))
		return "netbsd";
	if (f->osabi == ELFOSABI_OPENBSD || f->has_openbsd_note ||
	    interp_has(f, "/usr/libexec/ld.so"))
		return "openbsd";
	if (f->has_android_note || interp_has(f, "/system/bin/linker"))
		return "android";
	if (f->osabi == ELFOSABI_SOLARIS ||
	    interp_has(f, "/usr/lib/amd64/ld.so"))
		return "solaris";
	if (f->osabi == ELFOSABI_GNU || (f->has_abi_tag && f->abi_tag[0] == 0))
		return "linux";
	if (interp_has(f, "ld-linux") || interp_has(f, "ld-musl") ||
	    interp_has(f, "/ld64.so") || interp_has(f, "/lib/ld.so.1"))
		return "linux";
	if (is_go && f->osabi == ELFOSABI_NONE)
		return "linux";
	return "unknown";
}

/* A Go binary: the Go build ID note, or the sections only Go's linker
 * writes (reference/go-binary-format.md 8.1). */
static bool
is_go(const struct goelf_facts *f)
{
	static const char *const names[] = {
		".go.buildinfo", ".gopclntab", ".data.rel.ro.gopclntab",
		".go.module",	 ".gosymtab",
	};

	if (f->go_build_id || f->go.has_buildinfo || f->go.has_pclntab ||
	    goelf_strlist_has(&f->markers, "runtime.main"))
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (goelf_find_section(f, names[i]))
			return true;
	return false;
}

void
goelf_an_identity(const struct goelf_facts *f, struct goelf_analysis *an)
{
	an->arch = goarch(f);
	an->machine = "unknown";
	for (size_t i = 0; i < ARRAY_SIZE(machines); i++)
		if (machines[i].em == f->e_machine)
			an->machine = machines[i].name;
	an->type = type_name(f->e_type);
	an->is_go = is_go(f);
	an->os = os_name(f, an->is_go);
}
