import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Reads the real IdP responses in `test/fixtures/saml` (a copy of the shared fixtures; see its
 * README). Only the parts of `meta.json` the tests use are typed here.
 */
const FIXTURES_SUBPATH = join('test', 'fixtures', 'saml');

export interface FixtureAttribute {
  Name: string;
  values: string[];
}

export interface FixtureAssertion {
  Issuer: string;
  NameID: { value: string } | null;
  SubjectConfirmationData: { Recipient: string; NotOnOrAfter: string };
  Conditions: { NotBefore: string; NotOnOrAfter: string; Audience: string[] };
  attributes: FixtureAttribute[];
}

export interface FixtureMeta {
  name: string;
  kind: 'valid' | 'negative' | 'negative-signature-valid';
  signed_parts: 'both' | 'Response' | 'Assertion' | 'none';
  pin_clock_to: string;
  response_sha256: string;
  response: { ID: string; InResponseTo?: string | null };
  assertion?: FixtureAssertion;
}

export interface SamlFixture {
  name: string;
  meta: FixtureMeta;
  /** The decoded response, byte for byte: signatures break if anything rewrites it. */
  xml: string;
  idpCertPem: string;
  /**
   * The fixture the IdP settings come from: itself, or for an attack sample the genuine
   * response it was made from (same Response ID), so it meets the settings that accept the
   * original.
   */
  settings: FixtureMeta & { assertion: FixtureAssertion };
}

/** Walks up from `startDir` to the first `test/fixtures/saml`; throws if there is none. */
export function findSamlFixturesDir(startDir: string = __dirname): string {
  const looked: string[] = [];
  for (let dir = startDir; ; dir = dirname(dir)) {
    const candidate = join(dir, FIXTURES_SUBPATH);
    looked.push(candidate);
    if (existsSync(join(candidate, 'README.md'))) {
      return candidate;
    }
    if (dirname(dir) === dir) {
      break;
    }
  }
  throw new Error(
    `The real IdP SAML fixtures are missing: no ${FIXTURES_SUBPATH} in any of\n  ` +
      `${looked.join('\n  ')}\nThese tests run against them; restore that folder.`,
  );
}

export function loadSamlFixtures(root: string = findSamlFixturesDir()): SamlFixture[] {
  const folders = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  if (folders.length === 0) {
    throw new Error(`No fixture folders in ${root}`);
  }
  const loaded = folders.map((name) => readFixture(join(root, name)));
  return loaded.map(({ meta, xml, idpCertPem }) => ({
    name: meta.name,
    meta,
    xml,
    idpCertPem,
    settings: settingsSource(
      meta,
      loaded.map((fixture) => fixture.meta),
    ),
  }));
}

function readFixture(dir: string): Pick<SamlFixture, 'meta' | 'xml' | 'idpCertPem'> {
  const meta = parseMeta(readFileSync(join(dir, 'meta.json'), 'utf8'), dir);
  const bytes = readFileSync(join(dir, 'response.xml'));
  // A checkout that rewrote line endings would fail every signature for an unclear reason.
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (digest !== meta.response_sha256) {
    throw new Error(`${dir}/response.xml is not the recorded bytes (sha256 ${digest})`);
  }
  const idpCertPem = readFileSync(join(dir, 'idp-cert.pem'), 'utf8');
  return { meta, xml: bytes.toString('utf8'), idpCertPem };
}

function parseMeta(text: string, dir: string): FixtureMeta {
  // Checked below for the fields every fixture has; the rest is read where a test needs it.
  const meta = JSON.parse(text) as FixtureMeta;
  const required = [meta.name, meta.kind, meta.signed_parts, meta.pin_clock_to, meta.response?.ID];
  if (required.some((value) => typeof value !== 'string')) {
    throw new Error(`${dir}/meta.json lacks name, kind, signed_parts, pin_clock_to or response.ID`);
  }
  return meta;
}

function settingsSource(meta: FixtureMeta, all: FixtureMeta[]): SamlFixture['settings'] {
  const source =
    meta.kind === 'valid'
      ? meta
      : all.find((other) => other.kind === 'valid' && other.response.ID === meta.response.ID);
  if (!source?.assertion) {
    throw new Error(`${meta.name}: no assertion in meta.json and no genuine original to use`);
  }
  return { ...source, assertion: source.assertion };
}
