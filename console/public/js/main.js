/*
 * CaseLink operator console (运维控制台): native ES modules served by the runtime, no build step,
 * nothing loaded from elsewhere. Strings come from the locale catalogues, districts and systems from
 * the API's directory, every figure from the admin API.
 */
import { $, clear, h } from './dom.js';
import { destinations, districts } from './directory.js';
import { label, loadStrings, setLanguage, t } from './i18n.js';
import { api, authRequired, banner, login, logout, reportError, showLogin, storedToken } from './session.js';
import { state, stopTimer } from './state.js';
import { loadCase, showCase } from './views/case.js';
import { searchDeadLetters, showDeadLetters } from './views/dead-letters.js';
import { loadDeadlines, showDeadlines } from './views/deadlines.js';
import { loadEfficiency, periodChanged, showEfficiency } from './views/efficiency.js';
import { showLinks } from './views/links.js';

const VIEWS = { links: showLinks, dead: showDeadLetters, case: showCase, deadlines: showDeadlines, efficiency: showEfficiency };

function applyLanguage() {
  document.documentElement.lang = state.lang;
  document.title = 'CaseLink ' + t('title');
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.getAttribute('data-i18n'));
  for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.setAttribute('placeholder', t(el.getAttribute('data-i18n-placeholder')));
  const button = $('lang');
  button.textContent = t('switchLang');
  button.setAttribute('lang', state.lang === 'zh-CN' ? 'en' : 'zh-CN');
}

async function switchLanguage() {
  setLanguage(state.lang === 'zh-CN' ? 'en-US' : 'zh-CN');
  try {
    await loadStrings();
  } catch (err) {
    banner(err.message);
    return;
  }
  applyLanguage();
  if (state.session) {
    fillSelects();
    route(true);
  }
}

function option(value, text, selected) {
  return h('option', { value, selected, title: value || null }, text);
}

function fillSelect(select, entries, keep) {
  const current = keep ? select.value : '';
  clear(select);
  select.appendChild(option('', t('all')));
  for (const [value, text] of entries) select.appendChild(option(value, text, value === current));
}

function fillSelects() {
  const instances = destinations().map((id) => {
    const at = id.lastIndexOf('-');
    return [id, `${label('divisions', id.slice(at + 1))} · ${label('systems', id.slice(0, at))}`];
  });
  fillSelect($('dead-destination'), instances, true);
  fillSelect(
    $('dead-type'),
    Object.keys(state.labels.messageTypes).map((type) => [type, label('messageTypes', type)]),
    true,
  );
  const districtEntries = districts().map((d) => [d, label('divisions', d)]);
  fillSelect($('deadlines-district'), districtEntries, true);
  fillSelect($('efficiency-district'), districtEntries, true);
  fillSelect(
    $('deadlines-agency'),
    Object.keys(state.labels.agencies).map((a) => [a, label('agencies', a)]),
    true,
  );
  const period = $('efficiency-period');
  const currentPeriod = period.value || 'day';
  clear(period);
  for (const p of ['day', 'week', 'month']) period.appendChild(option(p, t('period.' + p), p === currentPeriod));
}

function route(force) {
  if (!state.session) return;
  const hash = location.hash.replace(/^#/, '');
  let name = hash.split('/')[0] || 'links';
  if (!VIEWS[name]) name = 'links';
  const arg = hash.includes('/') ? decodeURIComponent(hash.slice(hash.indexOf('/') + 1)) : '';
  stopTimer();
  banner(null);
  for (const view of document.querySelectorAll('.view')) view.hidden = view.id !== 'view-' + name;
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.getAttribute('data-view') === name);
  state.view = name;
  VIEWS[name](arg, force);
}

async function start() {
  try {
    state.session = await api('session');
    [state.labels, state.directory] = await Promise.all([api('labels'), api('directory')]);
    $('login').hidden = true;
    $('nav').hidden = false;
    $('logout').hidden = !state.authRequired;
    $('user').textContent = state.session.user;
    fillSelects();
    route();
  } catch (err) {
    reportError(err);
  }
}

async function submitLogin(event) {
  event.preventDefault();
  $('login-error').hidden = true;
  try {
    await login($('login-username').value, $('login-password').value);
  } catch {
    $('login-error').textContent = t('login.failed');
    $('login-error').hidden = false;
    return;
  }
  $('login-password').value = '';
  await start();
}

async function init() {
  await loadStrings();
  applyLanguage();
  $('lang').addEventListener('click', switchLanguage);
  $('logout').addEventListener('click', logout);
  $('login-form').addEventListener('submit', submitLogin);
  $('dead-filter').addEventListener('submit', (e) => {
    e.preventDefault();
    searchDeadLetters();
  });
  $('case-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const number = $('case-number').value.trim();
    if (!number) return;
    const hash = '#case/' + encodeURIComponent(number);
    if (location.hash === hash) loadCase(number);
    else location.hash = hash;
  });
  $('deadlines-district').addEventListener('change', loadDeadlines);
  $('deadlines-agency').addEventListener('change', loadDeadlines);
  $('efficiency-period').addEventListener('change', periodChanged);
  $('efficiency-district').addEventListener('change', loadEfficiency);
  $('efficiency-from').addEventListener('change', loadEfficiency);
  $('efficiency-to').addEventListener('change', loadEfficiency);
  window.addEventListener('hashchange', () => route());

  const stored = storedToken();
  state.token = stored ? stored.token : null;
  state.tokenOwn = stored ? stored.own : false;
  state.authRequired = await authRequired();
  if (state.authRequired && !state.token) showLogin();
  else await start();
}

init().catch((err) => banner(err.message));
