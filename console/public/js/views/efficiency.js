/** 5. Efficiency: on-time rates and cycle times by district over a chosen date range (Beijing calendar days). */
import { $, clear, empty, h, table } from '../dom.js';
import { beijingDate, beijingDayStart, duration, percent } from '../format.js';
import { columns, label, labelled, t } from '../i18n.js';
import { api, banner, query, reportError } from '../session.js';
import { barChart, legend, lineChart } from './charts.js';

const DAY = 86_400_000;
/** The range first shown for each period (as the API's default). */
const DEFAULT_DAYS = { day: 30, week: 26 * 7, month: 365 };

export function showEfficiency() {
  loadEfficiency();
}

/** A new period: the range resets to that period's default. */
export function periodChanged() {
  $('efficiency-from').value = '';
  $('efficiency-to').value = '';
  return loadEfficiency();
}

function range(period) {
  const fromInput = $('efficiency-from');
  const toInput = $('efficiency-to');
  if (!toInput.value) toInput.value = beijingDate(Date.now());
  if (!fromInput.value) fromInput.value = beijingDate(beijingDayStart(toInput.value) - (DEFAULT_DAYS[period] - 1) * DAY);
  return { from: beijingDayStart(fromInput.value), to: beijingDayStart(toInput.value) + DAY };
}

export async function loadEfficiency() {
  const period = $('efficiency-period').value || 'day';
  const { from, to } = range(period);
  if (!(from < to)) {
    banner(t('efficiency.badRange'));
    return;
  }
  banner(null);
  try {
    renderEfficiency(await api('efficiency' + query({ period, district: $('efficiency-district').value, from, to })));
  } catch (err) {
    reportError(err);
  }
}

function renderEfficiency(view) {
  const box = clear($('efficiency-result'));
  box.appendChild(
    h('p', { class: 'muted small', 'data-testid': 'efficiency-range' }, t('efficiency.range', { from: beijingDate(view.from), to: beijingDate(view.to - 1) })),
  );
  if (!view.stepsOverall.length) {
    box.appendChild(empty(t('efficiency.empty')));
    return;
  }
  const districts = view.districts;
  const onTimeSeries = districts.map((district) => ({
    key: district,
    name: label('divisions', district),
    points: view.periods.map((p, index) => {
      const row = view.onTime.find((o) => o.period === p && o.district === district);
      return { index, value: row ? row.rate : null, detail: row ? row.numerator + '/' + row.denominator : '' };
    }),
  }));
  const categories = view.clocks.map((c) => ({ key: c, name: label('clocks', c) }));
  const cycleSeries = districts.map((district) => ({
    key: district,
    name: label('divisions', district),
    values: view.clocks.map((clock) => {
      const row = view.stepsOverall.find((r) => r.clock === clock && r.district === district);
      return row && row.medianSeconds !== null ? row.medianSeconds / 86400 : null;
    }),
  }));
  box.appendChild(
    h(
      'div',
      { class: 'charts' },
      h(
        'div',
        { class: 'panel chart', 'data-testid': 'chart-on-time' },
        h('h3', null, t('efficiency.onTime')),
        lineChart(view.periods, onTimeSeries),
        legend(onTimeSeries.map((x) => x.name)),
      ),
      h(
        'div',
        { class: 'panel chart', 'data-testid': 'chart-cycle' },
        h('h3', null, t('efficiency.cycle')),
        barChart(categories, cycleSeries, (v) => v.toFixed(1)),
        legend(cycleSeries.map((x) => x.name)),
      ),
    ),
  );

  box.appendChild(h('h2', null, t('efficiency.cycleTable')));
  box.appendChild(
    table(
      columns(['efficiency.step', 'district'], ['efficiency.count', 'efficiency.median', 'efficiency.p90', 'efficiency.onTimeRate']),
      view.stepsOverall.map((row) =>
        h(
          'tr',
          { 'data-clock': row.clock, 'data-district': row.district },
          h('td', null, h('span', { class: 'tag' }, row.clock), label('clocks', row.clock)),
          h('td', null, labelled('divisions', row.district)),
          h('td', { class: 'num' }, row.count),
          h('td', { class: 'num' }, row.medianSeconds === null ? '-' : duration(row.medianSeconds * 1000)),
          h('td', { class: 'num' }, row.p90Seconds === null ? '-' : duration(row.p90Seconds * 1000)),
          h('td', { class: 'num', 'data-field': 'on-time' }, percent(row.onTimeRate)),
        ),
      ),
      { testid: 'cycle-table' },
    ),
  );

  const rateRows = [];
  for (const key of ['fastTrack', 'recommendationAdoption', 'legalAidAssignedInTime', 'executionDocumentsInTime']) {
    for (const r of view[key] || []) {
      rateRows.push(
        h(
          'tr',
          { 'data-rate': key, 'data-district': r.district },
          h('td', null, t('rate.' + key)),
          h('td', null, labelled('divisions', r.district)),
          h('td', { class: 'num' }, r.numerator + '/' + r.denominator),
          h('td', { class: 'num' }, percent(r.rate)),
        ),
      );
    }
  }
  if (rateRows.length) {
    box.appendChild(h('h2', null, t('efficiency.rates')));
    box.appendChild(table(columns(['efficiency.indicator', 'district'], ['efficiency.cases', 'efficiency.rate']), rateRows));
  }
}
