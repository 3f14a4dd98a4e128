/**
 * The one naming rule for every Redis key the project writes (documented in core/README.md):
 *
 *   <prefix>:<part>[:<part>…]              a key of its own slot
 *   <prefix>:{<tag>}[:<part>…]             a key that a Lua script touches with others of the same
 *                                           tag: the hash tag keeps them in one Cluster slot
 *
 * `prefix` (default `cl`, one per platform sharing a Redis) is non-empty, without braces or white
 * space, so no part of a key can open or close a hash tag. Each layer builds its keys through its
 * own key module (core/keys.ts, tracking/keys.ts, security/keys.ts, ingress/keys.ts) with these
 * two functions.
 */

/** Whether a key prefix is usable: non-empty, no braces, no white space. */
export function isValidKeyPrefix(prefix: unknown): prefix is string {
  return typeof prefix === 'string' && prefix.length > 0 && !/[{}\s]/.test(prefix);
}

/** `<prefix>:<part>:…` */
export function redisKey(prefix: string, ...parts: Array<string | number>): string {
  return [prefix, ...parts].join(':');
}

/** `<prefix>:{<tag>}:<part>:…`: keys of one tag share a Cluster slot. */
export function taggedKey(prefix: string, tag: string, ...parts: Array<string | number>): string {
  return [prefix, `{${tag}}`, ...parts].join(':');
}
