import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Inject,
  Logger,
  NotFoundException,
  Post,
  Redirect,
  Req,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiFoundResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuditService } from '@app/audit';
import { APP_CONFIG, AppConfig, IdpSettingsSource, SamlConfig, samlConfigWith } from '@app/config';
import { CurrentUser } from '../../decorators/current-user.decorator';
import { Public } from '../../decorators/public.decorator';
import { RateLimited } from '../../decorators/rate-limited.decorator';
import { AccessTokenClaims } from '../../jwt/access-token-claims';
import { IdpLogoutService } from './idp-logout.service';
import { parseLogoutRequest, parseLogoutResponse } from './logout-message.parser';
import { readSignedPost } from './post-binding';
import { readSignedRedirect } from './redirect-binding';
import { SamlLogoutRequestDto, SamlLogoutResponseDto, SamlSloFormDto } from './saml-logout.dto';
import { SamlLogoutService } from './saml-logout.service';
import { SignedLogoutMessage } from './signed-logout-message';
import { SloRejection } from './slo-rejection';

interface RedirectTarget {
  url: string;
  statusCode: number;
}

@ApiTags('sign-in')
@Controller('auth/saml')
export class SingleLogoutController {
  private readonly logger = new Logger(SingleLogoutController.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly idpSettings: IdpSettingsSource,
    private readonly spInitiated: SamlLogoutService,
    private readonly idpInitiated: IdpLogoutService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Ends a session and, with single logout configured, hands back the IdP URL that ends the
   * IdP's session too. JSON rather than a redirect: the refresh token must not travel in a URL.
   */
  @Post('logout')
  @RateLimited()
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'End a session here and at the IdP (SAML single logout)' })
  @ApiOkResponse({ type: SamlLogoutResponseDto, description: 'Where to send the browser next.' })
  @ApiBadRequestResponse({ description: 'redirect_uri not allowed, or a field missing.' })
  async logout(
    @CurrentUser() user: AccessTokenClaims,
    @Body() body: SamlLogoutRequestDto,
  ): Promise<SamlLogoutResponseDto> {
    const url = await this.spInitiated.start(user.sub, {
      refreshToken: body.refresh_token,
      redirectUri: body.redirect_uri,
      state: body.state ?? null,
    });
    return { logout_url: url };
  }

  /** The IdP's LogoutRequest or LogoutResponse, HTTP-Redirect binding, signed. */
  @Public()
  @Get('slo')
  @RateLimited()
  @Redirect()
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  @ApiOperation({
    summary: 'Single logout service: the IdP sends LogoutRequests and LogoutResponses here',
  })
  @ApiFoundResponse({ description: 'To the IdP with our LogoutResponse, or to the frontend.' })
  @ApiBadRequestResponse({ description: 'A refused message; nothing was revoked.' })
  @ApiNotFoundResponse({ description: 'Single logout is not configured.' })
  singleLogoutService(
    @Req() request: { originalUrl?: string; url: string },
  ): Promise<RedirectTarget> {
    const url = request.originalUrl ?? request.url;
    const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
    return this.settle((saml) => readSignedRedirect(query, saml));
  }

  /**
   * The same service with the HTTP-POST binding, the one Okta answers our LogoutRequest with:
   * a form with the base64 message, signed inside the XML.
   */
  @Public()
  @Post('slo')
  @RateLimited()
  @Redirect()
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  @ApiOperation({
    summary: 'Single logout service, HTTP-POST binding: the IdP posts logout messages here',
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: SamlSloFormDto })
  @ApiFoundResponse({ description: 'To the IdP with our LogoutResponse, or to the frontend.' })
  @ApiBadRequestResponse({ description: 'A refused message; nothing was revoked.' })
  @ApiNotFoundResponse({ description: 'Single logout is not configured.' })
  singleLogoutPost(@Body() form: unknown): Promise<RedirectTarget> {
    return this.settle((saml) => Promise.resolve(readSignedPost(form, saml)));
  }

  /** Verifies and acts on one message; a refusal is logged, audited and answered with 400. */
  private async settle(
    read: (saml: SamlConfig) => Promise<SignedLogoutMessage>,
  ): Promise<RedirectTarget> {
    const saml = samlConfigWith(this.config.saml, this.idpSettings.current());
    if (saml.idpSloUrl === null) {
      throw new NotFoundException('Single logout is not configured');
    }
    try {
      return { url: await this.handle(await read(saml)), statusCode: 302 };
    } catch (error) {
      if (!(error instanceof SloRejection)) {
        throw error;
      }
      this.logger.warn({
        event: 'saml_logout_refused',
        reason: error.reason,
        detail: error.message,
      });
      this.audit.record({ type: 'saml_logout_refused', reason: error.reason });
      throw new BadRequestException(`The logout message was refused: ${error.message}`);
    }
  }

  private handle(message: SignedLogoutMessage): Promise<string> {
    if (message.kind === 'SAMLResponse') {
      return this.spInitiated.complete(parseLogoutResponse(message.xml), message.relayState);
    }
    return this.idpInitiated.accept(parseLogoutRequest(message.xml), message.relayState);
  }
}
