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

/** What an admin imports: a GeoJSON FeatureCollection of lines (an OpenStreetMap export), or plain names. */
export interface StreetImport {
  type?: 'FeatureCollection';
  features?: unknown[];
  names?: unknown[];
}

/** Why a feature of an import was left out. */
export type StreetSkipReason = 'not_a_feature' | 'no_name' | 'not_a_line' | 'invalid_line';
export const STREET_SKIP_REASONS: readonly StreetSkipReason[] = ['not_a_feature', 'no_name', 'not_a_line', 'invalid_line'];

export interface StreetSkip {
  /** Index of the feature in the import. */
  feature: number;
  name: string | null;
  reason: StreetSkipReason;
  /** What PostGIS said of an invalid line, or what the geometry was. */
  detail: string | null;
}

export interface StreetImportResult {
  /** Streets new to the ward. */
  imported: number;
  /** Streets the ward had (same name, ignoring diacritics and case): spelling and line updated. */
  updated: number;
  /** Features left out, by reason (an OpenStreetMap export carries unnamed ways, points and areas). */
  skipped: Record<StreetSkipReason, number>;
  /** The first skipped features (at most SKIP_EXAMPLES), to show which and why. */
  skippedExamples: StreetSkip[];
  /** Features read; several ways of one street (OpenStreetMap splits them) become one street with all their lines. */
  features: number;
  streets: StreetView[];
}

interface StreetRow {
  name: string;
  geometry: string | null;
  /** The features it came from (for a skip of the merged line). */
  features: number[];
}

/** How many skipped features the answer lists one by one (the counts cover them all). */
export const SKIP_EXAMPLES = 50;
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
   * Adds or updates the ward's streets in one transaction. A name already there (ignoring
   * diacritics and case) is updated: its spelling and, when the import has one, its line. From a
   * FeatureCollection (e.g. an OpenStreetMap export) only named LineString/MultiLineString features
   * are taken (`name:vi`, else `name`); the ways of one street are merged into one MultiLineString;
   * anything else is skipped and counted with its reason.
   */
  async importStreets(actor: Principal, wardId: string, input: StreetImport): Promise<StreetImportResult> {
    const { rows, skips, features } = this.parse(input);
    return this.dataSource.transaction('READ COMMITTED', async (manager) => {
      await this.requireWard(wardId, manager);
      const streets: StreetView[] = [];
      const seen = new Set<string>();
      let imported = 0;
      let updated = 0;
      for (const row of rows) {
        const [result] = await manager.query<(StreetView & { valid: boolean; reason: string | null; inserted: boolean | null })[]>(
          `WITH g AS (SELECT CASE WHEN $3::text IS NULL THEN NULL ELSE ST_SetSRID(ST_GeomFromGeoJSON($3), 4326) END AS g),
           v AS (SELECT g, (g IS NULL OR ST_IsValid(g)) AS valid, CASE WHEN g IS NULL THEN NULL ELSE ST_IsValidReason(g) END AS reason FROM g),
           ins AS (
             INSERT INTO streets (ward_id, name, geometry)
             SELECT $1, $2, CASE WHEN g IS NULL THEN NULL ELSE ST_Multi(g)::geography END FROM v WHERE valid
             ON CONFLICT (ward_id, search_normalise(name)) DO UPDATE
               SET name = EXCLUDED.name, geometry = COALESCE(EXCLUDED.geometry, streets.geometry), updated_at = now()
             RETURNING id, ward_id AS "wardId", name, geometry IS NOT NULL AS "hasGeometry", (xmax = 0) AS inserted)
           SELECT v.valid, v.reason, ins.* FROM v LEFT JOIN ins ON true`,
          [wardId, row.name, row.geometry],
        );
        if (!result.valid) {
          for (const feature of row.features) skips.push({ feature, name: row.name, reason: 'invalid_line', detail: result.reason });
          continue;
        }
        const { valid: _valid, reason: _reason, inserted, ...view } = result;
        // Two spellings of one name in the same import land on one street: counted once.
        if (seen.has(view.id)) {
          streets[streets.findIndex((s) => s.id === view.id)] = view;
          continue;
        }
        seen.add(view.id);
        if (inserted) imported++;
        else updated++;
        streets.push(view);
      }
      const skipped = Object.fromEntries(STREET_SKIP_REASONS.map((r) => [r, 0])) as Record<StreetSkipReason, number>;
      for (const skip of skips) skipped[skip.reason]++;
      skips.sort((a, b) => a.feature - b.feature);
      await this.audit.record(
        {
          actor: { userId: actor.userId, role: actor.role },
          action: 'street.imported',
          subject: { type: 'ward', id: wardId },
          details: { imported, updated, skipped, features, streets: streets.map((v) => v.name) },
        },
        manager,
      );
      return { imported, updated, skipped, skippedExamples: skips.slice(0, SKIP_EXAMPLES), features, streets };
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

  private parse(input: StreetImport): { rows: StreetRow[]; skips: StreetSkip[]; features: number } {
    const hasFeatures = input.features !== undefined;
    const hasNames = input.names !== undefined;
    if (hasFeatures === hasNames) {
      throw problem(
        'street.invalid_import',
        'send either a GeoJSON FeatureCollection (type, features) or a list of street names (names), not both',
      );
    }
    const skips: StreetSkip[] = [];
    if (hasNames) {
      if (!Array.isArray(input.names) || input.names.length === 0) throw problem('street.invalid_import', 'names must be a non-empty list');
      const rows = input.names.map((name, i) => ({ name: this.name(name, `names[${i}]`), geometry: null, features: [] }));
      return { rows, skips, features: 0 };
    }
    if (input.type !== 'FeatureCollection' || !Array.isArray(input.features) || input.features.length === 0) {
      throw problem('street.invalid_import', 'expected a GeoJSON FeatureCollection with at least one feature');
    }
    // One street per name (folded as the database folds it): OpenStreetMap splits a street into many ways.
    const byName = new Map<string, { name: string; lines: number[][][]; features: number[]; hasGeometry: boolean }>();
    input.features.forEach((raw, i) => {
      const f = raw as {
        type?: unknown;
        properties?: Record<string, unknown> | null;
        geometry?: { type?: unknown; coordinates?: unknown } | null;
      };
      if (f?.type !== 'Feature') return skips.push({ feature: i, name: null, reason: 'not_a_feature', detail: null });
      const name = streetName(f.properties);
      if (!name) return skips.push({ feature: i, name: null, reason: 'no_name', detail: null });
      const lines = f.geometry == null ? [] : lineParts(f.geometry);
      if (lines === null) {
        const kind = typeof f.geometry?.type === 'string' ? f.geometry.type.slice(0, 40) : 'unknown';
        return skips.push({ feature: i, name, reason: 'not_a_line', detail: kind });
      }
      const key = foldName(name);
      const street = byName.get(key) ?? { name, lines: [], features: [], hasGeometry: false };
      street.lines.push(...lines);
      street.features.push(i);
      street.hasGeometry ||= lines.length > 0;
      byName.set(key, street);
    });
    const rows = [...byName.values()].map((s) => ({
      name: s.name,
      geometry: s.hasGeometry ? JSON.stringify({ type: 'MultiLineString', coordinates: s.lines }) : null,
      features: s.features,
    }));
    return { rows, skips, features: input.features.length };
  }

  private name(value: unknown, where: string): string {
    const name = typeof value === 'string' ? value.normalize('NFC').trim().replace(/\s+/g, ' ') : '';
    if (name.length === 0 || name.length > MAX_NAME)
      throw problem('street.invalid_import', `${where} must be a street name of 1-${MAX_NAME} characters`);
    return name;
  }
}

/** The street's name from a feature's properties: OpenStreetMap's `name:vi` when there, else `name`; null when neither is usable. */
function streetName(properties: Record<string, unknown> | null | undefined): string | null {
  for (const value of [properties?.['name:vi'], properties?.name]) {
    const name = typeof value === 'string' ? value.normalize('NFC').trim().replace(/\s+/g, ' ') : '';
    if (name.length > 0 && name.length <= MAX_NAME) return name;
  }
  return null;
}

const isPosition = (p: unknown): p is number[] =>
  Array.isArray(p) && p.length >= 2 && p.length <= 3 && p.every((n) => typeof n === 'number' && Number.isFinite(n));
const isLine = (l: unknown): l is number[][] => Array.isArray(l) && l.length >= 2 && l.every(isPosition);

/** The lines of a LineString or MultiLineString geometry (positions checked), or null for anything else. */
function lineParts(geometry: { type?: unknown; coordinates?: unknown }): number[][][] | null {
  const c = geometry.coordinates;
  if (geometry.type === 'LineString') return isLine(c) ? [c] : null;
  if (geometry.type === 'MultiLineString') return Array.isArray(c) && c.length > 0 && c.every(isLine) ? c : null;
  return null;
}

/** A name folded about as search_normalise() folds it (no diacritics, đ as d, lower case, single spaces). */
function foldName(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd').toLowerCase().replace(/\s+/g, ' ');
}
