import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';

export interface SlowResponse {
  status: number;
  connection: string | undefined;
  body: string;
}

export interface InFlightRequest {
  response: Promise<SlowResponse>;
  /** Sends the rest of the body. */
  finish: () => void;
}

/**
 * A token request whose body arrives in two parts: between them, it is in flight for the
 * server (headers read, handler waiting), exactly what a drain must let finish.
 */
export function slowTokenRequest(baseUrl: string): InFlightRequest {
  const body = JSON.stringify({ grant_type: 'refresh_token', refresh_token: 'not-a-live-token' });
  const request = httpRequest(`${baseUrl}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  });
  const response = new Promise<SlowResponse>((resolve, reject) => {
    request.on('error', reject);
    request.on('response', (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('end', () =>
        resolve({
          status: incoming.statusCode ?? 0,
          connection: incoming.headers.connection,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
  });
  request.write(body.slice(0, 10));
  return { response, finish: () => request.end(body.slice(10)) };
}

export const pause = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Whether something accepts TCP connections on this loopback port. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
