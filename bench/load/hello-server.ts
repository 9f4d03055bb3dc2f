import { createServer } from 'node:http';

/**
 * The platform's ceiling: a bare `node:http` server answering a small JSON body, the same size
 * class as the API's greeting. `node hello-server.js <port>`; listens on loopback only.
 */
const port = Number(process.argv[2]);
const body = JSON.stringify({ message: 'Hello, Ada Lovelace!', groups: ['Everyone', 'Admins'] });

createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  response.end(body);
}).listen(port, '127.0.0.1');

process.once('SIGTERM', () => process.exit(0));
