/**
 * The operator console in a real headless Chromium against a running platform: Node-RED with the
 * package and the hub flow, adminAuth, a real redis-server, the sixteen legacy simulators, demo
 * traffic through the platform's inbound endpoints, and case tracking data on the same Redis.
 *
 * Screenshots go to a temporary directory; with CASELINK_CONSOLE_SCREENSHOTS=1 they replace
 * docs/console-*.png.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCase } from '../../demo/demo-case';
import { driveCase, sendStep, type DriveOptions } from '../../demo/demo-driver';
import type { SystemKind } from '../../adapters/types';
import { DIVISION_CODES, type Division } from '../../standard/codes/divisions';
import { repoRoot, waitFor } from '../support/node-red';
import { METRICS_TOKEN, startConsolePlatform, USERS, type ConsolePlatform, type ConsoleUser } from './support/platform';
import { renderDashboard } from './support/dashboard';
import { seedTracking, type SeededTracking } from './support/seed';

// The page's globals, seen only inside page.evaluate callbacks: they run in Chromium, and the tests
// compile without the DOM lib (its fetch would replace Node's).
interface PageElement {
  cloneNode(deep: boolean): PageElement;
  querySelectorAll(selectors: string): { forEach(each: (element: PageElement) => void): void };
  remove(): void;
  readonly textContent: string | null;
}
declare const window: unknown;
declare const location: { hash: string };
declare const document: { querySelector(selectors: string): PageElement | null };

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SHOTS = process.env.CASELINK_CONSOLE_SCREENSHOTS === '1' ? join(repoRoot(), 'docs') : mkdtempSync(join(tmpdir(), 'caselink-console-shots-'));

let platform: ConsolePlatform;
let browser: Browser;
let seeded: SeededTracking;
let adminToken: string;
let operatorToken: string;
const contexts: BrowserContext[] = [];

const deadMessage = demoCase('440111', 2, { idPrefix: 'LIVE' })[0]!.message;
const retryingStep = demoCase('440115', 3, { idPrefix: 'LIVE' })[5]!;

function driveOptions(): DriveOptions {
  return {
    inboundUrl: (kind, division) => `${platform.url}/caselink/${kind}/${division}`,
    simulator: (kind, division) => platform.fleet.get(kind, division),
    credentials: (kind, division) => platform.fleet.credentials(kind, division),
    stepTimeoutMs: 20_000,
  };
}

/** How many messages a legacy system instance accepted (each delivered once). */
function accepted(destination: string, messageId?: string): number {
  const at = destination.lastIndexOf('-');
  const simulator = platform.fleet.get(destination.slice(0, at) as SystemKind, destination.slice(at + 1) as Division);
  return simulator.received.filter((r) => r.accepted && (messageId === undefined || r.message?.messageId === messageId || r.legacyId === messageId)).length;
}

async function links(): Promise<Array<Record<string, any>>> {
  return (await platform.adminApi('caselink/api/links', { token: adminToken })).body.links;
}

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  contexts.push(context);
  return context.newPage();
}

async function signIn(user: ConsoleUser, hash = ''): Promise<Page> {
  const page = await newPage();
  await page.goto(`${platform.url}/caselink/console/${hash}`);
  await page.locator('#login-username').fill(user.username);
  await page.locator('#login-password').fill(user.password);
  await page.locator('#login-form button[type=submit]').click();
  await page.locator('#nav').waitFor({ state: 'visible' });
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `console-${name}.png`), fullPage: true });
}

beforeAll(async () => {
  platform = await startConsolePlatform();
  [adminToken, operatorToken] = await Promise.all([platform.token(USERS.admin), platform.token(USERS.operator)]);
  seeded = await seedTracking(platform.redis.url);
  // Demo traffic: one whole case per district through the platform's inbound endpoints.
  await Promise.all(DIVISION_CODES.map((division) => driveCase(demoCase(division, 1, { idPrefix: 'LIVE' }), division, driveOptions())));
  // A message the Baiyun procuratorate refuses for good: a dead letter (its reason names an ID number).
  platform.fleet.get('procuratorate', '440111').setFault({
    fault: { kind: 'answer', code: '1001', message: `字段校验失败：身份证号 ${deadMessage.persons[0]!.idNumber} 与出生日期不符` },
    times: 1,
  });
  await sendStep({ from: 'psb', to: 'procuratorate', message: deadMessage }, '440111', driveOptions());
  // The Nansha justice bureau answers 503: a legal-aid notice keeps retrying.
  platform.fleet.get('justice', '440115').setFault({ fault: { kind: 'http', status: 503, retryAfterSeconds: 20 } });
  await sendStep(retryingStep, '440115', driveOptions());
  await waitFor(
    async () => {
      const byId = Object.fromEntries((await links()).map((l) => [l.destination, l]));
      return (
        byId['procuratorate-440111'].dead === 1 &&
        byId['justice-440115'].backlog === 1 &&
        (await links()).every((l) => l.backlog === 0 || l.destination === 'justice-440115')
      );
    },
    30_000,
    100,
  );

  // Playwright gives every launch a fresh temporary profile (user data directory).
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await platform?.close();
  if (process.env.CASELINK_CONSOLE_SCREENSHOTS !== '1') rmSync(SHOTS, { recursive: true, force: true });
});

// Generous limits: the machine running the suite may be busy; on an idle one the file takes about 80 s.
describe('operator console in Chromium', { timeout: 60_000 }, () => {
  it('refuses unauthenticated access and lets operators read but not act', async () => {
    for (const path of [
      'links',
      'labels',
      'session',
      'dead-letters',
      'audit',
      'deadlines',
      'efficiency',
      `case?number=${encodeURIComponent(seeded.open[0]!.caseUid)}`,
    ]) {
      expect((await platform.adminApi(`caselink/api/${path}`)).status, path).toBe(401);
      expect((await platform.adminApi(`caselink/api/${path}`, { token: 'not-a-token' })).status, path).toBe(401);
      expect((await platform.adminApi(`caselink/api/${path}`, { token: operatorToken })).status, path).toBe(200);
    }
    const target = `caselink/api/dead-letters/procuratorate-440111/${deadMessage.messageId}`;
    for (const action of ['replay', 'discard', 'reveal']) {
      expect((await platform.adminApi(`${target}/${action}`, { method: 'POST', body: { reason: 'x' } })).status, action).toBe(401);
      expect((await platform.adminApi(`${target}/${action}`, { token: operatorToken, method: 'POST', body: { reason: 'x' } })).status, action).toBe(401);
    }
    expect((await platform.adminApi('caselink/api/session', { token: operatorToken })).body).toEqual({ user: 'operator', canWrite: false });

    const page = await newPage();
    await page.goto(`${platform.url}/caselink/console/`);
    await page.locator('#login').waitFor({ state: 'visible' });
    expect(await page.locator('#nav').isHidden()).toBe(true);
    expect(await page.locator('.link-card').count()).toBe(0);
    await page.locator('#login-username').fill(USERS.operator.username);
    await page.locator('#login-password').fill('wrong password');
    await page.locator('#login-form button[type=submit]').click();
    await expect.poll(() => page.locator('#login-error').textContent()).toContain('用户名或密码错误');
    expect(await page.locator('.link-card').count()).toBe(0);
    await shot(page, 'login');
  });

  it('shows every link with the numbers the legacy systems saw, updating live, in Chinese and English', { timeout: 150_000 }, async () => {
    const page = await signIn(USERS.operator);
    await page.locator('.link-card[data-destination="justice-440115"]').waitFor();
    await page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));
    expect(await page.locator('.link-card').count()).toBe(16);
    for (const link of await links()) {
      const card = page.locator(`.link-card[data-destination="${link.destination}"]`);
      const expected = accepted(link.destination);
      await expect.poll(() => card.locator('[data-field=delivered]').textContent(), { message: link.destination }).toBe(String(expected));
    }
    const dead = page.locator('.link-card[data-destination="procuratorate-440111"]');
    expect(await dead.getAttribute('data-health')).toBe('bad');
    expect(await dead.locator('[data-field=dead]').textContent()).toBe('1');
    expect(await dead.locator('.reasons').textContent()).toContain('有死信');
    const retrying = page.locator('.link-card[data-destination="justice-440115"]');
    expect(await retrying.locator('[data-field=backlog]').textContent()).toBe('1');
    await expect.poll(() => retrying.getAttribute('data-health'), { timeout: 15_000 }).toBe('warn');
    expect(await page.locator('[data-testid=total-dead] .value').textContent()).toBe('1');
    expect(await page.locator('#nav a[data-view=links]').textContent()).toBe('链路');

    // New traffic shows up without a reload.
    const before = accepted('procuratorate-440112');
    await sendStep(demoCase('440112', 5, { idPrefix: 'LIVE' })[0]!, '440112', driveOptions());
    await waitFor(() => accepted('procuratorate-440112') === before + 1, 10_000);
    await expect
      .poll(() => page.locator('.link-card[data-destination="procuratorate-440112"] [data-field=delivered]').textContent(), { timeout: 10_000 })
      .toBe(String(before + 1));
    expect(await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
    if (process.env.CASELINK_CONSOLE_SCREENSHOTS === '1') {
      // The hourly rate needs a minute of samples: wait for it so the picture shows one.
      await expect.poll(() => page.locator('[data-testid=total-per-hour] .value').textContent(), { timeout: 90_000 }).toMatch(/^\d+$/);
    }
    await shot(page, 'links');

    await page.locator('#lang').click();
    await expect.poll(() => page.locator('#nav a[data-view=links]').textContent()).toBe('Links');
    await expect.poll(() => dead.locator('.health').textContent()).toContain('failing');
    await shot(page, 'links-en');
    await page.locator('#lang').click();
    await expect.poll(() => page.locator('#nav a[data-view=dead]').textContent()).toBe('死信');
  });

  it('shows dead letters read-only to operators', async () => {
    const page = await signIn(USERS.operator, '#dead');
    const row = page.locator(`tr[data-message-id="${deadMessage.messageId}"]`);
    await row.click();
    await page.locator('[data-testid=dead-detail]').waitFor();
    expect(await page.locator('#action-replay').isDisabled()).toBe(true);
    expect(await page.locator('#action-discard').isDisabled()).toBe(true);
    expect(await page.locator('#action-reveal').isDisabled()).toBe(true);
    expect(await page.locator('[data-testid=dead-detail]').textContent()).toContain('caselink.write');
  });

  it('replays a dead letter from the page once, with a reason, audited with the user', async () => {
    const id = deadMessage.messageId;
    const rawId = deadMessage.persons[0]!.idNumber!;
    const page = await signIn(USERS.admin, '#dead');
    await page.locator('#dead-destination').selectOption('procuratorate-440111');
    await page.locator('#dead-type').selectOption('ARREST_REQUEST');
    await page.locator('#dead-filter button[type=submit]').click();
    const row = page.locator(`tr[data-message-id="${id}"]`);
    await row.waitFor();
    expect(await page.locator('[data-testid=dead-table] tbody tr').count()).toBe(1);
    expect(await row.textContent()).toContain(`${rawId.slice(0, 6)}********${rawId.slice(-4)}`);
    expect(await row.textContent()).not.toContain(rawId);
    await row.click();
    const detail = page.locator('[data-testid=dead-detail]');
    await detail.waitFor();
    const shown = (await page.locator('[data-testid=dead-message]').textContent())!;
    expect(shown).not.toContain(rawId);
    expect(shown).not.toContain(deadMessage.persons[0]!.name);
    expect(shown).toContain(`${rawId.slice(0, 6)}********${rawId.slice(-4)}`);
    expect(await page.locator('[data-testid=mask-state]').textContent()).toBe('个人信息已脱敏');
    await shot(page, 'dead-letters');

    expect(accepted('procuratorate-440111', id)).toBe(0);
    await page.locator('#action-replay').click();
    expect(await page.locator('#action-result').textContent()).toBe('请填写操作原因。');
    await page.locator('#action-reason').fill('检察院系统已恢复，重新投递');
    await page.locator('#action-replay').click();
    await expect.poll(() => page.locator('#banner').textContent()).toContain(`已重新投递 ${id}，操作人 admin`);
    await waitFor(() => accepted('procuratorate-440111', id) === 1, 15_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(accepted('procuratorate-440111', id)).toBe(1);
    expect((await links()).find((l) => l.destination === 'procuratorate-440111')).toMatchObject({ dead: 0, backlog: 0 });

    const audit = page.locator('[data-testid=audit-table] tbody tr').first();
    await expect.poll(() => audit.getAttribute('data-action')).toBe('replay');
    const text = (await audit.textContent())!;
    expect(text).toContain('admin');
    expect(text).toContain('检察院系统已恢复，重新投递');
    expect(text).toContain(id);
    expect(await page.locator('#dead-list').textContent()).toContain('没有符合条件的死信');
  });

  it('finds a case by any number and draws each process state', async () => {
    const closed = seeded.closed[0]!;
    const courtNumber = demoCase(closed.division, 100, { idPrefix: 'HIST' })
      .flatMap((s) => s.message.localCaseNumbers)
      .find((n) => n.system === 'COURT')!.number;
    const page = await signIn(USERS.operator, '#case');
    await page.locator('#case-number').fill(courtNumber);
    await page.locator('#case-form button[type=submit]').click();
    const head = page.locator('[data-testid=case-head]');
    await head.waitFor();
    expect(await head.getAttribute('data-case-uid')).toBe(closed.caseUid);
    const view = (await platform.adminApi(`caselink/api/case?number=${encodeURIComponent(courtNumber)}`, { token: operatorToken })).body;
    const cards = page.locator('.process-card');
    expect(await cards.count()).toBe(view.processes.length);
    for (const p of view.processes) {
      const card = page.locator(`.process-card[data-process="${p.key}"]`);
      expect(await card.locator('g[data-current]').count(), p.key).toBe(1);
      expect(await card.locator('g[data-current]').getAttribute('data-state')).toBe(p.state);
      expect(await card.locator('path.edge.taken').count(), p.key).toBeGreaterThan(0);
    }
    expect(await page.locator('[data-testid=timeline] li').count()).toBe(view.timeline.length);
    await page.setViewportSize({ width: 1440, height: 1300 });
    await page.screenshot({ path: join(SHOTS, 'console-case.png') });

    const red = seeded.open.find((c) => c.level === 'red')!;
    await page.locator('#case-number').fill(red.psbNumber);
    await page.locator('#case-form button[type=submit]').click();
    await expect.poll(() => head.getAttribute('data-case-uid'), { timeout: 10_000 }).toBe(red.caseUid);
    expect(await page.locator('tr[data-clock="C2"] .level').getAttribute('data-level')).toBe('red');
    await page.locator('#case-number').fill('(2099)粤0105刑初1号');
    await page.locator('#case-form button[type=submit]').click();
    await expect.poll(() => page.locator('#case-result').textContent()).toContain('未找到');
  });

  it('lists a case’s files with who received them when, downloads one with a reason (its audit record: dossier-console.test.ts), and shows the evidence in the timeline', async () => {
    const step = demoCase('440105', 8, { idPrefix: 'DOSS' })[0]!;
    const file = Buffer.from(`%PDF-1.7 提请批准逮捕书 ${'证据'.repeat(5_000)}`);
    const sha256 = createHash('sha256').update(file).digest('hex');
    const documents = step.message.documents.map((d, i) =>
      i === 0
        ? { ...d, attachments: [{ fileName: '提请批准逮捕书.pdf', mediaType: 'application/pdf', size: file.length, sha256, content: file.toString('base64') }] }
        : d,
    );
    await sendStep({ ...step, message: { ...step.message, documents } }, '440105', driveOptions());
    await waitFor(() => accepted('procuratorate-440105', step.message.messageId) === 1, 20_000);
    const psbNumber = step.message.localCaseNumbers.find((n) => n.system === 'PSB')!.number;

    // The technical receipt follows the delivery: wait until the dossier lists the procuratorate as the receiver.
    const caseUid = (await platform.adminApi(`caselink/api/case?number=${encodeURIComponent(psbNumber)}`, { token: operatorToken })).body.caseUid;
    await waitFor(
      async () =>
        (await platform.adminApi(`caselink/api/cases/${encodeURIComponent(caseUid)}/dossier`, { token: operatorToken })).body.files?.[0]?.receivedBy?.length ===
        1,
      15_000,
      100,
    );
    const open = async (page: Page) => {
      await page.locator('#case-number').fill(psbNumber);
      await page.locator('#case-form button[type=submit]').click();
      const row = page.locator(`[data-testid=dossier-files] tr[data-sha256="${sha256}"]`);
      await row.waitFor();
      return row;
    };
    const admin = await signIn(USERS.admin, '#case');
    const row = await open(admin);
    expect(await row.locator('td[data-received]').getAttribute('data-received')).toBe('1');
    expect(await row.textContent()).toContain('提请批准逮捕书.pdf');
    expect(await row.locator('td.mono').getAttribute('title')).toContain(sha256);
    expect(await admin.locator('[data-testid=evidence] tr[data-stage=technical]').count()).toBeGreaterThan(0);
    await expect.poll(() => admin.locator('[data-testid=timeline] li[data-kind=evidence]').count()).toBeGreaterThan(0);

    // A download needs a reason; with one, the file arrives intact.
    await row.locator('button[data-download]').click();
    await expect.poll(() => admin.locator('[data-testid=dossier-result]').textContent()).toContain('请填写下载原因');
    await admin.locator('textarea.dossier-reason').fill('庭前核对 pre-trial check');
    const [download] = await Promise.all([admin.waitForEvent('download'), row.locator('button[data-download]').click()]);
    expect(download.suggestedFilename()).toBe('提请批准逮捕书.pdf');
    expect(readFileSync(await download.path()).equals(file)).toBe(true);
    await shot(admin, 'dossier');

    // Operators read the dossier but may not download.
    const operator = await signIn(USERS.operator, '#case');
    const operatorRow = await open(operator);
    await operator.locator('textarea.dossier-reason').fill('看看');
    await operatorRow.locator('button[data-download]').click();
    await expect.poll(() => operator.locator('[data-testid=dossier-result]').textContent()).toContain('caselink.write');
  });

  it('shows red, yellow and overdue cases by district and agency, and the supervision orders', async () => {
    const page = await signIn(USERS.operator, '#deadlines');
    const summary = page.locator('[data-testid=deadline-summary]');
    await summary.waitFor();
    const view = (await platform.adminApi('caselink/api/deadlines', { token: operatorToken })).body;
    for (const row of view.summary) {
      const tr = summary.locator(`tr[data-district="${row.district}"][data-agency="${row.agency}"]`);
      for (const level of ['yellow', 'red', 'overdue']) {
        expect(await tr.locator(`td[data-level=${level}]`).textContent(), `${row.district} ${row.agency} ${level}`).toBe(String(row[level]));
      }
    }
    for (const c of seeded.open) {
      const rows = page.locator(`[data-testid=deadline-items] tr[data-case="${c.caseUid}"]`);
      if (c.level === 'green') expect(await rows.count()).toBe(0);
      else expect(await rows.first().getAttribute('data-level'), c.caseUid).toBe(c.level);
    }
    for (const order of seeded.orders) expect(await page.locator(`[data-testid=supervision-table] tr[data-order="${order}"]`).count()).toBe(1);
    expect(seeded.orders.length).toBeGreaterThanOrEqual(2);
    await shot(page, 'deadlines');
  });

  it('charts cycle times and on-time rates by district', async () => {
    const page = await signIn(USERS.operator, '#efficiency');
    await page.locator('[data-testid=chart-on-time] circle').first().waitFor();
    // The page asks for whole Beijing days (its date range); ask the API exactly what the page asked.
    const asked = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((entry) => entry.name)
        .filter((name) => name.includes('/caselink/api/efficiency'))
        .pop(),
    );
    expect(asked).toBeTruthy();
    const view = (await platform.adminApi(`caselink/api/efficiency${new URL(asked!).search}`, { token: operatorToken })).body;
    expect(await page.locator('[data-testid=cycle-table] tbody tr').count()).toBe(view.stepsOverall.length);
    for (const row of view.stepsOverall) {
      const tr = page.locator(`[data-testid=cycle-table] tr[data-clock="${row.clock}"][data-district="${row.district}"]`);
      expect(await tr.locator('td').nth(2).textContent()).toBe(String(row.count));
    }
    expect(await page.locator('[data-testid=chart-on-time] circle').count()).toBe(view.onTime.length);
    expect(await page.locator('[data-testid=chart-cycle] rect').count()).toBe(
      view.stepsOverall.filter((s: { medianSeconds: number | null }) => s.medianSeconds !== null).length,
    );
    await page.setViewportSize({ width: 1440, height: 1300 });
    await page.screenshot({ path: join(SHOTS, 'console-efficiency.png') });
    await page.locator('#efficiency-period').selectOption('week');
    await expect
      .poll(() => page.locator('[data-testid=chart-on-time] text').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringMatching(/^\d{4}-W\d{2}$/)]));
  });

  it('shows every page in Chinese and in English, codes by name with the code on hover', { timeout: 120_000 }, async () => {
    const closed = seeded.closed[0]!;
    const pages: Array<{ hash: string; ready: string; zh: string; en: string }> = [
      { hash: '#links', ready: '.link-card[data-destination="court-440105"]', zh: '链路健康', en: 'Link health' },
      { hash: '#dead', ready: '#dead-list', zh: '死信', en: 'Dead letters' },
      { hash: `#case/${encodeURIComponent(closed.caseUid)}`, ready: '[data-testid=case-head]', zh: '案件查询', en: 'Case search' },
      { hash: '#deadlines', ready: '[data-testid=deadline-summary]', zh: '办案期限', en: 'Deadlines' },
      { hash: '#efficiency', ready: '[data-testid=cycle-table]', zh: '办案效能', en: 'Efficiency' },
    ];
    const page = await signIn(USERS.operator);
    for (const lang of ['zh', 'en'] as const) {
      for (const p of pages) {
        await page.evaluate((hash) => (location.hash = hash), p.hash);
        await page.locator(p.ready).first().waitFor();
        const view = page.locator('.view:not([hidden])');
        expect(await view.locator('h1').textContent(), p.hash).toBe(p[lang]);
        expect(await page.locator('.tz-note').textContent()).toBe(lang === 'zh' ? '所有时间均为北京时间（UTC+8）' : 'All times are Beijing time (UTC+8)');
        await shot(page, `${p.hash.slice(1).split('/')[0]}${lang === 'en' ? '-en' : ''}`);
      }
      if (lang === 'zh') {
        // On the case page: process states, the track and the filing by name; the code on hover.
        const state = page.locator('.process-card .state .code').first();
        expect(await state.getAttribute('title')).toMatch(/^[A-Z_]+$/);
        expect(await state.textContent()).toMatch(/[\u4e00-\u9fff]/);
        // What the page shows, without the hover titles (which name the codes on purpose).
        const caseText = await page.evaluate(() => {
          const copy = document.querySelector('#case-result')!.cloneNode(true);
          copy.querySelectorAll('title').forEach((title) => title.remove());
          return copy.textContent ?? '';
        });
        for (const raw of ['FAST', 'SUBMITTED', 'allocated', 'caseUid']) expect(caseText, raw).not.toContain(raw);
        await page.locator('#lang').click();
        await expect.poll(() => page.locator('#nav a[data-view=links]').textContent()).toBe('Links');
      }
    }
    await page.locator('#lang').click();
    await expect.poll(() => page.locator('#nav a[data-view=links]').textContent()).toBe('链路');
  });

  it('charts a chosen date range on the efficiency page', async () => {
    const page = await signIn(USERS.operator, '#efficiency');
    await page.locator('[data-testid=efficiency-range]').waitFor();
    const to = (await page.locator('#efficiency-to').inputValue())!;
    expect(to).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/caselink/api/efficiency')) requests.push(r.url());
    });
    const from = new Date(Date.parse(`${to}T00:00:00+08:00`) - 6 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    await page.locator('#efficiency-from').fill(from);
    await page.locator('#efficiency-from').dispatchEvent('change');
    await expect.poll(() => page.locator('[data-testid=efficiency-range]').textContent()).toContain(`${from} 至 ${to}`);
    const url = new URL(requests.at(-1)!);
    expect(Number(url.searchParams.get('from'))).toBe(Date.parse(`${from}T00:00:00+08:00`));
    expect(Number(url.searchParams.get('to'))).toBe(Date.parse(`${to}T00:00:00+08:00`) + 86_400_000);
    const view = (
      await platform.adminApi(`caselink/api/efficiency?period=day&from=${url.searchParams.get('from')}&to=${url.searchParams.get('to')}`, {
        token: operatorToken,
      })
    ).body;
    expect(view.periods).toHaveLength(7);
    expect(await page.locator('[data-testid=chart-on-time] circle').count()).toBe(view.onTime.length);
    await shot(page, 'efficiency-range');
  });

  it('shows a listed but unconfigured link as not configured, never green, in both languages', async () => {
    const directory = (await platform.adminApi('caselink/api/directory', { token: operatorToken })).body;
    // The directory names every Guangzhou division; the pilot's four are the ones with system instances.
    expect(directory.divisions.map((d: { code: string }) => d.code)).toEqual(expect.arrayContaining([...DIVISION_CODES]));
    expect(directory.instances).toHaveLength(16);
    expect([...new Set(directory.instances.map((i: { division: string }) => i.division))].sort()).toEqual([...DIVISION_CODES].sort());
    expect(directory.instances.every((i: { configured: boolean }) => i.configured)).toBe(true);
    const page = await newPage();
    // The directory as an org directory lists it: court-440112 present but without an address.
    await page.route('**/caselink/api/directory', async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      for (const i of body.instances) if (i.id === 'court-440112') i.configured = false;
      await route.fulfill({ response, json: body });
    });
    await page.goto(`${platform.url}/caselink/console/`);
    await page.locator('#login-username').fill(USERS.operator.username);
    await page.locator('#login-password').fill(USERS.operator.password);
    await page.locator('#login-form button[type=submit]').click();
    const card = page.locator('.link-card[data-destination="court-440112"]');
    await card.waitFor();
    expect(await card.getAttribute('data-health')).toBe('unconfigured');
    expect(await card.locator('.health').textContent()).toContain('未配置');
    expect(await page.locator('[data-testid=total-unconfigured] .value').textContent()).toBe('1');
    await shot(page, 'links-unconfigured');
    await page.locator('#lang').click();
    await expect.poll(() => card.locator('.health').textContent()).toContain('not configured');
    expect(await card.getAttribute('data-health')).toBe('unconfigured');
  });

  it('serves Prometheus metrics to admins and the scrape token only, and the shipped dashboard draws them', async () => {
    expect((await platform.adminApi('caselink/metrics')).status).toBe(401);
    expect((await platform.adminApi('caselink/metrics', { token: 'not-a-token' })).status).toBe(401);
    const scraped = await platform.adminApi('caselink/metrics', { token: METRICS_TOKEN });
    expect(scraped.status).toBe(200);
    const text = String(scraped.body);
    expect((await platform.adminApi('caselink/metrics', { token: operatorToken })).status).toBe(200);
    for (const family of [
      'caselink_link_up',
      'caselink_queue_messages',
      'caselink_dead_letters',
      'caselink_delivered_messages_total',
      'caselink_oldest_message_age_seconds',
      'caselink_ingress_messages_total',
      'caselink_audit_append_failures_total',
      'caselink_open_deadlines',
      'caselink_step_cycle_seconds',
    ]) {
      expect(text, family).toMatch(new RegExp(`^# HELP ${family} \\S`, 'm'));
      expect(text, family).toMatch(new RegExp(`^# TYPE ${family} (gauge|counter|summary)$`, 'm'));
    }
    const linkList = await links();
    for (const link of linkList) {
      expect(text).toContain(
        `caselink_delivered_messages_total{destination="${link.destination}",kind="${link.kind}",division="${link.division}"} ${link.delivered}`,
      );
    }
    expect(text).toMatch(/^caselink_ingress_messages_total\{kind="psb",division="440105",outcome="enqueued"\} [1-9]\d*$/m);
    expect(text).toMatch(/^caselink_audit_append_failures_total 0$/m);
    // The dashboard's panels, drawn from this scrape (a static rendering, not Grafana itself).
    const page = await newPage();
    await page.setContent(renderDashboard(readFileSync(join(repoRoot(), 'monitoring', 'grafana-dashboard.json'), 'utf8'), text));
    expect(await page.locator('.panel').count()).toBeGreaterThanOrEqual(6);
    expect(await page.locator('.panel .value').first().textContent()).not.toBe('');
    await page.screenshot({ path: join(SHOTS, 'monitoring-dashboard.png'), fullPage: true });
  });

  it('has an editor sidebar tab with the links that opens the console', { timeout: 120_000 }, async () => {
    const page = await newPage();
    const tokens = JSON.stringify({ access_token: adminToken, expires_in: 3600, token_type: 'Bearer' });
    await page.context().addInitScript((value) => localStorage.setItem('auth-tokens', value), tokens);
    await page.goto(`${platform.url}/`, { waitUntil: 'domcontentloaded' });
    // The editor shows its first tab when it has finished loading (and reveals its toolbar): after that, ours.
    await page.waitForFunction(
      () => {
        const w = window as any;
        return (
          Boolean(w.RED?.sidebar?.containsTab?.('caselink-console')) &&
          w.$('#red-ui-header-toolbar').length === 1 &&
          !w.$('#red-ui-header-toolbar').hasClass('hide')
        );
      },
      null,
      { timeout: 60_000, polling: 250 },
    );
    // The palette in the editor's language (zh-CN here): the category and the node labels in Chinese.
    expect((await page.locator('#red-ui-palette-header-caselink span').textContent())?.trim()).toBe('政法协同');
    expect((await page.locator('[data-palette-type="caselink-in"] .red-ui-palette-label').textContent())?.trim()).toBe('案件接收');
    await page.evaluate(() => (window as any).RED.sidebar.show('caselink-console'));
    await page.locator('.caselink-console-sidebar').waitFor({ state: 'visible' });
    const cell = page.locator('.caselink-console-sidebar td[data-destination="justice-440115"]');
    await expect.poll(() => cell.getAttribute('data-health'), { timeout: 15_000 }).toBe('warn');
    expect(await page.locator('.caselink-console-sidebar td[data-destination="procuratorate-440105"]').getAttribute('data-health')).toBe('ok');
    expect(await page.locator('.caselink-console-sidebar td[data-health]').count()).toBe(16);
    await page.screenshot({ path: join(SHOTS, 'console-sidebar.png') });

    const [popup] = await Promise.all([page.context().waitForEvent('page'), page.locator('.caselink-console-open').click()]);
    await popup.locator('.link-card[data-destination="court-440105"]').waitFor({ timeout: 15_000 });
    expect(await popup.locator('#login').isHidden()).toBe(true);
    expect(await popup.locator('#user').textContent()).toBe('admin');
  });
});
