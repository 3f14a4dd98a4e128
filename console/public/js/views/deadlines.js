/** 4. Deadlines: running clocks by district and agency, the cases on yellow, red or overdue, open supervision orders. */
import { $, clear, empty, h, table } from '../dom.js';
import { formatTime } from '../format.js';
import { columns, labelled, t } from '../i18n.js';
import { api, query, reportError } from '../session.js';
import { every } from '../state.js';
import { caseLink, clockName, deadlineNotes, levelChip, remaining, supervisionTable } from './case.js';

export function showDeadlines() {
  loadDeadlines();
  every(10000, loadDeadlines);
}

export async function loadDeadlines() {
  try {
    renderDeadlines(await api('deadlines' + query({ district: $('deadlines-district').value, agency: $('deadlines-agency').value })));
  } catch (err) {
    reportError(err);
  }
}

function countCell(n, level) {
  return h('td', { class: 'num' + (n > 0 ? ' count-' + level : ''), 'data-level': level }, n);
}

function renderDeadlines(view) {
  $('deadlines-updated').textContent = t('links.updated', { time: formatTime(view.at) });
  const box = clear($('deadlines-result'));
  box.appendChild(h('h2', null, t('deadlines.summary')));
  box.appendChild(
    view.summary.length
      ? table(
          columns(['district', 'agency'], ['deadlines.running', 'level.yellow', 'level.red', 'level.overdue']),
          view.summary.map((row) =>
            h(
              'tr',
              { 'data-district': row.district, 'data-agency': row.agency },
              h('td', null, labelled('divisions', row.district)),
              h('td', null, labelled('agencies', row.agency)),
              h('td', { class: 'num' }, row.running),
              countCell(row.yellow, 'yellow'),
              countCell(row.red, 'red'),
              countCell(row.overdue, 'overdue'),
            ),
          ),
          { testid: 'deadline-summary' },
        )
      : empty(t('deadlines.emptySummary')),
  );

  box.appendChild(h('h2', null, t('deadlines.items')));
  box.appendChild(
    view.items.length
      ? table(
          [
            { text: '' },
            { text: t('deadlines.case') },
            { text: t('deadlines.clock') },
            { text: t('district') },
            { text: t('agency') },
            { text: t('deadlines.deadline') },
            { text: t('deadlines.remaining') },
            { text: t('deadlines.order') },
          ],
          view.items.map((item) =>
            h(
              'tr',
              { 'data-case': item.caseUid, 'data-level': item.level },
              h('td', null, levelChip(item.level)),
              h('td', null, caseLink(item.caseUid)),
              h('td', null, clockName(item.clock)),
              h('td', null, labelled('divisions', item.district)),
              h('td', null, labelled('agencies', item.agency)),
              h('td', null, formatTime(item.deadlineMs) + deadlineNotes(item)),
              h('td', null, remaining(item.remainingMs)),
              h('td', { class: 'mono small' }, item.supervisionOrderId || ''),
            ),
          ),
          { testid: 'deadline-items' },
        )
      : empty(t('deadlines.emptyItems')),
  );

  box.appendChild(h('h2', null, t('deadlines.supervision')));
  box.appendChild(view.supervision.length ? supervisionTable(view.supervision) : empty(t('deadlines.emptyOrders')));
}
