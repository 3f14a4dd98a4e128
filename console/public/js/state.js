/** The page's one mutable state (language, session, what each view last showed) and its refresh timer. */
export const LANG_KEY = 'caselink-console-lang';

export const state = {
  lang: localStorage.getItem(LANG_KEY) === 'en-US' ? 'en-US' : 'zh-CN',
  strings: {},
  fallback: {},
  token: null,
  tokenOwn: false,
  session: null,
  labels: null,
  directory: null,
  view: null,
  timer: null,
  links: null,
  dead: { selected: null, list: null, detail: null },
  lastCase: null,
  authRequired: true,
};

export function stopTimer() {
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
}

export function every(ms, fn) {
  stopTimer();
  state.timer = setInterval(fn, ms);
}
