# workerd config for running the worker locally (see README "The edge
# worker"): bindings come from the environment of the workerd process, the
# socket's address from `--socket-addr http=HOST:PORT`.
#   AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local \
#   DYNAMODB_ENDPOINT=http://127.0.0.1:8000 \
#   node_modules/.bin/workerd serve config.capnp --socket-addr http=127.0.0.1:8787
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    # DynamoDB Local on loopback as well as AWS.
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:8787", http = (), service = "main") ],
);

const worker :Workerd.Worker = (
  modules = [
    # worker.mjs bundled with the wasm-bindgen glue by build.sh.
    (name = "worker.mjs", esModule = embed "dist/worker.mjs"),
    (name = "pkg/rynamo_worker_example_bg.wasm", wasm = embed "pkg/rynamo_worker_example_bg.wasm"),
  ],
  compatibilityDate = "2024-09-23",
  bindings = [
    (name = "AWS_REGION", fromEnvironment = "AWS_REGION"),
    (name = "AWS_ACCESS_KEY_ID", fromEnvironment = "AWS_ACCESS_KEY_ID"),
    (name = "AWS_SECRET_ACCESS_KEY", fromEnvironment = "AWS_SECRET_ACCESS_KEY"),
    (name = "AWS_SESSION_TOKEN", fromEnvironment = "AWS_SESSION_TOKEN"),
    (name = "DYNAMODB_ENDPOINT", fromEnvironment = "DYNAMODB_ENDPOINT"),
    (name = "TABLE_PREFIX", fromEnvironment = "TABLE_PREFIX"),
  ],
  globalOutbound = "internet",
);
