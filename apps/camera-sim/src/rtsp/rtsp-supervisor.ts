import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { SimLogger } from '../logger';
import type { StreamControl } from '../simulated-camera';

export interface RtspOptions {
  /** Must have `gi` and GStreamer's RTSP server: Debian's /usr/bin/python3, not pyenv's. */
  python: string;
  host: string;
  /** 0: any free port (the bound one is reported by start()). */
  port: number;
  cameras: number;
  /** All mounts serve one media (one encoder) instead of one pipeline per camera. */
  shared: boolean;
  width: number;
  height: number;
  fps: number;
  logger: SimLogger;
}

/**
 * The launcher script, found from this file whether it runs from source (ts-node) or from
 * `dist/` (nest build): walk up to the directory that holds apps/camera-sim/rtsp.
 */
export function findRtspScript(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    for (const candidate of [join(dir, 'rtsp', 'rtsp-server.py'), join(dir, 'apps', 'camera-sim', 'rtsp', 'rtsp-server.py')]) {
      if (existsSync(candidate)) return candidate;
    }
    if (dirname(dir) === dir) throw new Error(`rtsp-server.py not found above ${from}`);
  }
}
const READY_TIMEOUT_MS = 15_000;
const COMMAND_TIMEOUT_MS = 5_000;
const RESTART_DELAY_MS = 1_000;

interface Pending {
  expect: string;
  resolve: () => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Runs GStreamer's RTSP server (rtsp/rtsp-server.py) as a child process and talks to it over
 * stdin/stdout, one line per command (`down camN`, `up camN`). It restarts the server if it dies
 * (on the same port, with the same mounts down) and kills it on stop. The script also exits when
 * its stdin closes, so a simulator that is killed outright leaves no orphan behind.
 */
export class RtspSupervisor implements StreamControl {
  private child?: ChildProcessWithoutNullStreams;
  private boundPort = 0;
  private stopping = false;
  private readonly down = new Set<number>();
  private pending: Pending[] = [];
  private restartTimer?: NodeJS.Timeout;
  private stderrTail = '';

  constructor(private readonly options: RtspOptions) {}

  get port(): number {
    return this.boundPort;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<number> {
    this.stopping = false;
    this.boundPort = await this.spawnServer(this.options.port);
    return this.boundPort;
  }

  async setStreamDown(camera: number, down: boolean): Promise<void> {
    if (down) this.down.add(camera);
    else this.down.delete(camera);
    await this.command(`${down ? 'down' : 'up'} cam${camera}`);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const child = this.child;
    this.child = undefined;
    this.failPending(new Error('the RTSP server is stopping'));
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), 3_000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  private spawnServer(port: number): Promise<number> {
    const o = this.options;
    const args = [
      findRtspScript(),
      '--port',
      String(port),
      '--address',
      o.host,
      '--cameras',
      String(o.cameras),
      '--width',
      String(o.width),
      '--height',
      String(o.height),
      '--fps',
      String(o.fps),
    ];
    if (o.shared) args.push('--shared');
    const child = spawn(o.python, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    this.stderrTail = '';
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-2000);
    });
    child.stdin.on('error', () => undefined); // EPIPE after the child died; the exit handler reports it

    return new Promise<number>((resolve, reject) => {
      let ready = false;
      const timer = setTimeout(() => {
        reject(new Error(`the RTSP server did not start within ${READY_TIMEOUT_MS} ms: ${this.stderrTail.trim()}`));
        child.kill('SIGKILL');
      }, READY_TIMEOUT_MS);
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (!ready) {
          const m = /^ready port=(\d+)$/.exec(line);
          if (m) {
            ready = true;
            clearTimeout(timer);
            resolve(Number(m[1]));
          } else if (line.startsWith('error')) {
            clearTimeout(timer);
            reject(new Error(`the RTSP server failed to start: ${line}`));
          }
          return;
        }
        this.onLine(line);
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`could not run ${o.python} (${error.message}); GStreamer's RTSP server needs /usr/bin/python3 with gi`));
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (!ready) {
          reject(new Error(`the RTSP server exited at start (${code ?? signal}): ${this.stderrTail.trim()}`));
          return;
        }
        if (this.child === child) this.child = undefined;
        this.failPending(new Error('the RTSP server exited'));
        if (!this.stopping) {
          o.logger.error(`RTSP server exited (${code ?? signal}); restarting in ${RESTART_DELAY_MS} ms: ${this.stderrTail.trim()}`);
          this.restartTimer = setTimeout(() => void this.restart(), RESTART_DELAY_MS);
        }
      });
    });
  }

  private async restart(): Promise<void> {
    if (this.stopping) return;
    try {
      await this.spawnServer(this.boundPort);
      for (const camera of this.down) await this.command(`down cam${camera}`);
      this.options.logger.info(`RTSP server restarted on port ${this.boundPort}`);
    } catch (error) {
      this.options.logger.error(`RTSP server restart failed: ${String(error)}`);
      if (!this.stopping) this.restartTimer = setTimeout(() => void this.restart(), RESTART_DELAY_MS * 5);
    }
  }

  private command(line: string): Promise<void> {
    const child = this.child;
    if (!child) return Promise.reject(new Error('the RTSP server is not running'));
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = this.pending.filter((p) => p.timer !== timer);
        reject(new Error(`the RTSP server did not answer "${line}"`));
      }, COMMAND_TIMEOUT_MS);
      this.pending.push({ expect: `ok ${line}`, resolve, reject, timer });
      child.stdin.write(`${line}\n`);
    });
  }

  private onLine(line: string): void {
    // Commands are answered in order, one line each.
    const next = this.pending.shift();
    if (!next) {
      this.options.logger.warn(`RTSP server: ${line}`);
      return;
    }
    clearTimeout(next.timer);
    if (line === next.expect) next.resolve();
    else next.reject(new Error(`the RTSP server answered "${line}" to "${next.expect.slice(3)}"`));
  }

  private failPending(error: Error): void {
    const pending = this.pending;
    this.pending = [];
    for (const p of pending) {
      clearTimeout(p.timer);
      p.reject(error);
    }
  }
}
