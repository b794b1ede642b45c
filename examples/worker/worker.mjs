// workerd entry: adapts the fetch event to the Rust handler.
import wasmModule from './pkg/rynamo_worker_example_bg.wasm';
import { initSync, handle } from './pkg/rynamo_worker_example.js';

initSync({ module: wasmModule });

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const body = request.method === 'GET' ? '' : await request.text();
    const reply = await handle(env.DYNAMODB_ENDPOINT, request.method, url.pathname, url.search.replace(/^\?/, ''), body);
    return new Response(reply.body, { status: reply.status, headers: { 'content-type': 'application/json' } });
  },
};
