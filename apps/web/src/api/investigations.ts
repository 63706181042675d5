import type { components } from '@wardwatch/api-client';
import { api } from './client';
import { ApiError, call } from './problems';

export type Investigation = components['schemas']['InvestigationResponse'];
export type Member = components['schemas']['MemberResponse'];
export type FootageRequest = components['schemas']['FootageRequestResponse'];
export type FootageRequestSummary = components['schemas']['FootageRequestSummaryResponse'];
export type RequestCamera = FootageRequest['cameras'][number];
export type CameraRequestState = RequestCamera['state'];
export type ReleasedClip = components['schemas']['ReleasedClipResponse'];
export type ClipLink = components['schemas']['LinkResponse'];

/** A GeoJSON polygon (one outer ring of [longitude, latitude], closed). */
export interface GeoPolygon {
  type: 'Polygon';
  coordinates: [number, number][][];
}

/**
 * What the request form sends. TODO(issue 13): `polygon` and `justification` are being added to
 * FileFootageRequestDto on main; use components['schemas']['FileFootageRequestDto'] once generated.
 */
export type FileFootageRequest = components['schemas']['FileFootageRequestDto'] & { polygon?: GeoPolygon; justification?: string };

/** The state counts of an investigation's requests (TODO(issue 13): generated once GET /investigations carries them). */
export interface RequestCounts {
  total: number;
  pendingSupervisor: number;
  pendingOwner: number;
  released: number;
  partiallyReleased: number;
  declined: number;
  expired: number;
  cancelled: number;
}

/** An investigation in my list; `requests` and `lead` arrive with the API change of issue 13 (optional until then). */
export type InvestigationSummary = components['schemas']['InvestigationPage']['items'][number] & {
  requests?: RequestCounts;
  lead?: { userId: string; displayName: string } | null;
};

/** A request's own view, with the area and limits of issue 13 (optional until the API sends them). */
export type FootageRequestView = FootageRequest & {
  /** Polygon or MultiPolygon ([longitude, latitude]). */
  area?: { type: string; coordinates: unknown } | null;
  areaKm2?: number | null;
  exceedsLimits?: { area: boolean; window: boolean };
  justification?: string | null;
};

/**
 * The endpoints of issue 13 that the generated client does not know yet (DELETE a member, hand over
 * the lead): called through the same client (same CSRF middleware), typed here.
 * TODO(issue 13): replace with the typed calls once apps/api/openapi.json has them.
 */
type Untyped = {
  DELETE: (
    path: string,
    init: { params: { path: Record<string, string> } },
  ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  POST: (
    path: string,
    init: { params: { path: Record<string, string> }; body: unknown },
  ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
};
const untyped = api as unknown as Untyped;

export const investigationsApi = {
  /**
   * My investigations. Until GET /investigations carries `requests` and `lead` (issue 13), they are
   * filled in here from each investigation's own calls (a few dozen at most for one officer).
   * TODO(issue 13): drop the fill-in once the list has them.
   */
  list: async (status?: 'open' | 'closed'): Promise<{ items: InvestigationSummary[]; next: string | null }> => {
    const page = await call(api.GET('/investigations', { params: { query: { limit: 200, ...(status ? { status } : {}) } } }));
    const items = await Promise.all(
      (page.items as InvestigationSummary[]).map(async (item, i) =>
        (item.requests && item.lead !== undefined) || i >= 50 ? item : fillIn(item),
      ),
    );
    return { items, next: page.next };
  },
  open: (body: components['schemas']['OpenInvestigationDto']) => call(api.POST('/investigations', { body })),
  get: (id: string) => call(api.GET('/investigations/{id}', { params: { path: { id } } })),
  addMember: (id: string, userId: string) => call(api.POST('/investigations/{id}/members', { params: { path: { id } }, body: { userId } })),
  removeMember: (id: string, userId: string) =>
    call(untyped.DELETE('/investigations/{id}/members/{userId}', { params: { path: { id, userId } } })),
  handOverLead: (id: string, userId: string) =>
    call(untyped.POST('/investigations/{id}/lead', { params: { path: { id } }, body: { userId } })),
  close: (id: string, reason: string) => call(api.POST('/investigations/{id}/close', { params: { path: { id } }, body: { reason } })),
  requests: (id: string) => call(api.GET('/investigations/{id}/footage-requests', { params: { path: { id }, query: { limit: 200 } } })),
  fileRequest: (id: string, body: FileFootageRequest) =>
    call(api.POST('/investigations/{id}/footage-requests', { params: { path: { id } }, body })) as Promise<FootageRequestView>,
  request: (requestId: string) =>
    call(api.GET('/footage-requests/{id}', { params: { path: { id: requestId } } })) as Promise<FootageRequestView>,
  /** Released clips the members can fetch now (every page: a case has at most a few hundred). */
  clips: async (id: string): Promise<ReleasedClip[]> => {
    const out: ReleasedClip[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(
        api.GET('/investigations/{id}/clips', { params: { path: { id }, query: { limit: 500, ...(cursor ? { cursor } : {}) } } }),
      );
      out.push(...page.items);
      cursor = page.next ?? undefined;
    } while (cursor);
    return out;
  },
  /** A short-lived link to a released clip; the API audits each one (view or download). */
  clipLink: (clipId: string, investigationId: string, kind: 'view' | 'download') =>
    call(api.POST('/clips/{id}/links', { params: { path: { id: clipId } }, body: { investigationId, kind, asset: 'clip' } })),
  /** Where the browser downloads the whole case's evidence archive (a plain link: the browser streams it). */
  evidenceUrl: (id: string) => `/api/v1/investigations/${encodeURIComponent(id)}/evidence`,
  /** One release's archive (before the whole-case export, and for a single camera). */
  releaseEvidenceUrl: (releaseId: string) => `/api/v1/releases/${encodeURIComponent(releaseId)}/evidence`,
};

const COUNT_OF: Record<FootageRequestSummary['state'], keyof Omit<RequestCounts, 'total'>> = {
  pending_supervisor: 'pendingSupervisor',
  pending_owner: 'pendingOwner',
  released: 'released',
  partially_released: 'partiallyReleased',
  declined: 'declined',
  expired: 'expired',
  cancelled: 'cancelled',
};

/** Counts each request state of an investigation's requests. */
export function countRequests(requests: readonly Pick<FootageRequestSummary, 'state'>[]): RequestCounts {
  const counts: RequestCounts = {
    total: 0,
    pendingSupervisor: 0,
    pendingOwner: 0,
    released: 0,
    partiallyReleased: 0,
    declined: 0,
    expired: 0,
    cancelled: 0,
  };
  for (const r of requests) {
    counts.total += 1;
    counts[COUNT_OF[r.state]] += 1;
  }
  return counts;
}

async function fillIn(item: InvestigationSummary): Promise<InvestigationSummary> {
  try {
    const [detail, requests] = await Promise.all([
      item.lead === undefined ? investigationsApi.get(item.id) : Promise.resolve(null),
      item.requests ? Promise.resolve(null) : investigationsApi.requests(item.id),
    ]);
    const lead = detail?.members.find((m) => m.userId === detail.leadOfficerId);
    return {
      ...item,
      ...(requests ? { requests: countRequests(requests.items) } : {}),
      ...(detail ? { lead: lead ? { userId: lead.userId, displayName: lead.displayName } : null } : {}),
    };
  } catch {
    return item; // the list still shows the investigation; its page says what failed
  }
}

export const isNotFound = (e: unknown) => e instanceof ApiError && e.status === 404;
