import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChainableCommander, ClientContext, Cluster, Redis, RedisCommander, Result } from 'ioredis';

/**
 * The one loader of the project's Lua scripts (core, tracking, security).
 *
 * Each script is a `.lua` file named `<kebab-name>-<numberOfKeys>.lua` that opens with a
 * BullMQ-style header: a `--[[ … ]]` block whose `Input:` section names every key and argument,
 * one a line, in order (`KEYS[1] stream`, `ARGV[1] now`, a variadic tail as `ARGV[5...] entries`),
 * and whose `Output:` section says what it returns. A line `--- @include "shared"` is replaced by
 * `shared.lua` of the same folder (helpers several scripts use).
 *
 * Callers do not restate positions: each layer declares a signature per script (command name,
 * key names, argument names, variadic tail) and calls with named keys and arguments; the loader
 * refuses a signature that differs from the file's header, so a script and its callers cannot
 * drift apart. The commands themselves are typed on ioredis' `RedisCommander` by declaration
 * merging (see each layer's `scripts/index.ts`).
 */

export type ScriptArg = string | number | Buffer;

/**
 * What the callers of a script rely on: its command name, key names and argument names, in order.
 * (A layer's table of signatures may narrow `Key` to its key set; it checks `Command` as a plain
 * string, since the declared commands are derived from that same table: see ScriptCommands.)
 */
export interface ScriptSignature<Command extends string = CaselinkCommand, Key extends string = string> {
  /** Command name registered with ioredis `defineCommand` (declared on RedisCommander). */
  readonly command: Command;
  readonly keys: readonly Key[];
  readonly args: readonly string[];
  /** Name of the variadic ARGV tail, if the script takes one. */
  readonly rest?: string;
}

/** A loaded script: its signature and the Lua text sent to Redis (header stripped, includes resolved). */
export interface LuaScript extends ScriptSignature {
  readonly file: string;
  readonly lua: string;
}

/** Named keys of a script call. */
export type ScriptKeys<S extends ScriptSignature> = { readonly [K in S['keys'][number]]: string };

/** Named arguments of a script call (the variadic tail as an array). */
export type ScriptArgs<S extends ScriptSignature> = { readonly [A in S['args'][number]]: ScriptArg } & (S['rest'] extends string
  ? { readonly [R in S['rest']]: readonly ScriptArg[] }
  : unknown);

/**
 * Every custom command the project registers: each layer declares its own on ioredis'
 * RedisCommander by declaration merging (in its scripts/index.ts), so a signature cannot name a
 * command nobody declared.
 */
export type CaselinkCommand = Extract<keyof RedisCommander, `caselink${string}`>;

/**
 * The ioredis commands of a table of signatures, one per script, taking its KEYS then ARGV (as
 * `scriptCallArgs` lays them out). A layer declares them on RedisCommander by declaration merging:
 * `interface RedisCommander<Context> extends ScriptCommands<typeof SIGNATURES, Context> {}`.
 */
export type ScriptCommands<Signatures extends Record<string, { readonly command: string }>, Context extends ClientContext> = {
  [Name in keyof Signatures as Signatures[Name]['command']]: (...keysAndArgs: ScriptArg[]) => Result<unknown, Context>;
};

/** What a script's header declares. */
export interface ScriptHeader {
  keys: string[];
  args: string[];
  rest: string | undefined;
}

const HEADER = /^--\[\[\n([\s\S]*?)\n\]\]\n/;
const INCLUDE = /^--- @include "([\w-]+)"$/m;

/** Reads the `Input:` declarations of a script header. Throws on gaps, duplicates or a misplaced variadic. */
export function parseHeader(text: string, file = 'script'): ScriptHeader {
  const header = HEADER.exec(text)?.[1];
  if (header === undefined) throw new Error(`${file}: no --[[ … ]] header`);
  const keys: string[] = [];
  const args: string[] = [];
  let rest: string | undefined;
  for (const line of header.split('\n')) {
    const key = /^\s+KEYS\[(\d+)\]\s+(\w+)/.exec(line);
    if (key) {
      if (Number(key[1]) !== keys.length + 1) throw new Error(`${file}: KEYS[${key[1]}] out of order`);
      keys.push(key[2]!);
      continue;
    }
    const arg = /^\s+ARGV\[(\d+)(\.\.\.)?\]\s+(\w+)/.exec(line);
    if (arg) {
      if (rest !== undefined) throw new Error(`${file}: ARGV[${arg[1]}] after the variadic ${rest}`);
      if (Number(arg[1]) !== args.length + 1) throw new Error(`${file}: ARGV[${arg[1]}] out of order`);
      if (arg[2]) rest = arg[3]!;
      else args.push(arg[3]!);
    }
  }
  return { keys, args, rest };
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function body(dir: string, file: string): string {
  const text = readFileSync(join(dir, file), 'utf8');
  const stripped = text.replace(HEADER, '');
  const include = INCLUDE.exec(stripped);
  if (!include) return stripped;
  return stripped.replace(INCLUDE, () => body(dir, `${include[1]!}.lua`));
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/**
 * Loads the scripts of one folder for a table of signatures: `name` is read from
 * `<kebab-name>-<numberOfKeys>.lua`. Throws when a file is missing, or its name's key count, its
 * header and the signature disagree.
 */
export function loadScripts<T extends Record<string, ScriptSignature>>(dir: string, signatures: T): { readonly [N in keyof T]: T[N] & LuaScript } {
  const files = readdirSync(dir).filter((file) => file.endsWith('.lua'));
  const loaded: Record<string, LuaScript> = {};
  for (const [name, signature] of Object.entries(signatures)) {
    const file = files.find((candidate) => new RegExp(`^${kebab(name)}-(\\d+)\\.lua$`).test(candidate));
    if (!file) throw new Error(`no ${kebab(name)}-<keys>.lua in ${dir}`);
    const header = parseHeader(readFileSync(join(dir, file), 'utf8'), file);
    const declaredKeys = Number(/-(\d+)\.lua$/.exec(file)![1]);
    if (declaredKeys !== header.keys.length) throw new Error(`${file}: the name says ${declaredKeys} keys, the header declares ${header.keys.length}`);
    if (!sameList(header.keys, signature.keys) || !sameList(header.args, signature.args) || header.rest !== signature.rest) {
      throw new Error(
        `${file}: header (keys ${header.keys.join(',')}; args ${header.args.join(',')}${header.rest ? `; ...${header.rest}` : ''}) differs from the callers' signature (keys ${signature.keys.join(',')}; args ${signature.args.join(',')}${signature.rest ? `; ...${signature.rest}` : ''})`,
      );
    }
    loaded[name] = { ...signature, file, lua: body(dir, file) };
  }
  return loaded as { readonly [N in keyof T]: T[N] & LuaScript };
}

/** Registers scripts on a client once (ioredis uses EVALSHA, EVAL after a Redis restart). */
export function defineScripts(client: Redis | Cluster, scripts: Readonly<Record<string, LuaScript>>): void {
  for (const script of Object.values(scripts)) {
    if (typeof client[script.command] !== 'function') client.defineCommand(script.command, { numberOfKeys: script.keys.length, lua: script.lua });
  }
}

/** KEYS then ARGV of one call, in the order of the script's header. */
export function scriptCallArgs<S extends ScriptSignature>(script: S, keys: ScriptKeys<S>, args: ScriptArgs<S>): ScriptArg[] {
  const named = keys as Readonly<Record<string, string>>;
  const values = args as Readonly<Record<string, ScriptArg | readonly ScriptArg[]>>;
  const out: ScriptArg[] = [];
  for (const key of script.keys) out.push(named[key]!);
  for (const arg of script.args) out.push(values[arg] as ScriptArg);
  if (script.rest !== undefined) for (const value of values[script.rest] as readonly ScriptArg[]) out.push(value);
  return out;
}

/** Runs a script (registered with defineScripts) on a client. */
export function runScript<S extends ScriptSignature>(client: Redis | Cluster, script: S, keys: ScriptKeys<S>, args: ScriptArgs<S>): Promise<unknown> {
  return client[script.command](...scriptCallArgs(script, keys, args));
}

/** Adds a script call to a pipeline or transaction. */
export function queueScript<S extends ScriptSignature>(pipeline: ChainableCommander, script: S, keys: ScriptKeys<S>, args: ScriptArgs<S>): ChainableCommander {
  return pipeline[script.command](...scriptCallArgs(script, keys, args));
}
