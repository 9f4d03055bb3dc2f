import { Controller, Get, Req, Res } from '@nestjs/common';
import { Response } from 'express';
import { prepareHtmlResponse, renderHtmlPage } from '../sso/html-page.template';
import { logoutPostPage } from './logout-post-page.template';
import { SloService } from './slo.service';

/**
 * Single logout endpoint: takes the SP's LogoutRequest with the HTTP-Redirect binding (SAML
 * bindings §3.4) and answers with a redirect, or with a page that posts (§3.5).
 */
@Controller('slo')
export class SloController {
  constructor(private readonly slo: SloService) {}

  @Get()
  logout(@Req() request: { originalUrl?: string; url: string }, @Res() res: Response): void {
    const url = request.originalUrl ?? request.url;
    const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
    const delivery = this.slo.answerLogoutRequest(query);
    if (delivery.binding === 'redirect') {
      res.redirect(302, delivery.url);
      return;
    }
    // No form-action limit: the SP answers the post with a redirect to its frontend.
    const nonce = prepareHtmlResponse(res);
    res.status(200).send(renderHtmlPage(logoutPostPage(delivery), nonce));
  }
}
