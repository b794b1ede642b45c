#!/usr/bin/env bash
# Installs what a fresh machine lacks for the test suite; quiet and idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

installed_targets="$(rustup target list --installed)"
for target in wasm32-unknown-unknown wasm32v1-none; do
  if ! grep -qx "$target" <<<"$installed_targets"; then
    rustup target add wasm32-unknown-unknown wasm32v1-none >/dev/null
    break
  fi
done

if ! python3 -c 'import pynamodb' 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check 'pynamodb>=6,<7'
fi

scripts/dynamodb-local.sh install >/dev/null
