import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type AuditAction, AuditService } from '@wardwatch/audit';
import type { Principal } from '@wardwatch/accounts';
import { CoreConfig } from '@wardwatch/config';
import { problem } from '@wardwatch/problems';
import type { CameraEntity } from './camera.entity';
import type {
  ActiveHours,
  CameraLifecycle,
  ConsentMethod,
  ConsentPurpose,
  ConsentState,
  NoticeLanguage,
  SharingMode,
} from './camera.types';
import { CameraSignals } from './camera-signals';
import { CamerasRepository } from './cameras.repository';
import { noticeText } from './consent-notices';
import type { ConsentEntity } from './consent.entity';

export interface ConsentTerms {
  purposes: ConsentPurpose[];
  retentionDays: number;
  sharingMode: SharingMode;
  activeHours?: ActiveHours | null;
  noticeVersion: string;
  noticeLanguage: NoticeLanguage;
  method: ConsentMethod;
}

const LIFECYCLE_FOR: Record<ConsentState, CameraLifecycle> = { given: 'active', paused: 'paused', withdrawn: 'withdrawn' };

/**
 * Consent as versions: every change, pause, resumption and withdrawal appends a version (the table
 * refuses edits), updates the camera's lifecycle in the same transaction, is audited there too, and
 * is signalled to the workers at once.
 */
@Injectable()
export class ConsentService {
  constructor(
    private readonly repository: CamerasRepository,
    private readonly audit: AuditService,
    private readonly signals: CameraSignals,
    private readonly config: CoreConfig,
  ) {}

  /** Checks terms a resident proposes; throws a message naming what is wrong. */
  validateTerms(terms: ConsentTerms): void {
    if (!noticeText(terms.noticeVersion, terms.noticeLanguage)) {
      throw problem(
        'consent.unknown_notice',
        `there is no consent notice version ${terms.noticeVersion} in ${terms.noticeLanguage}; fetch GET /consent-notice first`,
      );
    }
    if (terms.retentionDays > this.config.CONSENT_MAX_RETENTION_DAYS) {
      throw problem(
        'consent.retention_too_long',
        `retentionDays may be at most ${this.config.CONSENT_MAX_RETENTION_DAYS} (the ward's maximum)`,
      );
    }
    if (terms.purposes.includes('clips') && !terms.purposes.includes('event_metadata')) {
      throw problem('consent.purposes_inconsistent', 'sharing clips needs event_metadata too: clips are captured on motion events');
    }
    if (terms.purposes.includes('police_search') && !terms.purposes.includes('event_metadata')) {
      throw problem('consent.purposes_inconsistent', 'police_search needs event_metadata: search finds cameras by their events');
    }
  }

  /** The first version, written inside the enrolment transaction. */
  async first(manager: EntityManager, camera: CameraEntity, actor: Principal, terms: ConsentTerms): Promise<ConsentEntity> {
    return this.append(manager, camera, actor, 'given', terms, 1, 'consent.given');
  }

  async change(camera: CameraEntity, actor: Principal, terms: ConsentTerms): Promise<ConsentEntity> {
    this.validateTerms(terms);
    // A camera enrolled without consent (to see its snapshot first) gets its first version here.
    if (camera.lifecycle === 'pending' && !(await this.repository.currentConsent(camera.id)))
      return this.giveFirst(camera.id, actor, terms);
    return this.next(camera.id, actor, 'given', () => terms, ['given', 'paused'], 'consent.changed');
  }

  /** The first version of a camera enrolled pending (no consent yet); a removed camera cannot consent. */
  private async giveFirst(cameraId: string, actor: Principal, terms: ConsentTerms): Promise<ConsentEntity> {
    const consent = await this.repository.transaction(async (manager) => {
      const camera = await this.repository.lockCamera(manager, cameraId);
      if (!camera || camera.removedAt || camera.lifecycle !== 'pending') {
        throw problem(
          'consent.camera_not_pending',
          `camera ${cameraId} is ${camera?.removedAt ? 'removed' : (camera?.lifecycle ?? 'gone')}; it cannot be given a first consent`,
        );
      }
      if (await this.repository.currentConsent(cameraId, manager))
        throw problem('consent.camera_not_pending', `camera ${cameraId} was given consent meanwhile`);
      return this.first(manager, camera, actor, terms);
    });
    await this.signals.publish({ cameraId, lifecycle: 'active', consentVersion: consent.version });
    return consent;
  }

  pause(camera: CameraEntity, actor: Principal): Promise<ConsentEntity> {
    return this.next(camera.id, actor, 'paused', (current) => this.termsOf(current), ['given'], 'consent.paused');
  }

  resume(camera: CameraEntity, actor: Principal): Promise<ConsentEntity> {
    return this.next(camera.id, actor, 'given', (current) => this.termsOf(current), ['paused'], 'consent.resumed');
  }

  withdraw(camera: CameraEntity, actor: Principal): Promise<ConsentEntity> {
    return this.next(camera.id, actor, 'withdrawn', (current) => this.termsOf(current), ['given', 'paused'], 'consent.withdrawn');
  }

  history(cameraId: string): Promise<ConsentEntity[]> {
    return this.repository.consentHistory(cameraId);
  }

  current(cameraId: string): Promise<ConsentEntity | null> {
    return this.repository.currentConsent(cameraId);
  }

  private termsOf(c: ConsentEntity): ConsentTerms {
    return {
      purposes: c.purposes,
      retentionDays: c.retentionDays,
      sharingMode: c.sharingMode,
      activeHours: c.activeHours,
      noticeVersion: c.noticeVersion,
      noticeLanguage: c.noticeLanguage,
      method: c.method,
    };
  }

  private async next(
    cameraId: string,
    actor: Principal,
    state: ConsentState,
    terms: (current: ConsentEntity) => ConsentTerms,
    allowedFrom: ConsentState[],
    action: AuditAction,
  ): Promise<ConsentEntity> {
    const consent = await this.repository.transaction(async (manager) => {
      const camera = await this.repository.lockCamera(manager, cameraId);
      const current = camera && (await this.repository.currentConsent(cameraId, manager));
      if (!camera || !current) throw problem('consent.missing', `camera ${cameraId} has no consent to change`);
      if (!allowedFrom.includes(current.state)) {
        throw problem(
          'consent.invalid_transition',
          `consent is ${current.state}; it cannot become ${state}${current.state === 'withdrawn' ? ' (withdrawal is final: enrol again)' : ''}`,
        );
      }
      const next = terms(current);
      const consent = await this.append(manager, camera, actor, state, next, current.version + 1, action);
      // Shortening applies to what is stored; lengthening does not: footage already captured was
      // agreed for the shorter time, so the longer one applies to footage captured from now on
      // (privacy-conservative, and nothing already deleted could come back anyway). Events and gaps
      // follow the current consent at each retention pass.
      if (next.retentionDays < current.retentionDays) await this.repository.shortenClipRetention(manager, cameraId, next.retentionDays);
      return consent;
    });
    await this.signals.publish({ cameraId, lifecycle: LIFECYCLE_FOR[state], consentVersion: consent.version });
    return consent;
  }

  private async append(
    manager: EntityManager,
    camera: CameraEntity,
    actor: Principal,
    state: ConsentState,
    terms: ConsentTerms,
    version: number,
    action: AuditAction,
  ): Promise<ConsentEntity> {
    const consent = await this.repository.insertConsent(manager, {
      cameraId: camera.id,
      version,
      state,
      purposes: [...new Set(terms.purposes)].sort(),
      retentionDays: terms.retentionDays,
      sharingMode: terms.sharingMode,
      // Recorded with the zone it was given in; a version copied from an earlier one keeps that one's.
      activeHours: terms.activeHours
        ? { from: terms.activeHours.from, to: terms.activeHours.to, timeZone: terms.activeHours.timeZone ?? this.config.WARD_TIME_ZONE }
        : null,
      noticeVersion: terms.noticeVersion,
      noticeLanguage: terms.noticeLanguage,
      method: terms.method,
      givenBy: actor.userId,
      givenAt: new Date(),
    });
    camera.lifecycle = LIFECYCLE_FOR[state];
    await this.repository.saveCamera(manager, camera);
    await this.audit.record(
      {
        actor: { userId: actor.userId, role: actor.role },
        action,
        subject: { type: 'consent', id: consent.id },
        cameraId: camera.id,
        details: {
          version,
          state,
          purposes: consent.purposes,
          retentionDays: consent.retentionDays,
          sharingMode: consent.sharingMode,
          activeHours: consent.activeHours,
          notice: `${consent.noticeVersion}/${consent.noticeLanguage}`,
          method: consent.method,
        },
      },
      manager,
    );
    return consent;
  }
}
