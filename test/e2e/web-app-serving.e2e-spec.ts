import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApi, type ApiHarness } from '../support/api-harness';

/** The API serves the built web app at / : a stand-in build with the shapes Vite writes. */
describe('the web app on the API’s origin', () => {
  let h: ApiHarness;
  let dist: string;
  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'wardwatch-web-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(
      join(dist, 'index.html'),
      '<!doctype html><meta property="csp-nonce" nonce="__WARDWATCH_CSP_NONCE__"><script type="module" src="/assets/index-abc123.js" nonce="__WARDWATCH_CSP_NONCE__"></script>',
    );
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    h = await startApi({ WEB_DIST_DIR: dist });
  });
  afterAll(async () => {
    await h.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it.each(['/', '/index.html', '/sign-in', '/cameras/123/consent'])(
    '%s: the page, never cached, with this response’s style nonce',
    async (path) => {
      const res = await h.raw().get(path).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(String(res.headers['content-security-policy']))?.[1];
      expect(nonce).toBeDefined();
      expect(res.text).not.toContain('__WARDWATCH_CSP_NONCE__');
      expect(res.text).toContain(`nonce="${nonce}"`);
    },
  );

  it('a fresh nonce for every response', async () => {
    const csp = async () => String((await h.raw().get('/').expect(200)).headers['content-security-policy']);
    expect(await csp()).not.toBe(await csp());
  });

  it('the CSP allows the app’s own files and nothing foreign', async () => {
    const csp = String((await h.raw().get('/').expect(200)).headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toMatch(/style-src 'self' 'nonce-[^']+';/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });

  it('hashed assets are cached for a year; other files revalidate', async () => {
    const asset = await h.raw().get('/assets/index-abc123.js').expect(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await h.raw().get('/favicon.svg').expect(200)).headers['cache-control']).toBe('no-cache');
  });

  it('a missing asset or file is a 404, not the page', async () => {
    await h.raw().get('/assets/index-old999.js').expect(404);
    await h.raw().get('/robots.txt').expect(404);
  });

  it('never answers an API path with the page', async () => {
    const res = await h.raw().get('/api/v1/no-such-route').expect(404);
    expect(res.headers['content-type']).toMatch(/json/);
    await h.raw().get('/api').expect(404);
    await h.http().get('/settings').expect(200);
  });
});
