#!/usr/bin/env bash
# Builds the rynamo-wasm JS package (Node and web targets) with the edge
# profile, and prints the size of the .wasm and the JS glue, raw and gzip -9.
#   adapter-wasm/build.sh            -> adapter-wasm/pkg/{node,web}
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
OUT="$ROOT/adapter-wasm/pkg"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

version="$(grep -A1 'name = "wasm-bindgen"$' Cargo.lock | grep version | cut -d'"' -f2)"
if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$version" ]; then
  echo "installing wasm-bindgen-cli $version (pinned to Cargo.lock)" >&2
  # Not --locked: its lockfile can name dependency releases a registry mirror lacks.
  cargo install -q wasm-bindgen-cli --version "$version"
fi

cargo build -q -p rynamo-wasm --target wasm32-unknown-unknown --profile wasm-release
wasm="$TARGET_DIR/wasm32-unknown-unknown/wasm-release/rynamo_wasm.wasm"
rm -rf "$OUT"
wasm-bindgen --target nodejs --remove-name-section --remove-producers-section --out-dir "$OUT/node" "$wasm"
wasm-bindgen --target web --remove-name-section --remove-producers-section --out-dir "$OUT/web" "$wasm"
cat > "$OUT/package.json" <<JSON
{
  "name": "rynamo",
  "version": "0.1.0",
  "description": "Rynamo: a DynamoDB object mapper in Rust/wasm, for edge runtimes, browsers and Node.",
  "license": "MIT OR Apache-2.0",
  "type": "module",
  "exports": {
    ".": { "node": "./node/rynamo_wasm.js", "default": "./web/rynamo_wasm.js" },
    "./web": "./web/rynamo_wasm.js"
  },
  "types": "./web/rynamo_wasm.d.ts",
  "files": ["node", "web"]
}
JSON
echo '{"type":"commonjs"}' > "$OUT/node/package.json"

size() { printf "%-32s %9d bytes  %8d gzip -9\n" "$1" "$(wc -c < "$2")" "$(gzip -9 -c "$2" | wc -c)"; }
echo "rynamo-wasm package sizes (profile wasm-release):"
size "web/rynamo_wasm_bg.wasm" "$OUT/web/rynamo_wasm_bg.wasm"
size "web/rynamo_wasm.js (glue)" "$OUT/web/rynamo_wasm.js"
size "node/rynamo_wasm.js (glue)" "$OUT/node/rynamo_wasm.js"
