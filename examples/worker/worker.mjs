// workerd / Cloudflare Workers entry: hands the fetch event and the
// worker's bindings (env) to the Rust handler.
import wasmModule from './pkg/rynamo_worker_example_bg.wasm';
import { initSync, handle } from './pkg/rynamo_worker_example.js';

initSync({ module: wasmModule });

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
    // url.pathname keeps the percent-escapes; the handler decodes each segment.
    const [status, json] = await handle(env, request.method, url.pathname, url.search.slice(1), body);
    const headers = { 'content-type': 'application/json' };
    if (status === 429) headers['retry-after'] = '1';
    return new Response(json, { status, headers });
  },
};
