import { Injectable, Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CameraHealth, CameraLifecycle, ConsentPurpose, ConsentState } from '@wardwatch/cameras';
import { problem } from '@wardwatch/problems';
import { CameraLeases, CameraLeasesModule } from '@wardwatch/holdings';

export interface RosterFilter {
  health?: CameraHealth;
  /** The consent in force; `none` for a camera without one. */
  consent?: ConsentState | 'none';
  /** true: a worker holds its lease; false: enrolled but not covered (a worker should hold it, none does). */
  covered?: boolean;
  /** Label, street or owner's name (diacritics and case ignored). */
  q?: string;
}

/** Where a page ended: the camera's street, house number and id. */
export interface RosterKey {
  street: string;
  house: string;
  id: string;
}

export interface RosterCamera {
  id: string;
  label: string;
  owner: { id: string; displayName: string };
  address: { street: string; houseNumber: string; alley: string | null; residentialGroup: string | null };
  lifecycle: CameraLifecycle;
  health: CameraHealth;
  consent: { state: ConsentState; purposes: ConsentPurpose[]; retentionDays: number } | null;
  lastEventAt: Date | null;
  lastProbedAt: Date;
  lastSeenAt: Date | null;
  coverage: {
    held: boolean;
    workerId: string | null;
    leaseExpiresAt: Date | null;
    /**
     * A worker should hold it: active, with consent given for event metadata (what the ingest
     * workers subscribe to). `expected && !held` is "enrolled but not covered".
     */
    expected: boolean;
  };
}

interface RosterRow {
  id: string;
  label: string;
  owner_id: string;
  owner_name: string;
  street: string;
  house_number: string;
  alley: string | null;
  residential_group: string | null;
  lifecycle: CameraLifecycle;
  health: CameraHealth;
  consent_state: ConsentState | null;
  purposes: ConsentPurpose[] | null;
  retention_days: number | null;
  last_event_at: Date | null;
  last_probed_at: Date;
  last_seen_at: Date | null;
}

/** Rows read per round when a coverage filter has to look past the cameras it drops. */
const SCAN_BATCH = 200;

/**
 * The ward's enrolled cameras for its administrators: owner, address, lifecycle, health, consent,
 * last event and last probe from PostgreSQL, and which worker holds each one from the Redis leases
 * (one pipelined read per batch of rows). Withdrawn and removed cameras are not listed.
 */
@Injectable()
export class CameraRoster {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly leases: CameraLeases,
  ) {}

  /** One page (`limit + 1` rows when there are more, as keyset pages are read), ordered by street, house number, id. */
  async page(wardId: string, filter: RosterFilter, page: { after: RosterKey | null; limit: number }): Promise<RosterCamera[]> {
    const ward = await this.dataSource.query<unknown[]>(`SELECT 1 FROM wards WHERE id = $1`, [wardId]);
    if (ward.length === 0) throw problem('ward.not_found', `no ward with id ${wardId}; GET /wards lists them`);
    const out: RosterCamera[] = [];
    let after = page.after;
    // Without a coverage filter one read is one page; with one, read on until the page is full.
    const batch = filter.covered === undefined ? page.limit : Math.max(page.limit, SCAN_BATCH);
    for (;;) {
      const rows = await this.rows(wardId, filter, after, batch);
      const held = await this.leases.holders(rows.map((r) => r.id));
      for (const row of rows) {
        const camera = toCamera(row, held.get(row.id));
        if (filter.covered === undefined || (filter.covered ? camera.coverage.held : camera.coverage.expected && !camera.coverage.held))
          out.push(camera);
        if (out.length === page.limit) return out;
      }
      if (rows.length < batch) return out;
      const last = rows[rows.length - 1];
      after = { street: last.street, house: last.house_number, id: last.id };
    }
  }

  private rows(wardId: string, filter: RosterFilter, after: RosterKey | null, limit: number): Promise<RosterRow[]> {
    return this.dataSource.query<RosterRow[]>(
      `SELECT c.id, c.label, c.owner_id, u.display_name AS owner_name, c.street, c.house_number, c.alley, c.residential_group,
              c.lifecycle, c.health, k.state AS consent_state, k.purposes, k.retention_days, e.started_at AS last_event_at,
              c.last_probed_at, c.last_seen_at
       FROM cameras c
       JOIN users u ON u.id = c.owner_id
       LEFT JOIN LATERAL (
         SELECT state, purposes, retention_days FROM camera_consents WHERE camera_id = c.id ORDER BY version DESC LIMIT 1
       ) k ON true
       LEFT JOIN LATERAL (
         SELECT started_at FROM motion_events WHERE camera_id = c.id AND started_at <= now() ORDER BY started_at DESC LIMIT 1
       ) e ON true
       WHERE c.ward_id = $1 AND c.lifecycle <> 'withdrawn' AND c.removed_at IS NULL
         AND ($2::text IS NULL OR c.health = $2)
         AND ($3::text IS NULL OR ($3 = 'none' AND k.state IS NULL) OR k.state = $3)
         AND ($4::text IS NULL OR search_normalise(c.label || ' ' || c.street || ' ' || u.display_name) LIKE '%' || search_normalise($4) || '%')
         AND ($5::text IS NULL OR (c.street, c.house_number, c.id) > ($5::text, $6::text, $7::uuid))
       ORDER BY c.street, c.house_number, c.id
       LIMIT $8`,
      [
        wardId,
        filter.health ?? null,
        filter.consent ?? null,
        filter.q?.trim() ? filter.q.trim() : null,
        after?.street ?? null,
        after?.house ?? null,
        after?.id ?? null,
        limit,
      ],
    );
  }
}

function toCamera(r: RosterRow, lease: { workerId: string; expiresAt: Date | null } | undefined): RosterCamera {
  const consent = r.consent_state ? { state: r.consent_state, purposes: r.purposes ?? [], retentionDays: r.retention_days ?? 0 } : null;
  return {
    id: r.id,
    label: r.label,
    owner: { id: r.owner_id, displayName: r.owner_name },
    address: { street: r.street, houseNumber: r.house_number, alley: r.alley, residentialGroup: r.residential_group },
    lifecycle: r.lifecycle,
    health: r.health,
    consent,
    lastEventAt: r.last_event_at,
    lastProbedAt: r.last_probed_at,
    lastSeenAt: r.last_seen_at,
    coverage: {
      held: lease !== undefined,
      workerId: lease?.workerId ?? null,
      leaseExpiresAt: lease?.expiresAt ?? null,
      expected: r.lifecycle === 'active' && consent?.state === 'given' && consent.purposes.includes('event_metadata'),
    },
  };
}

/** The roster, for processes that read the leases without holding cameras (the API). */
@Module({ imports: [CameraLeasesModule], providers: [CameraRoster], exports: [CameraLeasesModule, CameraRoster] })
export class CameraRosterModule {}
