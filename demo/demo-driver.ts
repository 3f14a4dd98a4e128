/**
 * Plays the legacy systems' side of a case against a running platform: PSB and procuratorate
 * messages are encoded with their system's codec and pushed to the platform's inbound endpoints,
 * exactly as those systems would; court and justice messages are placed in their simulators'
 * outboxes for the platform to poll. Each step waits until the receiving simulator has it.
 */
import axios from 'axios';
import { builtinAdapter } from '../adapters/builtins';
import { procuratorateOutcome } from '../adapters/procuratorate/client';
import { psbOutcome } from '../adapters/psb/client';
import type { Simulator } from '../adapters/simulator-types';
import type { Credentials, SystemKind } from '../adapters/types';
import type { Division } from '../standard/codes/divisions';
import type { DeliveryOutcome } from '../standard/delivery-outcome';
import type { UnifiedMessage } from '../standard/schema/message';
import type { DemoStep } from './demo-case';

export const PUSH_SYSTEMS: readonly SystemKind[] = ['psb', 'procuratorate'];

/** Pushes one message to a platform inbound endpoint as its legacy system would; the answer read as an outcome. */
export async function pushToPlatform(
  url: string,
  kind: SystemKind,
  message: UnifiedMessage,
  credentials: Credentials,
  timeoutMs = 15_000,
): Promise<DeliveryOutcome> {
  const request = builtinAdapter(kind).codec.encode(message, { credentials, now: Date.now() });
  try {
    const response = await axios.post<ArrayBuffer>(url, request.body, {
      headers: request.headers,
      responseType: 'arraybuffer',
      validateStatus: () => true,
      timeout: timeoutMs,
      proxy: false,
      transformRequest: [(data: unknown) => data],
    });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(response.headers ?? {})) if (v != null) headers[k.toLowerCase()] = String(v);
    const body = Buffer.from(response.data ?? new ArrayBuffer(0));
    return kind === 'psb' ? psbOutcome(response.status, headers, body, Date.now()) : procuratorateOutcome(response.status, headers, body, Date.now());
  } catch (err) {
    return { kind: 'retryable', reason: err instanceof Error ? err.message : String(err) };
  }
}

export interface DriveOptions {
  /** The platform's inbound URL for a push system instance, e.g. http://127.0.0.1:1880/caselink/psb/440105. */
  inboundUrl(kind: SystemKind, division: Division): string;
  simulator(kind: SystemKind, division: Division): Simulator;
  credentials(kind: SystemKind, division: Division): Credentials;
  /** How long one step may take to arrive (default 60 s). */
  stepTimeoutMs?: number;
  /** Wait for each step to arrive before sending the next (default true). */
  awaitDelivery?: boolean;
  onStep?(step: DemoStep, index: number, phase: 'sent' | 'delivered'): void;
  signal?: AbortSignal;
  /**
   * What the legacy systems of this case remember: the platform case id they received with an
   * earlier document, which they put on the documents they send afterwards (TYAJBH, tysah, …).
   */
  caseMemory?: { caseUid?: string };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** True once the simulator counted this message as a new delivery. */
export function hasReceived(simulator: Simulator, messageId: string): boolean {
  return simulator.received.some((r) => r.accepted && (r.message?.messageId === messageId || r.legacyId === messageId));
}

function withRememberedCase(step: DemoStep, options: DriveOptions): UnifiedMessage {
  const caseUid = options.caseMemory?.caseUid;
  return caseUid && !step.message.caseUid ? ({ ...step.message, caseUid } as UnifiedMessage) : step.message;
}

/** Sends one step: push (resending while the platform answers busy) or place in the outbox. */
export async function sendStep(step: DemoStep, division: Division, options: DriveOptions): Promise<void> {
  const deadline = Date.now() + (options.stepTimeoutMs ?? 60_000);
  const message = withRememberedCase(step, options);
  if (PUSH_SYSTEMS.includes(step.from)) {
    for (;;) {
      const outcome = await pushToPlatform(options.inboundUrl(step.from, division), step.from, message, options.credentials(step.from, division));
      if (outcome.kind === 'accepted' || outcome.kind === 'duplicate') return;
      if (outcome.kind === 'permanent') throw new Error(`platform refused ${step.message.messageId}: ${outcome.reason}`);
      if (Date.now() > deadline || options.signal?.aborted) throw new Error(`platform stayed busy for ${step.message.messageId}: ${outcome.reason}`);
      await sleep(Math.min(1000, outcome.retryAfterMs ?? 200));
    }
  }
  const simulator = options.simulator(step.from, division);
  if (!simulator.addToOutbox) throw new Error(`the ${step.from} simulator has no outbox`);
  simulator.addToOutbox(message);
}

/** Waits until the receiving simulator has the step's message; remembers the case id it carried. */
export async function awaitStep(step: DemoStep, division: Division, options: DriveOptions): Promise<void> {
  const deadline = Date.now() + (options.stepTimeoutMs ?? 60_000);
  const target = options.simulator(step.to, division);
  while (!hasReceived(target, step.message.messageId)) {
    if (Date.now() > deadline) throw new Error(`${step.message.messageType} ${step.message.messageId} did not reach the ${step.to} system of ${division}`);
    if (options.signal?.aborted) throw new Error('aborted');
    await sleep(20);
  }
  const received = target.received.find((r) => r.accepted && r.message?.messageId === step.message.messageId);
  if (options.caseMemory && received?.message?.caseUid) options.caseMemory.caseUid ??= received.message.caseUid;
}

/** Drives one case through its steps in order. */
export async function driveCase(steps: DemoStep[], division: Division, drive: DriveOptions): Promise<void> {
  const options = drive.caseMemory ? drive : { ...drive, caseMemory: {} };
  for (const [index, step] of steps.entries()) {
    await sendStep(step, division, options);
    options.onStep?.(step, index, 'sent');
    if (options.awaitDelivery !== false) {
      await awaitStep(step, division, options);
      options.onStep?.(step, index, 'delivered');
    }
  }
}
