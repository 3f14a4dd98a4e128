/**
 * The kit's check of a polled outbox against the adapter's simulator: a sample placed in the
 * system's outbox is read by the adapter's client (signed polls), mapped to the same message, and
 * gone from the outbox once acknowledged; the next poll after the cursor finds nothing new.
 */
import type { Simulator } from '../../adapters/simulator-types';
import type { UnifiedMessage } from '../../standard/schema/message';
import type { CheckResult, KitOptions } from './checks';

export async function outboxChecks(options: KitOptions, samples: readonly UnifiedMessage[]): Promise<CheckResult[]> {
  const { adapter, credentials } = options;
  const title = { 'zh-CN': '轮询发件箱：读取、映射、确认、游标前移', 'en-US': 'polled outbox: read, mapped, acknowledged, cursor moved on' };
  if (!adapter.transports.outbox || options.url || samples.length === 0) return [];
  let sim: Simulator | undefined;
  try {
    sim = await adapter.startSimulator({ credentials, port: 0, host: '127.0.0.1' } as never);
    const message = { ...structuredClone(samples[0]!), messageId: `KIT-OUTBOX-${Date.now().toString(36)}` } as UnifiedMessage;
    sim.addToOutbox!(message);
    const client = adapter.createClient({ baseUrl: sim.url, credentials, timeoutMs: 5000 });
    const page = await client.fetchOutbox!(undefined, adapter.transports.outbox.pageSize ?? 10);
    const read = page.decoded.messages.find((m) => m.message.messageId === message.messageId)?.message;
    await client.ack!(page.ids);
    const pending = sim.pendingOutbox!();
    const next = await client.fetchOutbox!(page.nextCursor, adapter.transports.outbox.pageSize ?? 10);
    const ok = JSON.stringify(read) === JSON.stringify(message) && !pending.includes(message.messageId) && next.ids.length === 0;
    const evidence = `read ${page.ids.length} item(s) (${read ? 'the same message' : 'NOT the sample'}), cursor ${String(page.nextCursor)}; pending after ack: ${pending.length}; next poll: ${next.ids.length} item(s)`;
    return [{ id: 'outbox:poll', title, status: ok ? 'pass' : 'fail', evidence }];
  } catch (error) {
    return [{ id: 'outbox:poll', title, status: 'fail', evidence: `could not run: ${(error as Error).message}` }];
  } finally {
    await sim?.close();
  }
}
