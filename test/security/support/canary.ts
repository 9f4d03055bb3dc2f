import { AddressInfo, createServer } from 'node:net';

/**
 * A loopback port that only counts connections: a document that names it (an external entity,
 * a stylesheet, a DTD) proves the API fetched nothing if the count stays at zero.
 */
export interface Canary {
  url: (path: string) => string;
  connections: () => number;
  close: () => Promise<void>;
}

export async function openCanary(): Promise<Canary> {
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    connections: () => connections,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
