// A loopback proxy that adds the CORS headers DynamoDB Local's `-cors`
// option does not send (this build answers no Access-Control-Allow-Origin
// whatever the allow-list), so the pages given with --origin can reach it.
// Only those origins: a request carrying any other Origin is refused
// before it reaches DynamoDB (403), so another web page open in the same
// browser cannot read or write the local database. Requests without an
// Origin (not from a browser page) pass. Test and workbench infrastructure
// only: real DynamoDB answers CORS itself.
//   node tests/wasm/cors-proxy.mjs TARGET_ENDPOINT --origin http://127.0.0.1:8080 [--origin …] [--port N]
//     -> prints "endpoint=http://127.0.0.1:PORT"
import http from 'node:http';

const args = process.argv.slice(2);
const target = new URL(args[0]);
const origins = new Set();
let port = 0;
for (let i = 1; i < args.length; i += 2) {
  if (args[i] === '--origin') origins.add(new URL(args[i + 1]).origin);
  else if (args[i] === '--port') port = Number(args[i + 1]);
  else throw new Error(`unknown option ${args[i]}`);
}
if (!origins.size) throw new Error('name the page origin(s) allowed: --origin http://127.0.0.1:PORT');

const cors = (origin) => ({
  'access-control-allow-origin': origin,
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'content-type, x-amz-target, x-amz-date, x-amz-security-token, x-amz-user-agent, amz-sdk-invocation-id, amz-sdk-request, authorization',
  'access-control-max-age': '600',
  vary: 'Origin',
});

const server = http.createServer((req, res) => {
  const origin = req.headers.origin;
  if (origin !== undefined && !origins.has(origin)) {
    res.writeHead(403, { 'content-type': 'text/plain', vary: 'Origin' });
    res.end(`origin ${origin} is not allowed`);
    req.resume();
    return;
  }
  const headers = origin ? cors(origin) : {};
  if (req.method === 'OPTIONS') {
    res.writeHead(204, headers);
    res.end();
    return;
  }
  const upstream = http.request(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
    (reply) => {
      res.writeHead(reply.statusCode, { ...reply.headers, ...headers });
      reply.pipe(res);
    },
  );
  upstream.on('error', () => {
    res.destroy();
  });
  req.pipe(upstream);
});

server.listen(port, '127.0.0.1', () => {
  console.log(`endpoint=http://127.0.0.1:${server.address().port}`);
});
// Handlers of its own: a script's background job starts with SIGINT ignored.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(0));
