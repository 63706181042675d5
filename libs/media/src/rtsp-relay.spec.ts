import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { RtspRelay } from './rtsp-relay';

/** A scripted camera on loopback: answers each request (by method) with what `answer` returns. */
async function camera(
  answer: (method: string, cseq: string) => string,
): Promise<{ server: Server; port: number; connections: () => number }> {
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    let pending = '';
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      for (let end = pending.indexOf('\r\n\r\n'); end !== -1; end = pending.indexOf('\r\n\r\n')) {
        const head = pending.slice(0, end);
        pending = pending.slice(end + 4);
        socket.write(answer(head.split(' ')[0], /CSeq: (\d+)/.exec(head)?.[1] ?? '0'));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, port: (server.address() as AddressInfo).port, connections: () => connections };
}

/** ffmpeg's side: sends the requests in order, collects every byte the relay lets through, until closed. */
function client(port: number, requests: string[]): Promise<{ received: string; socket: Socket }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let next = 0;
    const send = () => {
      if (next < requests.length) socket.write(`${requests[next]} rtsp://127.0.0.1:${port}/cam RTSP/1.0\r\nCSeq: ${++next}\r\n\r\n`);
    };
    socket.on('connect', send);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.split('RTSP/1.0 ').length - 1 === next) send();
      if (received.includes('$')) resolve({ received, socket });
    });
    socket.on('close', () => resolve({ received, socket }));
    socket.on('error', () => undefined);
  });
}

const ok = (cseq: string, extra = '') => `RTSP/1.0 200 OK\r\nCSeq: ${cseq}\r\n${extra}\r\n`;

describe('RTSP relay (loopback sockets)', () => {
  const servers: Server[] = [];
  const relays: RtspRelay[] = [];
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.close()));
    for (const s of servers.splice(0)) s.close();
  });
  const relayTo = async (port: number, handshakeTimeoutMs = 5000) => {
    const relay = new RtspRelay({ cameraId: 'cam', cameraHost: '127.0.0.1', cameraPort: port, handshakeTimeoutMs });
    relays.push(relay);
    await relay.listen();
    return relay;
  };

  it('passes a whole handshake and then the stream through', async () => {
    const cam = await camera((method, cseq) =>
      method === 'PLAY'
        ? `${ok(cseq)}$\u0000\u0000\u0002hi`
        : ok(cseq, method === 'SETUP' ? 'Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n' : ''),
    );
    servers.push(cam.server);
    const relay = await relayTo(cam.port);
    const { received, socket } = await client(relay.port, ['OPTIONS', 'DESCRIBE', 'SETUP', 'PLAY']);
    socket.destroy();
    expect(received.split('RTSP/1.0 200 OK')).toHaveLength(5);
    expect(received.endsWith('$\u0000\u0000\u0002hi')).toBe(true);
    expect(relay.lastFailure).toBeNull();
  });

  it('never lets a redirect reach ffmpeg: the connection closes and the reason is kept', async () => {
    const cam = await camera((method, cseq) =>
      method === 'DESCRIBE' ? `RTSP/1.0 302 Found\r\nCSeq: ${cseq}\r\nLocation: rtsp://127.0.0.1:9/elsewhere\r\n\r\n` : ok(cseq),
    );
    servers.push(cam.server);
    const relay = await relayTo(cam.port);
    const { received } = await client(relay.port, ['OPTIONS', 'DESCRIBE']);
    expect(received).toContain('RTSP/1.0 200 OK');
    expect(received).not.toMatch(/302|Location|elsewhere/);
    expect(relay.lastFailure).toBe('the camera tried to redirect the stream (RTSP 302) to rtsp://127.0.0.1:9/elsewhere');
    expect(relay.refusals).toBe(1);
  });

  it('cuts off a camera that never finishes the handshake, and says so', async () => {
    const cam = await camera((method, cseq) => (method === 'OPTIONS' ? ok(cseq) : ''));
    servers.push(cam.server);
    const relay = await relayTo(cam.port, 300);
    const { received } = await client(relay.port, ['OPTIONS', 'DESCRIBE']);
    expect(received).toContain('200 OK');
    expect(relay.lastFailure).toBe('the camera did not complete the RTSP handshake (PLAY) within 300 ms');
  });

  it('reports an unreachable camera port, and takes one connection at a time', async () => {
    const cam = await camera((_m, cseq) => ok(cseq));
    const port = cam.port;
    await new Promise<void>((resolve) => cam.server.close(() => resolve()));
    const relay = await relayTo(port);
    await client(relay.port, ['OPTIONS']);
    expect(relay.lastFailure).toBe(`the camera's RTSP port 127.0.0.1:${port} could not be reached (ECONNREFUSED)`);

    const slow = await camera(() => '');
    servers.push(slow.server);
    const busy = await relayTo(slow.port);
    const first = connect(busy.port, '127.0.0.1');
    await new Promise((resolve) => first.on('connect', resolve));
    const second = await client(busy.port, ['OPTIONS']);
    expect(second.received).toBe('');
    expect(slow.connections()).toBe(1);
    first.destroy();
  });
});
