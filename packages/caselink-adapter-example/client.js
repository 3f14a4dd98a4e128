'use strict';
/** One JYGL instance: delivery by POST to its receive endpoint (Node's own fetch; no dependencies). */
const { codec, outcomeOf } = require('./codec');

function createClient(options) {
  const timeoutMs = options.timeoutMs || 10000;
  return {
    async send(message) {
      const request = codec.encode(message, { credentials: options.credentials });
      try {
        const response = await fetch(`${options.baseUrl}${request.path}`, {
          method: 'POST',
          headers: request.headers,
          body: request.body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        return outcomeOf(response.status, await response.text());
      } catch (error) {
        return { kind: 'retryable', reason: `${error.message} (连接失败)` };
      }
    },
  };
}

module.exports = { createClient };
