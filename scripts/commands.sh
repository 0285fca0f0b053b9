#!/usr/bin/env bash
# Commands that touch one record, or one kind's names, as whole processes:
# `note` by id and by name, `search --kind startup` side by side with
# `fzf --filter` over the same names, and `export cohort`: the median wall
# time of several warm runs (hyperfine's, when it is installed), the CPU
# time and the most memory resident (max RSS) of one.
#
#   scripts/commands.sh                    # 10,000 startups, 7 runs
#   N=100000 RUNS=5 scripts/commands.sh
#   BASE=/path/to/old/incubator scripts/commands.sh   # the same on another build, beside
#   DB=/path/to/db NAMES=names.txt scripts/commands.sh  # a database of your own
#
# Needs a release build (cargo build --release; BIN to time another
# binary). Without fzf (Debian: apt-get install fzf; macOS: brew install
# fzf) its column is left empty. The database and the names file are
# generated once into $WORK (default target/commands), from the same seed:
# the same names in both. `note` adds a note at each run.
set -euo pipefail

N=${N:-10000}
RUNS=${RUNS:-7}
# "kalo mobi" finds nothing among generated names; "sol pay" finds many.
QUERIES=${QUERIES:-"kalo mobi|sol pay|baku|sebeke"}
root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
case $target in /*) ;; *) target=$root/$target ;; esac
BIN=${BIN:-$target/release/incubator}
WORK=${WORK:-$target/commands}
[ -x "$BIN" ] || { echo "no binary at $BIN: cargo build --release" >&2; exit 1; }
mkdir -p "$WORK"
DB=${DB:-$WORK/db-$N}
NAMES=${NAMES:-$WORK/names-$N.txt}
if [ ! -e "$DB/incubator-set-up" ]; then
  rm -rf "$DB"
  echo "generating $N startups into $DB (once)..." >&2
  "$BIN" --db "$DB" generate --startups "$N" --into-db
fi
[ -s "$NAMES" ] || "$BIN" generate --startups "$N" --names -o "$NAMES"
have_fzf=$(command -v fzf >/dev/null && echo yes || echo no)
[ "$have_fzf" = yes ] || echo "fzf is not installed (apt-get install fzf): its column is left empty" >&2

# Milliseconds of one run of "$@", output thrown away.
ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# "MEDIAN ms wall, CPU ms (user + system) and MAX_RSS MiB of one run" of
# "$@": on a shared machine the CPU time is the steadier figure.
measure() {
  "$@" >/dev/null 2>&1 || true # warm the page cache
  local t cpu="?" rss="?" line
  if command -v hyperfine >/dev/null; then
    hyperfine -N -i --style none --warmup 1 --runs "$RUNS" --export-csv "$WORK/hyperfine.csv" \
      -- "$(printf '%q ' "$@")" >/dev/null 2>&1
    # command,mean,stddev,median,...: seconds.
    t=$(tail -1 "$WORK/hyperfine.csv" | awk -F, '{printf "%d", $(NF-4) * 1000}')
  else
    t=$(for _ in $(seq "$RUNS"); do ms "$@"; done | median)
  fi
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -o "$WORK/time.txt" -f '%M %U %S' "$@" >/dev/null 2>&1 || true
    line=$(tail -1 "$WORK/time.txt")
    rss=$(( ${line%% *} / 1024 ))
    cpu=$(echo "$line" | awk '{printf "%d", ($2 + $3) * 1000}')
  fi
  echo "$t ms wall, $cpu ms CPU, $rss MiB"
}

fzf_filter() { fzf --filter "$1" <"$NAMES"; }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $N startups; $RUNS runs each, median"
bins=("$BIN")
[ -n "${BASE:-}" ] && bins+=("$BASE")
for bin in "${bins[@]}"; do
  echo "== $bin"
  name=$("$bin" --db "$DB" search s --kind startup --limit 1 | cut -f3)
  echo "note by id:        $(measure "$bin" --db "$DB" note s1 "a bench note")"
  echo "note by name:      $(measure "$bin" --db "$DB" note "$name" "a bench note")"
  echo "export cohort c1:  $(measure "$bin" --db "$DB" export cohort c1 --format md)"
  IFS='|' read -ra queries <<<"$QUERIES"
  for q in "${queries[@]}"; do
    ours=$(measure "$bin" --db "$DB" search "$q" --kind startup --limit 20)
    theirs=""
    [ "$have_fzf" = yes ] && theirs="fzf $(export -f fzf_filter; export NAMES; measure bash -c 'fzf_filter "$0"' "$q")"
    printf "search %-11s %s   %s\n" "'$q':" "$ours" "$theirs"
  done
done
