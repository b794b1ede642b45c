#!/usr/bin/env bash
# Builds the worker into pkg/ (wasm + wasm-bindgen glue) and prints its
# shipped size. Needs the wasm32-unknown-unknown target and a
# wasm-bindgen-cli matching Cargo.lock's wasm-bindgen (scripts/setup.sh
# installs both).
set -euo pipefail
cd "$(dirname "$0")"
TARGET_DIR="${CARGO_TARGET_DIR:-$(cd ../.. && pwd)/target}"
cargo build -q -p rynamo-worker-example --target wasm32-unknown-unknown --profile wasm-release
wasm-bindgen --target web --remove-name-section --remove-producers-section \
  --out-dir pkg "$TARGET_DIR/wasm32-unknown-unknown/wasm-release/rynamo_worker_example.wasm"
gz() { gzip -9 -c "$@" | wc -c; }
printf "%-32s %9d bytes  %8d gzip -9 (glue %d)\n" "edge worker .wasm + glue" \
  "$(cat pkg/rynamo_worker_example_bg.wasm pkg/rynamo_worker_example.js worker.mjs | wc -c)" \
  "$(( $(gz pkg/rynamo_worker_example_bg.wasm) + $(gz pkg/rynamo_worker_example.js worker.mjs) ))" \
  "$(gz pkg/rynamo_worker_example.js worker.mjs)"
