import type { Agency } from '../standard/codes/agencies';
import { canonicalDivision, DIVISIONS, type Division } from '../standard/codes/divisions';
import { orgCodeOf } from '../standard/codes/org-codes';
import type { Org } from '../standard/schema/parties';
import type { UnifiedMessage } from '../standard/schema/message';
import { SYSTEM_OF_AGENCY, systemDestination } from './systems';
import { bilingual } from '../standard/bilingual';

/** The manual channel for receivers outside the pilot districts (domain.md §5). */
export const OUT_OF_PILOT = 'OUT_OF_PILOT';
/** Prisons are reached through the provincial gateway, not a district system. */
export const PRISON_GATEWAY = 'prison-gateway';

export type RouteRule =
  /** An operator override for the receiver org code (metro/airport/railway units …). */
  | 'override'
  /** The receiver org code names a pilot system instance. */
  | 'receiver'
  /** Detention centre chosen by where the person is held. */
  | 'custody-place'
  /** Community corrections chosen by the offender's residence division. */
  | 'residence'
  | 'prison-gateway'
  | 'out-of-pilot';

export type RouteDecision =
  | {
      ok: true;
      destination: string;
      /** The receiver the message is delivered to (may differ from the sender's when a rule chose it). */
      receiver: Org;
      rule: RouteRule;
    }
  | { ok: false; reason: string };

export interface RouterOptions {
  /** Receiver org code → destination, applied before every other rule. */
  overrides?: Readonly<Record<string, string>>;
  /**
   * Refuse a PSB/procuratorate/court sender from another district than the case's crime
   * division (CPL 25), unless the message is a JURISDICTION_TRANSFER or `transferred` says so.
   * @deprecated The router decides where a message goes, route control (security/routes.ts
   * checkRoute) whether it may: the caselink-route node no longer sets this and applies the
   * district rules through checkRoute instead. Kept for callers of routeMessage alone.
   */
  rejectForeignSender?: boolean;
  /** Whether the case has been transferred to the sender's district (supplied by case tracking). */
  transferred?: (message: UnifiedMessage) => boolean;
}


const DISTRICT_NAMES: ReadonlyArray<[string, Division]> = [
  ...(Object.entries(DIVISIONS) as Array<[Division, (typeof DIVISIONS)[Division]]>).map(
    ([code, info]) => [info.zh.replace(/区$/, ''), code] as [string, Division],
  ),
  ['萝岗', '440112'],
];

/** The pilot division a free-text place (custody place, address) names, if any. */
export function divisionNamedIn(place: string | undefined): Division | undefined {
  if (!place) return undefined;
  for (const [name, code] of DISTRICT_NAMES) if (place.includes(name)) return code;
  return undefined;
}

function custodyDivision(message: UnifiedMessage): Division | undefined {
  for (const person of message.persons) {
    const division = divisionNamedIn(person.custody?.place);
    if (division) return division;
  }
  return undefined;
}

/** `{ known: false }` when nothing says where the offender lives; `division` undefined when outside the pilot. */
function residence(message: UnifiedMessage): { known: boolean; division?: Division } {
  const payload = message.payload as { residenceDivision?: string };
  if (payload.residenceDivision) {
    const division = canonicalDivision(payload.residenceDivision);
    return division ? { known: true, division } : { known: true };
  }
  for (const person of message.persons) {
    const division = divisionNamedIn(person.address);
    if (division) return { known: true, division };
  }
  return { known: false };
}

function orgIn(agency: Agency, division: Division): Org {
  return { agency, division, orgCode: orgCodeOf(agency, division)! };
}

function foreignSender(message: UnifiedMessage, options: RouterOptions): string | undefined {
  if (!options.rejectForeignSender) return undefined;
  if (!['PSB', 'PROCURATORATE', 'COURT'].includes(message.sender.agency)) return undefined;
  if (message.messageType === 'JURISDICTION_TRANSFER') return undefined;
  if (!message.case.crimeDivision) return undefined;
  const senderDivision = canonicalDivision(message.sender.division);
  const caseDivision = canonicalDivision(message.case.crimeDivision);
  if (senderDivision === caseDivision || options.transferred?.(message)) return undefined;
  return bilingual(
    `sender.division ${message.sender.division} is not the case's crime division ${message.case.crimeDivision} and no jurisdiction transfer is known`,
    `发送机关区划${message.sender.division}与案发地${message.case.crimeDivision}不一致，且无改变管辖记录`,
  );
}

/**
 * Chooses where one message goes (domain.md §5): an override for the receiver org code; the
 * detention centre where the person is held; community corrections of the residence division;
 * the provincial gateway for prisons; otherwise the system instance serving the receiver's agency
 * and district. Receivers outside the pilot go to OUT_OF_PILOT (manual channel).
 */
export function routeMessage(message: UnifiedMessage, options: RouterOptions = {}): RouteDecision {
  const refused = foreignSender(message, options);
  if (refused) return { ok: false, reason: refused };

  const receiver = message.receiver;
  const override = options.overrides?.[receiver.orgCode];
  if (override) return { ok: true, destination: override, receiver, rule: 'override' };

  if (receiver.agency === 'PRISON') return { ok: true, destination: PRISON_GATEWAY, receiver, rule: 'prison-gateway' };

  if (receiver.agency === 'DETENTION_CENTER') {
    const held = custodyDivision(message);
    if (held) return { ok: true, destination: systemDestination('psb', held), receiver: orgIn('DETENTION_CENTER', held), rule: 'custody-place' };
  }

  if (receiver.agency === 'COMMUNITY_CORRECTIONS') {
    const lives = residence(message);
    if (lives.known) {
      return lives.division
        ? { ok: true, destination: systemDestination('justice', lives.division), receiver: orgIn('COMMUNITY_CORRECTIONS', lives.division), rule: 'residence' }
        : { ok: true, destination: OUT_OF_PILOT, receiver, rule: 'out-of-pilot' };
    }
  }

  const division = canonicalDivision(receiver.division);
  const kind = SYSTEM_OF_AGENCY[receiver.agency];
  if (!division || !kind) return { ok: true, destination: OUT_OF_PILOT, receiver, rule: 'out-of-pilot' };
  const canonicalReceiver = division === receiver.division ? receiver : orgIn(receiver.agency, division);
  return { ok: true, destination: systemDestination(kind, division), receiver: canonicalReceiver, rule: 'receiver' };
}

/**
 * Reads overrides written one per line as `<receiver org code> = <destination>` (or `:`); blank
 * lines and lines starting with # are ignored. Every bad line is reported, none is guessed.
 */
export function parseOverrides(text: string | undefined): { overrides: Record<string, string>; errors: string[] } {
  const overrides: Record<string, string> = {};
  const errors: string[] = [];
  (text ?? '').split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^(\d{12})\s*[=:]\s*([^\s{}]+)$/.exec(line);
    if (!match) {
      errors.push(
        bilingual(
          `override line ${index + 1} "${line}" must read "<12-digit org code> = <destination>"`,
          `第${index + 1}行路由覆盖应为“12位机构代码 = 目的地”`,
        ),
      );
      return;
    }
    overrides[match[1]!] = match[2]!;
  });
  return { overrides, errors };
}
