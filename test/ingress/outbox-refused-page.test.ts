/**
 * A court outbox page whose signature does not verify is refused whole by the client; the ingress
 * keeps the raw page in quarantine once (the poller asks again and again) and reports it.
 */
import { describe, expect, it } from 'vitest';
import { OutboxPageRefused } from '../../adapters/court';
import { IngressLedger } from '../../ingress/ingress-ledger';
import { OutboxIngress } from '../../ingress/outbox-ingress';
import type { QuarantineRecord } from '../../ingress/quarantine';

const refusal = (raw: string) => new OutboxPageRefused({ issues: [{ field: 'Envelope/Header/Auth', reason: 'Auth header is missing (缺少Auth认证头)' }], raw });

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('outbox ingress: a refused page', () => {
  it('is kept in quarantine once per distinct page, with its reason, and nothing is acknowledged', async () => {
    let page = '<soap:Envelope>unsigned page A</soap:Envelope>';
    let fetches = 0;
    const acks: string[][] = [];
    const kept: QuarantineRecord[] = [];
    const events: string[] = [];
    const errors: string[] = [];
    const ingress = new OutboxIngress({
      client: {
        fetchOutbox: async () => {
          fetches += 1;
          throw refusal(page);
        },
        ack: async (ids: string[]) => void acks.push(ids),
      },
      system: { kind: 'court', division: '440105', orgCode: '440105300000' },
      pageSize: 50,
      intervalMs: 1,
      answerTimeoutMs: 1000,
      ledger: new IngressLedger(),
      quarantine: async (record) => void kept.push(record),
      emit: () => expect.unreachable('nothing on a refused page goes to the flow'),
      onEvent: (event, detail) => void events.push(`${event}:${detail ?? ''}`),
      onError: (err) => void errors.push(err.message),
    });
    ingress.start();
    try {
      await until(() => fetches >= 3);
      page = '<soap:Envelope>unsigned page B</soap:Envelope>';
      const seen = fetches;
      await until(() => fetches >= seen + 3);
    } finally {
      await ingress.stop();
    }
    expect(kept.map((r) => r.raw)).toEqual(['<soap:Envelope>unsigned page A</soap:Envelope>', '<soap:Envelope>unsigned page B</soap:Envelope>']);
    expect(kept[0]!.issues).toEqual([{ field: 'Envelope/Header/Auth', reason: 'Auth header is missing (缺少Auth认证头)' }]);
    expect(kept[0]!.legacyId).toMatch(/^outbox-page:[0-9a-f]{16}$/);
    expect(events.filter((e) => e.startsWith('rejected:'))).toHaveLength(2);
    expect(errors[0]).toContain('发件箱应答认证失败');
    expect(acks).toEqual([]);
  });
});
