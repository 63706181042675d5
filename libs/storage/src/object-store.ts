import { Readable } from 'node:stream';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'minio';
import { CoreConfig } from '@wardwatch/config';

export interface StoredObject {
  key: string;
  size: number;
  etag: string;
  contentType: string;
  metadata: Record<string, string>;
  lastModified: Date;
}

/** What a bulk removal did: every key is in exactly one of the two lists. */
export interface RemovedObjects {
  removed: string[];
  failed: { key: string; error: string }[];
}

/**
 * Single PUTs only: s3rver (development and tests) has no multipart upload, so objects must stay
 * under the client's part size and always be uploaded with their size. Clips are capped below this.
 */
export const MAX_SINGLE_PUT_BYTES = 64 * 1024 * 1024;

export class ObjectStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ObjectStoreError';
  }
}

function clientFor(endpoint: string, config: CoreConfig): Client {
  const url = new URL(endpoint);
  const useSSL = url.protocol === 'https:';
  return new Client({
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : useSSL ? 443 : 80,
    useSSL,
    accessKey: config.S3_ACCESS_KEY,
    secretKey: config.S3_SECRET_KEY,
    // An explicit region stops the client asking the server for one (which the public host may not answer).
    region: config.S3_REGION,
    pathStyle: true,
  });
}

/** The object store (MinIO in production, s3rver locally), behind one class: services never see the SDK. */
@Injectable()
export class ObjectStore implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ObjectStore.name);
  private readonly client: Client;
  /** Signs download links for the host officers' browsers reach; never used for I/O. */
  private readonly publicClient: Client;
  readonly bucket: string;

  constructor(private readonly config: CoreConfig) {
    this.client = clientFor(config.S3_ENDPOINT, config);
    this.publicClient = clientFor(config.S3_PUBLIC_ENDPOINT, config);
    this.bucket = config.S3_BUCKET;
  }

  private retryTimer?: NodeJS.Timeout;

  /**
   * A store that is down at start-up must not stop the process: the worker still has events to
   * index and clips to keep on disk until it returns. The failure is logged (and /health shows the
   * store down), and the bucket is ensured again every few seconds until it works.
   */
  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.ensureBucket();
    } catch (e) {
      this.logger.error({ err: (e as Error).message }, 'object store not reachable at start-up; retrying every 5 s');
      this.retryTimer = setInterval(() => {
        this.ensureBucket().then(
          () => clearInterval(this.retryTimer),
          () => undefined,
        );
      }, 5000);
      this.retryTimer.unref();
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.retryTimer);
  }

  /** Creates the bucket when missing. Idempotent; tolerates another process creating it at the same moment. */
  async ensureBucket(): Promise<void> {
    try {
      if (await this.client.bucketExists(this.bucket)) return;
      await this.client.makeBucket(this.bucket, this.config.S3_REGION);
      this.logger.log({ bucket: this.bucket }, 'created object store bucket');
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'BucketAlreadyOwnedByYou' || code === 'BucketAlreadyExists') return;
      throw new ObjectStoreError(
        `object store at ${this.config.S3_ENDPOINT} is not usable (bucket ${this.bucket}): ${(e as Error).message}. ` +
          'Check that it is running (scripts/services.sh starts the local one) and that S3_ACCESS_KEY/S3_SECRET_KEY are right.',
        { cause: e },
      );
    }
  }

  async put(
    key: string,
    body: Buffer | Readable,
    size: number,
    contentType: string,
    metadata: Record<string, string> = {},
  ): Promise<{ etag: string }> {
    if (size > MAX_SINGLE_PUT_BYTES) {
      throw new ObjectStoreError(`object ${key} is ${size} bytes; the limit for one upload is ${MAX_SINGLE_PUT_BYTES}`);
    }
    const result = await this.client.putObject(this.bucket, key, body, size, { 'Content-Type': contentType, ...metadata });
    return { etag: result.etag };
  }

  async stat(key: string): Promise<StoredObject | null> {
    try {
      const s = await this.client.statObject(this.bucket, key);
      const { 'content-type': contentType = 'application/octet-stream', ...metadata } = s.metaData as Record<string, string>;
      return { key, size: s.size, etag: s.etag, contentType, metadata, lastModified: s.lastModified };
    } catch (e) {
      if ((e as { code?: string }).code === 'NotFound' || (e as { code?: string }).code === 'NoSuchKey') return null;
      throw e;
    }
  }

  get(key: string): Promise<Readable> {
    return this.client.getObject(this.bucket, key);
  }

  async remove(key: string): Promise<void> {
    await this.client.removeObject(this.bucket, key);
  }

  /**
   * Removes many objects with S3 DeleteObjects (up to 1,000 keys a request; s3rver and MinIO both
   * answer it), one key at a time if the bulk request itself fails. A key that is already gone
   * counts as removed (S3 answers it so). Never throws: the caller keeps the failed keys to retry.
   */
  async removeMany(keys: string[]): Promise<RemovedObjects> {
    if (keys.length === 0) return { removed: [], failed: [] };
    try {
      const errors = (await this.client.removeObjects(this.bucket, keys)) as { Key?: string; Code?: string; Message?: string }[];
      const failed = errors.filter((e) => e.Key).map((e) => ({ key: String(e.Key), error: `${e.Code ?? 'error'}: ${e.Message ?? ''}` }));
      const failedKeys = new Set(failed.map((f) => f.key));
      return { removed: keys.filter((k) => !failedKeys.has(k)), failed };
    } catch (e) {
      this.logger.warn({ keys: keys.length, err: (e as Error).message }, 'bulk object delete failed; removing one key at a time');
      return this.removeEach(keys);
    }
  }

  private async removeEach(keys: string[], concurrency = 16): Promise<RemovedObjects> {
    const result: RemovedObjects = { removed: [], failed: [] };
    let next = 0;
    const lane = async () => {
      while (next < keys.length) {
        const key = keys[next++];
        try {
          await this.remove(key);
          result.removed.push(key);
        } catch (e) {
          result.failed.push({ key, error: (e as Error).message });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, keys.length) }, lane));
    return result;
  }

  /** A short-lived GET link signed for the public endpoint. The caller audits that it was issued. */
  presignGet(key: string, ttlSeconds: number, downloadName?: string): Promise<string> {
    const headers: Record<string, string> = downloadName
      ? { 'response-content-disposition': `attachment; filename="${downloadName}"` }
      : {};
    return this.publicClient.presignedGetObject(this.bucket, key, ttlSeconds, headers);
  }

  /** For health checks: answers within `timeoutMs` or fails. */
  async ping(timeoutMs = 2000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ObjectStoreError(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const exists = await Promise.race([this.client.bucketExists(this.bucket), timeout]);
      if (!exists) throw new ObjectStoreError(`bucket ${this.bucket} does not exist`);
    } finally {
      clearTimeout(timer);
    }
  }
}
