// A static server on loopback for the workbench. It serves the workbench's
// own files (/www/…) and the web build of the rynamo-wasm package it
// imports (/adapter-wasm/pkg/web/…), plus /www/config.json with the default
// endpoint — and nothing else of the repository (no /.git, /target, …).
// It answers only requests addressed to a loopback name (so a web page
// cannot reach it through DNS rebinding).
//   node www/serve.mjs PORT [ENDPOINT]
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// URL prefix -> folder, and the file types served from it.
const mounts = [
  { prefix: '/www/', dir: path.join(root, 'www'), types: ['.html', '.js', '.css'] },
  { prefix: '/adapter-wasm/pkg/web/', dir: path.join(root, 'adapter-wasm/pkg/web'), types: ['.js', '.wasm'] },
];
const contentTypes = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json' };
const security = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  // Requests go to whatever endpoint the user enters, so connect-src stays open.
  'content-security-policy': "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src *; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
};
const LOOPBACK = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

/** The file a URL path names, or null when it is not one the workbench serves. */
export function fileFor(pathname) {
  let decoded;
  try { decoded = decodeURIComponent(pathname); } catch { return null; }
  if (decoded.includes('\0')) return null;
  for (const { prefix, dir, types } of mounts) {
    if (!decoded.startsWith(prefix)) continue;
    const rest = decoded.slice(prefix.length) || 'index.html';
    if (rest.split('/').some((part) => part === '' || part.startsWith('.'))) return null;
    const file = path.resolve(dir, rest);
    if (!file.startsWith(dir + path.sep) || !types.includes(path.extname(file))) return null;
    return file;
  }
  return null;
}

/** Serves the workbench on 127.0.0.1:`port` (0: any free port); `server.endpoint` is the default endpoint shown. */
export function serve(port, endpoint) {
  const server = http.createServer(async (req, res) => {
    const send = (status, headers = {}, body = '') => { res.writeHead(status, { ...security, ...headers }); res.end(body); };
    if (!LOOPBACK.test(req.headers.host || '')) return send(421, { 'content-type': 'text/plain' }, 'misdirected request');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, { allow: 'GET, HEAD' });
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/' || url.pathname === '/www') return send(302, { location: '/www/' });
    if (url.pathname === '/www/config.json') {
      return send(200, { 'content-type': contentTypes['.json'], 'cache-control': 'no-store' }, JSON.stringify({ endpoint: server.endpoint }));
    }
    const file = fileFor(url.pathname);
    if (!file) return send(404, { 'content-type': 'text/plain' }, 'not found');
    try {
      const body = await readFile(file);
      send(200, { 'content-type': contentTypes[path.extname(file)], 'cache-control': 'no-cache' }, req.method === 'HEAD' ? '' : body);
    } catch {
      send(404, { 'content-type': 'text/plain' }, 'not found');
    }
  });
  server.endpoint = endpoint;
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [port, endpoint] = process.argv.slice(2);
  const server = await serve(Number(port), endpoint);
  console.log(`workbench at http://127.0.0.1:${server.address().port}/www/`);
  // Handlers of its own: a script's background job starts with SIGINT ignored.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(0));
}
