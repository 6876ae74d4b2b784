#!/usr/bin/python3
"""mkhostile-root.py - hostile pieces of a root filesystem for the
loader simulation (issue 14, "Bad input"; tests/cli/run-runtime-hostile.sh).

usage:
  mkhostile-root.py elf OUT [--needed N] [--prefix P] [--dyn]
                    [--soname S] [--next NAME] [--interp PATH]
      A minimal ELF64 x86-64 object (no code: it is never run) with
      PT_INTERP (executables), PT_LOAD over the whole file and
      PT_DYNAMIC: N DT_NEEDED "P0.so" .. "P{N-1}.so" (or one, NAME,
      with --next), DT_STRTAB/STRSZ/SYMTAB/SYMENT, DT_SONAME (--dyn).
  mkhostile-root.py chain DIR N [--prefix P]
      N libraries DIR/P0.so .. P{N-1}.so, each needing the next.
  mkhostile-root.py many DIR N [--prefix P]
      N libraries DIR/P0.so .. P{N-1}.so that need nothing.
  mkhostile-root.py ldcache OUT new|old|both
      An ld.so.cache with the right magic, then garbage: nlibs
      0xffffffff, string offsets and lengths pointing anywhere.
  mkhostile-root.py verdef-loop IN OUT
      A copy of the shared library IN whose version definitions loop:
      the last Verdef's vd_next points back at the first, its vd_cnt
      says 0xffff, and DT_VERDEFNUM / the section's sh_info say
      0x7fffffff.
  mkhostile-root.py docker-save ROOT OUT [--entrypoint PATH]
      ROOT (symlinks, FIFOs and device nodes kept as such) as the one
      layer of a `docker save` tarball.

Python standard library only.
"""
import hashlib
import io
import json
import os
import random
import struct
import sys
import tarfile

PT_LOAD, PT_DYNAMIC, PT_INTERP = 1, 2, 3
DT_NULL, DT_NEEDED, DT_STRTAB, DT_SYMTAB = 0, 1, 5, 6
DT_STRSZ, DT_SYMENT, DT_SONAME = 10, 11, 14
DT_VERDEFNUM = 0x6ffffffd
SHT_GNU_VERDEF = 0x6ffffffd


def elf(needed, dyn=False, soname=None, interp="/lib64/ld-linux-x86-64.so.2"):
    """The bytes of a minimal ELF64 LE x86-64 object."""
    base = 0 if dyn else 0x400000
    nph = 2 if dyn else 3
    off = 64 + 56 * nph
    blob = bytearray()
    interp_off = None
    if not dyn:
        interp_off = off
        blob += interp.encode() + b"\0"
    while (off + len(blob)) % 8:
        blob += b"\0"
    # dynstr
    strtab_off = off + len(blob)
    strs = bytearray(b"\0")
    name_offs = []
    for n in needed:
        name_offs.append(len(strs))
        strs += n.encode() + b"\0"
    son_off = None
    if soname:
        son_off = len(strs)
        strs += soname.encode() + b"\0"
    blob += strs
    while (off + len(blob)) % 8:
        blob += b"\0"
    symtab_off = off + len(blob)
    blob += b"\0" * 24  # the null symbol
    dyn_off = off + len(blob)
    ents = [(DT_NEEDED, o) for o in name_offs]
    if son_off is not None:
        ents.append((DT_SONAME, son_off))
    ents += [(DT_STRTAB, base + strtab_off), (DT_STRSZ, len(strs)),
             (DT_SYMTAB, base + symtab_off), (DT_SYMENT, 24),
             (DT_NULL, 0)]
    dynb = b"".join(struct.pack("<qQ", t, v) for t, v in ents)
    blob += dynb
    total = off + len(blob)
    eh = struct.pack("<4sBBBBB7sHHIQQQIHHHHHH", b"\x7fELF", 2, 1, 1, 0, 0,
                     b"\0" * 7, 3 if dyn else 2, 62, 1,
                     base + (dyn_off if dyn else off), 64, 0, 0, 64, 56,
                     nph, 64, 0, 0)
    ph = b""
    if not dyn:
        n = len(interp) + 1
        ph += struct.pack("<IIQQQQQQ", PT_INTERP, 4, interp_off,
                          base + interp_off, base + interp_off, n, n, 1)
    ph += struct.pack("<IIQQQQQQ", PT_LOAD, 5, 0, base, base, total, total,
                      0x1000)
    ph += struct.pack("<IIQQQQQQ", PT_DYNAMIC, 6, dyn_off, base + dyn_off,
                      base + dyn_off, len(dynb), len(dynb), 8)
    return eh + ph + bytes(blob)


def opt(args, name, default=None):
    if name in args:
        i = args.index(name)
        v = args[i + 1]
        del args[i:i + 2]
        return v
    return default


def flag(args, name):
    if name in args:
        args.remove(name)
        return True
    return False


def ldcache(kind):
    rnd = random.Random(14)
    out = b""
    if kind in ("old", "both"):
        # "ld.so-1.7.0", nlibs, then 12-byte entries (flags, key, value)
        out += b"ld.so-1.7.0" + b"\0" + struct.pack("<I", 0xffffffff)
        for _ in range(64):
            out += struct.pack("<iII", 0x303, rnd.getrandbits(32),
                               rnd.getrandbits(32))
        if kind == "both":
            while len(out) % 8:
                out += b"\0"
    # new: magic[17] version[3] nlibs len_strings flags pad[3]
    # extension_offset unused[3], then 24-byte entries
    out += b"glibc-ld.so.cache" + b"1.1" + struct.pack(
        "<IIB3sI3I", 0xffffffff, 0xfffffff0, 2, b"\0" * 3,
        0xfffffff8, 0, 0, 0)
    for _ in range(256):
        out += struct.pack("<iIIIQ", 0x303, rnd.getrandbits(32),
                           rnd.getrandbits(32), 0, rnd.getrandbits(64))
    out += bytes(rnd.getrandbits(8) for _ in range(4096))
    return out


def verdef_loop(data):
    b = bytearray(data)
    if b[:4] != b"\x7fELF" or b[4] != 2 or b[5] != 1:
        raise SystemExit("verdef-loop: not ELF64 LE")
    shoff, = struct.unpack_from("<Q", b, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", b, 0x3a)
    found = False
    for i in range(shnum):
        sh = shoff + i * shentsize
        (name, typ, flags, addr, off, size, link, info, align,
         entsize) = struct.unpack_from("<IIQQQQIIQQ", b, sh)
        if typ != SHT_GNU_VERDEF:
            continue
        found = True
        # walk the real chain (sh_info records) to its last record
        pos, last = off, off
        for _ in range(info):
            last = pos
            vd_next, = struct.unpack_from("<I", b, pos + 16)
            if vd_next == 0:
                break
            pos += vd_next
        # vd_next of the last record: back to the first (mod 2^32);
        # with a single record, at itself cannot be said (0 ends)
        if last == off:
            raise SystemExit("verdef-loop: one Verdef only")
        struct.pack_into("<I", b, last + 16, (off - last) & 0xffffffff)
        # and it claims 0xffff Verdaux records
        struct.pack_into("<H", b, last + 6, 0xffff)  # vd_cnt
        # sh_info: many records
        struct.pack_into("<I", b, sh + 44, 0x7fffffff)
    if not found:
        raise SystemExit("verdef-loop: no SHT_GNU_verdef section")
    # DT_VERDEFNUM in the dynamic section (by program header)
    phoff, = struct.unpack_from("<Q", b, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", b, 0x36)
    for i in range(phnum):
        ph = phoff + i * phentsize
        typ, = struct.unpack_from("<I", b, ph)
        if typ != PT_DYNAMIC:
            continue
        off, = struct.unpack_from("<Q", b, ph + 8)
        fsz, = struct.unpack_from("<Q", b, ph + 32)
        for j in range(0, fsz, 16):
            t, = struct.unpack_from("<q", b, off + j)
            if t == DT_VERDEFNUM:
                struct.pack_into("<Q", b, off + j + 8, 0x7fffffff)
            if t == DT_NULL:
                break
    return bytes(b)


def docker_save(root, out, entrypoint=None):
    lay = io.BytesIO()
    with tarfile.open(fileobj=lay, mode="w", format=tarfile.GNU_FORMAT) as tf:
        for dp, dns, fns in os.walk(root):
            dns.sort()
            for n in sorted(dns + fns):
                p = os.path.join(dp, n)
                arc = os.path.relpath(p, root)
                tf.add(p, arcname=arc, recursive=False)
    layer = lay.getvalue()
    diff = "sha256:" + hashlib.sha256(layer).hexdigest()
    cfgd = {"architecture": "amd64", "os": "linux",
            "config": {"Env": ["PATH=/usr/bin:/bin"]},
            "rootfs": {"type": "layers", "diff_ids": [diff]}}
    if entrypoint:
        cfgd["config"]["Entrypoint"] = [entrypoint]
    cfg = json.dumps(cfgd).encode()
    cname = hashlib.sha256(cfg).hexdigest() + ".json"
    man = [{"Config": cname, "RepoTags": ["hostile/root:1"],
            "Layers": ["layer0/layer.tar"]}]
    with tarfile.open(out, "w") as tf:
        for name, data in (("manifest.json", json.dumps(man).encode()),
                           (cname, cfg), ("layer0/layer.tar", layer)):
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            ti.mode = 0o644
            tf.addfile(ti, io.BytesIO(data))


def main():
    a = sys.argv[1:]
    if not a:
        raise SystemExit(__doc__)
    cmd = a.pop(0)
    if cmd == "elf":
        n = int(opt(a, "--needed", "0"))
        prefix = opt(a, "--prefix", "libh")
        nxt = opt(a, "--next")
        soname = opt(a, "--soname")
        interp = opt(a, "--interp", "/lib64/ld-linux-x86-64.so.2")
        dyn = flag(a, "--dyn")
        needed = [nxt] if nxt else ["%s%d.so" % (prefix, i) for i in range(n)]
        with open(a[0], "wb") as f:
            f.write(elf(needed, dyn, soname, interp))
        os.chmod(a[0], 0o755)
    elif cmd in ("chain", "many"):
        prefix = opt(a, "--prefix", "libh")
        d, n = a[0], int(a[1])
        os.makedirs(d, exist_ok=True)
        for i in range(n):
            nm = "%s%d.so" % (prefix, i)
            need = ["%s%d.so" % (prefix, i + 1)] \
                if cmd == "chain" and i + 1 < n else []
            with open(os.path.join(d, nm), "wb") as f:
                f.write(elf(need, True, nm))
    elif cmd == "ldcache":
        with open(a[0], "wb") as f:
            f.write(ldcache(a[1]))
    elif cmd == "verdef-loop":
        with open(a[0], "rb") as f:
            data = f.read()
        with open(a[1], "wb") as f:
            f.write(verdef_loop(data))
    elif cmd == "docker-save":
        ep = opt(a, "--entrypoint")
        docker_save(a[0], a[1], ep)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
