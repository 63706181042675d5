import { CameraNetworkPolicy, parseCidr } from './camera-network-policy';

describe('CameraNetworkPolicy', () => {
  const policy = new CameraNetworkPolicy({ cidrs: ['10.8.0.0/16', 'fd00:8::/32'], allowLoopback: false });

  it.each([
    ['10.8.3.4', true],
    ['10.9.0.1', false],
    ['192.168.1.10', false],
    ['fd00:8::1234', true],
    ['fd00:9::1', false],
    ['::ffff:10.8.0.9', true],
    ['::ffff:192.168.0.1', false],
  ])('%s allowed=%s', (address, allowed) => {
    expect(policy.checkAddress(address).allowed).toBe(allowed);
  });

  it('refuses loopback unless configured, and says why', () => {
    const d = policy.checkAddress('127.0.0.1');
    expect(d).toEqual({ allowed: false, reason: expect.stringMatching(/loopback/) });
    expect(new CameraNetworkPolicy({ cidrs: [], allowLoopback: true }).checkAddress('127.0.0.1')).toMatchObject({ allowed: true });
    expect(new CameraNetworkPolicy({ cidrs: [], allowLoopback: true }).checkAddress('::1')).toMatchObject({ allowed: true, family: 6 });
  });

  it('never allows metadata, link-local, unspecified or multicast addresses, even inside an allowed range', () => {
    const wide = new CameraNetworkPolicy({ cidrs: ['0.0.0.0/0', '::/0'], allowLoopback: true });
    for (const a of ['169.254.169.254', '0.0.0.0', '224.0.0.1', 'fe80::1', '::']) {
      expect(wide.checkAddress(a)).toMatchObject({ allowed: false, reason: expect.stringMatching(/reserved/) });
    }
  });

  it('resolves names and refuses when any resolved address is outside', async () => {
    const resolver = (answers: string[]) => (() => Promise.resolve(answers.map((address) => ({ address, family: 4 })))) as never;
    await expect(policy.checkHost('cam.local', resolver(['10.8.0.5']))).resolves.toMatchObject({ allowed: true, address: '10.8.0.5' });
    const mixed = await policy.checkHost('cam.local', resolver(['10.8.0.5', '127.0.0.1']));
    expect(mixed).toEqual({ allowed: false, reason: expect.stringMatching(/cam\.local resolves to 127\.0\.0\.1: .*loopback/) });
  });

  it('reports names that do not resolve and rejects junk host strings', async () => {
    const failing = (() => Promise.reject(Object.assign(new Error('nope'), { code: 'ENOTFOUND' }))) as never;
    await expect(policy.checkHost('missing.example', failing)).resolves.toEqual({
      allowed: false,
      reason: 'host name missing.example does not resolve (ENOTFOUND)',
    });
    await expect(policy.checkHost('http://10.8.0.1/')).resolves.toMatchObject({
      allowed: false,
      reason: expect.stringMatching(/not a valid host name/),
    });
    await expect(policy.checkHost('[fd00:8::1]')).resolves.toMatchObject({ allowed: true });
  });

  it('parseCidr names a bad range', () => {
    expect(() => parseCidr('10.0.0.0/33')).toThrow(/"10.0.0.0\/33" is not a CIDR range/);
    expect(() => parseCidr('nonsense')).toThrow(/not a CIDR range/);
    expect(parseCidr(' fd00::/8 ')).toEqual({ network: 'fd00::', prefix: 8, family: 'ipv6' });
  });
});
