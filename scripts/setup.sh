#!/usr/bin/env bash
# Installs what a fresh machine lacks for the test suite; quiet and idempotent.
#   - the wasm targets (wasm32v1-none proves the core is no_std)
#   - PynamoDB, for the interop tests
#   - moto's server, for the credential tests' STS
#   - DynamoDB Local, into ${RYNAMO_CACHE:-.cache}/dynamodb-local
# Needs rustup, python3 with pip, npm, and java 11+ to run the server.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

installed_targets="$(rustup target list --installed)"
missing_targets=()
for target in wasm32-unknown-unknown wasm32v1-none; do
  grep -qx "$target" <<<"$installed_targets" || missing_targets+=("$target")
done
if [ ${#missing_targets[@]} -gt 0 ]; then
  if ! log="$(rustup target add "${missing_targets[@]}" 2>&1)"; then
    echo "$log" >&2
    exit 1
  fi
fi

if ! python3 -c 'import pynamodb' 2>/dev/null; then
  PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check 'pynamodb>=6,<7'
fi

# moto's server: STS for the credential-chain tests (tests/src/moto.rs).
if ! python3 -c 'import moto.server, flask' 2>/dev/null; then
  PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check 'moto[server]>=5,<6'
fi

scripts/dynamodb-local.sh install >/dev/null

command -v java >/dev/null || echo "setup: java (11+) is missing; DynamoDB Local needs it to run" >&2

# Browser tests run in Debian's Chromium (never a downloaded browser).
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi
