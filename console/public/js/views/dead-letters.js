/** 2. Dead letters: filter, inspect (masked unless revealed), replay or discard with a reason, and the audit trail. */
import { $, clear, empty, h, table } from '../dom.js';
import { formatTime } from '../format.js';
import { columns, destination, has, labelled, t } from '../i18n.js';
import { api, banner, query, reportError } from '../session.js';
import { state } from '../state.js';

export function showDeadLetters(_arg, force) {
  if (!force || !state.dead.list) loadDeadLetters();
  else renderDeadList(state.dead.list);
  loadAudit();
  if (state.dead.detail) renderDeadDetail(state.dead.detail);
}

/** A new search: forget the selected letter. */
export function searchDeadLetters() {
  state.dead.detail = null;
  state.dead.selected = null;
  clear($('dead-detail'));
  return loadDeadLetters();
}

function deadFilter() {
  return { destination: $('dead-destination').value, case: $('dead-case').value.trim(), type: $('dead-type').value };
}

async function loadDeadLetters() {
  try {
    const list = await api('dead-letters' + query(deadFilter()));
    state.dead.list = list;
    renderDeadList(list);
  } catch (err) {
    reportError(err);
  }
}

function renderDeadList(list) {
  const box = clear($('dead-list'));
  if (!list.items.length) {
    box.appendChild(empty(t('dead.empty')));
    return;
  }
  box.appendChild(h('p', { class: 'muted small' }, t('dead.total', { n: list.total })));
  const rows = list.items.map((item) => {
    const selected = state.dead.selected && state.dead.selected.messageId === item.messageId && state.dead.selected.destination === item.destination;
    return h(
      'tr',
      {
        class: 'clickable' + (selected ? ' selected' : ''),
        'data-message-id': item.messageId,
        'data-destination': item.destination,
        onclick: () => openDeadLetter(item.destination, item.messageId),
      },
      h('td', null, formatTime(item.deadAt)),
      h('td', null, destination(item.destination)),
      h('td', null, item.messageType ? labelled('messageTypes', item.messageType) : '-'),
      h('td', { class: 'mono' }, item.caseUid || item.orderKey),
      h('td', { class: 'mono' }, item.messageId),
      h('td', null, item.reason),
      h('td', { class: 'num' }, item.attempts),
    );
  });
  box.appendChild(
    table(columns(['dead.deadAt', 'dead.destination', 'dead.type', 'dead.case', 'dead.messageId', 'dead.reason'], ['dead.attempts']), rows, {
      testid: 'dead-table',
    }),
  );
}

async function openDeadLetter(destinationId, messageId) {
  state.dead.selected = { destination: destinationId, messageId };
  try {
    const detail = await api('dead-letters/' + encodeURIComponent(destinationId) + '/' + encodeURIComponent(messageId));
    state.dead.detail = detail;
    renderDeadDetail(detail);
    if (state.dead.list) renderDeadList(state.dead.list);
    loadAudit();
  } catch (err) {
    reportError(err);
  }
}

function kv(pairs) {
  return h(
    'dl',
    { class: 'kv' },
    pairs.map(([key, value, cls]) => [h('dt', null, key), h('dd', { class: cls || null }, value)]),
  );
}

function renderDeadDetail(detail) {
  const box = clear($('dead-detail'));
  const canWrite = state.session && state.session.canWrite;
  const reason = h('textarea', { id: 'action-reason', placeholder: t('dead.reasonPlaceholder'), maxlength: 500 });
  const result = h('p', { id: 'action-result', class: 'muted', role: 'status' });
  const path = (action) => 'dead-letters/' + encodeURIComponent(detail.destination) + '/' + encodeURIComponent(detail.messageId) + '/' + action;
  function reasonGiven() {
    const why = reason.value.trim();
    if (!why) {
      result.className = 'error';
      result.textContent = t('dead.reasonRequired');
      reason.focus();
    }
    return why;
  }
  async function run(action) {
    const why = reasonGiven();
    if (!why) return;
    if (action === 'discard' && !window.confirm(t('dead.confirmDiscard'))) return;
    try {
      const done = await api(path(action), { method: 'POST', body: { reason: why }, permission: 'caselink.write' });
      result.className = 'ok';
      result.textContent = t(action === 'replay' ? 'dead.replayed' : 'dead.discarded', { id: done.messageId, user: done.by });
      banner(result.textContent, 'info');
      state.dead.detail = null;
      state.dead.selected = null;
      clear(box);
      loadDeadLetters();
      loadAudit();
    } catch (err) {
      result.className = 'error';
      result.textContent = err.message;
    }
  }
  async function reveal() {
    const why = reasonGiven();
    if (!why) return;
    try {
      const revealed = await api(path('reveal'), { method: 'POST', body: { reason: why }, permission: 'caselink.write' });
      state.dead.detail = revealed;
      renderDeadDetail(revealed);
      loadAudit();
    } catch (err) {
      result.className = 'error';
      result.textContent = err.message;
    }
  }
  const lane = detail.lane;
  box.appendChild(
    h(
      'div',
      { class: 'panel detail', 'data-testid': 'dead-detail', 'data-message-id': detail.messageId },
      h('h3', null, detail.messageType ? [labelled('messageTypes', detail.messageType), ' · '] : '', h('span', { class: 'mono' }, detail.messageId)),
      kv([
        [t('dead.destination'), destination(detail.destination)],
        [t('dead.case'), detail.caseUid || detail.orderKey, 'mono'],
        [t('dead.sender'), detail.sender || '-'],
        [t('dead.receiver'), detail.receiver || '-'],
        [t('dead.reason'), detail.reason],
        [t('dead.lastError'), detail.lastError || '-'],
        [t('dead.attempts'), String(detail.attempts)],
        [t('dead.enqueuedAt'), formatTime(detail.enqueuedAt)],
        [t('dead.deadAt'), formatTime(detail.deadAt)],
        [t('dead.lane'), t('lane.' + lane.state) + (lane.waiting.length ? t('listSeparator') + t('dead.waiting', { n: lane.waiting.length }) : '')],
      ]),
      h(
        'div',
        null,
        h('strong', null, t('dead.message')),
        ' ',
        h('span', { class: detail.masked ? 'masked-note' : 'revealed-note', 'data-testid': 'mask-state' }, t(detail.masked ? 'dead.masked' : 'dead.revealed')),
      ),
      h('pre', { 'data-testid': 'dead-message' }, JSON.stringify(detail.message, null, 2)),
      canWrite ? null : h('p', { class: 'muted small' }, t('dead.readOnly')),
      h(
        'div',
        { class: 'actions' },
        h('label', { class: 'reason' }, h('div', { class: 'small muted' }, t('dead.actionReason')), reason),
        h('button', { type: 'button', class: 'primary', id: 'action-replay', disabled: !canWrite, onclick: () => run('replay') }, t('dead.replay')),
        h('button', { type: 'button', class: 'danger', id: 'action-discard', disabled: !canWrite, onclick: () => run('discard') }, t('dead.discard')),
        detail.masked
          ? h(
              'button',
              { type: 'button', class: 'secondary', id: 'action-reveal', disabled: !canWrite, title: t('dead.revealConfirm'), onclick: reveal },
              t('dead.reveal'),
            )
          : null,
      ),
      result,
    ),
  );
}

async function loadAudit() {
  try {
    const entries = await api('audit' + query({ limit: 50 }));
    const box = clear($('dead-audit'));
    if (!entries.length) {
      box.appendChild(empty(t('audit.empty')));
      return;
    }
    box.appendChild(
      table(
        columns(['audit.at', 'audit.action', 'audit.who', 'audit.why', 'dead.destination', 'dead.messageId']),
        entries.map((e) =>
          h(
            'tr',
            { 'data-action': e.action },
            h('td', null, formatTime(e.at)),
            h('td', { title: e.action }, has('action.' + e.action) ? t('action.' + e.action) : e.action),
            h('td', null, e.who),
            h('td', null, e.why),
            h('td', null, destination(e.destination)),
            h('td', { class: 'mono' }, e.messageId || e.orderKey || ''),
          ),
        ),
        { testid: 'audit-table' },
      ),
    );
  } catch (err) {
    reportError(err);
  }
}
