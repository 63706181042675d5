import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { API_PREFIX } from '../../apps/api/src/app.factory';
import { CameraSimulator, type SimulatorInfo } from '../../apps/camera-sim/src';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { CONSENT_ALL, DEMO_WARDS, IN_AN_BINH } from '../support/fixtures';

const SIM_PASSWORD = 'sim-secret-Pa55word';
/** The whole probe's deadline in this file (ONVIF_PROBE_DEADLINE_MS); the idle timeout stays at test.env's 3 s. */
const DEADLINE_MS = 4000;

/**
 * A camera that answers with a hostile body (F2 of the 2026-12 review) or trickles its replies
 * (F4), enrolled through the real API over HTTP while other requests are timed.
 */
describe('a hostile camera cannot stall the API or hold a probe open', () => {
  let h: ApiHarness;
  let sim: CameraSimulator;
  let info: SimulatorInfo;
  let resident: TestUser;
  let base: string;

  const enrolment = (camera: number) => ({
    label: `Cổng ${camera}`,
    address: { wardCode: 'demo-an-binh', street: 'Hoàng Văn Thái', houseNumber: `${camera}` },
    ...IN_AN_BINH,
    onvif: { host: '127.0.0.1', port: info.cameras[camera - 1].port, username: 'admin', password: SIM_PASSWORD },
    consent: CONSENT_ALL,
  });

  const enrol = async (camera: number) => {
    const started = Date.now();
    const res = await fetch(`${base}/cameras`, {
      method: 'POST',
      headers: { authorization: `Bearer ${resident.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(enrolment(camera)),
    });
    return {
      status: res.status,
      body: (await res.json()) as { failure?: string; detail?: string; camera?: { id: string } },
      ms: Date.now() - started,
    };
  };

  let healthyCameraId: string;
  /**
   * A probe of a healthy camera, so that a loaded probe thread is waiting: the deadline bounds what
   * a camera can make us do, from when the thread is ready (starting one, under ts-node compiling
   * too, is not the camera's time). The previous test's thread was terminated at its deadline.
   */
  const warmProbeThread = async () => {
    const res = await fetch(`${base}/cameras/${healthyCameraId}/probe`, {
      method: 'POST',
      headers: { authorization: `Bearer ${resident.token}` },
    });
    expect(res.status).toBe(200);
  };

  /** Times `GET /cameras` (authenticated, a database read), one every ~10 ms until `done` settles; at least `min` samples. */
  const timeRequests = async (done: Promise<unknown>, min: number) => {
    let finished = false;
    void done.finally(() => (finished = true));
    const samples: number[] = [];
    while (!finished || samples.length < min) {
      const started = performance.now();
      const res = await fetch(`${base}/cameras`, { headers: { authorization: `Bearer ${resident.token}` } });
      await res.arrayBuffer();
      samples.push(performance.now() - started);
      expect(res.status).toBe(200);
      // Other users' requests arrive now and then, not back to back from one client.
      await new Promise((r) => setTimeout(r, 10));
    }
    return samples;
  };

  const percentile = (samples: number[], p: number) => {
    const sorted = [...samples].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  };

  beforeAll(async () => {
    sim = new CameraSimulator();
    info = await sim.start({ cameras: 4, basePort: 0, controlPort: null, video: false, password: SIM_PASSWORD });
    h = await startApi({ ONVIF_PROBE_DEADLINE_MS: String(DEADLINE_MS), ONVIF_PROBE_MAX_CONCURRENT: '1' });
    const server = h.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${API_PREFIX}`;
    const admin = await h.user('admin');
    await h.http().post('/wards/import').set('Authorization', `Bearer ${admin.token}`).send(DEMO_WARDS).expect(201);
    resident = await h.user('resident');
  });
  afterAll(async () => {
    await h.close();
    await sim.stop();
  });

  it('while a camera answers with a hostile reply body, other requests stay fast (p99 within 100 ms of before) and the probe ends at its deadline', async () => {
    // Just under the probe's reply cap: the onvif client's regex takes 0.5-1.5 s of CPU (with the
    // machine's load) on each such reply. The camera is also slow (0.8 s per answer, six or more
    // answers), so that the probe outlasts its deadline however fast the CPU is.
    await sim.camera(1).setFaults({ hostileReplyBytes: 60_000, delayMs: 800 });
    // A healthy camera first: the probe thread it started is kept for the next probe, as in a running
    // API, so the measurement below does not include starting a thread (under ts-node, compiling too).
    const healthy = await enrol(4);
    expect(healthy.status).toBe(201);
    healthyCameraId = healthy.body.camera!.id;
    const baseline = await timeRequests(Promise.resolve(), 50);

    const probe = enrol(1);
    const during = await timeRequests(probe, 100);
    const result = await probe;
    const report = (name: string, s: number[]) =>
      `${name}: ${s.length} requests, p50 ${percentile(s, 50).toFixed(1)} ms, p99 ${percentile(s, 99).toFixed(1)} ms, max ${Math.max(...s).toFixed(1)} ms`;
    console.log(
      `GET /cameras latency\n  ${report('before the probe', baseline)}\n  ${report('during the hostile probe', during)}\n` +
        `  probe: HTTP ${result.status} ${result.body.failure} after ${result.ms} ms (deadline ${DEADLINE_MS} ms)`,
    );

    // The bound: p99 under 100 ms, on top of what the same requests took just before the
    // probe. CI runs other suites beside this one, and a quiet baseline of 36 ms once came with a
    // p99 of 102 ms during the probe; a stalled event loop (the old code: p99 708 ms, max 824 ms)
    // fails by far.
    const baselineP99 = percentile(baseline, 99);
    expect(percentile(during, 99)).toBeLessThan(baselineP99 + 100);
    expect(result.status).toBe(422);
    // Cut off at the deadline: the resident gets the generic answer (a probe is no port scanner),
    // the operators the reason.
    expect(result.body.failure).toBe('no_onvif_camera');
    const audited = await h.db.owner.query(
      `SELECT details FROM audit_entries WHERE action = 'camera.probe_failed' ORDER BY seq DESC LIMIT 1`,
    );
    expect(audited.rows[0].details).toMatchObject({
      failure: 'timeout',
      reason: expect.stringMatching(/did not finish answering within 4 s/),
    });
    expect(result.ms).toBeLessThan(DEADLINE_MS + 1500);
    const stored = await h.db.owner.query(`SELECT count(*)::int AS n FROM cameras WHERE onvif_port = $1`, [info.cameras[0].port]);
    expect(stored.rows[0].n).toBe(0);
  });

  it('a camera that trickles its replies (a byte every 200 ms, never idle) is cut off at the deadline', async () => {
    await sim.camera(2).setFaults({ trickleMs: 200 });
    await warmProbeThread();
    const result = await enrol(2);
    expect(result).toMatchObject({ status: 422, body: { failure: 'no_onvif_camera' } });
    expect(result.ms).toBeGreaterThanOrEqual(DEADLINE_MS - 100);
    expect(result.ms).toBeLessThan(DEADLINE_MS + 1500);
  });

  it('probes beyond ONVIF_PROBE_MAX_CONCURRENT are refused with 503 while one is running, and the next one works', async () => {
    await sim.camera(2).setFaults({ trickleMs: 200 });
    const slow = enrol(2);
    await new Promise((r) => setTimeout(r, 300));
    const refused = await enrol(3);
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ code: 'probe.busy', failure: 'busy', detail: expect.stringMatching(/try again/) });
    expect((await slow).body.failure).toBe('no_onvif_camera');

    const ok = await enrol(3);
    expect(ok.status).toBe(201);
  });
});
