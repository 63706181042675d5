import { hostname } from 'node:os';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { CameraNetworkPolicy, CameraNetworksService, CredentialCipher, listenToCameraSignals, type CameraSignal } from '@wardwatch/cameras';
import { WorkerConfig } from '@wardwatch/config';
import { EventIndexRepository } from '@wardwatch/events';
import { PullPointClient } from '@wardwatch/onvif';
import { CameraCoverageRepository, type IngestTarget } from './camera-coverage.repository';
import { CameraEventSubscription, DEFAULT_TIMING, type SubscriptionTiming } from './camera-event-subscription';
import { CameraLeases } from './camera-leases';
import { IngestMetrics } from './ingest-metrics';
import { SubscriptionRecordsRepository } from './subscription-records.repository';

const fingerprint = (t: IngestTarget) => `${t.onvifHost}|${t.onvifPort}|${t.onvifPath}|${t.eventsPath}|${t.credentialsSealed}`;

export interface SupervisorSettings {
  reconcileMs: number;
  leaseMs: number;
  maxCameras: number;
  timing: SubscriptionTiming;
}

/**
 * Runs this worker's share of the camera subscriptions: every reconcile it takes leases on active,
 * consenting cameras nobody holds (up to maxCameras), renews its own, and stops the loops of
 * cameras it lost or that left; a consent signal on Redis stops a camera's loop at once.
 */
@Injectable()
export class EventSubscriptionSupervisor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EventSubscriptionSupervisor.name);
  private readonly loops = new Map<string, CameraEventSubscription>();
  private readonly fingerprints = new Map<string, string>();
  private readonly workerId: string;
  private timer?: NodeJS.Timeout;
  private signals?: { close(): void };
  private reconciling?: Promise<void>;
  private stopped = false;
  private installation?: string;
  /**
   * The camera networks as of the latest reconcile. Running loops check every address a camera hands
   * back against this one, not the policy of the day they started, so removing a network applies to
   * them too (review F27).
   */
  private policy?: CameraNetworkPolicy;
  readonly settings: SupervisorSettings;

  constructor(
    private readonly config: WorkerConfig,
    private readonly coverage: CameraCoverageRepository,
    private readonly leases: CameraLeases,
    private readonly index: EventIndexRepository,
    private readonly networks: CameraNetworksService,
    private readonly cipher: CredentialCipher,
    private readonly metrics: IngestMetrics,
    private readonly records: SubscriptionRecordsRepository,
  ) {
    this.workerId = config.WORKER_ID ?? `${hostname()}-${process.pid}`;
    this.settings = {
      reconcileMs: config.INGEST_RECONCILE_MS,
      leaseMs: Math.max(config.INGEST_LEASE_MS, config.INGEST_RECONCILE_MS * 2),
      maxCameras: config.INGEST_MAX_CAMERAS,
      timing: {
        ...DEFAULT_TIMING,
        pullTimeoutSeconds: config.INGEST_PULL_TIMEOUT_S,
        pullGapMs: config.INGEST_MIN_PULL_INTERVAL_MS,
        messagesPerSecond: config.INGEST_CAMERA_MESSAGES_PER_S,
        messageBurst: config.INGEST_CAMERA_MESSAGE_BURST,
        backoffBaseMs: Math.min(DEFAULT_TIMING.backoffBaseMs, config.INGEST_BACKOFF_MAX_MS),
        backoffMaxMs: config.INGEST_BACKOFF_MAX_MS,
      },
    };
  }

  get id(): string {
    return this.workerId;
  }

  /** Cameras whose loop runs in this worker. */
  heldCameras(): string[] {
    return [...this.loops.keys()];
  }

  async onApplicationBootstrap(): Promise<void> {
    this.signals = await listenToCameraSignals(this.config, (signal) => void this.onSignal(signal));
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.reconciling = this.reconcile()
        // A pass cut short by shutdown (its connections closing under it) is not a failure to report.
        .catch((e: unknown) => {
          if (!this.stopped) this.logger.warn({ err: (e as Error).message }, 'reconcile failed; retrying next period');
        })
        .finally(() => this.schedule(this.settings.reconcileMs));
    }, ms);
  }

  /** Takes, keeps and gives up cameras so that this worker runs exactly the loops it holds leases for. */
  async reconcile(): Promise<void> {
    const targets = await this.coverage.ingestTargets();
    const wanted = new Map(targets.map((t) => [t.id, t]));
    // A fair share per live worker, so a worker that joins gets cameras and a crowded one sheds some.
    this.installation ??= await this.coverage.installation();
    const workers = await this.leases.heartbeat(this.installation, this.workerId, this.settings.leaseMs);
    const share = Math.min(this.settings.maxCameras, Math.ceil(targets.length / workers));
    const policy = await this.networks.policy();
    this.policy = policy;
    for (const [cameraId, loop] of this.loops) {
      const target = wanted.get(cameraId);
      // A re-probe or new credentials change how to reach the camera: start its loop afresh.
      const current = target !== undefined && this.fingerprints.get(cameraId) === fingerprint(target);
      const refusal = target === undefined ? null : refusalOf(policy, target.onvifHost);
      if (current && refusal !== null) {
        this.logger.warn({ cameraId, reason: refusal }, 'stopping the subscription of a camera no longer in an allowed camera network');
      }
      // A lease that vanished (Redis restarted empty: it keeps nothing on disk) is taken again if
      // nobody else has it, so a Redis restart does not interrupt subscriptions.
      const keep =
        current &&
        refusal === null &&
        ((await this.leases.renew(cameraId, this.workerId, this.settings.leaseMs)) ||
          (await this.leases.acquire(cameraId, this.workerId, this.settings.leaseMs)));
      if (!keep) await this.release(cameraId, loop);
    }
    for (const [cameraId, loop] of [...this.loops].slice(share)) {
      // Over our share: let these go; a less loaded worker takes their leases on its next reconcile.
      await this.release(cameraId, loop);
    }
    for (const target of targets) {
      if (this.stopped || this.loops.size >= share) break;
      if (this.loops.has(target.id)) continue;
      // Outside every camera network: nothing to subscribe to (the roster shows it uncovered).
      if (refusalOf(policy, target.onvifHost) !== null) continue;
      if (!(await this.leases.acquire(target.id, this.workerId, this.settings.leaseMs))) continue;
      this.startLoop(target, (address) => refusalOf(this.policy ?? policy, address));
    }
    this.metrics.held.set(this.loops.size);
  }

  private startLoop(target: IngestTarget, check: (address: string) => string | null): void {
    const { u, p } = JSON.parse(this.cipher.decrypt(target.credentialsSealed, target.id)) as { u: string; p: string };
    const client = new PullPointClient(
      {
        host: target.onvifHost,
        port: target.onvifPort,
        devicePath: target.onvifPath,
        eventServicePath: target.eventsPath,
        username: u,
        password: p,
      },
      check,
      this.config.INGEST_REQUEST_TIMEOUT_MS,
      this.config.INGEST_REQUEST_DEADLINE_MS,
    );
    const loop = new CameraEventSubscription(
      target.id,
      client,
      { index: this.index, coverage: this.coverage, records: this.records, metrics: this.metrics, workerId: this.workerId },
      this.settings.timing,
    );
    this.loops.set(target.id, loop);
    this.fingerprints.set(target.id, fingerprint(target));
    loop.start();
  }

  private async release(cameraId: string, loop: CameraEventSubscription): Promise<void> {
    this.loops.delete(cameraId);
    this.fingerprints.delete(cameraId);
    await loop.stop();
    this.metrics.forget(cameraId);
    this.metrics.held.set(this.loops.size);
    await this.leases.release(cameraId, this.workerId).catch(() => undefined);
  }

  private async onSignal(signal: CameraSignal): Promise<void> {
    const loop = this.loops.get(signal.cameraId);
    if (signal.lifecycle !== 'active' && loop) {
      this.logger.log({ cameraId: signal.cameraId, lifecycle: signal.lifecycle }, 'consent changed: stopping the camera subscription');
      await this.release(signal.cameraId, loop);
    } else if (signal.lifecycle === 'active') {
      this.schedule(0);
    }
  }

  /**
   * Before any module's onApplicationShutdown: TypeORM closes its pool there, and a reconcile pass or
   * a loop's release still needs the database (gaps, subscription records).
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.reconciling;
    await Promise.all([...this.loops].map(([id, loop]) => this.release(id, loop)));
    if (this.installation) await this.leases.leave(this.installation, this.workerId).catch(() => undefined);
    this.signals?.close();
  }
}

/** Why the policy refuses the address, or null when it may be reached. */
function refusalOf(policy: CameraNetworkPolicy, address: string): string | null {
  const decision = policy.checkAddress(address);
  return decision.allowed ? null : decision.reason;
}
