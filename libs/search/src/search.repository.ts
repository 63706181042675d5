import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  type ActiveHours,
  activeHoursWithZone,
  type CameraHealth,
  type ConsentPurpose,
  type GeoJsonPolygon,
  type SharingMode,
  viewCone,
  viewDirectionOf,
} from '@wardwatch/cameras';
import { buildAreaCheckSql, buildAreaCoverageSql, buildCameraSearchSql, buildWardCameraLayerSql, EVENTS_PER_CAMERA } from './search-sql';
import type {
  AreaCoverage,
  AreaCriterion,
  CameraHit,
  CameraSearch,
  GeoJsonMultiPolygon,
  SearchCursor,
  SearchEvent,
  SearchGap,
  WardCameraLayer,
} from './search.types';

interface SearchRow {
  id: string;
  label: string;
  ward_id: string;
  ward_code: string;
  ward_name: string;
  street: string;
  house_number: string;
  alley: string | null;
  residential_group: string | null;
  latitude: number;
  longitude: number;
  health: CameraHealth;
  k1: number;
  k2: number;
  distance_m: number | null;
  street_similarity: number | null;
  view_azimuth_deg: number | null;
  view_angle_deg: number | null;
  view_range_m: number | null;
  distance_to_area_m: number | null;
  view_covers: boolean;
  covered_fraction: number | null;
  consent_version: number;
  purposes: ConsentPurpose[];
  sharing_mode: SharingMode;
  active_hours: ActiveHours | null;
  events: (Omit<SearchEvent, 'startedAt' | 'endedAt'> & { startedAt: string; endedAt: string | null })[];
  gaps: SearchGap[];
}

interface LayerRow {
  searchable: boolean;
  id: string | null;
  label: string | null;
  street: string | null;
  house_number: string | null;
  latitude: number;
  longitude: number;
  health: CameraHealth | null;
  view_azimuth_deg: number | null;
  view_angle_deg: number | null;
  view_range_m: number | null;
  gap_reason: string | null;
  gap_started_at: Date | null;
  last_event_at: Date | null;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const coneOf = (r: {
  latitude: number;
  longitude: number;
  view_azimuth_deg: number | null;
  view_angle_deg: number | null;
  view_range_m: number | null;
}) => {
  const direction = viewDirectionOf({ viewAzimuthDeg: r.view_azimuth_deg, viewAngleDeg: r.view_angle_deg, viewRangeM: r.view_range_m });
  return direction ? viewCone({ latitude: r.latitude, longitude: r.longitude }, direction) : null;
};

/** JSON built in SQL carries PostgreSQL's timestamp text; the API speaks ISO 8601 in UTC. */
const iso = (value: string | null): string | null => (value === null ? null : new Date(value).toISOString());

/** The search's one hot query (explicit SQL, see buildCameraSearchSql) and the mapping of its rows. */
@Injectable()
export class SearchRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findCameras(search: CameraSearch): Promise<{ cameras: CameraHit[]; next: SearchCursor | null }> {
    const { text, values } = buildCameraSearchSql(search);
    const rows = await this.dataSource.query<SearchRow[]>(text, values);
    const more = rows.length > search.limit;
    const page = more ? rows.slice(0, search.limit) : rows;
    const last = page.at(-1);
    return {
      cameras: page.map((r) => this.toHit(r)),
      next: more && last ? { k1: last.k1, k2: last.k2, id: last.id } : null,
    };
  }

  /** What the consenting cameras' cones leave unseen of an area (see buildAreaCoverageSql). */
  async areaCoverage(place: AreaCriterion): Promise<AreaCoverage> {
    const { text, values } = buildAreaCoverageSql(place);
    const [row] = await this.dataSource.query<
      { area: GeoJsonPolygon; area_m2: number; uncovered: GeoJsonMultiPolygon | null; uncovered_m2: number }[]
    >(text, values);
    const areaM2 = Number(row.area_m2);
    const uncoveredM2 = Number(row.uncovered_m2);
    return {
      area: row.area,
      areaM2: Math.round(areaM2),
      uncovered: row.uncovered ?? { type: 'MultiPolygon', coordinates: [] },
      uncoveredFraction: areaM2 > 0 ? round(Math.min(1, Math.max(0, uncoveredM2 / areaM2)), 4) : 0,
    };
  }

  /** A drawn polygon as PostGIS sees it: valid or why not, and its area on the spheroid. */
  async checkArea(polygon: GeoJsonPolygon): Promise<{ valid: boolean; reason: string; areaM2: number }> {
    const { text, values } = buildAreaCheckSql(polygon);
    const [row] = await this.dataSource.query<{ valid: boolean; reason: string; area_m2: number }[]>(text, values);
    return { valid: row.valid, reason: row.reason, areaM2: Number(row.area_m2) };
  }

  /** A ward's cameras for the officers' map (see buildWardCameraLayerSql); null when there is no such ward. */
  async wardCameraLayer(wardId: string): Promise<WardCameraLayer | null> {
    const [ward] = await this.dataSource.query<{ id: string }[]>(`SELECT id FROM wards WHERE id = $1`, [wardId]);
    if (!ward) return null;
    const { text, values } = buildWardCameraLayerSql(wardId);
    const rows = await this.dataSource.query<LayerRow[]>(text, values);
    const layer: WardCameraLayer = { wardId, cameras: [], notSearchable: [] };
    for (const r of rows) {
      const location = { latitude: r.latitude, longitude: r.longitude };
      if (!r.searchable) {
        // Position only: nothing else about a camera whose owner did not lend it reaches the police.
        layer.notSearchable.push({ location });
        continue;
      }
      layer.cameras.push({
        id: r.id!,
        label: r.label!,
        street: r.street!,
        houseNumber: r.house_number!,
        location,
        health: r.health!,
        viewCone: coneOf(r),
        openGap: r.gap_reason && r.gap_started_at ? { reason: r.gap_reason, startedAt: new Date(r.gap_started_at).toISOString() } : null,
        lastEventAt: r.last_event_at ? new Date(r.last_event_at).toISOString() : null,
        searchable: true,
      });
    }
    return layer;
  }

  private toHit(r: SearchRow): CameraHit {
    return {
      id: r.id,
      label: r.label,
      address: {
        ward: { id: r.ward_id, code: r.ward_code, name: r.ward_name },
        street: r.street,
        houseNumber: r.house_number,
        alley: r.alley,
        residentialGroup: r.residential_group,
      },
      location: { latitude: r.latitude, longitude: r.longitude },
      distanceM: r.distance_m === null ? null : Math.round(r.distance_m * 10) / 10,
      distanceToAreaM: r.distance_to_area_m === null ? null : Math.round(r.distance_to_area_m * 10) / 10,
      streetSimilarity: r.street_similarity === null ? null : Math.round(r.street_similarity * 1000) / 1000,
      health: r.health,
      consent: {
        version: r.consent_version,
        policeSearch: true,
        clips: r.purposes.includes('clips'),
        sharingMode: r.sharing_mode,
        activeHours: activeHoursWithZone(r.active_hours),
      },
      events: r.events.slice(0, EVENTS_PER_CAMERA).map((e) => ({
        id: e.id,
        kind: e.kind,
        topic: e.topic,
        startedAt: iso(e.startedAt)!,
        endedAt: iso(e.endedAt),
        hasClip: e.hasClip,
      })),
      eventsTruncated: r.events.length > EVENTS_PER_CAMERA,
      gaps: r.gaps.map((g) => ({ reason: g.reason, startedAt: iso(g.startedAt)!, endedAt: iso(g.endedAt) })),
      viewCone: coneOf(r),
      coverage: { viewCovers: r.view_covers, coveredFraction: r.covered_fraction === null ? null : round(r.covered_fraction, 4) },
    };
  }
}
