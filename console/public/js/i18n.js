/**
 * The page's strings, from the locale catalogues beside the nodes' own (nodes/locales/<lang>/console-page.json,
 * served as ../console/locales/<lang>.json), and the names of codes from the API's labels and directory.
 * A code is shown by its name, the code itself on hover.
 */
import { h } from './dom.js';
import { state, LANG_KEY } from './state.js';

const FALLBACK_LANG = 'zh-CN';

async function fetchStrings(lang) {
  const response = await fetch(`locales/${lang}.json`, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`locale ${lang}: HTTP ${response.status}`);
  return response.json();
}

export async function loadStrings() {
  const [strings, fallback] = await Promise.all([fetchStrings(state.lang), state.lang === FALLBACK_LANG ? null : fetchStrings(FALLBACK_LANG)]);
  state.strings = strings;
  state.fallback = fallback ?? strings;
}

export function setLanguage(lang) {
  state.lang = lang;
  localStorage.setItem(LANG_KEY, lang);
}

export function t(key, vars) {
  let text = state.strings[key];
  if (text === undefined) text = state.fallback[key];
  if (text === undefined) return key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (vars && vars[name] !== undefined ? String(vars[name]) : ''));
}

/** Whether the catalogue names this key (so a code without a name is shown as itself). */
export function has(key) {
  return state.strings[key] !== undefined || state.fallback[key] !== undefined;
}

function directoryName(table, code) {
  const directory = state.directory;
  if (!directory) return undefined;
  const entry =
    table === 'divisions' ? directory.divisions.find((d) => d.code === code) : table === 'systems' ? directory.systems.find((x) => x.kind === code) : undefined;
  return entry ? (entry.name[state.lang] ?? entry.name[FALLBACK_LANG]) : undefined;
}

/** A code's name: districts and systems from the directory, the rest from the standard's code tables. */
export function label(table, code) {
  const fromDirectory = directoryName(table, code);
  if (fromDirectory) return fromDirectory;
  const entry = state.labels && state.labels[table] && state.labels[table][code];
  if (!entry) return code;
  return state.lang === 'en-US' ? entry.en : entry.zh;
}

/** A code shown by its name with the code on hover (and in data-code for tests and copy). */
export function code(name, value, extra = {}) {
  return h('span', { class: 'code', title: value, 'data-code': value, ...extra }, name);
}

/** A code from a label table, by name. */
export function labelled(table, value) {
  return code(label(table, value), value);
}

/** A code from the page's own catalogue (`state.SUBMITTED`, `track.FAST` …), by name. */
export function term(prefix, value) {
  if (value === null || value === undefined || value === '') return '-';
  return code(has(`${prefix}.${value}`) ? t(`${prefix}.${value}`) : value, value);
}

/** `court-440105` → "海珠区 · 法院", the id on hover. */
export function destinationName(destination) {
  const at = destination.lastIndexOf('-');
  const kind = destination.slice(0, at);
  const division = destination.slice(at + 1);
  const known = state.directory && state.directory.instances.some((i) => i.id === destination);
  return known ? `${label('divisions', division)} · ${label('systems', kind)}` : destination;
}

export function destination(destinationId) {
  return code(destinationName(destinationId), destinationId, { class: 'code dest' });
}

/** A platform org code (`440105010000`: district + agency type + 0000) by name, the code on hover. */
export function org(orgCode) {
  const match = /^(\d{6})(\d{2})0000$/.exec(orgCode || '');
  const agency = match && state.labels && state.labels.orgTypes ? state.labels.orgTypes[match[2]] : undefined;
  if (!agency) return code(orgCode || '-', orgCode || '');
  return code(`${label('divisions', match[1])} · ${label('agencies', agency)}`, orgCode);
}

/** Table column headers from locale keys: text columns, then number columns. */
export function columns(texts, numbers = []) {
  return [...texts.map((key) => ({ text: t(key) })), ...numbers.map((key) => ({ text: t(key), num: true }))];
}
