import { ProxyTrust } from './proxy-trust';

describe(ProxyTrust.name, () => {
  it('trusts no proxy until configured, and none with `false`', () => {
    const sut = new ProxyTrust();
    expect(sut.check('127.0.0.1', 0)).toBe(false);

    sut.configure(false);
    expect(sut.check('127.0.0.1', 0)).toBe(false);
  });

  it('trusts that many hops, counted from the socket', () => {
    const sut = new ProxyTrust();
    sut.configure(2);

    expect([0, 1, 2].map((hop) => sut.check('203.0.113.9', hop))).toEqual([true, true, false]);
  });

  it('trusts only the listed addresses, subnets and named ranges', () => {
    const sut = new ProxyTrust();
    sut.configure(['loopback', '10.0.0.0/8', '192.0.2.7']);

    expect(sut.check('127.0.0.1', 0)).toBe(true);
    expect(sut.check('10.20.30.40', 1)).toBe(true);
    expect(sut.check('192.0.2.7', 0)).toBe(true);
    expect(sut.check('192.0.2.8', 0)).toBe(false);
    expect(sut.check('203.0.113.9', 0)).toBe(false);
  });

  it('hands the platform one function that follows later configuration', () => {
    const sut = new ProxyTrust();
    const { check } = sut;
    sut.configure(['loopback']);

    expect(check('127.0.0.1', 0)).toBe(true);
  });
});
