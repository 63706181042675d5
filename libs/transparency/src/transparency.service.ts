import { Injectable } from '@nestjs/common';
import { ApiConfig } from '@wardwatch/config';
import { problem } from '@wardwatch/problems';
import { TransparencyRepository } from './transparency.repository';
import {
  addMonths,
  assembleRows,
  checkPeriod,
  monthAt,
  reportCsv,
  reportNotes,
  SUPPRESSION_THRESHOLD,
  type Month,
  type ReportRow,
  type Ward,
} from './transparency-figures';

export interface TransparencyReport {
  generatedAt: Date;
  timeZone: string;
  threshold: number;
  from: Month;
  to: Month;
  months: ReportRow[];
  wards: Ward[];
  notes: string[];
}

export interface ReportQuery {
  from?: string;
  to?: string;
  wardId?: string;
}

/** Periods kept in memory at once: anyone can ask for any period, so the cache is bounded. */
const CACHE_ENTRIES = 64;

/**
 * The public report: counts from the audit log per ward and month, small counts suppressed. One
 * grouped query per period, kept for TRANSPARENCY_CACHE_SECONDS (concurrent callers share one
 * computation). Reading it is not audited: it is public, aggregate and about no one.
 */
@Injectable()
export class TransparencyService {
  private readonly cache = new Map<string, { at: number; report: Promise<TransparencyReport> }>();

  constructor(
    private readonly repository: TransparencyRepository,
    private readonly config: ApiConfig,
  ) {}

  async report(query: ReportQuery, now = new Date()): Promise<TransparencyReport> {
    const timeZone = this.config.WARD_TIME_ZONE;
    const period = checkPeriod(query.from, query.to, monthAt(now, timeZone));
    if (!period.ok) {
      throw period.reason === 'too_long'
        ? problem('transparency.period_too_long', period.detail)
        : problem('transparency.invalid_period', period.detail);
    }
    const full = await this.cached(`${period.from}|${period.to}`, now, async () => {
      const [counts, wards] = await Promise.all([
        this.repository.counts(period.from, addMonths(period.to, 1), timeZone),
        this.repository.wards(),
      ]);
      return {
        generatedAt: now,
        timeZone,
        threshold: SUPPRESSION_THRESHOLD,
        from: period.from,
        to: period.to,
        months: assembleRows(counts, wards, period.months),
        wards,
        notes: reportNotes(),
      };
    });
    if (query.wardId === undefined) return full;
    if (!full.wards.some((w) => w.id === query.wardId)) {
      throw problem('ward.not_found', `there is no ward ${query.wardId}; GET /transparency/report lists the wards`);
    }
    return { ...full, months: full.months.filter((r) => r.wardId === query.wardId) };
  }

  csv(report: TransparencyReport): string {
    return reportCsv(report.months, report.threshold);
  }

  private cached(key: string, now: Date, compute: () => Promise<TransparencyReport>): Promise<TransparencyReport> {
    const ttl = this.config.TRANSPARENCY_CACHE_SECONDS * 1000;
    const hit = this.cache.get(key);
    if (hit && now.getTime() - hit.at < ttl) return hit.report;
    const report = compute();
    if (ttl > 0) {
      this.cache.delete(key);
      this.cache.set(key, { at: now.getTime(), report });
      // A failed computation is not kept.
      report.catch(() => this.cache.get(key)?.report === report && this.cache.delete(key));
      while (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    }
    return report;
  }
}
