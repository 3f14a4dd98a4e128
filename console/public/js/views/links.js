/** 1. Links: one card per listed system instance (district × system), live every 2 s. */
import { $, clear, h } from '../dom.js';
import { districts, instance, systems } from '../directory.js';
import { duration, formatTime } from '../format.js';
import { code, destinationName, label, t } from '../i18n.js';
import { api, reportError } from '../session.js';
import { every, state } from '../state.js';

export function showLinks() {
  loadLinks();
  every(2000, loadLinks);
}

async function loadLinks() {
  try {
    const view = await api('links');
    state.links = view;
    renderLinks(view);
  } catch (err) {
    reportError(err);
  }
}

function stat(value, text, testid, alert) {
  return h('div', { class: 'stat', 'data-testid': testid }, h('div', { class: 'value' + (alert ? ' error' : '') }, value), h('div', { class: 'label' }, text));
}

/** Listed in the directory but not configured: never green, whatever the (empty) figures say. */
function healthOf(link) {
  const listed = instance(link.destination);
  if (listed && !listed.configured && (link.health === 'ok' || link.health === 'unknown')) return 'unconfigured';
  return link.health;
}

function linkCard(link) {
  const health = healthOf(link);
  const reasonCodes = [...(link.reasons || [])];
  if (health === 'unconfigured' && !reasonCodes.includes('unconfigured')) reasonCodes.push('unconfigured');
  const reasons = reasonCodes.map((r) => t('reason.' + r)).join(t('listSeparator'));
  const perHourTitle = link.rateWindowMs ? t('links.window', { window: duration(link.rateWindowMs) }) : '';
  const row = (key, value, alert, title) => [h('dt', null, t('links.' + key)), h('dd', { 'data-field': key, class: alert ? 'alert' : null, title }, value)];
  return h(
    'div',
    { class: 'link-card ' + health, 'data-destination': link.destination, 'data-health': health },
    h(
      'div',
      { class: 'head' },
      h('span', { class: 'health ' + health, title: health }, (health === 'unconfigured' ? '○ ' : '● ') + t('health.' + health)),
      h('span', { class: 'dest', title: link.destination }, link.destination),
    ),
    h(
      'dl',
      null,
      row('backlog', link.backlog),
      row('retrying', link.retrying, link.retrying > 0),
      row('parked', link.parked, link.parked > 0),
      row('dead', link.dead, link.dead > 0),
      row('perHour', link.deliveredPerHour === null ? t('links.collecting') : link.deliveredPerHour, false, perHourTitle),
      row('delivered', link.delivered),
      row('oldest', link.oldestAgeMs === null ? '-' : duration(link.oldestAgeMs)),
    ),
    reasons ? h('div', { class: 'reasons' }, reasons) : null,
    link.error ? h('div', { class: 'reasons error' }, link.error) : null,
  );
}

function renderLinks(view) {
  $('links-updated').textContent = t('links.updated', { time: formatTime(view.at) });
  const totals = view.totals;
  const unconfigured = view.links.filter((link) => healthOf(link) === 'unconfigured').length;
  clear($('links-totals')).append(
    stat(totals.backlog, t('links.backlog'), 'total-backlog'),
    stat(totals.retrying, t('links.retrying'), 'total-retrying', totals.retrying > 0),
    stat(totals.parked, t('links.parked'), 'total-parked', totals.parked > 0),
    stat(totals.dead, t('links.dead'), 'total-dead', totals.dead > 0),
    stat(totals.deliveredPerHour === null ? t('links.collecting') : totals.deliveredPerHour, t('links.perHour'), 'total-per-hour'),
    stat(totals.delivered, t('links.delivered'), 'total-delivered'),
    stat(totals.bad, t('links.badLinks'), 'total-bad', totals.bad > 0),
    stat(totals.warn, t('links.warnLinks'), 'total-warn'),
    stat(unconfigured, t('links.unconfiguredLinks'), 'total-unconfigured'),
  );
  const grid = clear($('links-grid'));
  const byId = Object.fromEntries(view.links.map((link) => [link.destination, link]));
  grid.style.gridTemplateColumns = `120px repeat(${Math.max(systems().length, 1)}, 1fr)`;
  grid.appendChild(h('div', { class: 'colhead' }));
  for (const kind of systems()) grid.appendChild(h('div', { class: 'colhead' }, code(label('systems', kind), kind)));
  for (const division of districts()) {
    grid.appendChild(h('div', { class: 'rowhead' }, code(label('divisions', division), division)));
    for (const kind of systems()) {
      const id = kind + '-' + division;
      const link = byId[id];
      grid.appendChild(link ? linkCard(link) : h('div', { class: 'link-card unknown', title: id }, destinationName(id)));
    }
  }
  const others = clear($('links-others'));
  if (view.others.length) {
    others.appendChild(h('h2', null, t('links.others')));
    others.appendChild(h('div', { class: 'links-grid', style: 'grid-template-columns: repeat(4, 1fr)' }, view.others.map(linkCard)));
  }
}
