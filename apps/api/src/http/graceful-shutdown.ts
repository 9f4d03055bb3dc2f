import { Server, ServerResponse } from 'node:http';
import { Server as HttpsServer } from 'node:https';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '@app/config';

/**
 * Bounds the drain that `app.close()` (run on SIGTERM by `enableShutdownHooks`) performs. Nest
 * closes the server, which stops accepting and waits for open connections, and only then
 * closes the database pool, so in-flight requests finish against a live pool. This adds:
 * responses finishing during the drain say `Connection: close`, so keep-alive clients do not
 * hold the server open; and after SHUTDOWN_TIMEOUT_MS whatever is still open is cut.
 */
@Injectable()
export class GracefulShutdown
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger(GracefulShutdown.name);
  private readonly inFlight = new Set<ServerResponse>();
  private draining = false;
  private deadline?: NodeJS.Timeout;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.server()?.on('request', (_request, response: ServerResponse) => this.track(response));
  }

  beforeApplicationShutdown(signal?: string): void {
    const server = this.server();
    if (!server) {
      return;
    }
    this.draining = true;
    this.inFlight.forEach(closeConnectionAfter);
    const timeoutMs = this.config.http.shutdownTimeoutMs;
    this.logger.log({
      event: 'shutdown_draining',
      signal,
      inFlight: this.inFlight.size,
      timeoutMs,
    });
    this.deadline = setTimeout(() => {
      this.logger.warn({ event: 'shutdown_timeout', abandoned: this.inFlight.size });
      server.closeAllConnections();
    }, timeoutMs);
    this.deadline.unref();
  }

  onApplicationShutdown(): void {
    clearTimeout(this.deadline);
  }

  private track(response: ServerResponse): void {
    if (this.draining) {
      closeConnectionAfter(response);
    }
    this.inFlight.add(response);
    response.once('close', () => this.inFlight.delete(response));
  }

  private server(): Server | HttpsServer | undefined {
    const server: unknown = this.adapterHost.httpAdapter?.getHttpServer();
    return server instanceof Server || server instanceof HttpsServer ? server : undefined;
  }
}

function closeConnectionAfter(response: ServerResponse): void {
  if (!response.headersSent) {
    response.setHeader('Connection', 'close');
  }
}
