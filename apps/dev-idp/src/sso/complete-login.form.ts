import { isEmail } from 'class-validator';
import { DevIdpUser } from '../saml/signed-response.builder';
import { findPresetUser } from './preset-users';
import { SsoRequestError } from './sso-request.error';

export interface CompleteLoginForm {
  requestId: string;
  relayState?: string;
  user: DevIdpUser;
}

const LIMITS = { email: 254, name: 100, group: 100, groups: 20, relayState: 1024 } as const;
// The request ID comes back as InResponseTo, an xs:NCName-shaped value (SAML Core §1.3.4).
const REQUEST_ID = /^[A-Za-z_][A-Za-z0-9_.-]{0,255}$/;
// eslint-disable-next-line no-control-regex -- control characters are what it rejects
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

function field(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new SsoRequestError(`${name} must be a single text value`);
  }
  return value;
}

export function readRelayState(value: unknown): string | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  if (typeof value !== 'string' || value.length > LIMITS.relayState) {
    throw new SsoRequestError(`RelayState must be text of at most ${LIMITS.relayState} characters`);
  }
  return value;
}

function text(value: string | undefined, label: string, maxLength: number): string {
  const trimmed = (value ?? '').trim();
  if (!trimmed || trimmed.length > maxLength || CONTROL_CHARS.test(trimmed)) {
    throw new SsoRequestError(`${label} must be 1 to ${maxLength} printable characters`);
  }
  return trimmed;
}

function parseGroups(value: string | undefined): string[] {
  const names = (value ?? '')
    .split(',')
    .map((group) => group.trim())
    .filter(Boolean);
  const groups = [...new Set(names)].map((group) => text(group, 'Each group', LIMITS.group));
  if (groups.length > LIMITS.groups) {
    throw new SsoRequestError(`At most ${LIMITS.groups} groups are allowed`);
  }
  return groups;
}

function customUser(body: Record<string, unknown>): DevIdpUser {
  const email = text(field(body, 'email'), 'Email', LIMITS.email);
  if (!isEmail(email)) {
    throw new SsoRequestError('Email must be an email address');
  }
  return {
    email,
    firstName: text(field(body, 'firstName'), 'First name', LIMITS.name),
    lastName: text(field(body, 'lastName'), 'Last name', LIMITS.name),
    groups: parseGroups(field(body, 'groups')),
  };
}

function chosenUser(form: Record<string, unknown>): DevIdpUser {
  const presetKey = field(form, 'preset');
  if (presetKey === undefined) {
    return customUser(form);
  }

  const preset = findPresetUser(presetKey);
  if (!preset) {
    throw new SsoRequestError('Unknown preset user');
  }
  const { email, firstName, lastName, groups } = preset;
  return { email, firstName, lastName, groups: [...groups] };
}

/** Reads the sign-in form: either a preset user's key or the fields of a typed-in user. */
export function parseCompleteLoginForm(body: unknown): CompleteLoginForm {
  if (typeof body !== 'object' || body === null) {
    throw new SsoRequestError('Expected a form body');
  }
  const form = body as Record<string, unknown>;

  const requestId = field(form, 'requestId') ?? '';
  if (!REQUEST_ID.test(requestId)) {
    throw new SsoRequestError('requestId is missing or is not a SAML identifier');
  }

  return {
    requestId,
    relayState: readRelayState(form.RelayState),
    user: chosenUser(form),
  };
}
