#!/usr/bin/env bash
# DynamoDB Local (1.25.1, from the npm package amplify-dynamodb-simulator@2.9.30).
#
#   scripts/dynamodb-local.sh install
#       installs into ${RYNAMO_CACHE:-<repo>/.cache}/dynamodb-local (once) and
#       prints that dir
#   scripts/dynamodb-local.sh start [--port N] [--cors [ORIGINS]]
#       starts one in memory on 127.0.0.1 (a free port unless --port), waits
#       until it answers, prints `endpoint=http://127.0.0.1:N` and `pid=P`
#   scripts/dynamodb-local.sh stop PID
#
# What the server does, as found by trying it:
# - Every request needs an `Authorization` header holding
#   `Credential=<key>/<date>/<region>...`: none gives 400
#   MissingAuthenticationToken, fewer than three `/` parts a 500. The
#   signature is never checked.
# - Without -sharedDb it keeps one database per access key id and region
#   (the first and third parts of Credential=). We pass -sharedDb so Rust,
#   PynamoDB and the wasm tests see the same tables whatever credentials and
#   region each is configured with.
# - -cors takes a comma-separated allow-list that is matched literally
#   against the request's Origin: `-cors '*'` (and the default) allow no
#   browser origin, only a request whose Origin is the text `*`. Pass the
#   page's exact origin (for example `--cors http://127.0.0.1:8080`).
# - It listens on all interfaces (there is no host option), and when the
#   port is taken it logs "Failed to bind" but keeps running.
# - It writes dynamodb-local-metadata.json into its working directory and
#   calls AWS (Cognito, Pinpoint) for telemetry unless DDB_LOCAL_TELEMETRY=0;
#   -disableTelemetry alone still writes the file. So it runs in the cache
#   dir with both set.
set -euo pipefail

PACKAGE="amplify-dynamodb-simulator@2.9.30"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${RYNAMO_CACHE:-$ROOT/.cache}"
DIR="$CACHE/dynamodb-local"
START_TIMEOUT=60

die() { echo "dynamodb-local: $*" >&2; exit 1; }

install() {
  if [ -f "$DIR/DynamoDBLocal.jar" ]; then
    echo "$DIR"
    return
  fi
  command -v npm >/dev/null || die "npm is needed to install DynamoDB Local"
  mkdir -p "$CACHE"
  # Two test processes may install at once: the lock makes the second wait
  # and then find the jar; the staging dir beside $DIR makes the final
  # rename atomic.
  if command -v flock >/dev/null; then
    exec 9>"$CACHE/.dynamodb-local.lock"
    flock 9
    if [ -f "$DIR/DynamoDBLocal.jar" ]; then
      echo "$DIR"
      return
    fi
  fi
  local staging
  staging="$(mktemp -d "$CACHE/.dynamodb-local.XXXXXX")"
  trap 'rm -rf "$staging"' EXIT
  if ! (cd "$staging" && npm pack --silent "$PACKAGE" >npm.log 2>&1); then
    cat "$staging/npm.log" >&2
    die "npm pack $PACKAGE failed"
  fi
  tar xzf "$staging"/amplify-dynamodb-simulator-*.tgz -C "$staging" package/emulator
  [ -f "$staging/package/emulator/DynamoDBLocal.jar" ] || die "$PACKAGE has no emulator/DynamoDBLocal.jar"
  rm -rf "$DIR" # a broken earlier install, if any: it has no jar
  mv "$staging/package/emulator" "$DIR"
  rm -rf "$staging"
  trap - EXIT
  echo "$DIR"
}

# Whether process $1 runs (a zombie, which a container's init may never reap,
# counts as gone).
alive() {
  kill -0 "$1" 2>/dev/null || return 1
  ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("0.0.0.0", 0)); print(s.getsockname()[1])'
}

# Whether ListTables on port $1 gets an HTTP 200.
answers() {
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST "http://127.0.0.1:$1/" \
    -H 'Content-Type: application/x-amz-json-1.0' \
    -H 'X-Amz-Target: DynamoDB_20120810.ListTables' \
    -H 'Authorization: AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00' \
    -d '{}')" || true
  [ "$code" = 200 ]
}

start() {
  local port="" cors=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --port)
        [ $# -ge 2 ] || die "--port needs a number"
        port="$2"
        shift 2
        ;;
      --cors)
        if [ $# -ge 2 ] && [ "${2#--}" = "$2" ]; then
          cors=(-cors "$2")
          shift 2
        else
          cors=(-cors '*')
          shift
        fi
        ;;
      *) die "unknown option $1" ;;
    esac
  done
  install >/dev/null
  command -v java >/dev/null || die "java (11+) is needed to run DynamoDB Local"
  command -v curl >/dev/null || die "curl is needed to see when DynamoDB Local is up"
  if [ -z "$port" ]; then
    command -v python3 >/dev/null || die "python3 is needed to pick a free port (or pass --port)"
    port="$(free_port)"
  fi
  # Otherwise the wait below would take whatever answers there for ours.
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port is in use"
  fi
  local log="$CACHE/dynamodb-local-$port.log"
  # The subshell execs nohup, which execs java: $! is java's pid.
  (cd "$CACHE" && DDB_LOCAL_TELEMETRY=0 exec nohup java -Djava.library.path="$DIR/DynamoDBLocal_lib" \
    -jar "$DIR/DynamoDBLocal.jar" -inMemory -sharedDb -disableTelemetry -port "$port" "${cors[@]}" \
    </dev/null >"$log" 2>&1) &
  local pid=$!
  local deadline=$((SECONDS + START_TIMEOUT))
  until answers "$port"; do
    # A failed bind leaves the JVM running, so the log is the sign.
    if ! alive "$pid" || grep -q 'Failed to bind' "$log"; then
      kill "$pid" 2>/dev/null || true
      echo "dynamodb-local: DynamoDB Local failed to start; end of $log:" >&2
      tail -n 20 "$log" >&2
      exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      kill "$pid" 2>/dev/null || true
      echo "dynamodb-local: DynamoDB Local did not answer on port $port within ${START_TIMEOUT} s; end of $log:" >&2
      tail -n 20 "$log" >&2
      exit 1
    fi
    sleep 0.2
  done
  echo "endpoint=http://127.0.0.1:$port"
  echo "pid=$pid"
}

stop() {
  local pid="${1:?usage: $0 stop PID}"
  alive "$pid" || die "no process $pid"
  if [ -r "/proc/$pid/cmdline" ] && ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q DynamoDBLocal.jar; then
    die "process $pid is not DynamoDB Local"
  fi
  kill "$pid"
  local deadline=$((SECONDS + 10))
  while alive "$pid"; do
    [ "$SECONDS" -lt "$deadline" ] || die "process $pid still running 10 s after SIGTERM"
    sleep 0.1
  done
}

case "${1:-}" in
  install) install ;;
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 install | start [--port N] [--cors [ORIGINS]] | stop PID" >&2; exit 2 ;;
esac
