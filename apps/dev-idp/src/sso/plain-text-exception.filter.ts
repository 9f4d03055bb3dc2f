import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { Response } from 'express';
import { InvalidAuthnRequestError } from '../saml/authn-request.parser';
import { SsoRequestError } from './sso-request.error';

/**
 * Answers every failure with a short plain-text message: the reader is a developer looking
 * at a browser tab, and text/plain with nosniff cannot run anything a request echoed back.
 */
@Catch()
export class PlainTextExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('DevIdp');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { status, message } = this.describe(exception);

    res.status(status);
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    res.send(`${message}\n`);
  }

  private describe(exception: unknown): { status: number; message: string } {
    if (exception instanceof SsoRequestError || exception instanceof InvalidAuthnRequestError) {
      this.logger.warn(`request refused (${exception.name})`);
      return { status: HttpStatus.BAD_REQUEST, message: exception.message };
    }
    if (exception instanceof HttpException) {
      return { status: exception.getStatus(), message: exception.message };
    }

    const name = exception instanceof Error ? exception.name : typeof exception;
    this.logger.error(`unexpected failure (${name})`);
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, message: 'Internal error in the dev IdP' };
  }
}
