import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ownerUrl, REPO_ROOT, testDatabasePrefix } from '../support/test-environment';

/**
 * The commands README.md tells a newcomer to type, run as written (through npm) wherever they can
 * run inside the test environment: each works, or says what to do.
 */
function npm(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn('npm', ['run', '--silent', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_ENV: 'test', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

describe('the documented commands', () => {
  it('npm run cli -- --help prints the usage and exits 0; an unknown option names itself', async () => {
    const help = await npm(['cli', '--', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/usage: npm run cli -- create-admin --email EMAIL --name/);
    const bad = await npm(['cli', '--', '--frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.out).toMatch(/Unknown option '--frobnicate'/);
    expect(bad.out).toMatch(/usage:/);
  });

  it('npm run demo -- --help explains the demo and does nothing else (no apt, no build)', async () => {
    const started = Date.now();
    const help = await npm(['demo', '--', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/usage: npm run demo \[-- --exit\]/);
    expect(help.out).toMatch(/18080-18084/);
    expect(help.out).not.toMatch(/postgres: ok|building api/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('npm run demo stops at once, naming the port, when one it needs is taken', async () => {
    const blocker: Server = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = await npm(['demo', '--', '--exit'], { API_PORT: String(port) });
      expect(run.code).toBe(1);
      expect(run.out).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(run.out).not.toMatch(/building api/);
    } finally {
      blocker.close();
    }
  });

  it('npm run db:migrate migrates an empty database, then finds it up to date', async () => {
    const name = `${testDatabasePrefix()}doc_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: ownerUrl('postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    try {
      const env = { DATABASE_MIGRATION_URL: ownerUrl(name) };
      const first = await npm(['db:migrate'], env);
      expect(first.out).toMatch(/applied \d+ migration\(s\): Foundation\d+/);
      expect(first.code).toBe(0);
      const again = await npm(['db:migrate'], env);
      expect(again.code).toBe(0);
      expect(again.out).toMatch(/schema is up to date/);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });

  it('npm run sim -- --help and npm run verify-export -- --help print their usage', async () => {
    const sim = await npm(['sim', '--', '--help']);
    expect(sim.code).toBe(0);
    expect(sim.out).toMatch(/Usage: npm run sim/);
    const verify = await npm(['verify-export', '--', '--help']);
    expect(verify.out).toMatch(/usage: npm run verify-export/);
  });

  // Each spawn loads the whole benchmark (ts-node, Nest, TypeORM) before it reads its options: slow under load.
  it.each(['bench:ingest', 'bench:search', 'bench:clips'])(
    'npm run %s -- --help prints its options and exits 0',
    async (bench) => {
      const help = await npm([bench, '--', '--help'], {}, 110_000);
      expect(help.code).toBe(0);
      expect(help.out).toContain(`usage: npm run ${bench} [-- options]`);
      expect(help.out).toMatch(/--cameras N +.*\(default \d+\)/);
    },
    120_000,
  );

  it('a benchmark given a bad value stops before any work, naming the option', async () => {
    const bad = await npm(['bench:search', '--', '--cameras', 'many'], {}, 110_000);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain("--cameras must be a positive number, not 'many'");
    expect(bad.out).not.toMatch(/loading|creating database/i);
  }, 120_000);
});
