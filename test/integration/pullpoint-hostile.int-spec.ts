import { OnvifError, PullPointClient, type Subscription } from '@wardwatch/onvif';
import { CameraSimulator, type SimulatorInfo } from '../../apps/camera-sim/src';

const IDLE_MS = 1000;
const DEADLINE_MS = 2000;

/** PullPointClient against cameras that trickle, want HTTP Digest, entity-encode addresses, or hand back odd paths. */
describe('PullPointClient against cameras that behave unlike the textbook', () => {
  let sim: CameraSimulator;
  let info: SimulatorInfo;

  const client = (n: number, options: { password?: string; eventServicePath?: string; check?: (address: string) => string | null } = {}) =>
    new PullPointClient(
      {
        host: '127.0.0.1',
        port: info.cameras[n - 1].port,
        devicePath: '/onvif/device_service',
        eventServicePath: options.eventServicePath ?? '/onvif/Events',
        username: 'admin',
        password: options.password ?? 'wardwatch-sim',
      },
      options.check ?? (() => null),
      IDLE_MS,
      DEADLINE_MS,
    );

  const failure = (p: Promise<unknown>) =>
    p.then(
      () => new Error('expected the request to fail'),
      (e: unknown) => e,
    );

  beforeAll(async () => {
    sim = new CameraSimulator();
    info = await sim.start({ cameras: 3, basePort: 0, controlPort: null, video: false });
  });
  afterAll(() => sim.stop());
  afterEach(async () => {
    for (const n of [1, 2, 3]) {
      sim.camera(n).setCredentials({ password: 'wardwatch-sim' });
      await sim.camera(n).resetFaults();
    }
  });

  describe('a camera trickling its replies (a byte every 150 ms: never idle) is cut off at the overall deadline', () => {
    let c: PullPointClient;
    let sub: Subscription;
    beforeAll(async () => {
      c = client(1);
      sub = await c.createSubscription('PT120S');
      await c.pull(sub, 1); // the Initialized state
    });
    // Set before each test: the outer afterEach resets every fault.
    beforeEach(() => sim.camera(1).setFaults({ trickleMs: 150 }));
    afterAll(() => c.close());

    const timed = async (run: () => Promise<unknown>) => {
      const started = Date.now();
      const error = await failure(run());
      return { error, ms: Date.now() - started };
    };

    it.each([
      ['CreatePullPointSubscription', DEADLINE_MS, () => c.createSubscription('PT60S')],
      ['Renew', DEADLINE_MS, () => c.renew(sub, 'PT60S')],
      // A pull's deadline is its long-poll Timeout plus the request deadline; motion makes the camera answer at once.
      ['PullMessages', 1000 + DEADLINE_MS, () => (sim.camera(1).setMotion(true), c.pull(sub, 1))],
      // Last: the camera ends the subscription before it trickles the answer.
      ['Unsubscribe', DEADLINE_MS, () => c.unsubscribe(sub)],
    ] as const)('%s ends with a timeout within its deadline', async (_name, deadline, run) => {
      const { error, ms } = await timed(run);
      expect(error).toBeInstanceOf(OnvifError);
      expect(error).toMatchObject({ kind: 'timeout', message: expect.stringMatching(/did not finish answering within/) });
      expect(ms).toBeGreaterThanOrEqual(deadline - 50);
      expect(ms).toBeLessThan(deadline + 1000);
    });
  });

  it('a camera that asks for HTTP Digest on its event service: subscribes, pulls motion, renews and unsubscribes', async () => {
    await sim.camera(2).setFaults({ httpDigest: true });
    const c = client(2);
    try {
      const sub = await c.createSubscription('PT60S');
      expect((await c.pull(sub, 1)).notifications.map((n) => n.operation)).toEqual(['Initialized']);
      sim.camera(2).setMotion(true);
      expect((await c.pull(sub, 2)).notifications.map((n) => n.data.IsMotion)).toEqual(['true']);
      await c.renew(sub, 'PT60S');
      await c.unsubscribe(sub);
      expect(sim.camera(2).stats().authFailures).toBe(0);
    } finally {
      c.close();
    }
  });

  it('a wrong password against HTTP Digest is an auth failure (not a subscription failure), after one retry', async () => {
    await sim.camera(2).setFaults({ httpDigest: true });
    const requests = sim.camera(2).stats().requests;
    const c = client(2, { password: 'wrong-password' });
    try {
      const error = await failure(c.createSubscription('PT60S'));
      expect(error).toBeInstanceOf(OnvifError);
      expect(error).toMatchObject({ kind: 'auth', message: expect.stringMatching(/HTTP Digest/) });
      // The challenge, one answer, refused: no loop.
      expect(sim.camera(2).stats().requests - requests).toBe(2);
    } finally {
      c.close();
    }
  });

  it('a camera whose subscription address is written with &amp; (XML entities decoded in address text)', async () => {
    await sim.camera(3).setFaults({ entityAddresses: true });
    const c = client(3, { eventServicePath: '/onvif/Events?profile=1&channel=1' });
    try {
      const sub = await c.createSubscription('PT60S');
      expect(sub.address).toMatch(/\/onvif\/subscription\/[^?]+\?profile=1&channel=1$/);
      expect((await c.pull(sub, 1)).notifications).toHaveLength(1);
      await c.renew(sub, 'PT60S');
      await c.unsubscribe(sub);
    } finally {
      c.close();
    }
  });

  it.each(['@10.88.5.5/x', '//10.88.5.5/x', 'x/../@10.88.5.5/', '/\\10.88.5.5/x'])(
    'an event service "path" %s that would name another host is refused before anything is sent',
    async (path) => {
      const asked: string[] = [];
      const c = client(3, { eventServicePath: path, check: (address) => (asked.push(address), null) });
      try {
        const error = await failure(c.createSubscription('PT60S'));
        expect(error).toMatchObject({ kind: 'malformed', message: expect.stringMatching(/not a path on the camera/) });
        expect(asked).toEqual([]);
      } finally {
        c.close();
      }
    },
  );

  it('a subscription address on another host is rewritten to the enrolled host and port, keeping its path and query', () => {
    const c = client(3);
    try {
      expect(c.rewrite('http://10.88.5.5:8080/sub/1?a=1&amp;b=&#50;')).toBe(`http://127.0.0.1:${info.cameras[2].port}/sub/1?a=1&b=2`);
      expect(c.rewrite('http:@10.88.5.5/sub/2')).toBe(`http://127.0.0.1:${info.cameras[2].port}/sub/2`);
      expect(() => c.rewrite('file:///etc/passwd')).toThrow(/not http/);
    } finally {
      c.close();
    }
  });
});
