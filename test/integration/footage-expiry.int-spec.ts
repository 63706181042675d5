import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditService } from '@wardwatch/audit';
import { clipIsHeldSql } from '@wardwatch/footage';
import { ObjectStore } from '@wardwatch/storage';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { startApi, type ApiHarness } from '../support/api-harness';
import { clipIsHeld, seedCamera, seedStoredClip, seedWard } from '../support/seed-footage';
import { workerConfig } from '../support/test-environment';
import { until } from '../support/waiting';

const HOUR = 3_600_000;

describe('the worker expires unanswered footage requests and ends expired releases on its schedule', () => {
  let h: ApiHarness;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    h = await startApi({ FOOTAGE_SUPERVISOR_APPROVAL: 'false' });
  });
  afterAll(async () => {
    await worker?.close();
    await h.close();
  });

  it('with no one reading, an overdue request expires (hold lifted) and an expired release gives up its hold', async () => {
    const officer = await h.user('officer');
    const owner = await h.user('resident');
    const ward = await seedWard(h.db.owner, 'expiry-ward');
    const askCamera = await seedCamera(h.db.owner, owner.id, { wardId: ward, sharingMode: 'ask' });
    const autoCamera = await seedCamera(h.db.owner, owner.id, { wardId: ward, sharingMode: 'auto_release' });
    const from = new Date(Date.now() - 3 * HOUR);
    const to = new Date(Date.now() - HOUR);
    const store = h.app.get(ObjectStore);
    const askClip = await seedStoredClip(
      h.db.owner,
      store,
      askCamera,
      new Date(from.getTime() + 60_000),
      new Date(from.getTime() + 120_000),
    );
    const autoClip = await seedStoredClip(
      h.db.owner,
      store,
      autoCamera,
      new Date(from.getTime() + 60_000),
      new Date(from.getTime() + 120_000),
    );
    const auth = { Authorization: `Bearer ${officer.token}` };
    const investigation = (
      await h.http().post('/investigations').set(auth).send({ caseNumber: 'EXP-1', title: 't', summary: 's' }).expect(201)
    ).body.id as string;
    const request = (
      await h
        .http()
        .post(`/investigations/${investigation}/footage-requests`)
        .set(auth)
        .send({ cameraIds: [askCamera, autoCamera], from, to, reason: 'r', legalBasis: 'l' })
        .expect(201)
    ).body;
    expect(request.state).toBe('pending_owner');
    expect(await clipIsHeld(h.db.owner, clipIsHeldSql, askClip.id)).toBe(true);
    expect(await clipIsHeld(h.db.owner, clipIsHeldSql, autoClip.id)).toBe(true);

    await h.db.owner.query(`UPDATE footage_requests SET expires_at = now() - interval '1 second' WHERE id = $1`, [request.id]);
    await h.db.owner.query(`UPDATE footage_releases SET expires_at = now() - interval '1 second' WHERE request_id = $1`, [request.id]);

    worker = await NestFactory.createApplicationContext(
      WorkerModule.forRoot(workerConfig({ DATABASE_URL: h.db.appUrl, FOOTAGE_EXPIRY_SWEEP_MS: '200', INGEST_MAX_CAMERAS: '0' })),
      { logger: false },
    );
    await worker.init();

    const row = await until(
      'the worker to expire the request',
      async () => (await h.db.owner.query(`SELECT state FROM footage_requests WHERE id = $1`, [request.id])).rows[0],
      (r) => r.state === 'partially_released',
    );
    expect(row.state).toBe('partially_released');
    await until(
      'both holds to lift',
      async () => [await clipIsHeld(h.db.owner, clipIsHeldSql, askClip.id), await clipIsHeld(h.db.owner, clipIsHeldSql, autoClip.id)],
      (held) => !held[0] && !held[1],
    );
    // The worker's change and its audit entry commit together; the entry reaches the chain just
    // after (the sealer): read the log settled, as its readers do.
    await h.app.get(AuditService, { strict: false }).settle();
    const actions = (
      await h.db.owner.query(
        `SELECT action, actor_role FROM audit_entries WHERE action IN ('footage_request.expired', 'footage.release_expired') ORDER BY seq`,
      )
    ).rows;
    expect(actions).toEqual([
      { action: 'footage_request.expired', actor_role: 'system' },
      { action: 'footage.release_expired', actor_role: 'system' },
    ]);
  });
});
