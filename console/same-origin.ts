/**
 * Cross-origin writes refused (CSRF). A demo platform has no login by design, so any page the
 * person running the demo visits could otherwise post a form to its console and replay or
 * discard dead letters. Browsers say where a request comes from: `Sec-Fetch-Site` (Fetch
 * Metadata) and `Origin`; a state-changing request is taken only when they say "this site".
 * A request that carries neither (curl, the CLI, an older client) is not from a web page and is
 * left to the login, as before.
 */
export interface OriginHeaders {
  host?: string | undefined;
  origin?: string | undefined;
  referer?: string | undefined;
  'sec-fetch-site'?: string | undefined;
}

const hostOf = (url: string): string | undefined => {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
};

/** Why a state-changing request is refused as cross-origin, or undefined when it is same-origin or not from a browser. */
export function crossOriginRefusal(headers: OriginHeaders): string | undefined {
  const site = headers['sec-fetch-site']?.trim().toLowerCase();
  if (site !== undefined && site !== '') {
    return site === 'same-origin' ? undefined : `Sec-Fetch-Site is "${site}": only same-origin requests may change state (仅允许同源请求修改状态)`;
  }
  const host = headers.host?.trim().toLowerCase();
  const origin = headers.origin?.trim();
  if (origin !== undefined && origin !== '') {
    return origin !== 'null' && hostOf(origin) === host ? undefined : `Origin ${origin} is not this site: refused (跨源请求被拒绝)`;
  }
  const referer = headers.referer?.trim();
  if (referer !== undefined && referer !== '' && hostOf(referer) !== host)
    return `Referer ${hostOf(referer) ?? referer} is not this site: refused (跨源请求被拒绝)`;
  return undefined;
}
