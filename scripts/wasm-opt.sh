#!/usr/bin/env bash
# The one set of wasm-opt settings every shipped Rynamo wasm is built with
# (examples/worker/build.sh, adapter-wasm/build.sh; scripts/wasm-size.sh's
# copy with names): binaryen as pinned in examples/worker/package-lock.json.
#   scripts/wasm-opt.sh [more wasm-opt flags] IN -o OUT
# - -Os rather than -Oz: 0.4 KB less gzip for 1 % more raw bytes (and
#   faster code).
# - Inlining off (-ocimfs/-fimfs/-aimfs 0): plain -Oz makes the modules
#   smaller but their gzip 4 % larger (inlined copies of the shared request
#   path compress worse than calls), and functions stay apart for V8's
#   lazy, per-function compile.
# - --low-memory-unused folds constant address offsets into loads and
#   stores: it assumes no address computation wraps around into the first
#   1 KiB, which Rust code never does (its data starts at 1 MiB, the stack
#   below it).
# - The --enable flags are the features rustc enables for
#   wasm32-unknown-unknown.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
wasm_opt="$ROOT/examples/worker/node_modules/.bin/wasm-opt"
[ -x "$wasm_opt" ] || (cd "$ROOT/examples/worker" && npm ci --silent --no-audit --no-fund)
exec "$wasm_opt" -Os -ocimfs 0 -fimfs 0 -aimfs 0 --low-memory-unused \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-multivalue --enable-reference-types "$@"
