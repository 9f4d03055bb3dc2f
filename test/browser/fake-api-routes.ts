import { BrowserContext, Route } from 'playwright-core';
import { s256 } from './browser-test-helpers';

export const FAKE_PROFILE = {
  id: '8f1c2d9e-0000-4000-8000-000000000001',
  email: 'ada@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  groups: ['Everyone', 'Admins'],
};

interface LoginAttempt {
  redirectUri: string;
  challenge: string;
}

type JsonBody = Record<string, unknown>;

/**
 * Answers the page's API calls inside the browser, following the API's public contract,
 * so the page's side of the flow can be checked without a backend. It checks what the real
 * API would (PKCE, exact redirect_uri, the latest refresh token, the bearer token) and
 * records what the page sent.
 */
export class FakeApi {
  readonly tokenRequests: JsonBody[] = [];
  readonly logoutRequests: { authorization: string | undefined; body: JsonBody }[] = [];

  private login: LoginAttempt | undefined;
  private issued = 0;

  constructor(
    private readonly apiUrl: string,
    private readonly webOrigin: string,
    private readonly expiresIn = 300,
  ) {}

  async install(context: BrowserContext): Promise<void> {
    await context.route(`${this.apiUrl}/**`, (route) => this.handle(route));
  }

  private async handle(route: Route): Promise<void> {
    const request = route.request();
    const url = new URL(request.url());

    switch (`${request.method()} ${url.pathname}`) {
      case 'OPTIONS /auth/token':
      case 'OPTIONS /auth/logout':
      case 'OPTIONS /users/me':
        return route.fulfill({ status: 204, headers: this.corsHeaders() });
      case 'GET /auth/saml/login':
        return this.startLogin(route, url);
      case 'POST /auth/token':
        return this.token(route, request.postDataJSON() as JsonBody);
      case 'GET /users/me':
        return this.isCurrentBearer(request.headers().authorization)
          ? this.json(route, 200, FAKE_PROFILE)
          : this.problem(route, 401, 'Unauthorized');
      case 'POST /auth/logout':
        this.logoutRequests.push({
          authorization: request.headers().authorization,
          body: request.postDataJSON() as JsonBody,
        });
        return route.fulfill({ status: 204, headers: this.corsHeaders() });
      default:
        return this.problem(route, 404, 'Not Found');
    }
  }

  /** Skips the IdP: answers as the API does after a successful SAML response. */
  private startLogin(route: Route, url: URL): Promise<void> {
    const redirectUri = url.searchParams.get('redirect_uri') ?? '';
    this.login = { redirectUri, challenge: url.searchParams.get('code_challenge') ?? '' };

    const callback = new URL(redirectUri);
    callback.searchParams.set('code', 'fake-code');
    callback.searchParams.set('state', url.searchParams.get('state') ?? '');
    return route.fulfill({ status: 302, headers: { location: callback.href } });
  }

  private token(route: Route, body: JsonBody): Promise<void> {
    this.tokenRequests.push(body);

    if (body.grant_type === 'authorization_code' && this.isValidCodeRedemption(body)) {
      this.login = undefined;
      return this.json(route, 200, this.issueTokens());
    }
    if (body.grant_type === 'refresh_token' && body.refresh_token === `refresh-${this.issued}`) {
      return this.json(route, 200, this.issueTokens());
    }
    return this.json(route, 400, { error: 'invalid_grant', error_description: 'rejected' });
  }

  private isValidCodeRedemption(body: JsonBody): boolean {
    return (
      this.login !== undefined &&
      body.code === 'fake-code' &&
      body.redirect_uri === this.login.redirectUri &&
      typeof body.code_verifier === 'string' &&
      s256(body.code_verifier) === this.login.challenge
    );
  }

  private issueTokens(): JsonBody {
    this.issued += 1;
    return {
      access_token: `access-${this.issued}`,
      token_type: 'Bearer',
      expires_in: this.expiresIn,
      refresh_token: `refresh-${this.issued}`,
    };
  }

  private isCurrentBearer(authorization: string | undefined): boolean {
    return this.issued > 0 && authorization === `Bearer access-${this.issued}`;
  }

  private json(
    route: Route,
    status: number,
    body: unknown,
    contentType = 'application/json',
  ): Promise<void> {
    const headers = this.corsHeaders();
    return route.fulfill({ status, headers, contentType, body: JSON.stringify(body) });
  }

  /** Errors outside the token endpoint are RFC 9457 problem details. */
  private problem(route: Route, status: number, title: string): Promise<void> {
    return this.json(route, status, { title, status }, 'application/problem+json');
  }

  private corsHeaders(): Record<string, string> {
    return {
      'access-control-allow-origin': this.webOrigin,
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'authorization, content-type',
    };
  }
}
