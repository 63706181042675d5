import { redisOptionsFromUrl } from './redis-options';

describe('redisOptionsFromUrl', () => {
  it('reads host and port, defaulting the database to 0 and leaving auth and TLS off', () => {
    expect(redisOptionsFromUrl('redis://cache.internal:6380')).toEqual({
      host: 'cache.internal',
      port: 6380,
      db: 0,
      username: undefined,
      password: undefined,
      tls: undefined,
    });
  });

  it('defaults the port to 6379', () => {
    expect(redisOptionsFromUrl('redis://127.0.0.1').port).toBe(6379);
    expect(redisOptionsFromUrl('redis://127.0.0.1/').port).toBe(6379);
  });

  it('takes the database number from the path', () => {
    expect(redisOptionsFromUrl('redis://127.0.0.1:6379/1').db).toBe(1);
    expect(redisOptionsFromUrl('redis://127.0.0.1:6379/15').db).toBe(15);
    expect(redisOptionsFromUrl('redis://127.0.0.1:6379/').db).toBe(0);
  });

  it('decodes the user name and password', () => {
    const o = redisOptionsFromUrl('redis://ward%40watch:p%40ss%3Aw%2Frd%20x@127.0.0.1:6379/2');
    expect(o.username).toBe('ward@watch');
    expect(o.password).toBe('p@ss:w/rd x');
    expect(o.db).toBe(2);
  });

  it('accepts a password without a user name (redis://:secret@host)', () => {
    const o = redisOptionsFromUrl('redis://:s%C3%A9cret@127.0.0.1');
    expect(o.username).toBeUndefined();
    expect(o.password).toBe('sécret');
  });

  it('turns on TLS for rediss://', () => {
    const o = redisOptionsFromUrl('rediss://redis.example.org:6380/3');
    expect(o.tls).toBeDefined();
    expect(o).toMatchObject({ host: 'redis.example.org', port: 6380, db: 3 });
    expect(redisOptionsFromUrl('redis://redis.example.org').tls).toBeUndefined();
  });

  it('strips the brackets from an IPv6 host', () => {
    expect(redisOptionsFromUrl('redis://[::1]:6390/4')).toMatchObject({ host: '::1', port: 6390, db: 4 });
    expect(redisOptionsFromUrl('redis://[fd00:8::12]').host).toBe('fd00:8::12');
  });

  it('rejects another protocol, naming REDIS_URL and the protocol it got', () => {
    expect(() => redisOptionsFromUrl('http://127.0.0.1:6379')).toThrow(/REDIS_URL must start with redis:\/\/ or rediss:\/\/, got http:/);
    expect(() => redisOptionsFromUrl('postgres://127.0.0.1:5432/x')).toThrow(/REDIS_URL.*postgres:/);
  });

  it('rejects a database that is not a number, naming what it got', () => {
    expect(() => redisOptionsFromUrl('redis://127.0.0.1:6379/abc')).toThrow(/REDIS_URL database must be a number, got "abc"/);
    expect(() => redisOptionsFromUrl('redis://127.0.0.1:6379/1/2')).toThrow(/database must be a number/);
    expect(() => redisOptionsFromUrl('redis://127.0.0.1:6379/-1')).toThrow(/database must be a number/);
  });

  it('rejects something that is not a URL at all', () => {
    expect(() => redisOptionsFromUrl('127.0.0.1:6379')).toThrow();
  });
});
