import { Injectable } from '@nestjs/common';
import type { AuditEntryView } from './audit.types';
import {
  ACCESS_REFUSED_ACTION,
  AuditFlag,
  DownloadBurstRule,
  explainFlag,
  findBursts,
  FLAG_ENTRY_SAMPLE,
  LINK_ISSUED_ACTION,
  OWNER_DECLINED_ACTIONS,
  REFILED_ACTIONS,
  SAME_ADMIN_APPROVAL_ACTIONS,
  SEARCH_ACTION_PREFIX,
} from './audit-flags';
import { AuditGroup, AuditLogRepository } from './audit-log.repository';
import { AuditService } from './audit.service';

type FlagDraft = Omit<AuditFlag, 'entries' | 'explanation'> & { seqs: string[] };

export interface FlagWindow {
  from: Date;
  to: Date;
}

/**
 * Patterns in the log a supervisor should look at. Flags are computed on demand from the log
 * itself (nothing is stored), so they always agree with it and each lists its entries.
 */
@Injectable()
export class AuditFlagsService {
  constructor(
    private readonly repository: AuditLogRepository,
    private readonly audit: AuditService,
  ) {}

  async flags(window: FlagWindow, downloads: DownloadBurstRule): Promise<AuditFlag[]> {
    // Searches are queued and sealed just after they answer: count every one that committed.
    await this.audit.settle();
    const [searches, declined, refused, bursts, sameAdmin, refiled] = await Promise.all([
      this.repository.groups(
        { actions: [SEARCH_ACTION_PREFIX], actorRole: 'officer', withoutInvestigation: true },
        'actor_id',
        window,
        FLAG_ENTRY_SAMPLE,
      ),
      this.repository.groups({ actions: OWNER_DECLINED_ACTIONS }, 'investigation_id', window, FLAG_ENTRY_SAMPLE),
      this.repository.groups({ actions: [ACCESS_REFUSED_ACTION] }, 'actor_id', window, FLAG_ENTRY_SAMPLE),
      this.downloadBursts(window, downloads),
      this.repository.groups({ actions: SAME_ADMIN_APPROVAL_ACTIONS }, 'investigation_id', window, FLAG_ENTRY_SAMPLE),
      this.repository.groups({ actions: REFILED_ACTIONS }, 'actor_id', window, FLAG_ENTRY_SAMPLE),
    ]);
    const drafts: FlagDraft[] = [];
    const fromGroup = (
      g: AuditGroup,
      kind: AuditFlag['kind'],
      by: 'actor' | 'investigation',
      summary: string,
      count: string,
    ): FlagDraft => ({
      kind,
      summary,
      rule: { kind, params: { [count]: g.count } },
      actorId: by === 'actor' ? g.key : null,
      investigationId: by === 'investigation' ? g.key : null,
      firstAt: g.firstAt,
      lastAt: g.lastAt,
      entryCount: g.count,
      seqs: g.seqs,
    });
    for (const g of searches) {
      drafts.push(
        fromGroup(
          g,
          'search_without_investigation',
          'actor',
          `officer searched ${g.count} time(s) without naming an investigation`,
          'searches',
        ),
      );
    }
    for (const b of bursts) {
      drafts.push({
        kind: 'download_burst',
        summary: `${b.seqs.length} download links issued within bursts of more than ${downloads.maxLinks} per ${downloads.windowMinutes} min`,
        rule: {
          kind: 'download_burst',
          params: { links: b.seqs.length, maxLinks: downloads.maxLinks, windowMinutes: downloads.windowMinutes },
        },
        actorId: b.actorId,
        investigationId: null,
        firstAt: b.firstAt,
        lastAt: b.lastAt,
        entryCount: b.seqs.length,
        seqs: b.seqs.slice(0, FLAG_ENTRY_SAMPLE),
      });
    }
    for (const g of declined) {
      drafts.push(
        fromGroup(
          g,
          'request_declined_by_owner',
          'investigation',
          `owners declined ${g.count} footage request(s) of this investigation`,
          'declined',
        ),
      );
    }
    for (const g of refused) {
      drafts.push(fromGroup(g, 'access_refused', 'actor', `${g.count} refused access attempt(s)`, 'attempts'));
    }
    for (const g of sameAdmin) {
      drafts.push(
        fromGroup(
          g,
          'same_admin_approval',
          'investigation',
          `${g.count} footage request(s) approved by a supervisor whose account the same admin set up as the requester's`,
          'approvals',
        ),
      );
    }
    for (const g of refiled) {
      drafts.push(
        fromGroup(
          g,
          'repeated_refiling',
          'actor',
          `officer filed ${g.count} request(s) again for cameras they had recently asked for`,
          'requests',
        ),
      );
    }
    const entries = new Map<string, AuditEntryView>();
    for (const e of await this.repository.bySeqs(drafts.flatMap((d) => d.seqs))) entries.set(e.seq, e);
    return drafts.map(({ seqs, ...flag }) => ({
      ...flag,
      explanation: explainFlag(flag.rule),
      entries: seqs.map((s) => entries.get(s)).filter((e) => e !== undefined),
    }));
  }

  /** Bursts that reach into the window: links from one window-length earlier count towards them. */
  private async downloadBursts(window: FlagWindow, rule: DownloadBurstRule) {
    const lookBack = new Date(window.from.getTime() - rule.windowMinutes * 60_000);
    const times = await this.repository.actionTimes(LINK_ISSUED_ACTION, { from: lookBack, to: window.to });
    return findBursts(times, rule).filter((b) => b.lastAt >= window.from);
  }
}
