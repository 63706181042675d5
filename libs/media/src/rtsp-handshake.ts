import { redactCredentials } from './ffmpeg-arguments';

/**
 * The RTSP handshake between ffmpeg and a camera, read message by message so the relay can refuse
 * what ffmpeg would obey: ffmpeg's RTSP demuxer follows a 3xx answer (to OPTIONS, DESCRIBE, SETUP
 * or PLAY) to any host, and has no option to stop it. Pure: bytes in, verdicts out.
 *
 * Framing (RFC 2326): a message is a start line, header lines and an empty line (CRLF or bare LF,
 * as ffmpeg accepts both), then Content-Length bytes of body. Interleaved data is "$", a channel
 * byte and a 16-bit length. After the PLAY answer only data follows, and the relay stops looking.
 */

export interface HandshakeLimits {
  /** Start line and headers of one message. */
  maxHeaderBytes: number;
  /** One body (an SDP is a few hundred bytes). */
  maxBodyBytes: number;
}

export const DEFAULT_HANDSHAKE_LIMITS: Readonly<HandshakeLimits> = Object.freeze({ maxHeaderBytes: 16 * 1024, maxBodyBytes: 64 * 1024 });

export interface RtspMessage {
  /** "RTSP/1.0 200 OK" or "DESCRIBE rtsp://… RTSP/1.0". */
  startLine: string;
  /** Header names lower-cased; a repeated header keeps its last value. */
  headers: Map<string, string>;
}

type Frame = { kind: 'message'; message: RtspMessage; bytes: number } | { kind: 'data'; bytes: number };

/** A refusal: the relay closes both sides and reports `reason`. */
export class HandshakeRefusal extends Error {
  override name = 'HandshakeRefusal';
}

/** What may be shown of camera-supplied text: printable, short, credentials masked. */
export function printable(text: string, max = 160): string {
  return redactCredentials(text.replace(/[^\x20-\x7e]/g, '?')).slice(0, max);
}

/**
 * Splits the next complete frame off `buffer` (undefined: more bytes needed). Throws a refusal for
 * what cannot be framed within the limits.
 */
export function nextFrame(buffer: Buffer, limits: HandshakeLimits): Frame | undefined {
  if (buffer.length === 0) return undefined;
  if (buffer[0] === 0x24) {
    if (buffer.length < 4) return undefined;
    const bytes = 4 + buffer.readUInt16BE(2);
    return buffer.length >= bytes ? { kind: 'data', bytes } : undefined;
  }
  // The header ends at the first empty line.
  let headerEnd = -1;
  let bodyStart = -1;
  for (let i = buffer.indexOf(0x0a); i !== -1; i = buffer.indexOf(0x0a, i + 1)) {
    if (i >= limits.maxHeaderBytes) break;
    if (buffer[i + 1] === 0x0a) {
      headerEnd = i;
      bodyStart = i + 2;
      break;
    }
    if (buffer[i + 1] === 0x0d && buffer[i + 2] === 0x0a) {
      headerEnd = i;
      bodyStart = i + 3;
      break;
    }
    if (buffer[i + 1] === undefined || (buffer[i + 1] === 0x0d && buffer[i + 2] === undefined)) return undefined;
  }
  if (headerEnd === -1) {
    if (buffer.length > limits.maxHeaderBytes)
      throw new HandshakeRefusal(`an RTSP message header longer than ${limits.maxHeaderBytes} bytes`);
    return undefined;
  }
  const lines = buffer
    .subarray(0, headerEnd)
    .toString('latin1')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''));
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new HandshakeRefusal(`a malformed RTSP header line ${JSON.stringify(printable(line, 80))}`);
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const length = headers.get('content-length');
  let body = 0;
  if (length !== undefined) {
    if (!/^[0-9]{1,9}$/.test(length)) throw new HandshakeRefusal(`a malformed Content-Length ${JSON.stringify(printable(length, 40))}`);
    body = Number(length);
    if (body > limits.maxBodyBytes) throw new HandshakeRefusal(`an RTSP body of ${body} bytes (at most ${limits.maxBodyBytes})`);
  }
  const bytes = bodyStart + body;
  if (buffer.length < bytes) return undefined;
  return { kind: 'message', message: { startLine: lines[0], headers }, bytes };
}

/** Reads ffmpeg's requests during the handshake: which CSeq is a PLAY. */
export class RequestReader {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly playCSeqs = new Set<string>();

  constructor(private readonly limits: HandshakeLimits = DEFAULT_HANDSHAKE_LIMITS) {}

  isPlay(cseq: string | undefined): boolean {
    return cseq !== undefined && this.playCSeqs.has(cseq);
  }

  /** Feeds bytes ffmpeg sent; they are forwarded unchanged (ffmpeg is ours), only read. */
  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (let frame = nextFrame(this.buffer, this.limits); frame; frame = nextFrame(this.buffer, this.limits)) {
      if (frame.kind === 'message') {
        const method = /^([A-Z_]+) \S+ RTSP\/1\.0$/.exec(frame.message.startLine)?.[1];
        if (!method) throw new HandshakeRefusal(`ffmpeg sent something that is not an RTSP request`);
        const cseq = frame.message.headers.get('cseq');
        if (method === 'PLAY' && cseq !== undefined) this.playCSeqs.add(cseq);
      }
      this.buffer = this.buffer.subarray(frame.bytes);
    }
  }
}

export type ResponseVerdict =
  /** Forward `forward`; the handshake goes on. */
  | { done: false; forward: Buffer }
  /** The PLAY answer is in `forward` (with anything after it): from here on, plain piping. */
  | { done: true; forward: Buffer };

/**
 * Reads the camera's side of the handshake and passes on only complete messages it has checked:
 * RTSP/1.0 answers that are not redirects, with interleaved-TCP transports only. A request from
 * the camera (REDIRECT, ANNOUNCE, …) before PLAY is refused too: nothing a camera says may move
 * the connection.
 */
export class ResponseInspector {
  private buffer: Buffer = Buffer.alloc(0);

  constructor(
    private readonly isPlay: (cseq: string | undefined) => boolean,
    private readonly limits: HandshakeLimits = DEFAULT_HANDSHAKE_LIMITS,
  ) {}

  /** Feeds bytes from the camera; throws HandshakeRefusal (with the reason) for what must not reach ffmpeg. */
  push(chunk: Buffer): ResponseVerdict {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    let checked = 0;
    for (
      let frame = nextFrame(this.buffer.subarray(checked), this.limits);
      frame;
      frame = nextFrame(this.buffer.subarray(checked), this.limits)
    ) {
      checked += frame.bytes;
      if (frame.kind === 'data') continue;
      if (this.check(frame.message)) {
        const forward = this.buffer;
        this.buffer = Buffer.alloc(0);
        return { done: true, forward };
      }
    }
    const forward = this.buffer.subarray(0, checked);
    this.buffer = this.buffer.subarray(checked);
    return { done: false, forward };
  }

  /** Refuses a message that must not reach ffmpeg; true when it is the successful PLAY answer. */
  private check(message: RtspMessage): boolean {
    const status = /^RTSP\/1\.0 ([0-9]{3})(?: |$)/.exec(message.startLine);
    if (!status) {
      const request = /^([A-Z_]+) (\S+) RTSP\/1\.0$/.exec(message.startLine);
      if (request) {
        const where = request[1] === 'REDIRECT' ? ` to ${printable(message.headers.get('location') ?? request[2])}` : '';
        throw new HandshakeRefusal(`the camera sent a ${request[1]} request${where} during the RTSP handshake`);
      }
      throw new HandshakeRefusal(
        `the camera's port did not answer as an RTSP server (${JSON.stringify(printable(message.startLine, 60))})`,
      );
    }
    const code = Number(status[1]);
    if (code >= 300 && code < 400) {
      const location = message.headers.get('location');
      throw new HandshakeRefusal(
        `the camera tried to redirect the stream (RTSP ${code}) to ${location === undefined ? 'an unnamed address' : printable(location)}`,
      );
    }
    const transport = message.headers.get('transport');
    if (transport !== undefined && !/^RTP\/AVPF?\/TCP(?:;[^,]*)?$/i.test(transport)) {
      throw new HandshakeRefusal(`the camera offered a transport other than RTP over the RTSP connection (${printable(transport, 80)})`);
    }
    return code >= 200 && code < 300 && this.isPlay(message.headers.get('cseq'));
  }
}
