/**
 * Demo traffic: one guilty-plea theft case per pilot district through the six processes at once,
 * then a new round every `intervalMs`, driven against a running hub and the simulators.
 */
import { DIVISION_CODES, DIVISIONS, type Division } from '../standard/codes/divisions';
import type { SystemKind } from '../adapters/types';
import { demoCase, demoStartFor } from './demo-case';
import { driveCase } from './demo-driver';
import type { SimulatorFleet } from './simulator-fleet';

export interface DemoTrafficOptions {
  fleet: SimulatorFleet;
  /** The hub, e.g. http://127.0.0.1:1880 (its inbound endpoints are /caselink/<system>/<division>). */
  baseUrl: string;
  log: (line: string) => void;
  /** Between rounds; default 60 s. */
  intervalMs?: number;
}

export function startDemoTraffic(options: DemoTrafficOptions): { stop(): void } {
  const { fleet, baseUrl, log } = options;
  const controller = new AbortController();
  const interval = options.intervalMs ?? 60_000;
  const runId = Date.now().toString(36).toUpperCase();
  const seqs = new Map<Division, number>();
  const kinds: SystemKind[] = ['psb', 'procuratorate', 'court', 'justice'];
  const complete = (division: Division) =>
    kinds.every((kind) => {
      try {
        fleet.get(kind, division);
        return true;
      } catch {
        return false;
      }
    });

  const runCase = async (division: Division) => {
    const seq = (seqs.get(division) ?? 0) + 1;
    seqs.set(division, seq);
    // Dated so the case ends yesterday (Beijing time), each process carried as far as the legacy
    // interfaces allow: the efficiency and deadline pages show recent, finished work on first start.
    const steps = demoCase(division, seq, { idPrefix: `DEMO${runId}`, complete: true, start: demoStartFor(Date.now(), 1) });
    const name = `${DIVISIONS[division as keyof typeof DIVISIONS]?.zh ?? division} case ${seq}`;
    try {
      await driveCase(steps, division, {
        inboundUrl: (kind, d) => `${baseUrl}/caselink/${kind}/${d}`,
        simulator: (kind, d) => fleet.get(kind, d),
        credentials: (kind, d) => fleet.credentials(kind, d),
        signal: controller.signal,
        onStep: (step, index, phase) => {
          if (phase === 'delivered') log(`demo ${name}: ${index + 1}/${steps.length} ${step.message.messageType} ${step.from} → ${step.to} ✓`);
        },
      });
      log(
        `demo ${name}: done; four processes closed, the trial and legal aid wait for messages the legacy interfaces do not carry (四个流程已办结；一审与法律援助的结案报文不在现有接口中)`,
      );
    } catch (err) {
      if (!controller.signal.aborted) log(`demo ${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const divisions = DIVISION_CODES.filter(complete);
  let timer: NodeJS.Timeout | undefined;
  if (divisions.length > 0) {
    log(`demo traffic: a sample case per district now, then every ${Math.round(interval / 1000)} s (CASELINK_DEMO_TRAFFIC=0 turns it off)`);
    const round = () => divisions.forEach((division) => void runCase(division));
    round();
    timer = setInterval(round, interval);
  }
  return {
    stop() {
      controller.abort();
      if (timer) clearInterval(timer);
    },
  };
}
