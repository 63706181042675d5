import type { components } from '@wardwatch/api-client';
import { api } from './client';
import { call } from './problems';

export type LegalHold = components['schemas']['LegalHoldResponse'];
export type HoldKind = LegalHold['kind'];
export type PlaceHold = components['schemas']['PlaceHoldDto'];

export interface HoldFilter {
  cameraId?: string;
  investigationId?: string;
  kind?: HoldKind;
  /** Lifted holds too. */
  includeLifted?: boolean;
}

export const holdsApi = {
  /** Holds, newest placed first (one page of up to 200: a ward holds a few dozen at a time). */
  list: (filter: HoldFilter) =>
    call(
      api.GET('/legal-holds', {
        params: {
          query: {
            limit: 200,
            ...(filter.includeLifted ? {} : { active: 'true' as const }),
            ...(filter.kind ? { kind: filter.kind } : {}),
            ...(filter.cameraId ? { cameraId: filter.cameraId } : {}),
            ...(filter.investigationId ? { investigationId: filter.investigationId } : {}),
          },
        },
      }),
    ),
  place: (body: PlaceHold) => call(api.POST('/legal-holds', { body })),
  lift: (id: string, reason: string) => call(api.POST('/legal-holds/{id}/lift', { params: { path: { id } }, body: { reason } })),
};
