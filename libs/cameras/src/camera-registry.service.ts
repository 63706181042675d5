import {
  ConflictException,
  ForbiddenException,
  Injectable,
  Logger,
  ServiceUnavailableException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { Principal } from '@wardwatch/accounts';
import { AuditService } from '@wardwatch/audit';
import { CoreConfig } from '@wardwatch/config';
import { OnvifProbe, ProbeError, type ProbeResult } from '@wardwatch/onvif';
import { CameraEntity } from './camera.entity';
import { WardsService } from '@wardwatch/places';
import { CameraNetworksService } from './camera-networks.service';
import { CamerasRepository } from './cameras.repository';
import { ConsentService, type ConsentTerms } from './consent.service';
import { CredentialCipher } from './credential-cipher';
import type { ConsentEntity } from './consent.entity';

export interface CameraAddress {
  wardCode: string;
  street: string;
  houseNumber: string;
  alley?: string | null;
  residentialGroup?: string | null;
}

export interface Enrolment {
  label: string;
  address: CameraAddress;
  latitude: number;
  longitude: number;
  facingNote?: string | null;
  onvif: { host: string; port: number; path: string; username: string; password: string };
  consent: ConsentTerms;
}

/** What the API shows of a camera: never credentials. */
export interface CameraView {
  id: string;
  ownerId: string;
  label: string;
  address: Omit<CameraAddress, 'wardCode'> & { ward: { code: string; name: string } | null };
  latitude: number;
  longitude: number;
  facingNote: string | null;
  onvif: { host: string; port: number; path: string };
  device: CameraEntity['deviceInfo'];
  profile: { token: string; encoding: string; width: number; height: number };
  streamUri: string;
  clockOffsetMs: number;
  /** Per-camera clip pre/post-roll in seconds; null means the worker's default. */
  clipSettings: { preRollSeconds: number | null; postRollSeconds: number | null };
  lifecycle: CameraEntity['lifecycle'];
  health: CameraEntity['health'];
  lastProbedAt: Date;
  createdAt: Date;
}

export const toCameraView = (c: CameraEntity): CameraView => ({
  id: c.id,
  ownerId: c.ownerId,
  label: c.label,
  address: {
    ward: c.ward ? { code: c.ward.code, name: c.ward.name } : null,
    street: c.street,
    houseNumber: c.houseNumber,
    alley: c.alley,
    residentialGroup: c.residentialGroup,
  },
  latitude: c.latitude,
  longitude: c.longitude,
  facingNote: c.facingNote,
  onvif: { host: c.onvifHost, port: c.onvifPort, path: c.onvifPath },
  device: c.deviceInfo,
  profile: { token: c.profileToken, encoding: c.videoEncoding, width: c.videoWidth, height: c.videoHeight },
  streamUri: c.streamUri,
  clockOffsetMs: c.clockOffsetMs,
  clipSettings: { preRollSeconds: c.clipPreRollS, postRollSeconds: c.clipPostRollS },
  lifecycle: c.lifecycle,
  health: c.health,
  lastProbedAt: c.lastProbedAt,
  createdAt: c.createdAt,
});

export interface ProbeCredentials {
  username: string;
  password: string;
}

/** Copies what a probe learned onto the camera; the camera was just reached, so it is online. */
function applyProbe(camera: CameraEntity, probed: ProbeResult): void {
  camera.deviceInfo = probed.device;
  camera.profileToken = probed.profile.token;
  camera.streamUri = probed.streamUri;
  camera.videoEncoding = probed.profile.encoding;
  camera.videoWidth = probed.profile.width;
  camera.videoHeight = probed.profile.height;
  camera.clockOffsetMs = probed.clockOffsetMs;
  camera.eventsPath = probed.eventServicePath;
  camera.health = 'online';
  camera.lastProbedAt = new Date();
  camera.lastSeenAt = camera.lastProbedAt;
}

/**
 * Residents' cameras: enrolment (network check, ONVIF probe, sealed credentials, first consent,
 * all or nothing) and ownership rules. A failed probe stores nothing but its audit entry.
 */
@Injectable()
export class CameraRegistryService {
  private readonly logger = new Logger(CameraRegistryService.name);

  constructor(
    private readonly repository: CamerasRepository,
    private readonly consents: ConsentService,
    private readonly audit: AuditService,
    private readonly networks: CameraNetworksService,
    private readonly wards: WardsService,
    private readonly cipher: CredentialCipher,
    private readonly probe: OnvifProbe,
    private readonly config: CoreConfig,
  ) {}

  async enrol(actor: Principal, input: Enrolment): Promise<{ camera: CameraView; consent: ConsentEntity }> {
    if (actor.role !== 'resident') throw new ForbiddenException('cameras are enrolled by the residents who own them');
    this.consents.validateTerms(input.consent);
    const ward = await this.wards.byCode(input.address.wardCode);
    const covered = await this.wards.covers(ward.id, input.latitude, input.longitude);
    if (covered === null) {
      throw new UnprocessableEntityException({
        message: `ward ${ward.code} has no boundary yet, so the camera's position cannot be checked; an admin must import it (POST /wards/import)`,
        failure: 'ward_without_boundary',
      });
    }
    if (!covered) {
      throw new UnprocessableEntityException({
        message: `the location ${input.latitude}, ${input.longitude} is outside ward ${ward.code} (${ward.name}); check the map position`,
        failure: 'outside_ward',
      });
    }
    const { address, probed } = await this.probeOrExplain(actor, { ...input.onvif }, null, 'enrolled');

    return this.repository.transaction(async (manager) => {
      const camera = new CameraEntity();
      camera.id = this.repository.newId();
      camera.ownerId = actor.userId;
      camera.label = input.label;
      camera.wardId = ward.id;
      camera.ward = ward;
      camera.street = input.address.street;
      camera.houseNumber = input.address.houseNumber;
      camera.alley = input.address.alley ?? null;
      camera.residentialGroup = input.address.residentialGroup ?? null;
      camera.latitude = input.latitude;
      camera.longitude = input.longitude;
      camera.facingNote = input.facingNote ?? null;
      // The pinned, checked address: what was resolved and allowed is what the service connects to.
      camera.onvifHost = address;
      camera.onvifPort = input.onvif.port;
      camera.onvifPath = input.onvif.path;
      camera.credentialsSealed = this.sealCredentials(camera.id, input.onvif);
      applyProbe(camera, probed);
      camera.lifecycle = 'pending';
      const saved = await this.repository.insertCamera(manager, camera);
      await this.audit.record(
        {
          actor: { userId: actor.userId, role: actor.role },
          action: 'camera.enrolled',
          subject: { type: 'camera', id: saved.id },
          cameraId: saved.id,
          details: {
            label: saved.label,
            address: toCameraView(saved).address,
            onvif: { host: saved.onvifHost, port: saved.onvifPort, path: saved.onvifPath },
            device: saved.deviceInfo,
            profile: saved.profileToken,
            clockOffsetMs: saved.clockOffsetMs,
          },
        },
        manager,
      );
      const consent = await this.consents.first(manager, saved, actor, input.consent);
      return { camera: toCameraView(saved), consent };
    });
  }

  /**
   * Checks the address against the camera networks, then probes the camera over ONVIF with every
   * socket re-checked. A failure is audited (with the camera when there is one) and answered with
   * 422 and what failed; nothing else is written.
   */
  private async probeOrExplain(
    actor: Principal,
    onvif: ProbeCredentials & { host: string; port: number; path: string },
    cameraId: string | null,
    purpose: 'enrolled' | 'probed again',
  ): Promise<{ address: string; probed: ProbeResult }> {
    const target = { host: onvif.host, port: onvif.port, path: onvif.path };
    const policy = await this.networks.policy();
    const decision = await policy.checkHost(onvif.host);
    if (!decision.allowed) {
      await this.recordProbeFailure(actor, target, cameraId, 'forbidden_address', decision.reason);
      throw new UnprocessableEntityException({ message: `camera address refused: ${decision.reason}`, failure: 'forbidden_address' });
    }
    try {
      const probed = await this.probe.probe(
        { address: decision.address, port: onvif.port, path: onvif.path, username: onvif.username, password: onvif.password },
        (address) => {
          const d = policy.checkAddress(address);
          return d.allowed ? null : d.reason;
        },
      );
      return { address: decision.address, probed };
    } catch (e) {
      if (!(e instanceof ProbeError)) throw e;
      // Says nothing about the camera: this process already runs as many probes as it allows.
      if (e.failure === 'busy') throw new ServiceUnavailableException({ message: e.message, failure: e.failure });
      await this.recordProbeFailure(actor, target, cameraId, e.failure, e.message);
      throw new UnprocessableEntityException({ message: `the camera could not be ${purpose}: ${e.message}`, failure: e.failure });
    }
  }

  private async recordProbeFailure(
    actor: Principal,
    target: object,
    cameraId: string | null,
    failure: string,
    reason: string,
  ): Promise<void> {
    this.logger.warn({ actor: actor.userId, target, cameraId, failure }, 'camera probe failed');
    await this.audit.record({
      actor: { userId: actor.userId, role: actor.role },
      action: 'camera.probe_failed',
      subject: { type: 'camera', id: cameraId },
      cameraId,
      details: { target, failure, reason },
    });
    if (cameraId && (failure === 'auth_refused' || failure === 'unreachable' || failure === 'timeout')) {
      await this.repository.setHealth(cameraId, failure === 'auth_refused' ? 'auth_failed' : 'offline');
    }
  }

  /**
   * Probes an enrolled camera again (after a firmware update, a new profile, or with new
   * credentials when the resident changed the camera's password) and stores what it reports now.
   */
  async reprobe(actor: Principal, cameraId: string, newCredentials?: ProbeCredentials): Promise<CameraView> {
    const camera = await this.owned(actor, cameraId, 'change');
    if (camera.lifecycle === 'withdrawn') throw new ConflictException("this camera's consent was withdrawn; enrol it again instead");
    const credentials = newCredentials ?? this.credentialsOf(camera);
    const { probed } = await this.probeOrExplain(
      actor,
      { host: camera.onvifHost, port: camera.onvifPort, path: camera.onvifPath, ...credentials },
      camera.id,
      'probed again',
    );
    return this.repository.transaction(async (manager) => {
      const locked = await this.repository.lockCamera(manager, camera.id);
      if (!locked) throw new ConflictException(`camera ${camera.id} was removed meanwhile`);
      applyProbe(locked, probed);
      if (newCredentials) locked.credentialsSealed = this.sealCredentials(locked.id, newCredentials);
      const saved = await this.repository.saveCamera(manager, locked);
      await this.audit.record(
        {
          actor: { userId: actor.userId, role: actor.role },
          action: newCredentials ? 'camera.credentials_changed' : 'camera.probed',
          subject: { type: 'camera', id: saved.id },
          cameraId: saved.id,
          details: { device: saved.deviceInfo, profile: saved.profileToken, clockOffsetMs: saved.clockOffsetMs },
        },
        manager,
      );
      saved.ward = camera.ward;
      return toCameraView(saved);
    });
  }

  /**
   * The owner sets how much video before and after motion this camera's clips keep (null: the
   * worker's default), within the limits the administrators configured. Audited; the worker picks
   * it up at its next tick.
   */
  async setClipSettings(
    actor: Principal,
    cameraId: string,
    settings: { preRollSeconds: number | null; postRollSeconds: number | null },
  ): Promise<CameraView> {
    const camera = await this.owned(actor, cameraId, 'change');
    const limits = { pre: this.config.CLIP_MAX_PRE_ROLL_S, post: this.config.CLIP_MAX_POST_ROLL_S };
    if (settings.preRollSeconds !== null && settings.preRollSeconds > limits.pre) {
      throw new UnprocessableEntityException(
        `preRollSeconds may be at most ${limits.pre} (CLIP_MAX_PRE_ROLL_S, set by the administrators)`,
      );
    }
    if (settings.postRollSeconds !== null && settings.postRollSeconds > limits.post) {
      throw new UnprocessableEntityException(
        `postRollSeconds may be at most ${limits.post} (CLIP_MAX_POST_ROLL_S, set by the administrators)`,
      );
    }
    return this.repository.transaction(async (manager) => {
      const locked = await this.repository.lockCamera(manager, camera.id);
      if (!locked) throw new ConflictException(`camera ${camera.id} was removed meanwhile`);
      const before = { preRollSeconds: locked.clipPreRollS, postRollSeconds: locked.clipPostRollS };
      locked.clipPreRollS = settings.preRollSeconds;
      locked.clipPostRollS = settings.postRollSeconds;
      const saved = await this.repository.saveCamera(manager, locked);
      await this.audit.record(
        {
          actor: { userId: actor.userId, role: actor.role },
          action: 'camera.clip_settings_changed',
          subject: { type: 'camera', id: saved.id },
          cameraId: saved.id,
          details: { before, after: settings },
        },
        manager,
      );
      saved.ward = camera.ward;
      return toCameraView(saved);
    });
  }

  private sealCredentials(cameraId: string, c: ProbeCredentials): string {
    return this.cipher.encrypt(JSON.stringify({ u: c.username, p: c.password }), cameraId);
  }

  /** The camera's stored credentials, for the processes that connect to it. Never leaves the service layer. */
  credentialsOf(camera: CameraEntity): ProbeCredentials {
    const { u, p } = JSON.parse(this.cipher.decrypt(camera.credentialsSealed, camera.id)) as { u: string; p: string };
    return { username: u, password: p };
  }

  /** The owner's own cameras; admins see every camera. Officers find cameras only through search. */
  async list(actor: Principal): Promise<CameraView[]> {
    if (actor.role === 'resident') return (await this.repository.listCameras(actor.userId)).map(toCameraView);
    if (actor.role === 'admin') return (await this.repository.listCameras(null)).map(toCameraView);
    throw new ForbiddenException('officers and supervisors find cameras through search, not the registry');
  }

  /** A camera its owner (or, for reading, an admin) may see; anyone else is refused. */
  async owned(actor: Principal, cameraId: string, purpose: 'read' | 'change'): Promise<CameraEntity> {
    const camera = await this.repository.findCamera(cameraId);
    const mayRead = camera && (camera.ownerId === actor.userId || (purpose === 'read' && actor.role === 'admin'));
    if (!camera || !mayRead) {
      // Same answer whether the camera exists or not, so ids cannot be probed.
      throw new ForbiddenException(`camera ${cameraId} is not one of your cameras`);
    }
    return camera;
  }
}
