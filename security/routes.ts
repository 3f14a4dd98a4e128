import { BUILTIN_ADAPTERS } from '../adapters/builtins';
import { AGENCY_IDS, type Agency } from '../standard/codes/agencies';
import { canonicalDivision } from '../standard/codes/divisions';
import { MESSAGE_TYPE_IDS, MESSAGE_TYPES, type MessageType } from '../standard/codes/message-types';
import type { UnifiedMessage } from '../standard/schema/message';
import { bilingual } from '../standard/schema/primitives';
import { parseCaseUid } from '../standard/validators/case-numbers';

/**
 * Who may send what to whom (domain.md §2, §5), as data: a route matrix of
 * sender agency × message type × receiver agency built from MESSAGE_TYPES `from`/`to` and
 * adjustable by configuration, plus the district rules and the binding of a message's sender to
 * the authenticated legacy channel it arrived on.
 */

export type RouteTriple = readonly [sender: Agency, type: MessageType, receiver: Agency];

export interface RouteConfig {
  /** Replace the sender and/or receiver lists of message types. */
  types?: Partial<Record<MessageType, { from?: readonly Agency[]; to?: readonly Agency[] }>>;
  /** Extra routes. */
  allow?: readonly RouteTriple[];
  /** Routes removed (applied last). */
  deny?: readonly RouteTriple[];
  /** Agencies that may sit in another district than the case. */
  districtExemptAgencies?: readonly Agency[];
  /** Message types whose sender is by nature in another district (the higher procuratorate's review decision). */
  senderDistrictExemptTypes?: readonly MessageType[];
  /** Message types whose receiver is by nature in another district (review by the higher procuratorate, the transfer itself). */
  receiverDistrictExemptTypes?: readonly MessageType[];
  /** Org codes of special units (metro, airport, railway police and courts) allowed across districts. */
  districtExemptOrgCodes?: readonly string[];
  /** When the case's district cannot be told (no crimeDivision, no caseUid): refuse (default) or allow. */
  unknownCaseDivision?: 'refuse' | 'allow';
  /** The agencies each legacy system speaks for (legacy/README.md: PSB also serves the detention centre…). */
  systemAgencies?: Readonly<Record<string, readonly Agency[]>>;
}

export const DEFAULT_ROUTE_CONFIG = {
  // PRISON is provincial; DETENTION_CENTER follows the custody record; COMMUNITY_CORRECTIONS the residence (domain.md §5).
  districtExemptAgencies: ['PRISON', 'DETENTION_CENTER', 'COMMUNITY_CORRECTIONS'],
  senderDistrictExemptTypes: ['REVIEW_DECISION'],
  receiverDistrictExemptTypes: ['REVIEW_REQUEST', 'JURISDICTION_TRANSFER'],
  districtExemptOrgCodes: [],
  unknownCaseDivision: 'refuse',
  // The built-in adapters' own declarations (adapters/builtins.ts); a channel names its agencies itself otherwise.
  systemAgencies: Object.fromEntries(BUILTIN_ADAPTERS.map((adapter) => [adapter.kind, adapter.agencies])) as Readonly<Record<string, readonly Agency[]>>,
} as const satisfies RouteConfig;

export interface RouteContext {
  /** The authenticated legacy channel: system kind (or `<kind>-<instance>`) and the instance's division. */
  channel?: { system: string; division?: string; agencies?: readonly Agency[] };
  /**
   * A JURISDICTION_TRANSFER exists for the case (tracking knows): `true` lifts the district rule,
   * a list of divisions adds the districts the case was transferred to.
   */
  jurisdictionTransfer?: boolean | readonly string[] | ((message: UnifiedMessage) => boolean | readonly string[]);
  /**
   * The case district to assume when the message does not tell (no case.crimeDivision, no caseUid:
   * court and justice formats before tracking linked the case), e.g. the authenticated channel's division.
   */
  assumedCaseDivision?: string;
}

export type RouteCode =
  | 'UNKNOWN_MESSAGE_TYPE'
  | 'SENDER_NOT_ALLOWED'
  | 'RECEIVER_NOT_ALLOWED'
  | 'CHANNEL_MISMATCH'
  | 'CASE_DIVISION_UNKNOWN'
  | 'SENDER_DISTRICT_MISMATCH'
  | 'RECEIVER_DISTRICT_MISMATCH'
  | 'RESIDENCE_DISTRICT_MISMATCH';

export type RouteVerdict = { ok: true } | { ok: false; code: RouteCode; reason: string };

const key = (sender: string, type: string, receiver: string) => `${sender}>${type}>${receiver}`;

/** The current code of a division (440116 → 440112); codes outside the pilot stay as they are. */
export function normaliseDivision(code: string): string {
  return canonicalDivision(code) ?? code;
}

/** The case's district: case.crimeDivision, else the caseUid's division; undefined when neither. */
export function caseDivisionOf(message: Pick<UnifiedMessage, 'case' | 'caseUid'>): string | undefined {
  if (message.case.crimeDivision) return normaliseDivision(message.case.crimeDivision);
  const uid = message.caseUid === undefined ? undefined : parseCaseUid(message.caseUid);
  return uid ? normaliseDivision(uid.division) : undefined;
}

export class RoutePolicy {
  private readonly routes = new Set<string>();
  private readonly exemptAgencies: ReadonlySet<string>;
  private readonly senderExemptTypes: ReadonlySet<string>;
  private readonly receiverExemptTypes: ReadonlySet<string>;
  private readonly exemptOrgCodes: ReadonlySet<string>;
  private readonly unknownCaseDivision: 'refuse' | 'allow';
  private readonly systemAgencies: Readonly<Record<string, readonly Agency[]>>;

  constructor(config: RouteConfig = {}) {
    for (const type of MESSAGE_TYPE_IDS) {
      const override = config.types?.[type];
      const from = override?.from ?? MESSAGE_TYPES[type].from;
      const to = override?.to ?? MESSAGE_TYPES[type].to;
      for (const sender of from) for (const receiver of to) this.routes.add(key(sender, type, receiver));
    }
    for (const [sender, type, receiver] of config.allow ?? []) this.routes.add(key(sender, type, receiver));
    for (const [sender, type, receiver] of config.deny ?? []) this.routes.delete(key(sender, type, receiver));
    this.exemptAgencies = new Set(config.districtExemptAgencies ?? DEFAULT_ROUTE_CONFIG.districtExemptAgencies);
    this.senderExemptTypes = new Set(config.senderDistrictExemptTypes ?? DEFAULT_ROUTE_CONFIG.senderDistrictExemptTypes);
    this.receiverExemptTypes = new Set(config.receiverDistrictExemptTypes ?? DEFAULT_ROUTE_CONFIG.receiverDistrictExemptTypes);
    this.exemptOrgCodes = new Set(config.districtExemptOrgCodes ?? DEFAULT_ROUTE_CONFIG.districtExemptOrgCodes);
    this.unknownCaseDivision = config.unknownCaseDivision ?? DEFAULT_ROUTE_CONFIG.unknownCaseDivision;
    this.systemAgencies = config.systemAgencies ?? DEFAULT_ROUTE_CONFIG.systemAgencies;
  }

  allows(sender: Agency, type: MessageType, receiver: Agency): boolean {
    return this.routes.has(key(sender, type, receiver));
  }

  /** Every allowed route, for documentation and the console. */
  triples(): RouteTriple[] {
    return [...this.routes].map((entry) => entry.split('>') as unknown as RouteTriple);
  }

  check(message: UnifiedMessage, context: RouteContext = {}): RouteVerdict {
    const type = message.messageType as string;
    if (!(MESSAGE_TYPE_IDS as readonly string[]).includes(type)) {
      return refuse('UNKNOWN_MESSAGE_TYPE', `message type ${type} is not routable`, `报文类型${type}不可路由`);
    }
    const sender = message.sender;
    const receiver = message.receiver;
    const matrix = this.checkMatrix(sender.agency, message.messageType, receiver.agency);
    if (matrix) return matrix;
    const channel = this.checkChannel(message, context);
    if (channel) return channel;
    return this.checkDistricts(message, context);
  }

  private checkMatrix(sender: Agency, type: MessageType, receiver: Agency): RouteVerdict | undefined {
    if (this.allows(sender, type, receiver)) return undefined;
    const receivers = AGENCY_IDS.filter((agency) => this.allows(sender, type, agency));
    if (receivers.length === 0) {
      const senders = AGENCY_IDS.filter((agency) => AGENCY_IDS.some((to) => this.allows(agency, type, to)));
      return refuse(
        'SENDER_NOT_ALLOWED',
        `${sender} may not send ${type} (senders allowed: ${senders.join(', ') || 'none'})`,
        `${sender}无权发送${MESSAGE_TYPES[type].zh}（允许的发送方：${senders.join('、') || '无'}）`,
      );
    }
    return refuse(
      'RECEIVER_NOT_ALLOWED',
      `${type} from ${sender} may not go to ${receiver} (receivers allowed: ${receivers.join(', ')})`,
      `${sender}发送的${MESSAGE_TYPES[type].zh}不得发往${receiver}（允许的接收方：${receivers.join('、')}）`,
    );
  }

  private checkChannel(message: UnifiedMessage, context: RouteContext): RouteVerdict | undefined {
    if (!context.channel) return undefined;
    const { system, division } = context.channel;
    const kind = system.split('-')[0] ?? system;
    const agencies = context.channel.agencies ?? this.systemAgencies[kind] ?? [];
    if (!agencies.includes(message.sender.agency)) {
      return refuse(
        'CHANNEL_MISMATCH',
        `sender ${message.sender.agency} cannot arrive on the ${kind} channel (it speaks for ${agencies.join(', ') || 'no agency'})`,
        `发送方${message.sender.agency}不能经由${kind}系统通道发送`,
      );
    }
    if (division !== undefined && normaliseDivision(division) !== normaliseDivision(message.sender.division)) {
      return refuse(
        'CHANNEL_MISMATCH',
        `sender division ${message.sender.division} is not the division ${division} of the ${system} channel`,
        `发送方区划${message.sender.division}与通道${system}的区划${division}不符`,
      );
    }
    return undefined;
  }

  private checkDistricts(message: UnifiedMessage, context: RouteContext): RouteVerdict {
    const residence = this.checkResidence(message);
    if (residence) return residence;
    const type = message.messageType;
    const senderBound = this.districtBound(message.sender) && !this.senderExemptTypes.has(type);
    const receiverBound = this.districtBound(message.receiver) && !this.receiverExemptTypes.has(type);
    if (!senderBound && !receiverBound) return { ok: true };
    const transfer = typeof context.jurisdictionTransfer === 'function' ? context.jurisdictionTransfer(message) : context.jurisdictionTransfer;
    if (transfer === true) return { ok: true };
    const told = caseDivisionOf(message);
    const caseDivision = told ?? (context.assumedCaseDivision ? normaliseDivision(context.assumedCaseDivision) : undefined);
    if (caseDivision === undefined) {
      return this.unknownCaseDivision === 'allow'
        ? { ok: true }
        : refuse(
            'CASE_DIVISION_UNKNOWN',
            'the case district cannot be told: neither case.crimeDivision nor caseUid is present',
            '无法确定案件所属区划：缺少案发地区划和统一案件编号',
          );
    }
    const allowed = new Set([caseDivision, ...(Array.isArray(transfer) ? transfer.map(normaliseDivision) : [])]);
    const source =
      told === undefined
        ? ['assumed: the division of the channel it arrived on', '按接收通道所在区划推定']
        : message.case.crimeDivision
          ? ['its crime division', '案发地']
          : ['the division in its caseUid', '统一案件编号所示区划'];
    const allowedText = `${[...allowed].join(', ')} (${source[0]})`;
    const allowedZh = `${[...allowed].join('、')}（${source[1]}）`;
    if (senderBound && !allowed.has(normaliseDivision(message.sender.division))) {
      return refuse(
        'SENDER_DISTRICT_MISMATCH',
        `sender ${message.sender.orgCode} is in district ${message.sender.division}, the case belongs to ${allowedText} and no jurisdiction transfer exists`,
        `发送方${message.sender.orgCode}所在区划${message.sender.division}与案件所属区划${allowedZh}不符，且无改变管辖`,
      );
    }
    if (receiverBound && !allowed.has(normaliseDivision(message.receiver.division))) {
      return refuse(
        'RECEIVER_DISTRICT_MISMATCH',
        `receiver ${message.receiver.orgCode} is in district ${message.receiver.division}, the case belongs to ${allowedText} and no jurisdiction transfer exists`,
        `接收方${message.receiver.orgCode}所在区划${message.receiver.division}与案件所属区划${allowedZh}不符，且无改变管辖`,
      );
    }
    return { ok: true };
  }

  /** Community corrections go by the offender's residence (CCL 17) when the payload names it. */
  private checkResidence(message: UnifiedMessage): RouteVerdict | undefined {
    const payload = message.payload as { residenceDivision?: string };
    if (typeof payload.residenceDivision !== 'string') return undefined;
    const residence = normaliseDivision(payload.residenceDivision);
    for (const party of [message.sender, message.receiver]) {
      if (party.agency === 'COMMUNITY_CORRECTIONS' && normaliseDivision(party.division) !== residence) {
        return refuse(
          'RESIDENCE_DISTRICT_MISMATCH',
          `community corrections ${party.orgCode} is not in the offender's residence district ${payload.residenceDivision}`,
          `社区矫正机构${party.orgCode}不在社区矫正对象居住地${payload.residenceDivision}`,
        );
      }
    }
    return undefined;
  }

  private districtBound(org: UnifiedMessage['sender']): boolean {
    return !this.exemptAgencies.has(org.agency) && !this.exemptOrgCodes.has(org.orgCode);
  }
}

function refuse(code: RouteCode, en: string, zh: string): RouteVerdict {
  return { ok: false, code, reason: bilingual(en, zh) };
}

export const DEFAULT_ROUTE_POLICY = new RoutePolicy();

/** Checks one message against the route matrix, its channel and the district rules. */
export function checkRoute(message: UnifiedMessage, context: RouteContext = {}, policy: RoutePolicy = DEFAULT_ROUTE_POLICY): RouteVerdict {
  return policy.check(message, context);
}

export { minimiseFor, MINIMISATION, type MinimisationRule } from './minimise';
