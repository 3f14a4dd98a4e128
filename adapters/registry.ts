/**
 * The adapters one runtime knows: the built-ins and those adapter packages registered. Owned by
 * the runtime (nodes keep one per Node-RED runtime, nodes/lib/adapters.ts; the CLI and the demo make
 * their own), never a module-level table. Every adapter is checked against the contract when it
 * is registered; a refused one is reported in both languages, naming the adapter and the reason.
 */
import { z } from 'zod';
import { AGENCY_IDS, type Agency } from '../standard/codes/agencies';
import { SUPPORTED_STANDARD_VERSIONS } from '../standard/schema/message';
import { ADAPTER_CONTRACT_VERSION, SUPPORTED_CONTRACT_VERSIONS, type AdapterDefinition } from './contract';
import { guardedAdapter } from './guard';

const bilingual = (en: string, zh: string): string => `${en} (${zh})`;

/** An adapter the registry does not take, with every reason. */
export class AdapterRefusedError extends Error {
  constructor(
    readonly adapter: string,
    readonly reasons: string[],
  ) {
    super(bilingual(`adapter "${adapter}" refused: ${reasons.join('; ')}`, `适配器“${adapter}”未被加载`));
    this.name = 'AdapterRefusedError';
  }
}

export const ADAPTER_KIND_PATTERN = /^[a-z][a-z0-9-]{1,31}$/;

const fn = z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', { error: bilingual('must be a function', '应为函数') });
const text = z
  .string()
  .trim()
  .min(1, { error: bilingual('must not be empty', '不得为空') });

const AdapterShape = z.object({
  contractVersion: z.number().refine((v) => SUPPORTED_CONTRACT_VERSIONS.includes(v), {
    error: (issue) =>
      bilingual(
        `contract version ${String(issue.input)} is not supported by this CaseLink (supported: ${SUPPORTED_CONTRACT_VERSIONS.join(', ')})`,
        `适配器契约版本${String(issue.input)}不受本版CaseLink支持（支持：${SUPPORTED_CONTRACT_VERSIONS.join('、')}）`,
      ),
  }),
  kind: z.string().regex(ADAPTER_KIND_PATTERN, {
    error: bilingual('kind must be 2-32 lower-case letters, digits or dashes, starting with a letter', '类型应为2至32位小写字母、数字或连字符，以字母开头'),
  }),
  names: z.object({ 'zh-CN': text, 'en-US': text }),
  agencies: z
    .array(z.enum(AGENCY_IDS, { error: bilingual('is not a known agency type', '不是已知机关类型') }))
    .min(1, { error: bilingual('must name at least one agency type', '至少应有一个机关类型') }),
  credentials: z.array(z.enum(['token', 'appId', 'secret'], { error: bilingual('must be token, appId or secret', '应为 token、appId 或 secret') })),
  transports: z
    .object({
      push: z.object({ path: z.string().optional() }).optional(),
      outbox: z
        .object({
          cursor: z.literal(true),
          ack: z.literal(true),
          maxPageSize: z.number().int().positive().optional(),
          pageSize: z.number().int().positive().optional(),
          intervalMs: z.number().positive().optional(),
        })
        .optional(),
      delivery: z.object({}).passthrough().optional(),
    })
    .refine((t) => !(t.push && t.outbox), { error: bilingual('inbound is either push or outbox, not both', '接收方式只能是推送或发件箱之一') }),
  standardVersion: z.string().refine((v) => (SUPPORTED_STANDARD_VERSIONS as readonly string[]).includes(v), {
    error: (issue) =>
      bilingual(
        `maps to standard version ${String(issue.input)}, this CaseLink reads ${SUPPORTED_STANDARD_VERSIONS.join(', ')}`,
        `适配的标准版本为${String(issue.input)}，本版CaseLink支持${SUPPORTED_STANDARD_VERSIONS.join('、')}`,
      ),
  }),
  codec: z.object({ kind: z.string(), decode: fn, encode: fn }).passthrough(),
  createClient: fn,
  startSimulator: fn,
  fixtures: z.object({ directory: text }).optional(),
});

function reasonsOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(adapter)'}: ${issue.message}`);
}

/** Checks one adapter against the contract; the reasons name each bad field. */
export function checkAdapter(candidate: unknown): { ok: true; adapter: AdapterDefinition } | { ok: false; kind: string; reasons: string[] } {
  const kind = typeof (candidate as { kind?: unknown } | null)?.kind === 'string' ? (candidate as { kind: string }).kind : '?';
  const parsed = AdapterShape.safeParse(candidate);
  if (!parsed.success) return { ok: false, kind, reasons: reasonsOf(parsed.error) };
  const adapter = candidate as AdapterDefinition;
  const reasons: string[] = [];
  if (adapter.codec.kind !== adapter.kind)
    reasons.push(bilingual(`codec.kind "${adapter.codec.kind}" differs from kind "${adapter.kind}"`, '编解码器类型与适配器类型不一致'));
  if (adapter.transports.push && (!adapter.codec.answers || !adapter.codec.verifyInbound)) {
    reasons.push(bilingual('a push adapter needs codec.answers and codec.verifyInbound', '推送方式的适配器须提供 codec.answers 与 codec.verifyInbound'));
  }
  return reasons.length > 0 ? { ok: false, kind, reasons } : { ok: true, adapter };
}

export class AdapterRegistry {
  private readonly adapters = new Map<string, AdapterDefinition>();
  private readonly seen = new WeakSet<object>();
  /** Package adapter → the guarded one registered for it. */
  private readonly guarded = new WeakMap<object, AdapterDefinition>();

  /**
   * Registers one adapter; throws AdapterRefusedError (contract, versions, a kind already taken).
   * `external`: from another package — its decoded messages are validated against the standard too.
   */
  register(candidate: unknown, options: { external?: boolean } = {}): AdapterDefinition {
    const checked = checkAdapter(candidate);
    if (!checked.ok) throw new AdapterRefusedError(checked.kind, checked.reasons);
    const existing = this.adapters.get(checked.adapter.kind);
    if (existing && existing !== checked.adapter && existing !== this.guarded.get(checked.adapter)) {
      throw new AdapterRefusedError(checked.adapter.kind, [
        bilingual(`kind "${checked.adapter.kind}" is already registered${existing.source ? ` by ${existing.source.package}` : ''}`, '该适配器类型已被注册'),
      ]);
    }
    const adapter = options.external ? guardedAdapter(checked.adapter) : checked.adapter;
    if (options.external) this.guarded.set(checked.adapter, adapter);
    this.adapters.set(adapter.kind, adapter);
    return adapter;
  }

  /**
   * Registers each candidate not seen before (adapter plugins found in the runtime, external); returns the
   * refusals, each reported once.
   */
  registerNew(candidates: readonly unknown[]): AdapterRefusedError[] {
    const refused: AdapterRefusedError[] = [];
    for (const candidate of candidates) {
      if (typeof candidate !== 'object' || candidate === null || this.seen.has(candidate)) continue;
      this.seen.add(candidate);
      try {
        this.register(candidate, { external: true });
      } catch (err) {
        if (err instanceof AdapterRefusedError) refused.push(err);
        else throw err;
      }
    }
    return refused;
  }

  get(kind: string): AdapterDefinition | undefined {
    return this.adapters.get(kind);
  }

  /** The adapter of `kind`; throws a bilingual error listing the kinds known. */
  require(kind: string): AdapterDefinition {
    const adapter = this.adapters.get(kind);
    if (!adapter) throw new Error(bilingual(`unknown system "${kind}" (known: ${this.kinds().join(', ')})`, `未知系统“${kind}”`));
    return adapter;
  }

  /** Removes this adapter (a declarative one whose config node was redeployed or removed); others are left alone. */
  remove(adapter: AdapterDefinition): void {
    if (this.adapters.get(adapter.kind) === adapter) this.adapters.delete(adapter.kind);
  }

  has(kind: string): boolean {
    return this.adapters.has(kind);
  }

  kinds(): string[] {
    return [...this.adapters.keys()];
  }

  list(): AdapterDefinition[] {
    return [...this.adapters.values()];
  }

  /** The kinds serving an agency type, in registration order. */
  kindsServing(agency: Agency): string[] {
    return this.list()
      .filter((adapter) => adapter.agencies.includes(agency))
      .map((adapter) => adapter.kind);
  }
}

export { ADAPTER_CONTRACT_VERSION };
