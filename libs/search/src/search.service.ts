import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@wardwatch/accounts';
import { AuditService } from '@wardwatch/audit';
import { parseCameraSearch } from './search-criteria';
import { SearchRepository } from './search.repository';
import type { CameraSearchParams, SearchPage } from './search.types';

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
 * its parameters and what it returned before the results are handed back; if the audit entry
 * cannot be written, the officer gets no results.
 */
@Injectable()
export class SearchService {
  constructor(
    private readonly repository: SearchRepository,
    private readonly audit: AuditService,
    @Inject(SEARCH_SETTINGS) private readonly settings: SearchSettings,
  ) {}

  async searchCameras(actor: Principal, params: CameraSearchParams): Promise<SearchPage> {
    const search = parseCameraSearch(params, this.settings.maxWindowHours);
    const { cameras, next } = await this.repository.findCameras(search);
    await this.audit.record({
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
        results: { cameras: cameras.length, events: cameras.reduce((n, c) => n + c.events.length, 0), more: next !== null },
      },
    });
    return { place: search.place, window: { from: search.from.toISOString(), to: search.to.toISOString() }, cameras, next };
  }
}
