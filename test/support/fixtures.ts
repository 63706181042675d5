import { readFileSync } from 'node:fs';
import type { ApiHarness, TestUser } from './api-harness';
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

/**
 * Through the API, as residents do: an admin imports the demo wards, one resident enrols each
 * simulated camera (real ONVIF probe) with full consent. Returns the resident and the camera ids.
 */
export async function enrolSimulatedCameras(
  h: ApiHarness,
  cameras: { number: number; port: number; username: string; password: string }[],
  street: string,
): Promise<{ resident: TestUser; cameraIds: string[] }> {
  const admin = await h.user('admin');
  await h.http().post('/wards/import').set('Authorization', `Bearer ${admin.token}`).send(DEMO_WARDS).expect(201);
  const resident = await h.user('resident');
  const cameraIds: string[] = [];
  for (const cam of cameras) {
    const res = await h
      .http()
      .post('/cameras')
      .set('Authorization', `Bearer ${resident.token}`)
      .send({
        label: `cam ${cam.number}`,
        address: { wardCode: 'demo-an-binh', street, houseNumber: String(cam.number) },
        ...IN_AN_BINH,
        onvif: { host: '127.0.0.1', port: cam.port, username: cam.username, password: cam.password },
        consent: CONSENT_ALL,
      })
      .expect(201);
    cameraIds.push((res.body as { camera: { id: string } }).camera.id);
  }
  return { resident, cameraIds };
}
