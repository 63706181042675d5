import { CameraSimulator, MOTION_TOPIC, type SimulatorInfo } from '../../apps/camera-sim/src';
import { body, createPullPoint, EV, notifications, pull, soap, WSNT } from './sim-soap-client';

/** The PullPoint event service over raw SOAP: auth, long-poll, renew, unsubscribe, expiry, drops. */
describe('camera simulator: PullPoint events', () => {
  const simulator = new CameraSimulator();
  const credentials = { username: 'admin', password: 'wardwatch-sim' };
  let info: SimulatorInfo;
  const base = (n: number) => `http://127.0.0.1:${info.cameras[n - 1].port}`;

  beforeAll(async () => {
    info = await simulator.start({ cameras: 6, basePort: 0, controlPort: null, video: false, motionAlarmTopic: true });
  });
  afterAll(() => simulator.stop());

  it('answers GetSystemDateAndTime without credentials and refuses a wrong password with ter:NotAuthorized (HTTP 400)', async () => {
    const time = await soap(`${base(1)}/onvif/device_service`, `<GetSystemDateAndTime xmlns="http://www.onvif.org/ver10/device/wsdl"/>`);
    expect(time.status).toBe(200);
    expect(body(time.text).GetSystemDateAndTimeResponse.SystemDateAndTime.UTCDateTime.Date.Year).toBe(new Date().getUTCFullYear());

    const info = `<GetDeviceInformation xmlns="http://www.onvif.org/ver10/device/wsdl"/>`;
    const url = `${base(1)}/onvif/device_service`;
    for (const answer of [
      await soap(url, info, { credentials: { ...credentials, password: 'wrong' } }),
      await soap(url, info, { credentials: { ...credentials, username: 'root' } }),
      await soap(url, info),
      // Right password, but Created an hour off the camera clock (replay protection).
      await soap(url, info, { credentials, createdMs: Date.now() - 3_600_000 }),
    ]) {
      expect(answer.status).toBe(400);
      const fault = body(answer.text).Fault;
      expect(fault.Code.Value).toBe('env:Sender');
      expect(fault.Code.Subcode.Value).toBe('ter:NotAuthorized');
    }
    expect((await soap(url, info, { credentials })).status).toBe(200);
    expect(simulator.camera(1).stats().authFailures).toBe(4);
  });

  it('holds PullMessages until the Timeout when nothing happens', async () => {
    const address = await createPullPoint(base(2), credentials);
    const initial = await pull(address, credentials, 'PT2S');
    expect(initial.ms).toBeLessThan(500);
    expect(notifications(initial.text).map((m) => m.operation)).toEqual(['Initialized', 'Initialized']);

    const idle = await pull(address, credentials, 'PT2S');
    expect(idle.status).toBe(200);
    expect(idle.ms).toBeGreaterThanOrEqual(1800);
    expect(idle.ms).toBeLessThan(3000);
    expect(notifications(idle.text)).toEqual([]);
  });

  it('answers a held PullMessages as soon as motion starts', async () => {
    const camera = simulator.camera(3);
    const address = await createPullPoint(base(3), credentials);
    await pull(address, credentials, 'PT0S'); // the Initialized messages
    setTimeout(() => camera.setMotion(true), 500);
    const answer = await pull(address, credentials, 'PT10S');
    expect(answer.ms).toBeGreaterThanOrEqual(450);
    expect(answer.ms).toBeLessThan(1000);
    const messages = notifications(answer.text);
    expect(messages).toEqual([
      expect.objectContaining({ topic: MOTION_TOPIC, operation: 'Changed', data: { IsMotion: 'true' } }),
      expect.objectContaining({ topic: 'tns1:VideoSource/MotionAlarm', operation: 'Changed', data: { State: 'true' } }),
    ]);
    expect(Math.abs(Date.parse(messages[0].utcTime) - Date.now())).toBeLessThan(2000);
    camera.setMotion(false);
  });

  it('extends the termination time on Renew and faults after Unsubscribe', async () => {
    const address = await createPullPoint(base(4), credentials, 'PT10S');
    const renewed = await soap(address, `<Renew ${WSNT}><TerminationTime>PT120S</TerminationTime></Renew>`, { credentials });
    expect(renewed.status).toBe(200);
    const r = body(renewed.text).RenewResponse;
    expect(Date.parse(r.TerminationTime) - Date.parse(r.CurrentTime)).toBeGreaterThanOrEqual(119_000);
    expect(simulator.camera(4).subscriptions.get(address.split('/').pop()!)!.deadlineMs - Date.now()).toBeGreaterThan(100_000);

    const gone = await soap(address, `<Unsubscribe ${WSNT}/>`, { credentials });
    expect(gone.status).toBe(200);
    expect(body(gone.text).UnsubscribeResponse).toBeDefined();
    const after = await pull(address, credentials, 'PT1S');
    expect(after.status).toBe(400);
    expect(body(after.text).Fault.Code.Subcode.Value).toBe('wsrf-rw:ResourceUnknownFault');
  });

  it('ends a subscription at its termination time, answering a held pull with a fault', async () => {
    const address = await createPullPoint(base(5), credentials, 'PT2S');
    await pull(address, credentials, 'PT0S');
    const held = await pull(address, credentials, 'PT10S');
    expect(held.status).toBe(400);
    expect(held.ms).toBeLessThan(3000);
    expect(body(held.text).Fault.Code.Subcode.Value).toBe('wsrf-rw:ResourceUnknownFault');
    const renew = await soap(address, `<Renew ${WSNT}><TerminationTime>PT60S</TerminationTime></Renew>`, { credentials });
    expect(renew.status).toBe(400);
    expect(simulator.camera(5).stats().subscriptions).toMatchObject({ active: 0, expired: 1 });
  });

  it('drops messages while nobody is subscribed; the next subscription starts with the current state', async () => {
    const camera = simulator.camera(6);
    camera.setMotion(true);
    camera.setMotion(false);
    camera.setMotion(true);
    expect(camera.stats()).toMatchObject({ messagesEmitted: 6, messagesDropped: 6 });

    const address = await createPullPoint(base(6), credentials);
    const answer = await pull(address, credentials, 'PT1S');
    expect(notifications(answer.text).map((m) => [m.topic, m.operation, m.data])).toEqual([
      [MOTION_TOPIC, 'Initialized', { IsMotion: 'true' }],
      ['tns1:VideoSource/MotionAlarm', 'Initialized', { State: 'true' }],
    ]);
    camera.setMotion(false);
    expect(camera.stats()).toMatchObject({ messagesEmitted: 8, messagesDropped: 6 });
  });

  it('answers the event properties and refuses unknown actions with ActionNotSupported', async () => {
    const props = await soap(`${base(1)}/onvif/Events`, `<GetEventProperties ${EV}/>`, { credentials });
    expect(props.status).toBe(200);
    expect(props.text).toContain('CellMotionDetector');
    const unknown = await soap(`${base(1)}/onvif/Events`, `<Frobnicate ${EV}/>`, { credentials });
    expect(unknown.status).toBe(500);
    expect(body(unknown.text).Fault.Code.Subcode.Value).toBe('ter:ActionNotSupported');
  });

  it('caps request bodies at 64 KiB and refuses DOCTYPEs', async () => {
    const big = await soap(`${base(1)}/onvif/device_service`, `<GetDeviceInformation>${'x'.repeat(70_000)}</GetDeviceInformation>`, {
      credentials,
    });
    expect(big.status).toBe(413);
    const res = await fetch(`${base(1)}/onvif/device_service`, {
      method: 'POST',
      body: `<!DOCTYPE x [<!ENTITY a "b">]><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><GetSystemDateAndTime/></s:Body></s:Envelope>`,
    });
    expect(res.status).toBe(400);
  });
});
