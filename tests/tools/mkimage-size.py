#!/usr/bin/env python3
"""Builds the images of tests/cli/run-image-size.sh and their truth.

usage: mkimage-size.py FIXTURES OUTDIR

Writes to OUTDIR:
  bloated.tar      docker-save tar of a single-stage-style Go build: a base
                   layer with apt lists and caches, a toolchain tree, a
                   layer with the module cache, the build cache, sources,
                   .git and an unstripped binary; a cleanup layer that
                   deletes the build cache (whiteout) and the apt lists
                   (opaque directory); a layer that overwrites the binary
                   with a stripped one.  Duplicate names and hard links in
                   the mix.
  bloated-gz.tar   the same layers gzip-compressed (docker-save)
  bloated-oci/     the same gzip layers as an OCI layout directory
  slim.tar         one layer: the stripped binary and /etc/passwd
  truth.json       per image: the numbers goelf must report, computed
                   here from the tar members with this script's own
                   overlay (bottom-up, the OCI rules), not with goelf

The overlay rules used for the truth (OCI image spec, layer.md): layers
apply bottom to top; in each layer, its whiteouts (.wh.NAME) and opaque
markers (.wh..wh..opq) first hide what the LOWER layers have at that path
or below that directory, then its entries apply in tar order, a later
entry replacing an earlier one of the same path (a non-directory entry
also removes whatever was below that path).  Counting: regular-file
entries (type 0) count their size, hard links count 0, a path counts once
as the entry visible for it.  Classes, by path alone, first match wins:
go-build-cache (any .cache/go-build/ directory), go-module-cache
(go/pkg/mod/, root/go/pkg/mod/, home/*/go/pkg/mod/), go-toolchain
(usr/local/go/, usr/lib/go-*/, usr/share/go-*/), package-cache
(var/cache/apt/, var/lib/apt/lists/, var/cache/apk/, var/cache/yum/,
var/cache/dnf/), source (*.go elsewhere, everything under a .git dir).
"""
import gzip
import hashlib
import io
import json
import os
import random
import sys
import tarfile

FIX, OUT = sys.argv[1], sys.argv[2]
os.makedirs(OUT, exist_ok=True)
rng = random.Random(15)


def blob(n):
    """n bytes that gzip cannot shrink much (so sizes differ clearly)."""
    return bytes(rng.getrandbits(8) for _ in range(n))


def fixture(name):
    with open(os.path.join(FIX, name), "rb") as f:
        return f.read()


# A layer: a list of ("f", path, data) | ("d", path) | ("h", path, target)
# | ("wh", dir, name) | ("opq", dir)
def make_tar(entries):
    bio = io.BytesIO()
    with tarfile.open(fileobj=bio, mode="w", format=tarfile.GNU_FORMAT) as t:
        for e in entries:
            kind = e[0]
            if kind == "f":
                ti = tarfile.TarInfo(e[1])
                ti.size = len(e[2])
                ti.mode = 0o755 if e[2][:4] == b"\x7fELF" else 0o644
                t.addfile(ti, io.BytesIO(e[2]))
            elif kind == "d":
                ti = tarfile.TarInfo(e[1])
                ti.type = tarfile.DIRTYPE
                ti.mode = e[2] if len(e) > 2 else 0o755
                t.addfile(ti)
            elif kind == "h":
                ti = tarfile.TarInfo(e[1])
                ti.type = tarfile.LNKTYPE
                ti.linkname = e[2]
                t.addfile(ti)
            elif kind == "wh":
                ti = tarfile.TarInfo((e[1] + "/" if e[1] else "") +
                                     ".wh." + e[2])
                t.addfile(ti, io.BytesIO(b""))
            elif kind == "opq":
                ti = tarfile.TarInfo(e[1] + "/.wh..wh..opq")
                t.addfile(ti, io.BytesIO(b""))
    return bio.getvalue()


def classify(p):
    def seg(s):
        return p.startswith(s) or ("/" + s) in p

    def star(prefix, rest):
        if not p.startswith(prefix):
            return False
        q = p[len(prefix):]
        i = q.find("/")
        return i > 0 and q[i + 1:].startswith(rest)

    def dash(prefix):
        if not p.startswith(prefix):
            return False
        q = p[len(prefix):]
        return q.find("/") > 0

    if seg(".cache/go-build/"):
        return "go-build-cache"
    if (p.startswith("go/pkg/mod/") or p.startswith("root/go/pkg/mod/") or
            star("home/", "go/pkg/mod/")):
        return "go-module-cache"
    if p.startswith("usr/local/go/") or dash("usr/lib/go-") or \
            dash("usr/share/go-"):
        return "go-toolchain"
    for d in ("var/cache/apt/", "var/lib/apt/lists/", "var/cache/apk/",
              "var/cache/yum/", "var/cache/dnf/"):
        if p.startswith(d):
            return "package-cache"
    if p.rsplit("/", 1)[-1].endswith(".go") or seg(".git/"):
        return "source"
    return None


CLASSES = ["go-build-cache", "go-module-cache", "go-toolchain",
           "package-cache", "source"]


def truth(layer_blobs, layer_tars):
    """The numbers, read back from the tar members of each layer."""
    state = {}  # path -> (kind, layer, index, size)
    layers = []
    classes = {c: 0 for c in CLASSES}
    for li, raw in enumerate(layer_tars):
        members = tarfile.open(fileobj=io.BytesIO(raw)).getmembers()
        # 1. whiteouts and opaque markers hide the lower layers
        for m in members:
            name = m.name.lstrip("./")
            d, _, base = name.rpartition("/")
            if base == ".wh..wh..opq":
                for k in [k for k in state if k.startswith(d + "/")]:
                    del state[k]
            elif base.startswith(".wh."):
                gone = (d + "/" if d else "") + base[4:]
                for k in [k for k in state
                          if k == gone or k.startswith(gone + "/")]:
                    del state[k]
        # 2. the entries, in order
        nbytes = nfiles = 0
        for idx, m in enumerate(members):
            name = m.name.lstrip("./")
            base = name.rpartition("/")[2]
            if base.startswith(".wh."):
                continue
            if m.isreg():
                kind, size = "f", m.size
                nbytes += m.size
                nfiles += 1
                c = classify(name)
                if c:
                    classes[c] += m.size
            elif m.islnk():
                kind, size = "h", 0
            elif m.isdir():
                kind, size = "d", 0
            else:
                kind, size = "o", 0
            if kind == "d":
                if state.get(name, ("d",))[0] != "d":
                    del state[name]
                state.setdefault(name, ("d", li, idx, 0))
                continue
            for k in [k for k in state if k.startswith(name + "/")]:
                del state[k]
            state[name] = (kind, li, idx, size)
        layers.append({"bytes": nbytes, "files": nfiles,
                       "compressed_bytes": len(layer_blobs[li])})
    final = 0
    per_layer_final = [0] * len(layer_tars)
    biggest = []
    for k, (kind, li, idx, size) in state.items():
        if kind == "f":
            final += size
            per_layer_final[li] += size
            biggest.append((size, "/" + k))
    for li, L in enumerate(layers):
        L["wasted_bytes"] = L["bytes"] - per_layer_final[li]
    total = sum(L["bytes"] for L in layers)
    biggest.sort(key=lambda t: (-t[0], t[1]))
    return {"total_bytes": total, "final_bytes": final,
            "wasted_bytes": total - final, "classes": classes,
            "layers": layers, "files": sum(L["files"] for L in layers),
            "final_files": sum(1 for v in state.values() if v[0] == "f"),
            "largest": [p for _, p in biggest[:3]]}


def docker_save(path, layer_blobs, config, tag):
    cfg = json.dumps(config).encode()
    names = []
    with tarfile.open(path, "w", format=tarfile.GNU_FORMAT) as t:
        def add(name, data):
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))
        cname = hashlib.sha256(cfg).hexdigest() + ".json"
        add(cname, cfg)
        for i, b in enumerate(layer_blobs):
            n = "l%d/layer.tar" % (i + 1)
            add(n, b)
            names.append(n)
        man = [{"Config": cname, "RepoTags": [tag], "Layers": names}]
        add("manifest.json", json.dumps(man).encode())


def oci_layout(path, layer_blobs, config, tag):
    os.makedirs(os.path.join(path, "blobs", "sha256"), exist_ok=True)

    def put(data):
        h = hashlib.sha256(data).hexdigest()
        with open(os.path.join(path, "blobs", "sha256", h), "wb") as f:
            f.write(data)
        return "sha256:" + h
    cfg = json.dumps(config).encode()
    man = {"schemaVersion": 2,
           "mediaType": "application/vnd.oci.image.manifest.v1+json",
           "config": {"mediaType":
                      "application/vnd.oci.image.config.v1+json",
                      "digest": put(cfg), "size": len(cfg)},
           "layers": [{"mediaType":
                       "application/vnd.oci.image.layer.v1.tar+gzip",
                       "digest": put(b), "size": len(b)}
                      for b in layer_blobs]}
    mb = json.dumps(man).encode()
    idx = {"schemaVersion": 2, "manifests": [
        {"mediaType": man["mediaType"], "digest": put(mb), "size": len(mb),
         "annotations": {"org.opencontainers.image.ref.name": tag}}]}
    with open(os.path.join(path, "index.json"), "w") as f:
        json.dump(idx, f)
    with open(os.path.join(path, "oci-layout"), "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)


def config(n, ep=("/app",)):
    return {"architecture": "amd64", "os": "linux",
            "config": {"User": "65532", "Entrypoint": list(ep),
                       "Env": ["PATH=/usr/local/go/bin:/usr/bin"]},
            "rootfs": {"type": "layers", "diff_ids": ["sha256:" + "0" * 64]
                       * n}}


debug = fixture("go-debug")
static = fixture("go-static")
stripped = fixture("go-stripped")

base = [
    ("d", "etc"), ("f", "etc/passwd", b"root:x:0:0::/root:/bin/sh\n"),
    ("f", "etc/os-release", b"ID=debian\nVERSION_ID=11\n" + blob(3000)),
    ("f", "etc/os-release", b"ID=debian\nVERSION_ID=12\n"),  # dup: wins
    ("d", "tmp", 0o1777),
    ("d", "var/lib/apt/lists"),
    ("f", "var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_"
          "binary-amd64_Packages", blob(90000)),
    ("f", "var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_"
          "InRelease", blob(15000)),
    ("f", "var/cache/apt/pkgcache.bin", blob(40000)),
    ("f", "usr/bin/busybox", blob(20000)),
    ("h", "usr/bin/ls", "usr/bin/busybox"),
    ("h", "usr/bin/cat", "usr/bin/busybox"),
]
toolchain = [
    ("f", "usr/local/go/bin/go", blob(120000)),
    ("f", "usr/local/go/bin/gofmt", blob(30000)),
    ("f", "usr/local/go/src/fmt/print.go", blob(8000)),
    ("f", "usr/local/go/pkg/tool/linux_amd64/compile", blob(100000)),
    ("f", "usr/lib/go-1.19/bin/go", blob(5000)),
]
build = [
    ("f", "root/go/pkg/mod/example.com/m@v1.0.0/m.go", blob(6000)),
    ("f", "root/go/pkg/mod/cache/download/example.com/m/@v/v1.0.0.zip",
     blob(25000)),
    ("f", "root/.cache/go-build/README",
     b"This directory holds cached build artifacts from the Go build "
     b"system.\n"),
    ("f", "root/.cache/go-build/ab/abcdef0123-d", blob(60000)),
    ("f", "root/.cache/go-build/cd/cdef012345-d", blob(35000)),
    ("f", "home/dev/.cache/go-build/ef/ef01-d", blob(7000)),
    ("f", "src/main.go", b"package main\n\nfunc main() {}\n" + blob(2000)),
    ("f", "src/go.mod", b"module example.com/app\n"),
    ("f", "src/.git/HEAD", b"ref: refs/heads/main\n"),
    ("f", "src/.git/objects/pack/pack-1.pack", blob(30000)),
    ("f", "app", debug),
    ("f", "usr/local/bin/tool", static),
    ("f", "src/main.go", b"package main\n\nfunc main() { }\n"),  # dup
]
cleanup = [
    ("wh", "root/.cache", "go-build"),
    ("opq", "var/lib/apt/lists"),
    ("f", "var/lib/apt/lists/lock", b""),
    ("h", "usr/bin/tool-link", "usr/local/bin/tool"),
    ("wh", "usr/lib", "go-1.19"),
]
final = [("f", "app", stripped)]

bloated = [make_tar(x) for x in (base, toolchain, build, cleanup, final)]
slim = [make_tar([("d", "etc"),
                  ("f", "etc/passwd", b"nonroot:x:65532:65532::/:/\n"),
                  ("d", "tmp", 0o1777),
                  ("f", "app", stripped)])]
gz = [gzip.compress(b, mtime=0) for b in bloated]
# needs.tar: slim plus the data files a Go binary reads (a CA bundle,
# a zoneinfo tree); noep.tar: slim without an entrypoint.
needs = [make_tar([("d", "etc"),
                   ("f", "etc/passwd", b"nonroot:x:65532:65532::/:/\n"),
                   ("d", "tmp", 0o1777),
                   ("f", "etc/ssl/certs/ca-certificates.crt", blob(7000)),
                   ("f", "usr/share/zoneinfo/UTC", blob(114)),
                   ("f", "usr/share/zoneinfo/Europe/Berlin", blob(2298)),
                   ("f", "app", stripped)])]

docker_save(os.path.join(OUT, "bloated.tar"), bloated, config(5),
            "example/app:bloated")
docker_save(os.path.join(OUT, "bloated-gz.tar"), gz, config(5),
            "example/app:bloated-gz")
oci_layout(os.path.join(OUT, "bloated-oci"), gz, config(5),
           "example/app:bloated-oci")
docker_save(os.path.join(OUT, "slim.tar"), slim, config(1),
            "example/app:slim")
docker_save(os.path.join(OUT, "needs.tar"), needs, config(1),
            "example/app:needs")
docker_save(os.path.join(OUT, "noep.tar"), slim, config(1, ()),
            "example/app:noep")
out = {
    "bloated": truth(bloated, bloated),
    "bloated-gz": truth(gz, bloated),
    "bloated-oci": truth(gz, bloated),
    "slim": truth(slim, slim),
}
with open(os.path.join(OUT, "truth.json"), "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
