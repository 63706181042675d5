import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A camera's own RTSP port in front of the shared GStreamer server, for RTSP faults GStreamer
 * cannot play: with `redirectTo()` set it answers OPTIONS and then every other request (DESCRIBE,
 * SETUP, …) with `302 Found` to that address, as a hostile or misconfigured camera would; without
 * it, it passes bytes through to the real stream. Started only when a camera first needs it.
 */
export class RtspFront {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  /** Requests answered with a redirect (what a test checks). */
  redirectsSent = 0;

  constructor(
    private readonly upstream: { host: string; port: number },
    private readonly redirectTo: () => string | null,
  ) {}

  async start(host: string): Promise<number> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, () => resolve());
    });
    return this.port;
  }

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    if (this.redirectTo() === null) {
      const real = connect(this.upstream.port, this.upstream.host);
      real.on('error', () => socket.destroy());
      socket.on('close', () => real.destroy());
      real.on('close', () => socket.destroy());
      socket.pipe(real).pipe(socket);
      return;
    }
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending = (pending + chunk.toString('latin1')).slice(-64 * 1024);
      for (let end = pending.indexOf('\r\n\r\n'); end !== -1; end = pending.indexOf('\r\n\r\n')) {
        const head = pending.slice(0, end);
        pending = pending.slice(end + 4);
        const method = head.split(' ', 1)[0];
        const cseq = /^CSeq:\s*(\S+)/im.exec(head)?.[1] ?? '0';
        const location = this.redirectTo();
        if (method === 'OPTIONS' || location === null) {
          socket.write(`RTSP/1.0 200 OK\r\nCSeq: ${cseq}\r\nPublic: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n\r\n`);
        } else {
          this.redirectsSent++;
          socket.write(`RTSP/1.0 302 Found\r\nCSeq: ${cseq}\r\nLocation: ${location}\r\nContent-Length: 0\r\n\r\n`);
        }
      }
    });
  }
}
