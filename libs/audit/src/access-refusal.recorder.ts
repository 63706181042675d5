import { Injectable, Logger } from '@nestjs/common';
import { ACCESS_REFUSED_ACTION } from './audit-flags';
import type { AuditActor } from './audit.types';
import { AuditService } from './audit.service';

/** Refusals recorded per user per minute and process; the rest are counted into the next entry. */
export const ACCESS_REFUSED_AUDIT_PER_MINUTE = 10;

export interface RefusedRequest {
  method: string;
  /** The route pattern (`/cameras/:id`), or the path when no route matched. */
  route: string;
  path: string;
  reason: string;
}

/**
 * Records `access.refused` when an authenticated user is refused (403), so supervisors see who
 * tries what they may not. Only authenticated callers: anonymous 401s are not attributable to
 * anyone and would let any client flood the chain (failed logins are audited by the login itself).
 * Each user gets at most ACCESS_REFUSED_AUDIT_PER_MINUTE entries a minute per process; the
 * refusals beyond that are counted and the count (`suppressedBefore`) goes into that user's next
 * recorded entry, so a scripted flood is still visible without serialising the chain on it.
 */
@Injectable()
export class AccessRefusalRecorder {
  private readonly logger = new Logger(AccessRefusalRecorder.name);
  private readonly budgets = new Map<string, { minute: number; recorded: number; suppressed: number }>();

  constructor(private readonly audit: AuditService) {}

  /** Never throws: failing to audit a refusal must not turn the 403 into a 500. */
  async record(actor: AuditActor & { userId: string }, request: RefusedRequest, now = Date.now()): Promise<void> {
    const minute = Math.floor(now / 60_000);
    const budget = this.budgetFor(actor.userId, minute);
    if (budget.recorded >= ACCESS_REFUSED_AUDIT_PER_MINUTE) {
      budget.suppressed += 1;
      return;
    }
    budget.recorded += 1;
    const suppressedBefore = budget.suppressed;
    budget.suppressed = 0;
    try {
      await this.audit.record({
        actor,
        action: ACCESS_REFUSED_ACTION,
        subject: { type: 'route', id: `${request.method} ${request.route}`.slice(0, 128) },
        details: { method: request.method, route: request.route, path: request.path, reason: request.reason, suppressedBefore },
      });
    } catch (e) {
      this.logger.error({ err: e, userId: actor.userId, route: request.route }, 'could not audit a refused request');
    }
  }

  private budgetFor(userId: string, minute: number) {
    let budget = this.budgets.get(userId);
    if (!budget) {
      // Bounded memory: forget the previous minutes' counters once the map grows.
      if (this.budgets.size > 10_000)
        for (const [id, b] of this.budgets) if (b.minute < minute && b.suppressed === 0) this.budgets.delete(id);
      budget = { minute, recorded: 0, suppressed: 0 };
      this.budgets.set(userId, budget);
    } else if (budget.minute !== minute) {
      budget.minute = minute;
      budget.recorded = 0;
    }
    return budget;
  }
}
