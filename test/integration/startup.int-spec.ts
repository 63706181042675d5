import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { parseEnv } from 'node:util';
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
  // Generous: the process compiles and loads the whole app before it reads its configuration, and
  // under CI's load (other suites beside this one) that once took over 25 s.
  const { args = [], stdin, timeoutMs = 55_000 } = options;
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
  jest.setTimeout(60_000);
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

  it('api in production: the committed development secrets and a catch-all camera network are refused', async () => {
    const dev = parseEnv(readFileSync(`${REPO_ROOT}/config/development.env`, 'utf8'));
    const { code, stderr, stdout } = await run('apps/api/src/main.ts', {
      ...(dev as Record<string, string>),
      NODE_ENV: 'production',
      CAMERA_ALLOW_LOOPBACK: 'false',
      CAMERA_NETWORKS: '0.0.0.0/0',
    });
    expect(code).toBe(1);
    for (const name of ['JWT_SECRET', 'METRICS_TOKEN', 'CREDENTIALS_KEY', 'S3_SECRET_KEY']) {
      expect(stderr).toMatch(new RegExp(`${name}: is a value committed to the repository.*openssl rand`));
    }
    expect(stderr).toMatch(/CAMERA_NETWORKS: 0\.0\.0\.0\/0 is far too broad/);
    expect(stdout).not.toMatch(/listening/);
  });

  it('a built start without NODE_ENV refuses rather than loading config/development.env', () => {
    // Compile the config library as the image does and start it from the repository root, where
    // config/development.env exists.
    const out = `${REPO_ROOT}/.data/built-config-${process.pid}`;
    try {
      execFileSync(process.execPath, [
        `${REPO_ROOT}/node_modules/typescript/bin/tsc`,
        ...['--outDir', out, '--module', 'commonjs', '--target', 'es2022', '--experimentalDecorators', '--emitDecoratorMetadata'],
        ...['--skipLibCheck', '--strictPropertyInitialization', 'false', `${REPO_ROOT}/libs/config/src/index.ts`],
      ]);
      const start = (env: Record<string, string>) =>
        spawnSync(
          process.execPath,
          ['-e', `require('reflect-metadata'); const c = require('${out}'); c.loadConfig(c.ApiConfig); console.log('loaded')`],
          { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' },
        );
      const unset = start({});
      expect(unset.status).not.toBe(0);
      expect(unset.stderr).toMatch(/NODE_ENV: not set\. A built start reads no config\/\*\.env file/);
      // Saying which environment is all it takes.
      expect(start({ NODE_ENV: 'development' }).stdout).toMatch(/loaded/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
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

describe('create-admin CLI input', () => {
  const cli = (email: string) => [
    '-r',
    'ts-node/register/transpile-only',
    '-r',
    'tsconfig-paths/register',
    'apps/api/src/cli.ts',
    'create-admin',
    '--email',
    email,
    '--name',
    'Admin',
  ];

  it('refuses an e-mail address that is not one, before asking for a password', async () => {
    const { code, stderr } = await run('apps/api/src/cli.ts', {}, { args: ['create-admin', '--email', 'not-an-address', '--name', 'X'] });
    expect(code).toBe(2);
    expect(stderr).toMatch(/--email "not-an-address" is not an e-mail address/);
  });

  it('takes the password at Enter, not at end of input (a pipe left open does not hang it)', async () => {
    const db = await createTestDatabase();
    try {
      const child = spawn(process.execPath, cli('piped@ward.example'), {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', DATABASE_URL: db.appUrl },
      });
      child.stdin.write('a-strong-password-3\n'); // and never closed
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
        child.on('exit', (c) => (clearTimeout(timer), resolve(c)));
      });
      expect(code).toBe(0);
      expect(stdout).toMatch(/created admin piped@ward\.example/);
    } finally {
      await db.drop();
    }
  });

  it('on a terminal the password is not echoed', async () => {
    const db = await createTestDatabase();
    try {
      // A real pseudo-terminal (Python's pty), typing as a person would: a typo, Backspace, Enter.
      const script = String.raw`
import os, pty, sys, time, select
pid, fd = pty.fork()
if pid == 0:
    os.execvpe(sys.argv[1], sys.argv[1:], os.environ)
out = b''
def read_for(seconds, until=None):
    global out
    end = time.time() + seconds
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                data = os.read(fd, 4096)
            except OSError:
                return
            if not data:
                return
            out += data
            if until and until in out:
                return
read_for(20, b'password')
os.write(fd, b'a-strong-passwordX\x7f-4\r')
read_for(20)
os.waitpid(pid, 0)
sys.stdout.write(out.decode('utf8', 'replace'))
`;
      const result = spawnSync('/usr/bin/python3', ['-c', script, process.execPath, ...cli('tty@ward.example')], {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', DATABASE_URL: db.appUrl },
        encoding: 'utf8',
        timeout: 40_000,
      });
      expect(result.stdout).toMatch(/password \(10\+ characters, then Enter\)/);
      expect(result.stdout).toMatch(/created admin tty@ward\.example/);
      expect(result.stdout).not.toMatch(/strong-password/);
      // What was stored is what was meant: the typo was erased.
      const { rows } = await db.owner.query<{ email: string }>(`SELECT email FROM users`);
      expect(rows).toEqual([{ email: 'tty@ward.example' }]);
    } finally {
      await db.drop();
    }
  });
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
