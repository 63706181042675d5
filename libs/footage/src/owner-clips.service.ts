import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@wardwatch/accounts';
import { AuditService } from '@wardwatch/audit';
import { CameraRegistryService } from '@wardwatch/cameras';
import { ObjectStore } from '@wardwatch/storage';
import { problem } from '@wardwatch/problems';
import { ClipEntity } from './clip.entity';
import { clipIsHeldSql } from './legal-holds.service';

/** Timelines cover at most this much, ending now (the owner's page offers 24 hours and 7 days). */
export const TIMELINE_MAX_DAYS = 7;
/** The most events one timeline carries (newest kept); a busier week says so with `truncated`. */
export const TIMELINE_MAX_EVENTS = 2000;

export interface OwnerTimeline {
  from: Date;
  to: Date;
  events: { id: string; kind: string; startedAt: Date; endedAt: Date | null; clipId: string | null; clipStatus: string | null }[];
  gaps: { id: string; reason: string; startedAt: Date; endedAt: Date | null }[];
  truncated: boolean;
}

export interface OwnerClipView {
  id: string;
  status: ClipEntity['status'];
  motionEventId: string;
  requestedFrom: Date;
  requestedTo: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
  durationMs: number | null;
  sizeBytes: number | null;
  sha256: string | null;
  failureReason: string | null;
  retainUntil: Date;
  onHold: boolean;
}

/**
 * Residents list and play their own cameras' clips (the footage is theirs). Only the owner: an
 * admin who may read a camera's registry entry does not get its footage. Every link is audited
 * like an officer's, so the owner's access log shows their own viewing too.
 */
@Injectable()
export class OwnerClipsService {
  constructor(
    private readonly cameras: CameraRegistryService,
    private readonly store: ObjectStore,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Newest first, a keyset page after (requestedFrom, id) of the previous page's last clip (ms precision, as stored). */
  async list(
    user: Principal,
    cameraId: string,
    after: { requestedFrom: Date; id: string } | null,
    limit: number,
  ): Promise<OwnerClipView[]> {
    await this.cameras.owned(user, cameraId, 'change'); // 'change': the owner only
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT c.id, c.status, c.motion_event_id, c.requested_from, c.requested_to, c.started_at, c.ended_at, c.duration_ms,
              c.size_bytes, c.sha256, c.failure_reason, c.retain_until,
              ${clipIsHeldSql('c')} AS on_hold
       FROM clips c WHERE c.camera_id = $1 AND ($2::timestamptz IS NULL OR (c.requested_from, c.id) < ($2::timestamptz, $3::uuid))
       ORDER BY c.requested_from DESC, c.id DESC LIMIT $4`,
      [cameraId, after?.requestedFrom ?? null, after?.id ?? null, limit],
    );
    return rows.map((r) => ({
      id: r.id as string,
      status: r.status as ClipEntity['status'],
      motionEventId: r.motion_event_id as string,
      requestedFrom: r.requested_from as Date,
      requestedTo: r.requested_to as Date | null,
      startedAt: r.started_at as Date | null,
      endedAt: r.ended_at as Date | null,
      durationMs: r.duration_ms as number | null,
      sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes),
      sha256: r.sha256 as string | null,
      failureReason: r.failure_reason as string | null,
      retainUntil: r.retain_until as Date,
      onHold: r.on_hold as boolean,
    }));
  }

  /**
   * The camera's events and coverage gaps over the last `days` days (ending now), for the owner's
   * timeline: each event with the clip made of it, if any; gaps that overlap the window (open ones too).
   */
  async timeline(user: Principal, cameraId: string, days: number, now = new Date()): Promise<OwnerTimeline> {
    await this.cameras.owned(user, cameraId, 'change');
    const span = Math.min(Math.max(days, 1), TIMELINE_MAX_DAYS);
    const from = new Date(now.getTime() - span * 86_400_000);
    const events = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT e.id, e.kind, e.started_at, e.ended_at, c.id AS clip_id, c.status AS clip_status
         FROM motion_events e
         LEFT JOIN LATERAL (SELECT id, status FROM clips WHERE motion_event_id = e.id ORDER BY requested_from DESC LIMIT 1) c ON true
        WHERE e.camera_id = $1 AND e.started_at < $3 AND COALESCE(e.ended_at, 'infinity') > $2
        ORDER BY e.started_at DESC LIMIT $4`,
      [cameraId, from, now, TIMELINE_MAX_EVENTS + 1],
    );
    const gaps = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT id, reason, started_at, ended_at FROM camera_gaps
        WHERE camera_id = $1 AND started_at < $3 AND COALESCE(ended_at, 'infinity') > $2
        ORDER BY started_at`,
      [cameraId, from, now],
    );
    return {
      from,
      to: now,
      truncated: events.length > TIMELINE_MAX_EVENTS,
      events: events
        .slice(0, TIMELINE_MAX_EVENTS)
        .reverse()
        .map((r) => ({
          id: r.id as string,
          kind: r.kind as string,
          startedAt: r.started_at as Date,
          endedAt: r.ended_at as Date | null,
          clipId: r.clip_id as string | null,
          clipStatus: r.clip_status as string | null,
        })),
      gaps: gaps.map((r) => ({
        id: r.id as string,
        reason: r.reason as string,
        startedAt: r.started_at as Date,
        endedAt: r.ended_at as Date | null,
      })),
    };
  }

  async link(
    user: Principal,
    cameraId: string,
    clipId: string,
    asset: 'clip' | 'thumbnail',
    ttlSeconds: number,
  ): Promise<{ url: string; expiresAt: Date; sha256: string }> {
    await this.cameras.owned(user, cameraId, 'change');
    const clip = await this.dataSource.getRepository(ClipEntity).findOne({ where: { id: clipId, cameraId } });
    if (!clip || clip.status !== 'stored') throw problem('clip.not_found', `camera ${cameraId} has no stored clip ${clipId}`);
    const key = asset === 'clip' ? clip.objectKey! : clip.thumbnailKey!;
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    await this.audit.record({
      actor: { userId: user.userId, role: user.role },
      action: 'link.issued',
      subject: { type: 'clip', id: clip.id },
      cameraId,
      details: { kind: 'view', asset, owner: true, expiresAt: expiresAt.toISOString() },
    });
    return {
      url: await this.store.presignGet(key, ttlSeconds),
      expiresAt,
      sha256: (asset === 'clip' ? clip.sha256 : clip.thumbnailSha256)!,
    };
  }
}
