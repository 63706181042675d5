import { Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { CameraNetworkPolicy, CredentialCipher } from '@wardwatch/cameras';
import { WorkerConfig } from '@wardwatch/config';
import { EventIndexRepository } from '@wardwatch/events';
import { CameraHoldings, HoldingFence, refusalOf, type Holding, type HoldingFollower } from '@wardwatch/holdings';
import { PullPointClient } from '@wardwatch/onvif';
import { CameraCoverageRepository } from './camera-coverage.repository';
import { CameraEventSubscription, DEFAULT_TIMING, type SubscriptionTiming } from './camera-event-subscription';
import { IngestMetrics } from './ingest-metrics';
import { SubscriptionRecordsRepository } from './subscription-records.repository';

/** A new token (the lease was taken again) or a new address or credentials start the loop afresh. */
const fingerprint = (h: Holding) =>
  `${h.token}|${h.target.onvifHost}|${h.target.onvifPort}|${h.target.onvifPath}|${h.target.eventsPath}|${h.target.credentialsSealed}`;

export interface SupervisorSettings {
  timing: SubscriptionTiming;
}

/**
 * Runs an event subscription loop for each camera this worker holds (CameraHoldings decides which,
 * and tells this supervisor after every reconcile and before it gives a camera back).
 */
@Injectable()
export class EventSubscriptionSupervisor implements OnModuleInit, BeforeApplicationShutdown, HoldingFollower {
  private readonly logger = new Logger(EventSubscriptionSupervisor.name);
  private readonly loops = new Map<string, CameraEventSubscription>();
  private readonly fingerprints = new Map<string, string>();
  readonly settings: SupervisorSettings;

  constructor(
    private readonly config: WorkerConfig,
    private readonly holdings: CameraHoldings,
    private readonly coverage: CameraCoverageRepository,
    private readonly index: EventIndexRepository,
    private readonly cipher: CredentialCipher,
    private readonly metrics: IngestMetrics,
    private readonly records: SubscriptionRecordsRepository,
    private readonly fence: HoldingFence,
  ) {
    this.settings = {
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
    return this.holdings.id;
  }

  /** Cameras whose loop runs in this worker. */
  heldCameras(): string[] {
    return [...this.loops.keys()];
  }

  onModuleInit(): void {
    this.holdings.follow(this);
  }

  /** Runs exactly the loops of the cameras held; a loop that stopped by itself (fenced out) is not restarted for the same lease. */
  async followHoldings(held: ReadonlyMap<string, Holding>, policy: CameraNetworkPolicy): Promise<void> {
    for (const [cameraId, loop] of [...this.loops]) {
      const holding = held.get(cameraId);
      // A re-probe, new credentials or a new lease token change how to reach or write for the camera.
      if (holding === undefined || this.fingerprints.get(cameraId) !== fingerprint(holding)) await this.letGo(cameraId);
      else if (!loop.isRunning) await this.letGo(cameraId);
    }
    for (const holding of held.values()) {
      if (this.loops.has(holding.cameraId)) continue;
      this.startLoop(holding, (address) => refusalOf(this.holdings.policy ?? policy, address));
    }
    this.metrics.held.set(this.loops.size);
  }

  private startLoop(holding: Holding, check: (address: string) => string | null): void {
    const target = holding.target;
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
      { cameraId: holding.cameraId, token: holding.token },
      client,
      {
        index: this.index,
        coverage: this.coverage,
        records: this.records,
        metrics: this.metrics,
        fence: this.fence,
        workerId: this.holdings.id,
      },
      this.settings.timing,
    );
    this.loops.set(target.id, loop);
    this.fingerprints.set(target.id, fingerprint(holding));
    loop.start();
  }

  async letGo(cameraId: string): Promise<void> {
    const loop = this.loops.get(cameraId);
    if (!loop) return;
    this.loops.delete(cameraId);
    this.fingerprints.delete(cameraId);
    await loop.stop();
    this.metrics.forget(cameraId);
    this.metrics.held.set(this.loops.size);
  }

  /** Before TypeORM closes its pool: a loop's stop still writes (gaps, subscription records). */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.loops.keys()].map((id) => this.letGo(id)));
  }
}
