#!/usr/bin/env bash
# Byte-identity check for refactors: runs the debug binary on samples/ (run, year-end, check,
# --redact) into DIR and, given a second DIR, compares every file of the two runs.
#   scripts/same-output.sh /tmp/before            # record
#   scripts/same-output.sh /tmp/after /tmp/before # record again and compare
set -uo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: same-output.sh OUT [BEFORE]}
before=${2:-}
cargo build || exit 2
bin=target/debug/kyodo
rm -rf "$out" && mkdir -p "$out"
"$bin" run samples --out "$out/run" >"$out/run.stdout" 2>"$out/run.stderr"
echo "$?" >"$out/run.rc"
"$bin" run samples --redact --out "$out/redact" >"$out/redact.stdout" 2>"$out/redact.stderr"
echo "$?" >"$out/redact.rc"
"$bin" year-end samples --out "$out/year-end" >"$out/year-end.stdout" 2>"$out/year-end.stderr"
echo "$?" >"$out/year-end.rc"
"$bin" check samples >"$out/check.stdout" 2>"$out/check.stderr"
echo "$?" >"$out/check.rc"
# Terminal lines name the out folder; make them comparable across OUT folders.
sed -i "s#$out#OUT#g" "$out"/*.stdout "$out"/*.stderr
[ -z "$before" ] && { echo "recorded $(find "$out" -type f | wc -l) files in $out"; exit 0; }
status=0
a=$(cd "$before" && find . -type f | sort)
b=$(cd "$out" && find . -type f | sort)
if [ "$a" != "$b" ]; then
  echo "file lists differ:"; diff <(echo "$a") <(echo "$b"); status=1
fi
n=0
while IFS= read -r f; do
  [ -f "$out/$f" ] || continue
  n=$((n + 1))
  cmp -s "$before/$f" "$out/$f" || { echo "differs: $f"; status=1; }
done <<<"$a"
[ "$status" = 0 ] && echo "same: $n files byte-identical"
exit "$status"
