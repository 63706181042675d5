/* eslint-disable @typescript-eslint/no-explicit-any -- parsed SOAP replies are walked untyped; the assertions check their shape. */
import { Cam } from 'onvif';
import { CameraSimulator, MOTION_TOPIC, type SimulatorInfo } from '../../apps/camera-sim/src';
import { control } from './sim-soap-client';

/** The `onvif` npm client (what enrolment's probe uses) against the simulator, end to end. */
describe('camera simulator: interop with the onvif client', () => {
  const simulator = new CameraSimulator();
  let info: SimulatorInfo;

  beforeAll(async () => {
    // No video: this file is about the ONVIF services; rtsp.int-spec.ts covers the stream.
    info = await simulator.start({ cameras: 2, basePort: 0, controlPort: 0, video: false, rtspPort: 18554 });
  });
  afterAll(() => simulator.stop());

  const call = <T>(start: (done: (err: Error | null, result: T) => void) => void) =>
    new Promise<T>((resolve, reject) => start((err, result) => (err ? reject(err) : resolve(result))));

  function connectCam(n: number, password = 'wardwatch-sim'): Promise<Cam> {
    return new Promise((resolve, reject) => {
      const cam: Cam = new Cam(
        {
          hostname: '127.0.0.1',
          port: info.cameras[n - 1].port,
          username: 'admin',
          password,
          path: '/onvif/device_service',
          timeout: 5000,
        },
        (err) => (err ? reject(err) : resolve(cam)),
      );
    });
  }

  it('connects, reads device information, an H.264 profile and the camera stream URI', async () => {
    const cam = await connectCam(2);
    const device = await call<Record<string, string>>((done) => cam.getDeviceInformation(done));
    expect(device).toMatchObject({ manufacturer: 'wardwatch', model: 'camera-sim', serialNumber: 'WWSIM-00002' });

    const profiles = (await call<unknown[]>((done) => cam.getProfiles(done))) as any[];
    const h264 = profiles.find((p) => p.videoEncoderConfiguration?.encoding === 'H264');
    expect(h264).toBeDefined();
    expect(h264.videoEncoderConfiguration.resolution).toEqual({ width: 320, height: 240 });

    const stream = await call<{ uri: string }>((done) => cam.getStreamUri({ protocol: 'RTSP', profileToken: h264.$.token }, done));
    expect(stream.uri).toBe('rtsp://127.0.0.1:18554/cam2');

    const capabilities = await call<Record<string, unknown>>((done) => cam.getEventServiceCapabilities(done));
    expect(capabilities.WSPullPointSupport).toBe(true);
  });

  it('creates a PullPoint subscription and pulls the motion the control API triggered', async () => {
    const cam = await connectCam(1);
    await call((done) => cam.createPullPointSubscription(done));
    const triggered = await control(info.controlUrl!, 'POST', '/cameras/1/motion', { active: true });
    expect(triggered).toEqual({ status: 200, body: { number: 1, changed: true, motion: true } });

    const answer = (await call((done) => cam.pullMessages({}, done))) as any;
    const messages = [answer.notificationMessage].flat();
    const motion = messages.filter((m: any) => m.topic._ === MOTION_TOPIC);
    // The subscription starts with the current state (Initialized, no motion), then the change.
    expect(motion.map((m: any) => [m.message.message.$.PropertyOperation, m.message.message.data.simpleItem.$])).toEqual([
      ['Initialized', { Name: 'IsMotion', Value: false }],
      ['Changed', { Name: 'IsMotion', Value: true }],
    ]);
    const source = motion[1].message.message.source.simpleItem.map((i: any) => i.$.Name);
    expect(source).toEqual(['VideoSourceConfigurationToken', 'VideoAnalyticsConfigurationToken', 'Rule']);
  });

  it('refuses a wrong password with NotAuthorized', async () => {
    await expect(connectCam(1, 'not-the-password')).rejects.toThrow(/Sender not Authorized/);
  });
});
