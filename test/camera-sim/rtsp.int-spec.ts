import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CameraSimulator, type SimulatorInfo } from '../../apps/camera-sim/src';

const run = promisify(execFile);

/** ffprobe's view of a stream: "h264 320x240", or the error it gave. */
async function probe(uri: string): Promise<string> {
  try {
    const { stdout } = await run(
      'ffprobe',
      [
        '-rtsp_transport',
        'tcp',
        '-timeout',
        '5000000',
        '-v',
        'error',
        '-show_entries',
        'stream=codec_name,width,height',
        '-of',
        'csv=p=0',
        uri,
      ],
      { timeout: 20_000 },
    );
    const [codec, width, height] = stdout.trim().split(',');
    return `${codec} ${width}x${height}`;
  } catch (error) {
    return `failed: ${String((error as { stderr?: string }).stderr ?? error).trim()}`;
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('camera simulator: RTSP video', () => {
  jest.setTimeout(60_000);

  describe('one encoder per camera', () => {
    const simulator = new CameraSimulator();
    let info: SimulatorInfo;
    beforeAll(async () => {
      info = await simulator.start({ cameras: 2, basePort: 0, rtspPort: 0, controlPort: null });
    });
    afterAll(() => simulator.stop());

    it('serves H.264 320x240 per camera and takes one camera stream down on demand', async () => {
      const [cam1, cam2] = info.cameras.map((c) => c.rtspUri);
      expect(cam1).toBe(`rtsp://127.0.0.1:${info.rtspPort}/cam1`);
      expect(await probe(cam1)).toBe('h264 320x240');

      await simulator.camera(1).setFaults({ streamDown: true });
      expect(await probe(cam1)).toMatch(/failed: .*404 Not Found/);
      expect(await probe(cam2)).toBe('h264 320x240');

      await simulator.camera(1).setFaults({ streamDown: false });
      expect(await probe(cam1)).toBe('h264 320x240');
    });

    it('kills the RTSP server on stop', async () => {
      const pid = info.rtspPid!;
      expect(alive(pid)).toBe(true);
      await simulator.stop();
      expect(alive(pid)).toBe(false);
    });
  });

  describe('--shared-stream', () => {
    const simulator = new CameraSimulator();
    let info: SimulatorInfo;
    beforeAll(async () => {
      info = await simulator.start({ cameras: 50, basePort: 0, rtspPort: 0, controlPort: null, sharedStream: true });
    });
    afterAll(() => simulator.stop());

    it('serves the same stream on every mount, and streamDown still takes one mount away', async () => {
      expect(await probe(info.cameras[49].rtspUri)).toBe('h264 320x240');
      await simulator.camera(7).setFaults({ streamDown: true });
      expect(await probe(info.cameras[6].rtspUri)).toMatch(/failed/);
      expect(await probe(info.cameras[0].rtspUri)).toBe('h264 320x240');
    });
  });
});
