#!/bin/sh
# Whole-process cost of commands on a database: run it once with nobody
# holding DB, once while `incubator serve` (or the view) holds it, and
# compare (BENCHMARKS.md, "A command while serve or the view holds the
# database"). Each command three times; the note is written each time.
# usage: scripts/holder-bench.sh BIN DB
BIN=$1
DB=$2
one() { # label, then the command's arguments
  label=$1
  shift
  for _ in 1 2 3; do
    /usr/bin/time -f "$label: %e s, max RSS %M KB" "$BIN" --db "$DB" "$@" 2>&1 >/dev/null | tail -1
  done
}
one "search" search "solar hub" --kind startup --limit 20
one "note" note s1 "bench note"
one "export cohort" export cohort c1 --format csv
one "search, no hit" search zzqq --kind cohort
