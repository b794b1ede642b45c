#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what a fresh machine lacks,
# checks formatting and lints, proves the core builds without std, and runs
# every test (native integration tests start DynamoDB Local themselves).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s (%s)\n' "$*" "$(date -u +%T)"; }

step "setup"
scripts/setup.sh

step "format"
cargo fmt --all -- --check

step "no-std and wasm builds of the core"
cargo build -q --locked -p rynamo-core --no-default-features --target wasm32v1-none
cargo build -q --locked -p rynamo-core --no-default-features --features tracing,stream --target wasm32v1-none
cargo build -q --locked -p rynamo-core --no-default-features --target wasm32-unknown-unknown
cargo build -q --locked -p rynamo-wasm --target wasm32-unknown-unknown
# The edge worker's rynamo-wasm (no std, its own allocator) on a target with no std to leak in.
cargo build -q --locked -p rynamo-wasm --no-default-features --features heap --target wasm32v1-none
# The JS package's rynamo-wasm (the JS API without std, adapter-wasm/build.sh), likewise.
cargo build -q --locked -p rynamo-wasm --no-default-features --features js,heap --target wasm32v1-none

step "rynamo-core feature combinations"
# Each feature alone, the pairs that interact, and all of them: what a
# user can pick (cargo-hack's powerset would be 64 builds).
for features in "" std derive fast-decode serde-json stream tracing adaptive-retry hooks \
  derive,fast-decode derive,serde-json std,serde-json \
  std,derive,fast-decode,serde-json,stream,tracing,adaptive-retry,hooks; do
  cargo check -q --locked -p rynamo-core --no-default-features --features "$features"
done

step "clippy"
cargo clippy -q --locked --workspace --all-targets -- -D warnings
# The aws-config bridge: builds with its feature, and pulls no aws-config in.
cargo clippy -q --locked -p rynamo-native --features aws-config --all-targets -- -D warnings
if cargo tree --locked -p rynamo-native --features aws-config -e normal | grep -q ' aws-config v'; then
  echo "rynamo-native must not depend on aws-config" >&2
  exit 1
fi
cargo clippy -q --locked -p rynamo-wasm -p rynamo-worker-example --target wasm32-unknown-unknown --all-targets -- -D warnings
cargo clippy -q --locked -p rynamo-wasm --no-default-features --features js,heap --target wasm32-unknown-unknown -- -D warnings

step "docs (broken intra-doc links fail)"
RUSTDOCFLAGS="-D warnings" cargo doc -q --locked --no-deps --workspace

step "tests"
cargo test --locked --workspace
cargo test -q --locked -p rynamo-native --features aws-config --lib credentials::aws_config

step "fuzz regression inputs, replayed as ordinary tests"
cargo test -q --locked --manifest-path fuzz/Cargo.toml --test regressions

if [ -x scripts/test-wasm.sh ]; then
  step "wasm tests (Chromium, Node, workerd)"
  scripts/test-wasm.sh
fi

step "done"
