import { Injectable } from '@nestjs/common';
import { ObjectStore } from '@wardwatch/storage';

/** The last verified head of the chain, kept outside the database. */
export interface AuditAnchor {
  seq: string;
  hash: string;
  verifiedAt: string;
}

/**
 * A hash chain proves every entry up to its head, but not that the head is the real one: deleting
 * the newest entries leaves a shorter, valid chain. Each successful verification records the head
 * in the object store (in production a MinIO bucket with object lock, so earlier anchors survive),
 * and the next verification checks that this head is still there, unchanged.
 */
@Injectable()
export class AuditAnchorStore {
  constructor(private readonly store: ObjectStore) {}

  /** One anchor per database (`scope`), so installations sharing a bucket never mix them up. */
  private key(scope: string): string {
    return `audit/anchors/${scope}.json`;
  }

  async read(scope: string): Promise<AuditAnchor | null> {
    const KEY = this.key(scope);
    if (!(await this.store.stat(KEY))) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of await this.store.get(KEY)) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as AuditAnchor;
  }

  async write(scope: string, anchor: AuditAnchor): Promise<void> {
    const body = Buffer.from(JSON.stringify(anchor));
    await this.store.put(this.key(scope), body, body.length, 'application/json', { 'x-amz-meta-seq': anchor.seq });
  }
}
