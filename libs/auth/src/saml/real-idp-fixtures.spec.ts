import { SAML } from '@node-saml/node-saml';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAppConfig, validateEnvironment } from '@app/config';
import { buildNodeSamlOptions } from './saml-options';
import { SamlRejectionReason } from './saml-rejection';
import { findSamlFixturesDir, loadSamlFixtures, SamlFixture } from './testing/fixture-loader';
import {
  CLOCK_SKEW_MS,
  expectedIdentity,
  requestIdOf,
  samlConfigFor,
} from './testing/fixture-settings';
import {
  flipOneLetter,
  outstandingRequest,
  pinClock,
  refusal,
  validateAtAcs,
} from './testing/acs-path';

// Throws when the shared folder is missing, which fails this suite instead of skipping it.
const fixtures = loadSamlFixtures();
const fixture = (name: string): SamlFixture => {
  const found = fixtures.find((candidate) => candidate.name === name);
  if (!found) {
    throw new Error(`fixture ${name} is missing`);
  }
  return found;
};
const genuine = fixtures.filter((f) => f.meta.kind === 'valid');
const negative = fixtures.filter((f) => f.meta.kind !== 'valid');

const SHA1_FIXTURE = 'onelogin-passport-2014-sha1';
const COMMENT_FIXTURE = 'okta-negative-comment-in-nameid';

/**
 * Why each attack sample is refused. The spoofed signature passes node-saml's parser (xmldom
 * 0.8 lets `xmlns:ds=""` through) and fails the signature checks; a stricter parser would call
 * it malformed, which is as good.
 */
const EXPECTED_REFUSAL: Record<string, SamlRejectionReason[]> = {
  'okta-negative-tampered-nameid': ['signature_invalid'],
  'okta-negative-reformatted': ['signature_invalid'],
  'okta-negative-xsw-spoofed': ['signature_invalid', 'malformed'],
  [COMMENT_FIXTURE]: ['xml_comment_forbidden'],
};

/** One per signing style: both signed, Assertion only, Response only. */
const TAMPER_TARGETS = ['okta-goxmldsig-asa-2020', 'entra-id-glpi-2023', 'keycloak-tercen-2022'];

afterEach(() => jest.useRealTimers());

describe('the fixture set', () => {
  it('fails with a clear message when the fixtures folder is missing', () => {
    expect(() => findSamlFixturesDir(tmpdir())).toThrow(/real IdP SAML fixtures are missing/);
  });

  it('holds every folder the README lists, so none is silently left out', () => {
    const readme = readFileSync(join(findSamlFixturesDir(), 'README.md'), 'utf8');
    const listed = [...readme.matchAll(/^\| \**([a-z0-9-]+)\** \|/gm)].map((match) => match[1]);

    expect(fixtures.map((f) => f.name).sort()).toEqual(listed.filter((n) => n !== 'folder').sort());
  });
});

describe.each(genuine.map((f) => [f.name, f] as const))('genuine response %s', (_name, valid) => {
  it('is accepted, and the identity is the one meta.json describes', async () => {
    const saml = samlConfigFor(valid, { allowSha1Signatures: valid.name === SHA1_FIXTURE });
    pinClock(valid.meta.pin_clock_to);

    const verified = await validateAtAcs(valid.xml, saml, requestIdOf(valid));

    const { assertion } = valid.settings;
    const expiries = [assertion.Conditions, assertion.SubjectConfirmationData].map((window) =>
      Date.parse(window.NotOnOrAfter),
    );
    expect(verified.identity).toStrictEqual(expectedIdentity(valid, saml));
    expect(verified.inResponseTo).toBe(requestIdOf(valid));
    expect(verified.expiresAt.getTime()).toBe(Math.max(...expiries));
  });
});

describe.each(negative.map((f) => [f.name, f] as const))('attack sample %s', (name, sample) => {
  it('is refused with the settings that accept its genuine original', async () => {
    pinClock(sample.meta.pin_clock_to);

    const rejection = await refusal(
      validateAtAcs(sample.xml, samlConfigFor(sample), requestIdOf(sample)),
    );

    // A new attack sample must be refused; its reason is added here once it is understood.
    expect(EXPECTED_REFUSAL[name] ?? [rejection.reason]).toContain(rejection.reason);
  });
});

describe.each(TAMPER_TARGETS.map((name) => [name, fixture(name)] as const))(
  'genuine response %s, altered or misconfigured',
  (_name, valid) => {
    const { assertion } = valid.settings;
    const saml = samlConfigFor(valid);
    const requestId = requestIdOf(valid);
    const attempt = (xml: string, config = saml, id = requestId) =>
      refusal(validateAtAcs(xml, config, id));
    const attributeText = assertion.attributes
      .flatMap((attr) => attr.values)
      .find((value) => /[A-Za-z]/.test(value) && valid.xml.includes(`>${value}<`));

    beforeEach(() => pinClock(valid.meta.pin_clock_to));

    it('is refused when one letter of the NameID changes', async () => {
      const tampered = flipOneLetter(valid.xml, assertion.NameID?.value ?? '');

      expect((await attempt(tampered)).reason).toBe('signature_invalid');
    });

    it('is refused when one letter of an attribute value changes', async () => {
      const tampered = flipOneLetter(valid.xml, attributeText ?? '');

      expect((await attempt(tampered)).reason).toBe('signature_invalid');
    });

    it('is refused when another certificate is configured', async () => {
      const other = fixtures.find((f) => f.idpCertPem !== valid.idpCertPem);
      const config = { ...saml, idpCertificates: [other?.idpCertPem ?? ''] };

      expect((await attempt(valid.xml, config)).reason).toBe('signature_invalid');
    });

    it('is accepted until the earliest NotOnOrAfter plus skew, then refused', async () => {
      const windows = [assertion.Conditions, assertion.SubjectConfirmationData];
      const end = Math.min(...windows.map((window) => Date.parse(window.NotOnOrAfter)));

      jest.setSystemTime(end + CLOCK_SKEW_MS - 1);
      await expect(validateAtAcs(valid.xml, saml, requestId)).resolves.toBeDefined();
      jest.setSystemTime(end + CLOCK_SKEW_MS);
      expect((await attempt(valid.xml)).reason).toBe('time_window');
    });

    it('is refused before NotBefore minus skew', async () => {
      jest.setSystemTime(Date.parse(assertion.Conditions.NotBefore) - CLOCK_SKEW_MS - 1);

      expect((await attempt(valid.xml)).reason).toBe('time_window');
    });

    it('is refused when this service provider has another entity ID', async () => {
      const config = { ...saml, spEntityId: 'https://sp.invalid/other-audience' };

      expect((await attempt(valid.xml, config)).reason).toBe('audience_mismatch');
    });

    it('is refused when its InResponseTo names no outstanding request', async () => {
      expect((await attempt(valid.xml, saml, 'ANOTHER_REQUEST')).reason).toBe(
        'in_response_to_invalid',
      );
    });
  },
);

describe(`SHA-1 signatures (${SHA1_FIXTURE})`, () => {
  const sha1 = fixture(SHA1_FIXTURE);
  const requestId = requestIdOf(sha1);

  beforeEach(() => pinClock(sha1.meta.pin_clock_to));

  it('pass node-saml as installed, which is why our own check exists', async () => {
    const saml = samlConfigFor(sha1);
    const cacheProvider = outstandingRequest(requestId);
    const node = new SAML(buildNodeSamlOptions({ saml, cacheProvider }));
    const samlResponse = Buffer.from(sha1.xml, 'utf8').toString('base64');

    const { profile } = await node.validatePostResponseAsync({ SAMLResponse: samlResponse });

    expect(profile?.nameID).toBe(sha1.settings.assertion.NameID?.value);
  });

  it('are refused by default', async () => {
    const rejection = await refusal(validateAtAcs(sha1.xml, samlConfigFor(sha1), requestId));

    expect(rejection.reason).toBe('signature_invalid');
    expect(rejection.message).toMatch(/SHA-1/);
  });

  it('are accepted when configuration allows them', async () => {
    const saml = samlConfigFor(sha1, { allowSha1Signatures: true });

    const verified = await validateAtAcs(sha1.xml, saml, requestId);

    expect(verified.identity).toStrictEqual(expectedIdentity(sha1, saml));
  });

  it('are allowed only when SAML_ALLOW_SHA1 is set', () => {
    const env = {
      SAML_IDP_SSO_URL: 'https://idp.example.com/sso',
      SAML_IDP_ISSUER: 'https://idp.example.com',
      SAML_IDP_CERT: sha1.idpCertPem,
      SAML_SP_ENTITY_ID: 'https://sp.example.com',
      SAML_SP_ACS_URL: 'https://sp.example.com/auth/saml/acs',
      FRONTEND_REDIRECT_URIS: 'https://app.example.com/callback',
    };
    const allowSha1 = (extra: Record<string, string>): boolean =>
      buildAppConfig(validateEnvironment({ ...env, ...extra })).saml.allowSha1Signatures;

    expect(allowSha1({})).toBe(false);
    expect(allowSha1({ SAML_ALLOW_SHA1: 'true' })).toBe(true);
  });
});

describe(`a comment inside the NameID (${COMMENT_FIXTURE}, CVE-2017-11427)`, () => {
  const sample = fixture(COMMENT_FIXTURE);

  it('still carries valid signatures: without the inspector we read the full NameID', async () => {
    const saml = samlConfigFor(sample);
    pinClock(sample.meta.pin_clock_to);

    const verified = await validateAtAcs(sample.xml, saml, requestIdOf(sample), {
      inspect: false,
    });

    expect(sample.xml).toContain('mgerber<!-- Sneaky Comment! -->@berkeley.edu');
    expect(verified.identity.nameId).toBe('mgerber@berkeley.edu');
    expect(verified.identity).toStrictEqual(expectedIdentity(sample, saml));
  });
});

describe('attribute mapping on genuine responses', () => {
  it('splits the roles AD FS joins with commas into groups (adfs-scireum-2022)', async () => {
    const adfs = fixture('adfs-scireum-2022');
    const saml = samlConfigFor(adfs);
    pinClock(adfs.meta.pin_clock_to);

    const { identity } = await validateAtAcs(adfs.xml, saml, requestIdOf(adfs));

    expect(saml.groupsSeparator).toBe(',');
    expect(identity.email).toBe('jvo@scireum.de');
    expect(identity.nameId).toBe('jvo@scireum.de');
    expect(identity.groups).toEqual([
      'administrator',
      'user-administrator',
      'jobs-manager',
      'permission-manage-company',
      'permission-manage-channels',
      'permission-manage-broadcasts',
      'permission-manage-files',
      'permission-manage-custom-folders',
      'permission-wipe-users',
    ]);
  });

  it('keeps the AD FS value whole without a separator', async () => {
    const adfs = fixture('adfs-scireum-2022');
    pinClock(adfs.meta.pin_clock_to);

    const saml = samlConfigFor(adfs, { groupsSeparator: null });
    const { identity } = await validateAtAcs(adfs.xml, saml, requestIdOf(adfs));

    expect(identity.groups).toHaveLength(1);
    expect(identity.groups[0]).toMatch(/^administrator,user-administrator,/);
  });

  it('reads Entra ID claim URIs with the default names (entra-id-glpi-2023)', async () => {
    const entra = fixture('entra-id-glpi-2023');
    const saml = samlConfigFor(entra);
    pinClock(entra.meta.pin_clock_to);

    const { identity } = await validateAtAcs(entra.xml, saml, requestIdOf(entra));

    expect(identity).toMatchObject({
      email: 'chris.gralike@flevo-scouts.nl',
      firstName: 'Chris',
      lastName: 'Gralike',
      groups: [],
    });
  });
});
