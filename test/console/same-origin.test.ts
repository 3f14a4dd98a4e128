import { describe, expect, it } from 'vitest';
import { crossOriginRefusal } from '../../console/same-origin';

describe('cross-origin writes (CSRF) are refused', () => {
  const host = '127.0.0.1:1880';
  it.each([
    [{ host, 'sec-fetch-site': 'cross-site' }, /Sec-Fetch-Site is "cross-site"/],
    [{ host, 'sec-fetch-site': 'same-site' }, /same-site/],
    [{ host, 'sec-fetch-site': 'none' }, /none/],
    [{ host, origin: 'https://evil.example' }, /Origin https:\/\/evil.example/],
    [{ host, origin: 'null' }, /Origin null/],
    [{ host, referer: 'https://evil.example/page' }, /Referer evil.example/],
  ])('%j is refused', (headers, reason) => {
    expect(crossOriginRefusal(headers)).toMatch(reason);
  });

  it.each([
    [{ host, 'sec-fetch-site': 'same-origin', origin: `http://${host}` }],
    [{ host, origin: `http://${host}` }],
    [{ host, referer: `http://${host}/caselink/console/` }],
    [{ host }],
  ])('%j is taken', (headers) => {
    expect(crossOriginRefusal(headers)).toBeUndefined();
  });
});
