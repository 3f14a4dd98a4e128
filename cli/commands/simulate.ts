/**
 * `caselink simulate --system S [--port 0] [--host 127.0.0.1] [--token T] [--app-id ID] [--secret S]`
 * Runs the system's simulator (its own endpoints plus the /_sim control API) until SIGINT/SIGTERM.
 * Prints `listening on http://HOST:PORT` on stdout. Credentials: flags, else
 * CASELINK_<SYSTEM>_TOKEN / _APP_ID / _SECRET, else the demo defaults (docs/adapters-psb-procuratorate.md).
 */
import type { Simulator } from '../../adapters/simulator-types';
import type { CliIo } from '../main';
import { refuseArgs } from '../refusal';
import { flag, parseArgs, resolveCredentials, systemOf } from '../legacy-options';

export const summary = 'run a legacy system simulator with its /_sim control API (旧系统模拟器)';

const USAGE =
  'usage: caselink simulate --system <psb|procuratorate|court|justice|KIND> [--adapter PACKAGE] [--port 0] [--host 127.0.0.1] [--token T] [--app-id ID] [--secret S]\n';

/** Starts the simulator the arguments describe and prints where it listens. */
export async function startFromArgs(args: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<Simulator> {
  const parsed = parseArgs(args);
  const adapter = systemOf(parsed, env);
  const kind = adapter.kind;
  const portText = flag(parsed, 'port') ?? '0';
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw new Error(`--port must be 0-65535, got "${portText}" (端口无效)`);
  const host = flag(parsed, 'host') ?? '127.0.0.1';
  const { credentials, demoFields } = resolveCredentials(kind, parsed, env);
  const simulator = await adapter.startSimulator({ port: Number(portText), host, credentials });
  if (demoFields.length > 0) {
    const shown = Object.entries(credentials)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    io.stderr(`note: demo credentials ${shown} (set ${demoFields.join(', ')} to change) (使用演示凭据)\n`);
  }
  io.stdout(`listening on ${simulator.url}\n`);
  return simulator;
}

/** Runs until `stop` settles, then closes the simulator. */
export async function runUntil(args: string[], io: CliIo, stop: Promise<unknown>): Promise<number> {
  let simulator: Simulator;
  try {
    simulator = await startFromArgs(args, io);
  } catch (error) {
    return refuseArgs(io, 'simulate', (error as Error).message, USAGE);
  }
  await stop;
  await simulator.close();
  io.stderr('simulator stopped (模拟器已停止)\n');
  return 0;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help')) {
    io.stdout(USAGE);
    return 0;
  }
  let onSignal: () => void = () => undefined;
  const stop = new Promise<void>((resolve) => {
    onSignal = resolve;
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  try {
    return await runUntil(args, io, stop);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
