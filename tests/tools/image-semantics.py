#!/usr/bin/python3
"""image-semantics.py - random layered images against goelf scan
(issue 13, item 14).

usage: image-semantics.py [--seed N] [--count M] [--index I] [--detail N]
                          [--keep DIR] [--self-check] [--tar-check N]
                          [--view ROOTFS_DUMP] GOELF

Builds M random container images (seeded: image I of seed N is always the
same image, whatever M is), writes them as docker-save tarballs and OCI
layouts (plain and gzip layers), computes with its own reference extractor
the filesystem a container sees, runs `goelf scan --format jsonl` over them
and compares.  Prints the seed, the first --detail disagreeing images in
detail (re-run one with --seed N --index I --detail 1 [--keep DIR] to get
the image itself), a summary "image-semantics: N images, M agree, K
disagree" with the disagreements per rule, and last "N passed, N failed".
Exit 1 when any image disagrees (or the self-check fails), 2 on usage or
infrastructure errors.  Python standard library only.

--self-check checks the reference extractor itself, before anything else:
the hand-written cases (HAND) and --tar-check random images (default 150)
are extracted for real, layer by layer, with GNU tar (as nobody, -P, into
a temporary directory): for each layer, first delete from the tree so far
what its whiteouts and opaque markers name (so they can only hit lower
layers), then `tar -x --exclude=.wh.*` the layer over it.  The resulting
tree (kinds, symlink texts, file bytes, which paths share an inode) must
equal the model's.  GNU tar refuses to replace a non-empty directory by a
non-directory, where the spec and the runtimes (RemoveAll) replace it: for
such images the layer is extracted one entry at a time and such a
directory removed first.  Images where a hard link names a lower-layer
file that its own layer whites out are skipped (reported as
tar-divergent): there the delete-first procedure loses the file the link
needs, while the rule below keeps its data (the safe side).

LAYER SEMANTICS (what the reference extractor implements)
==========================================================
The OCI image-spec's layer.md, and where runtimes (containerd applyNaive,
moby) differ from it or from each other, the side that reports the file:
"a gate must never hide a file that some runtime would keep".

Layers are applied bottom (first in the manifest) to top.  The state is a
table path -> node (directory, regular file = a reference to an inode
holding bytes, symlink = its text, other), each node remembering the
layer that last wrote it (its origin).  Applying layer N:

 0. Entries are read in tar order.  `.wh.NAME` and `.wh..wh..opq` are
    collected first (whatever their position) and applied after all the
    layer's other entries (rules 2 and 4), which are applied in order.
    (The generated member names are normal: relative, no ".", "..",
    "//".)
 1. DUPLICATE ENTRIES IN ONE LAYER: each entry is applied in turn over
    what the earlier ones made, so the LAST entry for a path wins (what
    tar and the runtimes extract); a directory after a directory merges.
 2. WHITEOUTS APPLY TO LOWER LAYERS ONLY: `.wh.NAME` in directory D
    deletes D/NAME and everything below it whose origin is a lower
    layer (origin < N); nodes written by layer N itself -- before or
    after the whiteout in the tar -- stay.  A directory that layer N
    re-declares (a directory entry over a directory) has origin N and
    stays, but its lower children go.
 3. HARD LINKS KEEP THEIR DATA: a hard link entry (type '1', linkname T)
    is resolved when it is applied, against the state at that point:
    the lower layers plus the earlier entries of its own layer, before
    this layer's whiteouts are applied (so a link to a lower file its
    own layer whites out still gets that file's data: the safe side).
    The new path shares T's inode: it keeps those bytes even if T is
    later replaced (by this layer or an upper one, by a text file or
    another ELF) or whited out.  In the final tree a hard link is a
    regular file like any other.
 4. OPAQUE WHITEOUTS: `D/.wh..wh..opq` deletes every node strictly
    below D whose origin is a lower layer, whatever the marker's
    position in the tar; D itself and layer N's own entries below D
    stay.  This holds in every directory, the image root included
    (`.wh..wh..opq` at the top of a layer hides every lower layer).
 +  Otherwise: a directory over a directory merges (origin becomes N);
    anything else replaces: the old node, and if it was a directory its
    whole subtree, is removed first.  Missing parents are created as
    directories; after the whiteouts a surviving node whose parent was
    whited out gets that parent back as a directory of layer N (as when
    tar extracts D/x after D was deleted).
 (The generator writes a directory entry for every parent that its layer
 has not declared or that is no directory at that point, and about half
 the time also for one that is, so no entry goes through a symlink.)

WHAT GOELF MUST REPORT (the comparison)
=======================================
Regular files: the set of in-image paths ("/a/b") that are regular files
starting with \\x7fELF in the final tree must equal goelf's file records
plus its hard-link records; every generated ELF has a distinct size, and a
file record must carry elf.size equal to the bytes at that path (so the
right duplicate, the right layer and the right link data are checked, not
only the path).  A hard link may be shown either as a file record at its
own path with its own bytes, or as a link record {kind hardlink, elf true}
whose resolves_to names a path with a file record of the link's bytes
(generated ELF sizes are unique, so: the same inode in the final tree).
A hard-link record whose resolves_to is gone or holds other bytes cannot
show what the link holds: that is a disagreement (rule 3).
Symlinks: the final-tree symlinks that resolve -- as the kernel would
with the image as root: absolute targets restart at the root, ".." stops
at the root, at most 40 links, a trailing "/" needs a directory -- to a
regular ELF file must equal goelf's symlink records, with link.target
the link text and link.resolves_to the resolved in-image path.
Nothing else may be reported, and the image must have no image.malformed
finding.

With --view ROOTFS_DUMP (build/rootfs_dump, tests/tools/rootfs_dump.c),
the root filesystem view goelf builds of each image (lib/image/rootfs*.c)
is compared too: its paths, listed from the root down, must be exactly
the final tree's, each with the same kind (directory, regular file,
symlink; a hard link is a regular file), mode (as layer_tar writes them:
0755, symlinks 0777) and, for a regular file, size (a hard link's is its
inode's); a disagreement is classed "view".

Each disagreeing path is classified by the rule goelf gets wrong there:
the reference extractor is run again with one rule deliberately wrong,
the way goelf gets it wrong today, and the path is put under every rule
whose wrong version gives exactly goelf's answer for it:
  dup                  the first of a layer's entries for a path wins
                       (and entries below a path the layer made a file
                       stay);
  same-layer-whiteout  in one layer the first of .wh.x and x wins: .wh.x
                       hides a later x, and is ignored after x;
  hardlink             a hard link shows what its target path holds in
                       the final image (or nothing);
  opaque-root          .wh..wh..opq at the root is ignored;
  combined             only all four wrong together give goelf's answer;
  replace              none does, and a parent of the path was a file or
                       whited out in some layer (a directory over a file
                       or whiteout must not merge with what was below);
  opaque               none does, and an opaque marker names the path or
                       a parent (e.g. a marker in a directory its own
                       layer makes a file);
  size                 the files agree, but image.size (issue 15) does not:
                       total_bytes must be the sum of the regular-file
                       entries of all layers, final_bytes that of the
                       regular files of the final tree that are not hard
                       links (hard links count 0);
  unexplained          the rest.
The summary counts, per class, the disagreeing images with a path in it
and those with all their disagreeing paths in it alone.

GOELF_SEMANTICS_XFAIL=1 in the environment: disagreements are printed
and counted but the exit status is 0 (a failed self-check or a goelf
crash still fails): for trying a change; .ci/run runs the check strict.
"""
import gzip
import hashlib
import io
import json
import os
import random
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import time

IMAGES_PER_CONTAINER = 8      # goelf reads at most 16 per tarball/layout
CONTAINERS_PER_RUN = 25       # containers per goelf command
# paths are drawn from this small pool so that collisions happen; a, a/b
# and c are directories in some entries and files or links in others
POOL = ["a", "a/x", "a/y", "a/b", "a/b/z", "a/b/w", "c", "c/x", "x", "y"]
DIRS = ["", "a", "a/b", "c"]
RULES = ["dup", "same-layer-whiteout", "hardlink", "opaque-root",
         "combined", "replace", "opaque", "size", "unexplained", "view"]


def elf_bytes(k):
    """A minimal ELF64 x86-64 executable header (no program or section
    headers) followed by k bytes: goelf analyses it without error and
    reports elf.size = 64 + k, so every ELF of an image is told apart."""
    h = b"\x7fELF" + bytes([2, 1, 1, 0]) + b"\0" * 8
    h += struct.pack("<HHIQQQIHHHHHH", 2, 62, 1, 0x401000, 0, 0, 0,
                     64, 56, 0, 64, 0, 0)
    return h + bytes((k * 7 + i) & 0xFF for i in range(k))


def is_elf(data):
    return data[:4] == b"\x7fELF"


def parent(p):
    return p.rsplit("/", 1)[0] if "/" in p else ""


def ancestors(p):
    """Proper ancestors of p, top-down, without the root."""
    parts = p.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


def under(q, d):
    """q is d or below d (d == "" is the root: everything)."""
    return d == "" or q == d or q.startswith(d + "/")


# --- the reference extractor ------------------------------------------

class Inode:
    __slots__ = ("data",)

    def __init__(self, data):
        self.data = data


class Node:
    __slots__ = ("kind", "inode", "target", "origin", "hard")

    def __init__(self, kind, origin, inode=None, target=None, hard=False):
        self.kind, self.origin = kind, origin
        self.inode, self.target, self.hard = inode, target, hard


def remove_tree(st, p):
    if p == "":
        return
    for q in [q for q in st if q == p or q.startswith(p + "/")]:
        del st[q]


def has_children(st, p):
    return any(q.startswith(p + "/") for q in st)


def apply_layer(st, entries, n, flags, flip=()):
    """Applies layer n (a list of entry dicts) to state st (the rules in
    the header).  flags collects 'tar-divergent', 'tar-replace' and
    'bad-link'.  flip names rules to get WRONG, only to classify a
    disagreement (which wrong rule would give goelf's answer): "dup"
    (the first entry for a path wins, and a later entry below a path the
    layer made a non-directory stays there), "same-layer-whiteout"
    (in its own layer, the first of .wh.x and x wins: .wh.x hides an x
    that follows it, and is ignored if x came first), "opaque-root"
    (a root marker is ignored); "hardlink" is flipped in extract()."""
    wh, opq, before = [], [], set()
    for e in entries:
        if e["t"] not in ("wh", "opq"):
            before.add(e["p"])
        if e["t"] == "wh" and not ("same-layer-whiteout" in flip and
                                   e["p"] in before):
            wh.append(e["p"])
        elif e["t"] == "opq" and not (e["p"] == "" and
                                      "opaque-root" in flip):
            opq.append(e["p"])
    written = set()

    def mkparents(p):
        for a in ancestors(p):
            node = st.get(a)
            if node is not None and node.kind == "dir":
                continue
            if node is not None and node.origin == n and "dup" in flip:
                continue
            if node is not None:
                flags.add("tar-replace")
                remove_tree(st, a)
            st[a] = Node("dir", n)

    whseen = set()
    for e in entries:
        t, p = e["t"], e["p"]
        if t == "wh":
            whseen.add(p)
        if t in ("wh", "opq"):
            continue
        if p == "":
            continue  # the root directory entry itself
        if "same-layer-whiteout" in flip and p in whseen:
            continue
        if "dup" in flip:
            if p in written and not (t == "dir" and st.get(p) is not None
                                     and st[p].kind == "dir"):
                continue
            written.add(p)
        mkparents(p)
        old = st.get(p)
        if t == "dir":
            if old is not None and old.kind == "dir":
                old.origin = n
                continue
            remove_tree(st, p)
            st[p] = Node("dir", n)
            continue
        if t == "hard":
            tgt = st.get(e["target"])
            if tgt is None or tgt.kind != "reg":
                flags.add("bad-link")  # the generator never does this
                continue
            if e["target"] == p:
                continue
            if tgt.origin < n and (
                    any(under(e["target"], w) for w in wh) or
                    any(under(e["target"], o) and e["target"] != o
                        for o in opq)):
                flags.add("tar-divergent")
            node = Node("reg", n, inode=tgt.inode, hard=True)
            node.target = e["target"]
        elif t == "reg":
            node = Node("reg", n, inode=Inode(e["data"]))
        elif t == "sym":
            node = Node("sym", n, target=e["target"])
        else:
            raise ValueError(t)
        if old is not None:
            if old.kind == "dir" and has_children(st, p):
                flags.add("tar-replace")  # GNU tar cannot rmdir it
            remove_tree(st, p)
        st[p] = node
    for w in wh:
        for q in [q for q in st if under(q, w) and st[q].origin < n]:
            del st[q]
    for o in opq:
        for q in [q for q in st
                  if under(q, o) and q != o and st[q].origin < n]:
            del st[q]
    for q in sorted(st):
        for a in ancestors(q):
            if a not in st:
                st[a] = Node("dir", n)


def extract(layers, flip=()):
    st, flags = {}, set()
    for n, entries in enumerate(layers):
        apply_layer(st, entries, n, flags, flip)
    if "hardlink" in flip:
        # the wrong rule: a hard link is its target's path in the final
        # table, so it shows what that path holds at the end, or nothing
        for p in [p for p in st if st[p].kind == "reg" and st[p].hard]:
            t = st.get(st[p].target)
            if t is not None and t.kind == "reg" and not t.hard:
                st[p].inode = t.inode
            else:
                st[p] = Node("other", 0)
    return st, flags


FLIPS = ["dup", "same-layer-whiteout", "hardlink", "opaque-root"]


def statuses(st):
    """{path: status}: ("file", size) for a regular ELF file, ("symlink",
    text, resolved) for a symlink resolving to one."""
    files, links = expectations(st)
    out = {p: ("file", files[p][0]) for p in files}
    for p, (text, r) in links.items():
        out[p] = ("symlink", text, r)
    return out


def resolve(st, path):
    """Resolves path through symlinks in st as the kernel would with the
    image as root.  Returns the final path or None."""
    rem = [c for c in path.split("/") if c]
    cur = []
    hops = 0
    while rem:
        c = rem.pop(0)
        if c == ".":
            continue
        if c == "..":
            if cur:
                cur.pop()
            continue
        cand = "/".join(cur + [c])
        node = st.get(cand)
        if node is None:
            return None
        if node.kind == "sym":
            hops += 1
            if hops > 40:
                return None
            if node.target.startswith("/"):
                cur = []
            # a trailing "/" needs a directory (the kernel: ENOTDIR)
            rem = [x for x in node.target.split("/") if x] + (
                ["."] if node.target.endswith("/") and
                node.target.strip("/") else []) + rem
            continue
        if node.kind != "dir" and rem:
            return None
        cur.append(c)
    return "/".join(cur) if cur else None


def expectations(st):
    """(elf files {path: (size, inode)}, symlinks {path: (text, resolved)})"""
    files, links = {}, {}
    for p, node in st.items():
        if node.kind == "reg" and is_elf(node.inode.data):
            files[p] = (len(node.inode.data), node.inode)
    for p, node in st.items():
        if node.kind == "sym":
            r = resolve(st, p)
            if r is not None and r in files:
                links[p] = (node.target, r)
    return files, links


# --- the generator ----------------------------------------------------

FEATURES = ["dup", "same-layer-whiteout", "hardlink", "opaque", "symlink"]


def gen_image(seed, index):
    """Returns (layers, gz) for image index of seed: layers is a list of
    lists of entry dicts {t: dir|reg|sym|hard|wh|opq, p, data, target}.
    Each image uses a random subset of the features (duplicates in a
    layer, same-layer whiteouts, hard links, opaque markers, symlinks) on
    top of files, directories and whiteouts of lower paths, so that many
    images exercise one rule alone."""
    rng = random.Random("%d:%d" % (seed, index))
    feat = set(f for f in FEATURES if rng.random() < 0.5)
    elfk = [0]

    def new_elf():
        elfk[0] += 1
        return elf_bytes(elfk[0])

    layers = []
    st, flags = {}, set()
    for n in range(rng.randint(2, 6)):
        entries = []
        cur = {q: v for q, v in st.items()}  # lower + earlier entries
        declared = set()
        written, nondir, whs = set(), set(), set()

        def free(p):
            """p can be written without a duplicate or a same-layer
            whiteout when those features are off."""
            if "dup" not in feat and (
                    p in written or any(a in nondir for a in ancestors(p))):
                return False
            if "same-layer-whiteout" not in feat and \
                    any(under(p, w) for w in whs):
                return False
            return True

        def emit(e):
            p = e["p"]
            # parents first, as real layers have them (once per layer,
            # or again when the parent is no directory at this point)
            base = p if e["t"] == "opq" else parent(p)
            for a in ancestors(base + "/x") if base else []:
                node = cur.get(a)
                if a in declared and node is not None and \
                        node.kind == "dir":
                    continue
                if node is not None and node.kind == "dir" and \
                        rng.random() < 0.5:
                    continue
                entries.append({"t": "dir", "p": a})
                declared.add(a)
                written.add(a)
                apply_layer(cur, [{"t": "dir", "p": a}], n, set())
            entries.append(e)
            if e["t"] not in ("wh", "opq"):
                apply_layer(cur, [e], n, set())
                written.add(p)
                if e["t"] == "dir":
                    declared.add(p)
                else:
                    nondir.add(p)
            elif e["t"] == "wh":
                whs.add(p)

        for _ in range(rng.randint(1, 8)):
            r = rng.random()
            mine = [e["p"] for e in entries if e["t"] not in ("wh", "opq")
                    and e["p"]]
            if "dup" in feat and mine and rng.random() < 0.25:
                p = rng.choice(mine)  # a duplicate within this layer
            else:
                p = rng.choice(POOL)
            if r < 0.30:
                data = new_elf() if rng.random() < 0.7 else (
                    b"text %d\n" % rng.randint(0, 99) if rng.random() < 0.8
                    else b"\x7fEL")
                e = {"t": "reg", "p": p, "data": data}
            elif r < 0.40:
                e = {"t": "dir", "p": p}
            elif r < 0.57:
                if "symlink" not in feat:
                    continue
                e = {"t": "sym", "p": p, "target": sym_target(rng, p)}
            elif r < 0.68:
                regs = [q for q, v in cur.items() if v.kind == "reg"
                        and q != p and not under(q, p)]
                if "hardlink" not in feat or not regs:
                    continue
                e = {"t": "hard", "p": p, "target": rng.choice(regs)}
            elif r < 0.88:
                # whiteout: of something in this layer (before or after
                # it), of something lower, or of anything in the pool
                q = rng.random()
                if "same-layer-whiteout" in feat and mine and q < 0.35:
                    p = rng.choice(mine)
                elif st and q < 0.75:
                    p = rng.choice(sorted(k for k in st if k))
                if "same-layer-whiteout" not in feat and (
                        any(under(w, p) for w in written) or not free(p)):
                    continue
                base = p.rsplit("/", 1)
                name = (base[0] + "/.wh." + base[1]) if len(base) == 2 \
                    else ".wh." + p
                emit({"t": "wh", "p": p, "name": name})
                if "same-layer-whiteout" in feat and rng.random() < 0.3:
                    # and the same path after it
                    emit({"t": "reg", "p": p, "data": new_elf()})
                continue
            else:
                if "opaque" not in feat:
                    continue
                d = rng.choice(DIRS)
                e = {"t": "opq", "p": d,
                     "name": (d + "/" if d else "") + ".wh..wh..opq"}
                if d and not free(d + "/x"):
                    continue
                emit(e)
                continue
            if not free(p) or not all(
                    free(a) or a in declared for a in ancestors(p)):
                continue
            emit(e)
        if rng.random() < 0.3 and len(entries) > 1:
            # move a whiteout or opaque marker elsewhere in the layer:
            # its position must not matter
            ws = [i for i, e in enumerate(entries)
                  if e["t"] in ("wh", "opq")]
            if ws:
                e = entries.pop(rng.choice(ws))
                entries.insert(rng.randint(0, len(entries)), e)
        layers.append(entries)
        apply_layer(st, entries, n, flags)
    return layers, rng.random() < 0.5


def sym_target(rng, p):
    r = rng.random()
    q = rng.choice(POOL + DIRS[1:])
    if r < 0.35:
        return os.path.relpath(q, parent(p) or ".")
    if r < 0.65:
        return "/" + q
    if r < 0.75:
        return rng.choice(["missing", "/nope/x", "../../../x", "./x",
                           "/a/../a/x", "a/b/../x"])
    if r < 0.85:
        return "../" * rng.randint(1, 3) + q
    return rng.choice(["a", "/a/b", "c/", "/", "."])


# --- writing images ---------------------------------------------------

def layer_tar(entries):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode="w", format=tarfile.GNU_FORMAT) as t:
        for e in entries:
            if e["t"] in ("wh", "opq"):
                ti = tarfile.TarInfo(e["name"])
                ti.size = 0
                t.addfile(ti, io.BytesIO(b""))
                continue
            ti = tarfile.TarInfo(e["p"])
            ti.mtime = 1700000000
            if e["t"] == "dir":
                ti.type, ti.mode = tarfile.DIRTYPE, 0o755
                t.addfile(ti)
            elif e["t"] == "reg":
                ti.size, ti.mode = len(e["data"]), 0o755
                t.addfile(ti, io.BytesIO(e["data"]))
            elif e["t"] == "sym":
                ti.type, ti.linkname, ti.mode = \
                    tarfile.SYMTYPE, e["target"], 0o777
                t.addfile(ti)
            elif e["t"] == "hard":
                ti.type, ti.linkname, ti.mode = \
                    tarfile.LNKTYPE, e["target"], 0o755
                t.addfile(ti)
    return b.getvalue()


def config_json(tars):
    return json.dumps({
        "architecture": "amd64", "os": "linux",
        "config": {"User": "1000"},
        "rootfs": {"type": "layers", "diff_ids": [
            "sha256:" + hashlib.sha256(x).hexdigest() for x in tars]},
    }, sort_keys=True).encode()


def ref(seed, index):
    return "sem/s%d:i%d" % (seed, index)


def write_docker(path, seed, images):
    """images: list of (index, layers); a docker-save tarball."""
    man = []
    with tarfile.open(path, "w") as t:
        def add(name, data):
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))
        for index, layers, _gz in images:
            tars = [layer_tar(e) for e in layers]
            names = []
            for li, x in enumerate(tars):
                name = "i%d-l%d-%s/layer.tar" % (
                    index, li, hashlib.sha256(x).hexdigest()[:12])
                add(name, x)
                names.append(name)
            cfg = config_json(tars)
            cname = hashlib.sha256(cfg).hexdigest() + ".json"
            add(cname, cfg)
            man.append({"Config": cname, "RepoTags": [ref(seed, index)],
                        "Layers": names})
        add("manifest.json", json.dumps(man).encode())


def write_oci(path, seed, images):
    os.makedirs(os.path.join(path, "blobs", "sha256"))

    def blob(data):
        h = hashlib.sha256(data).hexdigest()
        with open(os.path.join(path, "blobs", "sha256", h), "wb") as f:
            f.write(data)
        return {"digest": "sha256:" + h, "size": len(data)}

    mans = []
    for index, layers, gz in images:
        tars = [layer_tar(e) for e in layers]
        ls = []
        for x in tars:
            if gz:
                d = blob(gzip.compress(x, 1, mtime=0))
                d["mediaType"] = "application/vnd.oci.image.layer.v1.tar+gzip"
            else:
                d = blob(x)
                d["mediaType"] = "application/vnd.oci.image.layer.v1.tar"
            ls.append(d)
        c = blob(config_json(tars))
        c["mediaType"] = "application/vnd.oci.image.config.v1+json"
        m = json.dumps({
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": c, "layers": ls}).encode()
        d = blob(m)
        d["mediaType"] = "application/vnd.oci.image.manifest.v1+json"
        d["annotations"] = {"org.opencontainers.image.ref.name":
                            ref(seed, index)}
        mans.append(d)
    with open(os.path.join(path, "oci-layout"), "w") as f:
        f.write('{"imageLayoutVersion":"1.0.0"}')
    with open(os.path.join(path, "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "manifests": mans}, f)


# --- comparing --------------------------------------------------------

def parse_scan(out):
    """goelf JSON Lines -> {reference: {"image": rec, "recs": {path: rec}}}

    An image's file and link records stream before its image record
    (README, "JSON Lines order"): the records since the previous image
    record belong to the next one."""
    res, cur = {}, {"recs": {}, "dups": []}
    for line in out.splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        if rec.get("image") is not None:
            cur["image"] = rec
            res[rec["image"].get("reference")] = cur
            cur = {"recs": {}, "dups": []}
        else:
            if rec.get("path") in cur["recs"]:
                cur["dups"].append(rec.get("path"))
            cur["recs"][rec.get("path")] = rec
    return res


def goelf_statuses(recs):
    """goelf's records as statuses (see statuses()); a hard-link record
    shows the bytes of the file record its resolves_to names."""
    out = {}
    for path, rec in recs.items():
        p = (path or "/")[1:]
        link = rec.get("link")
        if link and link.get("kind") == "hardlink":
            rrec = recs.get(link.get("resolves_to"))
            if link.get("elf") and rrec is not None and \
                    not rrec.get("link") and not rrec.get("error"):
                out[p] = ("file", (rrec.get("elf") or {}).get("size"))
            else:
                out[p] = ("hardlink", link.get("target"),
                          link.get("resolves_to"))
        elif link:
            out[p] = (link.get("kind"), link.get("target"),
                      (link.get("resolves_to") or "/")[1:])
        elif rec.get("error"):
            out[p] = ("error", json.dumps(rec.get("error"))[:200])
        else:
            out[p] = ("file", (rec.get("elf") or {}).get("size"))
    return out


def show(status, st=None, p=None):
    if status is None:
        what = "nothing"
        if st is not None:
            node = st.get(p)
            what = "nothing (absent)" if node is None else (
                "nothing (a %s)" % ("symlink not resolving to an ELF file"
                                    if node.kind == "sym" else
                                    "non-ELF file" if node.kind == "reg"
                                    else node.kind))
        return what
    if status[0] == "file":
        hard = st is not None and p in st and st[p].hard
        return "ELF file of %s bytes%s" % (status[1],
                                           " (a hard link)" if hard else "")
    if status[0] == "symlink":
        return "symlink -> %s resolving to /%s" % (status[1], status[2])
    if status[0] == "hardlink":
        return "hard link to %s resolving to %s, no file record with " \
            "those bytes" % (status[1], status[2])
    return " ".join(str(x) for x in status)


def compare(layers, got):
    """Returns a list of (rules, message) disagreements; rules are the
    single wrong rules (FLIPS) that would give goelf's answer for that
    path, else ["combined"] (all four wrong together would) or
    ["unexplained"]."""
    st, _ = extract(layers)
    want = statuses(st)
    if got is None:
        return [(["unexplained"], "no image record from goelf")]
    bad = []
    for f in got["image"].get("findings") or []:
        if f.get("id") == "image.malformed":
            bad.append((["unexplained"],
                        "image.malformed: %s" % f.get("message")))
    for p in got["dups"]:
        bad.append((["unexplained"], "%s reported twice" % p))
    have = goelf_statuses(got["recs"])
    diff = sorted(p for p in set(want) | set(have)
                  if want.get(p) != have.get(p))
    if not diff:
        size = (got["image"].get("image") or {}).get("size") or {}
        total = sum(len(e["data"]) for entries in layers for e in entries
                    if e["t"] == "reg")
        final = sum(len(n.inode.data) for n in st.values()
                    if n.kind == "reg" and not n.hard)
        for key, v in (("total_bytes", total), ("final_bytes", final),
                       ("wasted_bytes", total - final)):
            if size.get(key) != v:
                bad.append((["size"], "image.size.%s: want %d; goelf: %s"
                            % (key, v, size.get(key))))
        return bad
    alt = {f: statuses(extract(layers, (f,))[0]) for f in FLIPS}
    every = statuses(extract(layers, FLIPS)[0])
    for p in diff:
        rules = [f for f in FLIPS if alt[f].get(p) == have.get(p)]
        if not rules and every.get(p) == have.get(p):
            rules = ["combined"]
        if not rules and any(e["t"] not in ("opq", "dir") and
                             e["p"] in ancestors(p)
                             for entries in layers for e in entries):
            # a parent was a dir, then a file or whited out in a later
            # layer, then a dir again: the last dir must not merge with
            # what was below the file or whiteout
            rules = ["replace"]
        if not rules and any(e["t"] == "opq" and (e["p"] == p or
                                                  e["p"] in ancestors(p))
                             for entries in layers for e in entries):
            rules = ["opaque"]
        if not rules:
            rules = ["unexplained"]
        bad.append((rules, "/%s: want %s; goelf: %s" % (
            p, show(want.get(p), st, p), show(have.get(p)))))
    return bad


def view_of_model(st):
    """{path: [kind, mode, size]} of the final tree, as the view shows
    it (modes as layer_tar writes them)."""
    out = {}
    for p, n in st.items():
        if n.kind == "sym":
            out[p] = ["lnk", 0o777, 0]
        elif n.kind == "dir":
            out[p] = ["dir", 0o755, 0]
        else:
            out[p] = ["reg", 0o755, len(n.inode.data)]
    return out


def compare_view(layers, got):
    """Disagreements of the view (got: {path: [kind, mode, size, uid]} or
    None) with the reference extractor's final tree."""
    if got is None:
        return [(["view"], "no view from rootfs_dump")]
    st, _ = extract(layers)
    want = view_of_model(st)
    have = {p: v[:3] for p, v in got.items()}
    bad = []
    for p in sorted(set(want) | set(have)):
        if want.get(p) != have.get(p):
            bad.append((["view"], "view /%s: want %s; goelf's view: %s" % (
                p, want.get(p), have.get(p))))
    return bad


def describe(layers, gz, fmt):
    out = ["  format: %s%s" % (fmt, ", gzip layers" if gz and fmt == "oci"
                               else "")]
    for n, entries in enumerate(layers):
        out.append("  layer %d:" % (n + 1))
        for e in entries:
            t = e["t"]
            if t in ("wh", "opq"):
                out.append("    %s" % e["name"])
            elif t == "dir":
                out.append("    %s/" % e["p"])
            elif t == "reg":
                d = e["data"]
                out.append("    %s  (%s)" % (
                    e["p"], "ELF %d bytes" % len(d) if is_elf(d)
                    else "text %d bytes" % len(d)))
            elif t == "sym":
                out.append("    %s -> %s" % (e["p"], e["target"]))
            else:
                out.append("    %s link to %s" % (e["p"], e["target"]))
    st, _ = extract(layers)
    files, links = expectations(st)
    out.append("  expected ELF files: %s" % " ".join(
        "/%s(%d%s)" % (p, files[p][0], ",hard" if st[p].hard else "")
        for p in sorted(files)))
    out.append("  expected symlinks: %s" % " ".join(
        "/%s->/%s" % (p, links[p][1]) for p in sorted(links)))
    return "\n".join(out)


# --- self-check against GNU tar ------------------------------------

# GNU tar as nobody, -P: without it tar makes placeholder files for
# symlinks with ".." or a leading "/" and creates the links at the end,
# so a later entry for the same name no longer wins.  Safe because the
# member names are relative without "..", parents are always directories
# (the generator declares them) and a link that points out of the tree
# ends in directories nobody cannot write (see make_root).
# Not root: tar runs as the user, and the levels above the root are 0555.
TAR = (["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
       if os.geteuid() == 0 else []) + ["tar", "-P", "-x", "--exclude=.wh.*"]


def levels(base):
    return [base] + [os.path.join(base, *["d"] * i) for i in range(1, 9)]


def make_root():
    """A root directory owned by nobody, 8 root-owned 0755 levels below a
    private directory: ".." escapes and absolute links cannot write."""
    base = tempfile.mkdtemp(prefix="goelf-sem-tar.")
    root = os.path.join(base, *["d"] * 8, "root")
    os.makedirs(root)
    if os.geteuid() == 0:
        os.chown(root, 65534, 65534)
    for dp in reversed(levels(base)):
        os.chmod(dp, 0o755 if os.geteuid() == 0 else 0o555)
    return base, root


def remove_root(base):
    for dp in levels(base):
        os.chmod(dp, 0o755)
    shutil.rmtree(base)


def tar_extract(layers, root, per_entry):
    """Real extraction: per layer, delete what its whiteouts name in the
    tree so far (lower layers only), then GNU tar -x the layer over it.
    per_entry: GNU tar refuses to replace a non-empty directory by a
    non-directory, where runtimes remove the tree (RemoveAll) and the spec
    says the entry replaces it; so extract one entry at a time and remove
    such a directory first, as the runtimes do."""
    for entries in layers:
        tarb = layer_tar(entries)
        for e in entries:
            if e["t"] in ("wh", "opq") and any(
                    os.path.islink(os.path.join(root, a))
                    for a in ancestors(e["p"] if e["t"] == "wh"
                                       else e["p"] + "/x")):
                continue  # names nothing: a parent is a symlink
            if e["t"] == "wh":
                q = os.path.join(root, e["p"])
                if os.path.islink(q) or os.path.isfile(q):
                    os.unlink(q)
                elif os.path.isdir(q):
                    shutil.rmtree(q)
            elif e["t"] == "opq":
                d = os.path.join(root, e["p"])
                if os.path.isdir(d) and not os.path.islink(d):
                    for c in os.listdir(d):
                        q = os.path.join(d, c)
                        if os.path.isdir(q) and not os.path.islink(q):
                            shutil.rmtree(q)
                        else:
                            os.unlink(q)
        if not per_entry:
            r = subprocess.run(TAR + ["-C", root, "-f", "-"], input=tarb,
                               capture_output=True)
            if r.returncode:
                return r.stderr.decode(errors="replace")
            continue
        for e in entries:
            if e["t"] in ("wh", "opq"):
                continue
            q = os.path.join(root, e["p"])
            if e["t"] != "dir" and os.path.isdir(q) and \
                    not os.path.islink(q) and not any(
                        os.path.islink(os.path.join(root, a))
                        for a in ancestors(e["p"])):
                shutil.rmtree(q)
            r = subprocess.run(TAR + ["-C", root, "-f", "-"],
                               input=layer_tar([e]), capture_output=True)
            if r.returncode:
                return r.stderr.decode(errors="replace")
    return None


def tree_of_dir(root):
    out, inos = {}, {}
    for dp, dns, fns in os.walk(root):
        for name in dns + fns:
            full = os.path.join(dp, name)
            p = os.path.relpath(full, root)
            s = os.lstat(full)
            if os.path.islink(full):
                out[p] = ("sym", os.readlink(full))
            elif os.path.isdir(full):
                out[p] = ("dir",)
            else:
                with open(full, "rb") as f:
                    out[p] = ("reg", f.read())
                inos.setdefault(s.st_ino, []).append(p)
    return out, sorted(sorted(v) for v in inos.values() if len(v) > 1)


def tree_of_model(st):
    out, inos = {}, {}
    for p, n in st.items():
        if n.kind == "sym":
            out[p] = ("sym", n.target)
        elif n.kind == "dir":
            out[p] = ("dir",)
        else:
            out[p] = ("reg", n.inode.data)
            inos.setdefault(id(n.inode), []).append(p)
    return out, sorted(sorted(v) for v in inos.values() if len(v) > 1)


def E(t, p, **kw):
    e = {"t": t, "p": p}
    if t == "reg" and "data" not in kw:
        kw["data"] = b"data of " + p.encode()
    if t == "wh":
        b = p.rsplit("/", 1)
        e["name"] = (b[0] + "/.wh." + b[1]) if len(b) == 2 else ".wh." + p
    if t == "opq":
        e["name"] = (p + "/" if p else "") + ".wh..wh..opq"
    e.update(kw)
    return e


HAND = {
    "duplicate: the last wins": [
        [E("reg", "x", data=elf_bytes(1)), E("reg", "x", data=elf_bytes(2))],
        [E("reg", "y", data=b"t"), E("sym", "y", target="x")]],
    "same-layer whiteout before and after": [
        [E("reg", "x"), E("reg", "y"), E("dir", "a"), E("reg", "a/z")],
        [E("wh", "x"), E("reg", "x", data=b"new x"), E("reg", "y",
                                                        data=b"new y"),
         E("wh", "y"), E("dir", "a"), E("wh", "a"), E("reg", "a/w")]],
    "whiteout of a lower directory": [
        [E("dir", "a"), E("dir", "a/b"), E("reg", "a/b/z"), E("reg", "c")],
        [E("wh", "a"), E("wh", "c")],
        [E("dir", "a"), E("reg", "a/x")]],
    "hard link keeps its data": [
        [E("reg", "x", data=elf_bytes(3))],
        [E("hard", "y", target="x"), E("reg", "x", data=b"text")],
        [E("wh", "x"), E("dir", "a"), E("reg", "a/x", data=elf_bytes(4)),
         E("hard", "a/y", target="a/x"), E("reg", "a/x", data=elf_bytes(5))],
        [E("hard", "c", target="y")]],
    "opaque directory and root": [
        [E("dir", "a"), E("reg", "a/x"), E("dir", "a/b"), E("reg", "a/b/z"),
         E("reg", "x"), E("sym", "y", target="a/x")],
        [E("dir", "a"), E("reg", "a/y"), E("opq", "a"), E("dir", "a/b"),
         E("reg", "a/b/w")],
        [E("reg", "c"), E("opq", ""), E("dir", "a"), E("reg", "a/x")]],
    "dir merges, anything else replaces": [
        [E("dir", "a"), E("reg", "a/x"), E("sym", "c", target="a"),
         E("reg", "x")],
        [E("dir", "a"), E("reg", "a/y"), E("dir", "c"), E("reg", "c/x"),
         E("dir", "x"), E("sym", "y", target="/a/../x")],
        [E("sym", "a/x", target="../c/x"), E("reg", "x/z")]],
}


def self_check(seed, count):
    fails = 0
    cases = [(name, layers) for name, layers in HAND.items()]
    skipped = 0
    for i in range(count):
        layers, _ = gen_image(seed, i)
        cases.append(("random seed %d index %d" % (seed, i), layers))
    for name, layers in cases:
        st, flags = extract(layers)
        if "tar-divergent" in flags or "bad-link" in flags:
            if not name.startswith("random"):
                print("self-check: %s: tar-divergent hand case" % name)
                fails += 1
            skipped += 1
            continue
        base, root = make_root()
        try:
            err = tar_extract(layers, root, "tar-replace" in flags)
            got = tree_of_dir(root)
        finally:
            remove_root(base)
        want = tree_of_model(st)
        if err or got != want:
            fails += 1
            print("self-check FAIL: %s%s" % (name, ": tar: " + err
                                             if err else ""))
            print(describe(layers, False, "tar"))
            for p in sorted(set(got[0]) | set(want[0])):
                if got[0].get(p) != want[0].get(p):
                    print("    %s: tar %s, model %s" % (
                        p, str(got[0].get(p))[:60], str(want[0].get(p))[:60]))
            if got[1] != want[1]:
                print("    hard links: tar %s, model %s" % (got[1], want[1]))
    print("self-check: %d cases against GNU tar (%d hand-written), %d "
          "tar-divergent skipped, %d failed" % (len(cases) - skipped,
                                                len(HAND), skipped, fails))
    return fails == 0


# --- main -------------------------------------------------------------

def main(argv):
    seed, count, index, detail, keep = None, 2000, None, 5, None
    check, tarn, goelf, view = False, 150, None, None
    args = list(argv)
    try:
        while args:
            a = args.pop(0)
            if a == "--seed":
                seed = int(args.pop(0))
            elif a == "--count":
                count = int(args.pop(0))
            elif a == "--index":
                index = int(args.pop(0))
            elif a == "--detail":
                detail = int(args.pop(0))
            elif a == "--keep":
                keep = args.pop(0)
            elif a == "--self-check":
                check = True
            elif a == "--tar-check":
                tarn = int(args.pop(0))
            elif a == "--view":
                view = os.path.abspath(args.pop(0))
            elif a.startswith("-") or goelf:
                raise ValueError(a)
            else:
                goelf = a
        if not goelf:
            raise ValueError("GOELF missing")
    except (ValueError, IndexError) as e:
        print("usage: image-semantics.py [--seed N] [--count M] [--index I] "
              "[--detail N] [--keep DIR] [--self-check] [--tar-check N] "
              "[--view ROOTFS_DUMP] GOELF (%s)" % e, file=sys.stderr)
        return 2
    if seed is None:
        seed = int(os.environ.get("GOELF_SEMANTICS_SEED",
                                  str(int(time.time()) % 100000)))
    t0 = time.time()
    indices = [index] if index is not None else list(range(count))
    if index is not None:
        print("image-semantics: seed %d, image %d" % (seed, index))
    else:
        print("image-semantics: seed %d, %d images (reproduce: --seed %d "
              "--count %d; one image: --seed %d --index I)" % (
                  seed, count, seed, count, seed))
    ok = True
    if check and not self_check(seed, tarn):
        ok = False
    tmp = keep or tempfile.mkdtemp(prefix="goelf-sem.")
    os.makedirs(tmp, exist_ok=True)
    goelf = os.path.abspath(goelf)
    agree = disagree = 0
    per_rule, only_rule = {}, {}
    shown = 0
    try:
        per_run = IMAGES_PER_CONTAINER * CONTAINERS_PER_RUN
        for start in range(0, len(indices), per_run):
            batch = indices[start:start + per_run]
            imgs = {i: gen_image(seed, i) for i in batch}
            conts = []
            for ci in range(0, len(batch), IMAGES_PER_CONTAINER):
                group = batch[ci:ci + IMAGES_PER_CONTAINER]
                oci = (group[0] // IMAGES_PER_CONTAINER) % 3 == 2
                path = os.path.join(tmp, "c%d%s" % (
                    group[0], "" if oci else ".tar"))
                items = [(i,) + imgs[i] for i in group]
                if oci:
                    write_oci(path, seed, items)
                else:
                    write_docker(path, seed, items)
                conts.append((path, group, "oci" if oci else "docker-save"))
            r = subprocess.run([goelf, "scan", "--no-policy", "-q",
                                "--format", "jsonl"] +
                               [c[0] for c in conts], capture_output=True)
            if r.returncode not in (0, 2):
                print("goelf exited %d: %s" % (
                    r.returncode, r.stderr.decode(errors="replace")[:2000]))
                return 2
            got = parse_scan(r.stdout.decode())
            views = {}
            if view:
                r = subprocess.run([view] + [c[0] for c in conts],
                                   capture_output=True)
                if r.returncode:
                    print("rootfs_dump exited %d: %s" % (
                        r.returncode,
                        r.stderr.decode(errors="replace")[:2000]))
                    return 2
                for line in r.stdout.decode().splitlines():
                    rec = json.loads(line)
                    views[rec.get("reference")] = rec.get("paths")
            for path, group, fmt in conts:
                for i in group:
                    layers, gz = imgs[i]
                    bad = compare(layers, got.get(ref(seed, i)))
                    if view:
                        bad += compare_view(layers,
                                            views.get(ref(seed, i)))
                    if not bad:
                        agree += 1
                        continue
                    disagree += 1
                    rules = set()
                    for rs, _ in bad:
                        rules.update(rs)
                    for rule in rules:
                        per_rule[rule] = per_rule.get(rule, 0) + 1
                    if len(rules) == 1:
                        rule = next(iter(rules))
                        only_rule[rule] = only_rule.get(rule, 0) + 1
                    if shown < detail:
                        shown += 1
                        print("DISAGREE: image --seed %d --index %d "
                              "(%s in %s):" % (seed, i, ref(seed, i),
                                               os.path.basename(path)))
                        print(describe(layers, gz, fmt))
                        for rs, msg in bad:
                            print("  [%s] %s" % (",".join(rs), msg))
                    elif shown == detail:
                        shown += 1
                        print("(more disagreements not shown; --detail N)")
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    n = len(indices)
    print("image-semantics: %d images, %d agree, %d disagree (%.1f s)" % (
        n, agree, disagree, time.time() - t0))
    for rule in RULES:
        if rule in per_rule:
            print("  %-20s %5d disagreeing images involve it, %d only it" % (
                rule, per_rule[rule], only_rule.get(rule, 0)))
    if keep:
        print("images kept in %s" % keep)
    if not ok:
        print("self-check failed")
    xfail = os.environ.get("GOELF_SEMANTICS_XFAIL") == "1"
    if ok and disagree and xfail:
        print("image-semantics: XFAIL: %d disagreements tolerated "
              "(GOELF_SEMANTICS_XFAIL=1)" % disagree)
    print("%d passed, %d failed" % (agree, disagree))
    return 0 if ok and (disagree == 0 or xfail) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
