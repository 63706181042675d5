import { Writable } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { AccountsService, type Role } from '@wardwatch/accounts';
import type { ApiConfig } from '@wardwatch/config';
import { createApiApp } from '../../apps/api/src/app.factory';
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
  http: () => TestAgent;
  /** Creates a user of that role through the public API paths and logs them in. */
  user(role: Role, name?: string): Promise<TestUser>;
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
  const http = () => request(app.getHttpServer());
  let admin: TestUser | undefined;

  const login = async (email: string, password: string): Promise<string> => {
    const res = await http().post('/auth/login').send({ email, password }).expect(200);
    return (res.body as { accessToken: string }).accessToken;
  };

  const user = async (role: Role, name = `${role}${++counter}`): Promise<TestUser> => {
    // Unique across test files and runs: rate-limit counters in Redis are keyed by e-mail.
    const email = `${name}-${counter}.${db.name}@test.wardwatch`.toLowerCase();
    const password = `pw-${name}-0123456789`;
    let id: string;
    if (role === 'resident') {
      id = ((await http().post('/auth/register').send({ email, password, displayName: name }).expect(201)).body as { id: string }).id;
    } else if (role === 'admin' && !admin) {
      id = (await app.get(AccountsService).createFirstAdmin({ email, password, displayName: name })).id;
    } else {
      admin ??= await user('admin', 'root-admin');
      const res = await http()
        .post('/users')
        .set('Authorization', `Bearer ${admin.token}`)
        .send({ email, password, displayName: name, role })
        .expect(201);
      id = (res.body as { id: string }).id;
    }
    const created: TestUser = { id, email, role, password, token: await login(email, password) };
    if (role === 'admin' && !admin) admin = created;
    return created;
  };

  return {
    app,
    db,
    config,
    http,
    user,
    logs: () => logged.join(''),
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
