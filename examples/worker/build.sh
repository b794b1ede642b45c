#!/usr/bin/env bash
# Builds the worker into pkg/ (wasm + wasm-bindgen glue), shrinks the wasm
# with binaryen's wasm-opt -Os, bundles worker.mjs with the glue into
# dist/worker.mjs with esbuild --minify (as `wrangler deploy --minify`
# does; both pinned in package-lock.json) and prints the shipped size:
# dist/worker.mjs and pkg/rynamo_worker_example_bg.wasm. Needs the wasm32-unknown-unknown target and a
# wasm-bindgen-cli matching Cargo.lock's wasm-bindgen (adapter-wasm/build.sh
# installs it).
set -euo pipefail
cd "$(dirname "$0")"
TARGET_DIR="${CARGO_TARGET_DIR:-$(cd ../.. && pwd)/target}"
cargo build -q -p rynamo-worker-example --target wasm32-unknown-unknown --profile wasm-release
wasm-bindgen --target web --remove-name-section --remove-producers-section \
  --out-dir pkg "$TARGET_DIR/wasm32-unknown-unknown/wasm-release/rynamo_worker_example.wasm"
# Installs the pinned tools when any is missing (an older checkout may lack esbuild).
{ [ -x node_modules/.bin/wasm-opt ] && [ -x node_modules/.bin/esbuild ]; } || npm ci --silent --no-audit --no-fund
# scripts/wasm-opt.sh's shared settings (-Os, no size-driven inlining,
# --low-memory-unused: it says why; for the worker -Oz 46,566 -> 46,140
# bytes gzip), then the names shared with the glue are shortened in both
# (minify-names.mjs says why).
../../scripts/wasm-opt.sh --minify-imports-and-exports-and-modules --strip-target-features \
  pkg/rynamo_worker_example_bg.wasm -o pkg/rynamo_worker_example_bg.wasm > pkg/names.json
node minify-names.mjs pkg/names.json pkg/rynamo_worker_example_bg.wasm pkg/rynamo_worker_example.js
# The glue's unused parts (async init, fetch loading) are dropped; the
# .wasm stays a module of its own (workerd and Workers compile it at load).
node_modules/.bin/esbuild worker.mjs --bundle --minify --format=esm --platform=neutral \
  --target=es2022 --external:'*.wasm' --log-level=warning --outfile=dist/worker.mjs
gz() { gzip -9 -c "$@" | wc -c; }
printf "%-32s %9d bytes  %8d gzip -9 (glue %d)\n" "edge worker .wasm + glue" \
  "$(cat pkg/rynamo_worker_example_bg.wasm dist/worker.mjs | wc -c)" \
  "$(( $(gz pkg/rynamo_worker_example_bg.wasm) + $(gz dist/worker.mjs) ))" \
  "$(gz dist/worker.mjs)"
