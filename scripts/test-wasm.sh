#!/usr/bin/env bash
# The wasm tests: builds the rynamo-wasm JS package and the edge worker
# example, then runs Rust model scenarios in headless Chromium, the JS API
# tests in Node, the worker in workerd and the www/ workbench end to end in
# Chromium, against a DynamoDB Local of their own.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET_DIR="${CARGO_TARGET_DIR:-$(pwd)/target}"

adapter-wasm/build.sh

examples/worker/build.sh
(cd examples/worker && npm ci --silent --no-audit --no-fund)
(cd tests/www && npm ci --silent --no-audit --no-fund)
# typescript and esbuild for the JS package's types and bundler tests.
(cd tests/wasm && npm ci --silent --no-audit --no-fund)

out="$(scripts/dynamodb-local.sh start)"
endpoint="$(sed -n 's/^endpoint=//p' <<<"$out")"
pid="$(sed -n 's/^pid=//p' <<<"$out")"
trap 'scripts/dynamodb-local.sh stop "$pid" >/dev/null 2>&1 || true' EXIT

# The same Rust model scenarios in headless Chromium (Debian's, never a
# downloaded browser; flags in adapter-wasm/webdriver.json), through a
# loopback proxy that adds the CORS headers DynamoDB Local leaves out.
# (The signature covers the Host header, which the proxy rewrites, and
# DynamoDB Local does not verify signatures.)
# The proxy answers only the test runner's page, so the runner gets a known port.
runner_address="127.0.0.1:$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
exec 3< <(node tests/wasm/cors-proxy.mjs "$endpoint" --origin "http://$runner_address")
proxy_pid=$!
read -r line <&3
browser_endpoint="${line#endpoint=}"
trap 'kill "$proxy_pid" 2>/dev/null; scripts/dynamodb-local.sh stop "$pid" >/dev/null 2>&1 || true' EXIT
(cd adapter-wasm && DYNAMODB_ENDPOINT="$browser_endpoint" CHROMEDRIVER=/usr/bin/chromedriver \
  WASM_BINDGEN_TEST_ADDRESS="$runner_address" \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p rynamo-wasm --target wasm32-unknown-unknown --test browser)

# The JS API in Node, the worker in workerd, and the workbench (www/)
# end to end in Chromium driven by playwright-core.
DYNAMODB_ENDPOINT="$endpoint" node --test tests/wasm/ tests/www/

# The edge comparison (issue 18): the example worker against the AWS SDK
# and aws4fetch workers in workerd; prints the table and the targets.
DYNAMODB_ENDPOINT="$endpoint" scripts/edge-bench.sh --requests 200
