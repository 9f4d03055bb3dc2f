import { Body, Controller, Get, Header, Post, Query, Redirect, Req, UseGuards } from '@nestjs/common';
import { Public } from '../decorators/public.decorator';
import { SamlAcsGuard } from './saml-acs.guard';
import { SamlAcsService } from './saml-acs.service';
import { SamlLoginQueryDto } from './saml-login-query.dto';
import { SamlLoginService } from './saml-login.service';
import { SamlRejectionHandler } from './saml-rejection.handler';
import { SamlRejection } from './saml-rejection';
import { SamlStrategy } from './saml.strategy';
import { VerifiedAssertion } from './verify-saml-assertion';

interface RedirectTarget {
  url: string;
  statusCode: number;
}

@Public()
@Controller('auth/saml')
export class SamlController {
  constructor(
    private readonly login: SamlLoginService,
    private readonly acs: SamlAcsService,
    private readonly rejections: SamlRejectionHandler,
    private readonly strategy: SamlStrategy,
  ) {}

  /** Sends the browser to the IdP with an AuthnRequest (HTTP-Redirect binding). */
  @Get('login')
  @Redirect()
  @Header('Cache-Control', 'no-store')
  async start(@Query() query: SamlLoginQueryDto): Promise<RedirectTarget> {
    const url = await this.login.start({
      redirectUri: query.redirect_uri,
      state: query.state ?? null,
      codeChallenge: query.code_challenge ?? null,
    });
    return { url, statusCode: 302 };
  }

  /** The IdP's POST (HTTP-POST binding); the guard has verified the response by now. */
  @Post('acs')
  @UseGuards(SamlAcsGuard)
  @Redirect()
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  async consume(
    @Req() request: { user: VerifiedAssertion },
    @Body('RelayState') relayState: string | undefined,
  ): Promise<RedirectTarget> {
    try {
      return { url: await this.acs.complete(request.user, relayState ?? null), statusCode: 302 };
    } catch (error) {
      if (!(error instanceof SamlRejection)) throw error;
      throw await this.rejections.reject(error, relayState ?? null);
    }
  }

  @Get('metadata')
  @Header('Content-Type', 'application/samlmetadata+xml; charset=utf-8')
  metadata(): string {
    return this.strategy.metadata();
  }
}
