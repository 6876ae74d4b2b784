#!/usr/bin/env python3
"""check-layers.py - the layering of lib/ and cli/, checked on the objects
and the sources (docs/design.md, "Layers").

usage: check-layers.py BUILDDIR LAYER...   (LAYER: lib/ folders, bottom up)

Fails (exit 1, one line per problem) when
  1. an object calls or reads a symbol defined in a higher layer (nm);
  2. files form an import circle: a cycle of objects that use each
     other's symbols, or of headers that include each other;
  3. a source includes the private header of a higher layer, or cli/
     includes a lib/ header other than the public API;
  4. libelf's headers are included outside lib/elf, libdwarf's outside
     lib/dwarf, libarchive's outside lib/image, inih's
     outside lib/policy, nettle's outside lib/util;
  5. code below cli/ and render/ writes to stdout or stderr (references
     stdout, stderr or a stdio output function), except the
     abort-on-out-of-memory path of util/xalloc.c.
Prints "layers: N objects, M edges, ok" when all is well.
"""
import os
import re
import subprocess
import sys

# Objects below cli/ and render/ that may touch stdio, and why.
STDIO_OK = {
    "lib/util/xalloc.o": "dies on out-of-memory with a message (git die)",
    "lib/util/escape.o": "the one escaping writer, for the caller's stream",
}
STDIO_SYMS = {"stdout", "stderr", "printf", "vprintf", "puts", "putchar",
              "fputs", "fputc", "putc", "fprintf", "vfprintf", "fwrite",
              "perror", "_IO_putc", "__printf_chk", "__fprintf_chk",
              "__vfprintf_chk"}
SYS_HEADERS = {
    "gelf.h": ["lib/elf"], "libelf.h": ["lib/elf"],
    "libdwarf.h": ["lib/dwarf"], "dwarf.h": ["lib/dwarf"],
    "archive.h": ["lib/image"],
    "archive_entry.h": ["lib/image"],
    "ini.h": ["lib/policy"],
    "nettle/sha2.h": ["lib/util"],
}
# cli/ may include these lib headers (the public API is include/).
CLI_LIB_OK = set(os.environ.get("GOELF_CLI_LIB_HEADERS", "").split())


def nm(path, *flags):
    out = subprocess.run(["nm", *flags, path], capture_output=True,
                         text=True, check=True).stdout
    syms = []
    for line in out.splitlines():
        parts = line.split()
        if parts:
            syms.append(parts[-1])
    return syms


def scc(nodes, edges):
    """Tarjan: the strongly connected components with more than one node."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def main():
    build, layers = sys.argv[1], sys.argv[2:]
    folders = ["lib/" + l for l in layers] + ["cli"]
    rank = {f: i for i, f in enumerate(folders)}
    problems = []

    # --- objects -----------------------------------------------------------
    objs = {}
    for f in folders:
        d = os.path.join(build, "obj", f)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if name.endswith(".o"):
                objs[f + "/" + name] = os.path.join(d, name)
    if not objs:
        print("layers: no objects under %s/obj (build first)" % build)
        return 1
    defined, undef = {}, {}
    for o, path in objs.items():
        for s in nm(path, "-g", "--defined-only"):
            defined.setdefault(s, o)
        undef[o] = set(nm(path, "-u"))
    edges, why = {}, {}
    for o, us in undef.items():
        mine = rank[os.path.dirname(o)]
        for s in us:
            d = defined.get(s)
            if not d or d == o:
                continue
            edges.setdefault(o, set()).add(d)
            why.setdefault((o, d), []).append(s)
            if rank[os.path.dirname(d)] > mine:
                problems.append("upward call: %s uses %s, defined in %s"
                                % (o, s, d))
        if os.path.dirname(o) not in ("cli", "lib/render") and \
                o not in STDIO_OK:
            bad = sorted(us & STDIO_SYMS)
            if bad:
                problems.append("prints below cli/ and render/: %s uses %s"
                                % (o, ", ".join(bad)))
    for comp in scc(objs, edges):
        ties = []
        for a in comp:
            for b in comp:
                if (a, b) in why:
                    ties.append("%s -> %s (%s)" % (a, b,
                                ", ".join(sorted(why[(a, b)])[:3])))
        problems.append("import circle between %s: %s"
                        % (", ".join(comp), "; ".join(ties)))

    # --- sources -----------------------------------------------------------
    inc_re = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
    hdr_edges = {}
    for f in folders:
        for name in sorted(os.listdir(f)):
            if not name.endswith((".c", ".h")):
                continue
            src = f + "/" + name
            with open(src, encoding="utf-8", errors="replace") as fp:
                for n, line in enumerate(fp, 1):
                    m = inc_re.match(line)
                    if not m:
                        continue
                    kind, inc = m.groups()
                    where = "%s:%d" % (src, n)
                    if kind == "<":
                        allowed = SYS_HEADERS.get(inc)
                        if allowed and f not in allowed:
                            problems.append("%s includes <%s> (only in %s)"
                                            % (where, inc,
                                               ", ".join(allowed)))
                        continue
                    if inc == "goelf.h":
                        continue
                    dirname = os.path.dirname(inc)
                    target = ("lib/" + dirname) if dirname != "cli" \
                        else "cli"
                    if target not in rank:
                        problems.append("%s includes \"%s\", not a layer "
                                        "header" % (where, inc))
                        continue
                    if rank[target] > rank[f]:
                        problems.append("upward include: %s includes %s"
                                        % (where, inc))
                    if f == "cli" and target != "cli" and \
                            inc not in CLI_LIB_OK:
                        problems.append("%s includes %s: cli/ uses only "
                                        "the public API (include/goelf.h)"
                                        % (where, inc))
                    if src.endswith(".h"):
                        hdr_edges.setdefault(src, set()).add(
                            target + "/" + os.path.basename(inc))
    for comp in scc(set(hdr_edges), hdr_edges):
        problems.append("include circle between %s" % ", ".join(comp))

    for p in problems:
        print("layers: " + p)
    nedges = sum(len(v) for v in edges.values())
    if problems:
        print("layers: %d problem%s" % (len(problems),
                                        "" if len(problems) == 1 else "s"))
        return 1
    print("layers: %d objects, %d edges, ok" % (len(objs), nedges))
    return 0


if __name__ == "__main__":
    sys.exit(main())
