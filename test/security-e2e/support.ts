/**
 * Helpers for the security end-to-end suites (the platform itself: test/support/platform.ts): raw pushes into the
 * platform's inbound endpoints (exactly the bytes a hostile sender chooses), answer reading and
 * audit-log reading.
 */
import { request } from 'node:http';
import type { Redis } from 'ioredis';
import { expect } from 'vitest';
import { procuratorateOutcome } from '../../adapters/procuratorate/client';
import { psbOutcome } from '../../adapters/psb/client';
import { builtinAdapter } from '../../adapters/builtins';
import type { Credentials } from '../../adapters/types';
import type { AuditRecord } from '../../security/audit-log';
import type { DeliveryOutcome } from '../../standard/delivery-outcome';
import type { UnifiedMessage } from '../../standard/schema/message';

export type PushKind = 'psb' | 'procuratorate';

/** The sender's answer refuses the request for good, with a reason matching `reason`. */
export function expectRefused(answer: RawAnswer, reason: RegExp): void {
  expect(answer.outcome.kind, JSON.stringify(answer.outcome)).toBe('permanent');
  expect((answer.outcome as { reason: string }).reason).toMatch(reason);
}

export interface RawAnswer {
  status: number;
  outcome: DeliveryOutcome;
  ms: number;
}

/** POSTs exactly `body` with `headers`, and reads the answer in the system's own format. */
export async function pushRaw(url: string, kind: PushKind, body: Buffer | string, headers: Record<string, string>): Promise<RawAnswer> {
  const started = Date.now();
  const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(60_000) });
  const answer = Buffer.from(await response.arrayBuffer());
  const flat: Record<string, string> = {};
  response.headers.forEach((value, name) => (flat[name.toLowerCase()] = value));
  const outcome = kind === 'psb' ? psbOutcome(response.status, flat, answer, Date.now()) : procuratorateOutcome(response.status, flat, answer, Date.now());
  return { status: response.status, outcome, ms: Date.now() - started };
}

/** A message encoded by its legacy system, as text (GBK for the PSB) with its headers. */
export function encoded(kind: PushKind, message: UnifiedMessage, credentials: Credentials): { body: Buffer; headers: Record<string, string> } {
  const request = builtinAdapter(kind).codec.encode(message, { credentials, now: Date.now() });
  return { body: Buffer.from(request.body), headers: { ...request.headers } };
}

export interface DripAnswer {
  status: number;
  body: Buffer;
  ms: number;
  /** Bytes written before the answer came, and the Content-Length the request declared. */
  sentBytes: number;
  declaredBytes: number;
}

/**
 * A body dripped a few bytes at a time and never finished: resolves with the answer (the platform
 * must answer on its own, within its body timeout) or rejects when the connection is cut without one.
 */
export function slowDrip(url: string, headers: Record<string, string>, chunk: Buffer, everyMs: number): Promise<DripAnswer> {
  const declaredBytes = chunk.length * 1000;
  let sentBytes = 0;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(declaredBytes) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearInterval(timer);
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), ms: Date.now() - started, sentBytes, declaredBytes });
        });
        res.on('error', () => undefined);
      },
    );
    req.on('error', (err) => {
      clearInterval(timer);
      reject(err);
    });
    const write = () => {
      if (req.destroyed) return;
      req.write(chunk);
      sentBytes += chunk.length;
    };
    const timer = setInterval(write, everyMs);
    write();
  });
}

/** Every record of the audit chain. */
export async function auditRecords(redis: Redis, prefix = 'cl'): Promise<AuditRecord[]> {
  return (await redis.lrange(`${prefix}:{audit}:log`, 0, -1)).map((line) => JSON.parse(line) as AuditRecord);
}
