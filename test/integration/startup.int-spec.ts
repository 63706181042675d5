import { spawn } from 'node:child_process';
import { NestFactory } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { QUEUES } from '@wardwatch/queue';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { createTestDatabase } from '../support/test-database';
import { REPO_ROOT, workerConfig } from '../support/test-environment';
import { PrivateRedis } from '../support/private-redis';

/** Runs an app's real entry point as its own process and collects what it prints. */
function run(entry: string, env: Record<string, string>, options: { args?: string[]; stdin?: string; timeoutMs?: number } = {}) {
  const { args = [], stdin, timeoutMs = 25_000 } = options;
  return new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', entry, ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env },
    });
    child.stdin.end(stdin ?? '');
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('start-up refuses a bad configuration, naming each variable', () => {
  it('api: bad port and short JWT secret', async () => {
    const { code, stderr, stdout } = await run('apps/api/src/main.ts', { API_PORT: 'abc', JWT_SECRET: 'short' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/Invalid configuration/);
    expect(stderr).toMatch(/API_PORT: must be a TCP port number/);
    expect(stderr).toMatch(/JWT_SECRET: must be at least 32 characters/);
    expect(stdout).not.toMatch(/listening/);
  });

  it('worker: a Redis URL that is not redis://', async () => {
    const { code, stderr } = await run('apps/worker/src/main.ts', { REDIS_URL: 'http://127.0.0.1:6379' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/REDIS_URL: must be a redis:\/\/ URL/);
  });

  it('an env file that does not exist', async () => {
    const { code, stderr } = await run('apps/api/src/main.ts', { WARDWATCH_ENV_FILE: 'config/nope.env' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/WARDWATCH_ENV_FILE points at .*config\/nope\.env, which does not exist/);
  });
});

describe('create-admin CLI', () => {
  it('creates the first admin (scrypt hash, audited as the system), then the second bootstrap admin, and refuses a third', async () => {
    const db = await createTestDatabase();
    try {
      const args = ['create-admin', '--email', 'First.Admin@Ward.Example', '--name', 'First Admin'];
      const first = await run('apps/api/src/cli.ts', { DATABASE_URL: db.appUrl }, { args, stdin: 'a-strong-password-1\n' });
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/created admin first\.admin@ward\.example/);
      const { rows } = await db.owner.query(`SELECT role, status, password_hash FROM users`);
      expect(rows).toEqual([{ role: 'admin', status: 'active', password_hash: expect.stringMatching(/^scrypt\$/) }]);
      const audit = await db.owner.query(`SELECT action, actor_role FROM audit_entries`);
      expect(audit.rows).toEqual([{ action: 'account.created', actor_role: 'system' }]);

      // Separation of duties needs a second admin to confirm the first one's staff accounts: the CLI makes it too.
      const another = (email: string) =>
        run(
          'apps/api/src/cli.ts',
          { DATABASE_URL: db.appUrl },
          { args: ['create-admin', '--email', email, '--name', 'Other'], stdin: 'a-strong-password-2\n' },
        );
      const second = await another('second@ward.example');
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(/created admin second@ward\.example/);
      const third = await another('third@ward.example');
      expect(third.code).toBe(1);
      expect(third.stderr).toMatch(
        /has 2 admin accounts; further admins are created by an admin \(POST \/users\) and confirmed by a second admin/,
      );

      const short = await run('apps/api/src/cli.ts', { DATABASE_URL: db.appUrl }, { args, stdin: 'short\n' });
      expect(short.code).toBe(2);
      expect(short.stderr).toMatch(/at least 10 characters/);
    } finally {
      await db.drop();
    }
    // Four CLI processes, each compiling with ts-node: about 16 s on a busy 2-core machine.
  }, 60_000);
});

describe('worker', () => {
  it('boots without HTTP, schedules the audit chain check and runs it through BullMQ', async () => {
    const db = await createTestDatabase();
    const redis = await PrivateRedis.start();
    const app = await NestFactory.createApplicationContext(
      WorkerModule.forRoot(workerConfig({ DATABASE_URL: db.appUrl, REDIS_URL: redis.url })),
      { logger: false },
    );
    try {
      await app.init();
      const queue = app.get<Queue>(getQueueToken(QUEUES.integrity));
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => s.key)).toContain('audit-chain-verify');

      await queue.add('audit-chain.verify', { requestedBy: 'admin' }, { jobId: 'verify-now' });
      const deadline = Date.now() + 10_000;
      let rows: { details: { ok: boolean; requestedBy: string } }[] = [];
      while (Date.now() < deadline) {
        rows = (await db.owner.query(`SELECT details FROM audit_entries WHERE action = 'audit.verified'`)).rows;
        if (rows.some((r) => r.details.requestedBy === 'admin')) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(rows.find((r) => r.details.requestedBy === 'admin')?.details.ok).toBe(true);
    } finally {
      await app.close();
      await redis.stop();
      await db.drop();
    }
  });
});
