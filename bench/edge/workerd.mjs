// What the edge benchmarks (run.mjs, cold.mjs) share about running workerd:
// its binary, a free loopback port, and the CPU time it has used.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The pinned workerd binary (bench/edge/package-lock.json). */
export const workerdBin = path.join(here, 'node_modules/.bin/workerd');

/**
 * CPU time the process `pid` has used so far, all threads (Linux
 * schedstat, in ms): on a busy machine far steadier than the wall clock,
 * which also counts waiting for a core. NaN once the process is gone.
 */
export function cpuMillis(pid) {
  try {
    const tasks = readdirSync(`/proc/${pid}/task`);
    return tasks.reduce((sum, t) => sum + Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]), 0) / 1e6;
  } catch {
    return NaN;
  }
}

/** A loopback port free at the time of asking. */
export const freePort = () => new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});
