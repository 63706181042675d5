/**
 * The public transparency report's figures, computed from the audit log and nothing else, so that
 * every published number can be checked against `audit_entries`. Pure: no I/O (the SQL is in
 * transparency.repository.ts), unit-tested in transparency-figures.spec.ts.
 */

/**
 * How a figure finds the ward(s) of an entry:
 * - `camera`: the entry's `camera_id` (one camera, one ward);
 * - `cameras`: the cameras the entry names in `details.cameraIds` (a request, a supervisor's
 *   decision, an evidence export): it counts once in each ward those cameras stand in, so a request
 *   spanning two wards counts in both.
 * Both use the camera's ward as it is now (cameras keep their rows when removed, so the ward is
 * always known).
 */
export type Attribution = 'camera' | 'cameras';

export interface FigureDefinition {
  /** The key in the JSON report (`figures.requestsFiled`). */
  key: FigureKey;
  /** The CSV column. */
  column: string;
  /** The one audit action it counts: each entry of that action counts once per ward. */
  action: string;
  attribution: Attribution;
  /** What one count is, in English (the JSON's notes and the README's table say the same). */
  counts: string;
}

export const FIGURE_KEYS = [
  'requestsFiled',
  'supervisorApproved',
  'supervisorRejected',
  'ownerApproved',
  'ownerDeclined',
  'releases',
  'evidenceExports',
  'camerasEnrolled',
  'camerasPaused',
  'camerasWithdrawn',
] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];

/**
 * THE mapping from figures to audit actions (README "Transparency report" has the same table).
 * Per-camera answers count per camera: a request put to three owners can bring three owner answers
 * and three releases. Evidence exports count completed packages (`evidence.exported`), not the
 * attempts (`evidence.export_started`, `evidence.export_failed`). Withdrawals count consent
 * withdrawn (also when a resident removes a consenting camera or deletes the account); a camera
 * removed while it was still pending had no consent to withdraw and is not counted.
 */
export const FIGURES: readonly FigureDefinition[] = [
  {
    key: 'requestsFiled',
    column: 'requests_filed',
    action: 'footage_request.filed',
    attribution: 'cameras',
    counts: 'footage requests filed by officers',
  },
  {
    key: 'supervisorApproved',
    column: 'supervisor_approved',
    action: 'footage_request.supervisor_approved',
    attribution: 'cameras',
    counts: 'requests a supervisor approved',
  },
  {
    key: 'supervisorRejected',
    column: 'supervisor_rejected',
    action: 'footage_request.supervisor_rejected',
    attribution: 'cameras',
    counts: 'requests a supervisor rejected',
  },
  {
    key: 'ownerApproved',
    column: 'owner_approved',
    action: 'footage_request.owner_approved',
    attribution: 'camera',
    counts: "camera owners' approvals (one per camera asked)",
  },
  {
    key: 'ownerDeclined',
    column: 'owner_declined',
    action: 'footage_request.owner_declined',
    attribution: 'camera',
    counts: "camera owners' refusals (one per camera asked)",
  },
  {
    key: 'releases',
    column: 'releases',
    action: 'footage.released',
    attribution: 'camera',
    counts: "releases of one camera's footage to an investigation (by its owner or by the owner's standing consent)",
  },
  {
    key: 'evidenceExports',
    column: 'evidence_exports',
    action: 'evidence.exported',
    attribution: 'cameras',
    counts: 'evidence packages exported in full',
  },
  {
    key: 'camerasEnrolled',
    column: 'cameras_enrolled',
    action: 'camera.enrolled',
    attribution: 'camera',
    counts: 'cameras enrolled by residents',
  },
  {
    key: 'camerasPaused',
    column: 'cameras_paused',
    action: 'consent.paused',
    attribution: 'camera',
    counts: 'times an owner paused a camera’s consent',
  },
  {
    key: 'camerasWithdrawn',
    column: 'cameras_withdrawn',
    action: 'consent.withdrawn',
    attribution: 'camera',
    counts: 'consents withdrawn (including cameras removed and accounts deleted)',
  },
];

export const FIGURE_ACTIONS: readonly string[] = FIGURES.map((f) => f.action);

/**
 * Counts of 1 to 4 in one ward and month are not published: a single withdrawal, refusal or release
 * in a small ward can point at a household its neighbours know. Five is the smallest count commonly
 * published by statistics offices for small areas (and the threshold of many health and justice
 * transparency reports); below it the cell reads "fewer than 5". Zero is published as 0: that
 * nothing happened identifies no one.
 *
 * No secondary suppression is needed because the report publishes no totals: no sum over wards,
 * months or figures, so no suppressed cell can be recovered by subtracting published ones. The
 * figures are separate events (a request filed in March may be decided in April), not parts of one
 * another. What remains: the current month grows while it runs, so two readings of it some time
 * apart show what happened in between (the short cache blurs it; publish closed months only where
 * that matters).
 */
export const SUPPRESSION_THRESHOLD = 5;

export interface Cell {
  /** The count, or null when it is suppressed. */
  value: number | null;
  suppressed: boolean;
}

export function suppress(count: number, threshold = SUPPRESSION_THRESHOLD): Cell {
  if (!Number.isInteger(count) || count < 0) throw new Error(`a count is a whole number >= 0, got ${count}`);
  return count > 0 && count < threshold ? { value: null, suppressed: true } : { value: count, suppressed: false };
}

/** How a suppressed cell is written in the CSV ("<5"). */
export const suppressedText = (threshold = SUPPRESSION_THRESHOLD) => `<${threshold}`;

/** The longest period one report covers. */
export const MAX_REPORT_MONTHS = 24;

/** A calendar month in the ward's time zone, `YYYY-MM`. */
export type Month = string;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(text: string): boolean {
  return MONTH.test(text);
}

/** Months since year 0: for arithmetic on YYYY-MM. */
function ordinal(month: Month): number {
  const m = MONTH.exec(month);
  if (!m) throw new Error(`not a month (YYYY-MM): ${month}`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}
function fromOrdinal(n: number): Month {
  return `${String(Math.floor(n / 12)).padStart(4, '0')}-${String((n % 12) + 1).padStart(2, '0')}`;
}

export function addMonths(month: Month, months: number): Month {
  return fromOrdinal(ordinal(month) + months);
}

/** Every month from `from` to `to`, both included, oldest first. */
export function monthsBetween(from: Month, to: Month): Month[] {
  const out: Month[] = [];
  for (let n = ordinal(from); n <= ordinal(to); n++) out.push(fromOrdinal(n));
  return out;
}

/** The month the ward's clock shows at an instant. */
export function monthAt(instant: Date, timeZone: string): Month {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}`;
}

export type PeriodCheck =
  | { ok: true; from: Month; to: Month; months: Month[] }
  | { ok: false; reason: 'malformed' | 'reversed' | 'future' | 'too_long'; detail: string };

/**
 * The period a request asks for: by default the twelve months up to the current one; never after
 * the current month, never longer than MAX_REPORT_MONTHS.
 */
export function checkPeriod(from: string | undefined, to: string | undefined, current: Month): PeriodCheck {
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (value !== undefined && !isMonth(value))
      return { ok: false, reason: 'malformed', detail: `${name} must be a month YYYY-MM, got "${value}"` };
  }
  const end = to ?? current;
  const start = from ?? (to === undefined ? addMonths(current, -11) : addMonths(end, -11));
  if (ordinal(end) > ordinal(current))
    return { ok: false, reason: 'future', detail: `to (${end}) is after the current month (${current}); ask up to ${current}` };
  if (ordinal(start) > ordinal(end)) return { ok: false, reason: 'reversed', detail: `from (${start}) is after to (${end})` };
  const length = ordinal(end) - ordinal(start) + 1;
  if (length > MAX_REPORT_MONTHS)
    return {
      ok: false,
      reason: 'too_long',
      detail: `the period covers ${length} months; one report covers at most ${MAX_REPORT_MONTHS}, so ask for it in parts`,
    };
  return { ok: true, from: start, to: end, months: monthsBetween(start, end) };
}

/** One row of the grouped query: how many entries of an action a ward had in a month. */
export interface CountRow {
  month: Month;
  wardId: string;
  action: string;
  count: number;
}

export interface Ward {
  id: string;
  code: string;
  name: string;
}

export type Figures = Record<FigureKey, Cell>;

export interface ReportRow {
  month: Month;
  wardId: string;
  wardName: string;
  figures: Figures;
}

/**
 * Every month × ward of the period (months without entries are zeros, not missing), each figure
 * suppressed as above. Rows are ordered by month, then ward name.
 */
export function assembleRows(
  counts: readonly CountRow[],
  wards: readonly Ward[],
  months: readonly Month[],
  threshold = SUPPRESSION_THRESHOLD,
): ReportRow[] {
  const byAction = new Map(FIGURES.map((f) => [f.action, f.key]));
  const found = new Map<string, number>();
  for (const c of counts) {
    const key = byAction.get(c.action);
    if (key) found.set(`${c.month}|${c.wardId}|${key}`, (found.get(`${c.month}|${c.wardId}|${key}`) ?? 0) + c.count);
  }
  const sorted = [...wards].sort((a, b) => a.name.localeCompare(b.name, 'vi') || a.id.localeCompare(b.id));
  return months.flatMap((month) =>
    sorted.map((ward) => ({
      month,
      wardId: ward.id,
      wardName: ward.name,
      figures: Object.fromEntries(
        FIGURES.map((f) => [f.key, suppress(found.get(`${month}|${ward.id}|${f.key}`) ?? 0, threshold)]),
      ) as Figures,
    })),
  );
}

/** RFC 4180 quoting: fields with a comma, quote or line break are quoted, quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Ward names are typed by administrators: one starting with = + - @ would run as a spreadsheet formula, so it is written as text. */
function spreadsheetText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** A byte-order mark first: spreadsheet programs then read the ward names (UTF-8, Vietnamese) right. */
export const CSV_BOM = '\uFEFF';

/** The report as CSV: a header row, then one row per month and ward, one column per figure. */
export function reportCsv(rows: readonly ReportRow[], threshold = SUPPRESSION_THRESHOLD): string {
  const header = ['month', 'ward_id', 'ward_name', ...FIGURES.map((f) => f.column)];
  const lines = rows.map((r) =>
    [
      r.month,
      r.wardId,
      spreadsheetText(r.wardName),
      ...FIGURES.map((f) => (r.figures[f.key].suppressed ? suppressedText(threshold) : String(r.figures[f.key].value))),
    ]
      .map(csvField)
      .join(','),
  );
  return CSV_BOM + [header.join(','), ...lines].join('\r\n') + '\r\n';
}

/** What the JSON says about its own numbers, in English (the web page says the same in its languages). */
export function reportNotes(threshold = SUPPRESSION_THRESHOLD): string[] {
  return [
    'Every figure counts entries of the audit log (audit_entries) of one action in one calendar month of the ward’s time zone; ' +
      FIGURES.map((f) => `${f.key} = ${f.action} (${f.counts})`).join('; ') +
      '.',
    'Ward: the ward of the camera an entry concerns; a request, decision or export naming cameras in two wards counts once in each, so adding wards up can count it twice.',
    `Counts from 1 to ${threshold - 1} are not published (value null, suppressed true; "${suppressedText(threshold)}" in the CSV): a small count could point at a household. Zero is published. No totals are published, so no suppressed count can be worked out from the others.`,
    'The current month is still counting. Reading this report is not recorded in the audit log: it is public, aggregate and personal to no one.',
  ];
}
