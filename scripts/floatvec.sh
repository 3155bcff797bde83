#!/usr/bin/env bash
# Regenerates fixtures/floatparse/go1.19.json from REAL Go: builds oracle/floatparse with Go 1.19
# and runs it on oracle/floatparse/inputs.txt (plus the midpoint cases it generates from a fixed
# seed). Each row is [JSON number, strconv.ParseFloat(s, 32) as float32 bits, ParseFloat(s, 64)
# bits], "out of range" where ParseFloat reports ErrRange (the oracle refuses such inputs).
# Go binary: $GOEMU_GO119 (default /usr/lib/go-1.19/bin/go).
# The fixture is only ever written by this script.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/fixtures/floatparse"
go119="${GOEMU_GO119:-/usr/lib/go-1.19/bin/go}"

tmp="$(mktemp -d /tmp/goemu-floatvec.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
cp "$root/oracle/floatparse/main.go" "$tmp/"
printf 'module goemu/oracle/floatparse\n\ngo 1.19\n' > "$tmp/go.mod"
ver="$(env -u GOROOT "$go119" version | awk '{print $3}')"
case "$ver" in
  go1.19|go1.19.*) ;;
  *) echo "floatvec: $go119 is $ver, not go1.19" >&2; exit 1 ;;
esac
(cd "$tmp" && env -u GOROOT -u GOPATH -u GOFLAGS GOPATH="$tmp/gopath" GOCACHE="$tmp/gocache" \
    GO111MODULE=on CGO_ENABLED=0 "$go119" build -o "$tmp/floatparse" .)
(cd "$root/oracle/floatparse" && "$tmp/floatparse") > "$out/go1.19.json.tmp"
mv "$out/go1.19.json.tmp" "$out/go1.19.json"
echo "wrote fixtures/floatparse/go1.19.json ($(grep -c '^\[\"' "$out/go1.19.json") numbers, $ver)" >&2
