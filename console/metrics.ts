/**
 * The platform's Prometheus exposition (text format 0.0.4): the core's per-link queues, dead
 * letters and deliveries, link health, the inbound nodes' counters, the audit chain's appends and
 * failures, then tracking's figures (tracking/figures/prometheus.ts). Served by the console plugin
 * at `<admin>/caselink/metrics`; the dashboard (monitoring/grafana-dashboard.json) and the alert
 * rules (monitoring/prometheus-alerts.yml) use these names.
 */
import { Exposition } from '../tracking/figures/prometheus';
import type { LinkView, LinksView } from './links';

export interface MetricsInput {
  version: string;
  links: LinksView;
  ingress: Array<{ kind: string; division: string; outcome: string; count: number }>;
  /** The audit bundle of the console's Redis connection, when one was made. */
  audit?: { appended: number; appendFailures: number; healthy: boolean };
  /** tracking's own exposition (Tracker.metrics()), appended as is; absent when tracking is not available. */
  tracking?: string;
}

function linkLabels(link: LinkView): Record<string, string | undefined> {
  return { destination: link.destination, kind: link.kind, division: link.division };
}

export function platformMetrics(input: MetricsInput): string {
  const out = new Exposition();
  const links = [...input.links.links, ...input.links.others];

  out.family('caselink_build_info', 'gauge', 'CaseLink package version (always 1).');
  out.sample('caselink_build_info', { version: input.version }, 1);

  out.family('caselink_link_up', 'gauge', 'Whether a link is healthy enough to deliver: 1 ok or warn, 0 failing, unknown or not configured.');
  for (const link of links) out.sample('caselink_link_up', linkLabels(link), link.health === 'ok' || link.health === 'warn' ? 1 : 0);
  out.family('caselink_link_configured', 'gauge', 'Whether a listed link has an address or a flow that serves it (0: listed but not configured).');
  for (const link of links)
    out.sample('caselink_link_configured', linkLabels(link), link.health === 'unconfigured' || link.reasons.includes('unconfigured') ? 0 : 1);

  out.family(
    'caselink_queue_messages',
    'gauge',
    'Undelivered messages per link by state: queued, in_flight, retrying, parked (behind a retrying or dead case head).',
  );
  for (const link of links) {
    const labels = linkLabels(link);
    out.sample('caselink_queue_messages', { ...labels, state: 'queued' }, link.queued);
    out.sample('caselink_queue_messages', { ...labels, state: 'in_flight' }, link.inFlight);
    out.sample('caselink_queue_messages', { ...labels, state: 'retrying' }, link.retrying);
    out.sample('caselink_queue_messages', { ...labels, state: 'parked' }, link.parked);
  }
  out.family('caselink_dead_letters', 'gauge', 'Messages on a link that exhausted their retries or were refused for good, waiting for an operator.');
  for (const link of links) out.sample('caselink_dead_letters', linkLabels(link), link.dead);
  out.family('caselink_blocked_cases', 'gauge', 'Cases whose head message on a link is retrying or dead (their later messages wait).');
  for (const link of links) out.sample('caselink_blocked_cases', linkLabels(link), link.blockedCases);
  out.family('caselink_delivered_messages_total', 'counter', 'Messages delivered to a link since it was first used.');
  for (const link of links) out.sample('caselink_delivered_messages_total', linkLabels(link), link.delivered);
  out.family('caselink_oldest_message_age_seconds', 'gauge', 'Age of the oldest undelivered, not dead message on a link (0 when none).');
  for (const link of links) out.sample('caselink_oldest_message_age_seconds', linkLabels(link), (link.oldestAgeMs ?? 0) / 1000);
  out.family('caselink_delivery_latency_seconds', 'gauge', 'Enqueue-to-delivery latency per link: upper bound of the histogram bucket holding the quantile.');
  for (const link of links) {
    if (link.latencyP50Ms !== null) out.sample('caselink_delivery_latency_seconds', { ...linkLabels(link), quantile: '0.5' }, link.latencyP50Ms / 1000);
    if (link.latencyP90Ms !== null) out.sample('caselink_delivery_latency_seconds', { ...linkLabels(link), quantile: '0.9' }, link.latencyP90Ms / 1000);
  }

  out.family(
    'caselink_ingress_messages_total',
    'counter',
    'Inbound messages per legacy system instance by outcome: received, enqueued, duplicate, rejected, busy, unauthorized (since this runtime started).',
  );
  for (const row of input.ingress) out.sample('caselink_ingress_messages_total', { kind: row.kind, division: row.division, outcome: row.outcome }, row.count);

  if (input.audit) {
    out.family('caselink_audit_appends_total', 'counter', 'Audit records appended to the hash chain by the ingress (since this runtime started).');
    out.sample('caselink_audit_appends_total', {}, input.audit.appended);
    out.family('caselink_audit_append_failures_total', 'counter', 'Audit appends that failed; while they fail, inbound messages are refused (fail closed).');
    out.sample('caselink_audit_append_failures_total', {}, input.audit.appendFailures);
    out.family('caselink_audit_writable', 'gauge', 'Whether the last audit append succeeded (1) or failed (0).');
    out.sample('caselink_audit_writable', {}, input.audit.healthy ? 1 : 0);
  }

  out.family('caselink_tracking_up', 'gauge', 'Whether case tracking figures could be read (1) or not (0).');
  out.sample('caselink_tracking_up', {}, input.tracking === undefined ? 0 : 1);
  return out.text() + (input.tracking ?? '');
}
