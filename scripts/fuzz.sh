#!/usr/bin/env bash
# Fuzzes rynamo-core for a bounded time per target (not part of CI):
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 60 s, every target)
#
# Targets (fuzz/fuzz_targets/): wire_codec, responses, model_decode, number, streams.
# First replays every saved regression input (fuzz/regressions/<target>/),
# then runs each target from its seeds (fuzz/seeds/<target>/, copied into
# the git-ignored working corpus fuzz/corpus/<target>/) with a memory cap, so
# unbounded allocation fails like a panic. Crash inputs land in
# fuzz/artifacts/<target>/; minimize one with
#   CARGO_TARGET_DIR=target/fuzz cargo fuzz tmin --fuzz-dir fuzz --sanitizer none <target> <artifact>
# and keep it under fuzz/regressions/<target>/. Exits non-zero if any
# regression or target fails.
#
# Runs on stable Rust: `--sanitizer none` needs no nightly flags. Set
# FUZZ_SANITIZER=address on a nightly toolchain to add AddressSanitizer.
set -euo pipefail

cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
all_targets=(wire_codec responses model_decode number streams)
if [ "$#" -gt 0 ]; then targets=("$@"); else targets=("${all_targets[@]}"); fi
sanitizer="${FUZZ_SANITIZER:-none}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target/fuzz}"
rss_limit_mb=512

max_len() {
  case "$1" in
    number) echo 256 ;;
    *) echo 16384 ;;
  esac
}

dict() {
  case "$1" in
    number) echo fuzz/dicts/number.dict ;;
    *) echo fuzz/dicts/dynamodb.dict ;;
  esac
}

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  CARGO_TARGET_DIR="$PWD/target/cargo-install" cargo install cargo-fuzz --locked
fi

echo "== building fuzz targets (sanitizer: $sanitizer)"
cargo fuzz build --fuzz-dir fuzz --sanitizer "$sanitizer" --debug-assertions

failed=()
bin_dir="$CARGO_TARGET_DIR/$(rustc -vV | sed -n 's/^host: //p')/release"

echo "== replaying regressions"
mkdir -p fuzz/artifacts
for target in "${targets[@]}"; do
  for input in fuzz/regressions/"$target"/*; do
    [ -f "$input" ] || continue
    log="fuzz/artifacts/replay-$target-$(basename "$input").log"
    # Given a file rather than a directory, libFuzzer runs it once and stops.
    if "$bin_dir/$target" -rss_limit_mb="$rss_limit_mb" "$input" >"$log" 2>&1; then
      echo "   $input: ok"
      rm -f "$log"
    else
      echo "!! $input: fails; see $log"
      grep -m1 -A1 "panicked at" "$log" | sed 's/^/   /' || true
      failed+=("$input")
    fi
  done
done

for target in "${targets[@]}"; do
  corpus="fuzz/corpus/$target"
  artifacts="fuzz/artifacts/$target"
  mkdir -p "$corpus" "$artifacts"
  cp -n fuzz/seeds/"$target"/* "$corpus"/ 2>/dev/null || true
  log="fuzz/artifacts/$target.log"
  echo "== fuzzing $target for ${seconds}s"
  # The binaries built above, run directly: `cargo fuzz run` would rebuild
  # whenever the sources change mid-run.
  if "$bin_dir/$target" "$corpus" \
      -max_total_time="$seconds" \
      -rss_limit_mb="$rss_limit_mb" \
      -malloc_limit_mb="$rss_limit_mb" \
      -max_len="$(max_len "$target")" \
      -dict="$(dict "$target")" \
      -timeout=10 \
      -artifact_prefix="$artifacts/" \
      -print_final_stats=1 >"$log" 2>&1; then
    runs="$(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')"
    echo "   $target: ok, $runs runs, corpus $(find "$corpus" -type f | wc -l) inputs"
  else
    echo "!! $target: failed; log in $log, inputs in $artifacts/"
    grep -m1 -A1 "panicked at" "$log" | sed 's/^/   /' ||
      grep -m1 "ERROR: libFuzzer" "$log" | sed 's/^/   /' || true
    failed+=("$target")
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "all fuzz targets passed"
