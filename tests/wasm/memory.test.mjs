// No unbounded growth: clients, query/scan iterators (finished, abandoned
// and ended early) and request recording stay flat over many uses.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Client, Condition } from '../../adapter-wasm/pkg/node.mjs';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

const endpoint = process.env.DYNAMODB_ENDPOINT;
const prefix = `memory-${process.pid}-${Date.now()}-`;
const config = { endpoint, credentials: { accessKeyId: 'wasm', secretAccessKey: 'local' }, tablePrefix: prefix };
const db = new Client(config);

before(async () => {
  assert.ok(endpoint, 'DYNAMODB_ENDPOINT is set by scripts/test-wasm.sh');
  await db.createTable('small', { hashKey: { name: 'pk', type: 'S' } });
  await db.batchWrite('small', { puts: [{ pk: 'a', data: 'x'.repeat(1000) }, { pk: 'b' }] });
});

// Collect garbage until finalizers (which free wasm objects) have run.
async function settle() {
  for (let i = 0; i < 6; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return process.memoryUsage();
}

async function churn(n) {
  for (let i = 0; i < n; i++) {
    const client = new Client(config);
    // Abandoned without a single next(): freed with its JS object.
    client.scan('small', { filter: Condition.eq('pk', 'a') });
    client.query('small', { key: { pk: 'a' } });
    // Ended early: return() releases its state at once.
    await client.scan('small').return();
    // Collect now and then, as a long-lived process does: what is freed is
    // reused, so only a leak can grow memory.
    if (i % 2000 === 1999) await settle();
    if (i % 500 === 0) {
      // Read to the end: released when the last page is read.
      for await (const page of client.scan('small')) assert.equal(page.items.length, 2);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

test('40,000 clients and iterators leave memory flat', async () => {
  await churn(5000); // warm up: wasm memory grows once to its working size
  const before = await settle();
  await churn(40000);
  const after = await settle();
  const rss = (after.rss - before.rss) / 1e6;
  const heap = (after.heapUsed - before.heapUsed) / 1e6;
  // Leaking each iterator's state and closures grew RSS by 180 MB and the
  // heap by 96 MB per 40,000. RSS also moves with the allocator and the
  // machine's load (30.3 MB seen once under a loaded 2-core run), so its
  // bound is a third of the leak; the heap bound is the sharper check.
  assert.ok(rss < 60, `RSS grew ${rss.toFixed(1)} MB`);
  assert.ok(heap < 10, `heap grew ${heap.toFixed(1)} MB`);
});

test('requests are not recorded unless asked for, and recording is bounded', async () => {
  const quiet = new Client(config);
  await quiet.get('small', { pk: 'a' });
  assert.deepEqual(quiet.takeRequests(), []);
  const bounded = new Client({ ...config, recordRequests: 3 });
  for (let i = 0; i < 10; i++) await bounded.get('small', { pk: `k${i}` });
  const kept = bounded.takeRequests();
  assert.deepEqual(kept.map((r) => JSON.parse(r.body).Key.pk.S), ['k7', 'k8', 'k9']);
  assert.deepEqual(bounded.takeRequests(), []);
});
