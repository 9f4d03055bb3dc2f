import {
  buildSignedResponse,
  DevIdpUser,
  generateDevIdpKeys,
  SignedResponseOptions,
} from '@app/dev-idp';
import { EXIT_ACCEPTED, EXIT_REFUSED, EXIT_USAGE } from '../../scripts/saml-check/run-saml-check';
import { failedCheck, samlCheck } from '../support/saml-check-run';

const keys = generateDevIdpKeys();
const env = {
  SAML_IDP_SSO_URL: 'http://127.0.0.1:7000/sso',
  SAML_IDP_ISSUER: 'http://www.okta.example/exk-dev',
  SAML_IDP_CERT: keys.certPem,
  SAML_SP_ENTITY_ID: 'https://api.example.com/auth/saml/metadata',
  SAML_SP_ACS_URL: 'https://api.example.com/auth/saml/acs',
};
const GRACE: DevIdpUser = {
  email: 'grace@example.com',
  firstName: 'Grace',
  lastName: 'Hopper',
  groups: ['Navy', 'Admins'],
};
const ISSUED_AT = '2024-03-01T10:35:53.000Z';
const UNSOLICITED = ['r.xml', '--at', ISSUED_AT, '--no-in-response-to'];

/** A response as the dev IdP signs it (the way Okta does), issued at ISSUED_AT. */
function devIdpResponse(overrides: Partial<SignedResponseOptions> = {}): string {
  return buildSignedResponse({
    keys,
    issuer: env.SAML_IDP_ISSUER,
    audience: env.SAML_SP_ENTITY_ID,
    acsUrl: env.SAML_SP_ACS_URL,
    user: GRACE,
    now: new Date(ISSUED_AT),
    ...overrides,
  });
}

const base64 = (xml: string): string => Buffer.from(xml, 'utf8').toString('base64');
const formBody = (xml: string): string =>
  new URLSearchParams({ SAMLResponse: base64(xml), RelayState: 'opaque' }).toString();
const wrapped = (xml: string): string => base64(xml).replace(/(.{76})/g, '$1\n');
const urlEncoded = (xml: string): string => encodeURIComponent(base64(xml));
const AUTHN_FAILED = 'urn:oasis:names:tc:SAML:2.0:status:AuthnFailed';

describe('npm run saml:check on a response from the dev IdP', () => {
  it('accepts an unsolicited one with --no-in-response-to, printing the identity', async () => {
    const run = await samlCheck(UNSOLICITED, env, { 'r.xml': devIdpResponse() });

    expect(run.code).toBe(EXIT_ACCEPTED);
    expect(run.out).toContain('  nameId        grace@example.com');
    expect(run.out).toContain('  firstName     Grace');
    expect(run.out).toContain('  groups        Navy, Admins');
    expect(run.out).toContain('  InResponseTo  (none: IdP-initiated)');
    expect(run.out).toContain('  groups: Navy, Admins');
    expect(run.out).not.toMatch(/PRIVATE KEY|BEGIN CERTIFICATE/);
  });

  it('refuses the same response on InResponseTo by default, as the ACS does', async () => {
    const run = await samlCheck(['r.xml', '--at', ISSUED_AT], env, { 'r.xml': devIdpResponse() });

    expect(run.code).toBe(EXIT_REFUSED);
    expect(run.out).toMatch(/FAILED {2}InResponseTo .*\n +refused: InResponseTo is missing/);
    expect(run.out).toContain('with reason in_response_to_invalid');
  });

  it('accepts a response that answers a login request with the default checks', async () => {
    const files = { 'r.xml': devIdpResponse({ inResponseTo: '_a-request-id' }) };
    const run = await samlCheck(['r.xml', '--at', ISSUED_AT], env, files);

    expect(run.code).toBe(EXIT_ACCEPTED);
    expect(run.out).toContain('  InResponseTo  _a-request-id');
  });

  it.each([
    ['base64 as posted', base64, 'base64'],
    ['base64 over several lines', wrapped, 'base64'],
    ['the form body', formBody, 'form body'],
    ['the URL-encoded value', urlEncoded, 'URL-encoded base64'],
    ['the XML', (xml: string) => `\n${xml}\n`, 'XML'],
  ])('reads %s', async (_label, encode, format) => {
    const run = await samlCheck(UNSOLICITED, env, { 'r.xml': encode(devIdpResponse()) });

    expect(run.code).toBe(EXIT_ACCEPTED);
    expect(run.out.split('\n')[0]).toContain(`(${format})`);
  });

  const elsewhere = 'https://api.example.com/other';
  it.each([
    ['another Audience', { audience: 'https://other.example' }, 'Audience', 'audience_mismatch'],
    ['another Destination', { destination: elsewhere }, 'Destination', 'destination_mismatch'],
    ['another Recipient', { recipient: elsewhere }, 'Recipient', 'recipient_mismatch'],
    ['another Issuer', { issuer: 'http://www.okta.example/x' }, 'Issuer', 'issuer_mismatch'],
    ['SHA-1', { signatureAlgorithm: 'rsa-sha1' }, 'Algorithms', 'signature_invalid'],
    ['no signature', { sign: 'none' }, 'Signatures', 'signature_invalid'],
    ['a signed assertion only', { sign: 'assertion' }, 'Signatures', 'signature_invalid'],
    ['AuthnFailed', { statusCode: AUTHN_FAILED }, 'IdP status', 'idp_status'],
  ] as const)('names the one check that refuses %s', async (_label, overrides, check, reason) => {
    const run = await samlCheck(UNSOLICITED, env, { 'r.xml': devIdpResponse(overrides) });

    expect(run.code).toBe(EXIT_REFUSED);
    expect(run.out).toMatch(failedCheck(check));
    expect(run.out.match(/FAILED/g)).toHaveLength(1);
    expect(run.out).toContain(`with reason ${reason}`);
  });

  it('shows that the response was signed with a certificate not in SAML_IDP_CERT', async () => {
    const files = { 'r.xml': devIdpResponse({ keys: generateDevIdpKeys() }) };
    const run = await samlCheck(UNSOLICITED, env, files);

    expect(run.code).toBe(EXIT_REFUSED);
    expect(run.out).toContain('is NOT in SAML_IDP_CERT');
    expect(run.out).toMatch(failedCheck('Signatures'));
  });

  it('needs only the SAML_* variables, and lists what else the API would miss', async () => {
    const production = { ...env, NODE_ENV: 'production' };
    const run = await samlCheck(UNSOLICITED, production, { 'r.xml': devIdpResponse() });

    expect(run.code).toBe(EXIT_ACCEPTED);
    expect(run.out).toMatch(/Other variables: not needed by this check/);
    expect(run.out).toMatch(/^ {2}FRONTEND_REDIRECT_URIS: /m);
    expect(run.out).toMatch(/^ {2}DATABASE_URL: /m);
  });

  it('gives the real clock back after --at', async () => {
    await samlCheck(UNSOLICITED, env, { 'r.xml': devIdpResponse() });

    expect(Math.abs(Date.now() - new Date().getTime())).toBeLessThan(1000);
    expect(new Date().getFullYear()).toBeGreaterThan(2024);
  });
});

describe('npm run saml:check usage errors', () => {
  it.each([
    ['no file', [], /exactly one file/],
    ['two files', ['a', 'b'], /exactly one file/],
    ['an unknown option', ['r.xml', '--verbose'], /unknown option --verbose/],
    ['--at without a zone', ['r.xml', '--at', '2024-03-01T10:35:53'], /--at needs an ISO 8601/],
    ['--at without a value', ['r.xml', '--at'], /--at needs an ISO 8601/],
    ['a missing file', ['missing.xml'], /cannot read missing.xml/],
    ['an empty file', ['empty'], /the file is empty/],
  ])('exit 2 for %s', async (_label, argv, message) => {
    const run = await samlCheck(argv, env, { 'r.xml': devIdpResponse(), empty: '  \n' });

    expect(run.code).toBe(EXIT_USAGE);
    expect(run.err).toMatch(message);
    expect(run.err).toContain('usage: npm run saml:check');
    expect(run.out).toBe('');
  });

  it('exit 2 naming every SAML_* problem', async () => {
    const broken = { ...env, SAML_IDP_CERT: 'not-a-certificate', SAML_SP_ACS_URL: 'nowhere' };
    const run = await samlCheck(['r.xml'], broken, { 'r.xml': devIdpResponse() });

    expect(run.code).toBe(EXIT_USAGE);
    expect(run.err).toMatch(/SAML_IDP_CERT: certificate #1 is not a valid X.509 certificate/);
    expect(run.err).toMatch(/SAML_SP_ACS_URL/);
    expect(run.out).toBe('');
  });
});

describe('npm run saml:check on an encrypted response', () => {
  const spKeys = generateDevIdpKeys();
  const withKey = {
    ...env,
    SAML_SP_DECRYPTION_KEY: spKeys.privateKeyPem,
    SAML_SP_DECRYPTION_CERT: spKeys.certPem,
  };
  const encrypted = (keyTransport?: 'rsa-1_5'): Record<string, string> => ({
    'r.xml': devIdpResponse({ encryption: { certificatePem: spKeys.certPem, keyTransport } }),
  });

  it('decrypts it with the configured key and validates it as the ACS does', async () => {
    const run = await samlCheck(UNSOLICITED, withKey, encrypted());

    expect(run.code).toBe(EXIT_ACCEPTED);
    expect(run.out).toMatch(/^ {2}ok {6}Encryption /m);
    expect(run.out).toContain('  nameId        grace@example.com');
    expect(run.out).toMatch(/SAML_SP_DECRYPTION_KEY +set/);
    expect(run.out).not.toMatch(/PRIVATE KEY/);
  });

  it('refuses it without a key, naming the missing key', async () => {
    const run = await samlCheck(UNSOLICITED, env, encrypted());

    expect(run.code).toBe(EXIT_REFUSED);
    expect(run.out).toMatch(failedCheck('Encryption'));
    expect(run.out).toContain('with reason decryption_key_missing');
  });

  it('refuses a key wrapped with RSA1_5', async () => {
    const run = await samlCheck(UNSOLICITED, withKey, encrypted('rsa-1_5'));

    expect(run.code).toBe(EXIT_REFUSED);
    expect(run.out).toMatch(failedCheck('Encryption'));
    expect(run.out).toContain('with reason encryption_algorithm');
  });
});
