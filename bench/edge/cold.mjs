// What the Rynamo worker's cold start is made of (issue 18): the same
// spawn-to-first-200 clock as run.mjs, for workers that stop at each stage
// of starting, alternated round by round in fresh workerd processes:
//   js           an empty JS worker: workerd's own start (the floor)
//   wasm-module  + the .wasm as a module (workerd compiles it at load)
//   instantiated + the glue and initSync (instantiation, start function)
//   handled      + a first request through the Rust handler (client from
//                  env, routing, a 404 answer: no DynamoDB round trip)
//   full         the real worker: a GET through DynamoDB Local
//   aws4fetch    the aws4fetch peer's first GET, for reference
// With --compile-trace it then starts the full worker once more with V8's
// --trace-wasm-compilation-times and prints what its first GET compiled
// (V8 compiles wasm lazily, function by function, on first call).
// Needs bench/edge/out/ from scripts/edge-bench.sh (or its build steps).
// --stages js,full,... times only those stages; --baseline DIR adds the full
// first GET of another build (stage "baseline"), e.g.
//   node bench/edge/cold.mjs ENDPOINT --stages full,baseline,aws4fetch --rounds 40 --baseline /tmp/main-worker
//   node bench/edge/cold.mjs ENDPOINT [--rounds N] [--rynamo-dir DIR] [--baseline DIR] [--stages LIST] [--compile-trace]
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { cpuMillis, freePort, workerdBin } from './workerd.mjs';
import { AwsClient } from 'aws4fetch';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'out', 'cold');
const args = process.argv.slice(2);
const endpoint = args[0];
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i < 0 ? fallback : args[i + 1];
};
const rounds = Number(option('--rounds', 9));
const rynamoDir = option('--rynamo-dir', path.join(here, '../../examples/worker'));
const prefix = `edgecold${Date.now()}_`;
const env = { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', DYNAMODB_ENDPOINT: endpoint, TABLE_PREFIX: prefix };

mkdirSync(path.join(out, 'pkg'), { recursive: true });
// The glue imports rynamo-wasm's JS (wasm-bindgen snippets: pkg/snippets/*/js/fetch.js).
const snippetDir = path.join(rynamoDir, 'pkg/snippets');
const snippets = existsSync(snippetDir)
  ? readdirSync(snippetDir, { recursive: true }).filter((f) => f.endsWith('.js')).map((f) => path.join('pkg/snippets', f))
  : [];
for (const file of ['pkg/rynamo_worker_example.js', 'pkg/rynamo_worker_example_bg.wasm', ...snippets]) {
  mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
  copyFileSync(path.join(rynamoDir, file), path.join(out, file));
}
// The shipped entry: build.sh's bundle (worker.mjs + glue), else worker.mjs.
const bundle = path.join(rynamoDir, 'dist/worker.mjs');
const bundled = existsSync(bundle);
copyFileSync(bundled ? bundle : path.join(rynamoDir, 'worker.mjs'), path.join(out, 'worker.mjs'));
copyFileSync(path.join(here, 'out/aws4fetch-worker.js'), path.join(out, 'aws4fetch.mjs'));
const ok = 'return new Response("{}", { headers: { "content-type": "application/json" } });';
const stages = {
  js: `export default { async fetch() { ${ok} } };`,
  'wasm-module': `import m from './pkg/rynamo_worker_example_bg.wasm';\nglobalThis.m = m;\nexport default { async fetch() { ${ok} } };`,
  instantiated: `import m from './pkg/rynamo_worker_example_bg.wasm';\nimport { initSync } from './pkg/rynamo_worker_example.js';\ninitSync({ module: m });\nexport default { async fetch() { ${ok} } };`,
  // The real entry, asked for a route that does not exist: the handler runs
  // (client from env, routing) without a DynamoDB round trip.
  handled: null,
  full: null,
  aws4fetch: null,
};
const wasmModules = ['(name = "pkg/rynamo_worker_example_bg.wasm", wasm = embed "pkg/rynamo_worker_example_bg.wasm")',
  '(name = "pkg/rynamo_worker_example.js", esModule = embed "pkg/rynamo_worker_example.js")',
  ...snippets.map((f) => `(name = "${f}", esModule = embed "${f}")`)];
function writeConfig(config, modules) {
  const bindings = Object.entries(env).map(([k, v]) => `(name = "${k}", text = "${v}")`).join(', ');
  writeFileSync(config, `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker), (name = "loopback", network = (allow = ["public", "private", "local"])) ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ ${modules.join(', ')} ],
  compatibilityDate = "2024-09-23",
  bindings = [ ${bindings} ],
  globalOutbound = "loopback",
);
`);
}
const workers = Object.entries(stages).map(([name, source]) => {
  let main = `${name}.mjs`;
  if (source !== null) writeFileSync(path.join(out, main), source);
  if (name === 'handled' || name === 'full') main = 'worker.mjs';
  if (name === 'aws4fetch') main = 'aws4fetch.mjs';
  const wasm = name === 'js' || name === 'aws4fetch' ? [] : main === 'worker.mjs' && bundled ? wasmModules.slice(0, 1) : wasmModules;
  const modules = [`(name = "main.mjs", esModule = embed "${main}")`, ...wasm];
  // The entry imports './pkg/...' relative to itself, so it is named at the root.
  if (main === 'worker.mjs') modules[0] = '(name = "worker.mjs", esModule = embed "worker.mjs")';
  const config = path.join(out, `${name}.capnp`);
  writeConfig(config, modules);
  const route = name === 'handled' ? '/no/such/route/here' : '/notes/seed/n0';
  const expect = name === 'handled' ? 404 : 200;
  return { name, config, route, expect, colds: [] };
});

// --baseline DIR: another build's full first GET (a copy of examples/worker
// from another commit), alternated with the stages: on a busy machine only
// builds timed in the same run compare.
const baselineDir = option('--baseline', null);
if (baselineDir) {
  const files = existsSync(path.join(baselineDir, 'dist/worker.mjs'))
    ? [['worker.mjs', 'dist/worker.mjs', 'esModule'], ['pkg/rynamo_worker_example_bg.wasm', 'pkg/rynamo_worker_example_bg.wasm', 'wasm']]
    : [['worker.mjs', 'worker.mjs', 'esModule'], ['pkg/rynamo_worker_example.js', 'pkg/rynamo_worker_example.js', 'esModule'], ['pkg/rynamo_worker_example_bg.wasm', 'pkg/rynamo_worker_example_bg.wasm', 'wasm']];
  mkdirSync(path.join(out, 'baseline/pkg'), { recursive: true });
  for (const [name, file] of files) copyFileSync(path.join(baselineDir, file), path.join(out, 'baseline', name));
  const config = path.join(out, 'baseline.capnp');
  writeConfig(config, files.map(([name, , kind]) => `(name = "${name}", ${kind} = embed "baseline/${name}")`));
  workers.push({ name: 'baseline', config, route: '/notes/seed/n0', expect: 200, colds: [] });
}

async function cold(w, onOutput) {
  const port = await freePort();
  const began = performance.now();
  const child = spawn(workerdBin, ['serve', w.config, '--socket-addr', `http=127.0.0.1:${port}`], { stdio: ['ignore', onOutput ? 'pipe' : 'ignore', 'inherit'] });
  if (onOutput) child.stdout.on('data', onOutput);
  try {
    for (;;) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}${w.route}`);
        const body = await r.text();
        if (r.status !== w.expect) throw new Error(`${w.name}: gave ${r.status} ${body}`);
        return { wall: performance.now() - began, cpu: cpuMillis(child.pid) };
      } catch (e) {
        if (e.message.startsWith(w.name) || performance.now() - began > 20000) throw e;
        await new Promise((r) => setTimeout(r, 2));
      }
    }
  } finally {
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill();
    });
  }
}

const aws = new AwsClient({ accessKeyId: 'bench', secretAccessKey: 'bench', region: 'us-east-1', service: 'dynamodb' });
for (const [action, body] of [
  ['CreateTable', { TableName: `${prefix}notes`, AttributeDefinitions: [{ AttributeName: 'user', AttributeType: 'S' }, { AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'user', KeyType: 'HASH' }, { AttributeName: 'id', KeyType: 'RANGE' }], BillingMode: 'PAY_PER_REQUEST' }],
  ['PutItem', { TableName: `${prefix}notes`, Item: { user: { S: 'seed' }, id: { S: 'n0' }, text: { S: 'seed' }, stars: { N: '3' } } }],
]) {
  const r = await aws.fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${action}` }, body: JSON.stringify(body) });
  if (r.status !== 200) throw new Error(`${action}: ${r.status} ${await r.text()}`);
}
const timed = workers.filter((w) => option('--stages', workers.map((x) => x.name).join(',')).split(',').includes(w.name));
for (let round = 0; round < rounds; round++) {
  for (const w of round % 2 ? [...timed].reverse() : timed) {
    const { wall, cpu } = await cold(w);
    w.colds.push(wall);
    (w.cpus ??= []).push(cpu);
  }
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
console.log(`\nCold start by stage, spawn to first answer, and workerd's CPU time until then (median of ${rounds}, alternated):\n`);
console.log('| stage | cold start | added by the stage | workerd CPU | CPU added by the stage |');
console.log('|---|---|---|---|---|');
let previous = null;
for (const w of timed) {
  const m = median(w.colds);
  const cpu = median(w.cpus);
  const apart = w.name === 'aws4fetch' || w.name === 'baseline';
  const added = (x, y) => (previous === null || apart ? '' : `${(x - y).toFixed(1)} ms`);
  console.log(`| ${w.name} | ${m.toFixed(1)} ms | ${added(m, previous?.wall)} | ${cpu.toFixed(1)} ms | ${added(cpu, previous?.cpu)} |`);
  if (!apart) previous = { wall: m, cpu };
}
if (args.includes('--compile-trace')) {
  const full = workers.find((w) => w.name === 'full');
  const traced = { ...full, name: 'full, traced', config: full.config.replace(/\.capnp$/, '-trace.capnp') };
  writeFileSync(traced.config, readFileSync(full.config, 'utf8').replace('const config :Workerd.Config = (', 'const config :Workerd.Config = (\n  v8Flags = ["--trace-wasm-compilation-times"],'));
  let output = '';
  await cold(traced, (chunk) => { output += chunk; });
  await new Promise((r) => setTimeout(r, 100));
  // "Compiled function 0x…#110 using Liftoff, took 15291 μs and 1726224 bytes; bodysize 33013 codesize 161316"
  const compiled = [...output.matchAll(/Compiled function \S+#(\d+) using (\w+), took (\d+) μs.*?bodysize (\d+)/g)]
    .map(([, index, tier, micros, body]) => ({ index: Number(index), tier, ms: Number(micros) / 1000, body: Number(body) }));
  const total = compiled.reduce((sum, f) => sum + f.ms, 0);
  console.log(`\nThe first GET compiled ${compiled.length} wasm functions in ${total.toFixed(1)} ms; the slowest:\n`);
  console.log('| function index | tier | wasm bytes | compile time |');
  console.log('|---|---|---|---|');
  for (const f of compiled.sort((a, b) => b.ms - a.ms).slice(0, 5)) console.log(`| #${f.index} | ${f.tier} | ${f.body} | ${f.ms.toFixed(2)} ms |`);
}
