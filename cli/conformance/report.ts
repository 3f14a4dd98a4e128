/** The kit's report: JSON for machines and a bilingual Markdown page an agency attaches to its request to go live. */
import type { CheckResult } from './checks';

export interface KitReport {
  kit: 'caselink-conformance';
  kitVersion: 1;
  adapter: { kind: string; names: { 'zh-CN': string; 'en-US': string }; source: string; version?: string; standardVersion: string };
  target: string;
  startedAt: string;
  finishedAt: string;
  summary: { pass: number; fail: number; skip: number; passed: boolean };
  /** What this version of the kit does not check yet (said in the report, not hidden). */
  notChecked: Array<{ 'zh-CN': string; 'en-US': string }>;
  checks: CheckResult[];
}

export const NOT_CHECKED: KitReport['notChecked'] = [
  {
    'zh-CN': '对真实系统（--url）时不经转发核心检查顺序与幂等（以免向真实系统重复投递测试报文）',
    'en-US': 'against a live system (--url) the core checks (order, idempotency) are not run, so as not to deliver test documents to it repeatedly',
  },
];

const STATUS = { pass: '✅ 通过 pass', fail: '❌ 未通过 fail', skip: '⏭ 未执行 skipped' } as const;

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function markdownReport(report: KitReport): string {
  const { adapter, summary } = report;
  const lines = [
    `# CaseLink 一致性测试报告 · Conformance report`,
    '',
    `| 项目 Item | 值 Value |`,
    `|---|---|`,
    `| 适配器 Adapter | ${cell(adapter.names['zh-CN'])} / ${cell(adapter.names['en-US'])} (\`${adapter.kind}\`) |`,
    `| 来源 Source | ${cell(adapter.source)}${adapter.version ? ` ${adapter.version}` : ''} |`,
    `| 统一标准版本 Standard version | ${adapter.standardVersion} |`,
    `| 被测系统 Tested against | ${cell(report.target)} |`,
    `| 时间 Time | ${report.startedAt} – ${report.finishedAt} |`,
    `| 结论 Result | ${summary.passed ? '✅ 全部通过 all checks passed' : '❌ 未全部通过 not all checks passed'} — ${summary.pass} 通过 passed, ${summary.fail} 未通过 failed, ${summary.skip} 未执行 skipped |`,
    '',
    '## 检查项 · Checks',
    '',
    '| # | 检查 Check | 结果 Result | 证据 Evidence |',
    '|---|---|---|---|',
    ...report.checks.map((c, i) => `| ${i + 1} | ${cell(c.title['zh-CN'])}<br>${cell(c.title['en-US'])} | ${STATUS[c.status]} | ${cell(c.evidence)} |`),
    '',
    '## 本版套件未检查 · Not checked by this version of the kit',
    '',
    ...report.notChecked.map((n) => `- ${n['zh-CN']}\n  ${n['en-US']}`),
    '',
  ];
  return lines.join('\n');
}
