#!/usr/bin/env bash
# Where the wasm bytes are: builds the edge worker (examples/worker/build.sh)
# and/or the JS package (adapter-wasm/build.sh), then runs twiggy on a copy
# optimised like the shipped one but keeping the name section, so every row
# has a function name. Needs twiggy (`cargo install twiggy`).
#   scripts/wasm-size.sh [worker|package|both] [-n ROWS] [-- twiggy args...]
# e.g. scripts/wasm-size.sh worker -n 80
#      scripts/wasm-size.sh worker -- paths --regex 'dlmalloc'
# The "function names" subsection row is the name section itself: ignore it.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
which="${1:-worker}"; [ $# -gt 0 ] && shift
rows=60
if [ "${1:-}" = "-n" ]; then rows="$2"; shift 2; fi
[ "${1:-}" = "--" ] && shift
command -v twiggy >/dev/null || { echo "twiggy not found: cargo install twiggy" >&2; exit 1; }
out="${WASM_SIZE_DIR:-$TARGET_DIR/wasm-size}"

report() { # name, wasm file from cargo
  local name="$1" wasm="$2" dir="$out/$1"
  rm -rf "$dir"; mkdir -p "$dir"
  wasm-bindgen --target web --out-dir "$dir" "$wasm"
  local bg; bg="$(ls "$dir"/*_bg.wasm)"
  # The shipped builds' wasm-opt settings, keeping the names.
  "$ROOT/scripts/wasm-opt.sh" --debuginfo "$bg" -o "$dir/opt.wasm"
  echo "== $name: $dir/opt.wasm (names kept; shipped builds strip them)"
  if [ $# -gt 2 ]; then twiggy "${@:3}" "$dir/opt.wasm"; else twiggy top -n "$rows" "$dir/opt.wasm"; fi
}

case "$which" in
  worker|both)
    examples/worker/build.sh
    report worker "$TARGET_DIR/wasm32-unknown-unknown/wasm-release/rynamo_worker_example.wasm" "$@" ;;&
  package|both)
    adapter-wasm/build.sh
    report package "$TARGET_DIR/wasm32-unknown-unknown/wasm-release/rynamo_wasm.wasm" "$@" ;;
  worker) ;;
  *) echo "usage: $0 [worker|package|both] [-n ROWS] [-- twiggy args...]" >&2; exit 2 ;;
esac
