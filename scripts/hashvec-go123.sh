#!/usr/bin/env bash
# Regenerates fixtures/hash/go1.23-<arch>-<family>.json from REAL Go 1.23: builds
# oracle/hashvec (the same program as scripts/hashvec.sh; its fixed hashkey words are not
# forced odd under go1.23, see oracle/hashvec/hashkey_odd_go123.go) with Go 1.23 for
# GOARCH=amd64 and 386 and runs
#   go1.23-<arch>-aes.json       hashvec -family aes
#   go1.23-<arch>-fallback.json  GODEBUG=cpu.aes=off hashvec -family fallback
# Go 1.23 refuses linknames to runtime.aeskeysched/hashkey/useAeshash without
# -ldflags=-checklinkname=0 (cmd/link/internal/ld/main.go:100 (1.23)), so it is passed here.
# Go binary: $GOEMU_GO123 (default /usr/lib/go-1.23/bin/go).
# Fixtures are only ever written by this script.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/fixtures/hash"
gobin="${GOEMU_GO123:-/usr/lib/go-1.23/bin/go}"
profile=go1.23
if [ ! -x "$gobin" ]; then
  echo "hashvec-go123: $gobin missing (install Debian's golang-1.23-go package, as root)" >&2; exit 2
fi
tmp="$(mktemp -d /tmp/goemu-hashvec123.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out" "$tmp/src"
cp "$root"/oracle/hashvec/*.go "$root"/oracle/hashvec/*.s "$tmp/src/"
printf 'module goemu/oracle/hashvec\n\ngo 1.15\n' > "$tmp/src/go.mod"
ver="$(env -u GOROOT "$gobin" env GOVERSION)"
case "$ver" in
  "$profile"|"$profile".*) ;;
  *) echo "hashvec-go123: $gobin is $ver, not $profile" >&2; exit 1 ;;
esac
for arch in amd64 386; do
  bin="$tmp/hashvec-$profile-$arch"
  echo "building $bin ($ver, GOARCH=$arch)" >&2
  (cd "$tmp/src" && env -u GOROOT -u GOPATH -u GOFLAGS -u GOEXPERIMENT \
      GOPATH="$tmp/gopath" GOCACHE="$tmp/gocache" GO111MODULE=on GOFLAGS=-mod=mod GOTOOLCHAIN=local \
      CGO_ENABLED=0 GOOS=linux GOARCH="$arch" GO386=sse2 \
      "$gobin" build -ldflags=-checklinkname=0 -o "$bin" .)
  env -u GODEBUG "$bin" -family aes > "$out/$profile-$arch-aes.json.tmp"
  env GODEBUG=cpu.aes=off "$bin" -family fallback > "$out/$profile-$arch-fallback.json.tmp"
  for f in "$profile-$arch-aes" "$profile-$arch-fallback"; do
    mv "$out/$f.json.tmp" "$out/$f.json"
    echo "wrote fixtures/hash/$f.json ($(wc -c < "$out/$f.json") bytes)" >&2
  done
done
