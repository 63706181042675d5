import { OnvifError, PullPointClient } from '@wardwatch/onvif';
import { CameraSimulator, type SimulatorInfo } from '../../apps/camera-sim/src';

describe('PullPointClient against the simulated camera', () => {
  let sim: CameraSimulator;
  let info: SimulatorInfo;
  const allowAll = () => null;

  const client = (n: number, password = 'wardwatch-sim', check: (a: string) => string | null = allowAll) =>
    new PullPointClient(
      {
        host: '127.0.0.1',
        port: info.cameras[n - 1].port,
        devicePath: '/onvif/device_service',
        eventServicePath: '/onvif/Events',
        username: 'admin',
        password,
      },
      check,
      3000,
    );

  beforeAll(async () => {
    sim = new CameraSimulator();
    info = await sim.start({ cameras: 3, basePort: 0, controlPort: null, video: false });
  });
  afterAll(() => sim.stop());
  afterEach(async () => {
    for (const n of [1, 2, 3]) await sim.camera(n).resetFaults();
  });

  it('subscribes, reads the Initialized state, then a motion start and stop, renews and unsubscribes', async () => {
    const c = client(1);
    try {
      await c.measureClock();
      const sub = await c.createSubscription('PT60S');
      expect(sub.address).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${info.cameras[0].port}/onvif/subscription/`));
      expect(sub.terminationTime.getTime() - sub.currentTime.getTime()).toBeGreaterThanOrEqual(59_000);

      const initial = await c.pull(sub, 1);
      expect(initial.notifications).toEqual([
        expect.objectContaining({
          topic: 'tns1:RuleEngine/CellMotionDetector/Motion',
          operation: 'Initialized',
          data: { IsMotion: 'false' },
        }),
      ]);

      // Long-poll: the pull waits, and answers as soon as motion starts.
      const started = Date.now();
      setTimeout(() => sim.camera(1).setMotion(true), 400);
      const on = await c.pull(sub, 5);
      expect(Date.now() - started).toBeGreaterThanOrEqual(350);
      expect(Date.now() - started).toBeLessThan(2500);
      expect(on.notifications.map((n) => [n.operation, n.data.IsMotion])).toEqual([['Changed', 'true']]);
      expect(Math.abs(on.notifications[0].cameraTime!.getTime() - Date.now())).toBeLessThan(3000);

      sim.camera(1).setMotion(false);
      expect((await c.pull(sub, 2)).notifications.map((n) => n.data.IsMotion)).toEqual(['false']);

      const renewed = await c.renew(sub, 'PT120S');
      expect(renewed.terminationTime!.getTime() - renewed.currentTime!.getTime()).toBeGreaterThanOrEqual(119_000);

      await c.unsubscribe(sub);
      await expect(c.pull(sub, 1)).rejects.toMatchObject({ kind: 'subscription_gone' });
    } finally {
      c.close();
    }
  });

  it('an idle long-poll returns empty after its timeout, not as a failure', async () => {
    const c = client(2);
    try {
      const sub = await c.createSubscription('PT60S');
      await c.pull(sub, 1); // Initialized
      const started = Date.now();
      const idle = await c.pull(sub, 2);
      expect(idle.notifications).toEqual([]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1800);
      await c.unsubscribe(sub);
    } finally {
      c.close();
    }
  });

  it('a pull can be aborted at once', async () => {
    const c = client(2);
    try {
      const sub = await c.createSubscription('PT60S');
      await c.pull(sub, 1);
      const abort = new AbortController();
      setTimeout(() => abort.abort(), 200);
      const started = Date.now();
      await expect(c.pull(sub, 20, 100, abort.signal)).rejects.toMatchObject({ kind: 'aborted' });
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      c.close();
    }
  });

  it('measures the camera clock skew and signs with it, so a skewed camera still accepts the credentials', async () => {
    await sim.camera(3).setFaults({ clockSkewSeconds: 900 });
    const c = client(3);
    try {
      await expect(c.createSubscription()).rejects.toMatchObject({ kind: 'auth' });
      const offset = await c.measureClock();
      expect(offset).toBeGreaterThan(898_000);
      expect(offset).toBeLessThan(902_000);
      const sub = await c.createSubscription('PT60S');
      await c.unsubscribe(sub);
    } finally {
      c.close();
    }
  });

  const failures: [string, string, () => Promise<unknown>][] = [
    ['wrong password', 'auth', () => client(1, 'wrong').createSubscription()],
    [
      'offline camera',
      'unreachable',
      () =>
        sim
          .camera(1)
          .setFaults({ offline: true })
          .then(() => client(1).createSubscription()),
    ],
    [
      'malformed XML',
      'malformed',
      () =>
        sim
          .camera(1)
          .setFaults({ malformed: true })
          .then(() => client(1).createSubscription()),
    ],
    [
      'truncated XML',
      'malformed',
      () =>
        sim
          .camera(1)
          .setFaults({ truncated: true })
          .then(() => client(1).createSubscription()),
    ],
    [
      'an entity-expansion payload',
      'malformed',
      () =>
        sim
          .camera(1)
          .setFaults({ entityBomb: true })
          .then(() => client(1).createSubscription()),
    ],
    [
      'a camera slower than the request timeout',
      'timeout',
      () =>
        sim
          .camera(1)
          .setFaults({ delayMs: 4000 })
          .then(() => client(1).createSubscription()),
    ],
    [
      'a destination the policy refuses',
      'forbidden_address',
      () => client(1, 'wardwatch-sim', () => 'not an allowed camera network').createSubscription(),
    ],
  ];

  it.each(failures)('%s -> OnvifError %s', async (_what, kind, run) => {
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OnvifError);
    expect(error).toMatchObject({ kind });
  });
});
