import { request } from './http';

/**
 * What the home page shows of a camera. Provisional: replaced by the generated client's camera
 * schema when @wardwatch/api-client lands (GET /cameras has no response schema in the OpenAPI
 * document yet).
 */
export interface CameraSummary {
  id: string;
  label: string;
  lifecycle: 'pending' | 'active' | 'paused' | 'withdrawn';
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

export const camerasApi = {
  /** The resident's own cameras (the API scopes the list to the caller). */
  mine: (cursor?: string) => request<Page<CameraSummary>>('GET', `/cameras${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`),
};
