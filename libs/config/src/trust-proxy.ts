import { isIP } from 'node:net';

/**
 * Which proxies may set X-Forwarded-For, in the forms Express's `trust proxy` took: `false`, a
 * number of proxy hops, or the addresses of the proxies. `true` (trust anyone) is refused on
 * purpose: it lets any client choose the address that rate limits and the audit trail see.
 */
export type TrustProxy = false | number | string[];

/** Names `proxy-addr` accepts for well-known ranges. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

export function parseTrustProxy(value: string): TrustProxy {
  const trimmed = value.trim();
  if (trimmed === 'false') {
    return false;
  }
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed);
  }
  return trimmed
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}

/** Returns a problem for each entry that is neither an address, a subnet nor a known name. */
export function trustProxyProblems(value: string): string[] {
  const parsed = parseTrustProxy(value);
  if (parsed === false) {
    return [];
  }
  if (typeof parsed === 'number') {
    return parsed <= 10 ? [] : ['TRUST_PROXY: a hop count above 10 is not plausible'];
  }
  if (parsed.length === 0) {
    return ['TRUST_PROXY: no address given'];
  }
  const names = [...NAMED_RANGES].join(', ');
  return parsed
    .filter((entry) => !isProxyAddress(entry))
    .map((entry) => `TRUST_PROXY: ${JSON.stringify(entry)} is not an address, subnet or ${names}`);
}

function isProxyAddress(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) {
    return true;
  }
  const [address, prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) {
    return false;
  }
  if (prefix === undefined) {
    return true;
  }
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : -1;
  return bits >= 0 && bits <= (family === 4 ? 32 : 128);
}
