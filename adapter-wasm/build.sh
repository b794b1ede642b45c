#!/usr/bin/env bash
# Builds the rynamo-wasm JS package (Node and web targets) with the edge
# profile, shrinks the .wasm with wasm-opt, and prints the size of the .wasm
# and the JS glue, raw and gzip -9, and of the browser bundle.
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

# With the size-class allocator (src/heap.rs, feature `heap`) in place of
# std's dlmalloc: about 6 KB less wasm. It reuses freed blocks of each
# size, so repeated calls stop growing memory (tests/wasm/memory.test.mjs).
# Without std (the JS API needs none; a panic traps): std's panic machinery
# and the formatting only panics used are left out (about 1.5 KB gzip).
# As a cdylib only (`cargo rustc --crate-type`; Cargo.toml's crate type is
# rlib, for the crates that depend on this one): a lib of both crate types
# is built without LTO (rust-lang/cargo#9672), and the .wasm was 198 KB
# instead of 163 KB (79.2 -> 70.0 KB gzip), every panic's message and
# file:line kept.
cargo rustc -q -p rynamo-wasm --no-default-features --features js,heap --target wasm32-unknown-unknown \
  --profile wasm-release --crate-type cdylib
wasm="$TARGET_DIR/wasm32-unknown-unknown/wasm-release/rynamo_wasm.wasm"
rm -rf "$OUT"
wasm-bindgen --target nodejs --remove-name-section --remove-producers-section --out-dir "$OUT/node" "$wasm"
wasm-bindgen --target web --remove-name-section --remove-producers-section --out-dir "$OUT/web" "$wasm"
for target in node web; do
  # scripts/wasm-opt.sh's shared settings (it says why).
  "$ROOT/scripts/wasm-opt.sh" --minify-imports-and-exports-and-modules --strip-target-features \
    "$OUT/$target/rynamo_wasm_bg.wasm" -o "$OUT/$target/rynamo_wasm_bg.wasm" > "$OUT/$target/names.json"
  # The hashed import/export names the .wasm and its glue share, shortened
  # in the glue as binaryen shortened them in the .wasm (the edge worker's
  # minify-names.mjs says why).
  node "$ROOT/examples/worker/minify-names.mjs" "$OUT/$target/names.json" \
    "$OUT/$target/rynamo_wasm_bg.wasm" "$OUT/$target/rynamo_wasm.js"
  rm "$OUT/$target/names.json"
done
# The transport (js/fetch.js) is a wasm-bindgen snippet, an ES module the
# Node glue require()s: its copy there is rewritten as CommonJS (`export `
# dropped, a module.exports of the exported names added), with WebCrypto
# from node:crypto on a Node without the global (18).
for snippet in "$OUT"/node/snippets/*/js/fetch.js; do
  names="$(sed -n 's/^export \(async \)\{0,1\}\(function\|const\) \([A-Za-z0-9_]*\).*/\3/p' "$snippet" | paste -sd, -)"
  { echo "'use strict';"
    echo "const crypto = globalThis.crypto ?? require('node:crypto').webcrypto;"
    sed 's/^export //' "$snippet"
    echo "module.exports = { $names };"
  } > "$snippet.cjs"
  mv "$snippet.cjs" "$snippet"
  grep -q '^export\|^import' "$snippet" && { echo "build.sh: $snippet still has ES module syntax" >&2; exit 1; }
done
# The classes' named methods over their one export each (methods.js), in
# the glue itself so that everything importing it has them.
# With the reading of returned items (unmarshal.js), which defines
# fromDynamoJson, and of the values handed in (marshal.js), which the wasm
# calls as __rynamoMarshal; methods.js also defines Condition, Update and
# NumberValue.
for target in node web; do
  cat "$ROOT/adapter-wasm/js/unmarshal.js" "$ROOT/adapter-wasm/js/marshal.js" "$ROOT/adapter-wasm/js/methods.js" \
    >> "$OUT/$target/rynamo_wasm.js"
done
echo 'Object.assign(exports, { Condition, Update, NumberValue, fromDynamoJson, __registerErrorClasses });' >> "$OUT/node/rynamo_wasm.js"
echo 'export { Condition, Update, NumberValue, fromDynamoJson, __registerErrorClasses };' >> "$OUT/web/rynamo_wasm.js"
# The hand-written entry files (adapter-wasm/js/) wrap the glue: error
# classes (inlined from errors.js), one init() for every host, and the
# TypeScript types; workerd.js (the `workerd` condition) imports the .wasm
# as a module and initialises at load, as Cloudflare Workers need.
JS="$ROOT/adapter-wasm/js"
inline_errors() { sed -e "/\/\*ERRORS\*\//{r $JS/errors.js" -e 'd' -e '}' "$1" > "$2"; }
inline_errors "$JS/node.cjs" "$OUT/node.cjs"
inline_errors "$JS/web.js" "$OUT/web.js"
cp "$JS/node.mjs" "$JS/workerd.js" "$JS/rynamo.d.ts" "$OUT/"
cat > "$OUT/package.json" <<JSON
{
  "name": "rynamo",
  "version": "0.1.0",
  "description": "Rynamo: a DynamoDB object mapper in Rust/wasm, for edge runtimes, browsers and Node.",
  "license": "MIT OR Apache-2.0",
  "type": "module",
  "types": "./rynamo.d.ts",
  "exports": {
    ".": {
      "types": "./rynamo.d.ts",
      "workerd": "./workerd.js",
      "node": { "import": "./node.mjs", "require": "./node.cjs" },
      "default": "./web.js"
    },
    "./web": { "types": "./rynamo.d.ts", "default": "./web.js" },
    "./workerd": { "types": "./rynamo.d.ts", "default": "./workerd.js" }
  },
  "files": ["node", "web", "node.cjs", "node.mjs", "web.js", "workerd.js", "rynamo.d.ts"]
}
JSON
echo '{"type":"commonjs"}' > "$OUT/node/package.json"

size() { printf "%-32s %9d bytes  %8d gzip -9\n" "$1" "$(wc -c < "$2")" "$(gzip -9 -c "$2" | wc -c)"; }
echo "rynamo-wasm package sizes (profile wasm-release):"
size "web/rynamo_wasm_bg.wasm" "$OUT/web/rynamo_wasm_bg.wasm"
size "web/rynamo_wasm.js (glue)" "$OUT/web/rynamo_wasm.js"
size "node/rynamo_wasm.js (glue)" "$OUT/node/rynamo_wasm.js"
size "web.js (entry)" "$OUT/web.js"
# What a browser app ships (issue 18's measure, as lib-dynamodb's 65.9 KB
# is measured): the entry and glue bundled and minified by esbuild (pinned
# in tests/wasm/package-lock.json), plus the .wasm, each gzipped.
esbuild="$ROOT/tests/wasm/node_modules/.bin/esbuild"
[ -x "$esbuild" ] || (cd "$ROOT/tests/wasm" && npm ci --silent --no-audit --no-fund)
bundle="$(mktemp -d)"
trap 'rm -rf "$bundle"' EXIT
"$esbuild" "$OUT/web.js" --bundle --minify --format=esm --platform=browser --target=es2022 \
  --log-level=warning --outfile="$bundle/web.min.js"
size "web.js + glue (esbuild --minify)" "$bundle/web.min.js"
printf "%-32s %9s        %8d gzip -9 (wasm + minified JS, each gzipped; lib-dynamodb: 65.9 KB)\n" \
  "package total (web)" "" \
  "$(( $(gzip -9 -c "$OUT/web/rynamo_wasm_bg.wasm" | wc -c) + $(gzip -9 -c "$bundle/web.min.js" | wc -c) ))"
