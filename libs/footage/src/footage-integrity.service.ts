import { Injectable, Logger } from '@nestjs/common';
import { AuditService, type AuditActor } from '@wardwatch/audit';
import { ObjectStore } from '@wardwatch/storage';
import { sha256Of } from './clip-assembler';
import { ClipRepository } from './clip.repository';

export interface IntegrityMismatch {
  clipId: string;
  cameraId: string;
  object: 'clip' | 'thumbnail';
  key: string;
  expected: string;
  actual: string | null;
  problem: 'hash_differs' | 'missing' | 'unreadable';
}

export interface IntegrityReport {
  checked: number;
  ok: number;
  mismatches: IntegrityMismatch[];
  startedAt: string;
  finishedAt: string;
}

/**
 * Re-reads stored clips and thumbnails from the object store and compares their SHA-256 with the
 * hash recorded at capture. A mismatch is evidence tampering or corruption: each one is audited
 * (`clip.integrity_failed`), and the run itself is audited with its counts.
 */
@Injectable()
export class FootageIntegrityService {
  private readonly logger = new Logger(FootageIntegrityService.name);

  constructor(
    private readonly clips: ClipRepository,
    private readonly store: ObjectStore,
    private readonly audit: AuditService,
  ) {}

  private async hashOf(key: string): Promise<{ hash: string | null; problem?: 'missing' | 'unreadable' }> {
    try {
      if (!(await this.store.stat(key))) return { hash: null, problem: 'missing' };
      return { hash: await sha256Of(await this.store.get(key)) };
    } catch {
      return { hash: null, problem: 'unreadable' };
    }
  }

  async verify(actor: AuditActor, limit = 10_000): Promise<IntegrityReport> {
    const startedAt = new Date().toISOString();
    const mismatches: IntegrityMismatch[] = [];
    let checked = 0;
    let after: string | null = null;
    while (checked < limit) {
      const page = await this.clips.stored(after, Math.min(200, limit - checked));
      if (page.length === 0) break;
      for (const clip of page) {
        checked++;
        for (const [object, key, expected] of [
          ['clip', clip.objectKey, clip.sha256],
          ['thumbnail', clip.thumbnailKey, clip.thumbnailSha256],
        ] as const) {
          if (!key || !expected) continue;
          const { hash, problem } = await this.hashOf(key);
          if (hash === expected) continue;
          const mismatch: IntegrityMismatch = {
            clipId: clip.id,
            cameraId: clip.cameraId,
            object,
            key,
            expected,
            actual: hash,
            problem: problem ?? 'hash_differs',
          };
          mismatches.push(mismatch);
          await this.audit.record({
            actor,
            action: 'clip.integrity_failed',
            subject: { type: 'clip', id: clip.id },
            cameraId: clip.cameraId,
            details: { ...mismatch },
          });
        }
      }
      after = page[page.length - 1].id;
    }
    const report: IntegrityReport = {
      checked,
      ok: checked - new Set(mismatches.map((m) => m.clipId)).size,
      mismatches,
      startedAt,
      finishedAt: new Date().toISOString(),
    };
    await this.audit.record({
      actor,
      action: 'footage.integrity_checked',
      subject: { type: 'footage' },
      details: { checked: report.checked, ok: report.ok, mismatches: mismatches.length },
    });
    if (mismatches.length > 0) this.logger.error({ mismatches: mismatches.length }, 'stored footage does not match its recorded hashes');
    return report;
  }
}
