import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * Ends a request with a redirect instead of an error body: used where the browser must go back
 * to the frontend with `error=access_denied` rather than stop on an API error page.
 */
export class RedirectException extends HttpException {
  constructor(readonly location: string) {
    super('Redirecting', HttpStatus.FOUND);
  }
}
