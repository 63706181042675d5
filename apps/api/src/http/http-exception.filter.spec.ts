import { ForbiddenException, HttpException, NotFoundException, ServiceUnavailableException, type ArgumentsHost } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { AccessRefusalRecorder } from '@wardwatch/audit';
import { problem, problemCodes, PROBLEM_CATALOGUE } from '@wardwatch/problems';
import { HttpExceptionFilter, PROBLEM_CONTENT_TYPE, toProblem } from './http-exception.filter';

const req = { method: 'POST', originalUrl: '/api/v1/cameras?limit=5' };

describe('toProblem: anything thrown, as one problem', () => {
  it('ours: the catalogued status, title and type, the detail as given, extensions kept', () => {
    const { problem: p, unexpected } = toProblem(problem('camera.outside_ward', 'outside ward X', { failure: 'outside_ward' }), req);
    expect(unexpected).toBe(false);
    expect(p).toEqual({
      type: 'urn:wardwatch:problem:camera.outside_ward',
      title: PROBLEM_CATALOGUE['camera.outside_ward'].title,
      status: 422,
      detail: 'outside ward X',
      code: 'camera.outside_ward',
      failure: 'outside_ward',
    });
  });

  it.each([
    [
      { type: 'entity.parse.failed', status: 400, body: '{"a":', message: 'Unexpected end of JSON input at position 5' },
      'request.invalid_json',
      400,
    ],
    [{ type: 'entity.too.large', status: 413, limit: 2048, message: 'request entity too large' }, 'request.too_large', 413],
    [{ type: 'encoding.unsupported', status: 415, message: 'unsupported content encoding "br"' }, 'request.unsupported_encoding', 415],
    [{ type: 'charset.unsupported', status: 415, message: 'unsupported charset "LATIN1"' }, 'request.unsupported_encoding', 415],
    [{ type: 'request.aborted', status: 400, message: 'request aborted' }, 'request.unreadable', 400],
  ])('body-parser %j -> %s, none of its own text', (error, code, status) => {
    const { problem: p } = toProblem(Object.assign(new Error(error.message), error), req);
    expect(p).toMatchObject({ code, status });
    expect(p.detail).not.toContain(error.message);
    expect(p.detail).not.toMatch(/position|Unexpected/);
  });

  it('the size limit is named in the detail of a too-large body', () => {
    expect(toProblem(Object.assign(new Error('x'), { type: 'entity.too.large', status: 413, limit: 2048 }), req).problem.detail).toMatch(
      /limit is 2048 bytes/,
    );
  });

  it("the router's 404 for an unknown route: http.not_found naming the method and path, not the query", () => {
    const { problem: p } = toProblem(new NotFoundException('Cannot POST /api/v1/cameras?limit=5'), req);
    expect(p).toMatchObject({ code: 'http.not_found', status: 404 });
    expect(p.detail).toMatch(/POST \/api\/v1\/cameras;/);
  });

  it("@nestjs/throttler's 429: rate_limit.exceeded", () => {
    expect(toProblem(new ThrottlerException('too many attempts'), req).problem).toMatchObject({ code: 'rate_limit.exceeded', status: 429 });
  });

  it('a foreign 4xx HttpException: a generic code by status, its message as the detail', () => {
    expect(toProblem(new ForbiddenException('you are not a member'), req).problem).toMatchObject({
      code: 'http.forbidden',
      status: 403,
      detail: 'you are not a member',
    });
    expect(toProblem(new HttpException({ message: ['a must be set', 'b must be set'] }, 400), req).problem).toMatchObject({
      code: 'http.bad_request',
      detail: 'a must be set; b must be set',
    });
  });

  it('a foreign 5xx says nothing of its message; anything else is internal.error, unexpected', () => {
    const unavailable = toProblem(new ServiceUnavailableException('pool exhausted at 10.0.0.5'), req);
    expect(unavailable.problem).toMatchObject({ code: 'http.unavailable', status: 503 });
    expect(unavailable.problem.detail).not.toMatch(/10\.0\.0\.5/);
    const crash = toProblem(new TypeError("Cannot read properties of undefined (reading 'id')"), req);
    expect(crash).toMatchObject({ unexpected: true, problem: { code: 'internal.error', status: 500 } });
    expect(crash.problem.detail).not.toMatch(/properties/);
  });

  it('every catalogued code has a status, a title and a dotted lower-case name', () => {
    for (const code of problemCodes()) {
      expect(code).toMatch(/^[a-z_]+\.[a-z0-9_]+$/);
      expect(PROBLEM_CATALOGUE[code].status).toBeGreaterThanOrEqual(400);
      expect(PROBLEM_CATALOGUE[code].title.length).toBeGreaterThan(0);
    }
  });

  it('an extension cannot overwrite a standard member', () => {
    expect(() => problem('camera.removed', 'x', { status: 200 })).toThrow(/reserved/);
  });
});

describe('HttpExceptionFilter.catch', () => {
  const answer = async (exception: unknown, principal?: { userId: string; role: string }) => {
    const headers: Record<string, string> = {};
    const sent: { status?: number; body?: Record<string, unknown> } = {};
    const res = {
      headersSent: false,
      getHeaders: () => headers,
      getHeader: (n: string) => headers[n.toLowerCase()],
      setHeader: (n: string, v: string) => ((headers[n.toLowerCase()] = v), res),
      status: (s: number) => ((sent.status = s), res),
      json: (b: Record<string, unknown>) => ((sent.body = b), res),
    };
    const request = { ...req, path: '/api/v1/cameras', route: { path: '/api/v1/cameras' }, principal };
    const host = { switchToHttp: () => ({ getResponse: () => res, getRequest: () => request }) } as unknown as ArgumentsHost;
    const refusals = { record: jest.fn().mockResolvedValue(undefined) };
    await new HttpExceptionFilter(refusals as unknown as AccessRefusalRecorder).catch(exception, host);
    return { headers, ...sent, refusals };
  };

  it('answers application/problem+json with instance (the path, no query)', async () => {
    const { headers, status, body } = await answer(problem('camera.removed', 'camera 1 was removed meanwhile'));
    expect(status).toBe(409);
    expect(headers['content-type']).toBe(PROBLEM_CONTENT_TYPE);
    expect(body).toMatchObject({ code: 'camera.removed', instance: '/api/v1/cameras' });
    expect(body).not.toHaveProperty('errorId');
  });

  it('a 5xx carries an errorId', async () => {
    const { status, body } = await answer(new Error('boom'));
    expect(status).toBe(500);
    expect(body?.errorId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a 403 to a signed-in user is audited with the detail as its reason', async () => {
    const { refusals } = await answer(problem('camera.not_yours', 'camera 1 is not one of your cameras'), {
      userId: 'u',
      role: 'resident',
    });
    expect(refusals.record).toHaveBeenCalledWith(
      { userId: 'u', role: 'resident' },
      expect.objectContaining({ reason: 'camera 1 is not one of your cameras', method: 'POST' }),
    );
  });
});
