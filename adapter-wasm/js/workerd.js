// The Cloudflare Workers / workerd entry: the package's `workerd` export
// condition, which wrangler and bundlers targeting workerd set. A worker
// cannot fetch files, so the .wasm is imported as a module (the platform
// compiles it when the worker is uploaded) and instantiated here, when the
// worker starts: `import { Client } from 'rynamo'` needs no init(), and an
// `await init()` written for browsers resolves at once.
import module from './web/rynamo_wasm_bg.wasm';
import { initSync } from './web.js';

initSync({ module });

export * from './web.js';
export default async function init() {}
