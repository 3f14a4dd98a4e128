import { SYSTEM_KINDS, type Credentials, type SystemKind } from '../../adapters/types';
import { canonicalDivision, type Division } from '../../standard/codes/divisions';
import { parseOrgCode } from '../../standard/codes/org-codes';
import { AGENCIES_OF_SYSTEM, defaultOrgCode, systemDestination } from '../../routing/systems';
import { bilingual } from '../../standard/bilingual';

/** What an editor form (or a flow file) says about one legacy system instance. */
export interface SystemInstanceSettings {
  kind: string;
  division: string;
  /** Empty: the system's own agency in the division (psb 440105 → 440105010000). */
  orgCode?: string;
  /** Empty: taken from CASELINK_<KIND>_<DIVISION>_URL. */
  baseUrl?: string;
  timeoutMs?: number | string;
  credentials?: Credentials;
  /**
   * The platform only receives from it (a push system: PSB, procuratorate), never delivers to it:
   * it needs no address. Court and justice systems are polled at their address, so they always need one.
   */
  receiveOnly?: boolean;
}

/** One legacy system instance, resolved and checked. */
export interface SystemInstance {
  kind: SystemKind;
  division: Division;
  orgCode: string;
  baseUrl: string;
  timeoutMs: number;
  credentials: Credentials;
  /** The core destination its delivery node consumes, e.g. `court-440105`. */
  destination: string;
  /** Where each value came from (for the editor and the logs; never the secrets themselves). */
  sources: { baseUrl: 'flow' | 'env'; credentials: Array<keyof Credentials> };
  /** Only receives from the system (no address; no delivery node may use it). */
  receiveOnly: boolean;
}

/** The systems that push to the platform; a receive-only instance of one needs no address. */
export const PUSH_SYSTEM_KINDS: readonly SystemKind[] = ['psb', 'procuratorate'];

export type SystemInstanceResult = { ok: true; instance: SystemInstance } | { ok: false; errors: string[] };


/** `CASELINK_COURT_440105`: the prefix of a system instance's environment variables. */
export function envPrefix(kind: SystemKind, division: Division): string {
  return `CASELINK_${kind.toUpperCase()}_${division}`;
}

/** The environment variables a system instance reads when its flow settings are empty. */
export function envNames(kind: SystemKind, division: Division): { url: string; token: string; appId: string; secret: string } {
  const prefix = envPrefix(kind, division);
  return { url: `${prefix}_URL`, token: `${prefix}_TOKEN`, appId: `${prefix}_APPID`, secret: `${prefix}_SECRET` };
}

/** Which credentials each system's specification uses (legacy/README.md). */
export const CREDENTIALS_OF_SYSTEM: Readonly<Record<SystemKind, ReadonlyArray<keyof Credentials>>> = {
  psb: ['token'],
  procuratorate: ['token'],
  court: ['appId', 'secret'],
  justice: ['appId', 'secret'],
};

function blank(value: string | undefined): boolean {
  // An unresolved ${VAR} left by Node-RED's substitution counts as empty.
  return value === undefined || value.trim() === '' || /^\$\{[^}]*\}$/.test(value.trim());
}

/**
 * Resolves one system instance: flow settings first, then the instance's environment variables
 * (CASELINK_<KIND>_<DIVISION>_URL / _TOKEN / _APPID / _SECRET). Reports every missing or bad
 * field, in English and Chinese.
 */
export function resolveSystemInstance(settings: SystemInstanceSettings, env: NodeJS.ProcessEnv = process.env): SystemInstanceResult {
  const errors: string[] = [];
  const kind = SYSTEM_KINDS.find((k) => k === settings.kind);
  if (!kind) errors.push(bilingual(`kind "${settings.kind}" must be psb, procuratorate, court or justice`, '系统类型应为公安、检察、法院或司法'));
  const division = canonicalDivision(String(settings.division ?? ''));
  if (!division) errors.push(bilingual(`division "${settings.division}" is not a pilot division (440105, 440111, 440112, 440115)`, '不是试点区划代码'));
  if (!kind || !division) return { ok: false, errors };

  const names = envNames(kind, division);
  let orgCode = defaultOrgCode(kind, division);
  if (!blank(settings.orgCode)) {
    const org = parseOrgCode(settings.orgCode!.trim());
    if (!org) errors.push(bilingual(`orgCode "${settings.orgCode}" must be a 12-digit platform org code`, '应为12位平台机构代码'));
    else if (org.division !== division || !AGENCIES_OF_SYSTEM[kind].includes(org.agency)) {
      errors.push(bilingual(`orgCode ${settings.orgCode} is not served by the ${kind} system of ${division}`, `机构代码不属于该区该系统`));
    } else orgCode = org.orgCode;
  }

  const receiveOnly = settings.receiveOnly === true || String(settings.receiveOnly) === 'true';
  if (receiveOnly && !PUSH_SYSTEM_KINDS.includes(kind)) {
    errors.push(bilingual(`a ${kind} system is polled at its address: it cannot be receive-only`, '法院、司法系统由平台轮询其地址，不能设为仅接收'));
  }
  const baseUrlFromFlow = !blank(settings.baseUrl);
  const baseUrl = (baseUrlFromFlow ? settings.baseUrl! : env[names.url] ?? '').trim().replace(/\/+$/, '');
  if (baseUrl === '' && receiveOnly && PUSH_SYSTEM_KINDS.includes(kind)) {
    // Receive-only: nothing is ever sent to it, so it has no address to check.
  } else if (baseUrl === '') {
    errors.push(bilingual(`baseUrl is empty and ${names.url} is not set`, `未填写系统地址，且未设置环境变量 ${names.url}`));
  } else if (!/^https?:\/\/[^\s/]+/.test(baseUrl)) {
    errors.push(bilingual(`baseUrl "${baseUrl}" must be an http:// or https:// URL`, '系统地址应为 http:// 或 https:// 地址'));
  }

  const credentials: Credentials = {};
  const fromEnv: Array<keyof Credentials> = [];
  const envOf: Record<keyof Credentials, string> = { token: names.token, appId: names.appId, secret: names.secret };
  for (const field of CREDENTIALS_OF_SYSTEM[kind]) {
    const own = settings.credentials?.[field];
    if (!blank(own)) credentials[field] = own;
    else if (!blank(env[envOf[field]])) {
      credentials[field] = env[envOf[field]];
      fromEnv.push(field);
    } else errors.push(bilingual(`credential ${field} is empty and ${envOf[field]} is not set`, `未填写凭据 ${field}，且未设置环境变量 ${envOf[field]}`));
  }

  const timeoutMs = settings.timeoutMs === undefined || settings.timeoutMs === '' ? 10_000 : Number(settings.timeoutMs);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 600_000) {
    errors.push(bilingual(`timeoutMs "${settings.timeoutMs}" must be a whole number of milliseconds from 100 to 600000`, '超时应为100至600000毫秒的整数'));
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    instance: {
      kind,
      division,
      orgCode,
      baseUrl,
      timeoutMs,
      credentials,
      destination: systemDestination(kind, division),
      sources: { baseUrl: baseUrlFromFlow ? 'flow' : 'env', credentials: fromEnv },
      receiveOnly,
    },
  };
}
