import { builtinDirectory } from '../directory/load';
import type { OrgDirectory } from '../directory/org-directory';
import type { UnitEntry } from '../directory/schema';
import { orgCodeScheme } from '../directory/validate';
import { canonicalDivision } from '../standard/codes/divisions';
import type { Org } from '../standard/schema/parties';
import type { UnifiedMessage } from '../standard/schema/message';
import { bilingual } from '../standard/bilingual';

/** The manual channel for receivers the org directory does not list with a system instance (domain.md §5). */
export const OUT_OF_PILOT = 'OUT_OF_PILOT';
/** Prisons are reached through the provincial gateway, not a district system. */
export const PRISON_GATEWAY = 'prison-gateway';

export type RouteRule =
  /** An operator override for the receiver org code (metro/airport/railway units …). */
  | 'override'
  /** The receiver org code is a unit served by a system instance of the org directory. */
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
  /** Which units exist and which system instance serves each (default: the shipped directory). */
  directory?: OrgDirectory;
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

function orgOf(unit: UnitEntry): Org {
  return { agency: unit.agency, division: unit.division, orgCode: unit.orgCode };
}

/** The route to the system instance serving a unit, if the directory lists one. */
type Routed = Extract<RouteDecision, { ok: true }>;

function toUnit(directory: OrgDirectory, unit: UnitEntry | undefined, rule: RouteRule): Routed | undefined {
  const instance = unit ? directory.instanceServing(unit.orgCode) : undefined;
  return instance && unit ? { ok: true, destination: instance.id, receiver: orgOf(unit), rule } : undefined;
}

function custodyDivision(message: UnifiedMessage, directory: OrgDirectory): string | undefined {
  for (const person of message.persons) {
    const division = directory.divisionNamedIn(person.custody?.place);
    if (division) return division;
  }
  return undefined;
}

/** `{ known: false }` when nothing says where the offender lives; `division` undefined when the directory does not list it. */
function residence(message: UnifiedMessage, directory: OrgDirectory): { known: boolean; division?: string } {
  const payload = message.payload as { residenceDivision?: string };
  if (payload.residenceDivision) {
    const division = directory.canonicalDivision(payload.residenceDivision);
    return division ? { known: true, division } : { known: true };
  }
  for (const person of message.persons) {
    const division = directory.divisionNamedIn(person.address);
    if (division) return { known: true, division };
  }
  return { known: false };
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
 * otherwise the system instance the org directory lists as serving the receiver. A prison no
 * instance serves goes to the provincial gateway; any other receiver without one to OUT_OF_PILOT
 * (manual channel).
 */
export function routeMessage(message: UnifiedMessage, options: RouterOptions = {}): RouteDecision {
  const refused = foreignSender(message, options);
  if (refused) return { ok: false, reason: refused };

  const receiver = message.receiver;
  const override = options.overrides?.[receiver.orgCode];
  if (override) return { ok: true, destination: override, receiver, rule: 'override' };
  const directory = options.directory ?? builtinDirectory();

  if (receiver.agency === 'DETENTION_CENTER') {
    const held = custodyDivision(message, directory);
    const routed = held ? toUnit(directory, directory.unitOf('DETENTION_CENTER', held), 'custody-place') : undefined;
    if (routed) return routed;
  }

  if (receiver.agency === 'COMMUNITY_CORRECTIONS') {
    const lives = residence(message, directory);
    if (lives.known) {
      const routed = lives.division ? toUnit(directory, directory.unitOf('COMMUNITY_CORRECTIONS', lives.division), 'residence') : undefined;
      return routed ?? { ok: true, destination: OUT_OF_PILOT, receiver, rule: 'out-of-pilot' };
    }
  }

  const named = directory.unit(receiver.orgCode);
  // A unit named by its credit code is what the directory says it is (legacy formats cannot say).
  const byCreditCode = named !== undefined && orgCodeScheme(named.orgCode)?.scheme === 'uscc';
  const unit = named && (named.agency === receiver.agency || byCreditCode) ? named : directory.unitOf(receiver.agency, receiver.division);
  const routed = toUnit(directory, unit, 'receiver');
  if (routed) return routed.receiver.orgCode === receiver.orgCode ? { ...routed, receiver } : routed;
  if (receiver.agency === 'PRISON') return { ok: true, destination: PRISON_GATEWAY, receiver, rule: 'prison-gateway' };
  return { ok: true, destination: OUT_OF_PILOT, receiver, rule: 'out-of-pilot' };
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
