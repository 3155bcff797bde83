#!/usr/bin/env bash
# Regenerates fixtures/typedhash/*.json from REAL Go: builds oracle/typedhash
# with Go 1.15 and Go 1.19 for GOARCH=amd64 and 386 and runs it:
#   <profile>-<arch>-aes.json       typedhash -family aes
#   <profile>-<arch>-fallback.json  GODEBUG=cpu.aes=off typedhash -family fallback
# Each holds the real maptype.hasher results (compiler-chosen and generated
# hash functions, nilinterhash/typehash) for many key types, values and seeds.
# Go binaries: $GOEMU_GO115 (default /usr/lib/go-1.15/bin/go) and
# $GOEMU_GO119 (default /usr/lib/go-1.19/bin/go).
# Fixtures are only ever written by this script.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/fixtures/typedhash"
go115="${GOEMU_GO115:-/usr/lib/go-1.15/bin/go}"
go119="${GOEMU_GO119:-/usr/lib/go-1.19/bin/go}"

tmp="$(mktemp -d /tmp/goemu-typedhash.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out" "$tmp/src"
cp "$root"/oracle/typedhash/*.go "$root"/oracle/typedhash/*.s "$tmp/src/"
printf 'module goemu/oracle/typedhash\n\ngo 1.15\n' > "$tmp/src/go.mod"

for profile in go1.15 go1.19; do
  if [ "$profile" = go1.15 ]; then gobin="$go115"; else gobin="$go119"; fi
  ver="$(env -u GOROOT "$gobin" env GOVERSION 2>/dev/null || true)"
  [ -n "$ver" ] || ver="$(env -u GOROOT "$gobin" version | awk '{print $3}')"
  case "$ver" in
    "$profile"|"$profile".*) ;;
    *) echo "typedhashvec: $gobin is $ver, not $profile" >&2; exit 1 ;;
  esac
  for arch in amd64 386; do
    bin="$tmp/typedhash-$profile-$arch"
    echo "building $bin ($ver, GOARCH=$arch)" >&2
    (cd "$tmp/src" && env -u GOROOT -u GOPATH -u GOFLAGS \
        GOPATH="$tmp/gopath" GOCACHE="$tmp/gocache" GO111MODULE=on GOFLAGS=-mod=mod \
        CGO_ENABLED=0 GOOS=linux GOARCH="$arch" GO386=sse2 \
        "$gobin" build -o "$bin" .)
    env -u GODEBUG "$bin" -family aes > "$out/$profile-$arch-aes.json.tmp"
    env GODEBUG=cpu.aes=off "$bin" -family fallback > "$out/$profile-$arch-fallback.json.tmp"
    for f in "$profile-$arch-aes" "$profile-$arch-fallback"; do
      mv "$out/$f.json.tmp" "$out/$f.json"
      echo "wrote fixtures/typedhash/$f.json ($(wc -c < "$out/$f.json") bytes)" >&2
    done
  done
done
