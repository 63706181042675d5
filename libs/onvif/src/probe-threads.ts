import { join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { DestinationCheck } from './guarded-agent';
import { ProbeError, type ProbeFailure, type ProbeResult, type ProbeTarget } from './onvif-probe';

export interface ProbeJob {
  target: ProbeTarget;
  idleTimeoutMs: number;
}

export type ProbeReply = { ok: true; result: ProbeResult } | { ok: false; failure: ProbeFailure; message: string };

/** What a probe thread says once its code is loaded, before any job. */
export const PROBE_THREAD_READY = 'probe-thread-ready';

/**
 * How long a new thread may take to load its code (under ts-node it compiles TypeScript). Not part
 * of the probe's deadline, which bounds what a camera can make us do, not our own start-up.
 */
const THREAD_START_LIMIT_MS = 60_000;

export interface ProbeLimits {
  /** Silence allowed on one request before it fails (ONVIF_TIMEOUT_MS). */
  idleTimeoutMs: number;
  /** The whole probe, every request and all reply handling, ends by then (ONVIF_PROBE_DEADLINE_MS). */
  deadlineMs: number;
  /** Probes running at once in this process (ONVIF_PROBE_MAX_CONCURRENT); more are refused as busy. */
  maxConcurrent: number;
}

/**
 * Memory of one probe thread. A probe keeps a few replies of at most MAX_PROBE_REPLY_BYTES; the
 * limit is there so that a reply crafted to blow up the client's parsing ends the thread, not the
 * API. (Under ts-node, in development and tests, the thread also holds the TypeScript compiler.)
 */
const THREAD_LIMITS: WorkerOptions['resourceLimits'] = { maxOldGenerationSizeMb: 192, maxYoungGenerationSizeMb: 32 };

function startProbeThread(): Worker {
  const options: WorkerOptions = { resourceLimits: THREAD_LIMITS };
  if (__filename.endsWith('.js')) return new Worker(join(__dirname, 'probe-thread.js'), options);
  // Running from TypeScript sources (tests, ts-node): the thread compiles its files the same way.
  const entry = JSON.stringify(join(__dirname, 'probe-thread.ts'));
  // A process started with `-r ts-node/register` passes that on to the thread (execArgv): register only once.
  const register = `if (!process[Symbol.for('ts-node.register.instance')]) require('ts-node').register({ transpileOnly: true });`;
  // Module resolution is per thread: the @wardwatch/* aliases (mapped by jest or tsconfig-paths in
  // the parent) must be registered again here. Built code has them rewritten to relative paths.
  const paths = `{ const tp = require('tsconfig-paths'); const c = tp.loadConfig(${JSON.stringify(__dirname)}); if (c.resultType === 'success') tp.register({ baseUrl: c.absoluteBaseUrl, paths: c.paths }); }`;
  return new Worker(`${register} ${paths} require(${entry});`, { ...options, eval: true });
}

/**
 * Probes cameras in worker threads, so that nothing a camera sends can block the API's event loop:
 * the `onvif` client runs a quadratic regular expression over every reply (F2 of the 2026-12
 * review), and parsing is synchronous. Each probe has a hard deadline; at the deadline its thread
 * is terminated, which also destroys its sockets (a camera trickling one byte at a time cannot
 * hold it open). At most `maxConcurrent` probes run at once; more are refused with `busy`, so one
 * resident cannot pile up probe threads. Idle threads are kept (unreferenced) for the next probe.
 */
export class OnvifProbe {
  private readonly idle: Worker[] = [];
  private readonly busy = new Set<Worker>();
  private running = 0;
  private closed = false;

  constructor(private readonly limits: ProbeLimits) {}

  /** `checkDestination` is the camera network policy; the target's address must pass it (the thread then pins every socket to it). */
  async probe(target: ProbeTarget, checkDestination: DestinationCheck): Promise<ProbeResult> {
    const refusal = checkDestination(target.address);
    if (refusal) throw new ProbeError('forbidden_address', `refused to connect to ${target.address}: ${refusal}`);
    if (this.closed) throw new ProbeError('busy', 'the service is shutting down; try again in a minute');
    if (this.running >= this.limits.maxConcurrent) {
      throw new ProbeError('busy', `${this.running} camera probes are already running; try again in a minute`);
    }
    this.running++;
    try {
      const reply = await this.runInThread({ target, idleTimeoutMs: this.limits.idleTimeoutMs });
      if (!reply.ok) throw new ProbeError(reply.failure, reply.message);
      return reply.result;
    } finally {
      this.running--;
    }
  }

  /** Probes running now (for tests and metrics). */
  get active(): number {
    return this.running;
  }

  /** Threads whose code has loaded (they said PROBE_THREAD_READY); a probe's deadline starts only then. */
  private readonly started = new WeakMap<Worker, Promise<void>>();

  private startThread(): Worker {
    const thread = startProbeThread();
    this.started.set(
      thread,
      new Promise<void>((resolve, reject) => {
        const done = (error?: Error) => {
          clearTimeout(timer);
          thread.off('message', onReady);
          thread.off('exit', onExit);
          if (error) reject(error);
          else resolve();
        };
        const onReady = (message: unknown) => message === PROBE_THREAD_READY && done();
        const onExit = () => done(new ProbeError('busy', 'the probe could not start; try again in a minute'));
        const timer = setTimeout(() => {
          void thread.terminate();
          done(new ProbeError('busy', 'the probe could not start in time (the server is overloaded); try again in a minute'));
        }, THREAD_START_LIMIT_MS);
        thread.on('message', onReady);
        thread.once('exit', onExit);
      }),
    );
    // A thread that fails or ends while idle is dropped (and an 'error' with no listener would
    // throw in the API); one that fails during a probe is also handled by that probe's listeners.
    thread.on('error', () => undefined);
    thread.once('exit', () => {
      const i = this.idle.indexOf(thread);
      if (i >= 0) this.idle.splice(i, 1);
    });
    return thread;
  }

  private async runInThread(job: ProbeJob): Promise<ProbeReply> {
    const thread = this.idle.pop() ?? this.startThread();
    thread.ref();
    this.busy.add(thread);
    try {
      await this.started.get(thread);
    } catch (error) {
      this.busy.delete(thread);
      void thread.terminate();
      throw error;
    }
    return new Promise<ProbeReply>((resolve, reject) => {
      const deadlineMs = this.limits.deadlineMs;
      const finish = (keep: boolean) => {
        clearTimeout(timer);
        this.busy.delete(thread);
        thread.off('message', onMessage);
        thread.off('error', onError);
        thread.off('exit', onExit);
        if (keep && !this.closed) {
          thread.unref();
          this.idle.push(thread);
        } else {
          void thread.terminate();
        }
      };
      const onMessage = (reply: ProbeReply) => {
        finish(true);
        resolve(reply);
      };
      const onError = (error: Error) => {
        finish(false);
        reject(new ProbeError('malformed_reply', `the camera's replies could not be processed (${error.message.slice(0, 200)})`));
      };
      const onExit = () => {
        finish(false);
        reject(
          this.closed
            ? new ProbeError('busy', 'the service is shutting down; try again in a minute')
            : new ProbeError('malformed_reply', "the probe thread ended while reading the camera's replies"),
        );
      };
      const timer = setTimeout(() => {
        finish(false);
        reject(
          new ProbeError(
            'timeout',
            `the camera did not finish answering within ${Math.round(deadlineMs / 1000)} s; check that it is an ONVIF camera and not overloaded`,
          ),
        );
      }, deadlineMs);
      thread.on('message', onMessage);
      thread.once('error', onError);
      thread.once('exit', onExit);
      thread.postMessage(job);
    });
  }

  /** Ends every probe thread, idle or running (a running probe is answered busy), so shutdown does not wait for a camera. */
  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.idle.splice(0), ...this.busy].map((t) => t.terminate()));
  }
}
