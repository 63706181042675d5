import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@wardwatch/accounts';
import { AuditService } from '@wardwatch/audit';
import { problem } from '@wardwatch/problems';

/** Where a page of the street list ends: the sort key (normalised name, or similarity as text) and the id. */
export interface StreetListKey {
  key: string;
  id: string;
}

/** A listed street with the key it was sorted by (`sortKey` without a query, `similarity` with one). */
export type StreetListRow = StreetView & { sortKey?: string };

export interface StreetView {
  id: string;
  wardId: string;
  name: string;
  hasGeometry: boolean;
  /** Only when listing with a query: trigram similarity of the normalised names, 0-1. */
  similarity?: number;
}

/** What an admin imports: a GeoJSON FeatureCollection of lines named in `properties.name`, or plain names. */
export interface StreetImport {
  type?: 'FeatureCollection';
  features?: unknown[];
  names?: unknown[];
}

interface StreetRow {
  name: string;
  geometry: string | null;
}

const MAX_NAME = 160;
/** A listing with a query shows streets at least this similar (the search uses the same scale). */
const LIST_SIMILARITY = 0.3;

/** Streets are data: an admin imports each ward's street names (and lines, when known). */
@Injectable()
export class StreetsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * Adds or updates the ward's streets, all or nothing. A name already there (ignoring diacritics and
   * case) is updated: its spelling and, when the import has one, its line.
   */
  async importStreets(actor: Principal, wardId: string, input: StreetImport): Promise<StreetView[]> {
    const rows = this.parse(input);
    return this.dataSource.transaction('READ COMMITTED', async (manager) => {
      await this.requireWard(wardId, manager);
      const views: StreetView[] = [];
      for (const [i, row] of rows.entries()) {
        if (row.geometry) {
          const [{ valid, reason }] = await manager.query<{ valid: boolean; reason: string }[]>(
            `SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g) s`,
            [row.geometry],
          );
          if (!valid) throw problem('street.invalid_import', `street ${i} (${row.name}): the line is not valid (${reason})`);
        }
        const [view] = await manager.query<StreetView[]>(
          `INSERT INTO streets (ward_id, name, geometry)
           VALUES ($1, $2, CASE WHEN $3::text IS NULL THEN NULL ELSE ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($3), 4326))::geography END)
           ON CONFLICT (ward_id, search_normalise(name)) DO UPDATE
             SET name = EXCLUDED.name, geometry = COALESCE(EXCLUDED.geometry, streets.geometry), updated_at = now()
           RETURNING id, ward_id AS "wardId", name, geometry IS NOT NULL AS "hasGeometry"`,
          [wardId, row.name, row.geometry],
        );
        views.push(view);
      }
      await this.audit.record(
        {
          actor: { userId: actor.userId, role: actor.role },
          action: 'street.imported',
          subject: { type: 'ward', id: wardId },
          details: { streets: views.map((v) => v.name) },
        },
        manager,
      );
      return views;
    });
  }

  /**
   * The ward's streets by name; with `query`, those whose name resembles it (diacritics and case
   * ignored, small typos tolerated), most similar first.
   */
  async list(wardId: string, query: string | undefined, page: { after: StreetListKey | null; limit: number }): Promise<StreetListRow[]> {
    await this.requireWard(wardId);
    // Keyset pages: after the last row's sort key (its normalised name, or its similarity), then id.
    if (!query?.trim()) {
      return this.dataSource.query<StreetListRow[]>(
        `SELECT id, ward_id AS "wardId", name, geometry IS NOT NULL AS "hasGeometry", search_normalise(name) AS "sortKey"
         FROM streets WHERE ward_id = $1 AND ($2::text IS NULL OR (search_normalise(name), id) > ($2::text, $3::uuid))
         ORDER BY search_normalise(name), id LIMIT $4`,
        [wardId, page.after?.key ?? null, page.after?.id ?? null, page.limit],
      );
    }
    return this.dataSource.query<StreetListRow[]>(
      `SELECT * FROM (
         SELECT id, ward_id AS "wardId", name, geometry IS NOT NULL AS "hasGeometry",
                similarity(search_normalise(name), search_normalise($2))::float8 AS similarity
         FROM streets
         WHERE ward_id = $1 AND search_normalise(name) % search_normalise($2)
           AND similarity(search_normalise(name), search_normalise($2)) >= $3) s
       WHERE $4::float8 IS NULL OR s.similarity < $4::float8 OR (s.similarity = $4::float8 AND s.id > $5::uuid)
       ORDER BY s.similarity DESC, s.id LIMIT $6`,
      [wardId, query, LIST_SIMILARITY, page.after ? Number(page.after.key) : null, page.after?.id ?? null, page.limit],
    );
  }

  /**
   * The ward's own spelling of a street a resident typed (diacritics and case ignored), for an
   * address: `known` false when the ward has streets and none matches (with up to three close
   * names to suggest); a ward whose streets were never imported accepts any name as typed.
   */
  async canonicalName(wardId: string, name: string): Promise<{ known: boolean; name: string; suggestions: string[] }> {
    const [row] = await this.dataSource.query<{ streets: number; match: string | null }[]>(
      `SELECT (SELECT count(*)::int FROM streets WHERE ward_id = $1) AS streets,
              (SELECT name FROM streets WHERE ward_id = $1 AND search_normalise(name) = search_normalise($2) LIMIT 1) AS match`,
      [wardId, name],
    );
    if (row.match) return { known: true, name: row.match, suggestions: [] };
    if (row.streets === 0) return { known: true, name, suggestions: [] };
    const close = await this.list(wardId, name, { after: null, limit: 3 });
    return { known: false, name, suggestions: close.map((s) => s.name) };
  }

  private async requireWard(wardId: string, manager?: EntityManager): Promise<void> {
    const rows = await (manager ?? this.dataSource.manager).query<unknown[]>(`SELECT 1 FROM wards WHERE id = $1`, [wardId]);
    if (rows.length === 0) throw problem('ward.not_found', `no ward with id ${wardId}; GET /wards lists them`);
  }

  private parse(input: StreetImport): StreetRow[] {
    const hasFeatures = input.features !== undefined;
    const hasNames = input.names !== undefined;
    if (hasFeatures === hasNames) {
      throw problem(
        'street.invalid_import',
        'send either a GeoJSON FeatureCollection (type, features) or a list of street names (names), not both',
      );
    }
    const rows: StreetRow[] = [];
    if (hasNames) {
      if (!Array.isArray(input.names) || input.names.length === 0) throw problem('street.invalid_import', 'names must be a non-empty list');
      input.names.forEach((name, i) => rows.push({ name: this.name(name, `names[${i}]`), geometry: null }));
    } else {
      if (input.type !== 'FeatureCollection' || !Array.isArray(input.features) || input.features.length === 0) {
        throw problem('street.invalid_import', 'expected a GeoJSON FeatureCollection with at least one feature');
      }
      input.features.forEach((raw, i) => {
        const f = raw as { type?: unknown; properties?: { name?: unknown } | null; geometry?: { type?: unknown } | null };
        if (f?.type !== 'Feature') throw problem('street.invalid_import', `feature ${i}: type must be Feature`);
        const name = this.name(f.properties?.name, `feature ${i}: properties.name`);
        if (f.geometry != null && f.geometry.type !== 'LineString' && f.geometry.type !== 'MultiLineString') {
          throw problem('street.invalid_import', `feature ${i} (${name}): geometry must be a LineString, a MultiLineString or null`);
        }
        rows.push({ name, geometry: f.geometry ? JSON.stringify(f.geometry) : null });
      });
    }
    return rows;
  }

  private name(value: unknown, where: string): string {
    const name = typeof value === 'string' ? value.normalize('NFC').trim().replace(/\s+/g, ' ') : '';
    if (name.length === 0 || name.length > MAX_NAME)
      throw problem('street.invalid_import', `${where} must be a street name of 1-${MAX_NAME} characters`);
    return name;
  }
}
