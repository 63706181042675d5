import { HttpException, Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@wardwatch/accounts';
import { AuditService } from '@wardwatch/audit';
import { InvestigationAccess } from '@wardwatch/investigations';
import { problem } from '@wardwatch/problems';
import { parseCameraSearch, SEARCH_BOUNDS } from './search-criteria';
import { SearchRepository } from './search.repository';
import { type CameraSearch, type CameraSearchParams, isAreaCriterion, type SearchPage, type WardCameraLayer } from './search.types';

/** Settings the search takes from the API's configuration. */
export interface SearchSettings {
  /** The longest time window one search may cover (SEARCH_MAX_WINDOW_HOURS). */
  maxWindowHours: number;
}
export const SEARCH_SETTINGS = Symbol('SEARCH_SETTINGS');

/**
 * The officers' camera search: one place (street, point and radius, or ward) and a bounded time
 * window. Only cameras whose owner's consent allows police search appear; results carry events,
 * whether a clip exists, and coverage gaps, never footage. Every search, each page, is audited with
 * its parameters and what it returned before the results are handed back (committed to the audit
 * queue, chained a moment later); if the audit entry cannot be written, the officer gets no results.
 */
@Injectable()
export class SearchService {
  constructor(
    private readonly repository: SearchRepository,
    private readonly audit: AuditService,
    private readonly investigations: InvestigationAccess,
    @Inject(SEARCH_SETTINGS) private readonly settings: SearchSettings,
  ) {}

  async searchCameras(actor: Principal, params: CameraSearchParams): Promise<SearchPage> {
    const search = parseCameraSearch(params, this.settings.maxWindowHours);
    await this.checkArea(search);
    if (params.investigationId !== undefined) await this.checkInvestigation(actor, params.investigationId);
    const { place } = search;
    const [{ cameras, next }, coverage] = await Promise.all([
      this.repository.findCameras(search),
      isAreaCriterion(place) ? this.repository.areaCoverage(place) : Promise.resolve(null),
    ]);
    // Durable before the results leave (no entry, no results); chained just after (recordQueued).
    await this.audit.recordQueued({
      actor: { userId: actor.userId, role: actor.role },
      action: 'search.performed',
      subject: { type: 'camera_search', id: null },
      investigationId: params.investigationId ?? null,
      // Every returned camera's owner sees this search in their access log (indexed per camera).
      cameraIds: cameras.map((c) => c.id),
      details: {
        place: { ...search.place },
        from: search.from.toISOString(),
        to: search.to.toISOString(),
        limit: search.limit,
        page: search.after ? 'next' : 'first',
        investigationId: params.investigationId ?? null,
        results: {
          cameras: cameras.length,
          events: cameras.reduce((n, c) => n + c.events.length, 0),
          more: next !== null,
          ...(coverage ? { uncoveredFraction: coverage.uncoveredFraction } : {}),
        },
      },
    });
    return { place: search.place, window: { from: search.from.toISOString(), to: search.to.toISOString() }, cameras, next, coverage };
  }

  /**
   * A ward's cameras for the officers' map: those the police may search with their label, address,
   * health, view cone, open gap and last event; every other enrolled camera by its position only.
   * Audited (`camera_map.viewed`, with the counts), because the map shows who lends a camera. Not a
   * `search.*` action: the console shows the map all the time, and the flag for searches without an
   * investigation is about searches.
   */
  async wardCameraLayer(actor: Principal, wardId: string): Promise<WardCameraLayer> {
    const layer = await this.repository.wardCameraLayer(wardId);
    if (!layer) throw problem('ward.not_found', `ward ${wardId} does not exist; GET /wards lists them`);
    await this.audit.recordQueued({
      actor: { userId: actor.userId, role: actor.role },
      action: 'camera_map.viewed',
      subject: { type: 'ward', id: wardId },
      details: { wardId, searchable: layer.cameras.length, notSearchable: layer.notSearchable.length },
    });
    return layer;
  }

  /** A drawn polygon must be a simple shape no larger than the largest circle; PostGIS judges both. */
  private async checkArea(search: CameraSearch): Promise<void> {
    if (search.place.kind !== 'polygon') return;
    const { valid, reason, areaM2 } = await this.repository.checkArea(search.place.polygon);
    if (!valid) {
      throw problem('search.invalid_area', `the polygon is not valid (${reason}): draw an outline that does not cross itself`, { reason });
    }
    if (areaM2 > SEARCH_BOUNDS.maxAreaM2) {
      const km2 = (m2: number) => (m2 / 1e6).toFixed(2);
      throw problem(
        'search.area_too_large',
        `the polygon covers ${km2(areaM2)} km²; it may cover at most ${km2(SEARCH_BOUNDS.maxAreaM2)} km² (a circle of ${SEARCH_BOUNDS.maxRadiusM} m radius): draw a smaller area`,
        { areaM2: Math.round(areaM2), maxAreaM2: Math.round(SEARCH_BOUNDS.maxAreaM2) },
      );
    }
  }

  /**
   * A search made for an investigation must name one that is open and that the searcher works on
   * (officers: a member; supervisors oversee all); otherwise an invented or a colleague's id would
   * hide a search from the "search without an investigation" flag. Refusals are audited as
   * `search.refused` (a `search.*` entry without an investigation, so the flag counts them) and
   * answered 403.
   */
  private async checkInvestigation(actor: Principal, investigationId: string): Promise<void> {
    let why: string | null = null;
    try {
      const investigation = await this.investigations.load(investigationId);
      await this.investigations.assertCanRead(investigation, actor);
      if (investigation.status !== 'open') {
        why = `investigation ${investigation.caseNumber} is closed; searches can be made only for an open investigation`;
      }
    } catch (e) {
      if (!(e instanceof HttpException) || e.getStatus() >= 500) throw e;
      why = e.message;
    }
    if (why === null) return;
    await this.audit.record({
      actor: { userId: actor.userId, role: actor.role },
      action: 'search.refused',
      subject: { type: 'camera_search', id: null },
      details: { investigationId, reason: why },
    });
    throw problem('search.investigation_refused', `${why}. Search with an investigation you work on, or without investigationId.`);
  }
}
