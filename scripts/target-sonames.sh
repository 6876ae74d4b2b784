#!/bin/bash
# usage: sonames-from-debs.sh NAME DEBDIR
# Extracts every .deb in DEBDIR into a scratch dir (one subdir per package),
# then, for every ELF file whose directory is a loader search directory
# (/lib /usr/lib /lib64 /usr/lib64 /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu),
# reads DT_SONAME with readelf -d. Also collects PT_INTERP of every ELF executable.
# Outputs (in cwd): NAME.sonames, NAME.soname-sources.tsv, NAME.interp.tsv, NAME.other-sonames.tsv
set -euo pipefail
name=$1; debdir=$2
out=$PWD
scratch=$(mktemp -d /tmp/sonx.XXXXXX)
: > "$out/$name.soname-sources.tsv.tmp"; : > "$out/$name.other-sonames.tsv.tmp"; : > "$out/$name.interp.tsv.tmp"
for deb in "$debdir"/*.deb; do
  pkg=$(dpkg-deb -f "$deb" Package); ver=$(dpkg-deb -f "$deb" Version)
  d="$scratch/$pkg"; mkdir -p "$d"; dpkg-deb -x "$deb" "$d"
  # regular files only (symlinks resolved separately)
  while IFS= read -r -d '' f; do
    rel=${f#$d}
    head -c4 "$f" 2>/dev/null | grep -q $'^\x7fELF' || continue
    dir=$(dirname "$rel")
    son=$(readelf -d "$f" 2>/dev/null | sed -n 's/.*(SONAME).*Library soname: \[\(.*\)\]/\1/p')
    interp=$(readelf -l "$f" 2>/dev/null | sed -n 's/.*\[Requesting program interpreter: \(.*\)\]/\1/p')
    [ -n "$interp" ] && printf '%s\t%s\t%s\n' "$interp" "$pkg" "$rel" >> "$out/$name.interp.tsv.tmp"
    [ -n "$son" ] || continue
    case "$dir" in
      /lib|/usr/lib|/lib64|/usr/lib64|/lib/x86_64-linux-gnu|/usr/lib/x86_64-linux-gnu)
        # does a file/symlink named after the soname exist in the package, same dir?
        if [ -e "$d$dir/$son" ] || [ -L "$d$dir/$son" ]; then link=yes; else link=no; fi
        printf '%s\t%s\t%s\t%s\t%s\n' "$son" "$pkg" "$ver" "$rel" "$link" >> "$out/$name.soname-sources.tsv.tmp";;
      *) printf '%s\t%s\t%s\n' "$son" "$pkg" "$rel" >> "$out/$name.other-sonames.tsv.tmp";;
    esac
  done < <(find "$d" -type f -print0)
done
sort -u "$out/$name.soname-sources.tsv.tmp" > "$out/$name.soname-sources.tsv"
sort -u "$out/$name.other-sonames.tsv.tmp" > "$out/$name.other-sonames.tsv"
sort -u "$out/$name.interp.tsv.tmp" > "$out/$name.interp.tsv"
rm -f "$out"/$name.*.tmp
# loader names: basename of each PT_INTERP seen
{ cut -f1 "$out/$name.soname-sources.tsv"; cut -f1 "$out/$name.interp.tsv" | xargs -rn1 basename; } | LC_ALL=C sort -u > "$out/$name.sonames"
# record where the loader lives (file or symlink) in the extracted packages
( cd "$scratch" && for p in */; do find "$p" -name 'ld-linux*' -printf '%p\t%y\t%l\n'; done ) > "$out/$name.loader-paths.tsv"
rm -rf "$scratch"
wc -l "$out/$name.sonames"
