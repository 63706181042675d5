import { ObjectStore } from '@wardwatch/storage';
import type { ApiHarness, TestUser } from './api-harness';
import { CONSENT_ALL, DEMO_WARDS, IN_AN_BINH, IN_HOA_THUAN } from './fixtures';
import { seedStoredClip } from './seed-footage';
import { until } from './waiting';

export interface SimulatedCamera {
  port: number;
  username: string;
  password: string;
}

export interface TransparencyRun {
  wards: { anBinh: string; hoaThuan: string };
  officer: TestUser;
  supervisor: TestUser;
  residents: TestUser[];
  investigationId: string;
  requestIds: string[];
  /** When the run started and ended (the audit entries it made lie between). */
  startedAt: Date;
  endedAt: Date;
}

/**
 * A small programme's month, the way the demo makes one, all through the API (real enrolment
 * probes against 7 simulated cameras): residents enrol 6 cameras in demo-an-binh and 1 in
 * demo-hoa-thuan; one camera is paused and resumed, one consent withdrawn; an officer files 6
 * footage requests (one spanning both wards), a supervisor approves 5 and rejects 1, owners approve
 * 5 camera answers and decline 2 (each approval a release), and the officer exports one release as
 * an evidence package. Some figures are >= 5 and some are 1–4 (suppressed), in each ward.
 */
export async function seedTransparencyRun(h: ApiHarness, cameras: SimulatedCamera[]): Promise<TransparencyRun> {
  if (cameras.length < 7) throw new Error('seedTransparencyRun needs 7 simulated cameras');
  const startedAt = new Date();
  const admin = await h.user('admin');
  const imported = (await h.http().post('/wards/import').set('Authorization', `Bearer ${admin.token}`).send(DEMO_WARDS).expect(201))
    .body as { id: string; code: string }[];
  const wards = {
    anBinh: imported.find((w) => w.code === 'demo-an-binh')!.id,
    hoaThuan: imported.find((w) => w.code === 'demo-hoa-thuan')!.id,
  };
  const lan = await h.user('resident', 'lan');
  const minh = await h.user('resident', 'minh');
  const hoa = await h.user('resident', 'hoa');
  const officer = await h.user('officer', 'officer-an');
  const supervisor = await h.user('supervisor', 'supervisor-tran');
  const as = (u: TestUser) => ({
    post: (path: string, body: object = {}) => h.http().post(path).set('Authorization', `Bearer ${u.token}`).send(body),
    get: (path: string) => h.http().get(path).set('Authorization', `Bearer ${u.token}`),
  });

  const enrol = async (owner: TestUser, cam: SimulatedCamera, n: number, wardCode: string, at: { latitude: number; longitude: number }) =>
    (
      (
        await as(owner)
          .post('/cameras', {
            label: `Cổng ${n}`,
            address: { wardCode, street: 'Hoàng Văn Thái', houseNumber: String(10 + n) },
            ...at,
            onvif: { host: '127.0.0.1', port: cam.port, username: cam.username, password: cam.password },
            consent: CONSENT_ALL,
          })
          .expect(201)
      ).body as { camera: { id: string } }
    ).camera.id;
  const lanCams: string[] = [];
  for (let i = 0; i < 4; i++) lanCams.push(await enrol(lan, cameras[i], i + 1, 'demo-an-binh', IN_AN_BINH));
  const minhCams = [
    await enrol(minh, cameras[4], 5, 'demo-an-binh', IN_AN_BINH),
    await enrol(minh, cameras[5], 6, 'demo-an-binh', IN_AN_BINH),
  ];
  const hoaCam = await enrol(hoa, cameras[6], 7, 'demo-hoa-thuan', IN_HOA_THUAN);

  // One pause (and resume), before any request.
  await as(minh).post(`/cameras/${minhCams[0]}/consent/pause`).expect(200);
  await as(minh).post(`/cameras/${minhCams[0]}/consent/resume`).expect(200);

  // Footage for the evidence export: one clip of Lan's first camera in the window.
  const windowFrom = new Date(Date.now() - 3 * 3_600_000);
  const windowTo = new Date(Date.now() - 3_600_000);
  await seedStoredClip(
    h.db.owner,
    h.app.get(ObjectStore),
    lanCams[0],
    new Date(windowFrom.getTime() + 600_000),
    new Date(windowFrom.getTime() + 660_000),
  );

  const investigationId = (
    await as(officer)
      .post('/investigations', { caseNumber: `HL-${h.db.name}`.slice(0, 40), title: 'Mất trộm xe máy', summary: 'Hoàng Văn Thái' })
      .expect(201)
  ).body.id as string;
  const file = async (cameraIds: string[]) =>
    (
      await as(officer)
        .post(`/investigations/${investigationId}/footage-requests`, {
          cameraIds,
          from: windowFrom.toISOString(),
          to: windowTo.toISOString(),
          reason: 'the suspect walked past',
          legalBasis: 'BLTTHS điều 88',
        })
        .expect(201)
    ).body.id as string;
  const supervise = (id: string, decision: 'approve' | 'reject') =>
    as(supervisor)
      .post(`/footage-requests/${id}/supervisor-decision`, {
        decision,
        note: decision === 'approve' ? 'proportionate' : 'too broad for the case: narrow the window',
      })
      .expect(200);
  const answer = (owner: TestUser, id: string, cameraId: string, decision: 'approve' | 'decline') =>
    as(owner).post(`/owner/footage-requests/${id}/cameras/${cameraId}/decision`, { decision }).expect(200);

  const r1 = await file([lanCams[0]]);
  const r2 = await file([lanCams[1]]);
  const r3 = await file([lanCams[2], minhCams[0]]);
  const r4 = await file([lanCams[3]]);
  const r5 = await file([lanCams[0], hoaCam]); // spans both wards: counts in each
  const r6 = await file([minhCams[0]]);
  for (const id of [r1, r2, r3, r4, r5]) await supervise(id, 'approve');
  await supervise(r6, 'reject');
  await answer(lan, r1, lanCams[0], 'approve');
  await answer(lan, r2, lanCams[1], 'decline');
  await answer(lan, r3, lanCams[2], 'approve');
  await answer(minh, r3, minhCams[0], 'decline');
  await answer(lan, r4, lanCams[3], 'approve');
  await answer(lan, r5, lanCams[0], 'approve');
  await answer(hoa, r5, hoaCam, 'approve');

  // The officer exports the first release; the export is audited when the last byte is written.
  const releases = (await as(officer).get(`/investigations/${investigationId}/clips?limit=50`).expect(200)).body.items as {
    release: { id: string };
  }[];
  const releaseId = releases[0].release.id;
  await as(officer)
    .get(`/releases/${releaseId}/evidence`)
    .buffer(true)
    .parse((res, done) => {
      res.on('data', () => undefined);
      res.on('end', () => done(null, null));
    })
    .expect(200);
  await until(
    'the evidence export to be audited',
    async () =>
      (await h.db.owner.query(`SELECT count(*)::int AS n FROM audit_entries WHERE action = 'evidence.exported'`)).rows[0].n as number,
    (n) => n === 1,
    10_000,
  );

  // One withdrawal, after the requests (a camera not asked for).
  await as(minh).post(`/cameras/${minhCams[1]}/consent/withdraw`).expect(200);
  return {
    wards,
    officer,
    supervisor,
    residents: [lan, minh, hoa],
    investigationId,
    requestIds: [r1, r2, r3, r4, r5, r6],
    startedAt,
    endedAt: new Date(),
  };
}
