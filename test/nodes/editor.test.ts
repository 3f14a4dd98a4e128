/**
 * The nodes' edit forms in the real editor of Node-RED 5 and 4.1, in headless Chromium: the shared
 * editor code (resources/caselink-editor.js, served at resources/<module>/) loads, every node type
 * registers with its palette label and labels, every form row shows its translated text and the
 * node's value, validators refuse what they should, and the text editors of caselink route and
 * caselink mapping hand their text to the node on save.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeRed, type NodeRedProcess, type RuntimeName } from '../support/node-red';

/** The editor page's global, seen only inside page.evaluate callbacks (they run in Chromium; the tests compile without the DOM lib). */
declare const window: unknown;

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** One node of each type (config nodes pointing at nothing that answers: the editor does not need them to). */
const FLOW = [
  { id: 'tab1', type: 'tab', label: 'editor' },
  {
    id: 'r1',
    type: 'caselink-redis',
    name: '',
    mode: 'sentinel',
    masterName: 'mymaster',
    sentinels: '10.0.0.1:26379',
    db: '',
    prefix: 'cl',
    waitReplicas: '0',
    maxAttempts: '10',
  },
  { id: 's1', type: 'caselink-system', name: '', kind: 'court', division: '440105', orgCode: '', baseUrl: '', timeoutMs: '10000', receiveOnly: false },
  { id: 'm1', type: 'caselink-mapping', name: '', document: '{"kind":"x-sys"}' },
  {
    id: 'in1',
    type: 'caselink-in',
    z: 'tab1',
    name: '',
    system: 's1',
    redis: 'r1',
    path: '',
    pollIntervalMs: '${POLL_MS}',
    pageSize: '50',
    answerTimeoutMs: '10000',
    x: 100,
    y: 100,
    wires: [[]],
  },
  {
    id: 'de1',
    type: 'caselink-deliver',
    z: 'tab1',
    name: 'Court out',
    system: 's1',
    redis: 'r1',
    destination: '',
    concurrency: '300',
    x: 100,
    y: 200,
    wires: [[]],
  },
  { id: 'en1', type: 'caselink-enqueue', z: 'tab1', name: '', redis: 'r1', destination: 'court-440105', x: 300, y: 100, wires: [[]] },
  { id: 'ro1', type: 'caselink-route', z: 'tab1', name: '', overrides: '# none yet', x: 300, y: 200, wires: [[]] },
  { id: 'tr1', type: 'caselink-track', z: 'tab1', name: '', redis: 'r1', scanIntervalMs: '999', x: 300, y: 300, wires: [[], []] },
];

/** Each node's form: its id, whether it is a config node, and the fields its rows show (by control id suffix). */
const FORMS: Array<[string, string, boolean, string[]]> = [
  ['caselink-in', 'in1', false, ['system', 'redis', 'path', 'pollIntervalMs', 'pageSize', 'answerTimeoutMs', 'name']],
  ['caselink-deliver', 'de1', false, ['system', 'redis', 'destination', 'concurrency', 'name']],
  ['caselink-enqueue', 'en1', false, ['redis', 'destination', 'name']],
  ['caselink-route', 'ro1', false, ['name', 'overrides']],
  ['caselink-track', 'tr1', false, ['redis', 'scanIntervalMs', 'name']],
  [
    'caselink-redis',
    'r1',
    true,
    [
      'name',
      'mode',
      'url',
      'nodes',
      'sentinels',
      'masterName',
      'username',
      'password',
      'sentinelPassword',
      'db',
      'prefix',
      'usetls',
      'tls',
      'durability',
      'waitReplicas',
      'checkServer',
      'maxAttempts',
      'retryInitialMs',
      'retryMaxMs',
      'maxBacklog',
    ],
  ],
  ['caselink-system', 's1', true, ['name', 'kind', 'division', 'orgCode', 'baseUrl', 'token', 'appId', 'secret', 'receiveOnly', 'timeoutMs']],
  ['caselink-mapping', 'm1', true, ['name']],
];

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
});

const runtimes: RuntimeName[] = ['node-red', 'node-red-4'];

describe.each(runtimes)('the edit forms in the %s editor', { timeout: 120_000 }, (runtime) => {
  let nodeRed: NodeRedProcess;
  let page: Page;
  const errors: string[] = [];
  /*
   * Errors of the page that are ours. Node-RED 4.1's Monaco throws "Model is disposed!" from its own
   * queued view events when they run after the editor was destroyed (node-red/node-red#4813; the
   * core nodes close their editors the same way, destroy() on save): on a loaded machine its
   * timers run late enough to meet a closed tray. Nothing of CaseLink's is on that stack.
   */
  const ourErrors = () => errors.filter((error) => !(runtime === 'node-red-4' && /^Error: Model is disposed!/.test(error)));

  beforeAll(async () => {
    // No Redis behind the flow: only its edit forms are used.
    nodeRed = await startNodeRed({ runtime, flows: FLOW, waitForRedis: false, env: { REDIS_URL: 'redis://127.0.0.1:1', POLL_MS: '1000' } });
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } });
    page = await context.newPage();
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${nodeRed.url}/`);
    await page.waitForFunction(
      () => Boolean((window as any).RED?.nodes?.node?.('tr1')) && !(window as any).$('#red-ui-header-toolbar').hasClass('hide'),
      null,
      {
        timeout: 90_000,
        polling: 250,
      },
    );
  }, 150_000);
  afterAll(async () => {
    await page?.context().close();
    await nodeRed?.stop();
  });

  const openForm = async (id: string, config: boolean): Promise<string> => {
    await page.evaluate(
      ([id, config]) => {
        const RED = (window as any).RED;
        if (config) RED.editor.editConfig('', RED.nodes.node(id).type, id);
        else RED.editor.edit(RED.nodes.node(id));
      },
      [id, config] as const,
    );
    const form = config ? '#node-config-dialog-edit-form' : '#dialog-form';
    await page.locator(form).waitFor({ state: 'visible' });
    return form;
  };
  /** Cancel, as an operator would (the node's oneditcancel runs). */
  const closeForm = async (config: boolean) => {
    await page.locator(config ? '#node-config-dialog-cancel' : '#node-dialog-cancel').click();
    await page.locator('.red-ui-tray').waitFor({ state: 'detached' });
  };

  it('serves the shared editor code and registers every node type with its palette label and labels', async () => {
    const served = await fetch(`${nodeRed.url}/resources/@caselink/node-red-caselink/caselink-editor.js`);
    expect(served.status).toBe(200);
    expect(await served.text()).toContain('window.CaseLinkEditor');
    const types = await page.evaluate(() => {
      const RED = (window as any).RED;
      const of = (id: string) => {
        const node = RED.nodes.node(id);
        const def = RED.nodes.getType(node.type);
        const call = (f: unknown, ...args: unknown[]) => (typeof f === 'function' ? f.call(node, ...args) : f);
        return {
          category: def.category,
          palette: (window as any).$(`[data-palette-type="${node.type}"] .red-ui-palette-label`).text().trim(),
          label: call(def.label),
          labelStyle: call(def.labelStyle),
          ports: [call(def.inputLabels, 0), call(def.outputLabels, 0), call(def.outputLabels, 1)],
          firstDefault: Object.keys(def.defaults)[0],
        };
      };
      return Object.fromEntries(['in1', 'de1', 'en1', 'ro1', 'tr1', 'r1', 's1', 'm1'].map((id) => [id, of(id)]));
    });
    expect(types.in1).toMatchObject({ category: 'caselink', palette: '案件接收', label: '接收：法院 · 审判流程管理系统 海珠区', labelStyle: '' });
    expect(types.in1!.ports[0]).toBeUndefined();
    expect(types.de1).toMatchObject({ category: 'caselink', label: 'Court out', labelStyle: 'node_label_italic' });
    expect(types.en1).toMatchObject({
      category: 'caselink',
      palette: '入队保存',
      label: '入队 → court-440105',
      ports: ['带 msg.destination 的统一报文', '已保存的报文（msg.enqueued）', '已保存的报文（msg.enqueued）'],
    });
    expect(types.ro1).toMatchObject({ label: '案件路由', ports: ['统一报文', '带 msg.destination 的报文', '带 msg.destination 的报文'] });
    expect(types.tr1!.ports).toEqual(['统一报文或投递结果', '带统一案件编号的报文（送往路由）', '期限预警、督办、违规、异常']);
    expect(types.r1).toMatchObject({ category: 'config', label: 'Redis Sentinel mymaster' });
    expect(types.m1).toMatchObject({ category: 'config', label: 'x-sys' });
    for (const type of Object.values(types)) expect(type.firstDefault).toBe('name');
    expect(ourErrors()).toEqual([]);
  });

  it.each(FORMS)("shows %s's rows with their translated labels and the node's values", async (type, id, config, fields) => {
    const form = await openForm(id, config);
    try {
      const rows = await page.evaluate(
        ([form, prefix, fields]) => {
          const $ = (window as any).$;
          return fields.map((field) => {
            const control = $(form).find(`#${prefix}-${field}`);
            const row = control.closest('.form-row');
            return {
              field,
              found: control.length,
              label: row.find('label').first().text().trim(),
              value: control.is(':checkbox') ? control.prop('checked') : control.val(),
            };
          });
        },
        [form, config ? 'node-config-input' : 'node-input', fields] as const,
      );
      for (const row of rows) {
        expect(row.found, `${type} ${row.field}`).toBe(1);
        expect(row.label, `${type} ${row.field}`).not.toBe('');
        expect(row.label, `${type} ${row.field}`).not.toMatch(/caselink-|label\./);
      }
      const node = FLOW.find((n) => n.id === id) as Record<string, unknown>;
      for (const row of rows)
        if (typeof node[row.field] === 'string' && row.field !== 'overrides') expect(row.value, `${type} ${row.field}`).toBe(node[row.field]);
    } finally {
      await closeForm(config);
    }
  });

  it('validates numbers as before: whole, in range, an environment variable where allowed', async () => {
    const cases: Array<[string, string, string, boolean]> = [
      ['caselink-in', 'pollIntervalMs', '${POLL_MS}', true],
      ['caselink-in', 'pollIntervalMs', '0', false],
      ['caselink-in', 'pageSize', '100', true],
      ['caselink-in', 'pageSize', '101', false],
      ['caselink-deliver', 'concurrency', '256', true],
      ['caselink-deliver', 'concurrency', '300', false],
      ['caselink-deliver', 'concurrency', '1.5', false],
      ['caselink-track', 'scanIntervalMs', '0', true],
      ['caselink-track', 'scanIntervalMs', '999', false],
      ['caselink-track', 'scanIntervalMs', '${SCAN_MS}', true],
      ['caselink-redis', 'db', '', true],
      ['caselink-redis', 'db', '16', false],
      ['caselink-redis', 'db', '${DB}', false],
      ['caselink-system', 'timeoutMs', '99', false],
      ['caselink-system', 'timeoutMs', '600000', true],
    ];
    const results = await page.evaluate(
      (cases) => cases.map(([type, property, value]) => (window as any).RED.nodes.getType(type).defaults[property].validate.call({}, value) === true),
      cases,
    );
    expect(results).toEqual(cases.map((c) => c[3]));
    // The nodes of the flow whose own values are refused: concurrency 300, scanIntervalMs 999.
    const valid = await page.evaluate(() => ['de1', 'tr1'].map((id) => (window as any).RED.nodes.node(id).valid));
    expect(valid).toEqual([false, false]);
  });

  it("hands the route's and the mapping's text editors to the node on save", async () => {
    for (const [id, config, property, text] of [
      ['ro1', false, 'overrides', '440105000000 = court-440105'],
      ['m1', true, 'document', '{"kind":"y-sys"}'],
    ] as const) {
      await openForm(id, config);
      // The text editor (ace in Node-RED 5, Monaco in 4.1) is created by oneditprepare and loads on its own time.
      await page.waitForFunction((id) => {
        const node = (window as any).RED.nodes.node(id);
        return (
          Boolean(node.editor ?? node.documentEditor) &&
          (window as any).$('.red-ui-tray .red-ui-editor-text-container, .red-ui-tray .ace_editor, .red-ui-tray .monaco-editor').length > 0
        );
      }, id);
      await page.evaluate(
        ([id, text]) => {
          const RED = (window as any).RED;
          const node = RED.nodes.node(id);
          (node.editor ?? node.documentEditor).setValue(text);
        },
        [id, text] as const,
      );
      // As an operator would, let the editor settle before Done: Monaco (4.1) runs delayed work on a
      // change (word highlighting, validation) that fails with "Model is disposed!" when the model
      // is destroyed within the same instant. The wait is the page's own timer, so that it ends after
      // the editor's earlier timers have run however late a loaded machine runs them (a wait in the
      // test process could end while the page is still behind).
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 800)));
      await page.locator(config ? '#node-config-dialog-ok' : '#node-dialog-ok').click();
      await page.locator('.red-ui-tray').waitFor({ state: 'detached' });
      const after = await page.evaluate(([id, property]) => (window as any).RED.nodes.node(id)[property], [id, property] as const);
      expect(after).toBe(text);
    }
    expect(ourErrors()).toEqual([]);
  });
});
