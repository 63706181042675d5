import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from './audit.service';
import type { AuditActor, ChainVerification, VerificationRun, VerificationState } from './audit.types';

/**
 * A run whose progress has not moved for this long, and that no live process of ours is walking,
 * was left by a process that stopped (crash, deploy): it is reported as interrupted. Progress is
 * saved after every page of the walk (2,000 entries, well under a second), so a live run never
 * comes near it.
 */
export const VERIFICATION_STALE_MS = 60_000;

interface RunRow {
  id: string;
  state: VerificationState;
  checked: string;
  total: string;
  started_at: Date;
  finished_at: Date | null;
  first_broken: { seq: string; reason: string } | null;
  head_seq: string | null;
  head_hash: string | null;
  requested_by: string | null;
}

const COLUMNS = `id, state, checked::text, total::text, started_at, finished_at, first_broken, head_seq::text, head_hash, requested_by`;

class Stopping extends Error {}

/**
 * Chain verification as a background run a supervisor can watch: one run at a time across every API
 * process (a partial unique index on the running row), its progress saved in `audit_verifications`
 * as it walks, the result audited as `audit.verified` in the transaction that records it.
 */
@Injectable()
export class AuditVerificationService implements OnModuleDestroy {
  private readonly logger = new Logger(AuditVerificationService.name);
  /** Runs this process is walking now. */
  private readonly walking = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Starts a run, or answers the one already running (`started` false). */
  async start(actor: AuditActor): Promise<{ run: VerificationRun; started: boolean }> {
    await this.markInterrupted();
    const head = await this.audit.head();
    const inserted = await this.dataSource.query<RunRow[]>(
      `INSERT INTO audit_verifications (state, checked, total, started_at, updated_at, requested_by)
       VALUES ('running', 0, $1, now(), now(), $2)
       ON CONFLICT DO NOTHING
       RETURNING ${COLUMNS}`,
      [head?.seq ?? '0', actor.userId],
    );
    if (inserted.length === 0) {
      const [running] = await this.dataSource.query<RunRow[]>(`SELECT ${COLUMNS} FROM audit_verifications WHERE state = 'running'`);
      // The running one finished between the insert and this read: try again.
      return running ? { run: view(running), started: false } : this.start(actor);
    }
    const run = view(inserted[0]);
    const walk = this.walk(run, actor)
      .catch((err: unknown) => this.logger.error({ err, verification: run.id }, 'could not record the verification result'))
      .finally(() => this.walking.delete(run.id));
    this.walking.set(run.id, walk);
    return { run, started: true };
  }

  async get(id: string): Promise<VerificationRun | null> {
    await this.markInterrupted();
    const [row] = await this.dataSource.query<RunRow[]>(`SELECT ${COLUMNS} FROM audit_verifications WHERE id = $1`, [id]);
    return row ? view(row) : null;
  }

  /** Lets the runs of this process stop at their next page and be recorded as interrupted. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.walking.values()]);
  }

  private async walk(run: VerificationRun, actor: AuditActor): Promise<void> {
    let result: ChainVerification;
    try {
      result = await this.audit.verifyAndAnchor({
        upToSeq: String(run.total),
        onProgress: async (checked) => {
          if (this.stopping) throw new Stopping('the API is shutting down');
          await this.dataSource.query(`UPDATE audit_verifications SET checked = $2, updated_at = now() WHERE id = $1`, [run.id, checked]);
        },
      });
    } catch (e) {
      if (!(e instanceof Stopping)) this.logger.error({ err: e, verification: run.id }, 'audit chain verification run failed');
      await this.dataSource
        .query(`UPDATE audit_verifications SET state = 'interrupted', finished_at = now(), updated_at = now() WHERE id = $1`, [run.id])
        .catch((err: unknown) => this.logger.warn({ err, verification: run.id }, 'could not record the interrupted verification'));
      return;
    }
    await this.dataSource.transaction('READ COMMITTED', async (m) => {
      await m.query(
        `UPDATE audit_verifications
            SET state = $2, checked = $3, head_seq = $4, head_hash = $5, first_broken = $6, finished_at = now(), updated_at = now()
          WHERE id = $1`,
        [
          run.id,
          result.ok ? 'ok' : 'broken',
          result.entries,
          result.ok ? result.headSeq : result.lastGoodSeq,
          result.ok ? result.headHash : null,
          result.ok ? null : JSON.stringify(result.firstBroken),
        ],
      );
      await this.audit.record(
        {
          actor,
          action: 'audit.verified',
          subject: { type: 'audit_log' },
          details: result.ok
            ? { ok: true, entries: result.entries, headHash: result.headHash, verificationId: run.id }
            : { ok: false, firstBroken: result.firstBroken, verificationId: run.id },
        },
        m,
      );
    });
    if (!result.ok) this.logger.warn({ firstBroken: result.firstBroken, verification: run.id }, 'audit chain is broken');
  }

  /** Runs left "running" by a process that stopped (no progress for VERIFICATION_STALE_MS, not walked here). */
  private async markInterrupted(): Promise<void> {
    await this.dataSource.query(
      `UPDATE audit_verifications SET state = 'interrupted', finished_at = updated_at
        WHERE state = 'running' AND updated_at < now() - make_interval(secs => $1) AND NOT (id = ANY($2::uuid[]))`,
      [VERIFICATION_STALE_MS / 1000, [...this.walking.keys()]],
    );
  }
}

function view(r: RunRow): VerificationRun {
  return {
    id: r.id,
    state: r.state,
    checked: Number(r.checked),
    total: Number(r.total),
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    firstBroken: r.first_broken,
    headSeq: r.head_seq,
    headHash: r.head_hash,
    requestedBy: r.requested_by,
  };
}
