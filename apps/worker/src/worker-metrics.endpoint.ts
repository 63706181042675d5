import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { WorkerConfig } from '@wardwatch/config';
import { ClipCaptureService } from '@wardwatch/footage';
import { MetricsService } from '@wardwatch/observability';

/**
 * The worker has no HTTP API, but Prometheus must scrape its ingest and audit metrics: a minimal
 * listener serves GET /metrics (bearer METRICS_TOKEN, as the API's) and GET /health (liveness).
 */
@Injectable()
export class WorkerMetricsEndpoint implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerMetricsEndpoint.name);
  private server?: Server;

  constructor(
    private readonly config: WorkerConfig,
    private readonly metrics: MetricsService,
    private readonly capture: ClipCaptureService,
  ) {}

  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    const expected = Buffer.from(`Bearer ${this.config.METRICS_TOKEN}`);
    this.server = createServer((req, res) => {
      if (req.method === 'GET' && req.url === '/health') {
        // Liveness stays 200 (restarting would not free the disk); the body says when buffering stopped.
        const clips = this.capture.status();
        const body = {
          status: clips.diskFull ? 'degraded' : 'ok',
          clipBuffering: clips.diskFull ? 'stopped: spool at CLIP_DISK_CEILING_BYTES' : 'ok',
          spoolBytes: clips.spoolBytes,
          spoolCeilingBytes: clips.ceilingBytes,
          camerasBuffering: clips.cameras.filter((c) => c.state === 'recording').length,
        };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        return;
      }
      if (req.method !== 'GET' || req.url !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics and GET /health are served here\n');
        return;
      }
      const given = Buffer.from(req.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.writeHead(401, { 'content-type': 'text/plain' }).end('metrics need "Authorization: Bearer <METRICS_TOKEN>"\n');
        return;
      }
      this.metrics.render().then(
        (body) => res.writeHead(200, { 'content-type': this.metrics.contentType }).end(body),
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.config.WORKER_METRICS_PORT, this.config.WORKER_METRICS_HOST, () => resolve());
    });
    this.logger.log({ port: this.port, host: this.config.WORKER_METRICS_HOST }, 'worker metrics listening');
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
