// A hub for the failover drill: the compiled core (CORE_PATH) on the drill's Redis (Sentinel),
// an HTTP endpoint that enqueues (200 = acknowledged to the sender, 503 = busy), and a consumer
// that delivers every message to the drill's receiver over HTTP. SIGKILLed / SIGSTOPped by the drill.
import { createServer, request } from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const core = require(process.env.CORE_PATH);
const cfg = JSON.parse(process.env.HUB_CONFIG);

const deliver = (body) =>
  new Promise((resolve) => {
    const req = request(cfg.receiverUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200 ? { kind: 'accepted' } : { kind: 'retryable', reason: `HTTP ${res.statusCode}` }));
    });
    req.on('error', (err) => resolve({ kind: 'retryable', reason: err.message }));
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end(JSON.stringify(body));
  });

let fwd;
for (;;) {
  try {
    fwd = await core.Forwarder.create({
      redis: cfg.redis,
      prefix: cfg.prefix,
      durability: cfg.durability,
      defaults: { maxAttempts: 1000, backoff: { initialMs: 100, factor: 2, maxMs: 1000, jitter: 0.2 } },
    });
    break;
  } catch (err) {
    await new Promise((r) => setTimeout(r, 200));
  }
}
fwd.on('error', () => undefined);
const consumer = fwd.consume(cfg.destination, (d) => deliver({ id: d.messageId, orderKey: d.orderKey, hub: cfg.name }), {
  consumer: cfg.name,
  concurrency: 16,
  handlerTimeoutMs: 6000,
  blockMs: 500,
});
consumer.on('error', () => undefined);

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const id = url.searchParams.get('id');
  const orderKey = url.searchParams.get('case');
  fwd.enqueue(cfg.destination, { messageId: id, body: `drill ${id}` }, { orderKey }).then(
    (r) => {
      res.writeHead(200);
      res.end(r.status);
    },
    (err) => {
      res.writeHead(503);
      res.end(String(err.code ?? err.message));
    },
  );
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`port ${server.address().port}\n`));
