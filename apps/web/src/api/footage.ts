import type { components } from '@wardwatch/api-client';
import { api } from './client';
import { call } from './problems';

export type OwnerClip = components['schemas']['OwnerClipResponse'];
export type Timeline = components['schemas']['OwnerTimelineResponse'];
export type TimelineEvent = Timeline['events'][number];
export type TimelineGap = Timeline['gaps'][number];

export const footageApi = {
  /** The camera's clips, newest first; `next` is the following page's cursor. */
  clips: (id: string, cursor?: string) =>
    call(api.GET('/cameras/{id}/clips', { params: { path: { id }, query: cursor ? { cursor } : {} } })),
  /** A short-lived link (audited) to play a clip, or to show its thumbnail. */
  link: (id: string, clipId: string, asset: 'clip' | 'thumbnail') =>
    call(api.POST('/cameras/{id}/clips/{clipId}/links', { params: { path: { id, clipId } }, body: { asset } })),
  /** Events and gaps of the last `days` days, ending now. */
  timeline: (id: string, days: 1 | 7) => call(api.GET('/cameras/{id}/timeline', { params: { path: { id }, query: { days } } })),
};
