#!/bin/sh
# The files the .deb installs beside the binary, made by the binary itself:
# the manual page and the completion scripts, into target/assets/.
#   packaging/build-assets.sh && cargo deb --no-build
# Builds the release binary first unless given one: build-assets.sh BINARY.
set -eu
cd "$(dirname "$0")/.."
bin=${1:-target/release/incubator}
if [ $# -eq 0 ]; then
    cargo build --release --locked
fi
out=target/assets
mkdir -p "$out/completions"
"$bin" manpage -o "$out"
"$bin" completions bash > "$out/completions/incubator.bash"
"$bin" completions zsh > "$out/completions/_incubator"
"$bin" completions fish > "$out/completions/incubator.fish"
echo "wrote $out/incubator.1 and $out/completions/"
