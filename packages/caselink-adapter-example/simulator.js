'use strict';
/** A real HTTP server playing the prison system: POST /jygl/receive, plus the /_sim control API. */
const http = require('node:http');
const { answers, codec, RECEIVE_PATH } = require('./codec');

function startSimulator(options) {
  const received = [];
  const seen = new Set();
  let fault = null;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const send = (a) => {
        res.writeHead(a.status, a.headers);
        res.end(a.body);
      };
      const url = (req.url || '').split('?')[0];
      if (url === '/_sim/received' && req.method === 'GET')
        return send({ status: 200, headers: { 'Content-Type': 'application/json' }, body: Buffer.from(JSON.stringify(received)) });
      if (url === '/_sim/reset' && req.method === 'POST') {
        received.length = 0;
        seen.clear();
        fault = null;
        return send({ status: 204, headers: {}, body: Buffer.alloc(0) });
      }
      if (url === '/_sim/fault' && req.method === 'POST') {
        const rule = JSON.parse(body.toString('utf8') || '{}');
        fault = rule.clear ? null : rule;
        return send({ status: 204, headers: {}, body: Buffer.alloc(0) });
      }
      if (url !== RECEIVE_PATH || req.method !== 'POST') return send({ status: 404, headers: {}, body: Buffer.from('not found') });
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const record = { at: Date.now(), path: url, headers, body: body.toString('utf8'), accepted: false, status: 200 };
      received.push(record);
      if (fault && fault.fault && fault.fault.kind === 'http') {
        record.status = fault.fault.status;
        return send({ status: fault.fault.status, headers: {}, body: Buffer.from('fault') });
      }
      const auth = codec.verifyInbound(body, headers, options.credentials);
      if (!auth.ok) return send(answers.unauthorized(auth.reason));
      const decoded = codec.decode(body);
      if (decoded.messages.length === 0) return send(answers.rejected(undefined, decoded.rejected[0] ? decoded.rejected[0].issues : []));
      const message = decoded.messages[0].message;
      record.message = message;
      record.legacyId = message.messageId;
      if (seen.has(message.messageId)) return send(answers.duplicate(message.messageId));
      seen.add(message.messageId);
      record.accepted = true;
      return send(answers.accepted(message.messageId));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port || 0, options.host || '127.0.0.1', () => {
      const port = server.address().port;
      resolve({
        url: `http://${options.host || '127.0.0.1'}:${port}`,
        port,
        received,
        setFault(rule) {
          fault = rule;
        },
        reset() {
          received.length = 0;
          seen.clear();
          fault = null;
        },
        close() {
          return new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          });
        },
      });
    });
  });
}

module.exports = { startSimulator };
