/**
 * The checks of the conformance kit, each with a bilingual title and the evidence it saw. An
 * adapter (built-in, package or declarative document) is run against its own fixtures, hostile and
 * invalid inputs, and its simulator (or a live system) over real HTTP.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdapterDefinition } from '../../adapters/contract';
import type { Simulator } from '../../adapters/simulator-types';
import type { Credentials, DecodeResult } from '../../adapters/types';
import type { UnifiedMessage } from '../../standard/schema/message';

export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  id: string;
  title: { 'zh-CN': string; 'en-US': string };
  status: CheckStatus;
  /** What was seen: counts, values, reasons — enough for a reviewer to judge without rerunning. */
  evidence: string;
}

export interface KitOptions {
  adapter: AdapterDefinition;
  credentials: Credentials;
  fixturesDir?: string;
  /** A live system instead of the adapter's simulator. */
  url?: string;
  /** The system code of a refusal, to play "rejected with reasons" on the simulator. */
  rejectedCode?: string;
}

const HAS_CHINESE = /[\u3400-\u9fff]/;
const QUICK_MS = 1000;

function listFiles(dir: string): string[] {
  try {
    return (
      readdirSync(dir)
        // `*.request.json` are signed request records (headers + body), checked by the adapter's own tests.
        .filter((name) => !name.startsWith('.') && !name.endsWith('.md') && name !== 'expectations.json' && !name.endsWith('.request.json'))
        .sort()
    );
  } catch {
    return [];
  }
}

interface Expectation {
  errors?: Array<{ field: string }>;
  warnings?: Array<{ field: string }>;
}

function readExpectations(path: string): Record<string, Expectation> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, Expectation>;
  } catch {
    return {};
  }
}

const result = (id: string, zh: string, en: string, status: CheckStatus, evidence: string): CheckResult => ({
  id,
  title: { 'zh-CN': zh, 'en-US': en },
  status,
  evidence,
});

function decodeSafely(adapter: AdapterDefinition, bytes: Buffer): { result?: DecodeResult; threw?: string; ms: number } {
  const started = performance.now();
  try {
    const decoded = adapter.codec.decode(bytes);
    return { result: decoded, ms: performance.now() - started };
  } catch (error) {
    return { threw: (error as Error).message, ms: performance.now() - started };
  }
}

/** Valid fixtures: legacy → unified, unified → legacy → unified (round trip). */
export function fixtureChecks(options: KitOptions): { checks: CheckResult[]; samples: UnifiedMessage[] } {
  const { adapter } = options;
  const dir = options.fixturesDir ?? adapter.fixtures?.directory;
  const checks: CheckResult[] = [];
  const samples: UnifiedMessage[] = [];
  if (!dir) {
    checks.push(result('fixtures', '样例报文', 'fixtures', 'fail', 'the adapter names no fixtures directory and --fixtures was not given'));
    return { checks, samples };
  }
  const valid = listFiles(join(dir, 'valid'));
  if (valid.length === 0) checks.push(result('fixtures.valid', '有效样例', 'valid fixtures', 'fail', `no files in ${join(dir, 'valid')}`));
  for (const name of valid) {
    const bytes = readFileSync(join(dir, 'valid', name));
    const decoded = decodeSafely(adapter, bytes);
    const issues = decoded.result?.rejected.flatMap((r) => r.issues) ?? [];
    const messages = decoded.result?.messages ?? [];
    const inOk = decoded.result !== undefined && issues.length === 0 && decoded.result.rejected.length === 0;
    const seen =
      messages.length === 0
        ? 'no messages (an empty page)'
        : `${messages.length} message(s): ${messages.map((m) => `${m.message.messageType} ${m.message.messageId}`).join(', ')}`;
    checks.push(
      result(
        `in:${name}`,
        `旧系统→统一标准：${name}`,
        `legacy → unified: ${name}`,
        inOk ? 'pass' : 'fail',
        inOk ? seen : (decoded.threw ?? JSON.stringify(issues).slice(0, 500)),
      ),
    );
    if (!inOk) continue;
    for (const decodedMessage of messages) samples.push(decodedMessage.message);
    if (!adapter.transports.delivery) continue;
    const out: string[] = [];
    let outOk = true;
    for (const { message } of messages) {
      try {
        const request = adapter.codec.encode(message, { credentials: options.credentials, now: Date.parse(message.sentAt) });
        const back = adapter.codec.decode(request.body, Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v])));
        const again = back.messages[0]?.message;
        const same = again !== undefined && JSON.stringify(again) === JSON.stringify(message);
        outOk &&= same;
        out.push(
          same
            ? `${message.messageId}: ${request.body.length} bytes, decodes to the same message`
            : `${message.messageId}: round trip differs: ${JSON.stringify(back.rejected[0]?.issues ?? again).slice(0, 300)}`,
        );
      } catch (error) {
        outOk = false;
        out.push(`${message.messageId}: encode failed: ${(error as Error).message}`);
      }
    }
    checks.push(
      result(`roundtrip:${name}`, `统一标准→旧系统→统一标准：${name}`, `unified → legacy → unified: ${name}`, outOk ? 'pass' : 'fail', out.join('; ')),
    );
  }
  const expectations = readExpectations(join(dir, 'malformed', 'expectations.json'));
  for (const name of listFiles(join(dir, 'malformed'))) {
    const bytes = readFileSync(join(dir, 'malformed', name));
    const decoded = decodeSafely(adapter, bytes);
    const expected = expectations[name] ?? (name.startsWith('extra-') ? { warnings: [] } : undefined);
    if (name.startsWith('bad-signature')) {
      // Signed correctly in shape but not in value: the inbound check must refuse it.
      const verdict = adapter.codec.verifyInbound?.(bytes, {}, options.credentials, Date.now());
      const ok = verdict !== undefined && !verdict.ok;
      checks.push(
        result(
          `signature:${name}`,
          `签名错误被拒绝：${name}`,
          `a bad signature is refused: ${name}`,
          ok ? 'pass' : 'fail',
          verdict ? JSON.stringify(verdict) : 'the adapter has no inbound check (codec.verifyInbound)',
        ),
      );
      continue;
    }
    if (expected && !expected.errors && expected.warnings) {
      // Unknown extra fields: mapped, each one warned about (kept in the raw archive, never silently dropped).
      const warned = (decoded.result?.messages ?? []).flatMap((m) => m.warnings.map((w) => w.field));
      const missing = expected.warnings.map((w) => w.field).filter((field) => !warned.includes(field));
      const ok =
        decoded.result !== undefined && decoded.result.rejected.length === 0 && decoded.result.messages.length > 0 && missing.length === 0 && warned.length > 0;
      const evidence = decoded.threw
        ? `threw: ${decoded.threw}`
        : ok
          ? `mapped with warnings on ${warned.join(', ')}`
          : `rejected: ${JSON.stringify(decoded.result?.rejected[0]?.issues ?? []).slice(0, 200)}; not warned: ${missing.join(', ')}`;
      checks.push(
        result(`unknown:${name}`, `未知字段仅告警并保留原文：${name}`, `unknown fields warned about, raw kept: ${name}`, ok ? 'pass' : 'fail', evidence),
      );
      continue;
    }
    const rejected = decoded.result?.rejected ?? [];
    const issues = rejected.flatMap((r) => r.issues);
    const missing = (expected?.errors ?? []).map((e) => e.field).filter((field) => !issues.some((i) => i.field === field));
    const ok =
      decoded.result !== undefined &&
      rejected.length > 0 &&
      missing.length === 0 &&
      issues.every((i) => i.field && HAS_CHINESE.test(i.reason) && /[A-Za-z]/.test(i.reason)) &&
      rejected.every((r) => r.raw.length > 0);
    const evidence = decoded.threw
      ? `threw instead of refusing: ${decoded.threw}`
      : rejected.length === 0
        ? 'accepted: must be refused'
        : `${issues
            .slice(0, 3)
            .map((i) => `${i.field} = ${JSON.stringify(i.value)?.slice(0, 60)}: ${i.reason}`)
            .join('; ')}${missing.length ? `; expected field(s) not named: ${missing.join(', ')}` : ''}`;
    checks.push(
      result(
        `malformed:${name}`,
        `无效报文被拒绝（指明字段，双语原因，保留原文）：${name}`,
        `invalid input refused (field named, bilingual reason, raw kept): ${name}`,
        ok ? 'pass' : 'fail',
        evidence,
      ),
    );
  }
  return { checks, samples };
}

/** Hostile bodies: each must be refused quickly, as a rejected entry, never a throw. */
export function hostileChecks(options: KitOptions, sample: Buffer | undefined): CheckResult[] {
  const lol = ['<!ENTITY lol "lol">'];
  for (let i = 1; i < 10; i++) lol.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
  const bodies: Array<[string, string, string, Buffer]> = [
    ['xml-bomb', 'XML实体炸弹', 'XML entity bomb (billion laughs)', Buffer.from(`<?xml version="1.0"?><!DOCTYPE a [${lol.join('')}]><a>&lol9;</a>`)],
    ['xxe', 'XML外部实体', 'XML external entity (XXE)', Buffer.from('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>')],
    ['xml-deep', 'XML深层嵌套（10万层）', 'XML nested 100,000 deep', Buffer.from(`${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`)],
    ['xml-attributes', 'XML属性洪泛', 'XML attribute flood', Buffer.from(`<a${Array.from({ length: 50_000 }, (_, i) => ` a${i}="1"`).join('')}/>`)],
    ['json-deep', 'JSON深层嵌套', 'JSON nested 100,000 deep', Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)],
    ['json-proto', 'JSON原型污染键', 'JSON __proto__ key', Buffer.from('{"__proto__":{"polluted":true},"head":{}}')],
    ['oversize', '超大报文（60 MB）', '60 MB body', Buffer.alloc(60 * 1024 * 1024, 0x61)],
    ['not-text', '非法字节', 'bytes that are not text in the charset', Buffer.from([0xff, 0xfe, 0x81, 0x20, 0x00])],
  ];
  if (sample) bodies.push(['truncated', '截断的报文', 'truncated body (a valid fixture cut in half)', sample.subarray(0, Math.floor(sample.length / 2))]);
  return bodies.map(([id, zh, en, body]) => {
    const decoded = decodeSafely(options.adapter, body);
    const polluted = ({} as Record<string, unknown>)['polluted'] !== undefined;
    const refused = decoded.result !== undefined && decoded.result.messages.length === 0 && decoded.result.rejected.length > 0;
    const ok = refused && decoded.ms < QUICK_MS && !polluted;
    const reason = decoded.result?.rejected[0]?.issues[0];
    const evidence = decoded.threw
      ? `threw: ${decoded.threw}`
      : `${refused ? 'refused' : 'NOT refused'} in ${decoded.ms.toFixed(1)} ms${reason ? `: ${reason.field}: ${reason.reason}` : ''}${polluted ? '; Object.prototype polluted' : ''}`;
    return result(`hostile:${id}`, `恶意输入被迅速拒绝：${zh}`, `hostile input refused quickly: ${en}`, ok ? 'pass' : 'fail', evidence);
  });
}

interface FaultingSimulator extends Simulator {
  acceptedMessages?(): UnifiedMessage[];
}

/** Delivery answers against the simulator (or a live system): accepted, duplicate, busy, rejected, bad credentials. */
export async function answerChecks(options: KitOptions, samples: readonly UnifiedMessage[]): Promise<CheckResult[]> {
  const { adapter } = options;
  if (!adapter.transports.delivery) return [result('answers', '应答行为', 'answer behaviour', 'skip', 'the adapter takes no deliveries')];
  if (samples.length === 0) return [result('answers', '应答行为', 'answer behaviour', 'fail', 'no valid fixture to send')];
  let sim: FaultingSimulator | undefined;
  const checks: CheckResult[] = [];
  try {
    let baseUrl = options.url;
    if (!baseUrl) {
      sim = (await adapter.startSimulator({ credentials: options.credentials, port: 0, host: '127.0.0.1' } as never)) as FaultingSimulator;
      baseUrl = sim.url;
    }
    const client = adapter.createClient({ baseUrl, credentials: options.credentials, timeoutMs: 5000 });
    const id = `KIT-${Date.now().toString(36)}`;
    // The first fixture of a type the system receives (an outbox system's fixtures also hold what it sends).
    let message = { ...structuredClone(samples[0]!), messageId: id } as UnifiedMessage;
    let first = await client.send(message);
    const tried = [`${message.messageType}: ${first.kind}`];
    for (const sample of samples.slice(1)) {
      if (first.kind === 'accepted' || tried.length >= 12) break;
      message = { ...structuredClone(sample), messageId: `${id}-${tried.length}` } as UnifiedMessage;
      first = await client.send(message);
      tried.push(`${message.messageType}: ${first.kind}`);
    }
    checks.push(
      result(
        'answer:accepted',
        '首次投递被接收',
        'first delivery accepted',
        first.kind === 'accepted' ? 'pass' : 'fail',
        `${JSON.stringify(first)} (tried ${tried.join(', ')})`,
      ),
    );
    const second = await client.send(message);
    checks.push(
      result(
        'answer:duplicate',
        '重复投递应答为重复（幂等）',
        'the same delivery again is a duplicate (idempotent)',
        second.kind === 'duplicate' ? 'pass' : 'fail',
        JSON.stringify(second),
      ),
    );
    if (sim?.acceptedMessages) {
      const held = sim.acceptedMessages().filter((m) => m.messageId === message.messageId);
      checks.push(
        result(
          'answer:once',
          '对方只保存一次且与原消息相同',
          'the system holds it once, equal to what was sent',
          held.length === 1 && JSON.stringify(held[0]) === JSON.stringify(message) ? 'pass' : 'fail',
          `${held.length} held`,
        ),
      );
    }
    if (sim) {
      sim.setFault({ fault: { kind: 'http', status: 503, retryAfterSeconds: 7 }, times: 1 });
      const busy = await client.send({ ...message, messageId: `${id}-B` });
      checks.push(
        result(
          'answer:busy',
          '繁忙应答带Retry-After，稍后重试',
          'busy with Retry-After is retried later',
          busy.kind === 'retryable' && busy.retryAfterMs === 7000 ? 'pass' : 'fail',
          JSON.stringify(busy),
        ),
      );
      if (options.rejectedCode) {
        sim.setFault({ fault: { kind: 'answer', code: options.rejectedCode, message: 'xyr[0].zjhm 校验位错误 (check digit wrong)' }, times: 1 });
        const rejected = await client.send({ ...message, messageId: `${id}-R` });
        checks.push(
          result(
            'answer:rejected',
            '拒收应答带原因，不再重试',
            'a refusal with reasons is permanent',
            rejected.kind === 'permanent' && /校验位错误/.test(rejected.reason) ? 'pass' : 'fail',
            JSON.stringify(rejected),
          ),
        );
      } else {
        checks.push(
          result(
            'answer:rejected',
            '拒收应答带原因',
            'a refusal with reasons',
            'skip',
            'the refusal code is not known: give --rejected-code (declarative documents give it themselves)',
          ),
        );
      }
    }
    const wrong = adapter.createClient({
      baseUrl,
      credentials: Object.fromEntries(Object.entries(options.credentials).map(([k, v]) => [k, `${v}-wrong`])),
      timeoutMs: 5000,
    });
    const refused = await wrong.send({ ...message, messageId: `${id}-C` });
    checks.push(
      result(
        'answer:credentials',
        '错误凭据被拒绝且不重试',
        'wrong credentials are refused, not retried',
        refused.kind === 'permanent' ? 'pass' : 'fail',
        JSON.stringify(refused),
      ),
    );
  } catch (error) {
    checks.push(result('answers', '应答行为', 'answer behaviour', 'fail', `could not run: ${(error as Error).message}`));
  } finally {
    await sim?.close();
  }
  return checks;
}
