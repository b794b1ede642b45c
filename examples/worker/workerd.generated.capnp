using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "loopback", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:36435", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = embed "dist/worker.mjs"),
    (name = "pkg/rynamo_worker_example_bg.wasm", wasm = embed "pkg/rynamo_worker_example_bg.wasm"),
  ],
  compatibilityDate = "2024-09-23",
  bindings = [ (name = "DYNAMODB_ENDPOINT", text = "http://127.0.0.1:50153") ],
  globalOutbound = "loopback",
);
