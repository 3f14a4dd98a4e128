/** The efficiency page's two SVG charts: on-time rate lines and grouped cycle-time bars. */
import { h, s } from '../dom.js';
import { percent } from '../format.js';

export const SERIES_COLORS = ['#8f0000', '#1f6fb2', '#2f8f46', '#d08700', '#6a4c93', '#00838f'];
const color = (i) => SERIES_COLORS[i % SERIES_COLORS.length];

export function legend(names) {
  return h(
    'div',
    { class: 'legend' },
    names.map((name, i) => h('span', null, h('span', { class: 'swatch', style: 'background:' + color(i) }), name)),
  );
}

function shorten(text, n) {
  return text.length > n ? text.slice(0, n - 1) + '…' : text;
}

/** A chart's drawing area: 900 wide and `H` high, margins left 48, right 16, top 14 and bottom `B` (axis labels). */
function frame(H, B) {
  const W = 900,
    L = 48,
    R = 16,
    T = 14;
  return { W, H, L, R, T, B, plotW: W - L - R, plotH: H - T - B };
}

/** Lines over the periods, one per series; y from 0 to 1 (a rate). */
export function lineChart(periods, series) {
  const { W, H, L, R, T, B, plotW, plotH } = frame(260, 40);
  const x = (i) => L + (periods.length <= 1 ? plotW / 2 : (i * plotW) / (periods.length - 1));
  const y = (v) => T + plotH - v * plotH;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img' });
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    svg.appendChild(s('line', { class: 'gridline', x1: L, x2: W - R, y1: y(v), y2: y(v) }));
    svg.appendChild(s('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, percent(v)));
  }
  svg.appendChild(s('line', { class: 'axis', x1: L, x2: W - R, y1: y(0), y2: y(0) }));
  const step = Math.max(1, Math.ceil(periods.length / 10));
  periods.forEach((p, i) => {
    const last = i === periods.length - 1;
    const anchor = periods.length > 1 && last ? 'end' : periods.length > 1 && i === 0 ? 'start' : 'middle';
    if ((i % step === 0 && periods.length - 1 - i >= step) || last) svg.appendChild(s('text', { x: x(i), y: H - B + 16, 'text-anchor': anchor }, p));
  });
  series.forEach((serie, si) => {
    const points = serie.points.filter((pt) => pt.value !== null);
    if (points.length > 1) {
      svg.appendChild(
        s('polyline', { fill: 'none', stroke: color(si), 'stroke-width': 2, points: points.map((pt) => x(pt.index) + ',' + y(pt.value)).join(' ') }),
      );
    }
    for (const pt of points) {
      svg.appendChild(
        s(
          'circle',
          { cx: x(pt.index), cy: y(pt.value), r: 3.5, fill: color(si), 'data-series': serie.key, 'data-period': periods[pt.index], 'data-value': pt.value },
          s('title', null, serie.name + ' ' + periods[pt.index] + '：' + percent(pt.value) + (pt.detail ? ' (' + pt.detail + ')' : '')),
        ),
      );
    }
  });
  return svg;
}

/** Grouped bars: one group per category, one bar per series. */
export function barChart(categories, series, format) {
  const { W, H, L, R, T, B, plotW, plotH } = frame(280, 56);
  let max = 0;
  for (const serie of series) for (const v of serie.values) if (v !== null && v > max) max = v;
  max = max > 0 ? max * 1.1 : 1;
  const y = (v) => T + plotH - (v / max) * plotH;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img' });
  for (let g = 0; g <= 4; g++) {
    const v = (max * g) / 4;
    svg.appendChild(s('line', { class: 'gridline', x1: L, x2: W - R, y1: y(v), y2: y(v) }));
    svg.appendChild(s('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, format(v)));
  }
  svg.appendChild(s('line', { class: 'axis', x1: L, x2: W - R, y1: y(0), y2: y(0) }));
  const groupW = plotW / Math.max(categories.length, 1);
  const barW = Math.max(4, Math.min(26, (groupW * 0.8) / Math.max(series.length, 1)));
  categories.forEach((cat, ci) => {
    const gx = L + ci * groupW + (groupW - barW * series.length) / 2;
    series.forEach((serie, si) => {
      const value = serie.values[ci];
      if (value === null || value === undefined) return;
      svg.appendChild(
        s(
          'rect',
          {
            x: gx + si * barW,
            y: y(value),
            width: barW - 2,
            height: Math.max(0, y(0) - y(value)),
            fill: color(si),
            'data-series': serie.key,
            'data-category': cat.key,
            'data-value': value,
          },
          s('title', null, serie.name + ' · ' + cat.name + '：' + format(value)),
        ),
      );
    });
    svg.appendChild(s('text', { x: L + ci * groupW + groupW / 2, y: H - B + 16, 'text-anchor': 'middle' }, cat.key));
    svg.appendChild(s('text', { x: L + ci * groupW + groupW / 2, y: H - B + 30, 'text-anchor': 'middle', class: 'small' }, shorten(cat.name, 8)));
  });
  return svg;
}
