#!/bin/sh
# Stands in for goelf in the CLI tests and keeps a copy of every JSON
# document goelf writes, so that `make check-json` can validate all of
# them against docs/*-schema.json (tests/tools/validate-json.py).
# usage: GOELF_REAL=build/goelf GOELF_JSON_LOG=DIR goelf-json-log.sh ARGS...
# Runs GOELF_REAL with ARGS and the same stdin, stderr and exit status.
# When stdout is not a terminal and the output is JSON (a JSON --format
# was asked for, scan's jsonl default, or the output starts with '{'),
# the output is also saved as DIR/KIND.XXXXXX with the command line in
# DIR/KIND.XXXXXX.cmd; KIND is report (inspect, gate, scan), sarif
# (gate --format sarif), diff, size or targets.  Without GOELF_JSON_LOG it only
# runs GOELF_REAL.
set -u
real=${GOELF_REAL:?GOELF_REAL: the goelf binary to run}
log=${GOELF_JSON_LOG:-}
if [ -z "$log" ] || [ -t 1 ]; then
	exec "$real" "$@"
fi

# The subcommand is the first word that is not an option; the format is
# the value of -f/--format wherever getopt_long would find it.
cmd="" fmt="" prev=""
for a in "$@"; do
	case $prev in
	-f | --format | --forma | --form | --for | --fo) fmt=$a ;;
	esac
	case $a in
	--format=* | --forma=* | --form=* | --for=* | --fo=*) fmt=${a#*=} ;;
	-f?*) fmt=${a#-f} ;;
	-*) ;;
	*) [ -z "$cmd" ] && [ "$prev" != -f ] && cmd=$a ;;
	esac
	prev=$a
done
case $cmd in
inspect | gate | scan) kind=report ;;
diff) kind="diff" ;;
size) kind=size ;;
targets) kind=targets ;;
*) kind=other ;;
esac
[ "$fmt" = sarif ] && kind=sarif
# The CI and SBOM formats are not goelf's report: their own tests check
# them (run-ci-formats.sh, against the CycloneDX schema and parsers).
case $fmt in
codeclimate | junit | cyclonedx) exec "$real" "$@" ;;
esac
case $fmt in
json | jsonl | sarif) want=1 ;;
"") [ "$cmd" = scan ] && want=1 || want=0 ;;
*) want=0 ;;
esac

mkdir -p "$log" 2>/dev/null
out=$(mktemp "$log/$kind.XXXXXX" 2>/dev/null) || exec "$real" "$@"
"$real" "$@" >"$out"
rc=$?
cat "$out"
if [ -s "$out" ] && { [ "$want" = 1 ] || [ "$(head -c 1 "$out")" = "{" ]; }; then
	printf '%s\n' "goelf $*" >"$out.cmd"
else
	rm -f "$out"
fi
exit $rc
