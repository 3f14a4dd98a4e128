import type { DurationSummary, Figures, RateFigures } from './compute';

/** Gauges read live from the deadline index rather than from closed records. */
export interface LiveGauges {
  openDeadlines: Array<{ district: string; count: number }>;
  openSupervisionOrders: Array<{ district: string; count: number }>;
}

type Labels = Record<string, string | undefined>;

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labelText(labels: Labels): string {
  const parts = Object.entries(labels)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${name}="${escapeLabel(value)}"`);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

export class Exposition {
  private readonly lines: string[] = [];

  family(name: string, type: 'counter' | 'gauge' | 'summary', help: string): void {
    this.lines.push(`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} ${type}`);
  }

  sample(name: string, labels: Labels, value: number): void {
    this.lines.push(`${name}${labelText(labels)} ${formatNumber(value)}`);
  }

  /** A family of one sample per row. */
  perRow<Row>(name: string, type: 'counter' | 'gauge', help: string, rows: readonly Row[], labels: (row: Row) => Labels, value: (row: Row) => number): void {
    this.family(name, type, help);
    for (const row of rows) this.sample(name, labels(row), value(row));
  }

  summary(name: string, labels: Labels, s: DurationSummary): void {
    if (s.medianSeconds !== undefined) this.sample(name, { ...labels, quantile: '0.5' }, s.medianSeconds);
    if (s.p90Seconds !== undefined) this.sample(name, { ...labels, quantile: '0.9' }, s.p90Seconds);
    this.sample(`${name}_sum`, labels, s.sumSeconds);
    this.sample(`${name}_count`, labels, s.count);
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

const periodLabel = (period: string): string | undefined => (period === 'all' ? undefined : period);

function rates(out: Exposition, name: string, help: string, rows: RateFigures[]): void {
  const labels = (row: RateFigures): Labels => ({ district: row.district, period: periodLabel(row.period) });
  out.perRow(name, 'gauge', help, rows, labels, (row) => row.rate);
  out.perRow(`${name}_denominator`, 'gauge', `Number of cases or steps the ratio ${name} is taken over.`, rows, labels, (row) => row.denominator);
}

/** Prometheus text exposition format (version 0.0.4) of the tracker's figures. */
export function toPrometheus(figures: Figures, live: LiveGauges): string {
  const out = new Exposition();

  const stepLabels = (row: Figures['steps'][number]): Labels => ({
    clock: row.clock,
    district: row.district,
    agency: row.agency,
    track: row.track,
    period: periodLabel(row.period),
  });
  out.family(
    'caselink_step_cycle_seconds',
    'summary',
    'Cycle time (stop - start) of closed statutory steps, by clock, district, responsible agency and track.',
  );
  for (const row of figures.steps) out.summary('caselink_step_cycle_seconds', stepLabels(row), row.cycle);
  const stepCounter = (name: string, type: 'counter' | 'gauge', help: string, value: (row: Figures['steps'][number]) => number) =>
    out.perRow(name, type, help, figures.steps, stepLabels, value);
  stepCounter('caselink_steps_on_time_total', 'counter', 'Closed steps that ended before their deadline.', (row) => row.onTime);
  stepCounter('caselink_step_on_time_ratio', 'gauge', 'Closed steps on time / closed steps.', (row) => row.onTimeRate);
  stepCounter('caselink_steps_overdue_total', 'counter', 'Closed steps that ended after their deadline.', (row) => row.overdue);
  stepCounter(
    'caselink_step_overdue_days_total',
    'counter',
    'Sum over overdue steps of the days past the deadline (a started day counts).',
    (row) => row.overdueDays,
  );

  const latencyLabels = (row: Figures['latency'][number]): Labels => ({
    message_type: row.messageType,
    district: row.district,
    agency: row.agency,
    period: periodLabel(row.period),
  });
  out.family('caselink_exchange_latency_seconds', 'summary', 'Exchange latency per message type: leg sent_to_received and received_to_acknowledged.');
  for (const row of figures.latency) {
    const labels = latencyLabels(row);
    out.summary('caselink_exchange_latency_seconds', { ...labels, leg: 'sent_to_received' }, row.sentToReceived);
    if (row.receivedToAcknowledged.count > 0)
      out.summary('caselink_exchange_latency_seconds', { ...labels, leg: 'received_to_acknowledged' }, row.receivedToAcknowledged);
  }
  out.perRow(
    'caselink_messages_unacknowledged',
    'gauge',
    'Observed messages whose acknowledgement has not been reported.',
    figures.latency,
    latencyLabels,
    (row) => row.unacknowledged,
  );

  out.family(
    'caselink_case_duration_seconds',
    'summary',
    'End-to-end duration of cases whose execution receipt arrived: detention or filing -> judgment effective -> execution receipt.',
  );
  for (const row of figures.endToEnd) {
    const labels = { district: row.district, track: row.track, period: periodLabel(row.period) };
    out.summary('caselink_case_duration_seconds', { ...labels, leg: 'start_to_effective' }, row.startToEffective);
    out.summary('caselink_case_duration_seconds', { ...labels, leg: 'effective_to_receipt' }, row.effectiveToReceipt);
    out.summary('caselink_case_duration_seconds', { ...labels, leg: 'start_to_receipt' }, row.startToReceipt);
  }

  rates(out, 'caselink_fast_track_ratio', 'Indicted cases on the fast track (速裁) / indicted cases.', figures.fastTrack);
  rates(
    out,
    'caselink_recommendation_adoption_ratio',
    'Judgments adopting the sentencing recommendation / judgments that stated whether they did.',
    figures.recommendationAdoption,
  );
  rates(
    out,
    'caselink_legal_aid_assigned_in_time_ratio',
    'Legal aid lawyers assigned within the limit (3 days) / assignments.',
    figures.legalAidAssignedInTime,
  );
  rates(
    out,
    'caselink_execution_documents_in_time_ratio',
    'Execution documents sent within the limit (10 days) / documents sent.',
    figures.executionDocumentsInTime,
  );

  out.perRow(
    'caselink_tracking_events_total',
    'counter',
    'Violations (illegal or out-of-order messages), anomalies (identity conflicts, extensions the statute does not allow) and deadline alerts.',
    figures.events,
    (row) => ({ kind: row.kind, district: row.district, detail: row.detail, clock: row.clock, period: periodLabel(row.period) }),
    (row) => row.count,
  );

  const byDistrict = (row: { district: string }): Labels => ({ district: row.district });
  out.perRow('caselink_open_deadlines', 'gauge', 'Running statutory clocks in the deadline index.', live.openDeadlines, byDistrict, (row) => row.count);
  out.perRow(
    'caselink_open_supervision_orders',
    'gauge',
    'Supervision orders (督办) not yet closed.',
    live.openSupervisionOrders,
    byDistrict,
    (row) => row.count,
  );

  return out.text();
}
