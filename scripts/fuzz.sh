#!/usr/bin/env bash
# make fuzz: COUNT generated inputs for each parser, then COUNT generated requests to a running `hmfbook preview`
# of a small notebook in a scratch project. Crashes and hangs are kept in build/fuzz/TARGET/ and listed.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-10000}"
scratch="$PWD/build/fuzz"
mkdir -p "$scratch"
status=0
.build/release/hmfbook-fuzz --count "$count" --scratch "$scratch" || status=$?

project="$(mktemp -d)"
trap 'kill "$preview" 2>/dev/null || true; rm -rf "$project"' EXIT
mkdir -p "$project/Notebooks"
printf -- '---\ntitle: Fuzzed preview\n---\n```swift\nprint("served")\n```\n' > "$project/Notebooks/f.md"
log="$scratch/preview.log"
(cd "$project" && exec "$OLDPWD/.build/release/hmfbook" preview Notebooks/f.md --port 0 > "$log" 2>&1) &
preview=$!
for _ in $(seq 300); do grep -q "previewing" "$log" && break; sleep 0.2; done
port="$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$log" | head -1)"
[ -n "$port" ] || { echo "the preview did not start:"; cat "$log"; exit 1; }
.build/release/hmfbook-fuzz --target request --preview-port "$port" --count "$count" --scratch "$scratch" \
  | tail -n +2 || status=$?
exit "$status"
