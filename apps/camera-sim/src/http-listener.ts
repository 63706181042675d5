import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listens on port (0: any free one) and answers the port it got; a bind error rejects. */
export async function listenOn(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** Stops listening and cuts every open connection (held long-polls included), like a device losing power. */
export async function closeAbruptly(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}
