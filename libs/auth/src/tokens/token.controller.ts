import {
  BadRequestException,
  Body,
  Controller,
  Header,
  HttpCode,
  HttpStatus,
  Post,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { OAuthException } from '../common/oauth.exception';
import { CurrentUser } from '../decorators/current-user.decorator';
import { Public } from '../decorators/public.decorator';
import { RateLimited } from '../decorators/rate-limited.decorator';
import { AccessTokenClaims } from '../jwt/access-token-claims';
import {
  LogoutRequestDto,
  OAuthErrorDto,
  TokenRequestDto,
  TokenResponse,
  TokenResponseDto,
} from './token-request.dto';
import { TokenService } from './token.service';

@ApiTags('sign-in')
@Controller('auth')
export class TokenController {
  constructor(private readonly tokens: TokenService) {}

  /** RFC 6749 §3.2; errors in the §5.2 shape, responses never cached (§5.1). */
  @Public()
  @Post('token')
  @RateLimited()
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({ summary: 'Exchange a one-time code, or a refresh token, for tokens' })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiBody({ type: TokenRequestDto })
  @ApiOkResponse({ type: TokenResponseDto, description: 'New access and refresh tokens.' })
  @ApiBadRequestResponse({ type: OAuthErrorDto, description: 'RFC 6749 §5.2 error.' })
  token(@Body() body: unknown): Promise<TokenResponse> {
    const request = parseTokenRequest(body);
    if (request.grant_type === 'authorization_code') {
      return this.tokens.exchangeCode({
        code: required(request.code, 'code'),
        redirectUri: required(request.redirect_uri, 'redirect_uri'),
        codeVerifier: request.code_verifier ?? null,
      });
    }
    if (request.grant_type === 'refresh_token') {
      return this.tokens.refresh(required(request.refresh_token, 'refresh_token'));
    }
    throw new OAuthException(
      'unsupported_grant_type',
      'grant_type must be authorization_code or refresh_token',
    );
  }

  /** Ends one session (its whole refresh family) or, with `all`, every session of the user. */
  @Post('logout')
  @RateLimited()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End one session, or every session of the user' })
  @ApiBody({ type: LogoutRequestDto })
  @ApiNoContentResponse({ description: 'Done, whether or not the refresh token was known.' })
  @ApiBadRequestResponse({ description: 'Neither refresh_token nor all=true was sent.' })
  async logout(@CurrentUser() user: AccessTokenClaims, @Body() body: unknown): Promise<void> {
    const request = plainToInstance(LogoutRequestDto, body ?? {});
    const errors = validateSync(request);
    if (errors.length > 0 || (!request.refresh_token && request.all !== true)) {
      throw new BadRequestException('Send {"refresh_token": "..."} or {"all": true}');
    }
    await this.tokens.logout(user.sub, { refreshToken: request.refresh_token, all: request.all });
  }
}

function parseTokenRequest(body: unknown): TokenRequestDto {
  if (typeof body !== 'object' || body === null) {
    throw new OAuthException('invalid_request', 'The request body must be JSON or a form');
  }
  const request = plainToInstance(TokenRequestDto, body);
  const errors = validateSync(request);
  if (errors.length > 0) {
    const fields = errors.map((error) => error.property).join(', ');
    throw new OAuthException('invalid_request', `Invalid or repeated parameters: ${fields}`);
  }
  return request;
}

function required(value: string | undefined, name: string): string {
  if (!value) {
    throw new OAuthException('invalid_request', `${name} is required`);
  }
  return value;
}
