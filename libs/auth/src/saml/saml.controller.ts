import {
  Body,
  Controller,
  Get,
  Header,
  Post,
  Query,
  Redirect,
  Req,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Public } from '../decorators/public.decorator';
import { RateLimited } from '../decorators/rate-limited.decorator';
import { SamlAcsFormDto } from './saml-acs-form.dto';
import { SamlAcsGuard } from './saml-acs.guard';
import { SamlAcsService } from './saml-acs.service';
import { SamlLoginQueryDto } from './saml-login-query.dto';
import { SamlLoginService } from './saml-login.service';
import { SamlRejectionHandler } from './saml-rejection.handler';
import { SamlRejection } from './saml-rejection';
import { SamlStrategy } from './saml.strategy';
import { SignedInAssertion } from './slo/saml-session';
import { SingleLogoutMetadata } from './slo/single-logout-metadata';

interface RedirectTarget {
  url: string;
  statusCode: number;
}

@Public()
@ApiTags('sign-in')
@Controller('auth/saml')
export class SamlController {
  constructor(
    private readonly login: SamlLoginService,
    private readonly acs: SamlAcsService,
    private readonly rejections: SamlRejectionHandler,
    private readonly strategy: SamlStrategy,
    private readonly singleLogout: SingleLogoutMetadata,
  ) {}

  /** Sends the browser to the IdP with an AuthnRequest (HTTP-Redirect binding). */
  @Get('login')
  @RateLimited()
  @Redirect()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Start a sign-in',
    description: 'To the IdP with a SAMLRequest (HTTP-Redirect binding) and an opaque RelayState.',
  })
  @ApiFoundResponse({ description: 'To the IdP single sign-on URL.' })
  @ApiBadRequestResponse({ description: 'redirect_uri not allowed, or PKCE missing or malformed.' })
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
  @RateLimited()
  @Redirect()
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  @ApiOperation({
    summary: 'Assertion consumer service: the IdP posts its response here',
    description: 'Back to the frontend with a one-time code, or with error=access_denied.',
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: SamlAcsFormDto })
  @ApiFoundResponse({ description: 'To redirect_uri with code and state, or error=access_denied.' })
  @ApiBadRequestResponse({ description: 'Unreadable response, or one that names no login.' })
  async consume(
    @Req() request: { user: SignedInAssertion },
    @Body('RelayState') relayState: string | undefined,
  ): Promise<RedirectTarget> {
    try {
      return { url: await this.acs.complete(request.user, relayState ?? null), statusCode: 302 };
    } catch (error) {
      if (!(error instanceof SamlRejection)) {
        throw error;
      }
      throw await this.rejections.reject(error, relayState ?? null);
    }
  }

  @Get('metadata')
  @Header('Content-Type', 'application/samlmetadata+xml; charset=utf-8')
  @ApiOperation({ summary: 'SP metadata for the IdP (entity ID, ACS URL)' })
  @ApiProduces('application/samlmetadata+xml')
  @ApiOkResponse({ description: 'SAML 2.0 metadata XML.', schema: { type: 'string' } })
  metadata(): string {
    return this.singleLogout.publish(this.strategy.metadata());
  }
}
