import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  ServiceUnavailableException,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  BearerTokenRejectedException,
  OAuthException,
  RedirectException,
  TOKEN_ENDPOINT_PATH,
} from '@app/auth';
import {
  databaseErrorCode,
  DATABASE_RETRY_AFTER_SECONDS,
  isDatabaseUnavailable,
} from './database-unavailable';

interface RequestWithId {
  id?: string | number;
  url?: string;
}

interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  correlationId?: string;
}

/**
 * One error shape for the whole API: RFC 9457 problem details with a correlation id, except the
 * token endpoint's RFC 6749 errors and the ACS's redirects back to the frontend. A database out
 * of reach is a 503 with `Retry-After` (the request may succeed later, on any instance).
 * Unexpected errors are logged in full and answered with a generic 500 that reveals nothing.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = this.adapterHost.httpAdapter;
    const context = host.switchToHttp();
    const request = context.getRequest<RequestWithId>();
    const response = context.getResponse<unknown>();
    const correlationId = request.id === undefined ? undefined : String(request.id);

    if (exception instanceof RedirectException) {
      http.setHeader(response, 'Location', exception.location);
      http.setHeader(response, 'Referrer-Policy', 'no-referrer');
      http.setHeader(response, 'Cache-Control', 'no-store');
      http.reply(response, undefined, HttpStatus.FOUND);
      return;
    }
    if (isDatabaseUnavailable(exception)) {
      // Only the code and class are logged: pg's messages can name the host, user or database.
      const code = databaseErrorCode(exception);
      const error = exception instanceof Error ? exception.name : undefined;
      this.logger.warn({ event: 'database_unavailable', correlationId, code, error });
      http.setHeader(response, 'Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      http.setHeader(response, 'Cache-Control', 'no-store');
      this.replyProblem(response, {
        type: 'about:blank',
        title: titleOf(HttpStatus.SERVICE_UNAVAILABLE),
        status: HttpStatus.SERVICE_UNAVAILABLE,
        detail: 'The database is temporarily unavailable. Retry after the delay given.',
        correlationId,
      });
      return;
    }
    if (!(exception instanceof HttpException) && statusOf(exception) < 500) {
      // Refused before any handler ran (a body parser): the request line alone would not say why.
      const [status, type] = [statusOf(exception), bodyErrorType(exception)];
      this.logger.warn({ event: 'request_rejected', correlationId, status, type });
    }
    const oauthError =
      exception instanceof OAuthException ? exception : tokenEndpointError(exception, request);
    if (oauthError) {
      http.setHeader(response, 'Cache-Control', 'no-store');
      http.reply(response, oauthError.getResponse(), oauthError.getStatus());
      return;
    }
    if (exception instanceof BearerTokenRejectedException) {
      http.setHeader(response, 'WWW-Authenticate', `Bearer error="${exception.bearerError}"`);
    }
    this.replyProblem(response, this.toProblem(exception, correlationId));
  }

  private replyProblem(response: unknown, problem: ProblemDetails): void {
    const http = this.adapterHost.httpAdapter;
    // Serialised here: the platform adapters would otherwise force `application/json`.
    http.setHeader(response, 'Content-Type', 'application/problem+json; charset=utf-8');
    http.reply(response, JSON.stringify(problem), problem.status);
  }

  private toProblem(exception: unknown, correlationId: string | undefined): ProblemDetails {
    const status = statusOf(exception);
    // A 503 is an answer our code gives on purpose (not ready), with a message meant to be read.
    const unexpected = status >= 500 && !(exception instanceof ServiceUnavailableException);
    if (unexpected) {
      this.logger.error({ event: 'unhandled_error', correlationId, err: exception });
    }
    return {
      type: 'about:blank',
      title: titleOf(status),
      status,
      detail: unexpected ? 'An unexpected error occurred.' : detailOf(exception),
      correlationId,
    };
  }
}

/** The platform's body parsing throws errors carrying `statusCode` (e.g. 413, 415, 400). */
function statusOf(exception: unknown): number {
  if (exception instanceof HttpException) {
    return exception.getStatus();
  }
  const status = (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

function titleOf(status: number): string {
  const name = HttpStatus[status] as string | undefined;
  if (!name) {
    return 'Error';
  }
  return name
    .toLowerCase()
    .split('_')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
}

/**
 * Body parsing errors say what went wrong by `type` (ours) or `code` (the platform's); their
 * messages are not used, because a parser's message can quote the body, which may hold a code
 * or a refresh token.
 */
const BODY_ERROR_DETAILS: Record<string, string> = {
  'entity.parse.failed': 'The request body could not be parsed.',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'The request body has an unsupported content type.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The request body does not match its Content-Length.',
  FST_ERR_CTP_EMPTY_TYPE: 'The request body has an empty content type.',
  FST_ERR_CTP_INVALID_TYPE: 'The request body has an invalid content type.',
};

function bodyErrorType(exception: unknown): string | undefined {
  const { type, code } = (exception ?? {}) as { type?: unknown; code?: unknown };
  if (typeof type === 'string') {
    return type;
  }
  return typeof code === 'string' ? code : undefined;
}

/**
 * The token endpoint answers in RFC 6749 §5.2 shape even when the request never reached its
 * controller (a body the parser refused), because OAuth clients parse that shape only. A rate
 * limit is no §5.2 error: its 429 is a problem like everywhere else, with `Retry-After`.
 */
function tokenEndpointError(exception: unknown, request: RequestWithId): OAuthException | null {
  const status = statusOf(exception);
  if (request.url?.split('?')[0] !== TOKEN_ENDPOINT_PATH) {
    return null;
  }
  if (status >= 500 || status === Number(HttpStatus.TOO_MANY_REQUESTS)) {
    return null;
  }
  return new OAuthException('invalid_request', detailOf(exception), status);
}

function detailOf(exception: unknown): string {
  if (!(exception instanceof HttpException)) {
    const known = BODY_ERROR_DETAILS[bodyErrorType(exception) ?? ''];
    return known ?? 'The request could not be processed.';
  }
  const body = exception.getResponse();
  if (typeof body === 'string') {
    return body;
  }
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) {
    return message.join('; ');
  }
  return withoutQuery(typeof message === 'string' ? message : exception.message);
}

/**
 * The router's 404 says "Cannot GET /path?query": the query may carry a code or a state, and
 * an error never repeats what the caller sent beyond the path.
 */
function withoutQuery(detail: string): string {
  return /^Cannot [A-Z]+ \//.test(detail) ? detail.replace(/\?.*$/, '') : detail;
}
