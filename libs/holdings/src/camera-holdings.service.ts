import { hostname } from 'node:os';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Gauge } from 'prom-client';
import { CameraNetworkPolicy, CameraNetworksService, listenToCameraSignals, type CameraSignal } from '@wardwatch/cameras';
import { WorkerConfig } from '@wardwatch/config';
import { MetricsService } from '@wardwatch/observability';
import { CameraLeases } from './camera-leases';
import { fitsCaps, holdingCaps, type HoldingCaps } from './holding-caps';
import type { HoldingToken } from './holding-fence';
import { HoldingsRepository, type HoldingTarget } from './holdings.repository';

/** A camera this worker holds: its lease's fencing token and how to reach it. */
export interface Holding extends HoldingToken {
  target: HoldingTarget;
}

/**
 * What runs for a held camera (the event subscription, the video buffer). Told after every
 * reconcile what is held, and before a lease is given back, so it stops acting first.
 */
export interface HoldingFollower {
  followHoldings(held: ReadonlyMap<string, Holding>, policy: CameraNetworkPolicy): Promise<void>;
  letGo(cameraId: string): Promise<void>;
}

export interface HoldingSettings {
  reconcileMs: number;
  leaseMs: number;
  capacity: { cameras: number; video: number };
}

/**
 * The cameras this worker holds. Every reconcile it renews its leases (Redis) and their record
 * (PostgreSQL), gives back what it may no longer hold (consent, camera network, a newer lease by
 * another worker, over its share), takes consenting cameras nobody holds while it can serve them
 * in full (events, and video where the camera has it), and opens a coverage gap for consenting
 * cameras that nobody has covered for longer than a lease period. Ingest and clip capture follow.
 */
@Injectable()
export class CameraHoldings implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(CameraHoldings.name);
  private readonly held = new Map<string, Holding>();
  private readonly followers: HoldingFollower[] = [];
  private readonly workerId: string;
  private timer?: NodeJS.Timeout;
  private signals?: { close(): void };
  private reconciling?: Promise<void>;
  private running = false;
  /** A pass was asked for while one ran (a consent signal): run again as soon as it ends. */
  private again = false;
  private stopped = false;
  private installation?: string;
  private latestPolicy?: CameraNetworkPolicy;
  private readonly heldGauge: Gauge<'kind'>;
  readonly settings: HoldingSettings;

  constructor(
    private readonly config: WorkerConfig,
    private readonly repository: HoldingsRepository,
    private readonly leases: CameraLeases,
    private readonly networks: CameraNetworksService,
    metrics: MetricsService,
  ) {
    this.workerId = config.WORKER_ID ?? `${hostname()}-${process.pid}`;
    this.settings = {
      reconcileMs: config.INGEST_RECONCILE_MS,
      leaseMs: Math.max(config.INGEST_LEASE_MS, config.INGEST_RECONCILE_MS * 2),
      capacity: { cameras: config.INGEST_MAX_CAMERAS, video: config.CLIP_MAX_CAMERAS },
    };
    this.heldGauge = metrics.gauge('wardwatch_holdings_cameras', 'Cameras this worker holds, by kind (video: events and buffer)', ['kind']);
  }

  get id(): string {
    return this.workerId;
  }

  /** The camera networks as of the latest reconcile (running loops check addresses against it). */
  get policy(): CameraNetworkPolicy | undefined {
    return this.latestPolicy;
  }

  follow(follower: HoldingFollower): void {
    this.followers.push(follower);
  }

  /** What this worker holds now. */
  current(): ReadonlyMap<string, Holding> {
    return this.held;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.signals = await listenToCameraSignals(this.config, (signal) => void this.onSignal(signal));
    this.schedule(0);
  }

  /** One pass at a time: two at once would each see the other's fresh leases as someone else's. */
  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    if (this.running) {
      this.again = true;
      return;
    }
    this.timer = setTimeout(() => {
      this.running = true;
      this.reconciling = this.reconcile()
        // A pass cut short by shutdown (its connections closing under it) is not a failure to report.
        .catch(async (e: unknown) => {
          if (this.stopped) return;
          this.logger.warn({ err: (e as Error).message }, 'holdings reconcile failed; retrying next period');
          await this.keepLeases();
        })
        .finally(() => {
          this.running = false;
          const again = this.again;
          this.again = false;
          this.schedule(again ? 0 : this.settings.reconcileMs);
        });
    }, ms);
  }

  /**
   * A pass failed (PostgreSQL down or restarting): the cameras are still this worker's, and its
   * loops keep what they pull to write it when the database is back, so their leases are renewed in
   * Redis meanwhile. Otherwise they lapsed after INGEST_LEASE_MS, were taken again with new tokens,
   * and what was pulled during the outage was refused as a stale owner's writes (ingest across a
   * PostgreSQL restart lost 5 of 14 episodes). A lease another worker has taken is not renewed.
   */
  private async keepLeases(): Promise<void> {
    const { leaseMs } = this.settings;
    try {
      if (this.installation) await this.leases.heartbeat(this.installation, this.workerId, leaseMs);
      for (const [cameraId, holding] of this.held) await this.leases.renew(cameraId, this.workerId, holding.token, leaseMs);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'could not renew the leases either (Redis down?)');
    }
  }

  /** Takes, keeps and gives back cameras; then tells the followers and reports what nobody covers. */
  async reconcile(): Promise<void> {
    const { leaseMs } = this.settings;
    const targets = await this.repository.targets();
    const wanted = new Map(targets.map((t) => [t.id, t]));
    this.installation ??= await this.repository.installation();
    const workers = await this.leases.heartbeat(this.installation, this.workerId, leaseMs);
    const policy = await this.networks.policy();
    this.latestPolicy = policy;
    const caps = holdingCaps(
      this.settings.capacity,
      { video: targets.filter((t) => t.video).length, eventsOnly: targets.filter((t) => !t.video).length },
      workers,
    );

    for (const [cameraId, holding] of [...this.held]) {
      const target = wanted.get(cameraId);
      if (target === undefined) {
        await this.giveBack(cameraId, 'the camera is no longer active with consent for event metadata');
        continue;
      }
      const refusal = refusalOf(policy, target.onvifHost);
      if (refusal !== null) {
        this.logger.warn({ cameraId, reason: refusal }, 'giving back a camera no longer in an allowed camera network');
        await this.giveBack(cameraId, refusal);
        continue;
      }
      holding.target = target;
      if (await this.leases.renew(cameraId, this.workerId, holding.token, leaseMs)) continue;
      // The lease vanished (Redis restarted empty: it keeps nothing on disk) or another worker has it:
      // taken again, with a new token, only if nobody else holds it.
      const token = await this.leases.acquire(cameraId, this.workerId, leaseMs, Math.max(target.token, holding.token));
      if (token !== null && (await this.repository.recordAcquisition(cameraId, token, this.workerId, leaseMs))) {
        holding.token = token;
      } else {
        this.logger.warn({ cameraId, token: holding.token }, 'lost the camera’s lease to another worker');
        await this.giveBack(cameraId, 'lease lost', token ?? undefined);
      }
    }

    // A newer acquisition recorded by another worker (this one paused past its lease) wins.
    const current = await this.repository.recordRenewals(this.workerId, [...this.held.values()]);
    for (const [cameraId, holding] of [...this.held]) {
      if (!current.has(cameraId)) {
        this.logger.warn({ cameraId, token: holding.token }, 'another worker took the camera (a newer lease token is recorded)');
        await this.giveBack(cameraId, 'taken over');
      }
    }

    await this.shed(caps);
    await this.take(targets, caps, policy);
    for (const follower of this.followers) await follower.followHoldings(this.held, policy);
    await this.reportUncovered(policy);
    this.report();
  }

  private counts(): { video: number; eventsOnly: number } {
    let video = 0;
    for (const h of this.held.values()) if (h.target.video) video += 1;
    return { video, eventsOnly: this.held.size - video };
  }

  /** Over our share: let these go; a less loaded worker takes them on its next reconcile. */
  private async shed(caps: HoldingCaps): Promise<void> {
    const held = [...this.held.values()];
    const video = held.filter((h) => h.target.video);
    const eventsOnly = held.filter((h) => !h.target.video);
    const over = [...video.slice(caps.video), ...eventsOnly.slice(caps.eventsOnly)];
    for (const h of over) await this.giveBack(h.cameraId, 'over this worker’s share');
    const beyond = this.held.size - caps.total;
    if (beyond > 0) for (const h of [...this.held.values()].slice(-beyond)) await this.giveBack(h.cameraId, 'over this worker’s capacity');
  }

  private async take(targets: HoldingTarget[], caps: HoldingCaps, policy: CameraNetworkPolicy): Promise<void> {
    const { leaseMs } = this.settings;
    const counts = this.counts();
    for (const target of targets) {
      if (this.stopped || counts.video + counts.eventsOnly >= caps.total) break;
      if (this.held.has(target.id) || !fitsCaps(caps, counts, target.video)) continue;
      // Outside every camera network: nothing to subscribe to (reported uncovered, network_refused).
      if (refusalOf(policy, target.onvifHost) !== null) continue;
      const token = await this.leases.acquire(target.id, this.workerId, leaseMs, target.token);
      if (token === null) continue;
      if (!(await this.repository.recordAcquisition(target.id, token, this.workerId, leaseMs))) {
        // PostgreSQL has seen a newer token: this lease is not the latest; let it go.
        await this.leases.release(target.id, this.workerId, token);
        continue;
      }
      this.held.set(target.id, { cameraId: target.id, token, target });
      if (target.video) counts.video += 1;
      else counts.eventsOnly += 1;
    }
  }

  /**
   * Consenting cameras that no live lease has covered for longer than a lease period get a gap and
   * health `not_covered`: every live worker checks (the gap is opened once), so a camera nobody can
   * take is never shown as quietly online. The reason says why, as far as this worker can tell.
   */
  private async reportUncovered(policy: CameraNetworkPolicy): Promise<void> {
    await this.repository.closeCoverageOfNonTargets();
    const candidates = await this.repository.uncovered(this.settings.leaseMs);
    if (candidates.length === 0) return;
    const live = await this.leases.holders(candidates.map((c) => c.id));
    for (const camera of candidates) {
      if (live.has(camera.id)) continue;
      const refusal = refusalOf(policy, camera.onvifHost);
      const opened = await this.repository.openCoverageGap(
        camera,
        refusal !== null ? 'network_refused' : 'no_capacity',
        refusal !== null
          ? `no worker may reach the camera: ${refusal}`
          : 'no worker has capacity for the camera (INGEST_MAX_CAMERAS / CLIP_MAX_CAMERAS per worker): add a worker',
        this.settings.leaseMs,
      );
      if (opened)
        this.logger.warn(
          { cameraId: camera.id, since: camera.since, reason: refusal ?? 'no capacity' },
          'camera not covered by any worker',
        );
    }
  }

  private report(): void {
    const counts = this.counts();
    this.heldGauge.set({ kind: 'video' }, counts.video);
    this.heldGauge.set({ kind: 'events_only' }, counts.eventsOnly);
  }

  /** Followers stop first, then the lease goes back (Redis) and its record says since when it is free. */
  private async giveBack(cameraId: string, why: string, newerToken?: number): Promise<void> {
    const holding = this.held.get(cameraId);
    if (!holding) return;
    this.held.delete(cameraId);
    for (const follower of this.followers) {
      await follower
        .letGo(cameraId)
        .catch((e: unknown) => this.logger.warn({ cameraId, err: (e as Error).message }, 'a follower failed to let the camera go'));
    }
    if (newerToken !== undefined) await this.leases.release(cameraId, this.workerId, newerToken).catch(() => undefined);
    await this.leases.release(cameraId, this.workerId, holding.token).catch(() => undefined);
    await this.repository.recordRelease(cameraId, holding.token).catch(() => undefined);
    this.logger.debug({ cameraId, why }, 'gave the camera back');
    this.report();
  }

  /** Gives a camera back at once (its consent changed); the next reconcile re-reads everything. */
  async release(cameraId: string, why: string): Promise<void> {
    await this.giveBack(cameraId, why);
  }

  private async onSignal(signal: CameraSignal): Promise<void> {
    if (signal.lifecycle !== 'active' && this.held.has(signal.cameraId)) {
      this.logger.log({ cameraId: signal.cameraId, lifecycle: signal.lifecycle }, 'consent changed: giving the camera back');
      await this.giveBack(signal.cameraId, `consent changed: ${signal.lifecycle}`);
    } else if (signal.lifecycle === 'active') {
      this.schedule(0);
    }
  }

  /**
   * Before any module's onApplicationShutdown: TypeORM closes its pool there, and giving a camera
   * back still needs the database (gaps, subscription records, the release time).
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.reconciling;
    await Promise.all([...this.held.keys()].map((id) => this.giveBack(id, 'the worker is shutting down')));
    if (this.installation) await this.leases.leave(this.installation, this.workerId).catch(() => undefined);
    this.signals?.close();
  }
}

/** Why the policy refuses the address, or null when it may be reached. */
export function refusalOf(policy: CameraNetworkPolicy, address: string): string | null {
  const decision = policy.checkAddress(address);
  return decision.allowed ? null : decision.reason;
}
