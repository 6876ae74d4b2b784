#!/usr/bin/env python3
"""mkimage.py - packs a root directory (tests/tools/mkroot.sh) as a
`docker save` tarball for the run-time truth tests
(tests/cli/run-runtime.sh), so that goelf --image X.tar is judged against
the same files the chroot runs in.

  python3 tests/tools/mkimage.py ROOT OUT.tar [--ref NAME:TAG] [--user U]
      [--env K=V]... [--entrypoint PATH]

Two layers, as a Dockerfile makes them: the base (everything but /app)
and the application (/app), each an uncompressed tar whose members keep
the files' modes, owners and symlinks (hard links inside one layer stay
hard links).  The config holds Env (PATH first, as docker sets it), User
and Entrypoint.  Member names are relative ("app/x"), directories come
before their contents, in sorted order.
"""
import argparse
import hashlib
import io
import json
import os
import tarfile

PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def layer(root, want):
    """A tar (bytes) of the members of root for which want(relpath)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            rel_dir = os.path.relpath(dirpath, root)
            names = sorted(dirnames + filenames)
            if rel_dir != "." and want(rel_dir):
                t.add(dirpath, arcname=rel_dir, recursive=False)
            for n in names:
                p = os.path.join(dirpath, n)
                rel = os.path.normpath(os.path.join(rel_dir, n))
                if os.path.isdir(p) and not os.path.islink(p):
                    continue  # added when os.walk enters it
                if want(rel):
                    t.add(p, arcname=rel, recursive=False)
    return buf.getvalue()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("root")
    ap.add_argument("out")
    ap.add_argument("--ref", default="goelf-test/root:latest")
    ap.add_argument("--user", default="")
    ap.add_argument("--env", action="append", default=[])
    ap.add_argument("--entrypoint")
    a = ap.parse_args()

    def is_app(rel):
        return rel == "app" or rel.startswith("app/")

    layers = [layer(a.root, lambda r: not is_app(r)), layer(a.root, is_app)]
    diff_ids = ["sha256:" + hashlib.sha256(l).hexdigest() for l in layers]
    cfg = {
        "architecture": "amd64",
        "os": "linux",
        "config": {"Env": [PATH] + a.env, "User": a.user},
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
    }
    if a.entrypoint:
        cfg["config"]["Entrypoint"] = [a.entrypoint]
    cfg_bytes = json.dumps(cfg, sort_keys=True).encode()
    cfg_name = hashlib.sha256(cfg_bytes).hexdigest() + ".json"
    names = [d.split(":")[1] + "/layer.tar" for d in diff_ids]
    manifest = [{"Config": cfg_name, "RepoTags": [a.ref], "Layers": names}]

    with tarfile.open(a.out, "w", format=tarfile.PAX_FORMAT) as t:
        def put(name, data):
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            ti.mode = 0o644
            t.addfile(ti, io.BytesIO(data))
        put(cfg_name, cfg_bytes)
        for n, l in zip(names, layers):
            put(n, l)
        put("manifest.json", json.dumps(manifest).encode())


if __name__ == "__main__":
    main()
