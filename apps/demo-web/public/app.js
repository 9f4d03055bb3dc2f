// The demo page: signs in through the API's SAML login with PKCE (RFC 7636), then uses the
// access and refresh tokens the API issues. Plain browser JavaScript, served as is.

const apiUrl = window.DEMO_CONFIG?.apiUrl;

const STORAGE = {
  verifier: 'demo-web.pkce-verifier',
  state: 'demo-web.state',
  refreshToken: 'demo-web.refresh-token',
};

// Refresh this long before expiry, so no request leaves with a token about to die.
const REFRESH_MARGIN_MS = 30_000;

// Where the tokens live is a trade-off. The access token stays in this variable: no other
// page or tab can read it, and it dies with the page. The refresh token goes to
// sessionStorage so that a reload keeps the user signed in without another trip to the IdP;
// it is per tab and gone when the tab closes, unlike localStorage. Any script that runs on
// this origin could still read it, which the strict CSP makes unlikely and the API's
// rotation with reuse detection makes less worth stealing. A production app would rather
// keep it in an HttpOnly cookie held by a backend-for-frontend.
let session = null;
let refreshTimer;
let refreshInFlight = null;

const $ = (id) => document.getElementById(id);

function base64Url(bytes) {
  const binary = String.fromCharCode(...bytes);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomBase64Url(byteCount) {
  return base64Url(crypto.getRandomValues(new Uint8Array(byteCount)));
}

async function sha256Base64Url(text) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return base64Url(new Uint8Array(digest));
}

const callbackUrl = () => `${location.origin}/callback`;
const formatTime = (date) => date.toLocaleTimeString();

async function signIn() {
  // 32 random bytes give a 43-character verifier, the shortest RFC 7636 allows.
  const verifier = randomBase64Url(32);
  const state = randomBase64Url(16);
  const challenge = await sha256Base64Url(verifier);
  sessionStorage.setItem(STORAGE.verifier, verifier);
  sessionStorage.setItem(STORAGE.state, state);

  const login = new URL(`${apiUrl}/auth/saml/login`);
  login.search = new URLSearchParams({
    redirect_uri: callbackUrl(),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(login.href);
}

async function handleCallback() {
  const params = new URLSearchParams(location.search);
  const expectedState = sessionStorage.getItem(STORAGE.state);
  const verifier = sessionStorage.getItem(STORAGE.verifier);

  // A sign-in attempt is single use, and the code must not stay in the address bar, the
  // history or a bookmark, where a reload would try to redeem it a second time.
  sessionStorage.removeItem(STORAGE.state);
  sessionStorage.removeItem(STORAGE.verifier);
  history.replaceState(null, '', '/');

  if (!expectedState || params.get('state') !== expectedState) {
    throw new Error('This sign-in response was not started from this tab (state mismatch).');
  }
  if (params.has('error')) {
    throw new Error(`Sign-in failed: ${params.get('error_description') || params.get('error')}`);
  }
  if (!params.get('code') || !verifier) {
    throw new Error('The sign-in response carries no authorization code.');
  }

  const tokens = await callApi('/auth/token', {
    body: {
      grant_type: 'authorization_code',
      code: params.get('code'),
      redirect_uri: callbackUrl(),
      code_verifier: verifier,
    },
  });
  acceptTokens(tokens, 'issued');
  await loadProfile();
}

function refreshTokens() {
  // The API treats a second use of a refresh token as theft and revokes its whole family,
  // so a click during an automatic refresh joins that refresh instead of racing it.
  refreshInFlight ??= redeemRefreshToken().finally(() => {
    refreshInFlight = null;
  });
  return refreshInFlight;
}

async function redeemRefreshToken() {
  const refreshToken = sessionStorage.getItem(STORAGE.refreshToken);
  if (!refreshToken) {
    throw new Error('There is no refresh token; please sign in again.');
  }

  try {
    const body = { grant_type: 'refresh_token', refresh_token: refreshToken };
    acceptTokens(await callApi('/auth/token', { body }), 'refreshed');
  } catch (error) {
    // 400 means the token is expired or revoked: the session is over, not just unlucky.
    if (error.status === 400) {
      clearSession();
    }
    throw error;
  }
}

function acceptTokens(tokens, verb) {
  const lifetimeMs = tokens.expires_in * 1000;
  session = { accessToken: tokens.access_token, expiresAt: Date.now() + lifetimeMs };
  sessionStorage.setItem(STORAGE.refreshToken, tokens.refresh_token);

  $('token-status').textContent = `Tokens ${verb} at ${formatTime(new Date())}`;
  $('token-expiry').textContent = `expires at ${formatTime(new Date(session.expiresAt))}`;

  // Half the lifetime at least, so a very short-lived token is not refreshed in a loop.
  clearTimeout(refreshTimer);
  const delay = Math.max(lifetimeMs - REFRESH_MARGIN_MS, lifetimeMs / 2);
  refreshTimer = setTimeout(() => run(refreshTokens), delay);
}

async function currentAccessToken() {
  // Timers sleep with a suspended tab, so the token may have expired in the meantime.
  if (!session || session.expiresAt <= Date.now()) {
    await refreshTokens();
  }
  return session.accessToken;
}

async function loadProfile() {
  const profile = await callApi('/users/me', { bearer: await currentAccessToken() });
  const name = [profile.firstName, profile.lastName].filter(Boolean).join(' ');
  const groups = Array.isArray(profile.groups) ? profile.groups.join(', ') : '';

  $('profile-email').textContent = profile.email;
  $('profile-name').textContent = name || '(none)';
  $('profile-groups').textContent = groups || '(none)';
  showView('signed-in');
}

async function signOut() {
  const refreshToken = sessionStorage.getItem(STORAGE.refreshToken);
  try {
    const bearer = await currentAccessToken();
    await callApi('/auth/logout', { bearer, body: { refresh_token: refreshToken } });
  } finally {
    // Forget the tokens here even when the API call failed: the user asked to leave.
    clearSession();
    showView('signed-out', { justSignedOut: true });
  }
}

function clearSession() {
  clearTimeout(refreshTimer);
  session = null;
  sessionStorage.removeItem(STORAGE.refreshToken);
}

async function callApi(path, { body, bearer } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (bearer) {
    headers.Authorization = `Bearer ${bearer}`;
  }

  let response;
  try {
    response = await fetch(`${apiUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new Error(`Cannot reach the API at ${apiUrl}.`);
  }

  const payload = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    // Token errors follow RFC 6749 (error_description); the others are problem details.
    const detail = payload?.error_description || payload?.detail || payload?.title;
    const error = new Error(`${path} answered ${response.status}${detail ? `: ${detail}` : ''}`);
    error.status = response.status;
    throw error;
  }
  return payload;
}

function showView(view, { justSignedOut = false } = {}) {
  $('signed-in-view').hidden = view !== 'signed-in';
  $('signed-out-view').hidden = view !== 'signed-out';
  $('signed-out-message').hidden = !justSignedOut;
}

function showStatus(message) {
  $('status').textContent = message;
}

async function run(task) {
  showStatus('');
  try {
    await task();
  } catch (error) {
    showStatus(error.message);
    // Without a session the sign-in button must be reachable; a view already showing it
    // (with its "signed out" note) is left as it is.
    if (!session && $('signed-out-view').hidden) {
      showView('signed-out');
    }
  }
}

function start() {
  $('signin').addEventListener('click', () => run(signIn));
  $('refresh').addEventListener('click', () => run(refreshTokens));
  $('signout').addEventListener('click', () => run(signOut));

  if (!apiUrl || !window.crypto?.subtle) {
    showView('signed-out');
    showStatus('This page needs /config.js and a secure context (https or localhost).');
    return;
  }
  if (location.pathname === '/callback') {
    run(handleCallback);
    return;
  }
  if (sessionStorage.getItem(STORAGE.refreshToken)) {
    run(async () => {
      await refreshTokens();
      await loadProfile();
    });
    return;
  }
  showView('signed-out');
}

start();
