import type { AuditEntryEntity } from './audit-entry.entity';

/** Actions are `domain.verb` (e.g. `auth.login`, `camera.enrolled`, `clip.stored`). */
export type AuditAction = `${string}.${string}`;

/** Who did it: a user, or the service itself (null user, role `system`). */
export interface AuditActor {
  userId: string | null;
  role: string;
}

export const SYSTEM_ACTOR: AuditActor = Object.freeze({ userId: null, role: 'system' });

export interface AuditRecordInput {
  actor: AuditActor;
  action: AuditAction;
  subject: { type: string; id?: string | null };
  details?: Record<string, unknown>;
  /** Filled where the entry concerns a camera, so that its owner's transparency view finds it. */
  cameraId?: string | null;
  /**
   * Further cameras the entry concerns (the cameras a search returned, the cameras of an export).
   * Recorded in `details.cameraIds` (hashed with the entry) and, with `cameraId`, in the
   * `audit_entry_cameras` index in the same transaction, so each owner's log finds the entry.
   */
  cameraIds?: readonly string[];
  investigationId?: string | null;
}

export type ChainVerification =
  | { ok: true; entries: number; headSeq: string | null; headHash: string }
  | {
      ok: false;
      entries: number;
      firstBroken: { seq: string; reason: string };
      lastGoodSeq: string | null;
    };

export interface AuditQuery {
  actorId?: string;
  /**
   * An exact action (`link.issued`), or a prefix ending with a dot (`link.`) that matches every
   * action of that domain.
   */
  action?: string;
  cameraId?: string;
  investigationId?: string;
  /** Entries about this clip: its subject, or named in the details (see auditEntryRefs). */
  clipId?: string;
  /** Searches whose results included this camera. */
  returnedCameraId?: string;
  /** Street searches that named this street of the gazetteer (its ward's, or without a ward). */
  streetId?: string;
  from?: Date;
  to?: Date;
  /** Keyset cursor: entries with seq lower than this (newest first). */
  beforeSeq?: string;
  limit: number;
}

/** Filters without paging, for exports that walk every matching entry. */
export type AuditFilter = Omit<AuditQuery, 'beforeSeq' | 'limit'>;

/** The head of the chain at a moment: what an export or an anchor refers to. */
export interface AuditHead {
  seq: string;
  hash: string;
}

/** An entry as the console lists it: the chain's row plus the actor's display name (not hashed). */
export type AuditEntryView = AuditEntryEntity & {
  /** The user's display name now; null for the system, an unknown id, or an account deleted by its holder. */
  actorName: string | null;
};

/** A chain verification run in the background (POST /audit/verifications). */
export type VerificationState = 'running' | 'ok' | 'broken' | 'interrupted';

export interface VerificationRun {
  id: string;
  state: VerificationState;
  /** Entries checked so far. */
  checked: number;
  /** Entries in the chain when the run started: it checks up to that head. */
  total: number;
  startedAt: Date;
  finishedAt: Date | null;
  firstBroken: { seq: string; reason: string } | null;
  headSeq: string | null;
  headHash: string | null;
  requestedBy: string | null;
}
