import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScripts, parseHeader, scriptCallArgs, type LuaScript } from '../../core/lua-scripts';
import { destinationKeys } from '../../core/keys';
import { SCRIPTS as CORE } from '../../core/scripts';
import { SCRIPTS as TRACKING } from '../../tracking/scripts';
import { SCRIPTS as SECURITY } from '../../security/scripts';
import { TrackingKeys } from '../../tracking/keys';

const root = join(__dirname, '..', '..');
const layers: Array<[string, Readonly<Record<string, LuaScript>>]> = [
  ['core/scripts', CORE],
  ['tracking/scripts', TRACKING],
  ['security/scripts', SECURITY],
];

describe('Lua scripts: one loader, headers and callers agree', () => {
  it('every .lua file (but the shared helpers) is loaded by its layer, and every command name is unique', () => {
    const commands = new Set<string>();
    for (const [dir, table] of layers) {
      const files = readdirSync(join(root, dir)).filter((f) => f.endsWith('.lua') && f !== 'shared.lua');
      expect(
        Object.values(table)
          .map((s) => s.file)
          .sort(),
      ).toEqual(files.sort());
      for (const script of Object.values(table)) {
        expect(commands.has(script.command), script.command).toBe(false);
        commands.add(script.command);
      }
    }
  });

  it("each script's file name, header and callers' signature declare the same keys and arguments in the same order", () => {
    for (const [dir, table] of layers) {
      for (const script of Object.values(table)) {
        const header = parseHeader(readFileSync(join(root, dir, script.file), 'utf8'), script.file);
        expect(Number(/-(\d+)\.lua$/.exec(script.file)![1]), script.file).toBe(header.keys.length);
        expect([...script.keys], script.file).toEqual(header.keys);
        expect([...script.args], script.file).toEqual(header.args);
        expect(script.rest, script.file).toBe(header.rest);
      }
    }
  });

  it('the body reads no KEYS or ARGV position beyond its header (a variadic tail excepted)', () => {
    for (const [, table] of layers) {
      for (const script of Object.values(table)) {
        const keys = [...script.lua.matchAll(/KEYS\[(\d+)\]/g)].map((m) => Number(m[1]));
        const args = [...script.lua.matchAll(/ARGV\[(\d+)\]/g)].map((m) => Number(m[1]));
        expect(Math.max(0, ...keys), script.file).toBeLessThanOrEqual(script.keys.length);
        if (script.rest === undefined) expect(Math.max(0, ...args), script.file).toBeLessThanOrEqual(script.args.length);
        expect(script.lua).not.toMatch(/^--\[\[/);
        expect(script.lua).not.toContain('@include');
      }
    }
  });

  it("every caller's key set has the keys its scripts name (core: a destination's keys; tracking: case and district keys)", () => {
    const destination: Record<string, string> = { ...destinationKeys('cl', 'court-440104') };
    for (const script of Object.values(CORE)) for (const key of script.keys) expect(destination[key], `${script.file} ${key}`).toEqual(expect.any(String));
    const tracking = new TrackingKeys('cl');
    const known = { ...tracking.case('c1'), ...tracking.district('440104') } as Record<string, string>;
    for (const name of ['commitCase', 'trimOutbox', 'syncDeadlines', 'claimAlerts', 'supervisionStep'] as const) {
      for (const key of TRACKING[name].keys) expect(known[key], `${TRACKING[name].file} ${key}`).toEqual(expect.any(String));
    }
  });

  it('a call is laid out as KEYS then ARGV in header order, the variadic tail last', () => {
    const k = destinationKeys('cl', 'd1');
    expect(scriptCallArgs(CORE.retry, k, { group: 'g', consumer: 'c', streamId: '1-0', messageId: 'm', dueAt: 5, attempt: 2, reason: 'r' })).toEqual([
      k.stream,
      k.msgs,
      k.retry,
      k.blocked,
      'g',
      'c',
      '1-0',
      'm',
      5,
      2,
      'r',
    ]);
    expect(scriptCallArgs(CORE.replay, k, { now: 1, who: 'w', why: 'y', messageIds: ['a', 'b'] })).toEqual([
      k.stream,
      k.pending,
      k.dead,
      k.deadIndex,
      k.blocked,
      k.heads,
      k.audit,
      k.auditSeq,
      1,
      'w',
      'y',
      'a',
      'b',
    ]);
  });

  it('the loader refuses a signature that differs from the header, and a name whose key count differs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'caselink-lua-'));
    try {
      writeFileSync(
        join(dir, 'echo-1.lua'),
        '--[[\n  Input:\n    KEYS[1] key\n    ARGV[1] first\n    ARGV[2] second\n  Output:\n    ARGV[1]\n]]\nreturn ARGV[1]\n',
      );
      expect(loadScripts(dir, { echo: { command: 'caselinkAuditRead', keys: ['key'], args: ['first', 'second'] } }).echo.lua).toBe('return ARGV[1]\n');
      expect(() => loadScripts(dir, { echo: { command: 'caselinkAuditRead', keys: ['key'], args: ['second', 'first'] } })).toThrow(/differs/);
      writeFileSync(join(dir, 'echo-1.lua'), '--[[\n  Input:\n    KEYS[1] key\n    KEYS[2] other\n]]\nreturn 1\n');
      expect(() => loadScripts(dir, { echo: { command: 'caselinkAuditRead', keys: ['key', 'other'], args: [] } })).toThrow(/name says 1 keys/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
