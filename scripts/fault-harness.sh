#!/usr/bin/env bash
# The fault harness at scale: kill -9 during every kind of write, a full
# disk, damaged files, SIGTERM/SIGHUP, a second process, hostile input.
#
#   scripts/fault-harness.sh [ROUNDS] [CASES]
#
# ROUNDS: kill -9 rounds per scenario (default 200; `cargo test` runs a
# dozen). CASES: property-test cases per property (default 1000).
# INCUBATOR_FAULT_SEED=N replays a run; each test prints its seed.
# Extra cargo options go in CARGO_ARGS (say CARGO_ARGS=--release).
# The full output is kept in fault-harness.log.
set -uo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-200}
CASES=${2:-1000}
export INCUBATOR_FAULT_ROUNDS="$ROUNDS"
export PROPTEST_CASES="$CASES"
echo "fault harness: $ROUNDS rounds per scenario, $CASES cases per property"
started=$(date +%s)
# shellcheck disable=SC2086
cargo test --no-fail-fast ${CARGO_ARGS:-} \
    --test crash --test faults_kill --test faults_disk --test faults_signals \
    --test damage --test lock --test hostile_input --test hostile_text --test backup \
    -- --nocapture 2>&1 | tee fault-harness.log |
    grep --line-buffered -E '^(test result|crash test|first-open|import --replace|daily snapshot|restore|delete with|TUI edit|full disk|  [0-9]+ KiB)|seed [0-9]+|FAILED|panicked'
status=${PIPESTATUS[0]}
echo "fault harness: exit $status in $(( $(date +%s) - started )) s (full output in fault-harness.log)"
exit "$status"
