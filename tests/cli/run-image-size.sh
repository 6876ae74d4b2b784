#!/bin/sh
# Image size (issue 15): layer bytes, waste, leftover classes, the size
# findings, the [image] policy keys and flags with scan --gate, the text
# summary's size lines, and goelf diff of images.  The images are built by
# tests/tools/mkimage-size.py (python3 tarfile), which also computes the
# expected numbers from the tar members with its own overlay code (not
# goelf's): every number goelf reports is compared with that truth.  The
# unstripped-binary truth comes from running strip --strip-all.
# usage: sh tests/cli/run-image-size.sh GOELF FIXTURES
# Prints `image-size: N passed, N failed` last; exits 1 when anything failed.
set -u
GOELF=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
FIX=$(cd "$2" && pwd)
TOP=$(cd "$(dirname "$0")/../.." && pwd)
PY=${PYTHON:-python3}
pass=0
fail=0
TMP=$(mktemp -d /tmp/goelf-imgsize.XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if [ "$2" = "$3" ]; then ok; else bad "$1: expected [$2], got [$3]"; fi; }
has() { # has LABEL PATTERN FILE
	if grep -qF -- "$2" "$3"; then ok; else bad "$1: no [$2] in:"; head -20 "$3"; fi
}
hasnt() {
	if grep -qF -- "$2" "$3"; then bad "$1: unexpected [$2] in:"; head -20 "$3"; else ok; fi
}
run() { # run EXPECTED-EXIT LABEL ARGS...; output in $TMP/out, $TMP/err
	want=$1 label=$2
	shift 2
	(cd "$TMP" && timeout 120 "$GOELF" "$@") >"$TMP/out" 2>"$TMP/err"
	rc=$?
	check "$label exit" "$want" "$rc"
	[ "$rc" = "$want" ] || head -5 "$TMP/err"
}
# goelf_fmt_size's format, from the truth's bytes: "N B", "%.1f KiB" ...
fmt() {
	awk -v n="$1" 'BEGIN {
		if (n < 1024) { printf "%d B", n; exit }
		split("KiB MiB GiB TiB", u, " "); v = n / 1024; i = 1
		while (v >= 1024 && i < 4) { v /= 1024; i++ }
		printf "%.1f %s", v, u[i] }'
}

if ! "$PY" "$TOP/tests/tools/mkimage-size.py" "$FIX" "$TMP" >"$TMP/mk.log" 2>&1; then
	bad "mkimage-size.py failed"
	cat "$TMP/mk.log"
	echo "image-size: $pass passed, $fail failed"
	exit 1
fi
T=$TMP/truth.json
t() { jq -r "$1" "$T"; }

# The entrypoint /app of every image is the go-stripped fixture, static,
# no interpreter or libraries: it needs its own stripped bytes (strip
# --strip-all's output) and the data files it reads when they are there.
cp "$FIX/go-stripped" "$TMP/ep" && strip --strip-all -o "$TMP/ep.s" "$TMP/ep" ||
	bad "strip --strip-all go-stripped"
ep_strip=$(wc -c <"$TMP/ep.s" | tr -d ' ')

# --- every number against the truth -------------------------------------------
for img in bloated bloated-gz bloated-oci slim; do
	case $img in
	bloated-oci) arg=bloated-oci ;;
	*) arg=$img.tar ;;
	esac
	run 0 "$img: scan" scan --no-policy -q -f jsonl "$arg"
	jq -c 'select(.image != null)' "$TMP/out" >"$TMP/rec.json"
	check "$img: one image record" 1 "$(wc -l <"$TMP/rec.json" | tr -d ' ')"
	for k in total_bytes final_bytes wasted_bytes files final_files; do
		check "$img: size.$k" "$(t ".\"$img\".$k")" \
			"$(jq -r ".image.size.$k" "$TMP/rec.json")"
	done
	for c in go-build-cache go-module-cache go-toolchain package-cache source; do
		check "$img: class $c" "$(t ".\"$img\".classes.\"$c\"")" \
			"$(jq -r ".image.size.classes.\"$c\"" "$TMP/rec.json")"
	done
	n=$(t ".\"$img\".layers | length")
	check "$img: layers" "$n" "$(jq -r '.image.layers | length' "$TMP/rec.json")"
	i=0
	while [ "$i" -lt "$n" ]; do
		for k in bytes files wasted_bytes compressed_bytes; do
			check "$img: layer $((i + 1)) $k" \
				"$(t ".\"$img\".layers[$i].$k")" \
				"$(jq -r ".image.layers[$i].$k" "$TMP/rec.json")"
		done
		i=$((i + 1))
	done
	check "$img: wasted = sum of the layers' wasted" \
		"$(jq -r '.image.size.wasted_bytes' "$TMP/rec.json")" \
		"$(jq -r '[.image.layers[].wasted_bytes] | add' "$TMP/rec.json")"
	check "$img: biggest files" "$(t ".\"$img\".largest | join(\" \")")" \
		"$(jq -r '[.image.size.largest[:3][].path] | join(" ")' "$TMP/rec.json")"
	check "$img: needed = strip --strip-all of /app" "$ep_strip" \
		"$(jq -r '.image.size.needed_bytes' "$TMP/rec.json")"
	check "$img: entrypoint" /app "$(jq -r '.image.size.entrypoint' "$TMP/rec.json")"
	check "$img: not partial" false "$(jq -r '.image.size.partial' "$TMP/rec.json")"
	cp "$TMP/rec.json" "$TMP/$img.rec.json"
	cp "$TMP/out" "$TMP/$img.jsonl"
done

# --- unstripped ELF files of the final filesystem, against strip ---------------
# bloated: /app was overwritten by go-stripped, /usr/local/bin/tool is
# go-static; a file is unstripped when strip --strip-all makes it smaller
n=0 sav=0
for f in go-stripped go-static; do
	strip --strip-all -o "$TMP/s" "$FIX/$f"
	a=$(wc -c <"$FIX/$f") b=$(wc -c <"$TMP/s")
	if [ "$b" -lt "$a" ]; then n=$((n + 1)) sav=$((sav + a - b)); fi
done
check "bloated: unstripped files (strip)" "$n" \
	"$(jq -r '.image.size.unstripped_files' "$TMP/bloated.rec.json")"
check "bloated: unstripped savings (strip)" "$sav" \
	"$(jq -r '.image.size.unstripped_savings' "$TMP/bloated.rec.json")"
check "slim: no unstripped files" 0 \
	"$(jq -r '.image.size.unstripped_files' "$TMP/slim.rec.json")"

# --- findings ------------------------------------------------------------------
ids() { jq -r '[.findings[] | "\(.id):\(.severity)"] | join(" ")' "$1"; }
check "bloated: size findings" \
	"image.build_leftovers:info image.unstripped_binaries:warn image.wasted_bytes:warn" \
	"$(ids "$TMP/bloated.rec.json")"
check "slim: no size findings" "" "$(ids "$TMP/slim.rec.json")"
has "wasted: the fix" "multi-stage build" "$TMP/bloated.rec.json"
has "leftovers: the fix" "--mount=type=cache" "$TMP/bloated.rec.json"
has "unstripped: the fix" '-ldflags=\"-s -w\"' "$TMP/bloated.rec.json"
check "wasted evidence: layers 1, 2, 3" \
	"layer 1: $(t '.bloated.layers[0].wasted_bytes') bytes wasted|layer 2: $(t '.bloated.layers[1].wasted_bytes') bytes wasted|layer 3: $(t '.bloated.layers[2].wasted_bytes') bytes wasted" \
	"$(jq -r '.findings[] | select(.id == "image.wasted_bytes") | .evidence | join("|")' "$TMP/bloated.rec.json")"

# needs.tar adds a CA bundle and a zoneinfo tree: counted from the tar
# members (every regular file under usr/share/zoneinfo).
data=$("$PY" -c '
import sys, tarfile, io
outer = tarfile.open(sys.argv[1])
n = 0
for m in outer.getmembers():
    if not m.name.endswith("layer.tar"):
        continue
    t = tarfile.open(fileobj=io.BytesIO(outer.extractfile(m).read()))
    for f in t.getmembers():
        if f.isreg() and (f.name == "etc/ssl/certs/ca-certificates.crt" or
                          f.name.startswith("usr/share/zoneinfo/")):
            n += f.size
print(n)' "$TMP/needs.tar")
run 0 "needs: scan" scan --no-policy -q -f json needs.tar
check "needs: needed = stripped /app + CA bundle + zoneinfo" \
	"$((ep_strip + data))" \
	"$(jq -r 'select(.image != null) | .image.size.needed_bytes' "$TMP/out")"
run 0 "needs: text" scan --no-policy -q -f text needs.tar
has "needs text: the entrypoint needs" \
	"the entrypoint needs $(fmt $((ep_strip + data))) of " "$TMP/out"
run 0 "noep: scan" scan --no-policy -q -f json noep.tar
check "noep: no entrypoint: needed unknown (null)" "null null" \
	"$(jq -r 'select(.image != null) | "\(.image.size.entrypoint) \(.image.size.needed_bytes)"' "$TMP/out")"

# --- text summary: size first --------------------------------------------------
run 0 "bloated: text" scan --no-policy -q -f text bloated.tar
tot=$(fmt "$(t .bloated.total_bytes)") fin=$(fmt "$(t .bloated.final_bytes)")
was=$(fmt "$(t .bloated.wasted_bytes)")
pct=$(awk -v w="$(t .bloated.wasted_bytes)" -v n="$(t .bloated.total_bytes)" 'BEGIN { printf "%.1f", 100 * w / n }')
has "text: size line" \
	"image example/app:bloated: total $tot, final $fin, wasted $was ($pct%)" "$TMP/out"
has "text: needed" "  the entrypoint needs $(fmt "$ep_strip") of $tot (5x); biggest leftovers: go-toolchain $(fmt "$(t '.bloated.classes."go-toolchain"')")" "$TMP/out"
has "text: build cache all wasted... not quite (home/dev stays)" \
	"go-build-cache $(fmt "$(t '.bloated.classes."go-build-cache"')") (wasted: " "$TMP/out"
l1=$(t '.bloated.largest[0]') l2=$(t '.bloated.largest[1]') l3=$(t '.bloated.largest[2]')
has "text: three biggest files" "  biggest files: $l1 " "$TMP/out"
has "text: ... second, third" ", $l2 " "$TMP/out"
has "text: ... third" ", $l3 " "$TMP/out"
has "text: the toolchain's largest path" \
	"    go-toolchain: /usr/local/go/bin/go $(fmt 120000) (layer 2), /usr/local/go/pkg/tool/linux_amd64/compile $(fmt 100000) (layer 2)" "$TMP/out"
has "text: wasted by layer" "  wasted by layer: 1 $(fmt "$(t '.bloated.layers[0].wasted_bytes')")" "$TMP/out"
sl=$(grep -n '^image example/app:bloated' "$TMP/out" | cut -d: -f1)
fl=$(grep -n 'findings, worst first' "$TMP/out" | cut -d: -f1)
check "text: size before the findings" yes "$([ "${sl:-99}" -lt "${fl:-0}" ] && echo yes || echo no)"
run 0 "slim: text" scan --no-policy -q -f text slim.tar
has "slim text: no waste" "wasted 0 B (0.0%)" "$TMP/out"
hasnt "slim text: no leftovers" "biggest leftovers" "$TMP/out"

# --- policy: flags and [image] with --gate --------------------------------------
tb=$(t .bloated.total_bytes) wb=$(t .bloated.wasted_bytes)
run 1 "gate --max-size below total" scan --no-policy -q -f text --gate --max-size $((tb - 1)) bloated.tar
has "max-size finding" "policy.image_max_size" "$TMP/out"
run 0 "gate --max-size = total" scan --no-policy -q -f text --gate --max-size "$tb" bloated.tar
run 1 "gate --max-wasted below" scan --no-policy -q -f text --gate --max-wasted $((wb - 1)) bloated.tar
run 0 "gate --max-wasted = wasted" scan --no-policy -q -f text --gate --max-wasted "$wb" bloated.tar
pw=$(awk -v w="$wb" -v n="$tb" 'BEGIN { printf "%d", 100 * w / n }')
run 1 "gate --max-wasted-percent below" scan --no-policy -q -f text --gate --max-wasted-percent "$pw" bloated.tar
run 0 "gate --max-wasted-percent above" scan --no-policy -q -f text --gate --max-wasted-percent $((pw + 1)) bloated.tar
run 1 "gate --forbid-classes source" scan --no-policy -q -f text --gate --forbid-classes source bloated.tar
run 0 "slim: gate --forbid-classes all" scan --no-policy -q -f text --gate \
	--forbid-classes go-build-cache,go-module-cache,go-toolchain,package-cache,source --max-size "$tb" slim.tar
run 0 "gate: allowlisted" scan --no-policy -q -f text --gate --forbid-classes source \
	--allow policy.image_forbidden_class bloated.tar
run 2 "bad class" scan --no-policy -q --forbid-classes go-cache bloated.tar
has "bad class: says which" "unknown class 'go-cache'" "$TMP/err"
run 2 "bad size" scan --no-policy -q --max-size lots bloated.tar
printf '[image]\nmax-size = %s\nforbid-classes = go-toolchain\n' "$tb" >"$TMP/p.ini"
run 1 "[image] forbid-classes" scan --policy p.ini -q -f jsonl --gate bloated.tar
check "[image]: the finding" "policy.image_forbidden_class" \
	"$(jq -r 'select(.image != null) | .findings[] | select(.id | startswith("policy.")) | .id' "$TMP/out")"
printf '[image]\nmax-size = 1\n' >"$TMP/p2.ini"
run 1 "[image] max-size" scan --policy p2.ini -q -f text --gate slim.tar
printf '[image]\nmax-sise = 1\n' >"$TMP/p3.ini"
run 2 "[image] unknown key" scan --policy p3.ini -q slim.tar
has "[image] unknown key: FILE:LINE" "p3.ini:2:" "$TMP/err"
printf '[gate]\nmax-size = 1\n' >"$TMP/p4.ini"
run 2 "max-size is not a [gate] key" scan --policy p4.ini -q slim.tar

# --- goelf diff of images ----------------------------------------------------------
d() { jq -r "$1" "$TMP/out"; }
dt() { # truth delta of key: bloated - slim
	echo $(($(t ".bloated.$1") - $(t ".slim.$1")))
}
run 0 "diff slim bloated" diff --no-policy -f json slim.tar bloated.tar
check "diff: kind" image "$(d .kind)"
for k in total_bytes final_bytes wasted_bytes; do
	check "diff: $k old" "$(t ".slim.$k")" "$(d ".$k.old")"
	check "diff: $k new" "$(t ".bloated.$k")" "$(d ".$k.new")"
	check "diff: $k delta" "$(dt "$k")" "$(d ".$k.delta")"
done
check "diff: needed the same" "$ep_strip 0" "$(d '"\(.needed_bytes.old) \(.needed_bytes.delta)"')"
check "diff: layers added (by name: docker-save has no digest)" \
	"l2/layer.tar l3/layer.tar l4/layer.tar l5/layer.tar" \
	"$(d '[.layers.added[].name] | join(" ")')"
check "diff: layer 1 changed" "l1/layer.tar $(t .slim.layers[0].bytes) $(t .bloated.layers[0].bytes)" \
	"$(d '.layers.changed[] | "\(.name) \(.old_bytes) \(.new_bytes)"')"
for c in go-build-cache go-module-cache go-toolchain package-cache source; do
	check "diff: class $c grew" "$(t ".bloated.classes.\"$c\"")" \
		"$(d ".classes[] | select(.class == \"$c\") | .delta")"
done
check "diff: the file that grew most" "$(t '.bloated.largest[0]')" "$(d '.files[0].path')"
check "diff: entrypoint both go-stripped: empty" "/app true" \
	"$(d '"\(.entrypoint.new_path) \(.entrypoint.diff.empty)"')"
check "diff: verdict (both: no CA bundle for the entrypoint)" "warn warn false" "$(d '"\(.verdict.old) \(.verdict.new) \(.verdict.changed)"')"
run 1 "diff --max-growth 10%" diff --no-policy --max-growth 10% slim.tar bloated.tar
has "diff text: threshold" "FAIL diff.size_growth" "$TMP/out"
has "diff text: total" "  total    $(fmt "$(t .slim.total_bytes)") -> $(fmt "$(t .bloated.total_bytes)")" "$TMP/out"
run 1 "diff --max-growth just under" diff --no-policy --max-growth "$(($(dt total_bytes) - 1))" slim.tar bloated.tar
run 0 "diff --max-growth = growth" diff --no-policy --max-growth "$(dt total_bytes)" slim.tar bloated.tar
run 0 "diff: shrinking passes" diff --no-policy --max-growth 1% bloated.tar slim.tar
# a saved scan (JSON Lines of one image) as a side
run 0 "diff saved-scan" diff --no-policy -f json slim.jsonl bloated.jsonl
check "diff saved: source" "report report" "$(d '"\(.old.source) \(.new.source)"')"
check "diff saved: total delta" "$(dt total_bytes)" "$(d .total_bytes.delta)"
check "diff saved: entrypoint" "/app" "$(d .entrypoint.new_path)"
run 0 "diff saved vs image: empty" diff --no-policy -f json bloated.jsonl bloated.tar
check "diff saved vs the image: nothing differs" true "$(d .empty)"
run 0 "diff gz vs plain: only compressed sizes differ" diff --no-policy -f json bloated-gz.tar bloated.tar
check "diff gz: same bytes" "0 0" "$(d '"\(.total_bytes.delta) \(.final_bytes.delta)"')"
# an entrypoint that changed: bloated vs bloated with an unstripped /app on top
"$PY" - "$TMP" "$FIX" <<'EOF'
import io, json, sys, tarfile
tmp, fix = sys.argv[1], sys.argv[2]
with tarfile.open(tmp + "/bloated.tar") as t:
    man = json.load(t.extractfile("manifest.json"))
    members = {m.name: t.extractfile(m).read() for m in t.getmembers() if m.isreg()}
data = open(fix + "/go-debug", "rb").read()
bio = io.BytesIO()
with tarfile.open(fileobj=bio, mode="w", format=tarfile.GNU_FORMAT) as lt:
    ti = tarfile.TarInfo("app"); ti.size = len(data); ti.mode = 0o755
    lt.addfile(ti, io.BytesIO(data))
members["l6/layer.tar"] = bio.getvalue()
man[0]["Layers"].append("l6/layer.tar")
man[0]["RepoTags"] = ["example/app:debug"]
members["manifest.json"] = json.dumps(man).encode()
with tarfile.open(tmp + "/debug.tar", "w", format=tarfile.GNU_FORMAT) as o:
    for k, v in members.items():
        ti = tarfile.TarInfo(k); ti.size = len(v)
        o.addfile(ti, io.BytesIO(v))
EOF
run 0 "diff bloated debug" diff --no-policy -f json bloated.tar debug.tar
stripped_sz=$(wc -c <"$FIX/go-stripped" | tr -d ' ')
debug_sz=$(wc -c <"$FIX/go-debug" | tr -d ' ')
check "diff: entrypoint's own diff" "$stripped_sz $debug_sz false" \
	"$(d '"\(.entrypoint.diff.file_size.old) \(.entrypoint.diff.file_size.new) \(.entrypoint.diff.empty)"')"
check "diff: the layer added" "l6/layer.tar $debug_sz" "$(d '.layers.added[] | "\(.name) \(.bytes)"')"
check "diff: the overwritten /app is waste now" "$stripped_sz" "$(d .wasted_bytes.delta)"
# sides that are not both images
run 2 "diff image vs ELF" diff --no-policy slim.tar "$FIX/go-static"
has "diff image vs ELF: says so" "compare an image with an image" "$TMP/err"
printf '{"schema_version":1,"path":"x","error":null,"image":{"layers":"no"},"findings":[]}\n' >"$TMP/hostile.jsonl"
run 0 "diff hostile saved side: no crash" diff --no-policy -f json slim.tar hostile.jsonl
check "hostile side: numbers unknown" "null" "$(d .total_bytes.new)"
# every number of a saved side out of range or of the wrong type: unknown
printf '%s\n' '{"path":"/app","elf":{"size":"x"}}' '{"path":5,"elf":{}}' \
	'{"schema_version":1,"image":{"layers":[1,"a",{"digest":5,"name":null,"bytes":-1},{"name":"l","bytes":9223372036854775807}],"size":{"total_bytes":9223372036854775807,"final_bytes":-5,"classes":{"source":"x"},"largest":[{"path":7,"bytes":1},{"path":"/a","bytes":1e300}],"entrypoint":"/app"}},"verdict":{"status":7}}' \
	>"$TMP/hostile2.jsonl"
run 0 "diff hostile numbers: no crash" diff --no-policy -f json slim.tar hostile2.jsonl
check "hostile numbers: unknown" "null null null" \
	"$(d '"\(.total_bytes.new) \(.final_bytes.new) \(.verdict.new)"')"
printf '{"image":{}}\nnot json\n' >"$TMP/broken.jsonl"
run 2 "diff broken saved side" diff --no-policy slim.tar broken.jsonl

echo "image-size: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
