/** 3. Case search: any number of a case, its processes drawn, its running clocks, supervision, waiting messages and timeline. */
import { $, clear, empty, h, table } from '../dom.js';
import { duration, formatTime } from '../format.js';
import { columns, destination, label, labelled, org, t, term } from '../i18n.js';
import { api, query, reportError } from '../session.js';
import { state } from '../state.js';
import { diagram } from './diagram.js';
import { evidenceEvents, evidenceText, showDossier } from './dossier.js';

export function showCase(arg, force) {
  if (arg) {
    $('case-number').value = arg;
    loadCase(arg);
  } else if (force && state.lastCase) {
    renderCase(state.lastCase);
  } else {
    $('case-number').focus();
  }
}

let latestSearch = 0;

export async function loadCase(number) {
  const box = clear($('case-result'));
  // Only the latest search is shown: an earlier one answering late must not replace it.
  const search = ++latestSearch;
  try {
    const view = await api('case' + query({ number }));
    if (search !== latestSearch) return;
    state.lastCase = view;
    renderCase(view);
  } catch (err) {
    if (search !== latestSearch) return;
    if (err.status === 404) box.appendChild(empty(t('case.notFound')));
    else reportError(err);
  }
}

export function levelChip(level, kind) {
  const shown = kind === 'WINDOW' ? 'window' : level;
  return h('span', { class: 'level ' + shown, 'data-level': level, title: level }, t('level.' + shown));
}

export function clockName(clock) {
  return [h('span', { class: 'tag' }, clock), label('clocks', clock.split('@')[0])];
}

/** Markers after a deadline: estimated (no legal date stated), provisional holiday calendar (the year's notice is not in yet). */
export function deadlineNotes(entry) {
  if (!entry) return '';
  return (entry.estimated ? ' ' + t('clock.estimated') : '') + (entry.provisionalCalendar ? ' ' + t('clock.provisionalCalendar') : '');
}

export function caseLink(uid) {
  return h('a', { class: 'case-link mono', href: '#case/' + encodeURIComponent(uid) }, uid);
}

export function remaining(ms) {
  return ms < 0 ? t('deadlines.overdueBy', { d: duration(-ms) }) : duration(ms);
}

function timelineText(e) {
  switch (e.kind) {
    case 'case':
      return [e.caseUid, ' · ', labelled('divisions', e.district), ' · ', term('how', e.how)];
    case 'message':
      return [
        h('span', { class: 'tag' }, label('processes', e.process)),
        labelled('messageTypes', e.messageType),
        ' ',
        org(e.from),
        ' → ',
        org(e.to),
        ' ',
        h('span', { class: 'mono muted' }, e.messageId),
      ];
    case 'state':
      return [
        h('span', { class: 'tag' }, label('processes', e.process)),
        e.from ? term('state', e.from) : '●',
        ' → ',
        e.to ? term('state', e.to) : '-',
        e.via && e.via.length ? [' (', e.via.map((via) => term('state', via)), ')'] : '',
      ];
    case 'violation':
      return [h('span', { class: 'tag' }, labelled('messageTypes', e.messageType)), e.violation && e.violation.reason];
    case 'clock':
      return [
        ...clockName(e.clock),
        ' ',
        t('clock.' + e.action),
        e.deadline ? ' · ' + t('deadlines.deadline') + ' ' + formatTime(e.deadline) + deadlineNotes(e) : '',
        e.onTime === true ? ' · ' + t('clock.onTime') : e.onTime === false ? ' · ' + t('clock.late') : '',
      ];
    case 'warning':
      return [levelChip(e.level), ' ', ...clockName(e.clock), ' · ', labelled('agencies', e.agency), ' · ', formatTime(e.deadline)];
    case 'supervision':
      return [h('span', { class: 'tag' }, term('status', e.action)), e.orderId, e.by ? ' · ' + e.by : '', e.text ? ' · ' + e.text : ''];
    case 'anomaly':
      return [e.anomaly && e.anomaly.reason];
    case 'evidence':
      return evidenceText(e.evidence);
    default:
      return [JSON.stringify(e)];
  }
}

export function supervisionTable(orders) {
  return table(
    columns(['deadlines.order', 'deadlines.case', 'deadlines.clock', 'agency', 'deadlines.deadline', 'deadlines.opened', 'deadlines.status']),
    orders.map((o) =>
      h(
        'tr',
        { 'data-order': o.id },
        h('td', { class: 'mono' }, o.id),
        h('td', null, caseLink(o.caseUid)),
        h('td', null, clockName(o.clock)),
        h('td', null, labelled('divisions', o.district), ' · ', labelled('agencies', o.agency)),
        h('td', null, formatTime(o.deadline)),
        h('td', null, formatTime(o.openedAt)),
        h('td', null, term('status', o.status)),
      ),
    ),
    { testid: 'supervision-table' },
  );
}

function fact(name, value) {
  return h('div', null, h('div', { class: 'muted small' }, name), h('div', null, value));
}

function renderCase(view) {
  const box = clear($('case-result'));
  box.appendChild(
    h(
      'div',
      { class: 'panel', 'data-testid': 'case-head', 'data-case-uid': view.caseUid },
      h(
        'div',
        { class: 'case-head' },
        h('div', null, h('div', { class: 'muted small', title: 'caseUid' }, t('case.uid')), h('div', { class: 'big mono' }, view.caseUid)),
        fact(t('district'), labelled('divisions', view.district)),
        fact(t('case.track'), term('track', view.track)),
        fact(t('case.custody'), view.inCustody ? t('yes') : t('no')),
        fact(t('case.messages'), String(view.counts.messages)),
        fact(t('case.violations'), String(view.counts.violations)),
      ),
      h(
        'div',
        { style: 'margin-top: 8px' },
        h('span', { class: 'muted small' }, t('case.numbers') + '：'),
        view.numbers.map((n) => h('span', { class: 'tag', title: n.system }, label('agencies', n.system) + ' ' + n.number)),
      ),
    ),
  );

  box.appendChild(h('h2', null, t('case.processes')));
  box.appendChild(
    h(
      'div',
      { class: 'processes' },
      view.processes.map((p) =>
        h(
          'div',
          { class: 'panel process-card', 'data-process': p.key, 'data-state': p.state, 'data-closed': String(p.closed) },
          h(
            'h3',
            { title: p.key },
            labelled('processes', p.process),
            h(
              'span',
              { class: 'state level ' + (p.closed ? 'green' : 'yellow') },
              t('case.state') + ' ',
              term('state', p.state),
              ' · ' + t(p.closed ? 'case.closed' : 'case.open'),
            ),
          ),
          diagram(p.diagram),
        ),
      ),
    ),
  );

  box.appendChild(h('h2', null, t('case.clocks')));
  box.appendChild(
    view.clocks.length
      ? table(
          [{ text: t('deadlines.clock') }, { text: t('agency') }, { text: '' }, { text: t('deadlines.deadline') }, { text: t('deadlines.remaining') }],
          view.clocks.map((c) =>
            h(
              'tr',
              { 'data-clock': c.key },
              h('td', null, h('span', { class: 'tag' }, c.key), label('clocks', c.clock)),
              h('td', null, labelled('agencies', c.agency)),
              h('td', null, levelChip(c.level, c.kind)),
              h('td', null, formatTime(c.deadline) + deadlineNotes(c)),
              h('td', null, remaining(c.remainingMs)),
            ),
          ),
        )
      : empty(t('case.noClocks')),
  );

  // Standard 1.1: each defendant of a case with several, as the trial (and an appeal) decided.
  if (view.persons && view.persons.length) {
    box.appendChild(h('h2', null, t('case.persons')));
    box.appendChild(
      table(
        columns(['person.id', 'person.verdict', 'person.penalty', 'person.term', 'person.probation', 'person.termEnd', 'person.branch', 'person.clocks']),
        view.persons.map((p) => {
          const penalty = p.penaltyLabel ? (state.lang === 'en-US' ? p.penaltyLabel.en : p.penaltyLabel.zh) : '';
          return h(
            'tr',
            { 'data-person': p.personId },
            h('td', { class: 'mono' }, p.personId),
            h('td', null, p.verdict ? term('verdict', p.verdict) : ''),
            h('td', null, penalty, p.revised ? h('span', { class: 'muted small' }, ' · ' + t('person.revised')) : ''),
            h('td', null, p.termMonths === undefined ? '' : String(p.termMonths)),
            h('td', null, p.probationMonths === undefined ? '' : String(p.probationMonths)),
            h('td', null, p.termEnd || ''),
            h('td', null, p.branch ? term('branch', p.branch) : ''),
            h(
              'td',
              null,
              p.clocks.map((key) => h('span', { class: 'tag' }, key)),
            ),
          );
        }),
      ),
    );
  }

  box.appendChild(h('h2', null, t('case.supervision')));
  box.appendChild(view.supervision.length ? supervisionTable(view.supervision) : empty(t('case.noOrders')));

  box.appendChild(h('h2', null, t('case.lanes')));
  box.appendChild(
    view.lanes.length
      ? table(
          columns(['dead.destination', 'dead.lane', 'dead.messageId']),
          view.lanes.map((lane) =>
            h(
              'tr',
              null,
              h('td', null, destination(lane.destination)),
              h('td', null, term('lane', lane.state)),
              h('td', { class: 'mono' }, [lane.head].concat(lane.waiting).join(', ')),
            ),
          ),
        )
      : empty(t('case.noLanes')),
  );

  box.appendChild(h('h2', null, t('dossier.title')));
  const dossierBox = box.appendChild(h('div', { class: 'panel', 'data-testid': 'dossier' }, empty(t('dossier.loading'))));

  box.appendChild(h('h2', null, t('case.timeline')));
  const timeline = h('ul', { class: 'timeline', 'data-testid': 'timeline' });
  box.appendChild(h('div', { class: 'panel' }, timeline));
  fillTimeline(timeline, view.timeline);
  // The dossier's evidence joins the timeline when it arrives (unless another case was opened meanwhile).
  showDossier(view.caseUid, dossierBox).then((dossier) => {
    if (dossier && dossier.evidence.length && state.lastCase === view) fillTimeline(timeline, withEvidence(view.timeline, evidenceEvents(dossier)));
  }, reportError);
}

const instant = (at) => (typeof at === 'number' ? at : Date.parse(at));

/** The case's events in their order, each piece of evidence before the first event later than it. */
function withEvidence(events, evidence) {
  const merged = events.slice();
  for (const e of evidence) {
    const later = merged.findIndex((x) => instant(x.at) > instant(e.at));
    merged.splice(later === -1 ? merged.length : later, 0, e);
  }
  return merged;
}

function fillTimeline(list, events) {
  clear(list);
  for (const e of events)
    list.appendChild(
      h(
        'li',
        { 'data-kind': e.kind },
        h('span', { class: 'muted' }, formatTime(e.at)),
        h('span', { class: 'kind' }, t('kind.' + e.kind)),
        h('span', null, timelineText(e)),
      ),
    );
}
