import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccountsService, type Principal } from '@wardwatch/accounts';
import { CameraRegistryService, ConsentService, type CameraView } from '@wardwatch/cameras';
import { FootageRequestsService } from '@wardwatch/investigations';
import { problem } from '@wardwatch/problems';

/** What happens to one camera's footage when it is removed. */
export interface FootageOutcome {
  /** Clips under no hold: deleted at once by the withdrawal purge (and by retention at the latest). */
  clipsDeleted: number;
  /** Clips under a hold the owner knows of (released footage, a request they were asked about): kept until the hold ends. */
  clipsKeptOnHold: number;
}

export interface CameraRemoval {
  camera: CameraView;
  consentWithdrawn: boolean;
  footage: FootageOutcome;
  requestsDeclined: number;
  outcome: string;
}

export interface AccountDeletionPreview {
  account: { id: string; email: string; displayName: string };
  cameras: { camera: CameraView; consentState: string | null; footage: FootageOutcome; pendingRequests: number }[];
  pendingRequests: number;
  whatHappens: string[];
}

export interface AccountDeletion {
  deletedAt: Date;
  camerasRemoved: CameraRemoval[];
  requestsDeclined: number;
  whatHappened: string[];
}

/** Pages of the owner inbox walked when declining; one resident has a handful. */
const INBOX_PAGE = 100;
const DECLINED_ON_REMOVAL = 'declined: the owner removed this camera';
const DECLINED_ON_DELETION = 'declined: the owner deleted their account';

/**
 * A hold its owner has been told of: footage released to an investigation, or a preservation hold
 * of a request past the supervisor's step (a request the owner sees in their inbox). Other holds
 * (a request a supervisor has not approved) are never disclosed to the owner (F10 of the 2026-12
 * review): they are neither counted here nor deleted.
 */
const HOLD_KNOWN_TO_OWNER = `(h.kind = 'release' OR EXISTS (
    SELECT 1 FROM footage_request_cameras rc JOIN footage_requests r ON r.id = rc.request_id
     WHERE rc.preservation_hold_id = h.id AND rc.state NOT IN ('pending_supervisor', 'rejected')
       AND (r.supervisor_required = false OR r.supervisor_decision = 'approved')))`;

/**
 * The residents' own account and cameras, across the domains they touch: removing a camera (the
 * withdrawal path, pending requests declined, what happens to its footage) and deleting an account
 * (every camera removed, every pending request declined, the account disabled and its personal data
 * replaced by a pseudonym; the audit log is append-only and keeps its entries).
 */
@Injectable()
export class ResidentPortalService {
  private readonly logger = new Logger(ResidentPortalService.name);

  constructor(
    private readonly registry: CameraRegistryService,
    private readonly consents: ConsentService,
    private readonly requests: FootageRequestsService,
    private readonly accounts: AccountsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** DELETE /cameras/:id: the owner removes a camera. */
  async removeCamera(actor: Principal, cameraId: string, note = DECLINED_ON_REMOVAL): Promise<CameraRemoval> {
    await this.registry.owned(actor, cameraId, 'change');
    const requestsDeclined = await this.declinePending(actor, cameraId, note);
    const { camera, consentWithdrawn } = await this.registry.remove(actor, cameraId);
    const footage = await this.footageOutcome(cameraId);
    return { camera, consentWithdrawn, footage, requestsDeclined, outcome: describeRemoval(consentWithdrawn, footage, requestsDeclined) };
  }

  /** GET /auth/me/deletion-preview: what deleting the account would do, changing nothing. */
  async deletionPreview(actor: Principal): Promise<AccountDeletionPreview> {
    this.requireResident(actor);
    const account = await this.accounts.get(actor.userId);
    const cameras = [];
    let pendingRequests = 0;
    for (const camera of await this.ownCameras(actor)) {
      const consent = await this.consents.current(camera.id);
      const pending = await this.countPending(actor, camera.id);
      pendingRequests += pending;
      // After removal, the preservation holds of the requests declined end: their clips are deleted too.
      const footage = await this.footageOutcome(camera.id, { ignoringPendingOf: actor.userId });
      cameras.push({ camera, consentState: consent?.state ?? null, footage, pendingRequests: pending });
    }
    const kept = cameras.reduce((n, c) => n + c.footage.clipsKeptOnHold, 0);
    const deleted = cameras.reduce((n, c) => n + c.footage.clipsDeleted, 0);
    return {
      account: { id: account.id, email: account.email, displayName: account.displayName },
      cameras,
      pendingRequests,
      whatHappens: [
        `${cameras.length} camera(s) are removed: consent is withdrawn, capture and event subscriptions stop at once.`,
        `${pendingRequests} police request(s) waiting for your answer are declined.`,
        `${deleted} clip(s) not on hold are deleted.`,
        `${kept} clip(s) on legal hold for an investigation are kept until the hold ends (the release expires or the investigation is closed), then deleted.`,
        'Your account is disabled at once; your name, e-mail address and telephone number are replaced by a pseudonym.',
        'The audit log is append-only and keeps its entries: they name your account by its id, which now shows as a deleted account.',
      ],
    };
  }

  /** DELETE /auth/me: the resident deletes their own account, password re-entered. */
  async deleteAccount(actor: Principal, password: string): Promise<AccountDeletion> {
    this.requireResident(actor);
    await this.accounts.verifyOwnPassword(actor.userId, password);
    const camerasRemoved: CameraRemoval[] = [];
    let requestsDeclined = 0;
    for (const camera of await this.ownCameras(actor)) {
      const removal = await this.removeCamera(actor, camera.id, DECLINED_ON_DELETION);
      requestsDeclined += removal.requestsDeclined;
      camerasRemoved.push(removal);
    }
    // Requests for cameras removed earlier can no longer be pending (removal declined them); none is left.
    requestsDeclined += await this.declinePending(actor, null, DECLINED_ON_DELETION);
    const deletedAt = await this.accounts.eraseResident(actor, { camerasRemoved: camerasRemoved.length, requestsDeclined });
    // Their notifications name cameras and cases and are read by no one now (deliveries go with them;
    // none pending would be sent anyway: the account is disabled).
    await this.dataSource.query(`DELETE FROM notifications WHERE recipient_id = $1`, [actor.userId]);
    this.logger.log({ userId: actor.userId, cameras: camerasRemoved.length, requestsDeclined }, 'a resident deleted their account');
    const kept = camerasRemoved.reduce((n, c) => n + c.footage.clipsKeptOnHold, 0);
    return {
      deletedAt,
      camerasRemoved,
      requestsDeclined,
      whatHappened: [
        `${camerasRemoved.length} camera(s) removed; consent withdrawn and capture stopped.`,
        `${requestsDeclined} pending police request(s) declined.`,
        `${kept} clip(s) on legal hold are kept until the hold ends; the rest are being deleted.`,
        'The account is disabled and its personal data replaced by a pseudonym; the audit log keeps its entries under the account id.',
      ],
    };
  }

  private requireResident(actor: Principal): void {
    if (actor.role !== 'resident') {
      throw problem(
        'account.staff_cannot_self_delete',
        'staff accounts cannot be deleted by their holders: an admin disables them (PATCH /users/:id), so that the audit trail of their work stays attributable',
      );
    }
  }

  /** The resident's cameras not yet removed, every page. */
  private async ownCameras(actor: Principal): Promise<CameraView[]> {
    const all: CameraView[] = [];
    let after: { createdAt: Date; id: string } | null = null;
    for (;;) {
      const page = await this.registry.list(actor, { after, limit: INBOX_PAGE });
      all.push(...page);
      if (page.length < INBOX_PAGE) return all;
      const last = page[page.length - 1];
      after = { createdAt: last.createdAt, id: last.id };
    }
  }

  private async pendingFor(actor: Principal, cameraId: string | null) {
    const rows = [];
    let after = null;
    for (;;) {
      const page = await this.requests.ownerInbox(actor, {
        state: 'pending_owner',
        cameraId: cameraId ?? undefined,
        after,
        limit: INBOX_PAGE,
      });
      rows.push(...page.items);
      if (!page.next) return rows;
      after = page.next;
    }
  }

  private async countPending(actor: Principal, cameraId: string): Promise<number> {
    return (await this.pendingFor(actor, cameraId)).length;
  }

  /** Declines, as the owner, every request waiting for their answer (for one camera, or all of theirs). */
  private async declinePending(actor: Principal, cameraId: string | null, note: string): Promise<number> {
    let declined = 0;
    for (const item of await this.pendingFor(actor, cameraId)) {
      await this.requests.ownerDecision(actor, item.requestId, item.camera.id, false, note);
      declined++;
    }
    return declined;
  }

  /**
   * The camera's clips: those under no hold (deleted), and those under a hold the owner knows of
   * (kept). `ignoringPendingOf`: for a preview, the preservation holds of requests waiting for this
   * owner count as ended, since deletion declines them.
   */
  private async footageOutcome(cameraId: string, options: { ignoringPendingOf?: string } = {}): Promise<FootageOutcome> {
    const ignoring = options.ignoringPendingOf ?? null;
    const pendingOwnerHold = `EXISTS (SELECT 1 FROM footage_request_cameras p WHERE p.preservation_hold_id = h.id
        AND p.state = 'pending_owner' AND p.owner_id = $2::uuid)`;
    // With $2 null no hold is a pending one of this owner's, and every hold counts.
    const counted = `${heldBy('h', 'clip')} AND NOT ${pendingOwnerHold}`;
    const [row] = await this.dataSource.query<{ unheld: number; known: number }[]>(
      `SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM legal_holds h WHERE ${counted}))::int AS unheld,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM legal_holds h WHERE ${counted} AND ${HOLD_KNOWN_TO_OWNER}))::int AS known
         FROM clips clip
        WHERE clip.camera_id = $1 AND clip.status IN ('stored', 'failed')`,
      [cameraId, ignoring],
    );
    return { clipsDeleted: row.unheld, clipsKeptOnHold: row.known };
  }
}

/** "hold `h` covers clip `clip`", as clipIsHeldSql judges it. */
function heldBy(h: string, clip: string): string {
  return `${h}.camera_id = ${clip}.camera_id AND ${h}.lifted_at IS NULL
    AND ${h}."from" < COALESCE(${clip}.ended_at, ${clip}.requested_to, 'infinity')
    AND ${h}."until" > COALESCE(${clip}.started_at, ${clip}.requested_from)`;
}

function describeRemoval(consentWithdrawn: boolean, footage: FootageOutcome, requestsDeclined: number): string {
  return [
    consentWithdrawn
      ? 'Consent withdrawn: capture and the event subscription stopped at once.'
      : 'The camera had no consent in force; nothing was being captured.',
    `${footage.clipsDeleted} clip(s) not on hold are being deleted.`,
    footage.clipsKeptOnHold > 0
      ? `${footage.clipsKeptOnHold} clip(s) on legal hold for an investigation are kept until the hold ends (the release expires or the investigation is closed), then deleted.`
      : 'No clip is on legal hold.',
    requestsDeclined > 0 ? `${requestsDeclined} police request(s) waiting for your answer were declined.` : null,
    'The camera no longer appears in your list; its access log stays readable at GET /cameras/:id/access-log.',
  ]
    .filter((s): s is string => s !== null)
    .join(' ');
}
