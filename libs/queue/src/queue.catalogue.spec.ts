import { JOB_QUEUE, JobName, jobId, QUEUES, RETRY_POLICIES, SCHEDULERS } from './queue.catalogue';

describe('jobId', () => {
  it('joins domain keys with "-"', () => {
    expect(jobId('camera', 'c0ffee', 42)).toBe('camera-c0ffee-42');
    expect(jobId('audit-chain.verify', '2024-03-05')).toBe('audit-chain.verify-2024-03-05');
  });

  it('is the same for the same keys (deterministic)', () => {
    expect(jobId('clip', 'cam-1', 'evt-9')).toBe(jobId('clip', 'cam-1', 'evt-9'));
  });

  it('rejects ids that are integers, which BullMQ refuses', () => {
    expect(() => jobId(42)).toThrow(/invalid job id "42"/);
    expect(() => jobId('123')).toThrow(/must not be an integer/);
  });

  it('accepts ids made only of digits and separators (they are not integers)', () => {
    expect(jobId(1, 2)).toBe('1-2');
  });

  it('rejects ":" (BullMQ key separator) in any part', () => {
    expect(() => jobId('camera', 'a:b')).toThrow(/contain ':'/);
    expect(() => jobId('2024-03-05T06:07:08Z')).toThrow(/invalid job id/);
  });

  it('rejects an empty id', () => {
    expect(() => jobId()).toThrow(/invalid job id/);
    expect(() => jobId('')).toThrow(/invalid job id/);
  });
});

describe('the queue catalogue', () => {
  const queueNames = Object.values(QUEUES) as string[];

  it('has at least one job and one queue', () => {
    expect(Object.keys(JOB_QUEUE).length).toBeGreaterThan(0);
    expect(queueNames.length).toBeGreaterThan(0);
  });

  it.each(Object.entries(JOB_QUEUE) as [JobName, string][])('job %s runs on a queue listed in QUEUES (%s)', (_, queue) => {
    expect(queueNames).toContain(queue);
  });

  it('has scheduler ids that are valid job ids', () => {
    for (const id of Object.values(SCHEDULERS)) expect(jobId(id)).toBe(id);
  });

  it('has unique queue names that BullMQ accepts (no ":")', () => {
    expect(new Set(queueNames).size).toBe(queueNames.length);
    for (const q of queueNames) expect(q).not.toContain(':');
  });
});

describe('RETRY_POLICIES', () => {
  const { evidenceUpload, ...scheduled } = RETRY_POLICIES;

  it.each(Object.entries(scheduled))('%s retries more than once with exponential backoff', (_, policy) => {
    expect(policy.attempts).toBeGreaterThan(1);
    expect(policy.backoff.type).toBe('exponential');
    expect(policy.backoff.delay).toBeGreaterThan(0);
  });

  it('keeps completed jobs bounded so Redis does not grow without limit', () => {
    for (const policy of Object.values(scheduled)) {
      expect(policy.removeOnComplete).toEqual(expect.objectContaining({ count: expect.any(Number) }));
    }
    // Evidence uploads are removed when finished, so the spool sweep can queue the same clip id again.
    expect(evidenceUpload.removeOnComplete).toBe(true);
    expect(evidenceUpload.removeOnFail).toBe(true);
  });

  it('retries evidence uploads practically forever, with the delay the worker caps', () => {
    expect(evidenceUpload.attempts).toBeGreaterThanOrEqual(100_000);
    expect(evidenceUpload.backoff.type).toBe('capped-exponential');
  });
});
