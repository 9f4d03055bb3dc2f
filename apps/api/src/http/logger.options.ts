import { Params } from 'nestjs-pino';
import { DestinationStream } from 'pino';
import { AppConfig } from '@app/config';
import { requestIdFor } from './request-id';

/**
 * Structured logs: JSON lines in production, readable lines in development. Requests are logged
 * by path only (query strings and bodies can carry codes, tokens or SAML documents) and every
 * line carries the request id, taken from `X-Request-Id` when the caller sent a sane one.
 */
export function loggerOptions(config: AppConfig, destination?: DestinationStream): Params {
  const pretty = config.env === 'development' && destination === undefined;
  return {
    pinoHttp: [
      {
        level: config.logLevel,
        transport: pretty ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
        // The platform has assigned `req.id` already (pino-http keeps it); this is a fallback.
        genReqId: requestIdFor,
        serializers: {
          req: (req: { id: string; method: string; url: string }) => ({
            id: req.id,
            method: req.method,
            path: req.url.split('?')[0],
          }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
        redact: {
          paths: [
            'req.headers.authorization',
            'req.headers.cookie',
            '*.refresh_token',
            '*.code',
            '*.SAMLResponse',
          ],
          censor: '[redacted]',
        },
        customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
      },
      destination ?? process.stdout,
    ],
  };
}
