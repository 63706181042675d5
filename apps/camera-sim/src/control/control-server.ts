import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { InvalidFaultsError, validateFaultsPatch } from '../camera-faults';
import type { CustomNotification } from '../events/notification-messages';
import type { SimulatedCamera } from '../simulated-camera';
import { closeAbruptly, listenOn } from '../http-listener';

const MAX_BODY_BYTES = 64 * 1024;
const MAX_BURST = 1_000_000;

/** A control request that cannot be done as asked: answered with its status and message. */
class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** What the control API needs from the simulator. */
export interface ControlTarget {
  cameraList(): SimulatedCamera[];
  cameraOrUndefined(n: number): SimulatedCamera | undefined;
}

/** The JSON shape of one camera in the control API. */
export function cameraView(camera: SimulatedCamera) {
  return { ...camera.info(), online: camera.online, motion: camera.isMotion, faults: camera.faults, stats: camera.stats() };
}

/**
 * The HTTP control endpoint (JSON): list cameras, trigger motion and bursts, set faults, read
 * counters. It has no authentication, so it binds to loopback unless told otherwise.
 *
 * `:n` is a camera number, or `all` for the POST/DELETE routes (answered with one entry per camera).
 */
export class ControlServer {
  private server?: Server;

  constructor(private readonly target: ControlTarget) {}

  async listen(port: number, host: string): Promise<number> {
    const server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        const status = error instanceof ControlError ? error.status : error instanceof InvalidFaultsError ? 400 : 500;
        json(res, status, { error: error instanceof Error ? error.message : String(error) });
      });
    });
    const bound = await listenOn(server, port, host);
    this.server = server;
    return bound;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await closeAbruptly(server);
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0].replace(/\/+$/, '');
    const method = req.method ?? 'GET';
    if (method === 'GET' && path === '/health') return json(res, 200, { status: 'ok', cameras: this.target.cameraList().length });
    if (method === 'GET' && path === '/cameras') return json(res, 200, this.target.cameraList().map(cameraView));

    const m = /^\/cameras\/(all|\d+)(?:\/(motion|burst|notify|faults|stats|subscriptions|credentials))?$/.exec(path);
    if (!m) throw new ControlError(404, `no route ${method} ${path}`);
    const [, which, action] = m;
    const cameras = this.targets(which, method === 'GET');
    const body = method === 'POST' ? await readJson(req) : undefined;

    const key = `${method} ${action ?? ''}`;
    switch (key) {
      case 'GET ':
        return json(res, 200, cameraView(cameras[0]));
      case 'GET stats':
        return json(res, 200, cameras[0].stats());
      case 'POST motion': {
        const active = field(body, 'active');
        if (typeof active !== 'boolean') throw new ControlError(400, 'body must be {"active": true|false}');
        return reply(
          res,
          which,
          cameras.map((c) => ({ number: c.number, changed: c.setMotion(active), motion: c.isMotion })),
        );
      }
      case 'POST burst': {
        const count = field(body, 'count');
        const intervalMs = field(body, 'intervalMs') ?? 0;
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_BURST) {
          throw new ControlError(400, `count must be an integer from 1 to ${MAX_BURST}`);
        }
        if (typeof intervalMs !== 'number' || !Number.isInteger(intervalMs) || intervalMs < 0 || intervalMs > 3_600_000) {
          throw new ControlError(400, 'intervalMs must be an integer from 0 to 3600000');
        }
        // Not awaited: a paced burst may run for minutes. 202 says it has started; with intervalMs
        // 0 it is in fact already over (sent synchronously).
        for (const c of cameras) void c.burst(count, intervalMs);
        return reply(
          res,
          which,
          cameras.map((c) => ({ number: c.number, count, intervalMs, durationMs: count * 2 * intervalMs })),
          202,
        );
      }
      case 'POST notify': {
        const notifications = customNotifications(field(body, 'messages'));
        for (const c of cameras) c.notify(notifications);
        return reply(
          res,
          which,
          cameras.map((c) => ({ number: c.number, sent: notifications.length })),
        );
      }
      case 'POST faults': {
        const patch = validateFaultsPatch(body);
        const results = [];
        for (const c of cameras) results.push({ number: c.number, faults: await c.setFaults(patch) });
        return reply(res, which, results);
      }
      case 'DELETE faults': {
        const results = [];
        for (const c of cameras) results.push({ number: c.number, faults: await c.resetFaults() });
        return reply(res, which, results);
      }
      case 'DELETE subscriptions':
        return reply(
          res,
          which,
          cameras.map((c) => ({ number: c.number, dropped: c.dropSubscriptions() })),
        );
      case 'POST credentials': {
        const username = field(body, 'username');
        const password = field(body, 'password');
        if (
          (username !== undefined && (typeof username !== 'string' || !username)) ||
          (password !== undefined && typeof password !== 'string')
        ) {
          throw new ControlError(400, 'body must be {"username"?: string, "password"?: string}');
        }
        for (const c of cameras) c.setCredentials({ ...(username ? { username } : {}), ...(password !== undefined ? { password } : {}) });
        return reply(
          res,
          which,
          cameras.map((c) => ({ number: c.number, username: c.credentials.username })),
        );
      }
      default:
        throw new ControlError(405, `${method} is not allowed on ${path}`);
    }
  }

  private targets(which: string, single: boolean): SimulatedCamera[] {
    if (which === 'all') {
      if (single) throw new ControlError(400, 'GET needs one camera number; use GET /cameras for all');
      return this.target.cameraList();
    }
    const camera = this.target.cameraOrUndefined(Number(which));
    if (!camera) throw new ControlError(404, `no camera ${which} (cameras are numbered from 1 to ${this.target.cameraList().length})`);
    return [camera];
  }
}

const isItems = (v: unknown): v is Record<string, string> =>
  v === undefined || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string'));

/** `{"messages": [{"topic", "utcTime"?, "source"?, "data"?}]}`, checked: 1 to 100 messages, string items. */
function customNotifications(input: unknown): CustomNotification[] {
  if (!Array.isArray(input) || input.length < 1 || input.length > 100) {
    throw new ControlError(
      400,
      'body must be {"messages": [{"topic": string, "utcTime"?: string, "source"?: {}, "data"?: {}}]} (1 to 100)',
    );
  }
  return input.map((m: unknown, i) => {
    const topic = field(m, 'topic');
    const utcTime = field(m, 'utcTime');
    const source = field(m, 'source');
    const data = field(m, 'data');
    if (typeof topic !== 'string' || !topic) throw new ControlError(400, `messages[${i}].topic must be a non-empty string`);
    if (utcTime !== undefined && typeof utcTime !== 'string') throw new ControlError(400, `messages[${i}].utcTime must be a string`);
    if (!isItems(source) || !isItems(data)) throw new ControlError(400, `messages[${i}].source and .data must map names to strings`);
    return { topic, utcTime, source, data };
  });
}

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

/** One camera: its entry; `all`: the list. */
function reply(res: ServerResponse, which: string, results: object[], status = 200): void {
  json(res, status, which === 'all' ? results : results[0]);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  if (res.headersSent) return;
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new ControlError(413, `bodies are limited to ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ControlError(400, 'the body is not JSON');
  }
}
