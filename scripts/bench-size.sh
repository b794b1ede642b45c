#!/usr/bin/env bash
# Release binary size and cold release build time of a minimal native app
# (save one item, read it back) for Rynamo and for aws-sdk-dynamodb +
# aws-config + serde_dynamo: bench/size/{rynamo-app,sdk-app}.
#
# Each app builds cold in its own target dir under target/bench-size/
# (removed first), with -j given by BENCH_SIZE_JOBS (default: all cores).
# The AWS SDK takes several minutes on two cores. Rynamo is built from a
# snapshot of the committed tree (git archive HEAD), so edits in progress
# neither break nor skew the measurement.
#
#   scripts/bench-size.sh [rynamo-app|sdk-app]...
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
jobs="${BENCH_SIZE_JOBS:-$(nproc)}"
apps=("$@")
[ ${#apps[@]} -gt 0 ] || apps=(rynamo-app sdk-app)

snapshot="$root/target/bench-size/src"
rm -rf "$snapshot"
mkdir -p "$snapshot"
git archive HEAD | tar -x -C "$snapshot"

results=()
for app in "${apps[@]}"; do
  [ -f "bench/size/$app/Cargo.toml" ] || { echo "no app bench/size/$app" >&2; exit 1; }
  # The app's path dependencies (../../../core) resolve inside the snapshot.
  mkdir -p "$snapshot/bench/size"
  rm -rf "$snapshot/bench/size/$app"
  cp -r "bench/size/$app" "$snapshot/bench/size/$app"
  dir="$snapshot/bench/size/$app"
  target="$root/target/bench-size/$app"
  rm -rf "$target"
  echo "== building $app cold (-j $jobs) into $target"
  # Fetch first so download time is not build time.
  (cd "$dir" && cargo fetch -q)
  start=$(date +%s.%N)
  (cd "$dir" && CARGO_TARGET_DIR="$target" cargo build -q --release -j "$jobs")
  end=$(date +%s.%N)
  bin="$target/release/$app"
  size=$(stat -c %s "$bin")
  strip -o "$target/$app.stripped" "$bin"
  stripped=$(stat -c %s "$target/$app.stripped")
  crates=$(cd "$dir" && cargo tree -e normal --prefix none | sed 's/ (\*)//' | sort -u | wc -l)
  results+=("$(printf '%-12s %8.1f s %10d bytes %10d bytes %6d' "$app" "$(echo "$end - $start" | bc)" "$size" "$stripped" "$crates")")
done

echo
printf '%-12s %10s %16s %16s %6s\n' app "build" "binary" "stripped" crates
printf '%s\n' "${results[@]}"
