// The npm package as users get it: `npm pack` of adapter-wasm/pkg installed
// into a fresh temporary project (offline, from the tarball), used from
// Node (import and require), bundled by esbuild, and type-checked by
// `tsc --strict`. typescript and esbuild are pinned in tests/wasm/package.json
// and installed by scripts/test-wasm.sh.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, '../../adapter-wasm/pkg');
const bin = (name) => join(here, 'node_modules/.bin', name);
const endpoint = process.env.DYNAMODB_ENDPOINT;
let project;

const run = (cmd, args, options = {}) => execFileSync(cmd, args, { cwd: project, encoding: 'utf8', env: { ...process.env, DYNAMODB_ENDPOINT: endpoint }, ...options });

before(() => {
  assert.ok(endpoint, 'DYNAMODB_ENDPOINT is set by scripts/test-wasm.sh');
  project = mkdtempSync(join(tmpdir(), 'rynamo-pkg-'));
  process.on('exit', () => rmSync(project, { recursive: true, force: true }));
  const tarball = run('npm', ['pack', '--silent', '--pack-destination', project, pkg]).trim().split('\n').at(-1);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', join(project, tarball)]);
});

const program = (importLine, init = '') => `${importLine}
${init}
const db = new Client({ endpoint: process.env.DYNAMODB_ENDPOINT, tablePrefix: 'pkg-' + process.pid + '-' });
await db.createTable('t', { hashKey: { name: 'pk', type: 'S' } });
await db.put('t', { pk: 'a', n: 1 });
try { await db.put('t', { pk: 'a' }, { condition: Condition.notExists('pk') }); } catch (e) { if (!(e instanceof ConditionalCheckFailedException)) throw e; }
console.log(JSON.stringify(await db.get('t', { pk: 'a' })));
`;

test('the packed tarball installs into a fresh project and works from Node with import and require', () => {
  writeFileSync(join(project, 'esm.mjs'), program("import init, { Client, Condition, ConditionalCheckFailedException } from 'rynamo';", 'await init();'));
  assert.equal(run('node', ['esm.mjs']).trim(), '{"n":1,"pk":"a"}');
  writeFileSync(join(project, 'cjs.cjs'), `(async () => { ${program("const { Client, Condition, ConditionalCheckFailedException } = require('rynamo');").replace(/^/, '')} })().catch((e) => { console.error(e); process.exit(1); });`);
  assert.equal(run('node', ['cjs.cjs']).trim(), '{"n":1,"pk":"a"}');
  assert.deepEqual(readdirSync(join(project, 'node_modules/rynamo')).sort(), ['node', 'node.cjs', 'node.mjs', 'package.json', 'rynamo.d.ts', 'web', 'web.js', 'workerd.js']);
});

test('esbuild bundles the browser entry, which runs once given the .wasm bytes', () => {
  writeFileSync(join(project, 'web.mjs'), program(
    "import init, { Client, Condition, ConditionalCheckFailedException } from 'rynamo/web';\nimport { readFileSync } from 'node:fs';",
    "await init({ module_or_path: readFileSync(process.argv[2]) });",
  ));
  run(bin('esbuild'), ['web.mjs', '--bundle', '--format=esm', '--platform=browser', '--external:node:fs', '--outfile=out/bundle.mjs', '--log-level=warning']);
  const wasm = join(project, 'node_modules/rynamo/web/rynamo_wasm_bg.wasm');
  assert.equal(run('node', ['out/bundle.mjs', wasm]).trim(), '{"n":1,"pk":"a"}');
});

test('the types pass tsc --strict: optional options, generic items, literal unions, typed errors', () => {
  writeFileSync(join(project, 'sample.ts'), `
import init, { Client, Condition, Update, NumberValue, ConditionalCheckFailedException, TransactionCanceledException, type Page } from 'rynamo';
interface Order { customer: string; id: string; total: number; tags?: Set<string> }
await init();
const db = new Client({ endpoint: 'http://127.0.0.1:8000', timeout: 5000, unmarshallOptions: { wrapNumbers: true } });
const order: Order | undefined = await db.get<Order>('orders', { customer: 'c', id: 'o' });
const total: number | undefined = order?.total;
await db.put('orders', { customer: 'c', id: 'o', total: 1 });
await db.update<Order>('orders', { customer: 'c', id: 'o' }, new Update().increment('total', 1), { returnValues: 'ALL_NEW' });
for await (const page of db.query<Order>('orders', { key: { customer: 'c' }, range: Condition.beginsWith('id', 'o') })) {
  const p: Page<Order> = page;
  p.items.forEach((o) => o.id.toUpperCase());
}
Condition.isType('a', 'SS').and(Condition.size('b', '>=', 2));
const n: string = JSON.stringify(new NumberValue('1.5'));
const count: number = await db.count('orders');
try { await db.delete('orders', { customer: 'c', id: 'o' }); } catch (e) {
  if (e instanceof ConditionalCheckFailedException) { const i = e.item; const s: number | undefined = e.httpStatusCode; const r: string | undefined = e.requestId; const b: boolean = e.retryable; }
  if (e instanceof TransactionCanceledException) e.reasons.map((r) => r.code);
}
// @ts-expect-error: not a return-value mode
await db.put('orders', { customer: 'c' }, { returnValues: 'EVERYTHING' });
// @ts-expect-error: not a type tag
Condition.isType('a', 'STRING');
export { total, n, count };
`);
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'dom', 'dom.asynciterable'], skipLibCheck: false, types: [] },
    files: ['sample.ts'],
  }));
  try {
    run(bin('tsc'), ['-p', '.']);
  } catch (e) {
    assert.fail(`tsc --strict failed:\n${e.stdout}${e.stderr}`);
  }
});
