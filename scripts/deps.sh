#!/bin/sh
# Installs the Debian packages goelf needs to build and test, or, when not
# root, prints the exact command to run.  Runs `apt-get update` first only
# when a package cannot be found.
set -eu
pkgs="gcc make pkg-config clang clang-format libclang-rt-14-dev valgrind libelf-dev libdwarf-dev libcmocka-dev
libjansson-dev libarchive-dev libinih-dev golang-go musl-tools binutils
jq file python3 python3-jsonschema zip zlib1g-dev
zstd hyperfine pax-utils"
missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "goelf: missing Debian packages:$missing" >&2
	echo "goelf: install them with: sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "goelf: installing Debian packages:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
if ! apt-get install -y -q $missing; then
	apt-get update -q
	apt-get install -y -q $missing
fi
