import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService, type AuditActor } from '@wardwatch/audit';
import { CoreConfig } from '@wardwatch/config';
import { ObjectStore } from '@wardwatch/storage';
import { createHash } from 'node:crypto';
import { ClipEntity } from './clip.entity';
import { IntegrityCursorEntity } from './integrity-cursor.entity';
import { ReadPacer, SYSTEM_CLOCK, type PacerClock } from './read-pacer';

export interface IntegrityMismatch {
  clipId: string;
  cameraId: string;
  object: 'clip' | 'thumbnail';
  key: string;
  expected: string;
  actual: string | null;
  problem: 'hash_differs' | 'missing' | 'unreadable';
}

/** Where the rolling check stands, after a run. */
export interface IntegrityProgress {
  /** Cycles started so far; each cycle re-reads every clip stored when it started. */
  cycle: number;
  cycleStartedAt: string | null;
  /** The last clip id checked (ids are walked in order); null at the start of a cycle. */
  position: string | null;
  checkedInCycle: number;
  /** Stored clips when the cycle started. */
  cycleTotal: number;
  /** Stored clips still ahead of the cursor in this cycle. */
  remainingInCycle: number;
  lastCycleFinishedAt: string | null;
  /** The clips a scheduled run takes so that a cycle ends within INTEGRITY_CYCLE_DAYS. */
  quotaPerRun: number;
  cycleDays: number;
}

export interface IntegrityReport {
  checked: number;
  ok: number;
  mismatches: IntegrityMismatch[];
  startedAt: string;
  finishedAt: string;
  /** Bytes re-read from the store, and the bound they were read under. */
  bytesRead: number;
  readBytesPerSecond: number;
  /** Time this run waited to stay under the bound. */
  pausedMs: number;
  /** This run reached the end of the stored clips (the next run starts a new cycle). */
  cycleCompleted: boolean;
  progress: IntegrityProgress;
}

/** Clips claimed from the cursor at a time (a crash skips at most these until the next cycle). */
const PAGE = 200;

/**
 * Re-reads stored clips and thumbnails from the object store and compares their SHA-256 with the
 * hash recorded at capture. A mismatch is evidence tampering or corruption: each one is audited
 * (`clip.integrity_failed`), and the run itself is audited with its counts and progress.
 *
 * Coverage: a persisted cursor walks stored clips in id order, each run continuing where the last
 * stopped, so every clip is re-read once a cycle (INTEGRITY_CYCLE_DAYS; each scheduled run takes
 * its share of the stored count). Pages are claimed from the cursor in a short transaction, so two
 * runs at once (the schedule and an administrator) check different clips. A clip stored behind the
 * cursor is met in the next cycle; one deleted meanwhile is not met, or (deleted while being read)
 * is recognised as deleted rather than reported missing. Reads are paced to
 * INTEGRITY_READ_BYTES_PER_S so that the check never saturates the store.
 */
@Injectable()
export class FootageIntegrityService {
  private readonly logger = new Logger(FootageIntegrityService.name);
  /** Time for the read pacing; tests replace it to check the pacing without waiting. */
  clock: PacerClock = SYSTEM_CLOCK;

  constructor(
    private readonly store: ObjectStore,
    private readonly audit: AuditService,
    private readonly config: CoreConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  private async hashOf(key: string, pacer: ReadPacer): Promise<{ hash: string | null; problem?: 'missing' | 'unreadable' }> {
    try {
      if (!(await this.store.stat(key))) return { hash: null, problem: 'missing' };
      const hash = createHash('sha256');
      let bytes = 0;
      for await (const chunk of await this.store.get(key)) {
        hash.update(chunk as Buffer);
        bytes += (chunk as Buffer).length;
      }
      await pacer.read(bytes);
      return { hash: hash.digest('hex') };
    } catch {
      return { hash: null, problem: 'unreadable' };
    }
  }

  /** Clips a scheduled run checks so that a cycle over `stored` clips ends within the window. */
  quotaFor(stored: number): number {
    const runsPerCycle = Math.max(1, Math.floor((this.config.INTEGRITY_CYCLE_DAYS * 86_400) / this.config.INTEGRITY_EVERY_S));
    return Math.min(this.config.INTEGRITY_MAX_PER_RUN, Math.max(1, Math.ceil(stored / runsPerCycle)));
  }

  /** Checks `limit` clips from the cursor on (by default, the run's share of the cycle). */
  async verify(actor: AuditActor, limit?: number): Promise<IntegrityReport> {
    const startedAt = new Date().toISOString();
    const pacer = new ReadPacer(this.config.INTEGRITY_READ_BYTES_PER_S, this.clock);
    const quota = limit ?? this.quotaFor(await this.cycleTotalOrStored());
    const mismatches: IntegrityMismatch[] = [];
    let checked = 0;
    let cycleCompleted = false;
    while (checked < quota) {
      const page = await this.claim(Math.min(PAGE, quota - checked));
      if (page === 'cycle_completed') {
        cycleCompleted = true;
        // A run that has checked nothing yet goes on into the new cycle; otherwise the next run does
        // (so one run never reads a clip twice).
        if (checked > 0) break;
        continue;
      }
      if (page === 'nothing_stored') break;
      for (const clip of page) {
        checked++;
        for (const [object, key, expected] of [
          ['clip', clip.objectKey, clip.sha256],
          ['thumbnail', clip.thumbnailKey, clip.thumbnailSha256],
        ] as const) {
          if (!key || !expected) continue;
          const { hash, problem } = await this.hashOf(key, pacer);
          if (hash === expected) continue;
          if (problem && !(await this.stillStored(clip.id))) break; // retention deleted it meanwhile
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
    }
    const progress = await this.progress();
    const report: IntegrityReport = {
      checked,
      ok: checked - new Set(mismatches.map((m) => m.clipId)).size,
      mismatches,
      startedAt,
      finishedAt: new Date().toISOString(),
      bytesRead: pacer.bytesRead,
      readBytesPerSecond: pacer.bytesPerSecond,
      pausedMs: pacer.pausedMs,
      cycleCompleted,
      progress,
    };
    await this.audit.record({
      actor,
      action: 'footage.integrity_checked',
      subject: { type: 'footage' },
      details: {
        checked: report.checked,
        ok: report.ok,
        mismatches: mismatches.length,
        bytesRead: report.bytesRead,
        readBytesPerSecond: report.readBytesPerSecond,
        pausedMs: report.pausedMs,
        cycleCompleted,
        cycle: progress.cycle,
        cycleStartedAt: progress.cycleStartedAt,
        position: progress.position,
        checkedInCycle: progress.checkedInCycle,
        cycleTotal: progress.cycleTotal,
        remainingInCycle: progress.remainingInCycle,
      },
    });
    if (mismatches.length > 0) this.logger.error({ mismatches: mismatches.length }, 'stored footage does not match its recorded hashes');
    if (limit === undefined && quota === this.config.INTEGRITY_MAX_PER_RUN) {
      this.logger.warn(
        { quota },
        'INTEGRITY_MAX_PER_RUN caps the run below its share: the cycle will take longer than INTEGRITY_CYCLE_DAYS',
      );
    }
    return report;
  }

  /** Where the rolling check stands now. */
  async progress(): Promise<IntegrityProgress> {
    const cursor = await this.cursor();
    const [{ remaining, stored }] = await this.dataSource.query<{ remaining: number; stored: number }[]>(
      `SELECT count(*) FILTER (WHERE $1::uuid IS NULL OR id > $1::uuid)::int AS remaining, count(*)::int AS stored
       FROM clips WHERE status = 'stored'`,
      [cursor.position],
    );
    return {
      cycle: cursor.cycle,
      cycleStartedAt: cursor.cycleStartedAt?.toISOString() ?? null,
      position: cursor.position,
      checkedInCycle: cursor.checkedInCycle,
      cycleTotal: cursor.cycleStartedAt ? cursor.cycleTotal : stored,
      remainingInCycle: remaining,
      lastCycleFinishedAt: cursor.lastCycleFinishedAt?.toISOString() ?? null,
      quotaPerRun: this.quotaFor(cursor.cycleStartedAt ? cursor.cycleTotal : stored),
      cycleDays: this.config.INTEGRITY_CYCLE_DAYS,
    };
  }

  private async cursor(): Promise<IntegrityCursorEntity> {
    const repo = this.dataSource.getRepository(IntegrityCursorEntity);
    // The migration writes the row; this only covers a database restored without it.
    await repo.query(`INSERT INTO footage_integrity_cursor (id) VALUES (1) ON CONFLICT DO NOTHING`);
    return repo.findOneByOrFail({ id: 1 });
  }

  private async cycleTotalOrStored(): Promise<number> {
    const cursor = await this.cursor();
    if (cursor.cycleStartedAt) return cursor.cycleTotal;
    const [{ n }] = await this.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM clips WHERE status = 'stored'`);
    return n;
  }

  private async stillStored(clipId: string): Promise<boolean> {
    return (await this.dataSource.query<unknown[]>(`SELECT 1 FROM clips WHERE id = $1 AND status = 'stored'`, [clipId])).length > 0;
  }

  /**
   * Takes the next `count` stored clips after the cursor and moves the cursor past them, in one
   * short transaction (the row lock orders concurrent runs). Starts a cycle when none is running;
   * at the end of the stored clips ends the cycle.
   */
  private async claim(count: number): Promise<ClipEntity[] | 'cycle_completed' | 'nothing_stored'> {
    await this.cursor();
    return this.dataSource.transaction('READ COMMITTED', async (m) => {
      const repo = m.getRepository(IntegrityCursorEntity);
      const cursor = await repo.findOneOrFail({ where: { id: 1 }, lock: { mode: 'pessimistic_write' } });
      if (!cursor.cycleStartedAt) {
        const [{ n }] = await m.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM clips WHERE status = 'stored'`);
        if (n === 0) return 'nothing_stored';
        Object.assign(cursor, { cycle: cursor.cycle + 1, cycleStartedAt: new Date(), cycleTotal: n, position: null, checkedInCycle: 0 });
      }
      const q = m.getRepository(ClipEntity).createQueryBuilder('clip').where(`clip.status = 'stored'`);
      if (cursor.position) q.andWhere('clip.id > :after', { after: cursor.position });
      const page = await q.orderBy('clip.id').limit(count).getMany();
      if (page.length === 0) {
        Object.assign(cursor, { cycleStartedAt: null, position: null, lastCycleFinishedAt: new Date(), updatedAt: new Date() });
        await repo.save(cursor);
        return 'cycle_completed';
      }
      cursor.position = page[page.length - 1].id;
      cursor.checkedInCycle += page.length;
      cursor.updatedAt = new Date();
      await repo.save(cursor);
      return page;
    });
  }
}
