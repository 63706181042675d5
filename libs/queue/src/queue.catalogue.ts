import type { JobsOptions } from 'bullmq';

/**
 * Every queue and job the system runs, with its payload type. Processors and producers import
 * names from here; nothing spells a queue name as a bare string.
 */
export const QUEUES = {
  integrity: 'integrity',
  investigations: 'investigations',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobPayloads {
  'audit-chain.verify': { requestedBy: 'schedule' | 'admin' };
  'footage-requests.expire': { requestedBy: 'schedule' };
}
export type JobName = keyof JobPayloads;

export const JOB_QUEUE: { [J in JobName]: QueueName } = {
  'audit-chain.verify': QUEUES.integrity,
  'footage-requests.expire': QUEUES.investigations,
};

/** Named retry policies: attempts with exponential backoff; completed jobs are kept briefly for inspection. */
export const RETRY_POLICIES = {
  /** Cheap, idempotent work that may meet a restarting database or store. */
  standard: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 2_000 },
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
  /** Uploads of captured evidence: keep trying for hours, nothing may be lost. */
  persistent: {
    attempts: 20,
    backoff: { type: 'exponential', delay: 5_000 },
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: false,
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
