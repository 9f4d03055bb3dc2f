import proxyAddr from 'proxy-addr';
import { TrustProxy } from '@app/config';

type TrustFunction = (address: string, hop: number) => boolean;

/**
 * The HTTP server is created before the configuration is read, so it gets this object's
 * `check` and the configured `TRUST_PROXY` is filled in once known. Until then, and with
 * `false`, no proxy is trusted: the client address is the socket's.
 */
export class ProxyTrust {
  private trusts: TrustFunction = () => false;

  readonly check: TrustFunction = (address, hop) => this.trusts(address, hop);

  configure(setting: TrustProxy): void {
    this.trusts = compile(setting);
  }
}

function compile(setting: TrustProxy): TrustFunction {
  if (setting === false) {
    return () => false;
  }
  if (typeof setting === 'number') {
    // Hop 0 is the socket's peer: trust that many proxies in front of us, counted from it.
    return (_address, hop) => hop < setting;
  }
  return proxyAddr.compile(setting);
}
