import type { DestinationFigures } from '../core/index';

/**
 * ok: flowing; warn: retrying, parked or slow; bad: dead letters or stalled; unknown: no figures;
 * unconfigured: listed in the org directory but no working system config node is deployed (never healthy).
 */
export type Health = 'ok' | 'warn' | 'bad' | 'unknown' | 'unconfigured';

/** Why a link is not ok (the page names each in Chinese and English). */
export type HealthReason = 'dead' | 'stalled' | 'retrying' | 'parked' | 'slow' | 'unreadable' | 'unconfigured';

export interface HealthThresholds {
  /** Oldest waiting message older than this: warn. Default 60 s. */
  slowAfterMs: number;
  /** Oldest waiting message older than this: bad (nothing is moving). Default 5 min. */
  stalledAfterMs: number;
}

export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = { slowAfterMs: 60_000, stalledAfterMs: 300_000 };

export interface LinkView {
  destination: string;
  /** Legacy system kind and district of a link the org directory lists (absent for other destinations). */
  kind?: string;
  division?: string;
  /** For listed links: whether a working system config node for it is deployed (未配置 otherwise). */
  state?: 'configured' | 'unconfigured';
  health: Health;
  reasons: HealthReason[];
  /** Undelivered and not dead: queued + in flight + retrying + parked. */
  backlog: number;
  queued: number;
  inFlight: number;
  retrying: number;
  parked: number;
  dead: number;
  blockedCases: number;
  /** Completed deliveries since the destination was first used. */
  delivered: number;
  /** Deliveries per hour over the last `rateWindowMs` (up to one hour) of this console's samples. */
  deliveredPerHour: number | null;
  rateWindowMs: number;
  oldestAgeMs: number | null;
  latencyP50Ms: number | null;
  latencyP90Ms: number | null;
  /** Why the figures could not be read. */
  error?: string;
}

export interface LinksView {
  at: number;
  links: LinkView[];
  /** Destinations the directory does not list (quarantine, manual channels …) that have traffic. */
  others: LinkView[];
  /** `deliveredPerHour` is null while no link has a rate yet. */
  totals: {
    backlog: number;
    retrying: number;
    parked: number;
    dead: number;
    delivered: number;
    deliveredPerHour: number | null;
    bad: number;
    warn: number;
    unconfigured: number;
  };
}

export function healthOf(f: DestinationFigures, thresholds: HealthThresholds = DEFAULT_HEALTH_THRESHOLDS): { health: Health; reasons: HealthReason[] } {
  const reasons: HealthReason[] = [];
  const age = f.oldestAgeMs ?? 0;
  if (f.dead > 0) reasons.push('dead');
  if (age > thresholds.stalledAfterMs) reasons.push('stalled');
  if (f.retrying > 0) reasons.push('retrying');
  if (f.parked > 0) reasons.push('parked');
  if (age > thresholds.slowAfterMs && age <= thresholds.stalledAfterMs) reasons.push('slow');
  const bad = reasons.includes('dead') || reasons.includes('stalled');
  return { health: bad ? 'bad' : reasons.length > 0 ? 'warn' : 'ok', reasons };
}

const HOUR = 3_600_000;
/** Keep at most one sample per destination this often (the page polls every 2 s). */
const SAMPLE_SPACING_MS = 10_000;
/** Below this window an hourly rate is mostly noise: the view says "collecting" instead. */
const MIN_RATE_WINDOW_MS = 60_000;

/**
 * Delivered-per-hour from the core's cumulative delivered counter, sampled whenever the links are
 * read. In memory: after a restart the window starts again (the view says how long it is).
 */
export class DeliveryRate {
  private readonly samples = new Map<string, Array<{ at: number; delivered: number }>>();

  record(destination: string, delivered: number, at: number): { perHour: number | null; windowMs: number } {
    let kept = this.samples.get(destination);
    if (!kept) {
      kept = [];
      this.samples.set(destination, kept);
    }
    const last = kept[kept.length - 1];
    if (last && delivered < last.delivered) kept.length = 0; // counter reset (keys removed): start over
    if (kept.length === 0 || at - kept[kept.length - 1]!.at >= SAMPLE_SPACING_MS) kept.push({ at, delivered });
    while (kept.length > 1 && at - kept[1]!.at >= HOUR) kept.shift();
    const first = kept[0]!;
    const windowMs = Math.min(at - first.at, HOUR);
    if (at - first.at < MIN_RATE_WINDOW_MS) return { perHour: null, windowMs: Math.max(0, at - first.at) };
    return { perHour: Math.round(((delivered - first.delivered) * HOUR) / (at - first.at)), windowMs };
  }
}

/** Kind and division of a listed link, and whether it is configured. */
export interface LinkParts {
  kind?: string;
  division?: string;
  state?: 'configured' | 'unconfigured';
}

export function linkView(destination: string, f: DestinationFigures, rate: DeliveryRate, thresholds?: HealthThresholds, parts: LinkParts = {}): LinkView {
  const measured = healthOf(f, thresholds);
  // Listed but not configured: never green; messages waiting or dead for it still make it warn or bad.
  const { health, reasons } =
    parts.state === 'unconfigured'
      ? { health: measured.health === 'ok' ? ('unconfigured' as const) : measured.health, reasons: [...measured.reasons, 'unconfigured' as const] }
      : measured;
  const { perHour, windowMs } = rate.record(destination, f.delivered, f.at);
  return {
    destination,
    ...parts,
    health,
    reasons,
    backlog: f.queued + f.inFlight + f.retrying + f.parked,
    queued: f.queued,
    inFlight: f.inFlight,
    retrying: f.retrying,
    parked: f.parked,
    dead: f.dead,
    blockedCases: f.blockedCases,
    delivered: f.delivered,
    deliveredPerHour: perHour,
    rateWindowMs: windowMs,
    oldestAgeMs: f.oldestAgeMs,
    latencyP50Ms: f.latency.p50Ms,
    latencyP90Ms: f.latency.p90Ms,
  };
}

export function unreadableLink(destination: string, error: unknown, parts: LinkParts = {}): LinkView {
  return {
    destination,
    ...parts,
    health: 'unknown',
    reasons: ['unreadable'],
    backlog: 0,
    queued: 0,
    inFlight: 0,
    retrying: 0,
    parked: 0,
    dead: 0,
    blockedCases: 0,
    delivered: 0,
    deliveredPerHour: null,
    rateWindowMs: 0,
    oldestAgeMs: null,
    latencyP50Ms: null,
    latencyP90Ms: null,
    error: error instanceof Error ? error.message : String(error),
  };
}

/**
 * A listed link no address or flow serves: shown as "not configured", never green. Messages
 * already waiting or dead for it still make it warn or bad (and say why).
 */
export function markUnconfigured(link: LinkView): LinkView {
  const reasons: HealthReason[] = [...link.reasons, 'unconfigured'];
  return { ...link, health: link.health === 'ok' || link.health === 'unknown' ? 'unconfigured' : link.health, reasons };
}

export function totalsOf(links: readonly LinkView[]): LinksView['totals'] {
  const totals: LinksView['totals'] = { backlog: 0, retrying: 0, parked: 0, dead: 0, delivered: 0, deliveredPerHour: null, bad: 0, warn: 0, unconfigured: 0 };
  for (const link of links) {
    totals.backlog += link.backlog;
    totals.retrying += link.retrying;
    totals.parked += link.parked;
    totals.dead += link.dead;
    totals.delivered += link.delivered;
    if (link.deliveredPerHour !== null) totals.deliveredPerHour = (totals.deliveredPerHour ?? 0) + link.deliveredPerHour;
    if (link.health === 'bad' || link.health === 'unknown') totals.bad += 1;
    if (link.health === 'warn') totals.warn += 1;
    if (link.health === 'unconfigured') totals.unconfigured += 1;
  }
  return totals;
}
