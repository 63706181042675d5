import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CameraSimulator, type SimulatorInfo } from '../../apps/camera-sim/src';
import { body, control, createPullPoint, notifications, pull, soap, tryConnect } from './sim-soap-client';

/** Faults set through the control API, as the service's tests will use them. */
describe('camera simulator: faults on demand', () => {
  const simulator = new CameraSimulator();
  const credentials = { username: 'admin', password: 'wardwatch-sim' };
  const deviceInfo = `<GetDeviceInformation xmlns="http://www.onvif.org/ver10/device/wsdl"/>`;
  const clock = `<GetSystemDateAndTime xmlns="http://www.onvif.org/ver10/device/wsdl"/>`;
  let info: SimulatorInfo;
  let controlUrl: string;
  const port = (n: number) => info.cameras[n - 1].port;
  const device = (n: number) => `http://127.0.0.1:${port(n)}/onvif/device_service`;

  beforeAll(async () => {
    info = await simulator.start({ cameras: 3, basePort: 0, controlPort: 0, video: false });
    controlUrl = info.controlUrl!;
  });
  afterAll(() => simulator.stop());
  afterEach(async () => {
    await control(controlUrl, 'DELETE', '/cameras/all/faults');
  });

  it('offline refuses connections and cuts held long-polls; back online it answers again on the same port', async () => {
    const address = await createPullPoint(`http://127.0.0.1:${port(1)}`, credentials);
    await pull(address, credentials, 'PT0S');
    const held = pull(address, credentials, 'PT30S').then(
      () => 'answered',
      (error: Error) => (error.cause as NodeJS.ErrnoException | undefined)?.code ?? error.message,
    );
    await new Promise((r) => setTimeout(r, 200));

    const set = await control(controlUrl, 'POST', '/cameras/1/faults', { offline: true });
    expect(set.status).toBe(200);
    expect(set.body.faults.offline).toBe(true);
    expect(await tryConnect(port(1))).toBe('ECONNREFUSED');
    expect(await held).not.toBe('answered');
    expect(await tryConnect(port(2))).toBe('connected');
    expect((await control(controlUrl, 'GET', '/cameras/1')).body.online).toBe(false);

    await control(controlUrl, 'POST', '/cameras/1/faults', { offline: false });
    expect(await tryConnect(port(1))).toBe('connected');
    expect((await soap(device(1), deviceInfo, { credentials })).status).toBe(200);
    // The subscription outlived the outage, as on a camera that only lost its network.
    expect((await pull(address, credentials, 'PT0S')).status).toBe(200);
  });

  it('delays answers by delayMs', async () => {
    await control(controlUrl, 'POST', '/cameras/2/faults', { delayMs: 700 });
    const slow = await soap(device(2), deviceInfo, { credentials });
    expect(slow.status).toBe(200);
    expect(slow.ms).toBeGreaterThanOrEqual(680);
    const other = await soap(device(3), deviceInfo, { credentials });
    expect(other.ms).toBeLessThan(500);
  });

  it('sends malformed, truncated and entity-bomb replies', async () => {
    const good = await soap(device(2), deviceInfo, { credentials });
    expect(XMLValidator.validate(good.text)).toBe(true);

    await control(controlUrl, 'POST', '/cameras/2/faults', { malformed: true });
    const malformed = await soap(device(2), deviceInfo, { credentials });
    expect(malformed.status).toBe(200);
    expect(XMLValidator.validate(malformed.text)).not.toBe(true);

    await control(controlUrl, 'POST', '/cameras/2/faults', { malformed: false, truncated: true });
    const truncated = await soap(device(2), deviceInfo, { credentials });
    expect(truncated.status).toBe(200);
    expect(XMLValidator.validate(truncated.text)).not.toBe(true);
    expect(good.text.startsWith(truncated.text)).toBe(true);
    expect(truncated.text.length).toBeLessThan(good.text.length);

    await control(controlUrl, 'POST', '/cameras/2/faults', { truncated: false, entityBomb: true });
    const bomb = await soap(device(2), deviceInfo, { credentials });
    expect(bomb.status).toBe(200);
    expect(bomb.text).toMatch(/<!DOCTYPE env:Envelope \[/);
    expect(bomb.text).toContain('<!ENTITY lol9 "&lol8;&lol8;&lol8;');
    expect(bomb.text).toContain('&lol9;');
    // A parser that does not expand entities reads it safely and sees the reply intact.
    const safe = new XMLParser({ processEntities: false, removeNSPrefix: true }).parse(bomb.text);
    expect(safe.Envelope.Body.GetDeviceInformationResponse.Manufacturer).toBe('wardwatch');
  });

  it('skews the camera clock in GetSystemDateAndTime and in message UtcTime', async () => {
    await control(controlUrl, 'POST', '/cameras/3/faults', { clockSkewSeconds: 3600 });
    const time = body((await soap(device(3), clock)).text).GetSystemDateAndTimeResponse.SystemDateAndTime.UTCDateTime;
    const cameraMs = Date.UTC(time.Date.Year, time.Date.Month - 1, time.Date.Day, time.Time.Hour, time.Time.Minute, time.Time.Second);
    expect(Math.abs(cameraMs - Date.now() - 3_600_000)).toBeLessThan(2000);

    // Credentials must now carry Created in the camera's clock (replay protection follows its clock).
    const cameraCreated = { credentials, createdMs: Date.now() + 3_600_000 };
    expect((await soap(device(3), deviceInfo, { credentials })).status).toBe(400);
    expect((await soap(device(3), deviceInfo, cameraCreated)).status).toBe(200);

    const events = `http://127.0.0.1:${port(3)}/onvif/Events`;
    const created = await soap(
      events,
      `<CreatePullPointSubscription xmlns="http://www.onvif.org/ver10/events/wsdl"><InitialTerminationTime>PT60S</InitialTerminationTime></CreatePullPointSubscription>`,
      cameraCreated,
    );
    const response = body(created.text).CreatePullPointSubscriptionResponse;
    expect(Math.abs(Date.parse(response.CurrentTime) - Date.now() - 3_600_000)).toBeLessThan(2000);
    const answer = await soap(
      response.SubscriptionReference.Address,
      `<PullMessages xmlns="http://www.onvif.org/ver10/events/wsdl"><Timeout>PT0S</Timeout><MessageLimit>5</MessageLimit></PullMessages>`,
      cameraCreated,
    );
    const [message] = notifications(answer.text);
    expect(Math.abs(Date.parse(message.utcTime) - Date.now() - 3_600_000)).toBeLessThan(2000);
  });

  it('expires subscriptions early while reporting the termination time that was asked for', async () => {
    await control(controlUrl, 'POST', '/cameras/3/faults', { expireAfterSeconds: 1 });
    const created = await soap(
      `http://127.0.0.1:${port(3)}/onvif/Events`,
      `<CreatePullPointSubscription xmlns="http://www.onvif.org/ver10/events/wsdl"><InitialTerminationTime>PT60S</InitialTerminationTime></CreatePullPointSubscription>`,
      { credentials },
    );
    const response = body(created.text).CreatePullPointSubscriptionResponse;
    expect(Date.parse(response.TerminationTime) - Date.parse(response.CurrentTime)).toBeGreaterThanOrEqual(59_000);
    await new Promise((r) => setTimeout(r, 1300));
    const late = await pull(response.SubscriptionReference.Address, credentials, 'PT0S');
    expect(late.status).toBe(400);
    expect(body(late.text).Fault.Code.Subcode.Value).toBe('wsrf-rw:ResourceUnknownFault');
  });

  it('validates fault changes and reports stats', async () => {
    const bad = await control(controlUrl, 'POST', '/cameras/1/faults', { ofline: true });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/unknown fault "ofline"/);
    expect((await control(controlUrl, 'POST', '/cameras/9/faults', { offline: true })).status).toBe(404);
    const stats = await control(controlUrl, 'GET', '/cameras/1/stats');
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({
      subscriptions: { active: expect.any(Number) },
      messagesEmitted: expect.any(Number),
      messagesDropped: expect.any(Number),
    });
    const burst = await control(controlUrl, 'POST', '/cameras/2/burst', { count: 50, intervalMs: 0 });
    expect(burst.status).toBe(202);
    expect((await control(controlUrl, 'GET', '/cameras/2/stats')).body).toMatchObject({ messagesEmitted: 100, messagesDropped: 100 });
  });

  it('sends arbitrary messages on demand (odd topics, impossible times), escaped, in order; a burst gives each change its own time', async () => {
    const address = await createPullPoint(`http://127.0.0.1:${port(3)}`, credentials);
    await pull(address, credentials, 'PT0S'); // the Initialized state
    const refused = await control(controlUrl, 'POST', '/cameras/3/notify', { messages: [{ topic: '' }] });
    expect(refused.status).toBe(400);
    const sent = await control(controlUrl, 'POST', '/cameras/3/notify', {
      messages: [
        { topic: `tns1:Vendor/<&>${'x'.repeat(300)}`, data: { State: 'true' } },
        { topic: 'tns1:Device/Trigger/DigitalInput', utcTime: '1999-01-01T00:00:00Z', data: { LogicalState: 'true' } },
      ],
    });
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ number: 3, sent: 2 });
    const reply = (await pull(address, credentials, 'PT0S')).text;
    expect(XMLValidator.validate(reply)).toBe(true); // the topic's markup characters are escaped
    const got = notifications(reply);
    // (this test client's parser leaves entities as they are)
    expect(got.map((n) => [n.topic, n.utcTime])).toEqual([
      [`tns1:Vendor/&lt;&amp;&gt;${'x'.repeat(300)}`, expect.any(String)],
      ['tns1:Device/Trigger/DigitalInput', '1999-01-01T00:00:00Z'],
    ]);

    expect((await control(controlUrl, 'POST', '/cameras/3/burst', { count: 20, intervalMs: 0 })).status).toBe(202);
    const times = notifications((await pull(address, credentials, 'PT0S', 100)).text).map((n) => Date.parse(n.utcTime));
    expect(times).toHaveLength(40);
    expect(new Set(times).size).toBe(40);
  });
});
