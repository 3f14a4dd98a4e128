import { createAdapterRegistry } from '../../adapters/builtins';
import type { AdapterRegistry } from '../../adapters/registry';
import type { Credentials, SystemKind } from '../../adapters/types';
import { builtinDirectory } from '../../directory/load';
import type { OrgDirectory } from '../../directory/org-directory';
import type { Division } from '../../standard/codes/divisions';
import { bilingual } from '../../standard/bilingual';

/** What an editor form (or a flow file) says about one legacy system instance. */
export interface SystemInstanceSettings {
  kind: string;
  division: string;
  /** Empty: the first unit the directory lists the instance as serving (its own agency). */
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
  /** How it takes attachments on delivery; empty: CASELINK_<KIND>_<DIVISION>_ATTACHMENTS, else its adapter's declaration, else inline. */
  attachments?: string;
}

/** How a receiver takes files: inline base64 in its message, or a time-limited link it fetches (docs/dossier-and-evidence.md). */
export type AttachmentDelivery = 'inline' | 'link';

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
  /** How it takes attachments on delivery. */
  attachments: AttachmentDelivery;
}

/** The systems that push to the platform; a receive-only instance of one needs no address. */

export type SystemInstanceResult = { ok: true; instance: SystemInstance } | { ok: false; errors: string[] };

/** `CASELINK_COURT_440105`: the prefix of a system instance's environment variables. */
export function envPrefix(kind: SystemKind, division: Division): string {
  return `CASELINK_${kind.toUpperCase().replace(/-/g, '_')}_${division}`;
}

/** The environment variables a system instance reads when its flow settings are empty. */
export function envNames(kind: SystemKind, division: Division): { url: string; token: string; appId: string; secret: string; attachments: string } {
  const prefix = envPrefix(kind, division);
  return { url: `${prefix}_URL`, token: `${prefix}_TOKEN`, appId: `${prefix}_APPID`, secret: `${prefix}_SECRET`, attachments: `${prefix}_ATTACHMENTS` };
}

function blank(value: string | undefined): boolean {
  // An unresolved ${VAR} left by Node-RED's substitution counts as empty.
  return value === undefined || value.trim() === '' || /^\$\{[^}]*\}$/.test(value.trim());
}

/**
 * Resolves one system instance: flow settings first, then the instance's environment variables
 * (CASELINK_<KIND>_<DIVISION>_URL / _TOKEN / _APPID / _SECRET). Reports every missing or bad
 * field, in English and Chinese.
 */
export function resolveSystemInstance(
  settings: SystemInstanceSettings,
  env: NodeJS.ProcessEnv = process.env,
  adapters: AdapterRegistry = createAdapterRegistry(),
  directory: OrgDirectory = builtinDirectory(),
): SystemInstanceResult {
  const errors: string[] = [];
  const adapter = adapters.get(String(settings.kind ?? ''));
  const kind = adapter?.kind;
  if (!adapter)
    errors.push(bilingual(`kind "${settings.kind}" is not a registered adapter (known: ${adapters.kinds().join(', ')})`, '系统类型不是已注册的适配器'));
  const division = directory.canonicalDivision(String(settings.division ?? ''));
  if (!division) errors.push(bilingual(`division "${settings.division}" is not listed in the org directory`, `区划“${settings.division}”未在机构目录中登记`));
  if (!adapter || !kind || !division) return { ok: false, errors };
  const listed = directory.instanceOf(kind, division);
  if (!listed) {
    errors.push(bilingual(`the org directory lists no ${kind} system instance in ${division}`, `机构目录中未登记该区划的此系统实例（${kind}-${division}）`));
    return { ok: false, errors };
  }

  const names = envNames(kind, division);
  let orgCode = listed.serves[0]!;
  if (!blank(settings.orgCode)) {
    const unit = directory.unit(settings.orgCode!.trim());
    if (!unit) errors.push(bilingual(`orgCode "${settings.orgCode}" is not a unit listed in the org directory`, '机构代码未在机构目录中登记'));
    else if (!listed.serves.includes(unit.orgCode) || !adapter.agencies.includes(unit.agency)) {
      errors.push(bilingual(`orgCode ${settings.orgCode} is not served by the ${kind} system of ${division}`, `机构代码不属于该区该系统`));
    } else orgCode = unit.orgCode;
  }

  const receiveOnly = settings.receiveOnly === true || String(settings.receiveOnly) === 'true';
  if (receiveOnly && !adapter.transports.push) {
    errors.push(bilingual(`a ${kind} system is polled at its address: it cannot be receive-only`, '由平台轮询其地址的系统不能设为仅接收'));
  }
  const baseUrlFromFlow = !blank(settings.baseUrl);
  const baseUrl = (baseUrlFromFlow ? settings.baseUrl! : (env[names.url] ?? '')).trim().replace(/\/+$/, '');
  if (baseUrl === '' && receiveOnly && adapter.transports.push) {
    // Receive-only: nothing is ever sent to it, so it has no address to check.
  } else if (baseUrl === '') {
    errors.push(bilingual(`baseUrl is empty and ${names.url} is not set`, `未填写系统地址，且未设置环境变量 ${names.url}`));
  } else if (!/^https?:\/\/[^\s/]+/.test(baseUrl)) {
    errors.push(bilingual(`baseUrl "${baseUrl}" must be an http:// or https:// URL`, '系统地址应为 http:// 或 https:// 地址'));
  }

  const credentials: Credentials = {};
  const fromEnv: Array<keyof Credentials> = [];
  const envOf: Record<keyof Credentials, string> = { token: names.token, appId: names.appId, secret: names.secret };
  for (const field of adapter.credentials) {
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
  const declared = (adapter.transports.delivery as { attachments?: unknown } | undefined)?.attachments;
  const attachmentsText = (
    !blank(settings.attachments) ? settings.attachments! : blank(env[names.attachments]) ? String(declared ?? 'inline') : env[names.attachments]!
  )
    .trim()
    .toLowerCase();
  if (attachmentsText !== 'inline' && attachmentsText !== 'link') {
    errors.push(bilingual(`attachments "${attachmentsText}" must be inline or link`, '附件投递方式应为 inline（内联）或 link（链接）'));
  } else if (attachmentsText === 'link' && !adapter.codec.verifyInbound) {
    errors.push(
      bilingual(
        `a ${kind} system cannot take attachments by link: its adapter has no way to authenticate the system when it fetches them`,
        '该系统的适配器无法验证其取件请求的身份，不能以链接方式投递附件',
      ),
    );
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
      destination: listed.id,
      sources: { baseUrl: baseUrlFromFlow ? 'flow' : 'env', credentials: fromEnv },
      receiveOnly,
      attachments: attachmentsText as AttachmentDelivery,
    },
  };
}
