import { serializeError } from './logging';

class QueryFailedLike extends Error {
  constructor(
    readonly query: string,
    readonly parameters: unknown[],
    readonly driverError: object,
    readonly detail: string,
  ) {
    super('duplicate key value violates unique constraint "users_email_key"');
  }
}

describe('error serialisation for logs', () => {
  it('keeps what diagnoses a failed query and drops the values bound into it, also inside a cause', () => {
    const failed = new QueryFailedLike(
      'INSERT INTO users ...',
      ['a@b.c', 'scrypt$hash'],
      { detail: 'Key (email)=(a@b.c)' },
      'Key (email)=(a@b.c) already exists.',
    );
    const wrapped = new Error('registration failed', { cause: failed });
    for (const logged of [serializeError(failed), serializeError(wrapped)]) {
      const text = JSON.stringify(logged);
      expect(text).toContain('users_email_key');
      expect(text).not.toMatch(/a@b\.c|scrypt\$hash|"parameters"|"driverError"/);
    }
    expect(JSON.stringify(serializeError(failed))).toContain('INSERT INTO users');
  });
});
