import { AsyncResource } from 'node:async_hooks';
import { IncomingMessage, ServerResponse } from 'node:http';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { runInRequestContext } from '@app/audit';
import { assignedRequestId } from './request-id';

interface RawRequest extends IncomingMessage {
  /** The client address the platform derives, honouring TRUST_PROXY. */
  ip?: string;
}

/**
 * Makes the request id and client address available to code that never sees the request (the
 * audit trail, and the logger's request binding). Middleware runs when the request arrives;
 * the body is read afterwards from stream events, which would drop an async context entered
 * before it. So the context the middleware entered is captured once they have all run, and
 * entered again just before the handler.
 */
export function bindRequestContext(app: NestFastifyApplication): void {
  app.use(enterRequestContext);
  const scopes = new WeakMap<IncomingMessage, AsyncResource>();
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, _reply, done) => {
    scopes.set(request.raw, new AsyncResource('request'));
    done();
  });
  fastify.addHook('preHandler', (request, _reply, done) => {
    const scope = scopes.get(request.raw);
    if (scope) {
      scope.runInAsyncScope(done);
      return;
    }
    done();
  });
}

function enterRequestContext(req: RawRequest, _res: ServerResponse, next: () => void): void {
  const context = {
    requestId: assignedRequestId(req),
    clientIp: req.ip ?? req.socket.remoteAddress ?? null,
  };
  runInRequestContext(context, next);
}
