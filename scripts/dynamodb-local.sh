#!/usr/bin/env bash
# DynamoDB Local from the npm package amplify-dynamodb-simulator@2.9.30.
#   scripts/dynamodb-local.sh install              installs into the cache, prints the dir
#   scripts/dynamodb-local.sh start [--port N] [--cors]
#                                                  starts one in memory, prints endpoint= and pid=
#   scripts/dynamodb-local.sh stop PID
set -euo pipefail

PACKAGE="amplify-dynamodb-simulator@2.9.30"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${RYNAMO_CACHE:-$ROOT/.cache}"
DIR="$CACHE/dynamodb-local"

install() {
  if [ -f "$DIR/DynamoDBLocal.jar" ]; then
    echo "$DIR"
    return
  fi
  command -v npm >/dev/null || { echo "npm is needed to install DynamoDB Local" >&2; exit 1; }
  local tmp
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$PACKAGE" >/dev/null 2>&1) || { echo "npm pack $PACKAGE failed" >&2; exit 1; }
  tar xzf "$tmp"/amplify-dynamodb-simulator-*.tgz -C "$tmp"
  mkdir -p "$CACHE"
  rm -rf "$DIR.partial"
  mv "$tmp/package/emulator" "$DIR.partial"
  mv "$DIR.partial" "$DIR"
  rm -rf "$tmp"
  echo "$DIR"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  local port="" cors=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --port) port="$2"; shift 2 ;;
      --cors) cors=(-cors '*'); shift ;;
      *) echo "unknown option $1" >&2; exit 2 ;;
    esac
  done
  install >/dev/null
  command -v java >/dev/null || { echo "java (17+) is needed to run DynamoDB Local" >&2; exit 1; }
  [ -n "$port" ] || port="$(free_port)"
  local log="$CACHE/dynamodb-local-$port.log"
  # -sharedDb: one database whatever the credentials and region, so
  # PynamoDB, the wasm tests and Rust all see the same tables.
  nohup java -Djava.library.path="$DIR/DynamoDBLocal_lib" -jar "$DIR/DynamoDBLocal.jar" \
    -inMemory -sharedDb -port "$port" "${cors[@]}" >"$log" 2>&1 &
  local pid=$!
  local endpoint="http://127.0.0.1:$port"
  for _ in $(seq 1 120); do
    if curl -s -o /dev/null -X POST "$endpoint" \
      -H 'Content-Type: application/x-amz-json-1.0' \
      -H 'X-Amz-Target: DynamoDB_20120810.ListTables' \
      -H 'Authorization: AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00' \
      -d '{}'; then
      echo "endpoint=$endpoint"
      echo "pid=$pid"
      return
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "DynamoDB Local exited; log:" >&2
      tail -20 "$log" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "DynamoDB Local did not answer within 60 s; log:" >&2
  tail -20 "$log" >&2
  kill "$pid" 2>/dev/null || true
  exit 1
}

case "${1:-}" in
  install) install ;;
  start) shift; start "$@" ;;
  stop) kill "${2:?pid}" ;;
  *) echo "usage: $0 install | start [--port N] [--cors] | stop PID" >&2; exit 2 ;;
esac
