#!/usr/bin/env bash
# The full-screen view's resident memory as a user runs it: the binary in
# tmux at 120x40 on database DB, VmRSS (and the peak, VmHWM) 2 s and WAIT s
# after start (the notes and the search index load after the first frame),
# then after `2` and `/kal`; the screen's first lines to show it loaded.
# The view writes to DB: give it a copy.
#
#   scripts/view-rss.sh target/release/incubator /path/to/copy-of-db 12
#
# Needs tmux.
set -euo pipefail

BIN=$1
DB=$2
WAIT=${3:-12}
SESSION=view-rss-$$

tmux new-session -d -s "$SESSION" -x 120 -y 40 "$BIN --db $DB"
trap 'tmux kill-session -t "$SESSION" 2>/dev/null || true' EXIT
sleep 0.5
pid=$(tmux display -p -t "$SESSION" '#{pane_pid}')
rss() {
    awk -v when="$1" '/VmRSS|VmHWM/ { printf "%s %s %d MB  ", when, $1, $2 / 1024 }' "/proc/$pid/status"
    echo
}
sleep 2
rss "2s"
sleep $((WAIT - 2))
rss "${WAIT}s"
tmux send-keys -t "$SESSION" 2
sleep 1
tmux send-keys -t "$SESSION" / k a l
sleep 3
rss "after 2 /kal"
tmux capture-pane -p -t "$SESSION" | head -5
tmux send-keys -t "$SESSION" Escape
sleep 0.3
tmux send-keys -t "$SESSION" q
sleep 1
