/**
 * What `npm pack` ships: what a Node-RED runtime needs and nothing else. No source maps (the
 * TypeScript sources are not shipped), no screenshots, no adapter test fixtures (no shipped
 * simulator reads them), no `prepare` script; every node, locale, icon and console file present;
 * under 1 MB packed.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/node-red';

const root = repoRoot();
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

interface PackResult {
  size: number;
  entryCount: number;
  files: Array<{ path: string; size: number }>;
}

function packed(): PackResult {
  const npmCli = join(root, 'node_modules', 'npm', 'bin', 'npm-cli.js');
  const args = ['pack', '--dry-run', '--json', '--ignore-scripts'];
  const out = (() => {
    try {
      return execFileSync(process.execPath, [npmCli, ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      return execFileSync('npm', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    }
  })();
  return (JSON.parse(out) as PackResult[])[0]!;
}

describe('the packed tarball', { timeout: 60_000 }, () => {
  const result = packed();
  const paths = result.files.map((f) => f.path);

  it('ships no source maps, screenshots, fixtures, tests or TypeScript sources', () => {
    expect(paths.filter((p) => p.endsWith('.map'))).toEqual([]);
    expect(paths.filter((p) => /\.(png|jpe?g|gif)$/.test(p) && !p.startsWith('dist/nodes/icons/'))).toEqual([]);
    expect(paths.filter((p) => p.includes('/fixtures/'))).toEqual([]);
    expect(paths.filter((p) => p.startsWith('test/') || p.startsWith('bench/') || p.startsWith('scripts/'))).toEqual([]);
    expect(paths.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))).toEqual([]);
  });

  it('ships every node, its editor file, locales, icons and the console page', () => {
    for (const file of Object.values<string>(pkg['node-red'].nodes)) {
      expect(paths, file).toContain(file);
      expect(paths, file).toContain(file.replace(/\.js$/, '.html'));
    }
    for (const file of Object.values<string>(pkg['node-red'].plugins)) expect(paths).toContain(file);
    // The editor code the nodes' .html load (Node-RED serves resources/ at resources/<module>/).
    expect(paths).toContain('resources/caselink-editor.js');
    for (const lang of ['zh-CN', 'en-US']) {
      expect(paths).toContain(`dist/nodes/locales/${lang}/console-page.json`);
      for (const type of Object.keys(pkg['node-red'].nodes)) expect(paths).toContain(`dist/nodes/locales/${lang}/${type}.json`);
    }
    for (const file of ['index.html', 'app.css', 'js/main.js', 'js/views/links.js']) expect(paths).toContain(`dist/console/public/${file}`);
    expect(paths).toContain(pkg.main);
    expect(paths).toContain('bin/caselink.js');
    expect(paths).toContain('flows/hub.json');
    expect(paths.some((p) => p.startsWith('examples/'))).toBe(true);
    expect(paths).toContain('README.zh-CN.md');
    // Declarative system documents ship as data, JSON and YAML alike (their fixtures do not).
    expect(paths).toEqual(
      expect.arrayContaining(['dist/adapters/declarative/systems/prison-yzgl/system.json', 'dist/adapters/declarative/systems/prison-yzgl-v2/system.yaml']),
    );
    expect(paths.filter((p) => p.startsWith('monitoring/')).sort()).toEqual(
      expect.arrayContaining(['monitoring/grafana-dashboard.json', 'monitoring/prometheus-alerts.yml']),
    );
  });

  it('declares no prepare script and stays under 1 MB packed', () => {
    expect(pkg.scripts?.prepare).toBeUndefined();
    expect(result.size).toBeLessThan(1024 * 1024);
  });
});
