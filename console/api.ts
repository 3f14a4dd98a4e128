/**
 * The operator console's data: one JSON view per page (links, dead letters, case, deadlines,
 * efficiency), built from the objects it is given — the core's Forwarder, tracking's Tracker and
 * the security audit log. Plain TypeScript: the Node-RED plugin (nodes/caselink-console.ts) only
 * serves it over the admin HTTP API.
 */
import type { Forwarder } from '../core/index';
import type { AuditLog } from '../security/audit-log';
import type { Tracker } from '../tracking/index';
import { caseView, type CaseView } from './case-view';
import {
  DeadLetterView,
  type ActionResult,
  type ConsoleAuditEntry,
  type DeadLetterAction,
  type DeadLetterDetail,
  type DeadLetterList,
  type DeadLetterQuery,
  type Operator,
} from './dead-letter-view';
import { deadlinesView, type DeadlineQuery, type DeadlinesView } from './deadlines';
import { efficiencyView, type EfficiencyQuery, type EfficiencyView } from './efficiency';
import { unavailable } from './errors';
import { dossierDownload, dossierView, type ConsoleDownload, type DossierSources, type DossierView } from './dossier-view';
import { consoleLabels, type ConsoleLabels } from './labels';
import { DEFAULT_HEALTH_THRESHOLDS, DeliveryRate, linkView, totalsOf, unreadableLink, type HealthThresholds, type LinkParts, type LinksView } from './links';
import { builtinDirectory } from '../directory/load';
import type { OrgDirectory } from '../directory/org-directory';
import { directoryView, type DirectoryView, type SystemListing } from './directory';

export interface ConsoleSources {
  forwarder: Forwarder;
  /** Case tracking on the same Redis; without it the case, deadline and efficiency views answer 503. */
  tracker?: Tracker;
  /** Security audit chain; when given, replay and discard are written to it first (fail closed). */
  audit?: AuditLog;
  /** Turns a stored (sealed, maybe encrypted) message back into the message for display. */
  openMessage?: (stored: unknown, destination: string) => unknown;
  /** The attachment store, dossier index and evidence of this Redis; without it the dossier view answers 503. */
  dossier?: DossierSources;
}

export interface ConsoleApiOptions {
  now?: () => number;
  health?: Partial<HealthThresholds>;
  /** Share one across ConsoleApi instances so the delivered-per-hour window survives a redeploy. */
  rate?: DeliveryRate;
  /** The links always shown; default every system instance the directory lists. */
  links?: readonly string[];
  /** The org directory (default: the shipped one); read on each call, so a redeploy shows a changed one. */
  directory?: () => OrgDirectory;
  /** The registered adapters (kind, names, agencies) the console lists. */
  systems?: () => readonly SystemListing[];
  /** Listed instances with a working system config node; absent: every listed link counts as configured. */
  configured?: () => ReadonlySet<string>;
}

export class ConsoleApi {
  private readonly now: () => number;
  private readonly thresholds: HealthThresholds;
  private readonly rate: DeliveryRate;
  private readonly fixedLinks: readonly string[] | undefined;
  private readonly orgDirectory: () => OrgDirectory;
  private readonly systems: () => readonly SystemListing[];
  private readonly configured: (() => ReadonlySet<string>) | undefined;
  private readonly deadLetterView: DeadLetterView;

  constructor(
    private readonly sources: ConsoleSources,
    options: ConsoleApiOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.thresholds = { ...DEFAULT_HEALTH_THRESHOLDS, ...options.health };
    this.rate = options.rate ?? new DeliveryRate();
    this.fixedLinks = options.links;
    const shipped = options.directory ? undefined : builtinDirectory();
    this.orgDirectory = options.directory ?? (() => shipped!);
    this.systems = options.systems ?? (() => []);
    this.configured = options.configured;
    this.deadLetterView = new DeadLetterView(
      sources.forwarder,
      sources.audit,
      () => this.destinations(),
      async (number) => (sources.tracker ? sources.tracker.findCase(number) : undefined),
      sources.openMessage,
    );
  }

  /** The core's forwarder the console reads. */
  get forwarder(): Forwarder {
    return this.sources.forwarder;
  }

  /** tracking's Prometheus exposition, or undefined when tracking is not available here. */
  async trackingMetrics(): Promise<string | undefined> {
    return this.sources.tracker ? this.sources.tracker.metrics() : undefined;
  }

  labels(): ConsoleLabels {
    return consoleLabels(this.systems(), this.orgDirectory());
  }

  /** Divisions, systems and system instances of the org directory, and which instances are configured. */
  directory(): DirectoryView {
    return directoryView(this.orgDirectory(), this.systems(), this.configured?.());
  }

  private get linkIds(): readonly string[] {
    return (
      this.fixedLinks ??
      this.orgDirectory()
        .instances()
        .map((instance) => instance.id)
    );
  }

  private partsOf(destination: string): LinkParts {
    const instance = this.orgDirectory().instance(destination);
    if (!instance) return {};
    const configured = this.configured ? this.configured().has(destination) : true;
    return { kind: instance.kind, division: instance.division, state: configured ? 'configured' : 'unconfigured' };
  }

  /** The sixteen links plus any other destination with traffic, with health and figures. */
  async links(): Promise<LinksView> {
    const forwarder = this.sources.forwarder;
    const known = await forwarder.destinations();
    const linkIds = this.linkIds;
    const extra = known.filter((d) => !linkIds.includes(d));
    const read = (destination: string) => {
      const parts = this.partsOf(destination);
      return forwarder.figures(destination).then(
        (figures) => linkView(destination, figures, this.rate, this.thresholds, parts),
        (err) => unreadableLink(destination, err, parts),
      );
    };
    const [links, others] = await Promise.all([Promise.all(linkIds.map(read)), Promise.all(extra.map(read))]);
    const busyOthers = others.filter((l) => l.backlog + l.dead + l.delivered > 0 || l.health === 'unknown');
    return { at: this.now(), links, others: busyOthers, totals: totalsOf([...links, ...busyOthers]) };
  }

  deadLetters(query: DeadLetterQuery, operator: Operator): Promise<DeadLetterList> {
    return this.deadLetterView.list(query, operator);
  }

  deadLetter(destination: string, messageId: string, operator: Operator, reveal?: { reason: string }): Promise<DeadLetterDetail> {
    return this.deadLetterView.inspect(destination, messageId, operator, reveal);
  }

  /** Replays or discards one dead letter; `reason` is required and audited with the operator. */
  act(action: DeadLetterAction, destination: string, messageId: string, operator: Operator, reason: unknown): Promise<ActionResult> {
    return this.deadLetterView.act(action, destination, messageId, operator, reason);
  }

  audit(options: { destination?: string; limit?: number; includeLists?: boolean } = {}): Promise<ConsoleAuditEntry[]> {
    return this.deadLetterView.auditTrail(options);
  }

  async case(anyNumber: string): Promise<CaseView> {
    return caseView(this.tracker(), this.sources.forwarder, await this.destinations(), anyNumber, this.now());
  }

  deadlines(query: DeadlineQuery = {}): Promise<DeadlinesView> {
    return deadlinesView(this.tracker(), query, this.now());
  }

  efficiency(query: EfficiencyQuery = {}): Promise<EfficiencyView> {
    return efficiencyView(this.tracker(), query, this.now());
  }

  /** The case's digital dossier (数字卷宗): files with hash, sender, size, who received them when, and the receipt stages. */
  dossier(caseUid: string): Promise<DossierView> {
    return dossierView(this.dossierSources(), caseUid);
  }

  /** One dossier file, streamed; audited first (caselink.write only). */
  dossierFile(caseUid: string, sha256: string, operator: Operator, reason: unknown): Promise<ConsoleDownload> {
    return dossierDownload(this.dossierSources(), this.sources.audit, caseUid, sha256, operator.user, reason);
  }

  private dossierSources(): DossierSources {
    if (!this.sources.dossier)
      throw unavailable('the attachment store is not configured on this runtime (CASELINK_ATTACHMENT_STORE)', '本运行环境未配置附件存储');
    return this.sources.dossier;
  }

  /**
   * Records a refused state-changing console request in the security audit chain (best effort:
   * the request is refused either way; a record that cannot be written is reported to the caller).
   */
  async noteRefusal(operator: Operator, subject: string, reason: string, detail: Record<string, unknown> = {}): Promise<void> {
    await this.sources.audit?.append({
      actor: operator.user,
      action: 'refusal',
      subject: subject.slice(0, 256),
      outcome: 'refused',
      detail: { reason, ...detail },
    });
  }

  /** Every destination the console looks at: the links and every destination the core knows. */
  async destinations(): Promise<string[]> {
    const known = await this.sources.forwarder.destinations();
    const listed = new Set(this.linkIds);
    return [...new Set([...listed, ...known])].sort((a, b) => Number(listed.has(b)) - Number(listed.has(a)) || a.localeCompare(b));
  }

  private tracker(): Tracker {
    if (!this.sources.tracker) throw unavailable('case tracking is not available on this runtime', '本运行环境未启用案件跟踪');
    return this.sources.tracker;
  }
}

export { DeliveryRate, DEFAULT_HEALTH_THRESHOLDS, type HealthThresholds, type LinksView, type LinkView, type Health } from './links';
export type {
  Operator,
  DeadLetterQuery,
  DeadLetterList,
  DeadLetterDetail,
  DeadLetterRow,
  ActionResult,
  ConsoleAuditEntry,
  DeadLetterAction,
} from './dead-letter-view';
export type { CaseView, ProcessView, ClockView, DeadlineLevel } from './case-view';
export type { DeadlinesView, DeadlineItem, DeadlineSummaryRow, DeadlineQuery } from './deadlines';
export type { EfficiencyView, EfficiencyQuery, StepPoint, RatePoint } from './efficiency';
export type { ProcessDiagram, DiagramNode, DiagramEdge } from './diagram';
export { processDiagram } from './diagram';
export { ConsoleError } from './errors';
export { ConsoleDownload, type DossierView, type DossierFileView, type DossierSources } from './dossier-view';
export { consoleLabels, type ConsoleLabels } from './labels';
export { directoryView, type DirectoryView, type SystemListing } from './directory';
