import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { DEFAULT_HANDSHAKE_LIMITS, HandshakeRefusal, RequestReader, ResponseInspector, type HandshakeLimits } from './rtsp-handshake';
import { buildRtspUri } from './stream-uri';

export interface RtspRelayOptions {
  /** The camera's pinned IP address (already checked against the camera networks) and RTSP port. */
  cameraHost: string;
  cameraPort: number;
  /** From ffmpeg's connection to the PLAY answer; a camera that stalls the handshake is cut off. */
  handshakeTimeoutMs: number;
  limits?: HandshakeLimits;
  /** For log lines only. */
  cameraId: string;
}

/**
 * ffmpeg follows RTSP redirects to any host and has no option to stop it, and the protocol
 * whitelist limits protocols, not hosts. So ffmpeg never talks to the camera directly: it opens
 * this relay on 127.0.0.1 (an ephemeral port, one connection at a time), and the relay alone
 * connects, to the pinned camera IP and port and nowhere else. Until the camera answers PLAY the
 * relay reads both directions and passes on only checked messages: a 3xx, a request from the
 * camera or a non-TCP transport closes both sides, and `lastFailure` says why. After PLAY it is
 * plain socket piping (no parsing per packet: buffering CPU stays that of a copy).
 *
 * ffmpeg's request bytes (which carry its Authorization header) are never logged.
 */
export class RtspRelay {
  private readonly logger = new Logger(RtspRelay.name);
  private server?: Server;
  private active?: { client: Socket; camera: Socket };
  /**
   * Why the last connection to the camera failed, as an operator should read it: the relay refused
   * the handshake, or the camera could not be reached (null: a later handshake succeeded). ffmpeg
   * itself sees only a closed connection.
   */
  lastFailure: string | null = null;
  /** Handshakes the relay refused (for tests and metrics). */
  refusals = 0;

  constructor(private readonly options: RtspRelayOptions) {}

  /** Starts listening on 127.0.0.1 (ephemeral port); resolves with the port. */
  async listen(): Promise<number> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return this.port;
  }

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  /** The URL ffmpeg opens: the relay, with the camera's path and ffmpeg's credentials for the camera. */
  url(pathAndQuery: string, credentials: { username: string; password: string }): string {
    return buildRtspUri({ host: '127.0.0.1', port: this.port, pathAndQuery }, credentials);
  }

  async close(): Promise<void> {
    this.active?.client.destroy();
    this.active?.camera.destroy();
    this.active = undefined;
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    // One recorder, one ffmpeg: a second connection is not ours.
    if (this.active) {
      client.destroy();
      return;
    }
    const camera = connect({ host: this.options.cameraHost, port: this.options.cameraPort });
    this.active = { client, camera };
    const requests = new RequestReader(this.options.limits ?? DEFAULT_HANDSHAKE_LIMITS);
    const responses = new ResponseInspector((cseq) => requests.isPlay(cseq), this.options.limits ?? DEFAULT_HANDSHAKE_LIMITS);
    let piping = false;

    const end = (refusal?: string) => {
      clearTimeout(timer);
      if (refusal) {
        this.lastFailure = refusal;
        this.refusals++;
        this.logger.warn(
          { cameraId: this.options.cameraId, reason: refusal },
          'RTSP relay refused the camera’s handshake; ffmpeg was cut off before it saw the answer',
        );
      }
      client.destroy();
      camera.destroy();
      if (this.active?.client === client) this.active = undefined;
    };
    const refuse = (error: unknown) =>
      end(error instanceof HandshakeRefusal ? error.message : `the RTSP handshake failed: ${String(error)}`);
    const timer = setTimeout(
      () => end(`the camera did not complete the RTSP handshake (PLAY) within ${this.options.handshakeTimeoutMs} ms`),
      this.options.handshakeTimeoutMs,
    );

    const fromClient = (chunk: Buffer) => {
      try {
        requests.push(chunk);
      } catch (error) {
        refuse(error);
        return;
      }
      camera.write(chunk);
    };
    const fromCamera = (chunk: Buffer) => {
      let verdict;
      try {
        verdict = responses.push(chunk);
      } catch (error) {
        refuse(error);
        return;
      }
      if (verdict.forward.length > 0) client.write(verdict.forward);
      if (verdict.done) startPiping();
    };
    const startPiping = () => {
      piping = true;
      clearTimeout(timer);
      this.lastFailure = null;
      client.off('data', fromClient);
      camera.off('data', fromCamera);
      client.pause();
      camera.pause();
      camera.pipe(client);
      client.pipe(camera);
    };

    client.on('data', fromClient);
    camera.on('data', fromCamera);
    client.on('error', () => end());
    camera.on('error', (error: NodeJS.ErrnoException) => {
      if (!piping) {
        const { cameraHost, cameraPort } = this.options;
        this.lastFailure = `the camera's RTSP port ${cameraHost}:${cameraPort} could not be reached (${error.code ?? error.message})`;
      }
      end();
    });
    client.on('close', () => end());
    camera.on('close', () => end());
  }
}
