import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, Environment, loadConfig, readEnvironment } from './config.loader';
import { ApiConfig } from './schemas';

/** Every variable ApiConfig requires, valid, and nothing else. */
const validEnv = (): Environment => ({
  NODE_ENV: 'test',
  DATABASE_URL: 'postgres://wardwatch_app@127.0.0.1:5432/wardwatch',
  REDIS_URL: 'redis://127.0.0.1:6379/1',
  S3_ENDPOINT: 'http://127.0.0.1:9100',
  S3_PUBLIC_ENDPOINT: 'http://files.example.org',
  S3_ACCESS_KEY: 'S3RVER',
  S3_SECRET_KEY: 'S3RVER',
  CREDENTIALS_KEY: randomBytes(32).toString('base64'),
  API_PORT: '8080',
  JWT_SECRET: randomBytes(24).toString('hex'), // 48 characters
  METRICS_TOKEN: randomBytes(12).toString('hex'), // 24 characters
});

/** The problems a ConfigurationError carries, or a failure if loading did not throw one. */
function problemsOf(env: Environment): string[] {
  try {
    loadConfig(ApiConfig, env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigurationError);
    return (e as ConfigurationError).problems;
  }
  throw new Error('loadConfig accepted an invalid environment');
}

describe('loadConfig(ApiConfig)', () => {
  it('returns a typed instance with numbers for numeric variables and defaults for the rest', () => {
    const env = validEnv();
    const config = loadConfig(ApiConfig, env);
    expect(config).toBeInstanceOf(ApiConfig);
    expect(config.API_PORT).toBe(8080);
    expect(typeof config.API_PORT).toBe('number');
    expect(config.DATABASE_URL).toBe(env.DATABASE_URL);
    expect(config.JWT_SECRET).toBe(env.JWT_SECRET);
    expect(config.NODE_ENV).toBe('test');
    // Not given: the schema's documented defaults.
    expect(config.JWT_TTL_SECONDS).toBe(900);
    expect(config.DATABASE_POOL_SIZE).toBe(10);
    expect(config.API_HOST).toBe('127.0.0.1');
    expect(config.S3_REGION).toBe('us-east-1');
    expect(config.S3_BUCKET).toBe('wardwatch-footage');
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('converts given numeric strings (with surrounding spaces) to numbers', () => {
    const config = loadConfig(ApiConfig, { ...validEnv(), JWT_TTL_SECONDS: ' 600 ', DATABASE_POOL_SIZE: '25' });
    expect(config.JWT_TTL_SECONDS).toBe(600);
    expect(config.DATABASE_POOL_SIZE).toBe(25);
  });

  it('defaults NODE_ENV to development when it is not set', () => {
    const { NODE_ENV: _, ...env } = validEnv();
    expect(loadConfig(ApiConfig, env).NODE_ENV).toBe('development');
  });

  const bad: [string, string, RegExp][] = [
    ['DATABASE_URL', 'mysql://root@127.0.0.1/wardwatch', /postgres:\/\//],
    ['REDIS_URL', 'http://127.0.0.1:6379', /redis:\/\//],
    ['API_PORT', 'abc', /port/i],
    ['API_PORT', '70000', /65535/],
    ['JWT_SECRET', 'short-secret', /at least 32 characters/],
    ['S3_ENDPOINT', 'not a url', /http\(s\) URL/],
    ['NODE_ENV', 'staging', /development, test, production/],
  ];
  it.each(bad)('reports %s=%p naming the variable', (name, value, what) => {
    const problems = problemsOf({ ...validEnv(), [name]: value });
    const own = problems.filter((p) => p.startsWith(`${name}:`));
    expect(own.length).toBeGreaterThan(0);
    expect(own.join('\n')).toMatch(what);
    // Only the broken variable is reported.
    expect(problems.filter((p) => !p.startsWith(`${name}:`))).toEqual([]);
  });

  it('reports a missing required variable by name', () => {
    const { JWT_SECRET: _, ...env } = validEnv();
    expect(problemsOf(env).some((p) => p.startsWith('JWT_SECRET:'))).toBe(true);
  });

  it('reports several problems at once in one ConfigurationError whose message lists them all', () => {
    const env = { ...validEnv(), DATABASE_URL: 'mysql://x', REDIS_URL: 'http://x', API_PORT: 'abc', NODE_ENV: 'staging' };
    let error: unknown;
    try {
      loadConfig(ApiConfig, env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const { problems, message } = error as ConfigurationError;
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'API_PORT', 'NODE_ENV']) {
      expect(problems.some((p) => p.startsWith(`${name}:`))).toBe(true);
      expect(message).toContain(`- ${name}:`);
    }
  });

  it('ignores unknown variables and does not copy them onto the instance', () => {
    const config = loadConfig(ApiConfig, { ...validEnv(), PATH: '/usr/bin', SOMETHING_ELSE: 'x' });
    expect(config).not.toHaveProperty('PATH');
    expect(config).not.toHaveProperty('SOMETHING_ELSE');
  });
});

describe('readEnvironment', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wardwatch-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the file WARDWATCH_ENV_FILE names (relative to cwd), and the real environment overrides it', () => {
    writeFileSync(join(dir, 'custom.env'), '# comment\nAPI_PORT=4000\nS3_BUCKET=from-file\nQUOTED="two words"\n');
    const env = readEnvironment({ WARDWATCH_ENV_FILE: 'custom.env', API_PORT: '5000' }, dir);
    expect(env.API_PORT).toBe('5000');
    expect(env.S3_BUCKET).toBe('from-file');
    expect(env.QUOTED).toBe('two words');
  });

  it('accepts an absolute WARDWATCH_ENV_FILE', () => {
    const file = join(dir, 'abs.env');
    writeFileSync(file, 'S3_BUCKET=absolute\n');
    expect(readEnvironment({ WARDWATCH_ENV_FILE: file }, '/').S3_BUCKET).toBe('absolute');
  });

  it('falls back to config/<NODE_ENV>.env under cwd', () => {
    const configDir = join(dir, 'config');
    mkdirSync(configDir);
    writeFileSync(join(configDir, 'production.env'), 'S3_BUCKET=prod-bucket\n');
    expect(readEnvironment({ NODE_ENV: 'production' }, dir).S3_BUCKET).toBe('prod-bucket');
  });

  it('without any env file returns the given environment', () => {
    expect(readEnvironment({ NODE_ENV: 'test', A: '1' }, dir)).toEqual({ NODE_ENV: 'test', A: '1' });
  });

  it('throws a ConfigurationError naming the path when WARDWATCH_ENV_FILE does not exist', () => {
    const missing = join(dir, 'nope.env');
    expect(() => readEnvironment({ WARDWATCH_ENV_FILE: 'nope.env' }, dir)).toThrow(ConfigurationError);
    expect(() => readEnvironment({ WARDWATCH_ENV_FILE: 'nope.env' }, dir)).toThrow(missing);
  });

  it('feeds loadConfig: a file plus overrides yields a valid typed config', () => {
    const lines = Object.entries(validEnv()).map(([k, v]) => `${k}=${v}`);
    writeFileSync(join(dir, 'api.env'), lines.join('\n') + '\n');
    const config = loadConfig(ApiConfig, readEnvironment({ WARDWATCH_ENV_FILE: 'api.env', API_PORT: '9001' }, dir));
    expect(config.API_PORT).toBe(9001);
  });
});

describe('production refuses development conveniences', () => {
  // Production also wants real secrets (production-checks.spec.ts): give it some.
  const productionEnv = (): Environment => ({
    ...validEnv(),
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(48).toString('base64'),
    METRICS_TOKEN: randomBytes(32).toString('hex'),
    S3_ACCESS_KEY: 'wardwatch-app',
    S3_SECRET_KEY: randomBytes(24).toString('hex'),
  });

  it('loopback cameras are allowed in test and refused in production, naming the variable', () => {
    expect(loadConfig(ApiConfig, { ...validEnv(), CAMERA_ALLOW_LOOPBACK: 'true' }).CAMERA_ALLOW_LOOPBACK).toBe('true');
    expect(problemsOf({ ...productionEnv(), CAMERA_ALLOW_LOOPBACK: 'true' })).toEqual([
      expect.stringMatching(/^CAMERA_ALLOW_LOOPBACK: must be false in production/),
    ]);
    expect(loadConfig(ApiConfig, { ...productionEnv(), CAMERA_ALLOW_LOOPBACK: 'false' }).CAMERA_ALLOW_LOOPBACK).toBe('false');
  });

  it('password hashing may be cheapened for tests but not below OWASP’s baseline in production', () => {
    expect(loadConfig(ApiConfig, { ...validEnv(), SCRYPT_PARALLELISM: '1' }).SCRYPT_PARALLELISM).toBe(1);
    expect(problemsOf({ ...productionEnv(), SCRYPT_PARALLELISM: '1' })).toEqual([
      expect.stringMatching(/^SCRYPT_PARALLELISM: must be at least 3 in production/),
    ]);
    expect(loadConfig(ApiConfig, productionEnv()).SCRYPT_PARALLELISM).toBe(3);
  });
});
