/**
 * node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/rtsp-relay.ts [-- --mbps 4 --streams 4 --seconds 10]
 *
 * What the RTSP relay costs once a stream plays: a loopback "camera" answers the handshake, then
 * sends interleaved frames ($, 1400 bytes) at --mbps per stream; a reader plays ffmpeg. The same
 * load runs twice in this process, straight to the camera and through one relay per stream, and
 * the difference in this process's CPU is the relay's (piping only; the handshake is once per run).
 */
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { RtspRelay } from '@wardwatch/media';
import { benchOptions } from './bench-options';

const { mbps, streams, seconds } = benchOptions(
  'node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/rtsp-relay.ts',
  'the CPU the RTSP relay costs once streams play, against reading the camera directly',
  {
    mbps: { default: 4, help: 'megabits per second per stream' },
    streams: { default: 4, help: 'streams at once' },
    seconds: { default: 10, help: 'seconds each run lasts' },
  },
);
const FRAME = Buffer.concat([Buffer.from([0x24, 0, 0x05, 0x74]), Buffer.alloc(1396, 7)]);

async function fakeCamera(): Promise<{ port: number; close: () => void }> {
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      for (let end = pending.indexOf('\r\n\r\n'); end !== -1; end = pending.indexOf('\r\n\r\n')) {
        const head = pending.slice(0, end);
        pending = pending.slice(end + 4);
        const cseq = /CSeq: (\d+)/.exec(head)?.[1];
        socket.write(`RTSP/1.0 200 OK\r\nCSeq: ${cseq}\r\n\r\n`);
        if (head.startsWith('PLAY')) {
          // Every 10 ms, the frames that make up --mbps.
          const perTick = Math.max(1, Math.round((mbps * 1e6) / 8 / 100 / FRAME.length));
          const timer = setInterval(() => {
            for (let i = 0; i < perTick; i++) socket.write(FRAME);
          }, 10);
          timers.add(timer);
          socket.on('close', () => clearInterval(timer));
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      for (const t of timers) clearInterval(t);
      server.close();
    },
  };
}

function reader(port: number): { socket: Socket; bytes: () => number } {
  let bytes = 0;
  const socket = connect(port, '127.0.0.1', () => socket.write('PLAY rtsp://127.0.0.1/cam RTSP/1.0\r\nCSeq: 1\r\n\r\n'));
  socket.on('data', (chunk: Buffer) => (bytes += chunk.length));
  socket.on('error', () => undefined);
  return { socket, bytes: () => bytes };
}

async function run(throughRelay: boolean): Promise<{ cpuPercent: number; mbitPerStream: number }> {
  const cameras = await Promise.all(Array.from({ length: streams }, () => fakeCamera()));
  const relays: RtspRelay[] = [];
  const ports: number[] = [];
  for (const cam of cameras) {
    if (!throughRelay) ports.push(cam.port);
    else {
      const relay = new RtspRelay({ cameraId: 'bench', cameraHost: '127.0.0.1', cameraPort: cam.port, handshakeTimeoutMs: 5000 });
      await relay.listen();
      relays.push(relay);
      ports.push(relay.port);
    }
  }
  const readers = ports.map((p) => reader(p));
  await new Promise((r) => setTimeout(r, 1000));
  const bytes0 = readers.reduce((n, r) => n + r.bytes(), 0);
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cpu = process.cpuUsage(cpu0);
  const ms = Date.now() - t0;
  const bytes = readers.reduce((n, r) => n + r.bytes(), 0) - bytes0;
  for (const r of readers) r.socket.destroy();
  await Promise.all(relays.map((r) => r.close()));
  for (const c of cameras) c.close();
  return { cpuPercent: ((cpu.user + cpu.system) / 1000 / ms) * 100, mbitPerStream: (bytes * 8) / (ms / 1000) / 1e6 / streams };
}

void (async () => {
  const direct = await run(false);
  const relayed = await run(true);
  const perStream = (relayed.cpuPercent - direct.cpuPercent) / streams;
  console.log(
    `${streams} streams at ${relayed.mbitPerStream.toFixed(2)} Mbit/s each, ${seconds} s: ` +
      `direct ${direct.cpuPercent.toFixed(2)} % of a core, relayed ${relayed.cpuPercent.toFixed(2)} %; ` +
      `the relay costs ${perStream.toFixed(2)} % of a core per stream`,
  );
  process.exit(0);
})();
