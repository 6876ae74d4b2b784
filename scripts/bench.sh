#!/bin/sh
# bench.sh - `make bench`: goelf scan against scanelf -R and find | file on
# a large tree, and goelf inspect against `go version -m` and readelf on
# the largest fixture, all in one run on this machine, with hyperfine
# (Debian package hyperfine) and GNU time for peak RSS.
#
#   sh scripts/bench.sh GOELF FIXTURES
#
# Environment: BENCH_TREE (default /usr) is the large tree;
# BENCH_FILE_TREE (default /usr/bin) is where find | file runs, because
# file(1) on all of /usr takes minutes (BENCH_FILE_TREE=/usr to insist);
# BENCH_RUNS (default 3); BENCH_ROOT_TREE (default /usr) is the Debian
# root for the run-time resolution overhead (issue 14: scan --root,
# which resolves every ELF against the root, against a plain scan).  Caches are warm: every command runs once
# before it is timed.  Prints wall-time ratios, files/s and peak RSS, and
# compares the ELF counts of goelf and scanelf.
#
# Issue 16's goals (read only what the answer needs) are measured side by
# side on the largest Go binary the bench can get (BENCH_GO_BIN, else
# /usr/local/bin/terraform, else Debian's hugo fetched with apt-get
# download, else the biggest Go tool of go-1.19): CPU (user + sys, from
# hyperfine) as a ratio to `go version -m`, peak RSS, and the pages of the
# file a command touches, counted by fincore (util-linux) after
# tests/tools/evict.py dropped the file from the page cache.
set -eu
GOELF=$1
FIX=$2
TREE=${BENCH_TREE:-/usr}
FTREE=${BENCH_FILE_TREE:-/usr/bin}
RUNS=${BENCH_RUNS:-3}
RTREE=${BENCH_ROOT_TREE:-/usr}
for tool in hyperfine scanelf file readelf jq; do
	if ! command -v "$tool" >/dev/null; then
		echo "bench: $tool is missing; run scripts/deps.sh" >&2
		exit 2
	fi
done
TMP=$(mktemp -d /tmp/goelf-bench.XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM

mean() { jq -r ".results[$2].mean" "$TMP/$1.json"; }
rss() { # rss CMD...: peak RSS in KiB of one run
	/usr/bin/time -f '%M' -o "$TMP/rss" sh -c "$*" >/dev/null 2>&1 || true
	tail -1 "$TMP/rss"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.0f", n / t }'; }
ms() { awk -v t="$1" 'BEGIN { printf "%.3f s", t }'; }

# effective_cores: the speed-up of two CPU-bound shell loops run together
# over one alone, as "cores" (a shared machine shows less than nproc).
effective_cores() {
	loop='i=0; while [ $i -lt 300000 ]; do i=$((i + 1)); done'
	t1=$( { /usr/bin/time -f '%e' sh -c "$loop" >/dev/null; } 2>&1 | tail -1)
	t2=$( { /usr/bin/time -f '%e' sh -c "($loop) & ($loop) & wait" >/dev/null; } 2>&1 | tail -1)
	awk -v a="$t1" -v b="$t2" 'BEGIN {
		if (b > 0) printf "behaves like %.1f cores (2 busy loops: %.2f s, one: %.2f s)\n", 2 * a / b, b, a }'
}

echo "== machine"
echo "$(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "$(awk '/MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo), kernel $(uname -r)"
echo "$(hyperfine --version), $(scanelf -V 2>&1 | head -1), $(file --version | head -1)"
effective_cores

# --- counts (one run each, also warms the cache) ---------------------------
"$GOELF" scan -q -f jsonl "$TREE" >"$TMP/goelf.jsonl" 2>"$TMP/goelf.err" || true
"$GOELF" scan -q -f text "$TREE" >"$TMP/goelf.txt" 2>/dev/null || true
scanelf -R "$TREE" 2>/dev/null | awk 'NR > 1 { print $2 }' | sort >"$TMP/scanelf.paths"
jq -r 'select(.link == null and .image == null) | .path' "$TMP/goelf.jsonl" |
	sort >"$TMP/goelf.paths"
files=$(sed -n 's/^scan: \([0-9]*\) files.*/\1/p' "$TMP/goelf.txt")
n_goelf=$(wc -l <"$TMP/goelf.paths" | tr -d ' ')
n_scanelf=$(wc -l <"$TMP/scanelf.paths" | tr -d ' ')
n_err=$(jq -r 'select(.error != null) | .path' "$TMP/goelf.jsonl" | wc -l | tr -d ' ')
n_ffiles=$(find "$FTREE" -type f | wc -l | tr -d ' ')

# --- tree: goelf scan vs scanelf -R vs find | file ---------------------------
echo
echo "== $TREE: $files regular files"
hyperfine -N --style none --warmup 1 --runs "$RUNS" \
	--export-json "$TMP/tree.json" \
	-n "goelf scan (jsonl)" "sh -c '$GOELF scan -q -f jsonl $TREE >/dev/null 2>&1'" \
	-n "goelf scan (text summary)" "sh -c '$GOELF scan -q -f text $TREE >/dev/null 2>&1'" \
	-n "scanelf -R" "sh -c 'scanelf -R $TREE >/dev/null 2>&1'" \
	-n "goelf scan -j 1 (jsonl)" "sh -c '$GOELF scan -q -j 1 -f jsonl $TREE >/dev/null 2>&1'" >/dev/null 2>&1
echo
echo "== $FTREE: $n_ffiles regular files (find | file)"
hyperfine -N --style none --warmup 1 --runs "$RUNS" \
	--export-json "$TMP/ftree.json" \
	-n "goelf scan (jsonl)" "sh -c '$GOELF scan -q -f jsonl $FTREE >/dev/null 2>&1'" \
	-n "find | file" "sh -c 'find $FTREE -type f -print0 | xargs -0 file -b >/dev/null 2>&1'" >/dev/null 2>&1

# --- one file: goelf inspect vs go version -m vs readelf ---------------------
BIG=$(ls -S "$FIX" | while read -r f; do [ -f "$FIX/$f" ] && echo "$FIX/$f" && break; done)
echo
echo "== largest fixture: $BIG ($(wc -c <"$BIG" | tr -d ' ') bytes)"
set -- "$GOELF inspect --format json $BIG" \
	"$GOELF inspect --format json --dwarf $BIG" \
	"$GOELF size $BIG"
if command -v go >/dev/null; then
	set -- "$@" "go version -m $BIG"
fi
set -- "$@" "readelf -hlSdVnW $BIG"
hyperfine -N --style none --warmup 3 --runs 20 --export-json "$TMP/one.json" \
	"$@" >/dev/null 2>&1

# --- report -------------------------------------------------------------------
t_gj=$(mean tree 0)
t_gt=$(mean tree 1)
t_sc=$(mean tree 2)
t_g1=$(mean tree 3)
t_fg=$(mean ftree 0)
t_ff=$(mean ftree 1)
echo
echo "== results (mean wall time of $RUNS runs, warm cache)"
printf '%-28s %10s %8s %12s %10s\n' command time ratio files/s "peak RSS"
printf '%-28s %10s %8s %12s %8s KiB\n' "goelf scan $TREE (jsonl)" "$(ms "$t_gj")" \
	"$(ratio "$t_gj" "$t_sc")" "$(rate "$files" "$t_gj")" \
	"$(rss "$GOELF scan -q -f jsonl $TREE")"
printf '%-28s %10s %8s %12s %8s KiB\n' "goelf scan $TREE (text)" "$(ms "$t_gt")" \
	"$(ratio "$t_gt" "$t_sc")" "$(rate "$files" "$t_gt")" \
	"$(rss "$GOELF scan -q -f text $TREE")"
printf '%-28s %10s %8s %12s %8s KiB\n' "scanelf -R $TREE" "$(ms "$t_sc")" 1.00 \
	"$(rate "$files" "$t_sc")" "$(rss "scanelf -R $TREE")"
rss_gj=$(rss "$GOELF scan -q -f jsonl $TREE")
printf '%-28s %10s %8s %12s %8s KiB\n' "goelf scan -j 1 (jsonl)" "$(ms "$t_g1")" \
	"$(ratio "$t_g1" "$t_sc")" "$(rate "$files" "$t_g1")" \
	"$(rss "$GOELF scan -q -j 1 -f jsonl $TREE")"
echo "(workers: -j $(nproc) takes $(ratio "$t_gj" "$t_g1")x the time of -j 1)"
printf '%-28s %10s %8s %12s %8s KiB\n' "goelf scan $FTREE" "$(ms "$t_fg")" 1.00 \
	"$(rate "$n_ffiles" "$t_fg")" "$(rss "$GOELF scan -q -f jsonl $FTREE")"
printf '%-28s %10s %8s %12s %8s KiB\n' "find $FTREE | file" "$(ms "$t_ff")" \
	"$(ratio "$t_ff" "$t_fg")" "$(rate "$n_ffiles" "$t_ff")" \
	"$(rss "find $FTREE -type f -print0 | xargs -0 file -b")"
echo "(ratio: time / scanelf -R for $TREE, time / goelf scan for $FTREE)"
t0=$(mean one 0)
n=$(jq -r '.results | length' "$TMP/one.json")
i=0
while [ "$i" -lt "$n" ]; do
	t=$(mean one "$i")
	cmd=$(jq -r ".results[$i].command" "$TMP/one.json")
	/usr/bin/time -f '%M' -o "$TMP/rss" $cmd >/dev/null 2>&1 || true
	printf '%-28s %10s %8s %12s %8s KiB\n' \
		"$(echo "$cmd" | sed "s|$BIG||; s|^$GOELF|goelf|")" \
		"$(ms "$t")" "$(ratio "$t" "$t0")" - "$(tail -1 "$TMP/rss")"
	i=$((i + 1))
done
echo "(ratio: time / goelf inspect)"

# --- hostile inputs (issue 13, items 7 and 8): seconds and peak RSS ------------
# Each is generated small by tests/tools/hostile-inputs.py and scanned
# once; the goal is under 10 s and under 256 MiB each, exit 0 or 2
# (tests/cli/run-bounded.sh asserts the outcome and the memory bound).
echo
echo "== hostile inputs (goal: each under 10 s and 256 MiB)"
printf '%-10s %10s %12s %5s %s\n' input time "peak RSS" exit "limit_reached"
for h in symlinks names elfs deep loops layers shstrtab; do
	${PYTHON:-python3} "$(dirname "$0")/../tests/tools/hostile-inputs.py" "$h" "$TMP/h.in"
	/usr/bin/time -f '%e %M %x' -o "$TMP/h.time" \
		"$GOELF" scan --no-policy -q -f jsonl "$TMP/h.in" >"$TMP/h.out" 2>/dev/null || true
	set -- $(tail -1 "$TMP/h.time")
	printf '%-10s %8s s %8s KiB %5s %s\n' "$h" "$1" "$2" "$3" \
		"$(grep -c '"id":"input.limit_reached"' "$TMP/h.out" || true)"
	rm -f "$TMP/h.in" "$TMP/h.out"
done

# --- images: MB of layers per second against zcat | tar -t (issue 15) ----------
sh "$(dirname "$0")/bench-image.sh" "$GOELF" "$FIX"
# --- run-time resolution (issue 14): scan --root DIR against scan DIR -----------
# scan --root judges every ELF against the root it is in (loader, every
# NEEDED, versions, symbols; each library parsed once); a plain scan of
# the same tree does not.  Goal: at most 1.3x.
hyperfine -N --style none --warmup 1 --runs "$RUNS" --export-json "$TMP/rt.json" \
	-n "goelf scan DIR" "sh -c '$GOELF scan --no-policy -q -f jsonl $RTREE >/dev/null 2>&1'" \
	-n "goelf scan --root DIR" "sh -c '$GOELF scan --no-policy -q -f jsonl --root $RTREE >/dev/null 2>&1'" \
	>/dev/null 2>&1
t_rp=$(mean rt 0)
t_rr=$(mean rt 1)
"$GOELF" scan --no-policy -q -f jsonl --compact --root "$RTREE" >"$TMP/rt.jsonl" 2>/dev/null || true
n_rt=$(jq -r 'select(.image == null and .link == null and .error == null) | .verdict.targets.image.status // "none"' \
	"$TMP/rt.jsonl" | sort | uniq -c | awk '{ printf "%s%s %s", s, $2, $1; s = ", " }')
echo
echo "== run-time resolution: $RTREE as a root (goal: scan --root at most 1.3x scan)"
printf '%-28s %10s %8s\n' command time ratio
printf '%-28s %10s %8s\n' "goelf scan $RTREE" "$(ms "$t_rp")" 1.00
printf '%-28s %10s %8s   (target 1.30)\n' "goelf scan --root $RTREE" "$(ms "$t_rr")" \
	"$(ratio "$t_rr" "$t_rp")"
echo "image target of the ELF files: ${n_rt:-none}"

# --- goelf size on a large real Go binary, when the machine has one -------------
REAL=/usr/lib/go-1.19/pkg/tool/linux_amd64/compile
if [ -f "$REAL" ]; then
	hyperfine -N --style none --warmup 2 --runs 10 --export-json "$TMP/real.json" \
		"$GOELF size $REAL" "$GOELF inspect --format json $REAL" \
		"go version -m $REAL" >/dev/null 2>&1
	echo
	echo "== large real Go binary: $REAL ($(wc -c <"$REAL" | tr -d ' ') bytes)"
	for i in 0 1 2; do
		printf '%-28s %10s\n' \
			"$(jq -r ".results[$i].command" "$TMP/real.json" | sed "s|$REAL||; s|^$GOELF|goelf|")" \
			"$(ms "$(mean real "$i")")"
	done
fi

# --- issue 16: read only what the answer needs (one large Go binary) ----------
# go_bin: the largest Go binary the bench can get (see the header).
go_bin() {
	if [ -n "${BENCH_GO_BIN:-}" ]; then
		echo "$BENCH_GO_BIN"
	elif [ -f /usr/local/bin/terraform ]; then
		echo /usr/local/bin/terraform
	elif (cd "$TMP" && apt-get download hugo >/dev/null 2>&1) &&
		dpkg-deb -x "$TMP"/hugo_*.deb "$TMP/hugo" 2>/dev/null &&
		[ -f "$TMP/hugo/usr/bin/hugo" ]; then
		echo "$TMP/hugo/usr/bin/hugo"
	else
		ls -S /usr/lib/go-1.19/pkg/tool/linux_amd64/* \
			/usr/lib/go-1.19/bin/go 2>/dev/null | head -1
	fi
}
# touched FILE CMD...: bytes of FILE in the page cache after CMD ran on the
# evicted file (read and mapped pages alike).
touched() {
	tf=$1
	shift
	${PYTHON:-python3} "$(dirname "$0")/../tests/tools/evict.py" "$tf"
	"$@" >/dev/null 2>&1 || true
	fincore -b -n -o RES "$tf" | tr -d ' '
}
cpu() { jq -r ".results[$2] | .user + .system" "$TMP/$1.json"; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", 100 * a / b }'; }
# goal NAME MEASURED TARGET UNIT: one row; met when MEASURED <= TARGET.
goal() {
	if awk -v a="$2" -v b="$3" 'BEGIN { exit !(a <= b) }'; then
		gm=met
	else
		gm=missed
	fi
	printf '%-38s %12s %12s   %s\n' "$1" "$2$4" "<= $3$4" "$gm"
}
bench_issue16() {
	gb=$(go_bin)
	if [ -z "$gb" ] || [ ! -f "$gb" ] || ! command -v go >/dev/null ||
		! command -v fincore >/dev/null; then
		echo
		echo "== issue 16 goals: skipped (needs a Go binary, go and fincore)"
		return 0
	fi
	gsz=$(wc -c <"$gb" | tr -d ' ')
	hyperfine -N --style none --warmup 3 --runs 20 --export-json "$TMP/i16.json" \
		"go version -m $gb" "$GOELF buildinfo $gb" \
		"$GOELF inspect --format json $gb" "$GOELF size $gb" >/dev/null 2>&1
	c0=$(cpu i16 0)
	echo
	echo "== issue 16 goals on $gb ($gsz bytes)"
	echo "go version -m: $(awk -v t="$c0" 'BEGIN { printf "%.1f ms", 1000 * t }') CPU," \
		"$(rss "go version -m $gb") KiB peak RSS," \
		"$(touched "$gb" go version -m "$gb") bytes of the file touched"
	printf '%-38s %12s %12s\n' goal measured target
	goal "buildinfo: CPU / go version -m" \
		"$(ratio "$(cpu i16 1)" "$c0")" 1.00 x
	goal "buildinfo: file touched" \
		"$(($(touched "$gb" "$GOELF" buildinfo "$gb") / 1024))" 1024 " KiB"
	goal "inspect --format json: CPU / go -m" \
		"$(ratio "$(cpu i16 2)" "$c0")" 1.00 x
	goal "inspect --format json: peak RSS" \
		"$(($(rss "$GOELF inspect --format json $gb") / 1024))" 24 " MiB"
	goal "inspect --format json: file touched" \
		"$(pct "$(touched "$gb" "$GOELF" inspect --format json "$gb")" "$gsz")" 10 %
	goal "size: CPU / go version -m" \
		"$(ratio "$(cpu i16 3)" "$c0")" 3.00 x
	goal "size: file touched" \
		"$(pct "$(touched "$gb" "$GOELF" size "$gb")" "$gsz")" 25 %
	# Goal 3, from the tree timings above (peak RSS: that table, <= 64 MiB).
	goal "scan $TREE jsonl: wall / scanelf -R" \
		"$(ratio "$t_gj" "$t_sc")" 0.60 x
	goal "scan $TREE text: wall / scanelf -R" \
		"$(ratio "$t_gt" "$t_sc")" 0.50 x
	goal "scan $TREE jsonl: peak RSS" "$((rss_gj / 1024))" 64 " MiB"
	echo "(CPU: user + sys, mean of 20 warm runs; file touched: fincore after"
	echo " posix_fadvise(DONTNEED) of the file, one cold run)"
}
bench_issue16

echo
echo "== ELF files found in $TREE: goelf $n_goelf ($n_err not analysed), scanelf -R $n_scanelf"
if [ "$n_goelf" = "$n_scanelf" ] && cmp -s "$TMP/goelf.paths" "$TMP/scanelf.paths"; then
	echo "identical lists"
else
	echo "the lists differ (< only goelf, > only scanelf):"
	diff "$TMP/goelf.paths" "$TMP/scanelf.paths" | grep '^[<>]' | head -20
fi
if awk -v a="$t_rr" -v b="$t_rp" 'BEGIN { exit !(a <= 1.3 * b) }'; then
	echo "goal met: goelf scan --root $RTREE takes $(ratio "$t_rr" "$t_rp")x goelf scan $RTREE (target 1.3x)"
else
	echo "goal missed: goelf scan --root $RTREE takes $(ratio "$t_rr" "$t_rp")x goelf scan $RTREE (target 1.3x)"
fi
for mode in text jsonl; do
	t=$t_gt
	[ "$mode" = jsonl ] && t=$t_gj
	if awk -v a="$t" -v b="$t_sc" 'BEGIN { exit !(a <= b) }'; then
		echo "goal met: goelf scan ($mode) takes $(ratio "$t" "$t_sc")x scanelf -R"
	else
		echo "goal missed: goelf scan ($mode) takes $(ratio "$t" "$t_sc")x scanelf -R"
	fi
done
