/**
 * Signing in and the admin API. Every figure comes from the admin API under ../api/, which
 * Node-RED's adminAuth protects; the page signs in with a Node-RED user (or reuses the editor's
 * session) and sends the token as a Bearer header.
 */
import { $ } from './dom.js';
import { t } from './i18n.js';
import { state, stopTimer } from './state.js';

const TOKEN_KEY = 'caselink-console-token';
const IGNORE_EDITOR_KEY = 'caselink-console-ignore-editor-token';

export const adminRoot = location.pathname.replace(/caselink\/console\/.*$/, '');
const apiRoot = adminRoot + 'caselink/api/';
/** The Node-RED editor keeps its token under this key (per admin root). */
const editorTokenKey = 'auth-tokens' + adminRoot.slice(0, -1).replace(/\//g, '-');

/** This page's own token, else the editor's (same origin, same users) unless signed out here. */
export function storedToken() {
  try {
    const own = sessionStorage.getItem(TOKEN_KEY);
    if (own) return { token: own, own: true };
    if (sessionStorage.getItem(IGNORE_EDITOR_KEY)) return null;
    const editor = JSON.parse(localStorage.getItem(editorTokenKey) || 'null');
    return editor && editor.access_token ? { token: editor.access_token, own: false } : null;
  } catch {
    return null;
  }
}

export class ApiError extends Error {
  constructor(status, message, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export async function api(path, options = {}) {
  const headers = { Accept: 'application/json' };
  if (state.token) headers.Authorization = 'Bearer ' + state.token;
  const init = { method: options.method || 'GET', headers, cache: 'no-store', credentials: 'same-origin' };
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  let response;
  try {
    response = await fetch(apiRoot + path, init);
  } catch (err) {
    throw new ApiError(0, t('error.network', { error: err.message }));
  }
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (response.status === 401 && !options.permission) {
    showLogin();
    throw new ApiError(401, t('login.failed'));
  }
  if (response.status === 401 || response.status === 403) {
    throw new ApiError(response.status, t('error.forbidden', { permission: options.permission || 'caselink.read' }));
  }
  if (!response.ok) throw new ApiError(response.status, (body && body.error) || response.statusText, body && body.code);
  return body;
}

/**
 * A POST whose answer is a file (the dossier's audited download): saved under its own name through a
 * temporary link, as the browser's download. Errors as api().
 */
export async function download(path, body, fileName, permission) {
  const headers = { 'Content-Type': 'application/json' };
  if (state.token) headers.Authorization = 'Bearer ' + state.token;
  let response;
  try {
    response = await fetch(apiRoot + path, { method: 'POST', headers, body: JSON.stringify(body), cache: 'no-store', credentials: 'same-origin' });
  } catch (err) {
    throw new ApiError(0, t('error.network', { error: err.message }));
  }
  if (response.status === 401 || response.status === 403) throw new ApiError(response.status, t('error.forbidden', { permission }));
  if (!response.ok) {
    const answer = await response.json().catch(() => null);
    throw new ApiError(response.status, (answer && answer.error) || response.statusText, answer && answer.code);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function query(params) {
  const parts = Object.entries(params)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => encodeURIComponent(key) + '=' + encodeURIComponent(value));
  return parts.length ? '?' + parts.join('&') : '';
}

export function banner(text, kind) {
  const el = $('banner');
  if (!text) {
    el.hidden = true;
    return;
  }
  el.textContent = text;
  el.className = 'banner' + (kind === 'info' ? ' info' : '');
  el.hidden = false;
}

/** A failed load: the sign-in form already shows for 401, anything else in the banner. */
export function reportError(err) {
  if (err && err.status !== 401) banner(err.message);
}

export function showLogin() {
  stopTimer();
  state.session = null;
  $('nav').hidden = true;
  $('logout').hidden = true;
  $('user').textContent = '';
  for (const view of document.querySelectorAll('.view')) view.hidden = true;
  $('login').hidden = false;
  $('login-username').focus();
}

export async function login(username, password) {
  const body = new URLSearchParams();
  body.set('client_id', 'node-red-editor');
  body.set('grant_type', 'password');
  body.set('scope', '');
  body.set('username', username);
  body.set('password', password);
  const response = await fetch(adminRoot + 'auth/token', { method: 'POST', body, headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error('refused');
  const data = await response.json();
  state.token = data.access_token;
  state.tokenOwn = true;
  sessionStorage.setItem(TOKEN_KEY, state.token);
  sessionStorage.removeItem(IGNORE_EDITOR_KEY);
}

export function logout() {
  const token = state.token;
  sessionStorage.removeItem(TOKEN_KEY);
  state.token = null;
  if (!state.tokenOwn) {
    // The editor's session: leave it alone, but stop using it here.
    sessionStorage.setItem(IGNORE_EDITOR_KEY, '1');
  } else if (token) {
    const body = new URLSearchParams();
    body.set('token', token);
    fetch(adminRoot + 'auth/revoke', { method: 'POST', body, headers: { Authorization: 'Bearer ' + token } }).catch(() => undefined);
  }
  showLogin();
}

/** Whether the runtime asks for a login at all (no adminAuth: the demo). */
export async function authRequired() {
  try {
    const info = await (await fetch(adminRoot + 'auth/login', { headers: { Accept: 'application/json' }, cache: 'no-store' })).json();
    return Boolean(info && info.type);
  } catch {
    return true;
  }
}
