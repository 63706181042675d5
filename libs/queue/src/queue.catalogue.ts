import type { JobsOptions } from 'bullmq';

/**
 * Every queue and job the system runs, with its payload type. Processors and producers import
 * names from here; nothing spells a queue name as a bare string.
 */
export const QUEUES = {
  integrity: 'integrity',
  footage: 'footage',
  /** Upkeep of the motion event index (the ingest worker's side). */
  eventIndex: 'event-index',
  investigations: 'investigations',
  /** Notifications to send through outbound channels (e-mail), from the outbox. */
  notifications: 'notifications',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobPayloads {
  'audit-chain.verify': { requestedBy: 'schedule' | 'admin' };
  /** Deletes clips past retention (or no longer consented), then motion events, gaps and ended subscription records, that no legal hold covers. */
  'footage.retention': { requestedBy: 'schedule' | 'admin' };
  /** Withdrawal: deletes the camera's clips, events, gaps and ended subscription records that no hold covers, at once. */
  'footage.purge-camera': { cameraId: string; consentVersion: number };
  /** Re-reads stored clips and compares their SHA-256 with the recorded one. */
  'footage.verify': { requestedBy: 'schedule' | 'admin' };
  /** Closes motion left open past INGEST_MOTION_MAX_SECONDS (the maximum is the worker's setting when it runs). */
  'motion-events.close-overdue': { requestedBy: 'schedule' | 'admin' };
  'footage-requests.expire': { requestedBy: 'schedule' };
  /** Sends one notification through one outbound channel (its delivery row in the outbox says whether it is still due). */
  'notifications.deliver': { notificationId: string; channel: 'email' };
  /** Queues a deliver job for every delivery the outbox still holds (after a restart, or Redis losing its queues). */
  'notifications.sweep-outbox': { requestedBy: 'schedule' };
}
export type JobName = keyof JobPayloads;

export const JOB_QUEUE: { [J in JobName]: QueueName } = {
  'audit-chain.verify': QUEUES.integrity,
  'footage.retention': QUEUES.footage,
  'footage.purge-camera': QUEUES.footage,
  'footage.verify': QUEUES.footage,
  'motion-events.close-overdue': QUEUES.eventIndex,
  'footage-requests.expire': QUEUES.investigations,
  'notifications.deliver': QUEUES.notifications,
  'notifications.sweep-outbox': QUEUES.notifications,
};

/** Job scheduler ids (deterministic, no ':'): upserting one from every worker keeps a single schedule. */
export const SCHEDULERS = {
  closeOverdueMotion: 'motion-events-close-overdue',
  notificationOutbox: 'notifications-sweep-outbox',
} as const;

/** Named retry policies: attempts with exponential backoff; completed jobs are kept briefly for inspection. */
export const RETRY_POLICIES = {
  /** Cheap, idempotent work that may meet a restarting database or store. */
  standard: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 2_000 },
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
  /**
   * Periodic upkeep that the next run repeats anyway: a couple of quick retries, then wait for the
   * next period rather than pile up; failures are kept a day for inspection.
   */
  periodic: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 1_000 },
    removeOnComplete: { age: 3600, count: 100 },
    removeOnFail: { age: 24 * 3600, count: 100 },
  },
  /**
   * Notifications through an outbound channel (SMTP): a mail server that is down or answers 4xx is
   * tried again with growing delays for about two hours (2 s, 4 s, ... 68 min); then, or at once
   * for a permanent refusal (5xx, a bad address), the delivery is recorded as failed and not retried.
   */
  notification: {
    attempts: 12,
    backoff: { type: 'exponential', delay: 2_000 },
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 1000 },
  },
  /** Uploads of captured evidence: keep trying for hours, nothing may be lost. */
  persistent: {
    attempts: 20,
    backoff: { type: 'exponential', delay: 5_000 },
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: false,
  },
  /**
   * Clip uploads from a worker's spool: retried until they succeed (the object store may be down for
   * hours; the clip waits on disk), with a capped delay from the worker's backoff strategy. Finished
   * jobs are removed so that the id can be queued again by the spool sweep.
   */
  evidenceUpload: {
    attempts: 1_000_000,
    backoff: { type: 'capped-exponential' },
    removeOnComplete: true,
    removeOnFail: true,
  },
} as const satisfies Record<string, JobsOptions>;

/**
 * BullMQ job ids from domain keys. BullMQ rejects ids that are integers or contain ':' (its key
 * separator), so parts are joined with '-' and checked.
 */
export function jobId(...parts: (string | number)[]): string {
  const id = parts.map(String).join('-');
  if (/^\d+$/.test(id) || id.includes(':') || id.length === 0) {
    throw new Error(`invalid job id "${id}": must not be an integer or contain ':'`);
  }
  return id;
}
