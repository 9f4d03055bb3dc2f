import { IncomingMessage, ServerResponse } from 'node:http';
import { runInRequestContext } from '@app/audit';

interface ExpressRequest extends IncomingMessage {
  /** The client address Express derives, honouring TRUST_PROXY. */
  ip?: string;
  /** Assigned by `assignRequestId`, which runs first; every id this app makes is a string. */
  id: string;
}

/**
 * Makes the request id and client address available to services that never see the request
 * (the audit trail). Mounted after the body parsers: they continue the request from stream
 * events, which would drop a context entered before them.
 */
export function bindRequestContext(
  req: ExpressRequest,
  _res: ServerResponse,
  next: () => void,
): void {
  const context = {
    requestId: req.id,
    clientIp: req.ip ?? req.socket.remoteAddress ?? null,
  };
  runInRequestContext(context, next);
}
