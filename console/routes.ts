/**
 * The console's JSON API as a table, independent of any web framework: the Node-RED plugin mounts
 * each route under `<httpAdminRoot>/caselink/api` behind `RED.auth.needsPermission(permission)`.
 */
import type { ConsoleApi } from './api';
import type { Operator } from './dead-letter-view';
import { badRequest } from './errors';
import type { ConsoleLabels } from './labels';
import type { Period } from '../tracking/index';
import type { DirectoryView } from './directory';

export type ConsolePermission = 'caselink.read' | 'caselink.write';

export interface ConsoleRequest {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  operator: Operator & { canWrite: boolean };
}

/** What the runtime knows without Redis: the org directory and the registered adapters. */
export interface ConsolePlatform {
  labels(): ConsoleLabels;
  directory(): DirectoryView;
}

export interface ConsoleRoute {
  method: 'get' | 'post';
  /** Express-style path below `/caselink/api`. */
  path: string;
  permission: ConsolePermission;
  /** `api()` connects on demand: routes that need no platform data never wait for Redis. */
  handle(api: () => Promise<ConsoleApi>, request: ConsoleRequest, platform?: ConsolePlatform): unknown;
}

function str(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  const text = Array.isArray(value) ? value[0] : value;
  return typeof text === 'string' && text.trim() !== '' ? text.trim() : undefined;
}

function int(query: Record<string, unknown>, name: string): number | undefined {
  const text = str(query, name);
  if (text === undefined) return undefined;
  if (!/^-?\d{1,16}$/.test(text)) throw badRequest(name, 'must be a whole number', '应为整数');
  return Number(text);
}

function flag(query: Record<string, unknown>, name: string): boolean {
  const text = str(query, name);
  return text === '1' || text === 'true';
}

function reasonOf(body: unknown): unknown {
  return body !== null && typeof body === 'object' ? (body as Record<string, unknown>).reason : undefined;
}

function defined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export const CONSOLE_ROUTES: readonly ConsoleRoute[] = [
  {
    method: 'get',
    path: '/session',
    permission: 'caselink.read',
    handle: (_api, { operator }) => ({ user: operator.user, canWrite: operator.canWrite }),
  },
  {
    method: 'get',
    path: '/labels',
    permission: 'caselink.read',
    handle: async (api, _request, platform) => (platform ? platform.labels() : (await api()).labels()),
  },
  {
    method: 'get',
    path: '/directory',
    permission: 'caselink.read',
    // Without Redis the directory is still known: the page can lay itself out before the links answer.
    handle: async (api, _request, platform) => (platform ? platform.directory() : (await api()).directory()),
  },
  { method: 'get', path: '/links', permission: 'caselink.read', handle: async (api) => (await api()).links() },
  {
    method: 'get',
    path: '/dead-letters',
    permission: 'caselink.read',
    handle: async (api, { query, operator }) =>
      (await api()).deadLetters(
        defined({
          destination: str(query, 'destination'),
          caseNumber: str(query, 'case'),
          messageType: str(query, 'type'),
          offset: int(query, 'offset'),
          limit: int(query, 'limit'),
        }),
        operator,
      ),
  },
  {
    method: 'get',
    path: '/dead-letters/:destination/:messageId',
    permission: 'caselink.read',
    handle: async (api, { params, operator }) => (await api()).deadLetter(params.destination!, params.messageId!, operator),
  },
  {
    method: 'post',
    path: '/dead-letters/:destination/:messageId/reveal',
    permission: 'caselink.write',
    handle: async (api, { params, body, operator }) => {
      const reason = reasonOf(body);
      return (await api()).deadLetter(params.destination!, params.messageId!, operator, { reason: typeof reason === 'string' ? reason : '' });
    },
  },
  {
    method: 'post',
    path: '/dead-letters/:destination/:messageId/replay',
    permission: 'caselink.write',
    handle: async (api, { params, body, operator }) => (await api()).act('replay', params.destination!, params.messageId!, operator, reasonOf(body)),
  },
  {
    method: 'post',
    path: '/dead-letters/:destination/:messageId/discard',
    permission: 'caselink.write',
    handle: async (api, { params, body, operator }) => (await api()).act('discard', params.destination!, params.messageId!, operator, reasonOf(body)),
  },
  {
    method: 'get',
    path: '/audit',
    permission: 'caselink.read',
    handle: async (api, { query }) =>
      (await api()).audit(defined({ destination: str(query, 'destination'), limit: int(query, 'limit'), includeLists: flag(query, 'all') })),
  },
  {
    method: 'get',
    path: '/case',
    permission: 'caselink.read',
    handle: async (api, { query }) => {
      const number = str(query, 'number');
      if (!number) throw badRequest('number', 'give any number of the case (caseUid, PSB number, 部门受案号, 案号 …)', '请输入案件任一编号');
      return (await api()).case(number);
    },
  },
  {
    method: 'get',
    path: '/cases/:caseUid/dossier',
    permission: 'caselink.read',
    handle: async (api, { params }) => (await api()).dossier(params.caseUid!),
  },
  {
    method: 'post',
    path: '/cases/:caseUid/dossier/:sha256/download',
    permission: 'caselink.write',
    handle: async (api, { params, body, operator }) => (await api()).dossierFile(params.caseUid!, params.sha256!, operator, reasonOf(body)),
  },
  {
    method: 'get',
    path: '/deadlines',
    permission: 'caselink.read',
    handle: async (api, { query }) =>
      (await api()).deadlines(defined({ district: str(query, 'district'), agency: str(query, 'agency'), includeGreen: flag(query, 'all') || undefined })),
  },
  {
    method: 'get',
    path: '/efficiency',
    permission: 'caselink.read',
    handle: async (api, { query }) =>
      (await api()).efficiency(
        defined({ period: str(query, 'period') as Period | undefined, from: int(query, 'from'), to: int(query, 'to'), district: str(query, 'district') }),
      ),
  },
];
