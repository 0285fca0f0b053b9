#!/usr/bin/env bash
# Side by side with what a user would pick instead: `incubator search`
# against `fzf --filter` over the same startup names, as whole processes
# (start, read, match, print), several runs each, and the ratio of the
# medians. The in-process comparison with nucleo-matcher is
# `cargo bench --bench search` (see BENCHMARKS.md).
#
#   scripts/peers.sh                      # 100,000 startups, 7 runs
#   N=10000 RUNS=5 scripts/peers.sh
#   QUERIES="sebeke xezer baku" scripts/peers.sh
#
# Needs fzf (Debian: apt-get install fzf) and a release build
# (cargo build --release; INCUBATOR_BIN to time another binary). The
# database and the names file are generated once into $WORK (default
# target/peers), from seed 1: the same names in both.
set -euo pipefail

N=${N:-100000}
RUNS=${RUNS:-7}
QUERIES=${QUERIES:-"sebeke baku xezer seoul"}
root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
case $target in /*) ;; *) target=$root/$target ;; esac
BIN=${INCUBATOR_BIN:-$target/release/incubator}
WORK=${WORK:-$target/peers}
command -v fzf >/dev/null || { echo "fzf is not installed (apt-get install fzf)" >&2; exit 1; }
[ -x "$BIN" ] || { echo "no binary at $BIN: cargo build --release" >&2; exit 1; }
mkdir -p "$WORK"
DB=$WORK/db-$N
NAMES=$WORK/names-$N.txt
if [ ! -e "$DB/incubator-set-up" ]; then
  rm -rf "$DB"
  echo "generating $N startups into $DB (once)..." >&2
  "$BIN" --db "$DB" generate --startups "$N" --into-db
fi
[ -s "$NAMES" ] || "$BIN" generate --startups "$N" --names -o "$NAMES"

# Milliseconds of one run of "$@", output thrown away.
ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "machine: $(nproc) cores, $(awk '/model name/ {$1=$2=$3=""; print; exit}' /proc/cpuinfo | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "fzf $(fzf --version | cut -d' ' -f1); incubator $("$BIN" --version | cut -d' ' -f2); $N startup names; $RUNS runs each, median"
printf "%-10s %8s %8s %10s %8s %8s\n" query incubator fzf ratio hits hits
for q in $QUERIES; do
  # Warm the page cache for both.
  "$BIN" --db "$DB" search "$q" --kind startup --limit "$N" >/dev/null 2>&1 || true
  fzf --filter "$q" <"$NAMES" >/dev/null || true
  ours=$(for _ in $(seq "$RUNS"); do ms "$BIN" --db "$DB" search "$q" --kind startup --limit "$N"; done | median)
  theirs=$(for _ in $(seq "$RUNS"); do ms sh -c "fzf --filter '$q' <'$NAMES'"; done | median)
  hits_ours=$("$BIN" --db "$DB" search "$q" --kind startup --limit "$N" 2>/dev/null | wc -l)
  hits_fzf=$(fzf --filter "$q" <"$NAMES" | wc -l || true)
  printf "%-10s %6s ms %5s ms %9sx %8s %8s\n" "$q" "$ours" "$theirs" \
    "$(awk -v a="$ours" -v b="$theirs" 'BEGIN {printf "%.1f", (b > 0 ? a / b : 0)}')" \
    "$hits_ours" "$hits_fzf"
done
