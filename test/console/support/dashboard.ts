/**
 * A static rendering of the shipped Grafana dashboard's panels from one real Prometheus scrape:
 * enough PromQL (sum / max / avg / count, `by (…)`, label matchers, `a - b`, `== 0`) to evaluate
 * the dashboard's own expressions on instant values. A rate over one scrape cannot be taken: such
 * a panel shows the counter and says so. It is not Grafana; the docs say what the picture is.
 */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[4]) });
  }
  return samples;
}

type Series = Array<{ labels: Record<string, string>; value: number }>;

function select(samples: Sample[], selector: string): Series {
  const m = /^([a-zA-Z_:][\w:]*)\s*(\{([^}]*)\})?\s*(==\s*(\S+))?$/.exec(selector.trim());
  if (!m) throw new Error(`unsupported selector: ${selector}`);
  const matchers = [...(m[3] ?? '').matchAll(/(\w+)\s*(!?=)\s*"([^"]*)"/g)].map((x) => ({ label: x[1]!, op: x[2]!, value: x[3]! }));
  return samples
    .filter((s) => s.name === m[1] && matchers.every((x) => (x.op === '=' ? s.labels[x.label] === x.value : s.labels[x.label] !== x.value)))
    .filter((s) => m[5] === undefined || s.value === Number(m[5]))
    .map((s) => ({ labels: s.labels, value: s.value }));
}

function aggregate(samples: Sample[], expr: string): Series {
  const m = /^(sum|max|avg|count)\s*(by\s*\(([^)]*)\)\s*)?\((.*)\)$/.exec(expr.trim());
  if (!m) return select(samples, expr);
  const by = (m[3] ?? '')
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);
  const groups = new Map<string, { labels: Record<string, string>; values: number[] }>();
  for (const s of aggregate(samples, m[4]!)) {
    const labels = Object.fromEntries(by.map((l) => [l, s.labels[l] ?? '']));
    const key = JSON.stringify(labels);
    const group = groups.get(key) ?? { labels, values: [] };
    group.values.push(s.value);
    groups.set(key, group);
  }
  if (groups.size === 0 && by.length === 0 && (m[1] === 'sum' || m[1] === 'count')) return [{ labels: {}, value: 0 }];
  return [...groups.values()].map(({ labels, values }) => ({
    labels,
    value:
      m[1] === 'sum'
        ? values.reduce((a, b) => a + b, 0)
        : m[1] === 'max'
          ? Math.max(...values)
          : m[1] === 'count'
            ? values.length
            : values.reduce((a, b) => a + b, 0) / values.length,
  }));
}

export function evaluate(samples: Sample[], expr: string): { series: Series; note?: string } {
  let note: string | undefined;
  const plain = expr.replace(/rate\(([^[]+)\[[^\]]+\]\)/g, (_, inner: string) => {
    note = 'one scrape: the counter, not its rate / 单次采集：计数值而非速率';
    return inner;
  });
  const parts = plain.split(/\s+-\s+/);
  if (parts.length === 2) {
    const [a, b] = parts.map((p) => aggregate(samples, p)[0]?.value ?? 0);
    return { series: [{ labels: {}, value: a! - b! }], ...(note ? { note } : {}) };
  }
  return { series: aggregate(samples, plain), ...(note ? { note } : {}) };
}

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function format(value: number, unit: string): string {
  if (unit === 'percentunit') return `${(value * 100).toFixed(1)}%`;
  if (unit === 's') return `${value.toFixed(1)} s`;
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

interface Panel {
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  targets: Array<{ expr: string; legendFormat?: string }>;
  fieldConfig?: { defaults?: { unit?: string } };
}

export function renderDashboard(dashboardJson: string, scrape: string): string {
  const dashboard = JSON.parse(dashboardJson) as { title: string; panels: Panel[] };
  const samples = parseExposition(scrape);
  const panels = dashboard.panels.map((panel) => {
    const target = panel.targets[0]!;
    const unit = panel.fieldConfig?.defaults?.unit ?? 'short';
    const { series, note } = evaluate(samples, target.expr);
    const place = `grid-column: ${panel.gridPos.x + 1} / span ${panel.gridPos.w}; grid-row: ${panel.gridPos.y + 1} / span ${panel.gridPos.h};`;
    let body: string;
    if (panel.type === 'stat') {
      body = `<div class="value">${escape(format(series[0]?.value ?? 0, unit))}</div>`;
    } else {
      const max = Math.max(1e-9, ...series.map((s) => s.value));
      const rows = series
        .map((s) => ({ name: (target.legendFormat ?? '').replace(/\{\{(\w+)\}\}/g, (_, l: string) => s.labels[l] ?? ''), value: s.value }))
        .sort((a, b) => a.name.localeCompare(b.name));
      body = rows.length
        ? rows
            .map(
              (r) =>
                `<div class="row"><span class="name">${escape(r.name)}</span><span class="bar" style="width:${Math.max(0.5, (r.value / max) * 60)}%"></span><span class="value">${escape(format(r.value, unit))}</span></div>`,
            )
            .join('')
        : '<div class="muted">no data / 无数据</div>';
    }
    return `<section class="panel ${panel.type}" style="${place}"><h2>${escape(panel.title)}</h2>${body}${note ? `<p class="note">${escape(note)}</p>` : ''}<code>${escape(target.expr)}</code></section>`;
  });
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(dashboard.title)}</title><style>
body { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; background: #111217; color: #d8d9da; margin: 16px; width: 1400px; }
h1 { font-size: 18px; margin: 0 0 4px; } .sub { color: #8e8e8e; font-size: 12px; margin-bottom: 12px; }
.grid { display: grid; grid-template-columns: repeat(24, 1fr); grid-auto-rows: 30px; gap: 8px; }
.panel { background: #181b1f; border: 1px solid #2c3235; border-radius: 3px; padding: 8px; overflow: hidden; }
.panel h2 { font-size: 13px; margin: 0 0 6px; font-weight: 500; }
.stat .value { font-size: 34px; font-weight: 600; color: #73bf69; }
.row { display: flex; align-items: center; gap: 6px; font-size: 11px; margin: 2px 0; }
.row .name { width: 150px; text-align: right; color: #ccccdc; } .row .bar { height: 10px; background: #5794f2; } .row .value { color: #ccccdc; }
.note { color: #f2cc0c; font-size: 11px; margin: 4px 0; } code { display: block; color: #6e7275; font-size: 10px; margin-top: 4px; } .muted { color: #8e8e8e; }
</style></head><body><h1>${escape(dashboard.title)}</h1><div class="sub">Static rendering of monitoring/grafana-dashboard.json from one real scrape of &lt;admin&gt;/caselink/metrics (not Grafana) · 北京时间</div><div class="grid">${panels.join('')}</div></body></html>`;
}
