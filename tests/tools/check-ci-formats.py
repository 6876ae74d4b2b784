#!/usr/bin/env python3
"""check-ci-formats.py - checks of goelf's CI and SBOM formats against
truth from outside goelf where there is one (go version -m, hashlib, the
official CycloneDX schema, an XML parser, the YAML of action.yml and
ci/gitlab-goelf.yml run as CI would run them), else against the gate's
own JSON report (the verdicts the documents must carry).

usage:
  check-ci-formats.py codeclimate DOC1 DOC2 GATE.jsonl
  check-ci-formats.py junit DOC.xml GATE.jsonl COMMAND
  check-ci-formats.py cyclonedx DOC.json SCHEMA_DIR
                      [--image REF | --schema-only] FILE...
  check-ci-formats.py action ACTION.yml GOELF WORKDIR TARGETS FILE...
  check-ci-formats.py gitlab TEMPLATE.yml GOELF WORKDIR TARGETS FILE...

Prints "ok LABEL" or "FAIL: LABEL: why" per check; exits 1 on any FAIL.
"""
import hashlib
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

failed = 0


def check(label, cond, why=""):
    global failed
    if cond:
        print("ok " + label)
    else:
        failed += 1
        print("FAIL: %s: %s" % (label, why))


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def gate_items(rec):
    """(path, id, severity, allowed) of every non-informational finding
    and selected target reason of a gate JSON record."""
    out = []
    for x in rec.get("findings") or []:
        if x["severity"] != "info":
            out.append((x["id"], x["severity"], x["allowed"]))
    v = rec.get("verdict") or {}
    if v.get("targets_selected"):
        for name, t in sorted(v.get("targets", {}).items()):
            for r in t["reasons"]:
                if r["severity"] != "info":
                    out.append((r["id"], r["severity"], r["allowed"]))
    return out


def strip_dot(p):
    while p.startswith("./"):
        p = p[2:]
    return p


# --- codeclimate -----------------------------------------------------------
SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def codeclimate(doc1, doc2, gate):
    with open(doc1, encoding="utf-8") as f:
        a = json.load(f)
    with open(doc2, encoding="utf-8") as f:
        b = json.load(f)
    recs = load_jsonl(gate)
    check("codeclimate: a JSON array", isinstance(a, list), type(a))
    shape_ok, why = True, ""
    for i in a:
        if set(i) != {"description", "check_name", "fingerprint",
                      "severity", "location"}:
            shape_ok, why = False, "keys %s" % sorted(i)
            break
        loc = i["location"]
        if not (isinstance(i["description"], str) and
                isinstance(i["check_name"], str) and i["check_name"] and
                isinstance(i["fingerprint"], str) and
                re.fullmatch(r"[0-9a-f]{64}", i["fingerprint"]) and
                i["severity"] in SEVERITIES and isinstance(loc, dict) and
                set(loc) == {"path", "lines"} and
                isinstance(loc["path"], str) and
                isinstance(loc["lines"], dict) and
                set(loc["lines"]) == {"begin"} and
                type(loc["lines"]["begin"]) is int and
                loc["lines"]["begin"] >= 1):
            shape_ok, why = False, json.dumps(i)[:300]
            break
    check("codeclimate: every key and type", shape_ok, why)
    fps = [i["fingerprint"] for i in a]
    check("codeclimate: fingerprints unique", len(fps) == len(set(fps)),
          "%d of %d distinct" % (len(set(fps)), len(fps)))
    check("codeclimate: same fingerprints in a second run",
          fps == [i["fingerprint"] for i in b])
    by_check = {}
    for i in a:
        by_check.setdefault(i["check_name"], {}).setdefault(
            i["location"]["path"], set()).add(i["fingerprint"])
    diff_ok = True
    for cn, paths in by_check.items():
        sets = list(paths.values())
        for x in range(len(sets)):
            for y in range(x + 1, len(sets)):
                if sets[x] & sets[y]:
                    diff_ok = False
    check("codeclimate: a check on different files has different "
          "fingerprints", diff_ok and any(len(p) > 1
                                          for p in by_check.values()),
          json.dumps({k: len(v) for k, v in by_check.items()}))
    # The issues are the gate's non-informational findings and reasons,
    # with the documented severity mapping.
    want = []
    for r in recs:
        path = strip_dot(r["path"])
        if r.get("error"):
            want.append((path, "error." + r["error"]["code"], "blocker"))
            continue
        v = r["verdict"]
        for cid, sev, allowed in gate_items(r):
            if allowed:
                s = "info"
            elif sev == "fail":
                s = "blocker" if v["gate_failed"] else "critical"
            else:
                s = ("blocker" if v["gate_failed"] and
                     v["status"] == "warn" else "major")
            want.append((path, cid, s))
    got = [(i["location"]["path"], i["check_name"], i["severity"])
           for i in a]
    check("codeclimate: the gate's findings and severities (%d issues)" %
          len(want), sorted(got) == sorted(want),
          "got %s\nwant %s" % (sorted(got)[:8], sorted(want)[:8]))
    check("codeclimate: a blocker when a file fails the gate",
          any(s == "blocker" for _, _, s in got) ==
          any(r.get("verdict", {}).get("gate_failed") or r.get("error")
              for r in recs))


# --- junit -----------------------------------------------------------------
def junit(doc, gate, command):
    recs = load_jsonl(gate)
    try:
        root = ET.parse(doc).getroot()
    except ET.ParseError as e:
        check("junit: well-formed XML", False, e)
        return
    check("junit: well-formed XML", True)
    suites = root.findall("testsuite")
    check("junit: <testsuites> with one <testsuite>",
          root.tag == "testsuites" and len(suites) == 1, root.tag)
    if len(suites) != 1:
        return
    s = suites[0]
    cases = s.findall("testcase")
    nfail = sum(1 for r in recs if not r.get("error") and
                r["verdict"]["gate_failed"])
    nerr = sum(1 for r in recs if r.get("error"))
    check("junit: one testcase per file (%d)" % len(recs),
          len(cases) == len(recs), len(cases))
    check("junit: names are the paths, classname the command",
          [c.get("name") for c in cases] == [r["path"] for r in recs] and
          all(c.get("classname") == command for c in cases),
          [c.get("name") for c in cases][:5])
    fails = [c for c in cases if c.find("failure") is not None]
    errs = [c for c in cases if c.find("error") is not None]
    check("junit: failures = the gate's failing files (%d)" % nfail,
          len(fails) == nfail, len(fails))
    check("junit: errors = the files not analysed (%d)" % nerr,
          len(errs) == nerr, len(errs))
    check("junit: counts in the attributes",
          s.get("tests") == str(len(recs)) and
          s.get("failures") == str(nfail) and s.get("errors") == str(nerr)
          and root.get("tests") == str(len(recs)), s.attrib)
    lines_ok = True
    for c, r in zip(cases, recs):
        f = c.find("failure")
        if f is None:
            continue
        lines = [x for x in (f.text or "").split("\n") if x]
        if len(lines) != len(gate_items(r)):
            lines_ok = False
    check("junit: a failure lists every reason of its file", lines_ok)


# --- cyclonedx --------------------------------------------------------------
def validator(schema_dir):
    import jsonschema
    store = {}
    main = None
    for name in os.listdir(schema_dir):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(schema_dir, name), encoding="utf-8") as f:
            s = json.load(f)
        store[s["$id"]] = s
        store["http://cyclonedx.org/schema/" + name] = s
        if name.startswith("bom-1.5"):
            main = s
    resolver = jsonschema.RefResolver.from_schema(main, store=store)
    cls = jsonschema.validators.validator_for(main)
    return cls(main, resolver=resolver,
               format_checker=jsonschema.FormatChecker())


def pct(s, keep_slash):
    out = []
    for ch in s.encode():
        c = chr(ch)
        if c.isascii() and (c.isalnum() or c in ".-_~" or
                            (keep_slash and c == "/")):
            out.append(c)
        else:
            out.append("%%%02X" % ch)
    return "".join(out)


def go_modules(path):
    """From `go version -m`: {purl or None: hex hash or None} and the Go
    version, or (None, None) when go finds no build info."""
    p = subprocess.run(["go", "version", "-m", path], capture_output=True,
                       text=True)
    if p.returncode != 0 or not p.stdout.strip():
        return None, None
    lines = p.stdout.split("\n")
    gover = lines[0].split(": ", 1)[1].strip()
    mods = []  # [path, version, sum]
    for line in lines[1:]:
        f = line.strip("\n").split("\t")
        if len(f) < 2:
            continue
        kind = f[1]
        if kind in ("mod", "dep"):
            mods.append([f[2], f[3] if len(f) > 3 else "",
                         f[4] if len(f) > 4 else ""])
        elif kind == "=>":
            mods[-1] = [f[2], f[3] if len(f) > 3 else "",
                        f[4] if len(f) > 4 else ""]
    want = {}
    for mp, ver, s in mods:
        h = None
        if s.startswith("h1:"):
            import base64
            h = base64.b64decode(s[3:]).hex()
        if mp.startswith(".") or mp.startswith("/") or not ver:
            want["gomod:" + mp + ("@" + ver if ver else "")] = h
        else:
            want["pkg:golang/%s@%s" % (pct(mp, True), pct(ver, False))] = h
    v = gover[2:] if gover.startswith("go") else gover
    want["pkg:golang/stdlib@" + v.split(" ")[0]] = None
    return want, gover


def cyclonedx(doc, schema_dir, files, image=None):
    with open(doc, encoding="utf-8") as f:
        bom = json.load(f)
    errs = sorted(validator(schema_dir).iter_errors(bom), key=str)
    check("cyclonedx: valid CycloneDX 1.5 (official schema)", not errs,
          "; ".join("%s at %s" % (e.message, list(e.path))
                    for e in errs[:3]))
    check("cyclonedx: specVersion 1.5, tools has goelf",
          bom.get("specVersion") == "1.5" and
          bom["metadata"]["tools"]["components"][0]["name"] == "goelf")
    comps = {c["bom-ref"]: c for c in bom.get("components", [])}
    refs = [c["bom-ref"] for c in bom.get("components", [])]
    check("cyclonedx: bom-refs unique", len(refs) == len(set(refs)))
    deps = {d["ref"]: d.get("dependsOn", []) for d in bom["dependencies"]}
    dangling = [r for on in deps.values() for r in on
                if r not in comps and r not in deps]
    check("cyclonedx: every dependsOn names a component", not dangling,
          dangling[:3])
    fcomps = [c for c in bom["components"] if c["type"] == "file"]
    if image == "":
        return
    if image:
        mc = bom["metadata"].get("component", {})
        check("cyclonedx: the image is metadata.component (container)",
              mc.get("type") == "container" and mc.get("name") == image,
              mc)
        check("cyclonedx: the image depends on its files",
              sorted(deps.get(mc.get("bom-ref"), [])) ==
              sorted(c["bom-ref"] for c in fcomps), deps.get(mc.get(
                  "bom-ref")))
        return
    names = [c["name"] for c in fcomps]
    check("cyclonedx: a file component per ELF file",
          sorted(names) == sorted(files), names)
    for c in fcomps:
        path = c["name"]
        props = {p["name"]: p["value"] for p in c.get("properties", [])}
        with open(path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        check("cyclonedx: %s: SHA-256 as sha256sum" % os.path.basename(path),
              c.get("hashes") == [{"alg": "SHA-256", "content": digest}],
              c.get("hashes"))
        check("cyclonedx: %s: linking and libc properties" %
              os.path.basename(path),
              "goelf:linking" in props and "goelf:libc" in props, props)
        want, gover = go_modules(path)
        on = deps.get(c["bom-ref"], [])
        if want is None:
            check("cyclonedx: %s: no modules where go finds no build "
                  "info" % os.path.basename(path),
                  all(comps[r]["name"] == "stdlib" for r in on), on)
            continue
        got = {r: (comps[r].get("hashes") or [{}])[0].get("content")
               for r in on}
        check("cyclonedx: %s: modules, versions, h1 hashes as go version "
              "-m (%d)" % (os.path.basename(path), len(want)), got == want,
              "got %s want %s" % (got, want))
        check("cyclonedx: %s: goelf:go_version as go version -m" %
              os.path.basename(path), props.get("goelf:go_version") == gover,
              props.get("goelf:go_version"))
        for r in on:
            if r.startswith("pkg:") and comps[r].get("purl") != r:
                check("cyclonedx: purl is the bom-ref", False, r)


# --- action.yml and the GitLab template -------------------------------------
def load_yaml(path):
    import yaml
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def gate_rc(goelf, workdir, targets, files, fmt):
    p = subprocess.run([goelf, "gate", "--no-policy", "--format", fmt,
                        "--targets", targets] + files, cwd=workdir,
                       capture_output=True)
    return p.returncode, p.stdout


def action(path, goelf, workdir, targets, files):
    act = load_yaml(path)
    steps = act["runs"]["steps"]
    check("action: composite", act["runs"]["using"] == "composite")
    up = [s for s in steps if "uses" in s]
    check("action: uploads with github/codeql-action/upload-sarif",
          len(up) == 1 and up[0]["uses"].startswith(
              "github/codeql-action/upload-sarif@") and
          up[0]["with"]["sarif_file"] == "${{ inputs.sarif-file }}", up)
    inputs = {k: v.get("default", "") for k, v in act["inputs"].items()}
    inputs.update({"goelf": goelf, "paths": " ".join(files),
                   "targets": targets, "sarif-file": "out.sarif",
                   "policy": ""})
    outputs = {}

    def subst(s):
        def one(m):
            expr = m.group(1).strip()
            if expr.startswith("inputs."):
                return inputs[expr[7:]]
            if expr.startswith("steps.gate.outputs."):
                return outputs.get(expr[19:], "")
            raise ValueError(expr)
        return re.sub(r"\$\{\{(.*?)\}\}", one, str(s))

    want_rc, want_out = gate_rc(goelf, workdir, targets, files, "sarif")
    last_rc = None
    for s in steps:
        if "run" not in s:
            continue
        cond = s.get("if", "")
        if "steps.gate.outputs.exit-code != '0'" in cond and \
                outputs.get("exit-code") == "0":
            continue
        env = dict(os.environ)
        env.update({k: subst(v) for k, v in s.get("env", {}).items()})
        ghout = os.path.join(workdir, "github-output")
        open(ghout, "w").close()
        env["GITHUB_OUTPUT"] = ghout
        # GitHub's "shell: bash" command line.
        p = subprocess.run(["bash", "--noprofile", "--norc", "-eo",
                            "pipefail", "-c", subst(s["run"])], cwd=workdir,
                           env=env, capture_output=True, text=True)
        last_rc = p.returncode
        for line in open(ghout):
            k, _, v = line.rstrip("\n").partition("=")
            outputs[k] = v
        if s.get("id") == "gate":
            check("action: gate step ran (exit 0)", p.returncode == 0,
                  p.stderr)
    check("action: exit-code output is the gate's (%d)" % want_rc,
          outputs.get("exit-code") == str(want_rc), outputs)
    with open(os.path.join(workdir, "out.sarif"), "rb") as f:
        sarif = f.read()
    check("action: the SARIF is the gate's", sarif == want_out)
    check("action: SARIF 2.1.0", json.loads(sarif)["version"] == "2.1.0")
    check("action: the job fails with the gate (%d)" % want_rc,
          (last_rc if want_rc else 0) == want_rc, last_rc)


def gitlab(path, goelf, workdir, targets, files):
    tpl = load_yaml(path)
    job = tpl["goelf-gate"]
    rep = job["artifacts"]["reports"]
    check("gitlab: artifacts:reports codequality and junit",
          rep.get("codequality") == "gl-code-quality-report.json" and
          rep.get("junit") == "goelf-junit.xml" and
          job["artifacts"].get("when") == "always", rep)
    env = dict(os.environ)
    env.update({k: str(v) for k, v in tpl.get("variables", {}).items()})
    env.update({"GOELF": goelf, "GOELF_PATHS": " ".join(files),
                "GOELF_TARGETS": targets})
    # The runner's bash: one shell for the whole script, errexit on.
    p = subprocess.run(["bash", "-eo", "pipefail", "-c",
                        "\n".join(job["script"])], cwd=workdir, env=env,
                       capture_output=True, text=True)
    want_rc, want_cc = gate_rc(goelf, workdir, targets, files, "codeclimate")
    check("gitlab: the job exits as the gate (%d)" % want_rc,
          p.returncode == want_rc, (p.returncode, p.stderr))
    with open(os.path.join(workdir, "gl-code-quality-report.json"),
              "rb") as f:
        check("gitlab: the Code Quality report is the gate's",
              f.read() == want_cc)
    try:
        ET.parse(os.path.join(workdir, "goelf-junit.xml"))
        check("gitlab: the JUnit report parses", True)
    except (ET.ParseError, OSError) as e:
        check("gitlab: the JUnit report parses", False, e)


def main():
    a = sys.argv[1:]
    if not a:
        sys.exit(__doc__)
    cmd = a.pop(0)
    if cmd == "codeclimate":
        codeclimate(*a)
    elif cmd == "junit":
        junit(*a)
    elif cmd == "cyclonedx":
        doc, schema = a[0], a[1]
        rest, image = a[2:], None
        if rest and rest[0] == "--image":
            image = rest[1]
            rest = rest[2:]
        elif rest and rest[0] == "--schema-only":
            image = ""
            rest = rest[1:]
        cyclonedx(doc, schema, rest, image)
    elif cmd in ("action", "gitlab"):
        (action if cmd == "action" else gitlab)(a[0], a[1], a[2], a[3],
                                                a[4:])
    else:
        sys.exit(__doc__)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
