#!/usr/bin/env bash
# Measures kyodo against the floor (calamine alone, one thread) and the peer (pandas), on the
# same generated offices at 26, 1,000 and 10,000 districts, and prints one table.
#
#   bench/run.sh                  # all three sizes
#   SIZES="26 1000" bench/run.sh  # some of them
#
# Needs /usr/bin/time (GNU time). The peer runs when python3 has pandas, python-calamine and
# xlsxwriter (pip install pandas python-calamine xlsxwriter); otherwise it is skipped with a note.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"26 1000 10000"}
DATA=${DATA:-target/bench-data}
PEER=${PEER:-../shared/bench/peer_pandas.py}

cargo build --release --quiet --bin kyodo --example gen_office --example floor
KYODO=target/release/kyodo
GEN=target/release/examples/gen_office
FLOOR=target/release/examples/floor

have_peer=0
if [ -f "$PEER" ] && python3 -c "import pandas, python_calamine, xlsxwriter" 2>/dev/null; then
  have_peer=1
fi

# Runs a command under GNU time; prints "seconds max_rss_mib".
measure() {
  local log
  log=$(mktemp)
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || true
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i] }
    /Maximum resident set size/ { m = $2 / 1024 }
    END { printf "%.2f %.0f\n", s, m }' "$log"
  rm -f "$log"
}

rows=()
for n in $SIZES; do
  dir="$DATA/$n"
  if [ ! -d "$dir" ]; then
    "$GEN" "$dir" --districts "$n" >/dev/null
  fi
  out=$(mktemp -d)
  read -r k1_s k1_m < <(measure env KYODO_THREADS=1 "$KYODO" run "$dir" --fy R7 --as-of 2025-11-30 --out "$out/k1" --quiet)
  read -r k_s k_m < <(measure "$KYODO" run "$dir" --fy R7 --as-of 2025-11-30 --out "$out/k" --quiet)
  read -r f_s f_m < <(measure "$FLOOR" "$dir")
  if [ "$have_peer" = 1 ]; then
    read -r p_s p_m < <(measure python3 "$PEER" "$dir" "$out/peer" --fy 2025)
  else
    p_s="-"; p_m="-"
  fi
  rows+=("$n $k1_s $k1_m $k_s $k_m $f_s $f_m $p_s $p_m")
  rm -rf "$out"
done

printf '\n%-9s %10s %9s %10s %9s %9s %9s %9s %9s %11s %11s %9s\n' \
  districts "kyodo 1t s" "MiB" "kyodo 2t s" "MiB" "floor s" "MiB" "peer s" "MiB" "1t/floor" "2t/floor" "peer/2t"
for r in "${rows[@]}"; do
  read -r n k1s k1m ks km fs fm ps pm <<<"$r"
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }'; }
  printf '%-9s %10s %9s %10s %9s %9s %9s %9s %9s %11s %11s %9s\n' \
    "$n" "$k1s" "$k1m" "$ks" "$km" "$fs" "$fm" "$ps" "$pm" "$(ratio "$k1s" "$fs")" "$(ratio "$ks" "$fs")" "$(ratio "$ps" "$ks")"
done
if [ "$have_peer" = 0 ]; then
  echo "peer skipped: python3 with pandas, python-calamine and xlsxwriter not found"
fi
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m)"
