#!/usr/bin/env bash
# Serves the workbench: builds the wasm package, starts DynamoDB Local (with
# a CORS proxy on loopback) and a static server, and prints the URL.
#   scripts/www.sh [PORT]      (default 8080; Ctrl-C stops everything)
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-8080}"
scripts/setup.sh
adapter-wasm/build.sh >/dev/null
out="$(scripts/dynamodb-local.sh start)"
endpoint="$(sed -n 's/^endpoint=//p' <<<"$out")"
pid="$(sed -n 's/^pid=//p' <<<"$out")"
exec 3< <(node tests/wasm/cors-proxy.mjs "$endpoint")
proxy_pid=$!
read -r line <&3
trap 'kill "$proxy_pid" 2>/dev/null; scripts/dynamodb-local.sh stop "$pid" >/dev/null 2>&1 || true' EXIT
node www/serve.mjs "$port" "${line#endpoint=}"
