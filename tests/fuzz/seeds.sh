#!/bin/sh
# Builds the seed corpus for the fuzzer into DIR: the crafted bad files,
# the small fixtures whole, and the first 64 KiB and a 256 KiB window of
# every large fixture (headers, program and section headers, notes,
# build info and the start of pclntab), so inputs stay small and fast.
# usage: sh tests/fuzz/seeds.sh FIXTURES BADDIR OUTDIR
set -eu
FIX=$1
BAD=$2
OUT=$3
mkdir -p "$OUT"
for f in "$BAD"/*; do
	[ -f "$f" ] && cp "$f" "$OUT/bad-$(basename "$f")"
done
for f in "$FIX"/*; do
	[ -f "$f" ] || continue
	n=$(basename "$f")
	size=$(stat -c %s "$f")
	if [ "$size" -le 131072 ]; then
		cp "$f" "$OUT/fx-$n"
	else
		head -c 65536 "$f" >"$OUT/head-$n"
	fi
done
echo "seeds: $(ls "$OUT" | wc -l) files in $OUT"
