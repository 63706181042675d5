import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './test-environment';

/** The synthetic wards the demo ships (config/demo/wards.geojson): two squares in central Ho Chi Minh City. */
export const DEMO_WARDS = JSON.parse(readFileSync(join(REPO_ROOT, 'config', 'demo', 'wards.geojson'), 'utf8')) as {
  type: 'FeatureCollection';
  features: object[];
};

/** A point inside demo-an-binh, and one inside demo-hoa-thuan. */
export const IN_AN_BINH = { latitude: 10.79, longitude: 106.69 };
export const IN_HOA_THUAN = { latitude: 10.79, longitude: 106.71 };

export const CONSENT_ALL = {
  purposes: ['event_metadata', 'clips', 'police_search'],
  retentionDays: 7,
  sharingMode: 'ask',
  noticeVersion: '2026-11',
  noticeLanguage: 'vi',
};
