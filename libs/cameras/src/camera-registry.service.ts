import { Injectable, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import type { Principal } from '@wardwatch/accounts';
import { AuditService } from '@wardwatch/audit';
import { CoreConfig } from '@wardwatch/config';
import { OnvifProbe, ProbeError, type ProbeResult } from '@wardwatch/onvif';
import { CAMERA_DEVICE_INDEX, CAMERA_ENDPOINT_INDEX, CameraEntity } from './camera.entity';
import { StreetsService, WardsService } from '@wardwatch/places';
import { problem } from '@wardwatch/problems';
import { CameraNetworksService } from './camera-networks.service';
import { CamerasRepository } from './cameras.repository';
import { ConsentService, type ConsentTerms } from './consent.service';
import { CredentialCipher } from './credential-cipher';
import type { ConsentEntity } from './consent.entity';
import { ProbeThrottle } from './probe-throttle';
import { CameraSignals } from './camera-signals';
import { viewCone, viewDirectionOf, type GeoJsonPolygon, type ViewDirection } from './view-cone';

/** What ties two enrolments to one camera. */
type EnrolmentMatch = 'device' | 'endpoint';

/**
 * The probe first asks the camera's clock (GetSystemDateAndTime, which ONVIF devices answer
 * without credentials) and only then the steps below. A failure that names one of them, or that
 * judges what a camera reported, comes from a device that has answered as an ONVIF camera. Any
 * other failure (at the clock step, or the whole-probe deadline, where the step is unknown: a
 * trickling server looks like this) has not shown an ONVIF device there, and gets the generic answer.
 */
const STAGES_AFTER_ONVIF_ANSWERED = [
  'connecting:',
  'reading device information:',
  'reading media profiles:',
  'reading the stream address:',
  'reading event capabilities:',
  'the camera gave a stream address',
  "the camera's stream address",
];
const answeredAsOnvif = (e: ProbeError): boolean =>
  e.failure === 'clock_unset' ||
  e.failure === 'no_h264' ||
  e.failure === 'no_pullpoint' ||
  STAGES_AFTER_ONVIF_ANSWERED.some((stage) => e.message.startsWith(stage));

/** The one answer for a target that has not proved to be an ONVIF camera: closed, silent, or something else. */
export const NO_ONVIF_CAMERA =
  'no ONVIF camera answered at this address and port. Check that the camera is on, that the address and port are the ones in its network settings, and that ONVIF is enabled';

const FORBIDDEN_ADDRESS =
  'this address is not on a camera network the ward serves; use the address your installer or the ward office gave you for the camera';

/** What a resident is told for a device that answered as ONVIF: in our words, never the camera's raw reply. */
function explainProbeFailure(e: ProbeError): string {
  switch (e.failure) {
    case 'auth_refused':
      return "the camera refused the username or password; use the ONVIF user set in the camera's own settings";
    case 'clock_unset':
    case 'no_pullpoint':
    case 'busy':
      return e.message;
    case 'no_h264':
      return 'the camera offers no H.264 video profile; enable H.264 in its video settings';
    case 'malformed_reply':
      // A refused stream address is explained by the strict parser in our own words (credentials
      // masked, length bounded), and says what to set on the camera: pass it on.
      if (e.message.startsWith('reading the stream address:')) return e.message.slice('reading the stream address: '.length);
      return "the camera's reply could not be understood; check the camera for a firmware update";
    case 'timeout':
    case 'unreachable':
      return 'the camera stopped answering during the probe; try again, or restart the camera';
    case 'forbidden_address':
      return `the camera pointed the service at another address, which is not allowed (${FORBIDDEN_ADDRESS})`;
  }
}

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
  direction?: ViewDirection | null;
  onvif: { host: string; port: number; path: string; username: string; password: string };
  /**
   * Absent: the camera is stored `pending` (nothing is captured, searched or shared) so that its
   * owner can look at its snapshot first and then consent with PUT /cameras/:id/consent.
   */
  consent?: ConsentTerms | null;
}

/** What its owner may change of an enrolled camera (PATCH /cameras/:id); the ward stays the camera's. */
export interface CameraChanges {
  label?: string;
  address?: { street?: string; houseNumber?: string; alley?: string | null; residentialGroup?: string | null };
  position?: { latitude: number; longitude: number };
  /** null removes the direction of view. */
  direction?: ViewDirection | null;
  facingNote?: string | null;
}

/** What the API shows of a camera: never credentials. */
export interface CameraView {
  id: string;
  ownerId: string;
  label: string;
  address: Omit<CameraAddress, 'wardCode' | 'alley' | 'residentialGroup'> & {
    ward: { code: string; name: string } | null;
    alley: string | null;
    residentialGroup: string | null;
  };
  latitude: number;
  longitude: number;
  facingNote: string | null;
  /** Direction of view (null: not given); `viewCone` is the same as a GeoJSON polygon for the map. */
  direction: ViewDirection | null;
  viewCone: GeoJsonPolygon | null;
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
  /** When its owner removed it (it then leaves their list); null while enrolled. */
  removedAt: Date | null;
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
  direction: viewDirectionOf(c),
  viewCone: viewDirectionOf(c) && viewCone(c, viewDirectionOf(c)!),
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
  removedAt: c.removedAt ?? null,
});

/** Which of the one-enrolment-per-camera indexes a failed insert or update hit, if any. */
function uniqueViolation(e: unknown): EnrolmentMatch | null {
  if (!(e instanceof QueryFailedError)) return null;
  const driver = e.driverError as { code?: string; constraint?: string };
  if (driver.code !== '23505') return null;
  if (driver.constraint === CAMERA_DEVICE_INDEX) return 'device';
  if (driver.constraint === CAMERA_ENDPOINT_INDEX) return 'endpoint';
  return null;
}

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
    private readonly throttle: ProbeThrottle,
    private readonly streets: StreetsService,
    private readonly signals: CameraSignals,
  ) {}

  async enrol(actor: Principal, input: Enrolment): Promise<{ camera: CameraView; consent: ConsentEntity | null }> {
    if (actor.role !== 'resident') throw problem('camera.residents_only', 'cameras are enrolled by the residents who own them');
    if (input.consent) this.consents.validateTerms(input.consent);
    const ward = await this.wards.byCode(input.address.wardCode);
    await this.requireInsideWard(ward, input.latitude, input.longitude);
    const { address, probed } = await this.probeOrExplain(actor, { ...input.onvif }, null, 'enrolled');
    const target = { host: address, port: input.onvif.port };
    const sameDevice = await this.repository.findActiveByDevice(probed.device);
    if (sameDevice) await this.refuseSecondEnrolment(actor, sameDevice, 'device', target, probed.device);

    try {
      return await this.insertEnrolment(actor, input, ward, address, probed);
    } catch (e) {
      // Two enrolments racing past the checks above: the database's unique indexes decide.
      const match = uniqueViolation(e);
      if (!match) throw e;
      const existing =
        match === 'device'
          ? await this.repository.findActiveByDevice(probed.device)
          : await this.repository.findActiveByEndpoint(address, input.onvif.port);
      if (!existing) throw e;
      return this.refuseSecondEnrolment(actor, existing, match, target, probed.device);
    }
  }

  private insertEnrolment(
    actor: Principal,
    input: Enrolment,
    ward: NonNullable<CameraEntity['ward']>,
    address: string,
    probed: ProbeResult,
  ): Promise<{ camera: CameraView; consent: ConsentEntity | null }> {
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
      camera.viewAzimuthDeg = input.direction?.azimuthDeg ?? null;
      camera.viewAngleDeg = input.direction?.fieldOfViewDeg ?? null;
      camera.viewRangeM = input.direction?.rangeM ?? null;
      camera.removedAt = null;
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
            direction: viewDirectionOf(saved),
          },
        },
        manager,
      );
      // Without consent the camera stays pending: its owner sees the snapshot, then consents.
      const consent = input.consent ? await this.consents.first(manager, saved, actor, input.consent) : null;
      return { camera: toCameraView(saved), consent };
    });
  }

  /**
   * A device or address already enrolled (and not withdrawn) cannot be enrolled again. The attempt
   * is audited against the existing camera, so its owner sees it in the camera's access log and
   * administrators in the enrolment conflicts; the resident is told what to do, not who owns it.
   */
  private async refuseSecondEnrolment(
    actor: Principal,
    existing: CameraEntity,
    matched: EnrolmentMatch,
    target: { host: string; port: number },
    device: ProbeResult['device'] | null,
  ): Promise<never> {
    if (existing.ownerId === actor.userId) {
      throw problem(
        'camera.already_enrolled',
        `you have already enrolled this camera (camera ${existing.id}); change its settings there instead of enrolling it again`,
        {
          failure: 'already_enrolled',
          cameraId: existing.id,
        },
      );
    }
    this.logger.warn({ actor: actor.userId, cameraId: existing.id, matched, target }, 'enrolment of an already enrolled camera refused');
    await this.audit.record({
      actor: { userId: actor.userId, role: actor.role },
      action: 'camera.enrolment_refused',
      subject: { type: 'camera', id: existing.id },
      cameraId: existing.id,
      details: {
        matched,
        target,
        device: device ? { manufacturer: device.manufacturer, model: device.model, serialNumber: device.serialNumber } : null,
      },
    });
    throw problem(
      'camera.enrolled_by_someone_else',
      'this camera is already enrolled by another resident, so it cannot be enrolled again. If it is yours, contact the ward office: ' +
        'they can see this attempt and check the existing enrolment. Its current owner has been told that someone tried to enrol it.',
      { failure: 'enrolled_by_someone_else' },
    );
  }

  /**
   * Checks the address against the camera networks, then probes the camera over ONVIF with every
   * socket re-checked. Probes are rate-limited per resident and per target. A failure is audited
   * (with the camera when there is one, and the detailed reason) and answered with 422: one
   * generic answer for a target that has not shown itself to be an ONVIF camera (a closed port,
   * another kind of server and silence look the same, so the probe is no port scanner), the
   * reason only for a device that answered as one. The allowed networks are never named.
   * For a new enrolment, an address already enrolled is refused before anything is sent to it.
   */
  private async probeOrExplain(
    actor: Principal,
    onvif: ProbeCredentials & { host: string; port: number; path: string },
    cameraId: string | null,
    purpose: 'enrolled' | 'probed again',
  ): Promise<{ address: string; probed: ProbeResult }> {
    const target = { host: onvif.host, port: onvif.port, path: onvif.path };
    await this.throttle.takeForUser(actor.userId);
    const policy = await this.networks.policy();
    const decision = await policy.checkHost(onvif.host);
    if (!decision.allowed) {
      await this.recordProbeFailure(actor, target, cameraId, 'forbidden_address', decision.reason);
      throw problem('probe.forbidden_address', `camera address refused: ${FORBIDDEN_ADDRESS}`, { failure: 'forbidden_address' });
    }
    if (cameraId === null) {
      const sameEndpoint = await this.repository.findActiveByEndpoint(decision.address, onvif.port);
      if (sameEndpoint)
        await this.refuseSecondEnrolment(actor, sameEndpoint, 'endpoint', { host: decision.address, port: onvif.port }, null);
    }
    await this.throttle.takeForTarget(decision.address, onvif.port);
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
      if (e.failure === 'busy') throw problem('probe.busy', e.message, { failure: e.failure });
      await this.recordProbeFailure(actor, target, cameraId, e.failure, e.message);
      if (!answeredAsOnvif(e)) {
        throw problem('probe.no_onvif_camera', `the camera could not be ${purpose}: ${NO_ONVIF_CAMERA}`, { failure: 'no_onvif_camera' });
      }
      throw problem(`probe.${e.failure}`, `the camera could not be ${purpose}: ${explainProbeFailure(e)}`, { failure: e.failure });
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
    if (camera.lifecycle === 'withdrawn') throw problem('camera.withdrawn', "this camera's consent was withdrawn; enrol it again instead");
    const credentials = newCredentials ?? this.credentialsOf(camera);
    const { probed } = await this.probeOrExplain(
      actor,
      { host: camera.onvifHost, port: camera.onvifPort, path: camera.onvifPath, ...credentials },
      camera.id,
      'probed again',
    );
    const sameDevice = await this.repository.findActiveByDevice(probed.device, camera.id);
    if (sameDevice) {
      await this.refuseSecondEnrolment(actor, sameDevice, 'device', { host: camera.onvifHost, port: camera.onvifPort }, probed.device);
    }
    return this.repository.transaction(async (manager) => {
      const locked = await this.repository.lockCamera(manager, camera.id);
      if (!locked) throw problem('camera.removed', `camera ${camera.id} was removed meanwhile`);
      applyProbe(locked, probed);
      if (newCredentials) locked.credentialsSealed = this.sealCredentials(locked.id, newCredentials);
      const saved = await this.repository.saveCamera(manager, locked).catch(async (e: unknown) => {
        // The device now reports the serial number of a camera someone else has enrolled.
        const existing = uniqueViolation(e) ? await this.repository.findActiveByDevice(probed.device, camera.id) : null;
        if (!existing) throw e;
        return this.refuseSecondEnrolment(actor, existing, 'device', { host: camera.onvifHost, port: camera.onvifPort }, probed.device);
      });
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
      throw problem(
        'camera.clip_roll_too_long',
        `preRollSeconds may be at most ${limits.pre} (CLIP_MAX_PRE_ROLL_S, set by the administrators)`,
      );
    }
    if (settings.postRollSeconds !== null && settings.postRollSeconds > limits.post) {
      throw problem(
        'camera.clip_roll_too_long',
        `postRollSeconds may be at most ${limits.post} (CLIP_MAX_POST_ROLL_S, set by the administrators)`,
      );
    }
    return this.repository.transaction(async (manager) => {
      const locked = await this.repository.lockCamera(manager, camera.id);
      if (!locked) throw problem('camera.removed', `camera ${camera.id} was removed meanwhile`);
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

  /**
   * The position check enrolment and editing share: inside the ward's polygon (on the boundary
   * counts), and a ward without a boundary cannot check it.
   */
  private async requireInsideWard(ward: NonNullable<CameraEntity['ward']>, latitude: number, longitude: number): Promise<void> {
    const covered = await this.wards.covers(ward.id, latitude, longitude);
    if (covered === null) {
      throw problem(
        'camera.ward_without_boundary',
        `ward ${ward.code} has no boundary yet, so the camera's position cannot be checked; an admin must import it (POST /wards/import)`,
        { failure: 'ward_without_boundary' },
      );
    }
    if (!covered) {
      throw problem(
        'camera.outside_ward',
        `the location ${latitude}, ${longitude} is outside ward ${ward.code} (${ward.name}); check the map position`,
        { failure: 'outside_ward' },
      );
    }
  }

  /**
   * The owner changes a camera's label, address (street from the ward's streets when the ward has
   * them), position (inside the camera's ward, as at enrolment) or direction of view. Audited with
   * each changed field before and after, so a moved camera shows in its access log. A removed
   * camera cannot be edited.
   */
  async update(actor: Principal, cameraId: string, changes: CameraChanges): Promise<CameraView> {
    const camera = await this.owned(actor, cameraId, 'change');
    if (camera.removedAt) {
      throw problem('camera.removed', `camera ${cameraId} was removed; enrol it again to use it`);
    }
    const ward = camera.ward!;
    let street: string | undefined;
    if (changes.address?.street !== undefined) {
      const found = await this.streets.canonicalName(ward.id, changes.address.street);
      if (!found.known) {
        throw problem(
          'camera.unknown_street',
          `"${changes.address.street}" is not a street of ward ${ward.code} (${ward.name}); pick one from GET /wards/${ward.id}/streets` +
            (found.suggestions.length > 0 ? ` (did you mean: ${found.suggestions.join(', ')}?)` : ''),
          { failure: 'unknown_street', suggestions: found.suggestions },
        );
      }
      street = found.name;
    }
    if (changes.position) await this.requireInsideWard(ward, changes.position.latitude, changes.position.longitude);
    return this.repository.transaction(async (manager) => {
      const locked = await this.repository.lockCamera(manager, camera.id);
      if (!locked || locked.removedAt) throw problem('camera.removed', `camera ${camera.id} was removed meanwhile`);
      const diff: Record<string, { before: unknown; after: unknown }> = {};
      const set = <K extends 'label' | 'street' | 'houseNumber' | 'alley' | 'residentialGroup' | 'facingNote'>(
        key: K,
        value: CameraEntity[K],
      ) => {
        if (locked[key] === value) return;
        diff[key] = { before: locked[key], after: value };
        locked[key] = value;
      };
      if (changes.label !== undefined) set('label', changes.label);
      if (street !== undefined) set('street', street);
      if (changes.address?.houseNumber !== undefined) set('houseNumber', changes.address.houseNumber);
      if (changes.address?.alley !== undefined) set('alley', changes.address.alley);
      if (changes.address?.residentialGroup !== undefined) set('residentialGroup', changes.address.residentialGroup);
      if (changes.facingNote !== undefined) set('facingNote', changes.facingNote);
      if (changes.position) {
        const before = { latitude: locked.latitude, longitude: locked.longitude };
        if (before.latitude !== changes.position.latitude || before.longitude !== changes.position.longitude) {
          diff.position = { before, after: { latitude: changes.position.latitude, longitude: changes.position.longitude } };
          locked.latitude = changes.position.latitude;
          locked.longitude = changes.position.longitude;
        }
      }
      if (changes.direction !== undefined) {
        const before = viewDirectionOf(locked);
        const after = changes.direction;
        const same =
          before === after ||
          (before !== null &&
            after !== null &&
            before.azimuthDeg === after.azimuthDeg &&
            before.fieldOfViewDeg === after.fieldOfViewDeg &&
            before.rangeM === after.rangeM);
        if (!same) {
          diff.direction = {
            before,
            after: after && { azimuthDeg: after.azimuthDeg, fieldOfViewDeg: after.fieldOfViewDeg, rangeM: after.rangeM },
          };
          locked.viewAzimuthDeg = after?.azimuthDeg ?? null;
          locked.viewAngleDeg = after?.fieldOfViewDeg ?? null;
          locked.viewRangeM = after?.rangeM ?? null;
        }
      }
      locked.ward = ward;
      if (Object.keys(diff).length === 0) return toCameraView(locked);
      const saved = await this.repository.saveCamera(manager, locked);
      await this.audit.record(
        {
          actor: { userId: actor.userId, role: actor.role },
          action: 'camera.updated',
          subject: { type: 'camera', id: saved.id },
          cameraId: saved.id,
          details: { changes: diff },
        },
        manager,
      );
      saved.ward = ward;
      return toCameraView(saved);
    });
  }

  /**
   * Removal by its owner (DELETE /cameras/:id, or account deletion): the withdrawal path first
   * (a consent in force is withdrawn: a new version, audited, and the workers are signalled at once,
   * so the subscription and capture stop and unheld footage is deleted), then the camera is marked
   * removed (audited) and leaves its owner's list. Safe to repeat after a failure between the two.
   */
  async remove(actor: Principal, cameraId: string): Promise<{ camera: CameraView; consentWithdrawn: boolean }> {
    const camera = await this.owned(actor, cameraId, 'change');
    if (camera.removedAt) {
      throw problem('camera.already_removed', `camera ${cameraId} was already removed at ${camera.removedAt.toISOString()}`, {
        removedAt: camera.removedAt.toISOString(),
      });
    }
    const current = await this.consents.current(camera.id);
    let consentWithdrawn = false;
    if (current && (current.state === 'given' || current.state === 'paused')) {
      await this.consents.withdraw(camera, actor);
      consentWithdrawn = true;
    }
    const saved = await this.repository.transaction(async (manager) => {
      const locked = await this.repository.lockCamera(manager, camera.id);
      if (!locked || locked.removedAt) throw problem('camera.removed', `camera ${camera.id} was removed meanwhile`);
      // A camera that never had a consent (enrolled pending) is withdrawn here, with no version to add.
      const lifecycleBefore = locked.lifecycle;
      locked.lifecycle = 'withdrawn';
      locked.removedAt = new Date();
      const result = await this.repository.saveCamera(manager, locked);
      await this.audit.record(
        {
          actor: { userId: actor.userId, role: actor.role },
          action: 'camera.removed',
          subject: { type: 'camera', id: result.id },
          cameraId: result.id,
          details: { consentWithdrawn, lifecycleBefore, label: result.label },
        },
        manager,
      );
      return result;
    });
    if (!consentWithdrawn)
      await this.signals.publish({ cameraId: saved.id, lifecycle: 'withdrawn', consentVersion: current?.version ?? 0 });
    saved.ward = camera.ward;
    return { camera: toCameraView(saved), consentWithdrawn };
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
  async list(actor: Principal, page: { after: { createdAt: Date; id: string } | null; limit: number }): Promise<CameraView[]> {
    if (actor.role === 'resident') return (await this.repository.listCameras(actor.userId, page)).map(toCameraView);
    if (actor.role === 'admin') return (await this.repository.listCameras(null, page)).map(toCameraView);
    throw problem('camera.registry_not_for_police', 'officers and supervisors find cameras through search, not the registry');
  }

  /** A camera its owner (or, for reading, an admin) may see; anyone else is refused. */
  async owned(actor: Principal, cameraId: string, purpose: 'read' | 'change'): Promise<CameraEntity> {
    const camera = await this.repository.findCamera(cameraId);
    const mayRead = camera && (camera.ownerId === actor.userId || (purpose === 'read' && actor.role === 'admin'));
    if (!camera || !mayRead) {
      // Same answer whether the camera exists or not, so ids cannot be probed.
      throw problem('camera.not_yours', `camera ${cameraId} is not one of your cameras`);
    }
    return camera;
  }
}
