import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '@wardwatch/accounts';
import { AuditService } from '@wardwatch/audit';
import { ApiConfig } from '@wardwatch/config';
import { problem, type ProblemCode, type ProblemException } from '@wardwatch/problems';
import { ObjectStore } from '@wardwatch/storage';
import { ClipLinkEntity } from './clip-link.entity';
import { InvestigationAccess } from './investigation-access';
import type { LinkAsset, LinkKind } from './investigation.types';
import { releaseCoversClipSql } from './releases.service';

/**
 * How long the store URL that an opening redirects to stays valid, at most (never past the link's
 * own expiry). Media players fetch a clip in byte ranges from the URL they were redirected to, and
 * keep using it while they play and seek; 120 s is CLIP_MAX_SECONDS' default, so a player that
 * opened the link can play even the longest clip through at normal speed without coming back. Yet
 * a store URL copied out of a player, or kept by one left open, dies within two minutes: that bounds
 * what revoking a link cannot take back.
 */
export const STORE_URL_SECONDS = 120;

export const LINK_STATES = ['live', 'expired', 'revoked'] as const;
/** revoked: a supervisor (or its officer) ended it; expired: its own time, or its release's, is over. */
export type LinkState = (typeof LINK_STATES)[number];

/** Why an opening would be refused now (what GET /links/{id} would answer), or null when it would open. */
export type LinkRefusal = Extract<
  ProblemCode,
  'link.revoked' | 'link.expired' | 'link.release_ended' | 'link.consent_withdrawn' | 'investigation.not_member'
>;

export interface IssuedClipLink {
  id: string;
  kind: LinkKind;
  asset: LinkAsset;
  clipId: string;
  investigationId: string;
  expiresAt: Date;
}

export interface ClipLinkView {
  id: string;
  clipId: string;
  investigationId: string;
  camera: { id: string; label: string };
  issuedTo: { id: string; name: string; role: string };
  kind: LinkKind;
  asset: LinkAsset;
  issuedAt: Date;
  expiresAt: Date;
  state: LinkState;
  openedCount: number;
  lastOpenedAt: Date | null;
  revokedAt: Date | null;
  revokedBy: { name: string; role: string } | null;
  revokeReason: string | null;
  /** What opening it would answer the user it was issued to now (null: it would open). */
  refusal: LinkRefusal | null;
}

/** Where a page of links (newest first) ends. */
export interface ClipLinkKey {
  issuedAt: Date;
  id: string;
}

/** Where an opening goes: the object, for how long, under which download name. */
export interface LinkOpening {
  url: string;
  ttlSeconds: number;
}

interface LinkRow {
  id: string;
  clip_id: string;
  investigation_id: string;
  release_id: string;
  issued_to: string;
  kind: LinkKind;
  asset: LinkAsset;
  issued_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  revoked_by: string | null;
  revoke_reason: string | null;
  opened_count: number;
  last_opened_at: Date | null;
  camera_id: string;
  camera_label: string;
  object_key: string | null;
  thumbnail_key: string | null;
  case_number: string;
  issued_to_name: string;
  issued_to_role: string;
  revoked_by_name: string | null;
  revoked_by_role: string | null;
  release_expires_at: Date;
  release_revoked_at: Date | null;
  consent_state: string | null;
  consent_at: Date | null;
  is_member: boolean;
}

/** Everything a check, a view or an opening needs about a link, in one statement. */
const LINK_SELECT = `
  SELECT l.id, l.clip_id, l.investigation_id, l.release_id, l.issued_to, l.kind, l.asset, l.issued_at, l.expires_at,
         l.revoked_at, l.revoked_by, l.revoke_reason, l.opened_count, l.last_opened_at,
         c.camera_id, cam.label AS camera_label, c.object_key, c.thumbnail_key, i.case_number,
         u.display_name AS issued_to_name, u.role AS issued_to_role, rb.display_name AS revoked_by_name, rb.role AS revoked_by_role,
         r.expires_at AS release_expires_at, r.revoked_at AS release_revoked_at,
         consent.state AS consent_state, consent.given_at AS consent_at,
         EXISTS (SELECT 1 FROM investigation_members m WHERE m.investigation_id = l.investigation_id AND m.user_id = l.issued_to
                  AND m.removed_at IS NULL) AS is_member
    FROM clip_links l
    JOIN clips c ON c.id = l.clip_id
    JOIN cameras cam ON cam.id = c.camera_id
    JOIN investigations i ON i.id = l.investigation_id
    JOIN footage_releases r ON r.id = l.release_id
    JOIN users u ON u.id = l.issued_to
    LEFT JOIN users rb ON rb.id = l.revoked_by
    LEFT JOIN LATERAL (SELECT state, given_at FROM camera_consents WHERE camera_id = c.camera_id ORDER BY version DESC LIMIT 1) consent ON true`;

const iso = (d: Date) => d.toISOString();

/**
 * Links to released clips: issued to one member, opened through the API (each opening checked,
 * counted and audited, then redirected to a short-lived store URL), listed per investigation and
 * revocable early. The guarantee of a revocation: no opening after it commits (openings and
 * revocations lock the link's row); a player that opened the link before may keep using the store
 * URL it was redirected to for at most STORE_URL_SECONDS.
 */
@Injectable()
export class ClipLinksService {
  constructor(
    private readonly access: InvestigationAccess,
    private readonly audit: AuditService,
    private readonly store: ObjectStore,
    private readonly config: ApiConfig,
  ) {}

  /**
   * A link to a released clip (or its thumbnail), for a member of an investigation that a live
   * release covers it for. The row and its `link.issued` entry are written in one transaction.
   */
  async issue(
    user: Principal,
    input: { clipId: string; investigationId: string; kind: LinkKind; asset: LinkAsset },
  ): Promise<IssuedClipLink> {
    const investigation = await this.access.load(input.investigationId);
    await this.access.assertMember(investigation, user);
    const [row] = await this.access.manager.query<
      { clip_id: string; camera_id: string; object_key: string; thumbnail_key: string | null; release_id: string; request_id: string }[]
    >(
      `SELECT c.id AS clip_id, c.camera_id, c.object_key, c.thumbnail_key, r.id AS release_id, r.request_id
         FROM clips c JOIN footage_releases r ON ${releaseCoversClipSql('r', 'c')}
        WHERE c.id = $1 AND r.investigation_id = $2 AND c.status = 'stored' AND c.object_key IS NOT NULL
        ORDER BY r.expires_at DESC LIMIT 1`,
      [input.clipId, investigation.id],
    );
    if (!row) {
      throw problem(
        'release.not_available',
        `clip ${input.clipId} is not covered by a live release of investigation ${investigation.caseNumber}: ` +
          'footage is available only after its request is approved, until the release expires, and once the clip is stored',
      );
    }
    // Withdrawal is the owner's "no more": the release keeps its hold (the footage is not destroyed
    // while the release lasts), but nobody gets a new link to this camera's footage from then on.
    // The newest consent version is the withdrawal itself when there was one (versions are never edited).
    const [consent] = await this.access.manager.query<{ state: string; at: Date }[]>(
      `SELECT state, given_at AS at FROM camera_consents WHERE camera_id = $1 ORDER BY version DESC LIMIT 1`,
      [row.camera_id],
    );
    if (!consent || consent.state === 'withdrawn') {
      throw problem(
        'release.not_available',
        `the owner of this camera withdrew consent${consent ? ` at ${iso(consent.at)}` : ''}: ` +
          'its released footage can no longer be viewed or downloaded',
      );
    }
    if (input.asset === 'thumbnail' && !row.thumbnail_key) throw problem('clip.not_found', `clip ${input.clipId} has no thumbnail`);
    const issuedAt = new Date();
    const expiresAt = new Date(issuedAt.getTime() + this.config.DOWNLOAD_LINK_TTL_SECONDS * 1000);
    return this.access.transaction(async (m) => {
      const repo = m.getRepository(ClipLinkEntity);
      const link = await repo.save(
        repo.create({
          clipId: row.clip_id,
          investigationId: investigation.id,
          releaseId: row.release_id,
          issuedTo: user.userId,
          kind: input.kind,
          asset: input.asset,
          issuedAt,
          expiresAt,
          revokedAt: null,
          revokedBy: null,
          revokeReason: null,
          openedCount: 0,
          lastOpenedAt: null,
        }),
      );
      await this.audit.record(
        {
          actor: { userId: user.userId, role: user.role },
          action: 'link.issued',
          subject: { type: 'clip', id: row.clip_id },
          cameraId: row.camera_id,
          investigationId: investigation.id,
          details: {
            linkId: link.id,
            kind: input.kind,
            asset: input.asset,
            releaseId: row.release_id,
            requestId: row.request_id,
            expiresAt: iso(expiresAt),
          },
        },
        m,
      );
      return { id: link.id, kind: input.kind, asset: input.asset, clipId: row.clip_id, investigationId: investigation.id, expiresAt };
    });
  }

  /**
   * Opens a link for the user it was issued to: refused (with why) when it is revoked or expired,
   * its release ended, the owner withdrew consent or the user left the investigation; otherwise
   * counted and audited as `link.opened` in one transaction that holds the link's row (so a
   * revocation that commits first is always seen), then a store URL valid for
   * min(the link's remaining time, STORE_URL_SECONDS), with the download name for download links.
   */
  async open(user: Principal, linkId: string): Promise<LinkOpening> {
    const opened = await this.access.transaction(async (m) => {
      const row = await this.lockedRow(m, linkId);
      if (row.issued_to !== user.userId) throw this.notYours('opens only for the user it was issued to; ask for your own link');
      const now = new Date();
      const refusal = this.refusalOf(row, now);
      if (refusal) throw this.refusalProblem(refusal, row);
      const key = row.asset === 'clip' ? row.object_key : row.thumbnail_key;
      if (!key) throw problem('clip.not_found', `clip ${row.clip_id} has no ${row.asset === 'clip' ? 'stored video' : 'thumbnail'}`);
      await m.query(`UPDATE clip_links SET opened_count = opened_count + 1, last_opened_at = $2 WHERE id = $1`, [row.id, now]);
      await this.audit.record(
        {
          actor: { userId: user.userId, role: user.role },
          action: 'link.opened',
          subject: { type: 'clip', id: row.clip_id },
          cameraId: row.camera_id,
          investigationId: row.investigation_id,
          details: { linkId: row.id, kind: row.kind, asset: row.asset, releaseId: row.release_id },
        },
        m,
      );
      const remaining = Math.floor((row.expires_at.getTime() - now.getTime()) / 1000);
      return { row, key, ttlSeconds: Math.max(1, Math.min(STORE_URL_SECONDS, remaining)) };
    });
    const { row, key, ttlSeconds } = opened;
    const extension = row.asset === 'clip' ? 'mp4' : 'jpg';
    const downloadName = row.kind === 'download' ? `${row.case_number}-${row.clip_id}.${extension}`.replace(/[^\w.-]/g, '_') : undefined;
    return { url: await this.store.presignGet(key, ttlSeconds, downloadName), ttlSeconds };
  }

  /**
   * One link as the list shows it, with what opening it would answer now: for the user it was
   * issued to, and for whoever may read the investigation (members, supervisors).
   */
  async view(user: Principal, linkId: string): Promise<ClipLinkView> {
    const [row] = await this.access.manager.query<LinkRow[]>(`${LINK_SELECT} WHERE l.id = $1`, [linkId]);
    if (!row) throw this.notFound(linkId);
    if (row.issued_to !== user.userId) await this.access.assertCanRead(await this.access.load(row.investigation_id), user);
    return this.toView(row, new Date());
  }

  /** The investigation's links, newest first, for its members and for supervisors. */
  async list(
    user: Principal,
    investigationId: string,
    page: { after: ClipLinkKey | null; limit: number },
  ): Promise<{ items: ClipLinkView[]; next: ClipLinkKey | null }> {
    const investigation = await this.access.load(investigationId);
    await this.access.assertCanRead(investigation, user);
    const rows = await this.access.manager.query<LinkRow[]>(
      `${LINK_SELECT}
        WHERE l.investigation_id = $1 AND ($2::timestamptz IS NULL OR (l.issued_at, l.id) < ($2::timestamptz, $3::uuid))
        ORDER BY l.issued_at DESC, l.id DESC
        LIMIT $4`,
      [investigation.id, page.after?.issuedAt ?? null, page.after?.id ?? null, page.limit + 1],
    );
    const now = new Date();
    const items = rows.slice(0, page.limit).map((row) => this.toView(row, now));
    const last = rows.length > page.limit ? items[items.length - 1] : undefined;
    return { items, next: last ? { issuedAt: last.issuedAt, id: last.id } : null };
  }

  /**
   * Ends a live link before it expires: a supervisor's call, or the officer's own for a link issued
   * to them. Audited as `link.revoked` in the same transaction; 409 when it is no longer live.
   */
  async revoke(user: Principal, linkId: string, reason: string): Promise<ClipLinkView> {
    return this.access.transaction(async (m) => {
      const row = await this.lockedRow(m, linkId);
      // A supervisor oversees every investigation (no membership needed, as for closing one); the
      // user a link was issued to may end it too, since that only takes access away.
      if (user.role !== 'supervisor' && row.issued_to !== user.userId) {
        throw this.notYours('can be revoked only by a supervisor or by the user it was issued to');
      }
      const now = new Date();
      const state = this.stateOf(row, now);
      if (state !== 'live') {
        throw problem(
          'link.not_live',
          state === 'revoked'
            ? `link ${row.id} was already revoked at ${iso(row.revoked_at!)}`
            : `link ${row.id} has already expired (${this.expiryOf(row)}); it cannot be opened and needs no revoking`,
          { state },
        );
      }
      await m.query(`UPDATE clip_links SET revoked_at = $2, revoked_by = $3, revoke_reason = $4 WHERE id = $1`, [
        row.id,
        now,
        user.userId,
        reason,
      ]);
      await this.audit.record(
        {
          actor: { userId: user.userId, role: user.role },
          action: 'link.revoked',
          subject: { type: 'clip', id: row.clip_id },
          cameraId: row.camera_id,
          investigationId: row.investigation_id,
          details: { linkId: row.id, kind: row.kind, asset: row.asset, releaseId: row.release_id, issuedTo: row.issued_to, reason },
        },
        m,
      );
      const [after] = await m.query<LinkRow[]>(`${LINK_SELECT} WHERE l.id = $1`, [row.id]);
      return this.toView(after, now);
    });
  }

  /** The link's row with everything the checks need, locked until the transaction ends. */
  private async lockedRow(m: EntityManager, linkId: string): Promise<LinkRow> {
    const [row] = await m.query<LinkRow[]>(`${LINK_SELECT} WHERE l.id = $1 FOR UPDATE OF l`, [linkId]);
    if (!row) throw this.notFound(linkId);
    return row;
  }

  private stateOf(row: LinkRow, now: Date): LinkState {
    if (row.revoked_at) return 'revoked';
    const releaseEnded = row.release_revoked_at !== null || row.release_expires_at <= now;
    return row.expires_at <= now || releaseEnded ? 'expired' : 'live';
  }

  private expiryOf(row: LinkRow): string {
    if (row.release_revoked_at) return `its release was revoked at ${iso(row.release_revoked_at)}`;
    if (row.release_expires_at < row.expires_at) return `its release expired at ${iso(row.release_expires_at)}`;
    return `at ${iso(row.expires_at)}`;
  }

  /** The same checks as issuing, in the order a user can act on them. */
  private refusalOf(row: LinkRow, now: Date): LinkRefusal | null {
    if (row.revoked_at) return 'link.revoked';
    if (row.expires_at <= now) return 'link.expired';
    if (row.release_revoked_at !== null || row.release_expires_at <= now) return 'link.release_ended';
    if (row.consent_state === null || row.consent_state === 'withdrawn') return 'link.consent_withdrawn';
    if (!row.is_member) return 'investigation.not_member';
    return null;
  }

  private refusalProblem(refusal: LinkRefusal, row: LinkRow): ProblemException {
    switch (refusal) {
      case 'link.revoked':
        return problem(
          'link.revoked',
          `this link was revoked at ${iso(row.revoked_at!)} by a ${row.revoked_by_role ?? 'user'}: ${row.revoke_reason ?? ''}`,
          { revokedAt: iso(row.revoked_at!), revokedBy: { role: row.revoked_by_role }, reason: row.revoke_reason },
        );
      case 'link.expired':
        return problem('link.expired', `this link expired at ${iso(row.expires_at)}; ask for a new one while the release lasts`, {
          expiredAt: iso(row.expires_at),
        });
      case 'link.release_ended':
        return problem(
          'link.release_ended',
          row.release_revoked_at
            ? `the release this link was issued under was revoked at ${iso(row.release_revoked_at)} (the investigation was closed)`
            : `the release this link was issued under expired at ${iso(row.release_expires_at)}`,
          { releaseId: row.release_id },
        );
      case 'link.consent_withdrawn':
        return problem(
          'link.consent_withdrawn',
          `the owner of this camera withdrew consent${row.consent_at ? ` at ${iso(row.consent_at)}` : ''}: ` +
            'its released footage can no longer be viewed or downloaded',
        );
      case 'investigation.not_member':
        return problem(
          'investigation.not_member',
          `you are no longer a member of investigation ${row.case_number}; its links open only for its members`,
        );
    }
  }

  private toView(row: LinkRow, now: Date): ClipLinkView {
    return {
      id: row.id,
      clipId: row.clip_id,
      investigationId: row.investigation_id,
      camera: { id: row.camera_id, label: row.camera_label },
      issuedTo: { id: row.issued_to, name: row.issued_to_name, role: row.issued_to_role },
      kind: row.kind,
      asset: row.asset,
      issuedAt: row.issued_at,
      expiresAt: row.expires_at,
      state: this.stateOf(row, now),
      openedCount: row.opened_count,
      lastOpenedAt: row.last_opened_at,
      revokedAt: row.revoked_at,
      revokedBy: row.revoked_at ? { name: row.revoked_by_name ?? '', role: row.revoked_by_role ?? '' } : null,
      revokeReason: row.revoke_reason,
      refusal: this.refusalOf(row, now),
    };
  }

  private notFound(linkId: string): ProblemException {
    return problem('link.not_found', `link ${linkId} does not exist (or its clip was deleted); ask for a new link`);
  }

  private notYours(what: string): ProblemException {
    return problem('link.not_yours', `this link was issued to someone else: it ${what}`);
  }
}
