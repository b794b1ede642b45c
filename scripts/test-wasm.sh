#!/usr/bin/env bash
# The wasm tests: builds the rynamo-wasm package and runs the JS API tests
# in Node against a DynamoDB Local of their own.
set -euo pipefail
cd "$(dirname "$0")/.."

adapter-wasm/build.sh

out="$(scripts/dynamodb-local.sh start)"
endpoint="$(sed -n 's/^endpoint=//p' <<<"$out")"
pid="$(sed -n 's/^pid=//p' <<<"$out")"
trap 'scripts/dynamodb-local.sh stop "$pid" >/dev/null 2>&1 || true' EXIT

DYNAMODB_ENDPOINT="$endpoint" node --test tests/wasm/
