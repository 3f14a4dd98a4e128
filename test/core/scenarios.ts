import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';
import { Forwarder, type RedisConfig } from '../../core';
import { buildCoreForChildren, repoRoot } from './child-build';
import { IdempotentReceiver, message, sleep, uniquePrefix, waitFor } from './helpers';

/**
 * Several consumers (each with its own Forwarder and connections, as separate processes would
 * have) on one destination: every message has exactly one effect, per-case order holds, and no
 * case ever has two deliveries in flight at once.
 */
export async function orderingScenario(options: {
  redis: RedisConfig;
  consumers: number;
  cases: number;
  perCase: number;
  destination?: string;
}): Promise<void> {
  const destination = options.destination ?? 'court-440105';
  const prefix = uniquePrefix('order');
  const make = () => Forwarder.create({ redis: options.redis, prefix, durability: 'none' });
  const producer = await make();
  const forwarders = await Promise.all(Array.from({ length: options.consumers }, make));
  const rx = new IdempotentReceiver();
  const inFlightCases = new Set<string>();
  const overlaps: string[] = [];
  forwarders.forEach((fwd, i) =>
    fwd.consume(
      destination,
      async (d) => {
        if (inFlightCases.has(d.orderKey)) overlaps.push(d.messageId);
        inFlightCases.add(d.orderKey);
        await sleep(Math.random() * 3);
        inFlightCases.delete(d.orderKey);
        return rx.receive(d.messageId, d.orderKey);
      },
      { consumer: `consumer-${i}`, concurrency: 4, blockMs: 500 },
    ),
  );
  const expected = new Map<string, string[]>();
  const batch: Array<{ message: ReturnType<typeof message>; orderKey: string }> = [];
  for (let n = 0; n < options.perCase; n++) {
    for (let c = 0; c < options.cases; c++) {
      const orderKey = `GZ-440105-2022-${String(c).padStart(6, '0')}`;
      const id = `${orderKey}/${n}`;
      expected.set(orderKey, [...(expected.get(orderKey) ?? []), id]);
      batch.push({ message: message(id), orderKey });
    }
  }
  // Mix single enqueues and batches, interleaved with delivery.
  for (let i = 0; i < batch.length;) {
    if (i % 3 === 0) {
      await producer.enqueue(destination, batch[i]!.message, { orderKey: batch[i]!.orderKey });
      i++;
    } else {
      await producer.enqueueMany(destination, batch.slice(i, i + 17));
      i += 17;
    }
  }
  const total = batch.length;
  await waitFor(() => rx.effects.size === total, 30_000, `${total} effects`);
  await waitFor(async () => (await producer.figures(destination)).delivered === total, 10_000, 'completions');
  expect(overlaps).toEqual([]);
  for (const [orderKey, ids] of expected) expect(rx.orderByCase.get(orderKey)).toEqual(ids);
  expect([...rx.deliveries.values()].every((n) => n === 1)).toBe(true);
  const figures = await producer.figures(destination);
  expect(figures).toMatchObject({ queued: 0, inFlight: 0, retrying: 0, parked: 0, dead: 0, delivered: total });
  await Promise.all([producer, ...forwarders].map((f) => f.close()));
}

function spawnChild(corePath: string, config: object): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(__dirname, 'fixtures/consumer-child.mjs')], {
    env: { ...process.env, CORE_PATH: corePath, CHILD_CONFIG: JSON.stringify(config), NODE_PATH: join(repoRoot, 'node_modules') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready\n')) resolve(child);
    });
    child.once('exit', (code, signal) => reject(new Error(`consumer child exited early (${code ?? signal})`)));
  });
}

function killed(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  return done;
}

/**
 * Consumer processes are SIGKILLed mid-stream again and again while messages keep arriving; each
 * is replaced by a new process (some reuse the dead one's consumer name and recover its pending
 * entries at once, others reclaim them with XAUTOCLAIM). At the end: nothing lost, exactly one
 * effect per message at the idempotent receiver, per-case order kept, counters consistent.
 */
export async function crashScenario(options: {
  redis: RedisConfig;
  destinations: string[];
  cases: number;
  perCase: number;
  kills: number;
}): Promise<{ deliveries: number; total: number; killsMidStream: number }> {
  const corePath = await buildCoreForChildren();
  const prefix = uniquePrefix('crash');
  const fwd = await Forwarder.create({ redis: options.redis, prefix, durability: 'none' });
  const expected = new Map<string, string[]>();
  const all: Array<{ destination: string; orderKey: string; id: string }> = [];
  for (let n = 0; n < options.perCase; n++) {
    for (const destination of options.destinations) {
      for (let c = 0; c < options.cases; c++) {
        const orderKey = `case-${c}`;
        const id = `${destination}-${orderKey}-${n}`;
        const key = `${destination}|${orderKey}`;
        expected.set(key, [...(expected.get(key) ?? []), id]);
        all.push({ destination, orderKey, id });
      }
    }
  }
  let next = 0;
  const enqueueSome = async (count: number) => {
    const end = Math.min(all.length, next + count);
    for (; next < end; next++) {
      const m = all[next]!;
      await fwd.enqueue(m.destination, message(m.id, { pad: 'x'.repeat(200) }), { orderKey: m.orderKey });
    }
  };
  await enqueueSome(Math.floor(all.length / 2));
  const perRound = Math.ceil((all.length - next) / options.kills);
  const childConfig = (consumer: string) => ({
    redis: options.redis,
    prefix,
    destinations: options.destinations,
    consumer,
    delayMs: 10,
  });
  const tag = `rx:{${prefix}}`;
  const deliveriesSoFar = async () => Number(await fwd.client.get(`${tag}:deliveries`));
  const inFlight = async () => {
    let n = 0;
    for (const destination of options.destinations) n += (await fwd.figures(destination)).inFlight;
    return n;
  };
  let killsMidStream = 0;
  for (let k = 0; k < options.kills; k++) {
    const child = await spawnChild(corePath, childConfig(`child-${k % 3}`));
    await enqueueSome(perRound);
    // Kill only once this process is delivering, at a random moment.
    const before = await deliveriesSoFar();
    await waitFor(async () => (await deliveriesSoFar()) >= before + 5, 10_000, 'deliveries by the new child');
    await sleep(Math.random() * 100);
    await killed(child, 'SIGKILL');
    if ((await inFlight()) > 0) killsMidStream++;
  }
  await enqueueSome(all.length);
  const last = await spawnChild(corePath, childConfig('child-last'));
  try {
    await waitFor(
      async () => {
        let effects = 0;
        for (const destination of options.destinations) {
          effects += (await fwd.figures(destination)).delivered;
        }
        return effects === all.length;
      },
      60_000,
      `${all.length} completed deliveries`,
    );
  } finally {
    await killed(last, 'SIGTERM');
  }
  for (const [key, ids] of expected) {
    const [destination, orderKey] = key.split('|') as [string, string];
    expect(await fwd.client.lrange(`${tag}:log:${destination}:${orderKey}`, 0, -1)).toEqual(ids);
  }
  for (const destination of options.destinations) {
    expect(await fwd.figures(destination)).toMatchObject({ queued: 0, inFlight: 0, retrying: 0, parked: 0, dead: 0 });
  }
  const deliveries = Number(await fwd.client.get(`${tag}:deliveries`));
  expect(deliveries).toBeGreaterThanOrEqual(all.length);
  await fwd.close();
  return { deliveries, total: all.length, killsMidStream };
}
