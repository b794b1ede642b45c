// A loopback proxy that adds the CORS headers DynamoDB Local's `-cors`
// option does not send (this build answers no Access-Control-Allow-Origin
// whatever the allow-list), so browser pages can reach it. Test
// infrastructure only: real DynamoDB answers CORS itself.
//   node tests/wasm/cors-proxy.mjs TARGET_ENDPOINT   -> prints "endpoint=http://127.0.0.1:PORT"
import http from 'node:http';

const target = new URL(process.argv[2]);
const cors = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'content-type, x-amz-target, x-amz-date, x-amz-security-token, authorization',
  'access-control-max-age': '600',
};

const server = http.createServer((req, res) => {
  if (req.method === 'OPTIONS') {
    res.writeHead(204, cors);
    res.end();
    return;
  }
  const upstream = http.request(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
    (reply) => {
      res.writeHead(reply.statusCode, { ...reply.headers, ...cors });
      reply.pipe(res);
    },
  );
  upstream.on('error', () => {
    res.destroy();
  });
  req.pipe(upstream);
});

server.listen(0, '127.0.0.1', () => {
  console.log(`endpoint=http://127.0.0.1:${server.address().port}`);
});
