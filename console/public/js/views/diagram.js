/** A process's state diagram as SVG: the states it passed through, the one it is in, the transitions taken. */
import { h, s } from '../dom.js';
import { has, label, t } from '../i18n.js';

const NODE_W = 136;
const NODE_H = 30;
const COL_W = 176;
const ROW_H = 46;
const PAD = 16;

function nodeBox(node) {
  return { x: PAD + node.layer * COL_W, y: PAD + node.row * ROW_H };
}

function stateName(id) {
  return has('state.' + id) ? t('state.' + id) : id;
}

function edgePath(from, to) {
  const a = nodeBox(from);
  const b = nodeBox(to);
  if (to.layer > from.layer) {
    const x1 = from.id === '●' ? a.x + 12 : a.x + NODE_W;
    const y1 = a.y + NODE_H / 2;
    const x2 = b.x;
    const y2 = b.y + NODE_H / 2;
    const mx = (x1 + x2) / 2;
    return `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`;
  }
  // Back or same-column edge: loop below both boxes.
  const sx = a.x + NODE_W / 2;
  const sy = a.y + NODE_H;
  const tx = b.x + NODE_W / 2;
  const ty = b.y + NODE_H;
  const dip = Math.max(sy, ty) + 18 + Math.abs(from.layer - to.layer) * 3;
  return `M${sx},${sy} C${sx},${dip} ${tx},${dip} ${tx},${ty}`;
}

export function diagram(d) {
  let rows = 1;
  const byId = {};
  for (const n of d.nodes) {
    rows = Math.max(rows, n.row + 1);
    byId[n.id] = n;
  }
  const width = PAD * 2 + (d.layers - 1) * COL_W + NODE_W;
  const height = PAD * 2 + (rows - 1) * ROW_H + NODE_H + 24;
  const marker = 'arrow-' + d.process;
  const markerTaken = 'arrow-taken-' + d.process;
  const arrow = (id, fill) =>
    s(
      'marker',
      { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
      s('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill }),
    );
  const svg = s(
    'svg',
    { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label('processes', d.process) },
    s('defs', null, arrow(marker, '#b0b6bf'), arrow(markerTaken, '#8f0000')),
  );
  for (const edge of d.edges) {
    const from = byId[edge.from];
    const to = byId[edge.to];
    if (!from || !to) continue;
    const on = edge.on.map((type) => `${label('messageTypes', type)} (${type})`).join(t('listSeparator'));
    svg.appendChild(
      s(
        'path',
        { class: 'edge' + (edge.taken ? ' taken' : ''), d: edgePath(from, to), 'marker-end': `url(#${edge.taken ? markerTaken : marker})` },
        s('title', null, `${stateName(edge.from)} → ${stateName(edge.to)}：${on}`),
      ),
    );
  }
  for (const node of d.nodes) {
    const box = nodeBox(node);
    if (node.id === '●') {
      svg.appendChild(s('circle', { class: 'start', cx: box.x + 6, cy: box.y + NODE_H / 2, r: 6 }));
      continue;
    }
    const cls = 'node' + (node.current ? ' current' : node.visited ? ' visited' : '') + (node.terminal ? ' terminal' : '');
    svg.appendChild(
      s(
        'g',
        { class: cls, 'data-state': node.id, 'data-current': node.current ? 'true' : null },
        s('rect', { x: box.x, y: box.y, width: NODE_W, height: NODE_H, rx: node.terminal ? 14 : 4 }),
        s('text', { x: box.x + NODE_W / 2, y: box.y + NODE_H / 2 + 4, 'text-anchor': 'middle' }, stateName(node.id)),
        s('title', null, node.id + (node.terminal ? ` (${t('case.terminal')})` : '')),
      ),
    );
  }
  return h('div', { class: 'diagram' }, svg);
}
