import type { AuditEntryView } from './audit.types';

/**
 * Actions that mean "an owner declined a footage request". The footage-request actions are named
 * by the investigations module; keep this list aligned with it (one place to change at merge).
 */
export const OWNER_DECLINED_ACTIONS: readonly string[] = ['footage_request.owner_declined'];

/** Officers' searches: every action of the `search` domain (`search.events`, `search.places`, ...). */
export const SEARCH_ACTION_PREFIX = 'search.';

/** A download link issued (the storage layer's presign, audited by whoever issues it). */
export const LINK_ISSUED_ACTION = 'link.issued';

/** A footage request approved by a supervisor whose account the same admin set up as the requester's. */
export const SAME_ADMIN_APPROVAL_ACTIONS: readonly string[] = ['footage_request.same_admin_approval'];

/** A footage request that names cameras the same officer asked for recently without a release. */
export const REFILED_ACTIONS: readonly string[] = ['footage_request.refiled'];

/** Recorded when an authenticated user is refused a route (403). */
export const ACCESS_REFUSED_ACTION = 'access.refused';

export const AUDIT_FLAG_KINDS = [
  'search_without_investigation',
  'download_burst',
  'request_declined_by_owner',
  'access_refused',
  'same_admin_approval',
  'repeated_refiling',
] as const;
export type AuditFlagKind = (typeof AUDIT_FLAG_KINDS)[number];

/** Entries a flag shows at most; `entryCount` still counts them all. */
export const FLAG_ENTRY_SAMPLE = 100;

/**
 * The rule that raised a flag and the numbers it saw, so that a client can word the explanation in
 * its own language: `params` holds counts and the thresholds of the rule (see explainFlag).
 */
export interface AuditFlagRule {
  kind: AuditFlagKind;
  params: Record<string, number>;
}

export interface AuditFlag {
  kind: AuditFlagKind;
  /** What a supervisor should look at, in one sentence. */
  summary: string;
  /** Why it was raised, in English, with its numbers. */
  explanation: string;
  rule: AuditFlagRule;
  actorId: string | null;
  investigationId: string | null;
  firstAt: Date;
  lastAt: Date;
  entryCount: number;
  /** The entries the flag is based on (the first FLAG_ENTRY_SAMPLE), in chain order. */
  entries: AuditEntryView[];
}

export interface DownloadBurstRule {
  /** Flag when one actor issues more than this many links... */
  maxLinks: number;
  /** ...within this many minutes. */
  windowMinutes: number;
}

export interface TimedEntry {
  seq: string;
  actorId: string | null;
  at: Date;
}

export interface Burst {
  actorId: string | null;
  seqs: string[];
  firstAt: Date;
  lastAt: Date;
}

/**
 * Runs where one actor did more than `maxLinks` within any `windowMinutes`: every entry that lies in
 * such a window belongs to a burst, and windows that share an entry merge into one burst, so
 * a long spree is one flag rather than one per extra link. `entries` must be sorted by actor, then time.
 */
export function findBursts(entries: readonly TimedEntry[], rule: DownloadBurstRule): Burst[] {
  const windowMs = rule.windowMinutes * 60_000;
  const bursts: Burst[] = [];
  let start = 0;
  while (start < entries.length) {
    let end = start;
    while (end < entries.length && entries[end].actorId === entries[start].actorId) end++;
    bursts.push(...burstsOfOneActor(entries.slice(start, end), rule.maxLinks, windowMs));
    start = end;
  }
  return bursts;
}

function burstsOfOneActor(entries: readonly TimedEntry[], maxLinks: number, windowMs: number): Burst[] {
  // Index ranges [first, last] of windows over the limit; windows that share an entry merge.
  const ranges: [number, number][] = [];
  let left = 0;
  for (let right = 0; right < entries.length; right++) {
    while (entries[right].at.getTime() - entries[left].at.getTime() >= windowMs) left++;
    if (right - left + 1 <= maxLinks) continue;
    const last = ranges.at(-1);
    if (last && left <= last[1]) last[1] = right;
    else ranges.push([left, right]);
  }
  return ranges.map(([first, last]) => ({
    actorId: entries[first].actorId,
    seqs: entries.slice(first, last + 1).map((e) => e.seq),
    firstAt: entries[first].at,
    lastAt: entries[last].at,
  }));
}

const times = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Why the rule raised the flag, in one English sentence with its numbers. */
export function explainFlag(rule: AuditFlagRule): string {
  const p = rule.params;
  switch (rule.kind) {
    case 'search_without_investigation':
      return `This officer made ${times(p.searches, 'search', 'searches')} in the period without naming an investigation; every search by an officer should be made for a case.`;
    case 'download_burst':
      return `This person was issued ${times(p.links, 'download link', 'download links')} in bursts of more than ${p.maxLinks} within ${p.windowMinutes} minutes, above the review threshold.`;
    case 'request_declined_by_owner':
      return `Camera owners declined ${times(p.declined, 'footage request', 'footage requests')} of this investigation in the period; repeated refusals may mean requests that ask for too much.`;
    case 'access_refused':
      return `This account was refused ${times(p.attempts, 'time', 'times')} when it tried to use a function its role does not allow.`;
    case 'same_admin_approval':
      return `${times(p.approvals, 'footage request was', 'footage requests were')} approved by a supervisor whose account was set up by the same administrator as the requester's, which weakens the separation of duties.`;
    case 'repeated_refiling':
      return `This officer filed ${times(p.requests, 'request', 'requests')} again for cameras they had recently asked for without a release.`;
  }
}
