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
/** A link as the investigation's list shows it: to whom, state, openings, revocation, what opening it would answer now. */
export type ListedLink = components['schemas']['ClipLinkResponse'];
export type LinkRefusal = NonNullable<ListedLink['refusal']>;

/** A GeoJSON polygon (one outer ring of [longitude, latitude], closed). */
export type GeoPolygon = components['schemas']['GeoJsonPolygonDto'];

/** What the request form sends: cameraIds | area (circle) | polygon | wardId, the window, reason, legal basis, justification. */
export type FileFootageRequest = components['schemas']['FileFootageRequestDto'];

/** An investigation in my list, with its lead and each request state's count. */
export type InvestigationSummary = components['schemas']['InvestigationListItemResponse'];
export type RequestCounts = InvestigationSummary['requests'];

/** A request's own view: the cameras' states, the area it covers (GeoJSON) and its size, the limits it exceeds, the justification. */
export type FootageRequestView = FootageRequest;

export const investigationsApi = {
  /** My investigations, with their lead and each request state's count. */
  list: (status?: 'open' | 'closed') =>
    call(api.GET('/investigations', { params: { query: { limit: 200, ...(status ? { status } : {}) } } })),
  open: (body: components['schemas']['OpenInvestigationDto']) => call(api.POST('/investigations', { body })),
  get: (id: string) => call(api.GET('/investigations/{id}', { params: { path: { id } } })),
  addMember: (id: string, userId: string) => call(api.POST('/investigations/{id}/members', { params: { path: { id } }, body: { userId } })),
  removeMember: (id: string, userId: string) =>
    call(api.DELETE('/investigations/{id}/members/{userId}', { params: { path: { id, userId } } })),
  handOverLead: (id: string, userId: string) => call(api.POST('/investigations/{id}/lead', { params: { path: { id } }, body: { userId } })),
  close: (id: string, reason: string) => call(api.POST('/investigations/{id}/close', { params: { path: { id } }, body: { reason } })),
  requests: (id: string) => call(api.GET('/investigations/{id}/footage-requests', { params: { path: { id }, query: { limit: 200 } } })),
  fileRequest: (id: string, body: FileFootageRequest) =>
    call(api.POST('/investigations/{id}/footage-requests', { params: { path: { id } }, body })),
  request: (requestId: string) => call(api.GET('/footage-requests/{id}', { params: { path: { id: requestId } } })),
  /** The supervisors' list of every request, newest first, filtered by state or decision. */
  allRequests: (query: { state?: FootageRequest['state']; decision?: 'pending' | 'approved' | 'rejected'; limit?: number }) =>
    call(api.GET('/footage-requests', { params: { query: { limit: 200, ...query } } })),
  /** A supervisor's decision; a rejection carries its reason (at least 10 characters). */
  decide: (requestId: string, decision: 'approve' | 'reject', note?: string) =>
    call(
      api.POST('/footage-requests/{id}/supervisor-decision', {
        params: { path: { id: requestId } },
        body: { decision, ...(note ? { note } : {}) },
      }),
    ),
  /** Ends one live release early (supervisors). */
  revokeRelease: (releaseId: string, reason: string) =>
    call(api.POST('/releases/{id}/revoke', { params: { path: { id: releaseId } }, body: { reason } })),
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
  /**
   * A short-lived link to a released clip (audited as issued). Its `url` is the API's own path
   * (/api/v1/links/{id}): the browser opens it with the session cookie, each opening is audited and
   * redirected to the footage, and a supervisor can revoke it.
   */
  clipLink: (clipId: string, investigationId: string, kind: 'view' | 'download') =>
    call(api.POST('/clips/{id}/links', { params: { path: { id: clipId } }, body: { investigationId, kind, asset: 'clip' } })),
  /** A link's state without opening it (not audited): why a video or a download failed. */
  linkStatus: (linkId: string) => call(api.GET('/links/{id}/status', { params: { path: { id: linkId } } })),
  /** The investigation's links, newest first (members and supervisors); `next` is the following page's cursor. */
  links: (id: string, cursor?: string) =>
    call(api.GET('/investigations/{id}/links', { params: { path: { id }, query: { limit: 50, ...(cursor ? { cursor } : {}) } } })),
  /** Ends a link early (supervisors; officers their own), with the reason (10 to 1000 characters). */
  revokeLink: (linkId: string, reason: string) =>
    call(api.POST('/links/{id}/revoke', { params: { path: { id: linkId } }, body: { reason } })),
  /** Where the browser downloads the whole case's evidence archive (a plain link: the browser streams it). */
  evidenceUrl: (id: string) => `/api/v1/investigations/${encodeURIComponent(id)}/evidence`,
  /** One release's archive (before the whole-case export, and for a single camera). */
  releaseEvidenceUrl: (releaseId: string) => `/api/v1/releases/${encodeURIComponent(releaseId)}/evidence`,
};

export const isNotFound = (e: unknown) => e instanceof ApiError && e.status === 404;
