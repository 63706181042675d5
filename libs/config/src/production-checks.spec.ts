import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigurationError, type Environment, loadConfig, readEnvironment } from './config.loader';
import { COMMITTED_SECRETS, FILES_WITH_COMMITTED_SECRETS, randomByteCount, urlPassword } from './production-checks';
import { ApiConfig, trustProxySetting, WorkerConfig } from './schemas';

const ROOT = resolve(__dirname, '..', '..', '..');
const SECRET_VARIABLES = ['JWT_SECRET', 'METRICS_TOKEN', 'CREDENTIALS_KEY', 'S3_SECRET_KEY'];
const URL_VARIABLES = ['DATABASE_URL', 'DATABASE_MIGRATION_URL', 'REDIS_URL'];

/** key=value pairs of an env file, or of a Kubernetes Secret's stringData (key: value). */
function committedValues(file: string): Record<string, string> {
  const text = readFileSync(resolve(ROOT, file), 'utf8');
  if (!file.endsWith('.yaml')) return parseEnv(text) as Record<string, string>;
  return Object.fromEntries([...text.matchAll(/^\s+([A-Z][A-Z0-9_]+):\s*(\S+)\s*$/gm)].map((m) => [m[1], m[2]]));
}

/** A production environment with fresh random secrets: what an operator who followed the docs has. */
const production = (): Environment => ({
  NODE_ENV: 'production',
  DATABASE_URL: `postgres://wardwatch_app:${randomBytes(24).toString('hex')}@postgres:5432/wardwatch`,
  REDIS_URL: 'redis://redis:6379',
  S3_ENDPOINT: 'http://minio:9000',
  S3_PUBLIC_ENDPOINT: 'https://footage.ward.example.org',
  S3_ACCESS_KEY: 'wardwatch-app',
  S3_SECRET_KEY: randomBytes(24).toString('hex'),
  CREDENTIALS_KEY: randomBytes(32).toString('base64'),
  JWT_SECRET: randomBytes(48).toString('base64'),
  METRICS_TOKEN: randomBytes(32).toString('hex'),
  CAMERA_NETWORKS: '10.201.0.0/16',
});

function problemsOf(env: Environment, schema: new () => object = ApiConfig): string[] {
  try {
    loadConfig(schema, env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigurationError);
    return (e as ConfigurationError).problems;
  }
  return [];
}

describe('committed secrets', () => {
  it.each(FILES_WITH_COMMITTED_SECRETS)('every secret in %s is a placeholder or listed in COMMITTED_SECRETS', (file) => {
    const values = committedValues(file);
    const secrets = [
      ...SECRET_VARIABLES.map((name) => values[name]),
      ...URL_VARIABLES.map((name) => values[name] && urlPassword(values[name])),
      ...Object.entries(values)
        .filter(([name]) => /PASSWORD/.test(name))
        .map(([, value]) => value),
    ].filter((v): v is string => typeof v === 'string' && v !== '');
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(/change_?me/i.test(secret) || COMMITTED_SECRETS.has(secret)).toBe(true);
  });
});

describe('production refuses placeholder and committed secrets', () => {
  it('a production environment with fresh random secrets loads (api and worker)', () => {
    expect(problemsOf(production())).toEqual([]);
    expect(problemsOf(production(), WorkerConfig)).toEqual([]);
  });

  it.each(['deploy/.env.example', 'deploy/k8s/secret.example.yaml', 'config/production.env.example'])(
    'the placeholders copied from %s are refused, naming each variable and how to make one',
    (file) => {
      const values = committedValues(file);
      const copied = Object.fromEntries(Object.entries(values).filter(([name]) => SECRET_VARIABLES.includes(name)));
      const problems = problemsOf({ ...production(), ...copied });
      for (const name of ['JWT_SECRET', 'METRICS_TOKEN', 'CREDENTIALS_KEY', 'S3_SECRET_KEY'].filter((n) => n in copied)) {
        expect(problems.find((p) => p.startsWith(`${name}:`))).toMatch(/CHANGE_ME placeholder|base64 of exactly 32/);
      }
      expect(problems.find((p) => p.startsWith('JWT_SECRET:'))).toMatch(/openssl rand -base64/);
    },
  );

  it.each(['config/development.env', 'config/test.env'])('the development and test secrets of %s are refused', (file) => {
    const values = committedValues(file);
    const problems = problemsOf({
      ...production(),
      JWT_SECRET: values.JWT_SECRET,
      METRICS_TOKEN: values.METRICS_TOKEN,
      CREDENTIALS_KEY: values.CREDENTIALS_KEY,
      S3_ACCESS_KEY: values.S3_ACCESS_KEY,
      S3_SECRET_KEY: values.S3_SECRET_KEY,
    });
    for (const name of ['JWT_SECRET', 'METRICS_TOKEN', 'CREDENTIALS_KEY', 'S3_ACCESS_KEY', 'S3_SECRET_KEY']) {
      expect(problems.find((p) => p.startsWith(`${name}:`))).toMatch(/committed to the repository/);
    }
    // Outside production the same values are what development and tests run on.
    expect(problemsOf({ ...production(), NODE_ENV: 'test', ...values, CAMERA_ALLOW_LOOPBACK: 'false' })).toEqual([]);
  });

  it('passwords inside connection URLs', () => {
    const problems = problemsOf({
      ...production(),
      DATABASE_URL: 'postgres://wardwatch_app:CHANGE_ME@postgres-rw.wardwatch-db.svc:5432/wardwatch',
      REDIS_URL: 'redis://:CHANGE_ME@redis.wardwatch-db.svc:6379',
    });
    expect(problems.find((p) => p.startsWith('DATABASE_URL:'))).toMatch(/password is still a CHANGE_ME placeholder/);
    expect(problems.find((p) => p.startsWith('REDIS_URL:'))).toMatch(/password is still a CHANGE_ME placeholder/);
  });

  it('keys must carry 32 random bytes: long but patterned or short values are refused', () => {
    for (const JWT_SECRET of ['a'.repeat(64), 'abcdefghijklmnopqrstuvwxyzabcdefgh', randomBytes(24).toString('base64')]) {
      expect(problemsOf({ ...production(), JWT_SECRET }).find((p) => p.startsWith('JWT_SECRET:'))).toMatch(/at least 32 random bytes/);
    }
    expect(problemsOf({ ...production(), METRICS_TOKEN: randomBytes(12).toString('hex') })[0]).toMatch(
      /^METRICS_TOKEN: must be at least 32 random bytes/,
    );
    expect(randomByteCount(randomBytes(32).toString('hex'))).toBe(32);
    expect(randomByteCount(randomBytes(48).toString('base64url'))).toBe(48);
  });
});

describe('CAMERA_NETWORKS', () => {
  it.each(['0.0.0.0/0', '::/0', '10.0.0.0/7', 'fd00::/8', '10.88.0.0/33', '999.1.1.1/16', '10.8.0.0/16,0.0.0.0/1'])(
    'refuses %s',
    (CAMERA_NETWORKS) => {
      expect(problemsOf({ ...production(), NODE_ENV: 'test', CAMERA_NETWORKS }).join('\n')).toMatch(/^CAMERA_NETWORKS: /);
    },
  );

  it('says why a range is refused', () => {
    expect(problemsOf({ ...production(), CAMERA_NETWORKS: '10.8.0.0/16, 0.0.0.0/0' })).toEqual([
      'CAMERA_NETWORKS: 0.0.0.0/0 is far too broad (shorter than /8); list only the ward overlay networks cameras are reached through',
    ]);
  });

  it.each(['10.0.0.0/8', '10.88.0.0/16, fd00:8::/32', ''])('accepts %p', (CAMERA_NETWORKS) => {
    expect(problemsOf({ ...production(), CAMERA_NETWORKS })).toEqual([]);
  });
});

describe('TRUST_PROXY and API docs', () => {
  it('defaults to trusting no proxy', () => {
    expect(loadConfig(ApiConfig, production()).TRUST_PROXY).toBe('false');
    expect(trustProxySetting('false')).toBe(false);
  });

  it.each([
    ['loopback', ['loopback']],
    ['2', 2],
    ['172.18.0.1', ['172.18.0.1']],
    ['10.42.0.0/16, fd00::/64,loopback', ['10.42.0.0/16', 'fd00::/64', 'loopback']],
  ])('accepts %p', (TRUST_PROXY, setting) => {
    expect(trustProxySetting(loadConfig(ApiConfig, { ...production(), TRUST_PROXY }).TRUST_PROXY)).toEqual(setting);
  });

  it.each(['true', 'yes', '0', '11', 'proxy.local', '10.0.0.0/40', '10.0.0.1,'])('refuses %p', (TRUST_PROXY) => {
    expect(problemsOf({ ...production(), TRUST_PROXY })[0]).toMatch(/^TRUST_PROXY: must be false, a hop count/);
  });

  it('API docs are off by default in production only, and can be switched on', () => {
    expect(loadConfig(ApiConfig, production()).API_DOCS_ENABLED).toBe('false');
    expect(loadConfig(ApiConfig, { ...production(), API_DOCS_ENABLED: 'true' }).API_DOCS_ENABLED).toBe('true');
    expect(loadConfig(ApiConfig, { ...production(), NODE_ENV: 'development' }).API_DOCS_ENABLED).toBe('true');
  });
});

describe('readEnvironment: which env file', () => {
  it('a built start with NODE_ENV unset refuses instead of loading config/development.env', () => {
    expect(() => readEnvironment({ PATH: '/usr/bin' }, ROOT, true)).toThrow(/NODE_ENV: not set.*NODE_ENV=production/);
  });

  it('a source checkout with NODE_ENV unset still uses config/development.env', () => {
    expect(readEnvironment({}, ROOT, false).JWT_SECRET).toBe(committedValues('config/development.env').JWT_SECRET);
  });

  it('a built start with NODE_ENV or WARDWATCH_ENV_FILE set reads as before', () => {
    expect(readEnvironment({ NODE_ENV: 'test' }, ROOT, true).DATABASE_URL).toMatch(/wardwatch_test/);
    expect(readEnvironment({ WARDWATCH_ENV_FILE: 'config/test.env' }, ROOT, true).NODE_ENV).toBe('test');
  });
});

describe('the e-mail channel settings (worker)', () => {
  it('leave e-mail off by default, and take a relay with a fresh password in production', () => {
    expect(problemsOf(production(), WorkerConfig)).toEqual([]);
    const relay = { SMTP_HOST: 'smtp.example.vn', SMTP_USER: 'wardwatch', SMTP_PASSWORD: randomBytes(18).toString('base64') };
    expect(problemsOf({ ...production(), ...relay }, WorkerConfig)).toEqual([]);
  });

  it('refuse the placeholder SMTP password and a From that is not an address, naming the variables', () => {
    const problems = problemsOf(
      { ...production(), SMTP_HOST: 'smtp.example.vn', SMTP_PASSWORD: 'CHANGE_ME', SMTP_FROM: 'not an address' },
      WorkerConfig,
    );
    expect(problems.find((p) => p.startsWith('SMTP_PASSWORD:'))).toMatch(/CHANGE_ME placeholder/);
    expect(problems.find((p) => p.startsWith('SMTP_FROM:'))).toMatch(/e-mail address/);
  });
});
