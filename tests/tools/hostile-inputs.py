#!/usr/bin/python3
"""hostile-inputs.py - small inputs that cost goelf gigabytes or minutes
when nothing bounds it (issue 13, items 7 and 8).

usage: hostile-inputs.py CASE OUT

Writes one input at OUT (a file; for `planted`, a directory).  Each one
is small on disk (gzip layers, sparse files) and large when read:

  symlinks   an image: 300 symlinks with 1 MB targets          (300 MB)
  names      an image: 80,000 names of 4,000 bytes             (320 MB)
  elfs       an image: 50,000 small ELF files in one layer
  deep       an image: 6,000 names of 2,000 path components
  loops      an image: 1,000 symlinks into a loop that walks 2,000
             directories per turn
  layers     an image tarball (gzip): one 1 MiB layer listed by 16
             images x 256 layers
  shstrtab   an ELF file, sparse: its section name table claims 6 GiB
  planted    a directory tree holding a manifest.json, an index.json and
             a dynamically linked Go binary copied from $FIXTURE (argv 3)

Python standard library only.
"""
import gzip
import io
import json
import os
import shutil
import struct
import sys
import tarfile


def elf_bytes(k):
    """A minimal ELF64 x86-64 executable header and k bytes."""
    h = b"\x7fELF" + bytes([2, 1, 1, 0]) + b"\0" * 8
    h += struct.pack("<HHIQQQIHHHHHH", 2, 62, 1, 0x401000, 0, 0, 0,
                     64, 56, 0, 64, 0, 0)
    return h + bytes((k * 7 + i) & 0xFF for i in range(k))


def add(tf, name, data=None, kind=tarfile.REGTYPE, link=""):
    if isinstance(tf, Raw):
        if kind == tarfile.DIRTYPE:
            name = name.rstrip("/") + "/"
        tf.gz.write(ustar(name, data or b"", kind, link))
        return
    ti = tarfile.TarInfo(name)
    ti.type = kind
    ti.mode = 0o755
    ti.linkname = link
    if data is not None:
        ti.size = len(data)
        tf.addfile(ti, io.BytesIO(data))
    else:
        tf.addfile(ti)


def ustar(name, data=b"", kind=b"0", link=""):
    """One tar member written by hand (fast for many small ones); names
    or links over 100 bytes get a pax header."""
    out = b""
    pax = b""
    if len(name) > 99:
        pax += rec("path", name)
    if len(link) > 99:
        pax += rec("linkpath", link)
    if pax:
        out += header("././@PaxHeader", len(pax), b"x", "") + pad(pax)
    return out + header(name[:99], len(data), kind, link[:99]) + pad(data)


def rec(key, val):
    body = " %s=%s\n" % (key, val)
    n = len(body) + 1
    while len(str(n)) + len(body) != n:
        n = len(str(n)) + len(body)
    return (str(n) + body).encode()


def pad(b):
    return b + b"\0" * (-len(b) % 512)


def header(name, size, kind, link):
    h = bytearray(512)
    h[0:len(name)] = name.encode()
    h[100:108] = b"0000755\0"
    h[108:116] = b"0000000\0"
    h[116:124] = b"0000000\0"
    h[124:136] = b"%011o\0" % size
    h[136:148] = b"00000000000\0"
    h[148:156] = b" " * 8
    h[156:157] = kind
    h[157:157 + len(link)] = link.encode()
    h[257:265] = b"ustar\x0000"
    h[148:156] = b"%06o\0 " % sum(h)
    return bytes(h)


class Raw:
    """tf-like: add() through ustar() into a gzip stream."""

    def __init__(self, gz):
        self.gz = gz


def image(out, fill, images=1, repeat=1, outer_gzip=False):
    """A docker-save tarball whose one gzip layer fill(tf) writes."""
    lay = io.BytesIO()
    with gzip.GzipFile(fileobj=lay, mode="wb", compresslevel=1,
                       mtime=0) as gz:
        fill(Raw(gz))
        gz.write(b"\0" * 1024)
    cfg = json.dumps({"architecture": "amd64", "os": "linux",
                      "config": {"User": "1000"}}).encode()
    man = [{"Config": "cfg.json", "RepoTags": ["hostile/%d:1" % i],
            "Layers": ["layer.tar"] * repeat} for i in range(images)]
    f = gzip.open(out, "wb", compresslevel=1) if outer_gzip \
        else open(out, "wb")
    with f:
        with tarfile.open(fileobj=f, mode="w") as tf:
            for name, data in (("manifest.json", json.dumps(man).encode()),
                               ("cfg.json", cfg),
                               ("layer.tar", lay.getvalue())):
                add(tf, name, data)


def symlinks(tf):
    tgt = "t" * 990000  # libarchive takes pax values up to 10^6 bytes
    for i in range(300):
        add(tf, "l%d" % i, kind=tarfile.SYMTYPE, link=tgt)
    add(tf, "app", elf_bytes(1))


def names(tf):
    for i in range(80000):
        add(tf, "n" * 3990 + "%08d" % i, b"")
    add(tf, "app", elf_bytes(1))


def elfs(tf):
    add(tf, "bin/", kind=tarfile.DIRTYPE)
    for i in range(50000):
        add(tf, "bin/e%05d" % i, elf_bytes(i % 64))


def deep(tf):
    d = "a/" * 1999
    for i in range(6000):
        add(tf, d + "f%d" % i, b"")
    add(tf, d + "app", elf_bytes(1))


def loops(tf):
    """s -> a/a/.../a (2,000 directories deep), in there t -> /s/t: each
    of 1,000 links to /s/t walks 2,000 components per turn of the loop
    until the hop limit."""
    d = ""
    for i in range(2000):
        d = d + "/a" if d else "a"
        add(tf, d, kind=tarfile.DIRTYPE)
    add(tf, "s", kind=tarfile.SYMTYPE, link=d)
    add(tf, d + "/t", kind=tarfile.SYMTYPE, link="/s/t")
    for i in range(1000):
        add(tf, "l%d" % i, kind=tarfile.SYMTYPE, link="/s/t")
    add(tf, "app", elf_bytes(1))


def layer_mb(tf):
    for i in range(1024):
        add(tf, "f%04d" % i, bytes(1024 - 512))
    add(tf, "app", elf_bytes(1))


def shstrtab(out):
    """ELF64 with 2 section headers; section 1 is the name table, at
    offset 4096, claiming 6 GiB; the file is sparse up to its end."""
    size = 6 << 30
    eh = b"\x7fELF" + bytes([2, 1, 1, 0]) + b"\0" * 8
    eh += struct.pack("<HHIQQQIHHHHHH", 2, 62, 1, 0x401000, 0, 128, 0,
                      64, 56, 0, 64, 2, 1)
    sh0 = b"\0" * 64
    sh1 = struct.pack("<IIQQQQIIQQ", 1, 3, 0, 0, 4096, size, 0, 0, 1, 0)
    with open(out, "wb") as f:
        f.write(eh.ljust(128, b"\0") + sh0 + sh1)
        f.seek(4096)
        f.write(b"\0.shstrtab\0")
        f.truncate(4096 + size)


def planted(out, fixture):
    os.makedirs(os.path.join(out, "bin"), exist_ok=True)
    shutil.copy(fixture, os.path.join(out, "bin", "app"))
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump([{"Config": "c.json", "Layers": []}], f)
    with open(os.path.join(out, "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "manifests": []}, f)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    case, out = sys.argv[1], sys.argv[2]
    fills = {"symlinks": symlinks, "names": names, "elfs": elfs,
             "deep": deep, "loops": loops}
    if case in fills:
        image(out, fills[case])
    elif case == "layers":
        image(out, layer_mb, images=16, repeat=256, outer_gzip=True)
    elif case == "shstrtab":
        shstrtab(out)
    elif case == "planted":
        planted(out, sys.argv[3])
    else:
        sys.exit("unknown case " + case)


main()
