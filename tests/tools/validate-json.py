#!/usr/bin/python3 -I
"""Validate goelf's JSON output against its schemas (docs/*-schema.json).

usage: validate-json.py [--schemas DIR] [--kind KIND] [--max-errors N] PATH...

PATH is a file or a directory.  A file holds JSON Lines (one document a
line) or one document (pretty-printed, as `jq .` writes it).  In a
directory, every file named KIND.* is read (the files the test wrapper
tests/tools/goelf-json-log.sh writes; KIND.*.cmd holds the command line
that produced KIND.*).  KIND picks the schema:

  report  docs/report-schema.json   inspect, gate --format json, scan
  diff    docs/diff-schema.json     goelf diff --format json
  size    docs/size-schema.json     goelf size --format json
  targets docs/targets-schema.json  goelf targets --format json
  sarif   tests/tools/sarif-subset-schema.json   gate --format sarif

--kind KIND applies one kind to every file given.  Prints the first
--max-errors errors as FILE:LINE: JSON-POINTER: message, one line per
kind with its count, and last `json: N documents valid, M invalid`.
Exits 0 when all are valid, 1 when one is not (a line that is not JSON
counts as an invalid document), 2 on bad usage or a missing
python3-jsonschema.  Uses Debian's python3-jsonschema (4.10.3 in
Debian 12); -I keeps PYTHONPATH and user site-packages out.
"""
import argparse
import json
import os
import sys

try:
    import jsonschema
    from jsonschema.validators import Draft202012Validator
except ImportError:
    sys.stderr.write("validate-json: python3-jsonschema is missing; "
                     "apt-get install python3-jsonschema "
                     "(scripts/deps.sh)\n")
    sys.exit(2)

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {
    "report": "report-schema.json",
    "diff": "diff-schema.json",
    "size": "size-schema.json",
    "targets": "targets-schema.json",
    "sarif": os.path.join(HERE, "sarif-subset-schema.json"),
}


def pointer(path):
    """The RFC 6901 JSON pointer of a jsonschema error path."""
    out = ""
    for p in path:
        out += "/" + str(p).replace("~", "~0").replace("/", "~1")
    return out or "/"


def load_schemas(sdir):
    """Every schema, and a resolver that knows them all by $id, so that
    size-schema.json can $ref the report's size object."""
    schemas, store = {}, {}
    for kind, name in KINDS.items():
        path = os.path.join(sdir, name)
        with open(path, encoding="utf-8") as f:
            s = json.load(f)
        Draft202012Validator.check_schema(s)
        schemas[kind] = s
        store[s.get("$id", path)] = s
    out = {}
    for kind, s in schemas.items():
        res = jsonschema.RefResolver.from_schema(s, store=store)
        out[kind] = Draft202012Validator(s, resolver=res)
    return out


def documents(path):
    """(line, document or None, parse error) for each document of path."""
    with open(path, "rb") as f:
        data = f.read()
    text = data.decode("utf-8", errors="replace")
    try:
        yield 1, json.loads(text), None
        return
    except ValueError:
        pass
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line), None
        except ValueError as e:
            yield n, None, "not JSON: %s" % e


def files(paths, kind):
    """(path, kind) of every file to read."""
    for p in paths:
        if os.path.isdir(p):
            for name in sorted(os.listdir(p)):
                k = name.split(".", 1)[0]
                if name.endswith(".cmd"):
                    continue
                yield os.path.join(p, name), kind or k
        else:
            k = kind or os.path.basename(p).split(".", 1)[0]
            yield p, k


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--schemas", default=os.path.join(HERE, "..", "..",
                                                      "docs"))
    ap.add_argument("--kind", choices=sorted(KINDS))
    ap.add_argument("--max-errors", type=int, default=20)
    ap.add_argument("paths", nargs="+")
    a = ap.parse_args()
    mod = os.path.realpath(jsonschema.__file__)
    if not mod.startswith("/usr/lib/python3/dist-packages/"):
        sys.stderr.write("validate-json: note: jsonschema from %s, not "
                         "Debian's python3-jsonschema\n" % mod)
    validators = load_schemas(a.schemas)
    valid = invalid = shown = 0
    per_kind = {}
    for path, kind in files(a.paths, a.kind):
        cmd = ""
        if os.path.exists(path + ".cmd"):
            with open(path + ".cmd", encoding="utf-8",
                      errors="replace") as f:
                cmd = f.read().strip()
        v = validators.get(kind)
        for line, doc, perr in documents(path):
            if not v:
                perr = "no schema for output of kind '%s' (one of %s)" % (
                    kind, ", ".join(sorted(KINDS)))
            errs = [perr] if perr else [
                "%s: %s" % (pointer(e.absolute_path), e.message)
                for e in sorted(v.iter_errors(doc),
                                key=lambda e: list(map(str, e.path)))]
            c = per_kind.setdefault(kind, [0, 0])
            if not errs:
                valid += 1
                c[0] += 1
                continue
            invalid += 1
            c[1] += 1
            for e in errs:
                if shown < a.max_errors:
                    print("%s:%d: %s%s" % (path, line, e[:300],
                                           " [%s]" % cmd if cmd else ""))
                shown += 1
    for kind in sorted(per_kind):
        print("json: %s: %d valid, %d invalid (%s)" %
              (kind, per_kind[kind][0], per_kind[kind][1],
               os.path.basename(KINDS.get(kind, "no schema"))))
    if shown > a.max_errors:
        print("json: %d more errors not shown" % (shown - a.max_errors))
    print("json: %d documents valid, %d invalid" % (valid, invalid))
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main())
