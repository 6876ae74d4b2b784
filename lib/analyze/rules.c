/*
 * rules.c - every finding id goelf emits, with a one-line summary and the
 * help text SARIF shows.  The ids are the public contract of the JSON and
 * SARIF output; tests check that every emitted id is registered here.
 */
#include "analyze/analyze.h"

#include <string.h>

static const struct goelf_rule rules[] = {
	{ "input.malformed", "Part of the file is malformed",
	  "A table inside the ELF file (notes, dynamic section, version "
	  "records, build info, pclntab ...) is damaged or lies about its "
	  "size. goelf reports what it could read; the named part is "
	  "incomplete. A binary from a normal toolchain never has this: "
	  "suspect corruption or tampering." },
	{ "input.limit_reached", "A safety cap was reached",
	  "goelf bounds every table it reads (GOELF_MAX_* in goelf.h). This "
	  "file reached one, so the named part of the report is partial. "
	  "Normal Go binaries stay far below the caps." },
	{ "elf.debug_only", "Separate debug-information file",
	  "The allocated sections (code, data) of this ELF file have no "
	  "bytes: it is a .debug file made by objcopy --only-keep-debug or "
	  "a debuginfo package, holding DWARF and symbols for a program "
	  "that is elsewhere. It is judged as data: it does not run." },
	{ "linkage.dynamic", "Dynamically linked",
	  "The binary needs an ELF interpreter and shared libraries at run "
	  "time, so the image must provide them. Go binaries built with "
	  "CGO_ENABLED=0 are static and run on scratch." },
	{ "glibc.min_version", "Minimum glibc version",
	  "The highest GLIBC_x.y symbol version the binary needs. On an "
	  "image with an older glibc the loader stops with 'version "
	  "GLIBC_x.y not found'. Rebuild with CGO_ENABLED=0, or link on a "
	  "distribution with an older glibc." },
	{ "libc.musl_dynamic", "Linked against musl",
	  "The binary uses the musl loader and C library (Alpine). It does "
	  "not run on glibc images without a musl compatibility layer." },
	{ "libc.unknown", "C library unknown",
	  "goelf found no evidence, or conflicting evidence, of which C "
	  "library the binary needs. Check it by hand before choosing a "
	  "base image." },
	{ "libc.static_glibc_nss", "Static glibc that still loads code",
	  "glibc's NSS functions (getaddrinfo, getpwnam_r ...) and dlopen "
	  "load libnss_*.so.2 modules of the same glibc version at run time "
	  "even in a static binary, driven by /etc/nsswitch.conf. On scratch "
	  "or Alpine they fail or misbehave. Build with CGO_ENABLED=0 or "
	  "-tags netgo,osusergo." },
	{ "go.ca_certs_needed", "Needs CA certificates",
	  "crypto/x509 loads the system roots from "
	  "/etc/ssl/certs/ca-certificates.crt (and other paths). Images "
	  "without them (scratch, plain Debian) make TLS fail with "
	  "'x509: certificate signed by unknown authority'. Copy the bundle "
	  "into the image or embed golang.org/x/crypto/x509roots/fallback. "
	  "Decided from the pclntab function crypto/x509.loadSystemRoots." },
	{ "go.tzdata_needed", "Needs tzdata",
	  "time.LoadLocation reads /usr/share/zoneinfo. Without it, named "
	  "zones fail with 'unknown time zone'. Add tzdata to the image or "
	  "import _ \"time/tzdata\". Decided from pclntab function names." },
	{ "go.cgo", "Uses cgo",
	  "C code is linked into the binary, which ties it to a C library. "
	  "CGO_ENABLED=0 (with -tags netgo,osusergo for net and os/user) "
	  "removes it." },
	{ "go.trimpath_missing", "Built without -trimpath",
	  "Build-machine paths are embedded in the binary (file names in "
	  "pclntab and DWARF). Build with -trimpath for reproducible "
	  "binaries that do not leak paths." },
	{ "go.vcs_modified", "Built from a modified tree",
	  "vcs.modified=true: the binary was built from uncommitted changes "
	  "and matches no commit. Build release binaries from a clean "
	  "checkout." },
	{ "go.race", "Race detector build",
	  "Binaries built with -race are slower, use more memory and link "
	  "the C race runtime dynamically. Do not ship them." },
	{ "go.buildid_present", "Go build ID present",
	  "The Go build ID note changes with every build input. For "
	  "reproducible image layers set -ldflags=-buildid=." },
	{ "go.toolchain_unsupported", "Go toolchain out of support",
	  "Each major Go release is supported until there are two newer "
	  "major releases. Older toolchains get no security fixes; rebuild "
	  "with a supported Go. goelf ships a dated release table." },
	{ "go.version_unknown", "Go version unknown",
	  "A Go binary without build info, build version or a version "
	  "string goelf can trust." },
	{ "packer.upx", "Packed with UPX",
	  "UPX-packed binaries unpack themselves at run time: more memory, "
	  "no page sharing between processes, and scanners cannot read "
	  "them. Ship the unpacked binary." },
	{ "hardening.exec_stack", "Executable stack",
	  "PT_GNU_STACK has the execute flag, so stack overflows can run "
	  "injected code. Link with -z noexecstack." },
	{ "hardening.no_relro", "No RELRO",
	  "Relocation tables stay writable. Link with -z relro -z now." },
	{ "hardening.partial_relro", "Partial RELRO",
	  "Without BIND_NOW the GOT stays writable. Link with -z now." },
	{ "hardening.no_pie", "Not PIE",
	  "A dynamically linked executable that is not position independent "
	  "gets no ASLR for its own code. Use -buildmode=pie." },
	{ "hardening.c_no_canary", "C code without stack protector",
	  "The C code linked in through cgo has no stack protector "
	  "references. Build it with -fstack-protector-strong (CGO_CFLAGS)." },
	{ "debug.sections_present", "Debug data shipped",
	  "DWARF and other non-loaded sections make the image larger and "
	  "are not needed at run time. strip or -ldflags=\"-s -w\" removes "
	  "them; keep a copy for debugging." },
	{ "debug.symtab_present", "Symbol table present",
	  ".symtab is not needed at run time. Dropping it weakens "
	  "symbol-level vulnerability scanning; pclntab and buildinfo "
	  "survive -s -w, so Go scanners keep working." },
	{ "debug.build_paths_leaked", "Build paths in DWARF",
	  "DWARF names build-machine directories. Build with -trimpath." },
	{ "debug.strip_recommended", "Strip savings",
	  "How many bytes strip or -ldflags=\"-s -w\" would save, and the "
	  "trade-off: dropping .symtab weakens symbol-level vulnerability "
	  "scanning; pclntab and buildinfo survive -s -w." },
	{ "debug.dwarf_unavailable", "DWARF summary unavailable",
	  "The DWARF walk was refused (a section claims an implausible "
	  "decompressed size) or failed in its sandboxed child process." },
	{ "target.arch_unsupported",
	  "Image not published for this architecture",
	  "The base image has no variant for the binary's architecture in "
	  "its own documentation (the official-images or distroless build "
	  "files): pulling it for that platform fails. Build for a platform "
	  "the image supports, or choose another base." },
	{ "target.arch_mismatch", "Wrong architecture for the platform",
	  "The binary's architecture differs from the target platform." },
	{ "target.not_linux", "Not a Linux binary",
	  "The binary targets another OS; Linux images cannot run it." },
	{ "target.interpreter_missing", "Interpreter missing in the image",
	  "The ELF interpreter (dynamic loader) the binary names does not "
	  "exist in the image, so exec fails with 'no such file or "
	  "directory'." },
	{ "target.libc_mismatch", "Wrong C library for the image",
	  "A glibc binary on a musl image, or the reverse." },
	{ "target.glibc_too_old", "glibc in the image too old",
	  "The binary needs a newer glibc than the image has." },
	{ "target.library_missing", "Shared library missing in the image",
	  "A DT_NEEDED library is not in the image." },
	{ "target.library_unknown", "Shared library may be missing",
	  "goelf's image table does not say whether the image has this "
	  "library." },
	{ "target.static_glibc_nss", "Static glibc needs NSS modules",
	  "See libc.static_glibc_nss; the image lacks a matching glibc." },
	{ "target.no_ca_certs", "No CA certificates in the image",
	  "The binary loads system roots and the image has none." },
	{ "target.no_tzdata", "No tzdata in the image",
	  "The binary loads named time zones and the image has none." },
	{ "target.unknown_fact", "Image fact unknown",
	  "goelf's image table does not confirm a fact the binary needs." },
	{ "policy.max_glibc", "glibc floor above the policy",
	  "The policy's max-glibc is lower than what the binary needs." },
	{ "policy.require_static", "Policy requires a static binary",
	  "require = static, but the binary is dynamically linked." },
	{ "policy.require_no_cgo", "Policy forbids cgo", "require = no-cgo." },
	{ "policy.require_trimpath", "Policy requires -trimpath",
	  "require = trimpath, but the build settings lack -trimpath=true." },
	{ "policy.require_stripped", "Policy requires a stripped binary",
	  "require = stripped, but .symtab or DWARF is present." },
	{ "policy.max_debug_bytes", "Too much debug data",
	  "Non-loaded sections exceed the policy's max-debug-bytes." },
	{ "policy.arch_mismatch", "Wrong architecture for the platform",
	  "--platform (the policy's arch) names another architecture than "
	  "the binary's; reported as a finding when no target is selected, "
	  "so the platform is checked without one." },
	{ "policy.min_go", "Go toolchain older than the policy",
	  "The binary was built with a Go older than min-go." },
	{ "image.user_root", "Image runs as root",
	  "The image config has no User, or User is root/0. Clusters with "
	  "runAsNonRoot reject it. Set USER to a non-root uid." },
	{ "image.tmp_not_writable", "No writable /tmp",
	  "/tmp is missing or not mode 1777 and TMPDIR is unset; os.TempDir "
	  "users fail." },
	{ "image.malformed", "Image archive problem",
	  "A layer, manifest or config of the image could not be read." },
	/* lib/runtime/rt_needs.c: the data files a Go binary reads at run
	 * time, checked in the image or root it is judged in */
	{ "runtime.no_ca_certs", "No CA certificates for crypto/x509",
	  "The binary loads the system roots (crypto/x509.loadSystemRoots "
	  "in its pclntab, no embedded fallback bundle), and the image has "
	  "none where Go looks: $SSL_CERT_FILE or the first readable of "
	  "/etc/ssl/certs/ca-certificates.crt, /etc/pki/tls/certs/"
	  "ca-bundle.crt, /etc/ssl/ca-bundle.pem, /etc/pki/tls/cacert.pem, "
	  "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem, "
	  "/etc/ssl/cert.pem (an empty one counts as none and hides the "
	  "later ones), then the files in $SSL_CERT_DIR (':'-separated) or "
	  "/etc/ssl/certs, /etc/pki/tls/certs. TLS then fails with 'x509: "
	  "certificate signed by unknown authority'. Fix: COPY "
	  "--from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/" },
	{ "runtime.no_tzdata", "No zoneinfo for time.LoadLocation",
	  "The binary loads named time zones without embedding the "
	  "database, and neither $ZONEINFO, /usr/share/zoneinfo, "
	  "/usr/share/lib/zoneinfo, /usr/lib/locale/TZ nor "
	  "$GOROOT/lib/time/zoneinfo.zip exists in the image: "
	  "time.LoadLocation fails with 'unknown time zone'. Fix: COPY the "
	  "zoneinfo directory into the image or import _ \"time/tzdata\"." },
	{ "runtime.nss_missing", "NSS module missing",
	  "The binary asks glibc's NSS for users, groups or hosts "
	  "(getpwuid_r, getaddrinfo ...), and /etc/nsswitch.conf (or, "
	  "without it, glibc's defaults: files, and files dns for hosts) "
	  "names a service whose module libnss_SERVICE.so.2 the image does "
	  "not have. glibc 2.34 and later have files and dns built into "
	  "libc.so.6. A static glibc binary loads the image's module, "
	  "which must come from the glibc it was linked with. Fix: install "
	  "the module, change nsswitch.conf, or build with CGO_ENABLED=0." },
	{ "runtime.no_passwd_entry", "Run user unknown to /etc/passwd",
	  "The binary calls user.Current() and the uid it runs as has no "
	  "line in the image's /etc/passwd. Pure Go (CGO_ENABLED=0, "
	  "osusergo) then falls back to $USER and $HOME (runc sets HOME) "
	  "and fails only without USER; the cgo version fails with 'user: "
	  "unknown userid'. Fix: add a passwd line for the uid." },
	{ "runtime.tmp_not_writable", "Temp dir not writable",
	  "The binary creates temporary files or directories "
	  "(os.CreateTemp, os.MkdirTemp, ioutil.TempFile/TempDir) in "
	  "$TMPDIR or /tmp, and that directory is missing, not a "
	  "directory, on a read-only root file system, or not writable by "
	  "the run uid and gid. Fix: mount an emptyDir at /tmp (--tmpfs "
	  "/tmp) or create it with mode 1777 in the image." },
	{ "image.wasted_bytes", "Image layers ship bytes nobody sees",
	  "Regular files of a layer that the final filesystem does not show: "
	  "deleted by a later whiteout or opaque directory, overwritten by a "
	  "later layer, or replaced by a later duplicate in the same layer. "
	  "A later RUN rm -rf does not remove them from the image. Use a "
	  "multi-stage build and COPY --from only what runs, or remove "
	  "files in the same RUN step that made them." },
	{ "image.build_leftovers", "Build leftovers shipped",
	  "Files of known build leftover classes, by path: the Go build "
	  "cache (.cache/go-build), the module cache (go/pkg/mod), a Go "
	  "toolchain (usr/local/go), package manager caches and lists, Go "
	  "sources and .git directories. Build in a separate stage "
	  "(multi-stage build) and keep caches out of the layers with RUN "
	  "--mount=type=cache,target=/root/.cache/go-build." },
	{ "image.unstripped_binaries", "Unstripped binaries in the image",
	  "ELF files of the final filesystem keep .symtab or debug "
	  "sections that strip --strip-all would remove. Build Go with "
	  "-ldflags=\"-s -w\" or strip in the build stage." },
	{ "policy.image_max_size", "Image larger than the policy",
	  "The layers ship more bytes than [image] max-size (--max-size)." },
	{ "policy.image_max_wasted", "Too many wasted image bytes",
	  "The wasted bytes exceed [image] max-wasted (--max-wasted)." },
	{ "policy.image_max_wasted_percent", "Too large a wasted share",
	  "The wasted share of the layers' bytes exceeds [image] "
	  "max-wasted-percent (--max-wasted-percent)." },
	{ "policy.image_forbidden_class", "Forbidden leftover class shipped",
	  "The image ships files of a class [image] forbid-classes "
	  "(--forbid-classes) names." },
	{ "diff.size_growth", "Binary grew beyond the threshold",
	  "The new build is larger than --max-growth allows." },
	{ "diff.new_finding", "New finding",
	  "A finding that the old build did not have." },
	{ "diff.glibc_raised", "glibc floor raised",
	  "The new build needs a newer glibc than the old one." },
	{ "runtime.interpreter_missing", "Interpreter missing in the root",
	  "The ELF interpreter named by PT_INTERP (the dynamic loader, "
	  "e.g. /lib64/ld-linux-x86-64.so.2 or /lib/ld-musl-x86_64.so.1) "
	  "is not a regular file in the image or root, after resolving "
	  "its symlinks there. The kernel then fails exec with ENOENT "
	  "('no such file or directory', bash: 'required file not found'), "
	  "the same error as a missing program. Use a base image with the "
	  "C library the binary was linked against, or build it with "
	  "CGO_ENABLED=0." },
	{ "runtime.interpreter_wrong", "Interpreter unusable",
	  "The file at the PT_INTERP path is not an ELF file of the "
	  "binary's machine, class and byte order (an image for another "
	  "platform, or a damaged file), so exec fails. Use the image "
	  "variant of the binary's platform." },
	{ "runtime.library_missing", "Shared library not found",
	  "The dynamic loader searches the DT_NEEDED library in its order "
	  "(glibc: DT_RPATH unless DT_RUNPATH, LD_LIBRARY_PATH, the "
	  "object's own DT_RUNPATH, /etc/ld.so.cache, the system "
	  "directories with their glibc-hwcaps subdirectories; musl: "
	  "LD_LIBRARY_PATH, RPATH/RUNPATH, /etc/ld-musl-ARCH.path) and "
	  "does not find it in the image: the program stops before main "
	  "with 'cannot open shared object file' (exit 127). Install the "
	  "package that ships it, copy it into the image, or link it "
	  "statically." },
	{ "runtime.library_unusable", "Shared library unusable",
	  "The loader found a file under the library's name that it must "
	  "reject as fatal (not ELF, too short, wrong byte order, OS ABI or "
	  "ABI version, wrong e_type): glibc stops the whole start-up "
	  "there instead of searching on. Replace or remove the file." },
	{ "runtime.user_unknown", "Run user unknown to the image",
	  "The user the container runs as (--user, the image config's User "
	  "or the policy's [image] user) is a name the image's /etc/passwd "
	  "does not have: runc refuses to start the container ('unable to "
	  "find user'). Use a numeric UID[:GID] or add the user to "
	  "/etc/passwd in the image." },
	{ "runtime.arch_mismatch", "Static binary for another platform",
	  "The binary has no interpreter, so it needs only a CPU of its "
	  "machine, but the image's own loaders are for another machine or "
	  "ELF class: the image is for another platform and exec fails "
	  "with 'exec format error'. Use the image variant of the binary's "
	  "platform or rebuild for the image's. A root without any loader "
	  "is left to the platform check of the image config." },
	{ "runtime.version_missing", "Symbol version not provided",
	  "An object needs a symbol version (GLIBC_2.34, FOO_2 ...) that "
	  "the library providing it in the image does not define: glibc's "
	  "loader stops with \"version `X' not found\" (exit 1) before "
	  "main. A weak version only warns. For GLIBC_ versions, build on "
	  "a distribution with a glibc no newer than the image's, use a "
	  "newer base image, or build with CGO_ENABLED=0." },
	{ "runtime.symbol_undefined", "Undefined symbol at start-up",
	  "No object of the load set (the program and its libraries, "
	  "breadth-first, in the loader's global scope) defines a symbol "
	  "the program or a library needs, and the loader binds it at "
	  "start-up: data symbols always, functions under -z now "
	  "(DF_BIND_NOW, DF_1_NOW, LD_BIND_NOW) and always under musl. "
	  "The program stops with 'symbol lookup error: undefined symbol' "
	  "(musl: 'symbol not found'). Provide the library version that "
	  "defines it." },
	{ "runtime.symbol_lazy", "Undefined function, bound lazily",
	  "No object of the load set defines a function the program or a "
	  "library calls, but it is bound lazily: the program starts and "
	  "fails with 'symbol lookup error' at the first call. A call that "
	  "never happens is harmless; otherwise provide the library "
	  "version that defines it." },
};

size_t
goelf_rule_count(void)
{
	return ARRAY_SIZE(rules);
}

const struct goelf_rule *
goelf_rule_at(size_t i)
{
	return i < ARRAY_SIZE(rules) ? &rules[i] : NULL;
}

const struct goelf_rule *
goelf_rule_find(const char *id)
{
	for (size_t i = 0; i < ARRAY_SIZE(rules); i++)
		if (!strcmp(rules[i].id, id))
			return &rules[i];
	return NULL;
}
