import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from '../support/test-environment';
import { tryConnect } from './sim-soap-client';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** `npm run sim` as installers run it: prints the cameras, stops cleanly on SIGTERM. */
describe('camera simulator: command line', () => {
  jest.setTimeout(60_000);

  it('prints five cameras as one JSON line and exits cleanly on SIGTERM', async () => {
    // Any free ports, so the test can run beside others (and beside a running simulator). In its
    // own process group: npm 11 does not forward SIGTERM to the script (npm/cli#6684), so the
    // signal goes to the group, as Ctrl-C in a terminal or a process manager sends it.
    const child = spawn(
      'npm',
      ['run', 'sim', '--', '--cameras', '5', '--base-port', '0', '--control-port', '0', '--rtsp-port', '0', '--json'],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // 'close' waits for every holder of the pipes, i.e. for the simulator itself, not only npm.
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no JSON line within 30 s')), 30_000);
        // npm prints its own banner first; the simulator's line is the one that starts with "{".
        createInterface({ input: child.stdout }).on('line', (l) => {
          if (l.startsWith('{')) {
            clearTimeout(timer);
            resolve(l);
          }
        });
        void exited.then((code) => reject(new Error(`the simulator exited (${code}) before printing`)));
      });
      const info = JSON.parse(line);
      expect(info.cameras).toHaveLength(5);
      for (const [i, camera] of info.cameras.entries()) {
        expect(camera).toMatchObject({ number: i + 1, username: 'admin', password: 'wardwatch-sim' });
        expect(camera.deviceServiceUrl).toBe(`http://127.0.0.1:${camera.port}/onvif/device_service`);
        expect(camera.rtspUri).toBe(`rtsp://127.0.0.1:${info.rtspPort}/cam${i + 1}`);
        expect(await tryConnect(camera.port)).toBe('connected');
      }
      const cameras = await (await fetch(`${info.controlUrl}/cameras`)).json();
      expect(cameras).toHaveLength(5);

      process.kill(-child.pid!, 'SIGTERM');
      await exited;
      expect(stderr).toContain('stopped cleanly');
      expect(await tryConnect(info.cameras[0].port)).toBe('ECONNREFUSED');
      expect(alive(info.rtspPid)).toBe(false);
    } finally {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    }
  });
});
