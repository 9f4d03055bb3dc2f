import { parseCompleteLoginForm } from './complete-login.form';
import { SsoRequestError } from './sso-request.error';

describe('parseCompleteLoginForm', () => {
  const manyGroups = Array.from({ length: 21 }, (_, i) => `g${i}`).join(',');
  const custom = {
    requestId: '_req1',
    RelayState: 'opaque-relay',
    email: ' lin@example.com ',
    firstName: 'Lin',
    lastName: 'Chen',
    groups: 'Everyone, Engineering,,Everyone , ',
  };

  it('reads a preset user', () => {
    expect(parseCompleteLoginForm({ requestId: '_req1', preset: 'grace' })).toEqual({
      requestId: '_req1',
      relayState: undefined,
      user: {
        email: 'grace@example.com',
        firstName: 'Grace',
        lastName: 'Hopper',
        groups: ['Everyone'],
      },
    });
  });

  it('reads a typed-in user, trimming and de-duplicating groups', () => {
    expect(parseCompleteLoginForm(custom)).toEqual({
      requestId: '_req1',
      relayState: 'opaque-relay',
      user: {
        email: 'lin@example.com',
        firstName: 'Lin',
        lastName: 'Chen',
        groups: ['Everyone', 'Engineering'],
      },
    });
  });

  it.each([
    ['no body', undefined],
    ['no request ID', { ...custom, requestId: undefined }],
    ['a request ID that is not an xs:ID', { ...custom, requestId: '1"><x' }],
    ['an unknown preset', { requestId: '_r', preset: 'mallory' }],
    ['a malformed email', { ...custom, email: 'not-an-email' }],
    ['an over-long first name', { ...custom, firstName: 'x'.repeat(101) }],
    ['an empty last name', { ...custom, lastName: '  ' }],
    ['a control character', { ...custom, firstName: 'A\u0007' }],
    ['too many groups', { ...custom, groups: manyGroups }],
    ['a repeated field', { ...custom, email: ['a@example.com', 'b@example.com'] }],
    ['an over-long RelayState', { ...custom, RelayState: 'r'.repeat(1025) }],
  ])('refuses %s', (_case, body) => {
    expect(() => parseCompleteLoginForm(body)).toThrow(SsoRequestError);
  });
});
