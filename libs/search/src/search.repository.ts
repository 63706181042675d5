import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type ActiveHours, activeHoursWithZone, type CameraHealth, type ConsentPurpose, type SharingMode } from '@wardwatch/cameras';
import { buildCameraSearchSql, EVENTS_PER_CAMERA } from './search-sql';
import type { CameraHit, CameraSearch, SearchCursor, SearchEvent, SearchGap } from './search.types';

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
  consent_version: number;
  purposes: ConsentPurpose[];
  sharing_mode: SharingMode;
  active_hours: ActiveHours | null;
  events: (Omit<SearchEvent, 'startedAt' | 'endedAt'> & { startedAt: string; endedAt: string | null })[];
  gaps: SearchGap[];
}

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
    };
  }
}
