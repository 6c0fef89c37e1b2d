#!/usr/bin/env bash
# Measures kyodo against the floor (calamine alone, one thread) and the peer (pandas), on the
# same generated offices at 26, 1,000, 10,000 and 20,000 districts, and prints one table.
#
#   bench/run.sh                          # all four sizes, one run each
#   SIZES="26 1000" RUNS=3 bench/run.sh   # some of them, best of three runs
#   RUNS=3 bench/run.sh                   # best of three up to 1,000 districts (LARGE_RUNS above: 1)
#   DATA=/elsewhere/bench-data bench/run.sh  # offices generated before (made when missing)
#
# Needs /usr/bin/time (GNU time). The peer runs when python3 has pandas, python-calamine and
# xlsxwriter (pip install pandas python-calamine xlsxwriter); otherwise it is skipped with a note.
# Wall-clock seconds are the best of RUNS; MiB is the largest peak RSS of those runs.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"26 1000 10000 20000"}
RUNS=${RUNS:-1}
TARGET=${CARGO_TARGET_DIR:-target}
DATA=${DATA:-$TARGET/bench-data}
PEER=${PEER:-bench/peer_pandas.py}

if [ ! -x /usr/bin/time ] || ! /usr/bin/time -v true 2>/dev/null; then
  echo "bench/run.sh needs GNU time at /usr/bin/time (apt-get install time)" >&2
  exit 2
fi

cargo build --release --quiet --bin kyodo --example gen_office --example floor
KYODO=$TARGET/release/kyodo
GEN=$TARGET/release/examples/gen_office
FLOOR=$TARGET/release/examples/floor

have_peer=0
if [ -f "$PEER" ] && python3 -c "import pandas, python_calamine, xlsxwriter" 2>/dev/null; then
  have_peer=1
fi

# Runs a command RUNS times under GNU time; prints "best_seconds max_rss_mib". A command that
# fails (kyodo's exit 1 only says there are error findings) is reported on stderr.
measure() {
  local log best="" rss=0 i rc s m
  log=$(mktemp)
  for ((i = 0; i < runs; i++)); do
    rc=0
    /usr/bin/time -v "$@" >/dev/null 2>"$log" || rc=$?
    if [ "$rc" -gt 1 ]; then
      echo "bench: exit $rc from: $*" >&2
      grep -v '^\s' "$log" | tail -3 >&2 || true
    fi
    read -r s m < <(awk -F': ' '
      /Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i] }
      /Maximum resident set size/ { m = $2 / 1024 }
      END { printf "%.2f %.0f\n", s, m }' "$log")
    if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$s; fi
    if [ "$m" -gt "$rss" ]; then rss=$m; fi
  done
  rm -f "$log"
  echo "$best $rss"
}

rows=()
for n in $SIZES; do
  runs=$RUNS
  if [ "$n" -gt 1000 ]; then runs=${LARGE_RUNS:-1}; fi
  dir="$DATA/$n"
  if [ ! -d "$dir" ]; then
    mkdir -p "$DATA"
    "$GEN" "$dir" --districts "$n" >/dev/null
  fi
  find "$dir" -type f -exec cat {} + >/dev/null # every run reads from the page cache, the first one too
  out=$(mktemp -d)
  read -r k1_s k1_m < <(measure env KYODO_THREADS=1 "$KYODO" run "$dir" --fy R7 --as-of 2025-11-30 --out "$out/k1" --quiet)
  read -r k_s k_m < <(measure "$KYODO" run "$dir" --fy R7 --as-of 2025-11-30 --out "$out/k" --quiet)
  read -r f_s f_m < <(measure "$FLOOR" "$dir")
  read -r f2_s _ < <(measure env FLOOR_THREADS=2 "$FLOOR" "$dir")
  if [ "$have_peer" = 1 ]; then
    read -r p_s p_m < <(measure python3 "$PEER" "$dir" "$out/peer" --fy 2025)
  else
    p_s="-"; p_m="-"
  fi
  rows+=("$n $k1_s $k1_m $k_s $k_m $f_s $f2_s $p_s $p_m")
  rm -rf "$out"
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }'; }

printf '\n%-9s %10s %9s %10s %9s %9s %9s %9s %9s %9s %9s %9s %10s\n' \
  districts "kyodo 1t s" "MiB" "kyodo s" "MiB" "floor s" "floor2 s" "peer s" "MiB" "1t/floor" "kyodo/floor" "kyodo/floor2" "peer/kyodo"
for r in "${rows[@]}"; do
  read -r n k1s k1m ks km fs f2s ps pm <<<"$r"
  printf '%-9s %10s %9s %10s %9s %9s %9s %9s %9s %9s %11s %12s %10s\n' \
    "$n" "$k1s" "$k1m" "$ks" "$km" "$fs" "$f2s" "$ps" "$pm" "$(ratio "$k1s" "$fs")" "$(ratio "$ks" "$fs")" "$(ratio "$ks" "$f2s")" "$(ratio "$ps" "$ks")"
done
echo "targets: 1t/floor <= 2.0; kyodo/floor <= 1.25 (kyodo/floor2 <= 2.5); 10,000 districts <= 1024 MiB; peer/kyodo >= 3.5 at 1,000"

# Growth from one size to the next: time should grow no faster than the districts.
prev=""
for r in "${rows[@]}"; do
  read -r n k1s _ ks _ <<<"$r"
  if [ -n "$prev" ]; then
    read -r pn pk1s pks <<<"$prev"
    echo "${pn} → ${n} districts ($(ratio "$n" "$pn")×): kyodo 1t $(ratio "$k1s" "$pk1s")×, kyodo $(ratio "$ks" "$pks")× the time"
  fi
  prev="$n $k1s $ks"
done
if [ "$have_peer" = 0 ]; then
  echo "peer skipped: $PEER or python3 with pandas, python-calamine and xlsxwriter not found"
fi
echo "kyodo: KYODO_THREADS unset (every core, at most 4); kyodo 1t: KYODO_THREADS=1; floor: one thread; floor2: FLOOR_THREADS=2"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -m)"
