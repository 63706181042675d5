import {
  cellMotionMessage,
  customMessage,
  motionAlarmMessage,
  type CustomNotification,
  type PropertyOperation,
} from './events/notification-messages';
import { SubscriptionManager, type Subscription, type SubscriptionStats } from './events/subscription-manager';
import { DEFAULT_FAULTS, type CameraFaults } from './camera-faults';
import type { SimLogger } from './logger';
import { OnvifHttpServer } from './onvif/onvif-http-server';
import { RtspFront } from './rtsp/rtsp-front';
import { WsSecurityVerifier, type Credentials } from './soap/ws-security';

/** Takes one camera's RTSP mount down and up (the RTSP supervisor, or nothing with --no-video). */
export interface StreamControl {
  setStreamDown(camera: number, down: boolean): Promise<void>;
}

export interface CameraSettings {
  number: number;
  credentials: Credentials;
  bindHost: string;
  advertiseHost?: string;
  rtspPort: number;
  /** Whether the camera has an RTSP mount (false: event-only; its stream URI leads nowhere). Default true. */
  video?: boolean;
  /** Also send tns1:VideoSource/MotionAlarm (State) beside the cell-motion topic. */
  motionAlarmTopic: boolean;
  maxSubscriptions: number;
  maxQueuedMessages: number;
  /** How far WS-Security Created may be from the camera clock; 0 disables the check. */
  createdToleranceMs: number;
  streamControl?: StreamControl;
  logger: SimLogger;
}

export interface CameraStats {
  subscriptions: SubscriptionStats;
  /** Notification messages the camera produced (one per topic per state change). */
  messagesEmitted: number;
  /** Produced while no subscription existed: lost, as on a real camera. */
  messagesDropped: number;
  /** Handed out in PullMessages answers. */
  messagesDelivered: number;
  /** PullMessages answered (with or without messages). */
  pulls: number;
  /** Every request, of any service (pulls, renewals, clock reads, new subscriptions). */
  requests: number;
  authFailures: number;
}

export interface CameraInfo {
  number: number;
  port: number;
  deviceServiceUrl: string;
  rtspUri: string;
  /** false: an event-only camera (ONVIF and events, no stream behind rtspUri). */
  video: boolean;
  username: string;
  password: string;
}

/**
 * One simulated camera: its motion state, fault model, clock, credentials, subscriptions and
 * counters, plus the HTTP listener that serves its ONVIF services. The control methods here are
 * what the control API and in-process tests call.
 */
export class SimulatedCamera {
  readonly number: number;
  readonly logger: SimLogger;
  readonly subscriptions: SubscriptionManager;
  readonly verifier: WsSecurityVerifier;
  readonly maxSubscriptions: number;
  readonly motionAlarmTopic: boolean;
  credentials: Credentials;
  port = 0;
  private currentFaults: CameraFaults = { ...DEFAULT_FAULTS };
  private motion = false;
  /** Camera-clock time of the last motion change (changes are at least 1 ms apart). */
  private lastChangeMs = 0;
  private readonly counters = { messagesEmitted: 0, messagesDropped: 0, messagesDelivered: 0, pulls: 0, requests: 0, authFailures: 0 };
  private readonly server: OnvifHttpServer;
  /** The camera's own RTSP port, started for the first RTSP redirect fault (see RtspFront). */
  private rtspFront?: RtspFront;
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly settings: CameraSettings) {
    this.number = settings.number;
    this.logger = settings.logger;
    this.credentials = { ...settings.credentials };
    this.maxSubscriptions = settings.maxSubscriptions;
    this.motionAlarmTopic = settings.motionAlarmTopic;
    this.subscriptions = new SubscriptionManager(settings.maxSubscriptions, settings.maxQueuedMessages);
    this.verifier = new WsSecurityVerifier(settings.createdToleranceMs);
    this.server = new OnvifHttpServer(this, settings.bindHost, settings.advertiseHost);
  }

  /** Starts listening on `port` (0: any free port). */
  async start(port: number): Promise<number> {
    this.port = await this.server.listen(port);
    return this.port;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.repeatingStarts);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.subscriptions.endAll('unsubscribed');
    await this.server.close();
    await this.rtspFront?.close();
  }

  // ---- clock ----------------------------------------------------------------------------------

  /** The camera clock: host time plus the skew fault. */
  nowMs(): number {
    return this.toCameraMs(Date.now());
  }

  toCameraMs(hostMs: number): number {
    return hostMs + this.currentFaults.clockSkewSeconds * 1000;
  }

  // ---- identity -------------------------------------------------------------------------------

  deviceInformation() {
    return {
      manufacturer: 'wardwatch',
      model: 'camera-sim',
      firmwareVersion: '1.0.0',
      serialNumber: `WWSIM-${String(this.number).padStart(5, '0')}`,
      hardwareId: 'wardwatch-camera-sim',
    };
  }

  /** What GetStreamUri answers (the streamUri fault replaces it verbatim). */
  rtspUri(host: string): string {
    if (this.currentFaults.streamUri !== null) return this.currentFaults.streamUri;
    return `rtsp://${host}:${this.rtspFront?.port ?? this.settings.rtspPort}/cam${this.number}`;
  }

  /** Requests the camera's RTSP port answered with a redirect. */
  get rtspRedirectsSent(): number {
    return this.rtspFront?.redirectsSent ?? 0;
  }

  info(): CameraInfo {
    const host = this.settings.advertiseHost ?? (this.settings.bindHost === '0.0.0.0' ? '127.0.0.1' : this.settings.bindHost);
    return {
      number: this.number,
      port: this.port,
      deviceServiceUrl: `http://${host}:${this.port}/onvif/device_service`,
      rtspUri: this.rtspUri(host),
      video: this.settings.video ?? true,
      username: this.credentials.username,
      password: this.credentials.password,
    };
  }

  // ---- motion and messages ----------------------------------------------------------------------

  get isMotion(): boolean {
    return this.motion;
  }

  /** The current state as messages (Initialized on a new subscription or a synchronization point). */
  stateMessages(operation: PropertyOperation, at = this.nowMs()): string[] {
    const messages = [cellMotionMessage(this.motion, at, operation)];
    if (this.motionAlarmTopic) messages.push(motionAlarmMessage(this.motion, at, operation));
    return messages;
  }

  /**
   * Sets the motion state. Like a camera's rule engine, it sends messages only when the state
   * changes; returns whether it did.
   */
  setMotion(active: boolean): boolean {
    if (this.motion === active) return false;
    if (!active && this.currentFaults.motionWithoutStopEveryMs !== null) {
      this.motion = false; // the motion-without-stop fault: the state changes, the camera never says so
      return false;
    }
    this.motion = active;
    // Each change gets its own millisecond, as a real rule engine's would: a burst of changes in one
    // tick must not send two starts with the same time (they would be one event to any receiver).
    this.lastChangeMs = Math.max(this.nowMs(), this.lastChangeMs + 1);
    const messages = this.stateMessages('Changed', this.lastChangeMs);
    this.counters.messagesEmitted += messages.length;
    // A camera keeps no messages for subscribers that do not exist yet.
    if (this.subscriptions.publish(messages) === 0) this.counters.messagesDropped += messages.length;
    return true;
  }

  /** The motion-without-stop fault: a start every `everyMs`, each with its own time, while the fault lasts. */
  private repeatStarts(everyMs: number): void {
    clearInterval(this.repeatingStarts);
    this.repeatingStarts = setInterval(() => {
      if (this.stopped) return clearInterval(this.repeatingStarts);
      this.motion = true;
      this.lastChangeMs = Math.max(this.nowMs(), this.lastChangeMs + 1);
      const messages = this.stateMessages('Changed', this.lastChangeMs);
      this.counters.messagesEmitted += messages.length;
      if (this.subscriptions.publish(messages) === 0) this.counters.messagesDropped += messages.length;
    }, everyMs);
    this.repeatingStarts.unref();
  }

  private repeatingStarts?: NodeJS.Timeout;

  /** The instant-answer storm fault: `count` fresh messages, motion flapping on and off, each with its own time. */
  stormMessages(count: number): string[] {
    const messages: string[] = [];
    for (let i = 0; i < count; i++) {
      this.lastChangeMs = Math.max(this.nowMs(), this.lastChangeMs + 1);
      messages.push(cellMotionMessage(i % 2 === 0, this.lastChangeMs, 'Changed'));
    }
    this.counters.messagesEmitted += count;
    return messages;
  }

  /** Sends arbitrary messages (odd topics, impossible times) to the subscribers, in order. */
  notify(notifications: CustomNotification[]): void {
    const at = this.nowMs();
    const messages = notifications.map((n) => customMessage(n, at));
    this.counters.messagesEmitted += messages.length;
    if (this.subscriptions.publish(messages) === 0) this.counters.messagesDropped += messages.length;
  }

  /**
   * `count` start/stop pairs. With intervalMs 0 they are all sent at once (for ingest benchmarks);
   * otherwise motion starts, stops intervalMs later, and the next pair starts intervalMs after that.
   * Resolves when the burst is over.
   */
  burst(count: number, intervalMs: number): Promise<void> {
    if (intervalMs <= 0) {
      for (let i = 0; i < count; i++) {
        this.setMotion(true);
        this.setMotion(false);
      }
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      let step = 0;
      const next = () => {
        if (this.stopped || step >= count * 2) {
          resolve();
          return;
        }
        this.setMotion(step % 2 === 0);
        step++;
        this.later(next, step >= count * 2 ? 0 : intervalMs);
      };
      next();
    });
  }

  /** Motion for `lengthMs` every `everyMs`, the first one `phaseMs` from now (spreads cameras out). */
  schedule(everyMs: number, lengthMs: number, phaseMs: number): void {
    const cycle = () => {
      this.setMotion(true);
      this.later(() => this.setMotion(false), lengthMs);
      this.later(cycle, everyMs);
    };
    this.later(cycle, phaseMs);
  }

  private later(fn: () => void, ms: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  // ---- subscriptions ------------------------------------------------------------------------

  /** A new PullPoint, `lengthMs` long as reported; it starts with the current state, Initialized. */
  createSubscription(lengthMs: number): Subscription | undefined {
    const now = Date.now();
    const reported = now + lengthMs;
    return this.subscriptions.create(this.realDeadline(now, reported), reported, this.stateMessages('Initialized'));
  }

  renewSubscription(subscription: Subscription, lengthMs: number): void {
    const now = Date.now();
    const reported = now + lengthMs;
    this.subscriptions.setTermination(subscription, this.realDeadline(now, reported), reported);
  }

  /** The early-expiry fault: the subscription really ends N s after Create/Renew, whatever was reported. */
  private realDeadline(now: number, reported: number): number {
    const early = this.currentFaults.expireAfterSeconds;
    return early === null ? reported : now + early * 1000;
  }

  /** Forgets every subscription, as a camera does when it reboots. Returns how many there were. */
  dropSubscriptions(): number {
    return this.subscriptions.endAll('expired');
  }

  // ---- faults ---------------------------------------------------------------------------------

  get faults(): Readonly<CameraFaults> {
    return this.currentFaults;
  }

  /** Applies a (validated) partial change; going offline closes the listener, streamDown the mount. */
  async setFaults(patch: Partial<CameraFaults>): Promise<CameraFaults> {
    const before = this.currentFaults;
    this.currentFaults = { ...before, ...patch };
    if (patch.offline !== undefined && patch.offline !== before.offline) {
      if (patch.offline) await this.server.close();
      else await this.server.listen(this.port);
    }
    if (patch.motionWithoutStopEveryMs !== undefined && patch.motionWithoutStopEveryMs !== before.motionWithoutStopEveryMs) {
      if (patch.motionWithoutStopEveryMs === null) clearInterval(this.repeatingStarts);
      else this.repeatStarts(patch.motionWithoutStopEveryMs);
    }
    if (patch.rtspRedirect && !this.rtspFront) {
      const front = new RtspFront({ host: this.settings.bindHost, port: this.settings.rtspPort }, () => this.currentFaults.rtspRedirect);
      await front.start(this.settings.bindHost);
      this.rtspFront = front;
    }
    if (patch.streamDown !== undefined && patch.streamDown !== before.streamDown) {
      if (!this.settings.streamControl) this.logger.warn(`camera ${this.number}: streamDown has no effect without video`);
      else await this.settings.streamControl.setStreamDown(this.number, patch.streamDown);
    }
    return { ...this.currentFaults };
  }

  async resetFaults(): Promise<CameraFaults> {
    return this.setFaults({ ...DEFAULT_FAULTS });
  }

  get online(): boolean {
    return this.server.listening;
  }

  // ---- counters -------------------------------------------------------------------------------

  countRequest(): void {
    this.counters.requests++;
  }

  countAuthFailure(): void {
    this.counters.authFailures++;
  }

  /** One PullMessages answered with `n` messages. */
  countDelivered(n: number): void {
    this.counters.pulls++;
    this.counters.messagesDelivered += n;
  }

  stats(): CameraStats {
    return { subscriptions: this.subscriptions.stats(), ...this.counters };
  }

  setCredentials(credentials: Partial<Credentials>): void {
    this.credentials = { ...this.credentials, ...credentials };
  }
}
