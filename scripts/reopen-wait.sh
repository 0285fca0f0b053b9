#!/bin/bash
# What a command or login waits when it comes while `incubator serve`
# opens its database afresh (BENCHMARKS.md, "Memory after sessions
# close"): serve DB, then a forwarded `search` at offsets after a use (the
# reopen comes 3 s after the last), its time against one outside a reopen,
# and the reopens' own times from serve's log. Makes a throwaway users
# file and host key in a temporary folder.
# usage: scripts/reopen-wait.sh BIN DB
BIN=$1
DB=$2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
ssh-keygen -q -t ed25519 -N "" -f "$WORK/k" >/dev/null
printf '[[user]]\nname = "Bench"\nrole = "staff"\nkeys = ["%s"]\n' "$(cut -d' ' -f1,2 "$WORK/k.pub")" >"$WORK/users.toml"
"$BIN" --db "$DB" serve --listen 127.0.0.1:0 --users "$WORK/users.toml" \
  --host-key "$WORK/hk" >"$WORK/out" 2>"$WORK/log" &
PID=$!
until grep -q "connect with" "$WORK/out"; do sleep 0.2; done
q() {
  local s
  s=$(date +%s%N)
  "$BIN" --db "$DB" search kilim >/dev/null
  echo $((($(date +%s%N) - s) / 1000000))
}
q >/dev/null
sleep 5
echo "search, no reopen near: $(q) $(q) $(q) ms"
for off in ${OFFS:-3.0 3.1 3.2 3.3 3.4 3.5 3.6 3.7}; do
  q >/dev/null
  sleep "$off"
  echo "search $off s after a use: $(q) ms"
  sleep 5
done
kill -TERM $PID
wait $PID
grep "afresh" "$WORK/log" | sed 's/.*(\(.*\))/reopen took \1/' | tr '\n' ' '
echo
