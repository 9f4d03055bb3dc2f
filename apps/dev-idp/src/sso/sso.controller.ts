import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { Response } from 'express';
import { autoPostPage } from './auto-post-page.template';
import { parseCompleteLoginForm } from './complete-login.form';
import { prepareHtmlResponse, renderHtmlPage } from './html-page.template';
import { loginPage } from './login-page.template';
import { SsoService } from './sso.service';

@Controller('sso')
export class SsoController {
  constructor(private readonly sso: SsoService) {}

  /** HTTP-Redirect binding endpoint (SAML Bindings §3.4): shows who to sign in as. */
  @Get()
  showLoginPage(
    @Query('SAMLRequest') samlRequest: unknown,
    @Query('RelayState') relayState: unknown,
    @Req() request: { originalUrl?: string; url: string },
    @Res({ passthrough: true }) res: Response,
  ): string {
    // A signature covers the parameters as sent, so it is checked on the raw query string.
    const url = request.originalUrl ?? request.url;
    const rawQuery = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
    const model = this.sso.beginLogin(samlRequest, relayState, rawQuery);
    const nonce = prepareHtmlResponse(res, { formAction: "'self'" });
    return renderHtmlPage(loginPage(model), nonce);
  }

  /**
   * Signs the response and hands it to the browser to post. No form-action limit here: the
   * ACS answers with a redirect to the frontend, which that directive would block.
   */
  @Post('complete')
  @HttpCode(200)
  complete(@Body() body: unknown, @Res({ passthrough: true }) res: Response): string {
    const model = this.sso.completeLogin(parseCompleteLoginForm(body));
    const nonce = prepareHtmlResponse(res);
    return renderHtmlPage(autoPostPage(model), nonce);
  }
}
