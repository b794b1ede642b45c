#!/usr/bin/env bash
# Serves the workbench: builds the wasm package, starts DynamoDB Local (with
# a CORS proxy on loopback that answers only the workbench's own origin) and
# the workbench's static server, and prints the URL.
#   scripts/www.sh [PORT]      (default 8080)
# Ctrl-C (SIGINT), SIGTERM or SIGHUP stops everything it started.
# WWW_NO_BUILD=1 skips setup and the package build (already built).
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-8080}"
[[ "$port" =~ ^[1-9][0-9]*$ ]] || { echo "www.sh: PORT must be a port number" >&2; exit 2; }

children=()
ddb_pid=""
cleanup() {
  trap - EXIT INT TERM HUP
  for child in "${children[@]}"; do kill "$child" 2>/dev/null || true; done
  if [ -n "$ddb_pid" ]; then scripts/dynamodb-local.sh stop "$ddb_pid" >/dev/null 2>&1 || true; fi
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

if [ -z "${WWW_NO_BUILD:-}" ]; then
  scripts/setup.sh
  adapter-wasm/build.sh >/dev/null
fi
out="$(scripts/dynamodb-local.sh start)"
endpoint="$(sed -n 's/^endpoint=//p' <<<"$out")"
ddb_pid="$(sed -n 's/^pid=//p' <<<"$out")"
echo "DynamoDB Local at $endpoint (pid $ddb_pid)"

exec 3< <(exec node tests/wasm/cors-proxy.mjs "$endpoint" --origin "http://127.0.0.1:$port" --origin "http://localhost:$port")
children+=("$!")
read -r line <&3
echo "CORS proxy at ${line#endpoint=} (pid ${children[0]})"

node www/serve.mjs "$port" "${line#endpoint=}" &
children+=("$!")
# `wait` returns when a trapped signal arrives, so the traps run at once.
wait "${children[1]}"
