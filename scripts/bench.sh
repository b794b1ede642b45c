#!/usr/bin/env bash
# Rynamo's benchmarks (release build), against a DynamoDB Local that the
# harness starts unless DYNAMODB_ENDPOINT is set:
#
#   scripts/bench.sh                           workload (2000 items) + codec
#   scripts/bench.sh workload --items 2000     Rynamo vs aws-sdk-dynamodb + serde_dynamo vs floor
#   scripts/bench.sh codec --iterations 200000 PutItem body / GetItem response codecs
#   scripts/bench.sh scan-rss --items 100000   peak RSS while streaming a large scan
#   scripts/bench.sh concurrency               get/update/save at 1, 8, 32, 128 in flight (canned + DynamoDB Local)
#   scripts/bench.sh concurrency --servers canned --ops 5000 --rounds 5
#
# The `peers` feature brings in the AWS SDK, so CI's workspace build never
# compiles it. For binary size and build time see scripts/bench-size.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo run --release -q -p rynamo-bench --features peers -- "$@"
