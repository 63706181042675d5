import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { NotificationDeliveryService, NotificationProcessor, queueDeliveries } from '@wardwatch/notifications';
import { QUEUES } from '@wardwatch/queue';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { seedCamera, seedWard } from '../support/seed-footage';
import { SmtpCatcher } from '../support/smtp-catcher';
import { workerConfig } from '../support/test-environment';
import { sleep, until } from '../support/waiting';

const HOUR = 3_600_000;
const SMTP_USER = 'wardwatch-relay';
const SMTP_PASSWORD = 'smtp-secret-9f8e7d6c5b4a';
const PUBLIC_WEB_URL = 'https://himlam.example.vn';

interface DeliveryRow {
  notification_id: string;
  state: string;
  attempts: number;
  last_error: string | null;
}

describe('notifications: a request that asks a resident reaches them in the app and by e-mail (real SMTP)', () => {
  let h: ApiHarness;
  let worker: INestApplicationContext;
  let smtp: SmtpCatcher;
  let officer: TestUser;
  let supervisor: TestUser;
  let ward: string;
  let investigationId: string;
  let caseCounter = 0;

  const as = (user: TestUser) => ({
    get: (path: string) => h.http().get(path).set('Authorization', `Bearer ${user.token}`),
    post: (path: string, body: object = {}) => h.http().post(path).set('Authorization', `Bearer ${user.token}`).send(body),
    put: (path: string, body: object = {}) => h.http().put(path).set('Authorization', `Bearer ${user.token}`).send(body),
  });

  /** A resident with an `ask` camera, asked through the real API: filed by the officer, approved by the supervisor. */
  async function askResident(label = 'Cổng trước nhà'): Promise<{ owner: TestUser; requestId: string; cameraId: string }> {
    const owner = await h.user('resident');
    const cameraId = await seedCamera(h.db.owner, owner.id, { wardId: ward, label, sharingMode: 'ask' });
    const filed = await as(officer)
      .post(`/investigations/${investigationId}/footage-requests`, {
        cameraIds: [cameraId],
        from: new Date(Date.now() - 3 * HOUR),
        to: new Date(Date.now() - 2 * HOUR),
        reason: `Xe máy bị lấy trộm trước nhà số 7 (${++caseCounter})`,
        legalBasis: 'Bộ luật Tố tụng hình sự, điều 88',
      })
      .expect(201);
    const approved = await as(supervisor)
      .post(`/footage-requests/${filed.body.id}/supervisor-decision`, { decision: 'approve' })
      .expect(200);
    expect(approved.body.cameras[0].state).toBe('pending_owner');
    return { owner, requestId: filed.body.id as string, cameraId };
  }

  const ownerNotificationId = async (owner: TestUser) =>
    (await h.db.owner.query(`SELECT id FROM notifications WHERE recipient_id = $1 AND kind = 'footage_request.awaiting_owner'`, [owner.id]))
      .rows[0]?.id as string;

  const delivery = async (notificationId: string): Promise<DeliveryRow> =>
    (
      await h.db.owner.query(
        `SELECT notification_id, state, attempts, last_error FROM notification_deliveries WHERE notification_id = $1 AND channel = 'email'`,
        [notificationId],
      )
    ).rows[0] as DeliveryRow;

  beforeAll(async () => {
    smtp = new SmtpCatcher({ user: SMTP_USER, password: SMTP_PASSWORD });
    const port = await smtp.start(0);
    h = await startApi();
    [officer, supervisor] = [await h.user('officer'), await h.user('supervisor')];
    ward = await seedWard(h.db.owner, 'notify-ward');
    investigationId = (await as(officer).post('/investigations', { caseNumber: 'HL-2026-042', title: 'Trộm xe', summary: 's' }).expect(201))
      .body.id as string;
    worker = await NestFactory.createApplicationContext(
      WorkerModule.forRoot(
        workerConfig({
          DATABASE_URL: h.db.appUrl,
          INGEST_MAX_CAMERAS: '0',
          CLIP_MAX_CAMERAS: '0',
          SMTP_HOST: '127.0.0.1',
          SMTP_PORT: String(port),
          SMTP_USER,
          SMTP_PASSWORD,
          SMTP_FROM: 'Phường Him Lam <no-reply@himlam.example.vn>',
          SMTP_TIMEOUT_MS: '2000',
          PUBLIC_WEB_URL,
          NOTIFY_OUTBOX_SWEEP_MS: '200',
        }),
      ),
      { logger: false },
    );
    await worker.init();
  });
  afterAll(async () => {
    await worker?.close();
    await h?.close();
    await smtp?.stop();
  });

  it('the resident gets an in-app notification at once and an e-mail in Vietnamese with the inbox link and no secrets', async () => {
    const { owner, requestId } = await askResident('Cổng trước nhà');

    // In the app: written with the supervisor's approval, before any mail server is involved.
    const list = await as(owner).get('/notifications').expect(200);
    expect(list.body.next).toBeNull();
    expect(list.body.items).toHaveLength(1);
    const [notice] = list.body.items;
    expect(notice).toMatchObject({
      kind: 'footage_request.awaiting_owner',
      title: 'Yêu cầu trích xuất hình ảnh từ camera của bạn (hồ sơ HL-2026-042)',
      link: '/requests',
      subject: { type: 'footage_request', id: requestId },
      readAt: null,
    });
    expect((await as(owner).get('/notifications/unread-count').expect(200)).body).toEqual({ unread: 1 });

    // By e-mail: through the worker's outbox, over real SMTP with AUTH.
    const mails = await until(
      'the e-mail to the resident',
      () => smtp.mailsFor(notice.id),
      (m) => m.length === 1,
    );
    const [mail] = mails;
    expect(mail.to).toEqual([owner.email]);
    expect(mail.from).toBe('no-reply@himlam.example.vn');
    expect(mail.subject).toBe('Yêu cầu trích xuất hình ảnh từ camera của bạn (hồ sơ HL-2026-042)');
    expect(mail.text).toContain('Công an phường đề nghị bạn cho phép sử dụng đoạn ghi hình của camera “Cổng trước nhà”');
    expect(mail.text).toContain(`${PUBLIC_WEB_URL}/requests`);
    expect(mail.text).toMatch(/từ \d{2}:\d{2} \d{2}\/\d{2}\/\d{4} đến \d{2}:\d{2} \d{2}\/\d{2}\/\d{4}/);
    // No secrets, no credentials, no token, no footage; nor the reason's details (they stay in the app).
    for (const secret of [SMTP_PASSWORD, h.config.JWT_SECRET, owner.token, owner.password, officer.token, 'X-Amz-']) {
      expect(mail.raw).not.toContain(secret);
    }
    expect(mail.text).not.toContain('nhà số 7');
    expect(mail.raw).not.toMatch(/Content-Disposition: attachment/i);
    // The worker records it once the server has accepted it (a moment after the catcher has it).
    const sent = await until(
      'the delivery recorded as sent',
      () => delivery(notice.id),
      (d) => d.state === 'sent',
    );
    expect(sent).toMatchObject({ attempts: 1, last_error: null });

    // The officer heard of the supervisor's approval in the app (and by mail), naming no resident.
    const officerItems = (await as(officer).get('/notifications').expect(200)).body.items as { kind: string; text: string }[];
    const decided = officerItems.find((n) => n.kind === 'footage_request.supervisor_decided');
    expect(decided?.text).toContain('HL-2026-042');

    // Reading it: own only, and the count follows.
    const read = await as(owner).post(`/notifications/${notice.id}/read`).expect(200);
    expect(read.body.readAt).not.toBeNull();
    expect((await as(owner).get('/notifications/unread-count').expect(200)).body).toEqual({ unread: 0 });
    expect((await as(owner).get('/notifications?unread=true').expect(200)).body.items).toEqual([]);
  });

  it("another user cannot read or mark a resident's notification", async () => {
    const { owner } = await askResident();
    const id = await ownerNotificationId(owner);
    const stranger = await h.user('resident');
    const refused = await as(stranger).post(`/notifications/${id}/read`).expect(404);
    expect(JSON.stringify(refused.body)).not.toContain(owner.email);
    expect((await as(stranger).get('/notifications').expect(200)).body.items).toEqual([]);
    await as(officer).post(`/notifications/${id}/read`).expect(404);
    expect((await as(owner).get('/notifications/unread-count').expect(200)).body).toEqual({ unread: 1 });
    await h.http().get('/notifications').expect(401);
  });

  it("the owner's answer tells the officer, in the officer's language", async () => {
    const { owner, requestId, cameraId } = await askResident();
    await as(officer).put('/notifications/settings', { preferredLanguage: 'en' }).expect(200);
    await as(owner).post(`/owner/footage-requests/${requestId}/cameras/${cameraId}/decision`, { decision: 'decline' }).expect(200);
    const items = (await as(officer).get('/notifications').expect(200)).body.items as {
      kind: string;
      title: string;
      subject: { id: string };
    }[];
    const answered = items.find((n) => n.kind === 'footage_request.owner_answered' && n.subject.id === requestId);
    expect(answered?.title).toBe('A camera owner answered your request (case HL-2026-042)');
    await as(officer).put('/notifications/settings', { preferredLanguage: 'vi' }).expect(200);
  });

  it('a mail server that refuses for now (451) or is down makes the job retry; the request is not affected', async () => {
    smtp.mode = 'tempfail';
    const refusedFirst = await askResident();
    const refusedId = await ownerNotificationId(refusedFirst.owner);
    const tried = await until(
      'a refused attempt recorded',
      () => delivery(refusedId),
      (d) => d.attempts >= 1,
    );
    expect(tried).toMatchObject({ state: 'pending' });
    expect(tried.last_error).toMatch(/451/);

    await smtp.stop();
    const downFirst = await askResident(); // filed and approved (201, 200) while no mail server answers
    const downId = await ownerNotificationId(downFirst.owner);
    const failed = await until(
      'a connection failure recorded',
      () => delivery(downId),
      (d) => d.attempts >= 1,
    );
    expect(failed.state).toBe('pending');
    expect(failed.last_error).toMatch(/ECONNECTION|ECONNREFUSED|connect/i);
    expect(failed.last_error).not.toContain(SMTP_PASSWORD);
    expect((await as(downFirst.owner).get('/owner/footage-requests').expect(200)).body.items[0].state).toBe('pending_owner');

    smtp.mode = 'accept';
    await smtp.start();
    await until(
      'both mails, once the server is back',
      () => [smtp.mailsFor(refusedId).length, smtp.mailsFor(downId).length],
      (n) => n[0] === 1 && n[1] === 1,
      30_000,
    );
    for (const id of [refusedId, downId])
      await until(
        'the delivery recorded as sent',
        () => delivery(id),
        (d) => d.state === 'sent',
      );
  }, 60_000);

  it('a permanent refusal (550) is recorded as failed and not retried', async () => {
    smtp.mode = 'reject';
    const { owner } = await askResident();
    const id = await ownerNotificationId(owner);
    const failed = await until(
      'the refusal recorded',
      () => delivery(id),
      (d) => d.state === 'failed',
    );
    expect(failed.last_error).toMatch(/550/);
    expect(smtp.attemptsFor(owner.email)).toBe(1);
    await sleep(3000); // past the first retry's delay (2 s)
    expect(smtp.attemptsFor(owner.email)).toBe(1);
    expect((await delivery(id)).attempts).toBe(1);
    smtp.mode = 'accept';
  });

  it('a duplicate job, or two workers at once, send one mail', async () => {
    smtp.mode = 'tempfail';
    const { owner } = await askResident();
    const id = await ownerNotificationId(owner);
    await until(
      'the first attempt',
      () => delivery(id),
      (d) => d.attempts >= 1,
    );
    // The worker's own retry waits while two deliveries of the same row run at once (two workers, or a
    // job and a re-queued copy): the row lock lets one send.
    const processor = worker.get(NotificationProcessor);
    await processor.worker.pause(true);
    smtp.mode = 'accept';
    const service = worker.get(NotificationDeliveryService);
    const outcomes = await Promise.all([service.deliver(id, 'email', false), service.deliver(id, 'email', false)]);
    processor.worker.resume();
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['not-due', 'sent']);
    // And the job queued again under its id, and once more under another id, after it was sent.
    const queue = worker.get<Queue>(getQueueToken(QUEUES.notifications));
    await queueDeliveries(queue, [
      { notificationId: id, channel: 'email' },
      { notificationId: id, channel: 'email' },
    ]);
    await queue.add('notifications.deliver', { notificationId: id, channel: 'email' }, { jobId: `notification-${id}-email-again` });
    await sleep(4000); // past the pending retry's delay and a few outbox sweeps
    expect(smtp.mailsFor(id)).toHaveLength(1);
    expect(await delivery(id)).toMatchObject({ state: 'sent' });
  }, 30_000);

  it('a resident who turns e-mail off gets the notification in the app only', async () => {
    const owner = await h.user('resident');
    expect((await as(owner).get('/notifications/settings').expect(200)).body).toEqual({
      email: owner.email,
      emailNotifications: true,
      preferredLanguage: 'vi',
    });
    await as(owner).put('/notifications/settings', { emailNotifications: false }).expect(200);
    await as(owner).put('/notifications/settings', { preferredLanguage: 'xx' }).expect(400);
    const cameraId = await seedCamera(h.db.owner, owner.id, { wardId: ward, label: 'Sân', sharingMode: 'ask' });
    const filed = await as(officer)
      .post(`/investigations/${investigationId}/footage-requests`, {
        cameraIds: [cameraId],
        from: new Date(Date.now() - 3 * HOUR),
        to: new Date(Date.now() - 2 * HOUR),
        reason: 'r',
        legalBasis: 'l',
      })
      .expect(201);
    await as(supervisor).post(`/footage-requests/${filed.body.id}/supervisor-decision`, { decision: 'approve' }).expect(200);
    const id = await ownerNotificationId(owner);
    expect(id).toBeDefined();
    expect(await delivery(id)).toBeUndefined();
  });
});
