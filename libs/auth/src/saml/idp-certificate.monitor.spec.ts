import { Logger } from '@nestjs/common';
import { createPublicKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { createSelfSignedCertificate } from '@app/dev-idp';
import {
  AppConfig,
  IdpSettings,
  IdpSettingsListener,
  IdpSettingsSource,
  StaticIdpSettingsSource,
} from '@app/config';
import { Clock } from '../common/clock';
import { certificateExpiryNotice } from './certificate-expiry';
import { IdpCertificateMonitor } from './idp-certificate.monitor';

const DAY_MS = 24 * 60 * 60 * 1000;
const NOW = new Date('2030-06-01T12:00:00Z');
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

function certificateValidFor(days: number, commonName = 'idp.example'): string {
  return createSelfSignedCertificate({
    privateKey,
    publicKey: createPublicKey(privateKey),
    commonName,
    organization: 'Example IdP',
    notBefore: new Date(NOW.getTime() - 365 * DAY_MS),
    notAfter: new Date(NOW.getTime() + days * DAY_MS),
  });
}

describe(certificateExpiryNotice.name, () => {
  it('says nothing about a certificate outside the warning window', () => {
    const certificate = new X509Certificate(certificateValidFor(31));
    expect(certificateExpiryNotice(certificate, NOW, 30)).toBeNull();
  });

  it('warns within the window, with whole days left', () => {
    const certificate = new X509Certificate(certificateValidFor(10.5));
    expect(certificateExpiryNotice(certificate, NOW, 30)).toEqual({
      event: 'idp_certificate_expiring',
      subject: 'O=Example IdP, CN=idp.example',
      notAfter: '2030-06-12T00:00:00.000Z',
      daysLeft: 10,
    });
  });

  it('reports an expired certificate with negative days', () => {
    const certificate = new X509Certificate(certificateValidFor(-2));
    expect(certificateExpiryNotice(certificate, NOW, 30)).toMatchObject({
      event: 'idp_certificate_expired',
      daysLeft: -2,
    });
  });

  it('ignores a date it cannot read', () => {
    expect(certificateExpiryNotice({ subject: 'CN=x', validTo: 'soon' }, NOW, 30)).toBeNull();
  });
});

describe(IdpCertificateMonitor.name, () => {
  const clock: Clock = { now: () => NOW };
  let warn: jest.SpyInstance;
  let error: jest.SpyInstance;

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  function settingsWith(certificates: string[]): IdpSettings {
    return { ssoUrl: 'https://idp.example/sso', issuer: 'https://idp.example', certificates };
  }

  function monitorFor(
    certificates: string[],
    warningDays = 30,
    idp: IdpSettingsSource = new StaticIdpSettingsSource(settingsWith(certificates)),
  ): IdpCertificateMonitor {
    const saml = { certificateWarningDays: warningDays };
    return new IdpCertificateMonitor({ saml } as AppConfig, clock, idp);
  }

  it('logs each certificate of a rotation by its own state, and never throws', () => {
    const sut = monitorFor([
      certificateValidFor(400, 'new.idp.example'),
      certificateValidFor(5, 'old.idp.example'),
      certificateValidFor(-1, 'retired.idp.example'),
    ]);

    expect(() => sut.onApplicationBootstrap()).not.toThrow();

    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({
        event: 'idp_certificate_expiring',
        subject: 'O=Example IdP, CN=old.idp.example',
        daysLeft: 5,
      }),
    );
    expect(error).toHaveBeenCalledTimes(1);
    expect(error).toHaveBeenCalledWith(
      expect.objectContaining({ event: 'idp_certificate_expired', daysLeft: -1 }),
    );
  });

  it('uses the configured warning window', () => {
    expect(monitorFor([certificateValidFor(45)], 60).check()).toHaveLength(1);
    expect(monitorFor([certificateValidFor(45)], 30).check()).toHaveLength(0);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('checks again when refreshed metadata changes the certificates', () => {
    const idp = new ChangingIdpSettings(settingsWith([certificateValidFor(400)]));
    monitorFor([], 30, idp).onApplicationBootstrap();
    expect(warn).not.toHaveBeenCalled();

    idp.change(settingsWith([certificateValidFor(400), certificateValidFor(3, 'next.idp')]));

    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ subject: 'O=Example IdP, CN=next.idp', daysLeft: 3 }),
    );
  });
});

/** Settings that change when the test says so, as refreshed metadata does. */
class ChangingIdpSettings extends StaticIdpSettingsSource {
  private settingsNow: IdpSettings;
  private readonly listeners: IdpSettingsListener[] = [];

  constructor(settings: IdpSettings) {
    super(settings, 'metadata_url');
    this.settingsNow = settings;
  }

  override current(): IdpSettings {
    return this.settingsNow;
  }

  override onChange(listener: IdpSettingsListener): void {
    this.listeners.push(listener);
  }

  change(settings: IdpSettings): void {
    this.settingsNow = settings;
    this.listeners.forEach((listener) => listener(settings));
  }
}
