#!/bin/sh
# Installs the Debian packages goelf needs to build and test, or, when not
# root, prints the exact command to run.  Runs `apt-get update` first only
# when a package cannot be found.
# usage: sh scripts/deps.sh [static]
#   static: only what `make static` needs (the Dockerfile's build stage):
#   the compiler, the -dev packages, and the static archives Debian's
#   libarchive.a needs but libarchive-dev does not depend on (libbz2,
#   liblzma, libzstd, liblz4, libacl, libxml2, nettle).
set -eu
build="gcc binutils make pkg-config libelf-dev libdwarf-dev libjansson-dev
libarchive-dev libinih-dev
zlib1g-dev libbz2-dev liblzma-dev libzstd-dev liblz4-dev libacl1-dev
libxml2-dev nettle-dev"
tests="clang clang-format libclang-rt-14-dev valgrind libcmocka-dev
golang-go musl-tools
jq file python3 python3-jsonschema python3-yaml zip
zstd hyperfine pax-utils"
case ${1:-} in
"") pkgs="$build $tests" ;;
static) pkgs=$build ;;
*)
	echo "usage: sh scripts/deps.sh [static]" >&2
	exit 2
	;;
esac
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
