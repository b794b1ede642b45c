#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what a fresh machine lacks,
# checks formatting and lints, proves the core builds without std, and runs
# every test (native integration tests start DynamoDB Local themselves).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "setup"
scripts/setup.sh

step "format"
cargo fmt --all -- --check

step "no-std and wasm builds of the core"
cargo build -q -p rynamo-core --no-default-features --target wasm32v1-none
cargo build -q -p rynamo-core --no-default-features --features tracing,stream --target wasm32v1-none
cargo build -q -p rynamo-core --no-default-features --target wasm32-unknown-unknown
cargo build -q -p rynamo-wasm --target wasm32-unknown-unknown

step "clippy"
cargo clippy -q --workspace --all-targets -- -D warnings
# The aws-config bridge: builds with its feature, and pulls no aws-config in.
cargo clippy -q -p rynamo-native --features aws-config --all-targets -- -D warnings
if cargo tree -p rynamo-native --features aws-config -e normal | grep -q ' aws-config v'; then
  echo "rynamo-native must not depend on aws-config" >&2
  exit 1
fi
cargo clippy -q -p rynamo-wasm -p rynamo-worker-example --target wasm32-unknown-unknown --all-targets -- -D warnings

step "tests"
cargo test --workspace
cargo test -q -p rynamo-native --features aws-config --lib credentials::aws_config

if [ -x scripts/test-wasm.sh ]; then
  step "wasm tests (Chromium, Node, workerd)"
  scripts/test-wasm.sh
fi
