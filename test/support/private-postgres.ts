import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { chownSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './private-redis';

const BIN = '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL cluster of the test's own (initdb in a temporary folder, its own port), so a test
 * can stop and start the database without disturbing the machine's server that other tests use.
 * Runs as the postgres system user, as PostgreSQL refuses to run as root.
 */
export class PrivatePostgres {
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'wardwatch-pg-'));
    const pg = new PrivatePostgres(await freePort(), dir);
    chownSync(
      dir,
      Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
      Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
    );
    pg.asPostgres(`${BIN}/initdb -D ${dir}/data -A trust -U postgres`);
    pg.startServer();
    return pg;
  }

  url(database: string, user = 'postgres'): string {
    return `postgres://${user}@127.0.0.1:${this.port}/${database}`;
  }

  private asPostgres(command: string): void {
    execFileSync('su', ['postgres', '-c', command], { stdio: 'ignore' });
  }

  startServer(): void {
    this.asPostgres(
      `${BIN}/pg_ctl -D ${this.dir}/data -o '-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1' -l ${this.dir}/log start -w`,
    );
  }

  stopServer(): void {
    this.asPostgres(`${BIN}/pg_ctl -D ${this.dir}/data stop -m fast -w`);
  }

  destroy(): void {
    try {
      this.stopServer();
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
