#!/usr/bin/env bash
# The edge comparison of issue 18: builds three workers with the same routes
# (PUT /notes, GET /notes/{user}/{id}, GET /notes/{user}?min_stars=N) —
# Rynamo's examples/worker, a JS worker on @aws-sdk/client-dynamodb +
# lib-dynamodb and one on aws4fetch with hand-built JSON, both bundled and
# minified by esbuild (versions pinned in bench/edge/package-lock.json) —
# runs each in workerd against DynamoDB Local and prints shipped bytes
# (gzip -9), cold start and GET/PUT/query p50, with ratios and the targets.
# Then the Rynamo worker's cold start by stage (bench/edge/cold.mjs): what
# workerd's start, the .wasm, instantiation, the handler and the first GET
# each add, and what V8 compiled for that GET.
#   scripts/edge-bench.sh [--requests N] [--cold-rounds N] [--baseline DIR]
# --baseline DIR adds another build of the worker (a copy of
# examples/worker's worker.mjs, pkg/ and dist/ from another commit) to the
# same run, alternated with the rest.
# Uses DYNAMODB_ENDPOINT when set, else starts a DynamoDB Local of its own.
set -euo pipefail
cd "$(dirname "$0")/.."

examples/worker/build.sh >/dev/null
(cd bench/edge && npm ci --silent --no-audit --no-fund)
esbuild=bench/edge/node_modules/.bin/esbuild
mkdir -p bench/edge/out
for worker in sdk-worker aws4fetch-worker; do
  "$esbuild" "bench/edge/$worker.mjs" --bundle --minify --format=esm --platform=browser \
    --conditions=worker,browser --target=es2022 --log-level=warning --outfile="bench/edge/out/$worker.js"
done

endpoint="${DYNAMODB_ENDPOINT:-}"
if [ -z "$endpoint" ]; then
  out="$(scripts/dynamodb-local.sh start)"
  endpoint="$(sed -n 's/^endpoint=//p' <<<"$out")"
  pid="$(sed -n 's/^pid=//p' <<<"$out")"
  trap 'scripts/dynamodb-local.sh stop "$pid" >/dev/null 2>&1 || true' EXIT
fi
node bench/edge/run.mjs "$endpoint" "$@"
node bench/edge/cold.mjs "$endpoint" --compile-trace
