import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { Client } from 'minio';
import { MAX_SINGLE_PUT_BYTES, ObjectStore, ObjectStoreError } from '@wardwatch/storage';
import { coreConfig } from '../support/test-environment';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** A bucket of this run's own, so runs (and other test files) never share state. */
const BUCKET = `ww-os-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

describe('ObjectStore against the real S3 store (s3rver)', () => {
  // Signed for "localhost" while I/O goes to 127.0.0.1: proves links are signed for the public host.
  const config = coreConfig({ S3_BUCKET: BUCKET, S3_PUBLIC_ENDPOINT: 'http://localhost:9100' });
  const store = new ObjectStore(config);
  const body = randomBytes(200_000);
  const key = 'clips/cam-1/2024-03-05/clip-1.mp4';

  afterAll(async () => {
    // Leave nothing behind in the shared store.
    const admin = new Client({
      endPoint: new URL(config.S3_ENDPOINT).hostname,
      port: Number(new URL(config.S3_ENDPOINT).port),
      useSSL: false,
      accessKey: config.S3_ACCESS_KEY,
      secretKey: config.S3_SECRET_KEY,
      region: config.S3_REGION,
      pathStyle: true,
    });
    if (!(await admin.bucketExists(BUCKET).catch(() => false))) return;
    const keys: string[] = [];
    for await (const item of admin.listObjectsV2(BUCKET, '', true) as AsyncIterable<{ name?: string }>) {
      if (item.name) keys.push(item.name);
    }
    if (keys.length > 0) await admin.removeObjects(BUCKET, keys);
    await admin.removeBucket(BUCKET);
  });

  it('ensureBucket creates the bucket and is idempotent', async () => {
    await store.ensureBucket();
    await store.ensureBucket();
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('put then stat returns the size, content type and metadata', async () => {
    const digest = sha256(body);
    const { etag } = await store.put(key, body, body.length, 'video/mp4', { 'x-amz-meta-sha256': digest });
    expect(etag).toMatch(/^[0-9a-f]{32}$/);
    const stat = await store.stat(key);
    expect(stat).not.toBeNull();
    expect(stat).toMatchObject({ key, size: body.length, contentType: 'video/mp4', etag });
    expect(stat!.metadata).toMatchObject({ sha256: digest });
    expect(stat!.lastModified).toBeInstanceOf(Date);
    expect(Math.abs(stat!.lastModified.getTime() - Date.now())).toBeLessThan(5 * 60_000);
  });

  it('get streams back identical bytes', async () => {
    const back = await readAll(await store.get(key));
    expect(back.length).toBe(body.length);
    expect(back.equals(body)).toBe(true);
  });

  it('uploads a stream with its size', async () => {
    const data = randomBytes(50_000);
    await store.put(
      'streams/one.bin',
      Readable.from([data.subarray(0, 20_000), data.subarray(20_000)]),
      data.length,
      'application/octet-stream',
    );
    expect((await readAll(await store.get('streams/one.bin'))).equals(data)).toBe(true);
  });

  it('presignGet: a link on the public host that plain fetch downloads, byte for byte', async () => {
    const url = new URL(await store.presignGet(key, 60));
    expect(url.host).toBe(new URL(config.S3_PUBLIC_ENDPOINT).host);
    expect(url.pathname).toBe(`/${BUCKET}/${key}`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(body)).toBe(true);
  });

  // s3rver does not verify SigV4 signatures (only the access key id), so a forged-signature check belongs in the
  // MinIO deployment tests, not here.

  it('presignGet with a download name asks for Content-Disposition, and s3rver sends it', async () => {
    const url = new URL(await store.presignGet(key, 60, 'clip-1.mp4'));
    expect(url.searchParams.get('response-content-disposition')).toBe('attachment; filename="clip-1.mp4"');
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="clip-1.mp4"');
    expect(Buffer.from(await response.arrayBuffer()).equals(body)).toBe(true);
  });

  it('stat of a missing key returns null', async () => {
    await expect(store.stat('clips/does-not-exist.mp4')).resolves.toBeNull();
  });

  it('remove, then stat returns null and get fails', async () => {
    await store.put('to-remove.txt', Buffer.from('bye'), 3, 'text/plain');
    expect(await store.stat('to-remove.txt')).not.toBeNull();
    await store.remove('to-remove.txt');
    await expect(store.stat('to-remove.txt')).resolves.toBeNull();
    await expect(store.get('to-remove.txt')).rejects.toThrow();
  });

  it('refuses an object over MAX_SINGLE_PUT_BYTES before uploading anything, naming the limit', async () => {
    let read = false;
    const body = new Readable({
      read() {
        read = true;
        this.push(null);
      },
    });
    const size = MAX_SINGLE_PUT_BYTES + 1;
    const attempt = store.put('too-big.mp4', body, size, 'video/mp4');
    await expect(attempt).rejects.toThrow(ObjectStoreError);
    await expect(attempt).rejects.toThrow(String(MAX_SINGLE_PUT_BYTES));
    expect(read).toBe(false);
    await expect(store.stat('too-big.mp4')).resolves.toBeNull();
  });

  it('accepts an object of exactly MAX_SINGLE_PUT_BYTES as far as the limit goes (checked without uploading)', async () => {
    // The limit is inclusive: the check must not refuse size === MAX_SINGLE_PUT_BYTES. A stream that errors at
    // once stops the upload; the error must be the stream's, not the limit's.
    const failing = new Readable({
      read() {
        this.destroy(new Error('stream stopped by the test'));
      },
    });
    const attempt = store.put('exact-limit.mp4', failing, MAX_SINGLE_PUT_BYTES, 'video/mp4');
    await expect(attempt).rejects.toThrow();
    await expect(attempt).rejects.not.toThrow(/limit for one upload/);
  });

  it('ping() succeeds against the running store', async () => {
    await expect(store.ping(2000)).resolves.toBeUndefined();
  });

  it('ping() fails when the bucket is missing, naming it', async () => {
    const other = new ObjectStore(coreConfig({ S3_BUCKET: `${BUCKET}-absent` }));
    await expect(other.ping()).rejects.toThrow(new RegExp(`bucket ${BUCKET}-absent does not exist`));
  });
});

describe('ObjectStore when the store is unreachable', () => {
  it('ensureBucket against a closed port: ObjectStoreError naming the endpoint and what to check', async () => {
    const store = new ObjectStore(coreConfig({ S3_ENDPOINT: 'http://127.0.0.1:1', S3_BUCKET: 'wardwatch-unreachable' }));
    const attempt = store.ensureBucket();
    await expect(attempt).rejects.toThrow(ObjectStoreError);
    await expect(attempt).rejects.toThrow(/object store at http:\/\/127\.0\.0\.1:1 /);
    await expect(attempt).rejects.toThrow(/Check that it is running/);
    await expect(attempt).rejects.toThrow(/S3_ACCESS_KEY\/S3_SECRET_KEY/);
  });

  it('ping() against a closed port rejects within its timeout', async () => {
    const store = new ObjectStore(coreConfig({ S3_ENDPOINT: 'http://127.0.0.1:1', S3_BUCKET: 'wardwatch-unreachable' }));
    const started = Date.now();
    await expect(store.ping(1000)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1000 + 500);
  });

  describe('a server that accepts connections and never answers', () => {
    let server: Server;
    const sockets = new Set<Socket>();
    let endpoint: string;

    beforeAll(async () => {
      server = createServer((socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => undefined);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('ping() rejects with "no answer within" its timeout, on time', async () => {
      const store = new ObjectStore(coreConfig({ S3_ENDPOINT: endpoint, S3_BUCKET: 'wardwatch-silent' }));
      const started = Date.now();
      await expect(store.ping(400)).rejects.toThrow(new ObjectStoreError('no answer within 400 ms'));
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(390);
      expect(elapsed).toBeLessThan(400 + 500);
    });
  });
});
