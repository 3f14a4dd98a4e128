/**
 * The container image's install steps (Dockerfile, stage 2) outside Docker, as a non-root user: no
 * Docker engine runs on the build machines, so this is what is verified of the image. The tarball is
 * packed as the build stage does, handed to an unprivileged user (as `COPY --chown=node-red` does),
 * installed with the Dockerfile's exact `npm install … && rm` by that user, loaded, and the shipped
 * health check run. When the suite runs as root, the steps run as `nobody` through setpriv.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port';
import { repoRoot } from '../support/node-red';

const root = repoRoot();
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;
const dir = mkdtempSync(join(tmpdir(), 'caselink-image-'));
const app = join(dir, 'usr-src-node-red');
const home = join(dir, 'home');
/** npm's cache: filled by this machine's npm (its own registry settings), then used offline by the user. */
const cache = join(dir, 'npm-cache');

/** Runs a command as the unprivileged user (nobody when we are root, else ourselves). */
function asUser(
  command: string,
  args: string[],
  cwd: string,
  extraEnv: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string } {
  const env = {
    PATH: `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
    HOME: home,
    npm_config_cache: cache,
    npm_config_update_notifier: 'false',
    // The registry this machine's npm is configured with, read at run time (never written down).
    npm_config_registry: execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim(),
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(https?_proxy|no_proxy)$/i.test(k))),
    ...extraEnv,
  } as NodeJS.ProcessEnv;
  const [file, argv] = asRoot ? ['setpriv', ['--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups', '--', command, ...args]] : [command, args];
  const result = spawnSync(file, argv as string[], { cwd, env, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the image install steps, as a non-root user', { timeout: 300_000 }, () => {
  it('installs the packed tarball, removes it, loads the nodes and answers the health check', async () => {
    // Stage 1: the packed package.
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: root, stdio: 'ignore' });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    // Stage 2: the node-red user's own directory, the tarball handed over to that user.
    mkdirSync(app);
    mkdirSync(home);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'node-red-docker', private: true }));
    execFileSync('cp', [join(dir, tarball), join(app, 'caselink.tgz')]);
    // The registry answers this machine's npm configuration, not an unprivileged user's: fill a cache
    // with the runtime dependencies first, and let the user's install (the Dockerfile's line) run from it.
    const warm = join(dir, 'warm');
    mkdirSync(warm);
    execFileSync('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--cache', cache, '--prefix', warm, join(dir, tarball)], {
      stdio: 'ignore',
      timeout: 180_000,
    });
    rmSync(warm, { recursive: true, force: true });
    if (asRoot) execFileSync('chown', ['-R', `${NOBODY}:${NOBODY}`, cache]);
    if (asRoot) for (const path of [dir, app, home, join(app, 'package.json'), join(app, 'caselink.tgz')]) chownSync(path, NOBODY, NOBODY);
    if (asRoot) expect(asUser('id', ['-u'], app).stdout.trim()).toBe(String(NOBODY));

    const install = asUser('sh', ['-c', 'npm install --omit=dev --no-audit --no-fund --no-update-notifier ./caselink.tgz && rm ./caselink.tgz'], app, {
      npm_config_offline: 'true',
    });
    expect(install.status, install.stderr).toBe(0);
    expect(existsSync(join(app, 'caselink.tgz'))).toBe(false);
    const installed = join(app, 'node_modules', '@caselink', 'node-red-caselink');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    expect(manifest.scripts?.prepare).toBeUndefined();
    // No dev dependency came along.
    for (const dev of ['vitest', 'typescript', 'node-red', 'playwright-core']) expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);

    // Every node and the console plugin load from the installed package (as Node-RED would require them).
    const files = [...Object.values<string>(manifest['node-red'].nodes), ...Object.values<string>(manifest['node-red'].plugins)];
    const load = asUser(
      process.execPath,
      [
        '-e',
        `for (const f of ${JSON.stringify(files)}) { const m = require(require('path').join(${JSON.stringify(installed)}, f)); if (typeof (m.default ?? m) !== 'function') throw new Error(f); } console.log('loaded', ${files.length});`,
      ],
      app,
    );
    expect(load.status, load.stderr).toBe(0);
    expect(load.stdout).toContain(`loaded ${files.length}`);

    // The health check fails while nothing listens (and says why).
    const health = asUser(process.execPath, [join(installed, 'bin', 'healthcheck.js')], app, { PORT: String(await freePort()) });
    expect(health.status).toBe(1);
    expect(health.stderr).toContain('unhealthy');
  });
});
