import { Writable } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { AccountsService, type Role } from '@wardwatch/accounts';
import type { ApiConfig } from '@wardwatch/config';
import { API_PREFIX, createApiApp } from '../../apps/api/src/app.factory';
import { createTestDatabase, type TestDatabase } from './test-database';
import { apiConfig } from './test-environment';

export interface TestUser {
  id: string;
  email: string;
  role: Role;
  password: string;
  token: string;
}

export interface ApiHarness {
  app: INestApplication;
  db: TestDatabase;
  config: ApiConfig;
  /** Requests to the API: paths are written without the version prefix (`/cameras`), which this adds. */
  http: () => TestAgent;
  /** Requests to the server as they are written (no prefix): for paths outside the API. */
  raw: () => TestAgent;
  /**
   * Creates a user of that role through the public API paths and logs them in. Staff accounts go
   * the real way: the harness's first admin creates them and its second admin confirms them (the
   * first two admins come from the CLI's bootstrap path).
   */
  user(role: Role, name?: string): Promise<TestUser>;
  /** Confirms what waits for confirmation on that account (new account or role change), as an admin who did not propose it. */
  confirm(userId: string): Promise<void>;
  /** Everything the API logged so far (JSON lines), at LOG_LEVEL. */
  logs(): string;
  close(): Promise<void>;
}

let counter = 0;

/** The real API (all globals, guards, filters) on its own fresh database, served in-process. */
export async function startApi(overrides: Partial<Record<keyof ApiConfig, string>> = {}): Promise<ApiHarness> {
  const db = await createTestDatabase();
  const config = apiConfig({ DATABASE_URL: db.appUrl, ...overrides });
  const logged: string[] = [];
  const logSink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged.push(chunk.toString());
      done();
    },
  });
  const app = await createApiApp(config, logSink);
  await app.init();
  const raw = () => request(app.getHttpServer());
  const http = () => withPrefix(raw());
  // The bootstrap admins (CLI path): [0] creates staff accounts, [1] confirms them.
  const admins: TestUser[] = [];

  const login = async (email: string, password: string): Promise<string> => {
    const res = await http().post('/auth/login').send({ email, password }).expect(200);
    return (res.body as { accessToken: string }).accessToken;
  };

  const confirm = async (userId: string): Promise<void> => {
    const [first, second] = [await bootstrapAdmin(0), await bootstrapAdmin(1)];
    const pending = (await http().get(`/users/${userId}`).set('Authorization', `Bearer ${first.token}`).expect(200)).body as {
      status: string;
      roleProposedBy: string | null;
      pendingRoleBy: string | null;
    };
    const proposer = pending.status === 'pending' ? pending.roleProposedBy : pending.pendingRoleBy;
    const confirmer = proposer === second.id ? first : second;
    await http().post(`/users/${userId}/confirm`).set('Authorization', `Bearer ${confirmer.token}`).expect(200);
  };

  const user = async (role: Role, name = `${role}${++counter}`): Promise<TestUser> => {
    // Unique across test files and runs: rate-limit counters in Redis are keyed by e-mail.
    const email = `${name}-${counter}.${db.name}@test.wardwatch`.toLowerCase();
    const password = `pw-${name}-0123456789`;
    let id: string;
    let bootstrap = false;
    if (role === 'resident') {
      id = ((await http().post('/auth/register').send({ email, password, displayName: name }).expect(201)).body as { id: string }).id;
    } else if (role === 'admin' && admins.length < 2) {
      id = (await app.get(AccountsService).createFirstAdmin({ email, password, displayName: name })).id;
      bootstrap = true;
    } else {
      const creator = await bootstrapAdmin(0);
      await bootstrapAdmin(1);
      const res = await http()
        .post('/users')
        .set('Authorization', `Bearer ${creator.token}`)
        .send({ email, password, displayName: name, role })
        .expect(201);
      id = (res.body as { id: string }).id;
      await confirm(id);
    }
    const created: TestUser = { id, email, role, password, token: await login(email, password) };
    if (bootstrap) admins.push(created);
    return created;
  };

  const bootstrapAdmin = async (index: 0 | 1): Promise<TestUser> => {
    while (admins.length <= index) await user('admin', admins.length === 0 ? 'root-admin' : 'second-admin');
    return admins[index];
  };

  return {
    app,
    db,
    config,
    http,
    raw,
    user,
    confirm,
    logs: () => logged.join(''),
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options']);

/** The agent with every verb's path put under the API's version prefix. */
function withPrefix(agent: TestAgent): TestAgent {
  return new Proxy(agent, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof property !== 'string' || !VERBS.has(property) || typeof value !== 'function') return value;
      return (path: string, ...rest: unknown[]) => (value as (...args: unknown[]) => unknown).call(target, `${API_PREFIX}${path}`, ...rest);
    },
  });
}
