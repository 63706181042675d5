import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './test-environment';
import { freePort } from './private-redis';

/**
 * An S3 store (s3rver) of the test's own, so that a test can stop and restart the store without
 * disturbing the machine's. Its data directory survives stop/start, as a real store's would.
 */
export class PrivateS3 {
  private process?: ChildProcess;
  readonly directory = mkdtempSync(join(tmpdir(), 'wardwatch-s3-'));
  constructor(readonly port: number) {}

  static async start(): Promise<PrivateS3> {
    const s3 = new PrivateS3(await freePort());
    await s3.start();
    return s3;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.process && this.process.exitCode === null && this.process.signalCode === null) return; // already running
    this.process = spawn(
      process.execPath,
      [
        join(REPO_ROOT, 'node_modules', 's3rver', 'bin', 's3rver.js'),
        '--directory',
        this.directory,
        '--address',
        '127.0.0.1',
        '--port',
        String(this.port),
        '--no-vhost-buckets',
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        const res = await fetch(this.url);
        if (res.status < 500) return;
      } catch {
        /* not yet listening */
      }
      if (Date.now() > deadline) throw new Error(`s3rver on port ${this.port} did not start`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    const p = this.process;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGKILL');
    });
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.directory, { recursive: true, force: true });
  }
}
