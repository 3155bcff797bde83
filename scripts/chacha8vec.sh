#!/usr/bin/env bash
# Regenerates fixtures/chacha8/vectors.json from REAL Go: builds oracle/chacha8vec
# (math/rand/v2 NewChaCha8 = internal/chacha8rand) with Go 1.22, 1.23, 1.24 and 1.25
# for GOARCH=amd64 and 386, checks that all eight runs print the same values, and
# writes one file with the list of runtimes that produced it. It also copies Go's
# own golden table (internal/chacha8rand/rand_test.go `output`, seed
# "ABCDEFGHIJKLMNOPQRSTUVWXYZ123456") into "goTestOutput" as a second source.
# Go binaries: /usr/lib/go-1.NN/bin/go (override with GOEMU_GO122 .. GOEMU_GO125).
# Fixtures are only ever written by this script.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/fixtures/chacha8"
tmp="$(mktemp -d /tmp/goemu-chacha8vec.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out" "$tmp/src"
cp "$root"/oracle/chacha8vec/*.go "$tmp/src/"
printf 'module goemu/oracle/chacha8vec\n\ngo 1.22\n' > "$tmp/src/go.mod"

runs=()
for v in 22 23 24 25; do
  var="GOEMU_GO1$v"
  gobin="${!var:-/usr/lib/go-1.$v/bin/go}"
  if [ ! -x "$gobin" ]; then
    echo "chacha8vec: $gobin missing (install Debian's golang-1.$v-go package, as root)" >&2; exit 2
  fi
  for arch in amd64 386; do
    bin="$tmp/chacha8vec-1.$v-$arch"
    (cd "$tmp/src" && env -u GOROOT -u GOPATH -u GOFLAGS -u GOEXPERIMENT \
        GOPATH="$tmp/gopath" GOCACHE="$tmp/gocache" GO111MODULE=on GOTOOLCHAIN=local \
        CGO_ENABLED=0 GOOS=linux GOARCH="$arch" GO386=sse2 \
        "$gobin" build -o "$bin" .)
    "$bin" > "$tmp/out-1.$v-$arch.json"
    runs+=("$tmp/out-1.$v-$arch.json")
    echo "ran $("$gobin" env GOVERSION) GOARCH=$arch" >&2
  done
done

golden="${GOEMU_GO122:-/usr/lib/go-1.22/bin/go}"
golden="$(dirname "$(dirname "$golden")")/src/internal/chacha8rand/rand_test.go"

node - "$golden" "$out/vectors.json" "${runs[@]}" <<'JS'
const fs = require('fs');
const [golden, dst, ...runs] = process.argv.slice(2);
const docs = runs.map((f) => JSON.parse(fs.readFileSync(f, 'utf8')));
const ref = JSON.stringify(docs[0].seeds);
for (const d of docs) {
  if (JSON.stringify(d.seeds) !== ref) {
    console.error(`chacha8vec: ${d.goVersion}/${d.goarch} differs from ${docs[0].goVersion}/${docs[0].goarch}`);
    process.exit(1);
  }
}
const src = fs.readFileSync(golden, 'utf8');
const m = /var output = \[\]uint64\{([^}]*)\}/.exec(src);
if (!m) { console.error(`chacha8vec: no "var output" table in ${golden}`); process.exit(1); }
const table = m[1].match(/0x[0-9a-f]+/g).map((x) => x.slice(2).padStart(16, '0'));
const res = {
  generator: docs[0].generator,
  producedBy: docs.map((d) => `${d.goVersion}/${d.goarch}`),
  goTestOutput: { source: 'internal/chacha8rand/rand_test.go (go1.22) var output', seed: Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZ123456').toString('hex'), values: table },
  seeds: docs[0].seeds,
};
fs.writeFileSync(dst, JSON.stringify(res, null, 1) + '\n');
console.error(`wrote ${dst}: ${res.seeds.length} seeds, golden table ${table.length} values, from ${res.producedBy.join(', ')}`);
JS
