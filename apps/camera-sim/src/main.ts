import pino from 'pino';
import { CameraSimulator } from './camera-simulator';
import { CliUsageError, parseCliArgs, USAGE } from './cli';
import type { SimLogger } from './logger';

/**
 * `npm run sim -- --cameras 200`: runs the simulator until SIGINT/SIGTERM. Stdout carries only the
 * camera list (a table, or one JSON line with --json) so scripts can read it; logs go to stderr.
 */
async function main(): Promise<void> {
  let cli;
  try {
    cli = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof CliUsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    throw error;
  }
  if (cli.help) {
    console.log(USAGE);
    return;
  }
  const log = pino({ name: 'camera-sim', level: 'info' }, pino.destination(2));
  const logger: SimLogger = { info: (m) => log.info(m), warn: (m) => log.warn(m), error: (m) => log.error(m) };

  const simulator = new CameraSimulator();
  const info = await simulator.start({ ...cli.simulator, logger });

  if (cli.json) {
    process.stdout.write(`${JSON.stringify(info)}\n`);
  } else {
    const rows = info.cameras.map((c) => [
      `cam${c.number}`,
      c.deviceServiceUrl,
      c.video ? c.rtspUri : '(event-only)',
      c.username,
      c.password,
    ]);
    const header = ['camera', 'ONVIF device service', 'RTSP stream', 'user', 'password'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) =>
      cells
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd();
    process.stdout.write(`${[line(header), ...rows.map(line)].join('\n')}\n`);
    process.stdout.write(
      `control: ${info.controlUrl ?? 'off'}   video: ${info.rtspPort === null ? 'off' : `rtsp port ${info.rtspPort}`}\n`,
    );
  }
  log.info(`${info.cameras.length} cameras running; control ${info.controlUrl ?? 'off'}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping`);
    simulator.stop().then(
      () => {
        log.info('stopped cleanly');
        log.flush();
        process.exit(0);
      },
      (error: unknown) => {
        log.error(`stop failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
