#!/bin/sh
# bench-image.sh - image reading speed (issue 15): MB of layers per second
# of `goelf scan IMAGE` (the whole scan: overlay, size accounting, ELF
# analysis) against `zcat LAYER | tar -t` of the same layers, with
# hyperfine.  Called by scripts/bench.sh; runs alone too:
#
#   sh scripts/bench-image.sh GOELF FIXTURES
#
# Environment: BENCH_IMAGE_TREE (default /usr/lib/go-1.19 when present,
# else /usr/share/doc) is tarred and gzipped (gzip -1) into one layer of a
# docker-save tarball; the bloated image of tests/tools/mkimage-size.py
# (five gzip layers) is measured too.  BENCH_RUNS (default 3).  The goal:
# goelf within 1.5x of zcat | tar -t.
set -eu
GOELF=$1
FIX=$2
RUNS=${BENCH_RUNS:-3}
TREE=${BENCH_IMAGE_TREE:-}
if [ -z "$TREE" ]; then
	TREE=/usr/share/doc
	[ -d /usr/lib/go-1.19 ] && TREE=/usr/lib/go-1.19
fi
TMP=$(mktemp -d /tmp/goelf-bench-image.XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM

# one gzip layer of TREE, as a docker-save tarball
mkdir -p "$TMP/big"
tar -C "$TREE" -cf - . 2>/dev/null | gzip -1 >"$TMP/big/layer.tar.gz"
printf '{"architecture":"amd64","os":"linux","config":{}}' >"$TMP/big/c.json"
printf '[{"Config":"c.json","RepoTags":["bench:1"],"Layers":["layer.tar.gz"]}]' \
	>"$TMP/big/manifest.json"
tar -C "$TMP/big" -cf "$TMP/big.tar" manifest.json c.json layer.tar.gz
${PYTHON:-python3} "$(dirname "$0")/../tests/tools/mkimage-size.py" "$FIX" "$TMP/sz" >/dev/null
mkdir -p "$TMP/bl"
tar -C "$TMP/bl" -xf "$TMP/sz/bloated-gz.tar"

echo
echo "== images: MB of layers per second (goal: goelf within 1.5x of zcat | tar -t)"
printf '%-34s %10s %10s %10s %8s\n' image "layer MB" goelf "zcat|tar" ratio
for img in big bloated; do
	if [ "$img" = big ]; then
		arg=$TMP/big.tar layers=$TMP/big/layer.tar.gz name="$TREE (1 layer)"
	else
		arg=$TMP/sz/bloated-gz.tar name="mkimage-size bloated (5 layers)"
		layers=$(echo "$TMP"/bl/l*/layer.tar)
	fi
	# uncompressed layer bytes: what both commands read
	mb=$(for l in $layers; do zcat "$l" | wc -c; done |
		awk '{ s += $1 } END { printf "%.1f", s / 1e6 }')
	hyperfine -N --style none --warmup 1 --runs "$RUNS" \
		--export-json "$TMP/$img.json" \
		"$GOELF scan --no-policy -q -f jsonl $arg" \
		"sh -c 'for l in $layers; do zcat \$l | tar -t >/dev/null; done'" \
		>/dev/null 2>&1
	tg=$(jq -r '.results[0].mean' "$TMP/$img.json")
	tt=$(jq -r '.results[1].mean' "$TMP/$img.json")
	printf '%-34s %10s %7.0f/s %7.0f/s %7.2fx\n' "$name" "$mb" \
		"$(awk -v m="$mb" -v t="$tg" 'BEGIN { print m / t }')" \
		"$(awk -v m="$mb" -v t="$tt" 'BEGIN { print m / t }')" \
		"$(awk -v a="$tg" -v b="$tt" 'BEGIN { print a / b }')"
done
echo "(MB/s of uncompressed layer bytes; ratio: goelf time / zcat | tar -t time)"
