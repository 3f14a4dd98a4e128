#!/usr/bin/env node
'use strict';
/**
 * Container health check: exit 0 when the Node-RED runtime with CaseLink answers on its port.
 * Asks the admin API's login descriptor (<admin root>/auth/login, answered without a login) when the
 * admin API is served, else only checks that the port accepts connections.
 */
const net = require('node:net');

const env = process.env;
const port = Number(env.PORT) || 1880;
const no = (value) => /^(0|false|no)$/i.test(String(value ?? '').trim());
const yes = (value) => /^(1|true|yes)$/i.test(String(value ?? '').trim());
const demo = env.CASELINK_DEMO ? !no(env.CASELINK_DEMO) : !yes(env.CASELINK_PRODUCTION);
const adminRoot = (env.CASELINK_ADMIN_ROOT || '').trim() || (demo ? '/' : '/admin');
const fail = (why) => {
  console.error(`unhealthy: ${why}`);
  process.exit(1);
};

if (adminRoot === 'false') {
  const socket = net.createConnection({ port, host: '127.0.0.1' });
  socket.setTimeout(4000, () => fail('timeout'));
  socket.once('connect', () => {
    socket.destroy();
    process.exit(0);
  });
  socket.once('error', (err) => fail(err.message));
} else {
  const url = `http://127.0.0.1:${port}${adminRoot.replace(/\/$/, '')}/auth/login`;
  fetch(url, { signal: AbortSignal.timeout(4000) }).then(
    (response) => (response.ok ? process.exit(0) : fail(`${url} answered ${response.status}`)),
    (err) => fail(err.message),
  );
}
