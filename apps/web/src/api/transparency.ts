import type { components } from '@wardwatch/api-client';
import { api } from './client';
import { call } from './problems';

/** GET /transparency/report: public, no sign-in. */
export type TransparencyReport = components['schemas']['TransparencyReportResponse'];
export type TransparencyRow = TransparencyReport['months'][number];
export type TransparencyFigures = TransparencyRow['figures'];
export type FigureKey = keyof TransparencyFigures;

export interface TransparencyPeriod {
  from?: string;
  to?: string;
  wardId?: string;
}

const query = (p: TransparencyPeriod) =>
  new URLSearchParams(Object.entries(p).filter((e): e is [string, string] => typeof e[1] === 'string')).toString();

export const transparencyApi = {
  report: (p: TransparencyPeriod) => call(api.GET('/transparency/report', { params: { query: p } })),
  /** The same figures as a download: JSON, or CSV with a byte-order mark. */
  jsonUrl: (p: TransparencyPeriod) => `/api/v1/transparency/report?${query(p)}`,
  csvUrl: (p: TransparencyPeriod) => `/api/v1/transparency/report.csv?${query(p)}`,
};
