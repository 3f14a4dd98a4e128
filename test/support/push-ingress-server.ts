/**
 * A real HTTP server in front of the platform's push ingress (ingress/push-ingress.ts handlePush),
 * for tests of what a pushing system meets: the options per request (codec, credentials, security …)
 * are the test's; what the flow would make of each emitted message is `outcome`.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { IngressLedger, type IngressOutcome } from '../../ingress/ingress-ledger';
import { handlePush, type PushIngressOptions } from '../../ingress/push-ingress';

export interface PushIngressServer {
  readonly url: string;
  /** Message ids handed to the flow, in order. */
  readonly emitted: string[];
  close(): Promise<void>;
}

export type PushOptionsFor = (req: IncomingMessage) => Omit<PushIngressOptions, 'ledger' | 'emit' | 'quarantine' | 'maxBodyBytes' | 'answerTimeoutMs'>;

export async function startPushIngressServer(optionsFor: PushOptionsFor, outcome: () => IngressOutcome): Promise<PushIngressServer> {
  const ledger = new IngressLedger();
  const emitted: string[] = [];
  const server: Server = createServer((req, res) => {
    void handlePush(req, res, {
      maxBodyBytes: 1024 * 1024,
      answerTimeoutMs: 2000,
      quarantine: async () => undefined,
      ...optionsFor(req),
      ledger,
      emit: (message, tag) => {
        emitted.push(message.messageId);
        ledger.settle(tag.ingressId, outcome());
      },
    }).catch((err: unknown) => {
      res.writeHead(500);
      res.end(JSON.stringify({ answer: 'error', reason: String(err) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
  return { url, emitted, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
