import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Where the rolling integrity check stands (one row): each run continues after `position` (the
 * last clip id it checked, in id order) and a cycle ends when no stored clip is left after it.
 * Clips stored behind the cursor are checked in the next cycle; deleted ones are simply not met.
 */
@Entity('footage_integrity_cursor')
@Check('ck_footage_integrity_cursor_single', `"id" = 1`)
export class IntegrityCursorEntity {
  @PrimaryColumn({ type: 'smallint', default: 1 })
  id: number;

  /** Cycles started so far (the first is 1). */
  @Column({ type: 'integer', default: 0 })
  cycle: number;

  @Column({ name: 'cycle_started_at', type: 'timestamptz', nullable: true })
  cycleStartedAt: Date | null;

  /** Stored clips when the cycle started: what "checked of total" is measured against. */
  @Column({ name: 'cycle_total', type: 'integer', default: 0 })
  cycleTotal: number;

  @Column({ type: 'uuid', nullable: true })
  position: string | null;

  @Column({ name: 'checked_in_cycle', type: 'integer', default: 0 })
  checkedInCycle: number;

  @Column({ name: 'last_cycle_finished_at', type: 'timestamptz', nullable: true })
  lastCycleFinishedAt: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
