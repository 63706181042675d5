import { Controller, Get, HttpException, HttpStatus, type INestApplication } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import express from 'express';
import request from 'supertest';
import { AccessRefusalRecorder } from '@wardwatch/audit';
import { problem } from '@wardwatch/problems';
import { HttpExceptionFilter } from './http-exception.filter';
import { securityHeaders } from './security-headers';

/** A limit raised by a library (e.g. probe limits): it can only say the delay in its body. */
@Controller('limited')
class LimitedController {
  @Get('with-delay')
  withDelay(): never {
    throw problem('probe.rate_limited', 'too many probes; try again later', { retryAfterSeconds: 12.2 });
  }

  @Get('without-delay')
  withoutDelay(): never {
    throw new HttpException('slow down', HttpStatus.TOO_MANY_REQUESTS);
  }
}

describe('HttpExceptionFilter: every 429 gets a standard Retry-After', () => {
  let app: INestApplication;
  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      controllers: [LimitedController],
      providers: [
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        { provide: AccessRefusalRecorder, useValue: { record: () => Promise.resolve() } },
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(() => app.close());

  it('uses the delay a service named, rounded up to whole seconds', async () => {
    const res = await request(app.getHttpServer()).get('/limited/with-delay').expect(429);
    expect(res.headers['retry-after']).toBe('13');
    expect(res.body).toMatchObject({ code: 'probe.rate_limited', detail: 'too many probes; try again later', retryAfterSeconds: 13 });
  });

  it('falls back to a minute when nobody named a delay', async () => {
    const res = await request(app.getHttpServer()).get('/limited/without-delay').expect(429);
    expect(res.headers['retry-after']).toBe('60');
    expect(res.body).toMatchObject({ code: 'rate_limit.exceeded', status: 429, retryAfterSeconds: 60 });
  });
});

describe('securityHeaders', () => {
  const serve = (NODE_ENV: 'production' | 'development') =>
    express()
      .use(securityHeaders({ NODE_ENV, S3_PUBLIC_ENDPOINT: 'https://footage.ward.example.org/base' }))
      .get('/x', (_req, res) => res.send('ok'));

  it('production: HSTS (no subdomains, no preload) and upgrade-insecure-requests', async () => {
    const res = await request(serve('production')).get('/x').expect(200);
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    expect(res.headers['content-security-policy']).toContain("img-src 'self' data: blob: https://footage.ward.example.org;");
  });

  it('development over plain HTTP: neither', async () => {
    const res = await request(serve('development')).get('/x').expect(200);
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });
});
