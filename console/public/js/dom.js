/** DOM helpers. Text only: nothing from the API is ever parsed as HTML. */
const SVG_NS = 'http://www.w3.org/2000/svg';

function setAttrs(el, attrs) {
  if (!attrs) return;
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.setAttribute('class', value);
    else if (key === 'text') el.textContent = value;
    else if (key === 'style')
      el.style.cssText = value; // CSSOM: allowed by the page's CSP, a style attribute is not
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
}

function appendChildren(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) appendChildren(el, child);
    else if (typeof child === 'string' || typeof child === 'number') el.appendChild(document.createTextNode(String(child)));
    else el.appendChild(child);
  }
}

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  appendChildren(el, children);
  return el;
}

export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  appendChildren(el, children);
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function $(id) {
  return document.getElementById(id);
}

export function table(headers, rows, options = {}) {
  return h(
    'table',
    { class: 'grid', 'data-testid': options.testid },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        headers.map((head) => h('th', { class: head.num ? 'num' : null }, head.text)),
      ),
    ),
    h('tbody', null, rows),
  );
}

export function empty(text) {
  return h('div', { class: 'empty' }, text);
}
