import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@wardwatch/accounts';
import { AuditService } from '@wardwatch/audit';
import { problem } from '@wardwatch/problems';
import { WardEntity } from './ward.entity';

interface GeoJsonFeature {
  type: 'Feature';
  properties?: { code?: unknown; name?: unknown } | null;
  geometry?: { type?: unknown; coordinates?: unknown } | null;
}

/** A ward's map for the web app: its boundary and its streets' lines, as GeoJSON (RFC 7946, [longitude, latitude]). */
export interface WardMap {
  type: 'FeatureCollection';
  /** [west, south, east, north] of the boundary; null when the ward has no boundary yet. */
  bbox: [number, number, number, number] | null;
  features: WardMapFeature[];
}

export type WardMapFeature =
  | {
      type: 'Feature';
      properties: { layer: 'ward'; id: string; code: string; name: string };
      geometry: { type: 'MultiPolygon'; coordinates: number[][][][] };
    }
  | {
      type: 'Feature';
      properties: { layer: 'street'; id: string; name: string };
      geometry: { type: 'MultiLineString'; coordinates: number[][][] };
    };

export interface WardView {
  id: string;
  code: string;
  name: string;
  hasBoundary: boolean;
}

const CODE = /^[A-Za-z0-9_.-]{1,32}$/;

/** Wards are data: an admin imports them (GeoJSON polygons); cameras must stand inside their ward. */
@Injectable()
export class WardsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * Imports or updates wards from a GeoJSON FeatureCollection (Polygon or MultiPolygon features with
   * `code` and `name` properties). All or nothing: one invalid feature rejects the whole import.
   */
  async importGeoJson(actor: Principal, collection: { type?: unknown; features?: unknown }): Promise<WardView[]> {
    if (collection.type !== 'FeatureCollection' || !Array.isArray(collection.features) || collection.features.length === 0) {
      throw problem('ward.invalid_import', 'expected a GeoJSON FeatureCollection with at least one feature');
    }
    const features = collection.features as GeoJsonFeature[];
    features.forEach((f, i) => {
      const code = f.properties?.code;
      const name = f.properties?.name;
      if (typeof code !== 'string' || !CODE.test(code))
        throw problem('ward.invalid_import', `feature ${i}: properties.code must be 1-32 letters, digits, _ . -`);
      if (typeof name !== 'string' || name.trim().length === 0 || name.length > 120)
        throw problem('ward.invalid_import', `feature ${i}: properties.name must be 1-120 characters`);
      if (f.geometry?.type !== 'Polygon' && f.geometry?.type !== 'MultiPolygon') {
        throw problem('ward.invalid_import', `feature ${i} (${code}): geometry must be a Polygon or MultiPolygon`);
      }
    });
    return this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const views: WardView[] = [];
      for (const [i, f] of features.entries()) {
        const geometry = JSON.stringify(f.geometry);
        const [{ valid, reason }] = await manager.query<{ valid: boolean; reason: string }[]>(
          `SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g) s`,
          [geometry],
        );
        if (!valid) throw problem('ward.invalid_import', `feature ${i}: the polygon is not valid (${reason})`);
        const [row] = await manager.query<{ id: string; code: string; name: string }[]>(
          `INSERT INTO wards (code, name, boundary)
           VALUES ($1, $2, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($3), 4326))::geography)
           ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, boundary = EXCLUDED.boundary
           RETURNING id, code, name`,
          [f.properties!.code, (f.properties!.name as string).trim(), geometry],
        );
        views.push({ ...row, hasBoundary: true });
      }
      await this.audit.record(
        {
          actor: { userId: actor.userId, role: actor.role },
          action: 'ward.imported',
          subject: { type: 'ward', id: null },
          details: { wards: views.map((v) => v.code) },
        },
        manager,
      );
      return views;
    });
  }

  async list(): Promise<WardView[]> {
    const rows = await this.dataSource.query<WardView[]>(
      `SELECT id, code, name, boundary IS NOT NULL AS "hasBoundary" FROM wards ORDER BY code`,
    );
    return rows;
  }

  async byCode(code: string): Promise<WardEntity> {
    const ward = await this.dataSource.getRepository(WardEntity).findOneBy({ code });
    if (!ward) throw problem('ward.not_found', `no ward with code ${code}; GET /wards lists them`);
    return ward;
  }

  /**
   * The ward's boundary and the streets that have a line, for a map drawn without tiles (the web
   * app's enrolment and camera pages). Coordinates rounded to 6 decimals (about 10 cm): enough for a
   * street map, and the answer stays small (the demo ward is a few KB).
   */
  async map(wardId: string): Promise<WardMap> {
    const [ward] = await this.dataSource.query<
      { id: string; code: string; name: string; boundary: string | null; west: number; south: number; east: number; north: number }[]
    >(
      `SELECT id, code, name, ST_AsGeoJSON(boundary, 6) AS boundary,
              ST_XMin(boundary::geometry) AS west, ST_YMin(boundary::geometry) AS south,
              ST_XMax(boundary::geometry) AS east, ST_YMax(boundary::geometry) AS north
       FROM wards WHERE id = $1`,
      [wardId],
    );
    if (!ward) throw problem('ward.not_found', `no ward with id ${wardId}; GET /wards lists them`);
    const streets = await this.dataSource.query<{ id: string; name: string; geometry: string }[]>(
      `SELECT id, name, ST_AsGeoJSON(geometry, 6) AS geometry FROM streets
       WHERE ward_id = $1 AND geometry IS NOT NULL ORDER BY search_normalise(name), id`,
      [wardId],
    );
    const features: WardMapFeature[] = [];
    if (ward.boundary) {
      features.push({
        type: 'Feature',
        properties: { layer: 'ward', id: ward.id, code: ward.code, name: ward.name },
        geometry: JSON.parse(ward.boundary) as { type: 'MultiPolygon'; coordinates: number[][][][] },
      });
    }
    for (const street of streets) {
      features.push({
        type: 'Feature',
        properties: { layer: 'street', id: street.id, name: street.name },
        geometry: JSON.parse(street.geometry) as { type: 'MultiLineString'; coordinates: number[][][] },
      });
    }
    return {
      type: 'FeatureCollection',
      bbox: ward.boundary ? ([ward.west, ward.south, ward.east, ward.north].map(Number) as [number, number, number, number]) : null,
      features,
    };
  }

  /** Whether a point lies in the ward (on the boundary counts); null when the ward has no boundary yet. */
  async covers(wardId: string, latitude: number, longitude: number): Promise<boolean | null> {
    // PostGIS takes (longitude, latitude).
    const [row] = await this.dataSource.query<{ covers: boolean | null }[]>(
      `SELECT CASE WHEN boundary IS NULL THEN NULL ELSE ST_Covers(boundary, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography) END AS covers FROM wards WHERE id = $1`,
      [wardId, longitude, latitude],
    );
    return row ? row.covers : false;
  }
}
