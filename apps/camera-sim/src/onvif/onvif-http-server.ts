import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HttpDigestVerifier } from '../soap/http-digest';
import { entityBombXml, hostileXml, malformedXml, truncatedXml } from '../soap/reply-corruptor';
import { Faults, SoapEnvelopeParser, SoapParseError, type SoapReply } from '../soap/soap-envelope';
import type { SimulatedCamera } from '../simulated-camera';
import { DeviceService } from './device-service';
import { ENTITY_ADDRESS_QUERY, EventService, SUBSCRIPTION_PATH_PREFIX, SubscriptionService } from './event-service';
import { MediaService } from './media-service';
import type { OnvifService, RequestContext } from './onvif-service';
import { SNAPSHOT_JPEG } from './snapshot';
import { closeAbruptly, listenOn } from '../http-listener';

/** Requests above this are refused with 413: ONVIF requests are a few KiB, and the cap bounds memory. */
export const MAX_REQUEST_BYTES = 64 * 1024;

class BodyTooLargeError extends Error {}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One camera's ONVIF endpoint: an HTTP server on the camera's own port, so that "offline" can
 * really refuse connections (the listener closes) without touching the other cameras. It reads
 * and caps the body, checks WS-Security, routes by path to the service, and applies the reply
 * faults (delay, malformed, truncated, entity bomb) that are in force when the reply is sent.
 */
export class OnvifHttpServer {
  private server?: Server;
  private readonly parser = new SoapEnvelopeParser();
  private readonly services: Record<string, OnvifService>;
  private readonly subscriptionService: SubscriptionService;
  private readonly digest: HttpDigestVerifier;

  constructor(
    private readonly camera: SimulatedCamera,
    private readonly bindHost: string,
    /** Host to put in addresses handed back; default: the address the client reached. */
    private readonly advertiseHost?: string,
  ) {
    this.services = {
      '/onvif/device_service': new DeviceService(camera),
      '/onvif/media_service': new MediaService(camera),
      // Not the conventional /onvif/event_service, as on several real cameras: clients must use the advertised XAddr.
      '/onvif/Events': new EventService(camera),
    };
    this.subscriptionService = new SubscriptionService(camera);
    this.digest = new HttpDigestVerifier(`wardwatch-sim-cam${camera.number}`);
  }

  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  /** Listens on `port` (0: any free port) and returns the port. */
  async listen(port: number): Promise<number> {
    const server = createServer((req, res) => {
      this.onRequest(req, res).catch((error: unknown) => {
        this.camera.logger.error(`camera ${this.camera.number}: request failed: ${String(error)}`);
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
    });
    // Long-polls may legitimately last minutes; Node's default 300 s request timeout would cut them.
    server.requestTimeout = 0;
    server.keepAliveTimeout = 10_000;
    const bound = await listenOn(server, port, this.bindHost);
    this.server = server;
    return bound;
  }

  /** Stops listening and cuts every open connection (held long-polls included), like a camera losing power. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await closeAbruptly(server);
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.camera.countRequest();
    const [path, query = ''] = (req.url ?? '/').split('?', 2);
    const delayMs = this.camera.faults.delayMs;
    if (delayMs > 0) await sleep(delayMs);

    if (req.method === 'GET' && path === '/onvif/snapshot.jpg') {
      this.sendSnapshot(req, res);
      return;
    }
    const service = path.startsWith(SUBSCRIPTION_PATH_PREFIX) ? this.subscriptionService : this.services[path];
    if (!service) {
      req.resume();
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not an ONVIF service path\n');
      return;
    }
    if (req.method !== 'POST') {
      req.resume();
      res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain' }).end('ONVIF services take SOAP over POST\n');
      return;
    }

    const eventSide = service === this.services['/onvif/Events'] || service === this.subscriptionService;
    if (eventSide && this.camera.faults.entityAddresses && query !== ENTITY_ADDRESS_QUERY) {
      req.resume();
      res
        .writeHead(404, { 'content-type': 'text/plain' })
        .end(`this service is at ?${ENTITY_ADDRESS_QUERY} (the address was written with &amp;; was it decoded?), not ?${query}\n`);
      return;
    }

    let text: string;
    try {
      text = await readBody(req, MAX_REQUEST_BYTES);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      res
        .writeHead(413, { 'content-type': 'text/plain', connection: 'close' })
        .end(`request bodies are limited to ${MAX_REQUEST_BYTES} bytes\n`);
      req.destroy();
      return;
    }

    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    // The httpDigest fault: the event side asks for HTTP Digest instead of WS-Security.
    const digestOnly = eventSide && this.camera.faults.httpDigest;
    if (digestOnly && !this.digest.verify(req.headers.authorization, req.method, req.url ?? '/', this.camera.credentials)) {
      if (req.headers.authorization) {
        this.camera.countAuthFailure();
        this.camera.logger.warn(`camera ${this.camera.number}: refused an HTTP Digest answer on ${path}`);
      }
      // As IP cameras answer it: an HTML page, not a SOAP fault, so only the status and the challenge say what is wanted.
      res
        .writeHead(401, { 'www-authenticate': this.digest.challenges(), 'content-type': 'text/html' })
        .end('<html><head><title>401 Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>\n');
      return;
    }
    const reply = await this.handleSoap(
      text,
      service,
      {
        authority: this.authority(req),
        path,
        signal: controller.signal,
      },
      digestOnly,
    );
    if (res.destroyed) return;
    this.send(res, reply);
  }

  private async handleSoap(text: string, service: OnvifService, context: RequestContext, httpAuthenticated: boolean): Promise<SoapReply> {
    let request;
    try {
      request = this.parser.parse(text);
    } catch (error) {
      if (error instanceof SoapParseError) return Faults.badRequest(error.message);
      throw error;
    }
    // GetSystemDateAndTime answers without credentials: clients need the camera clock to build
    // the digest's Created value in the first place (ONVIF Core, "pre-auth" operations).
    const preAuth = request.action === 'GetSystemDateAndTime' && service === this.services['/onvif/device_service'];
    if (!preAuth && !httpAuthenticated) {
      const auth = this.camera.verifier.verify(request.header, this.camera.credentials, this.camera.nowMs());
      if (!auth.ok) {
        this.camera.countAuthFailure();
        this.camera.logger.warn(`camera ${this.camera.number}: refused ${request.action}: ${auth.reason}`);
        return Faults.notAuthorized();
      }
    }
    return service.handle(request, context);
  }

  private send(res: ServerResponse, reply: SoapReply): void {
    // Faults are read at send time, so one set while a long-poll is held applies to its answer.
    const faults = this.camera.faults;
    let xml = reply.xml;
    if (faults.entityBomb) xml = entityBombXml(xml);
    if (faults.malformed) xml = malformedXml(xml);
    if (faults.truncated) xml = truncatedXml(xml);
    if (faults.hostileReplyBytes > 0) xml = hostileXml(xml, faults.hostileReplyBytes);
    const body = Buffer.from(xml, 'utf8');
    res.writeHead(reply.status, {
      ...reply.headers,
      'content-type': 'application/soap+xml; charset=utf-8',
      'content-length': body.length,
    });
    if (faults.trickleMs > 0) trickle(res, body, faults.trickleMs);
    else res.end(body);
  }

  /**
   * The snapshot, behind HTTP Digest as real cameras keep it (the camera's ONVIF user), with the
   * snapshot faults applied: too big, not a JPEG, a redirect elsewhere, or a slow drip.
   */
  private sendSnapshot(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    if (!this.digest.verify(req.headers.authorization, 'GET', req.url ?? '/', this.camera.credentials)) {
      if (req.headers.authorization) this.camera.countAuthFailure();
      res
        .writeHead(401, { 'www-authenticate': this.digest.challenges(), 'content-type': 'text/html' })
        .end('<html><body>401</body></html>\n');
      return;
    }
    const faults = this.camera.faults;
    if (faults.snapshotRedirect !== null) {
      res.writeHead(302, { location: faults.snapshotRedirect, 'content-length': 0 }).end();
      return;
    }
    switch (faults.snapshot) {
      case 'huge': {
        // No Content-Length: the client must count what arrives.
        res.writeHead(200, { 'content-type': 'image/jpeg' });
        res.write(SNAPSHOT_JPEG.subarray(0, 4));
        const chunk = Buffer.alloc(64 * 1024);
        let left = 128;
        const more = () => {
          while (left > 0 && !res.destroyed) {
            left--;
            if (!res.write(chunk)) return void res.once('drain', more);
          }
          if (!res.destroyed) res.end();
        };
        more();
        return;
      }
      case 'not_jpeg': {
        const page = Buffer.from('<html><head><title>Camera</title></head><body>Please log in</body></html>\n');
        res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': page.length }).end(page);
        return;
      }
      case 'drip':
        res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': SNAPSHOT_JPEG.length });
        trickle(res, SNAPSHOT_JPEG, 200);
        return;
      case 'unsupported': // GetSnapshotUri says so; the URL itself still answers, as on cameras that hide it
      case null:
        res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': SNAPSHOT_JPEG.length }).end(SNAPSHOT_JPEG);
    }
  }

  private authority(req: IncomingMessage): string {
    let host = this.advertiseHost ?? req.socket.localAddress ?? '127.0.0.1';
    if (host.startsWith('::ffff:')) host = host.slice(7);
    if (host.includes(':') && !host.startsWith('[')) host = `[${host}]`;
    return `${host}:${req.socket.localPort ?? this.camera.port}`;
  }
}

/** The trickling fault: one byte every `everyMs`, until the reply is sent or the client goes away. */
function trickle(res: ServerResponse, body: Buffer, everyMs: number): void {
  let sent = 0;
  const next = () => {
    if (res.destroyed) return;
    if (sent >= body.length) {
      res.end();
      return;
    }
    res.write(body.subarray(sent, sent + 1));
    sent++;
    setTimeout(next, everyMs).unref();
  };
  next();
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new BodyTooLargeError());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.pause();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
