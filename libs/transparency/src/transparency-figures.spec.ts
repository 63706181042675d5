import {
  addMonths,
  assembleRows,
  checkPeriod,
  CSV_BOM,
  FIGURE_KEYS,
  FIGURES,
  monthAt,
  monthsBetween,
  reportCsv,
  suppress,
  SUPPRESSION_THRESHOLD,
} from './transparency-figures';

describe('suppression', () => {
  it('publishes 0 and counts from the threshold up; 1 to 4 are "fewer than 5"', () => {
    expect(SUPPRESSION_THRESHOLD).toBe(5);
    expect(suppress(0)).toEqual({ value: 0, suppressed: false });
    for (const n of [1, 2, 3, 4]) expect(suppress(n)).toEqual({ value: null, suppressed: true });
    expect(suppress(5)).toEqual({ value: 5, suppressed: false });
    expect(suppress(123)).toEqual({ value: 123, suppressed: false });
    expect(suppress(2, 3)).toEqual({ value: null, suppressed: true });
    expect(suppress(3, 3)).toEqual({ value: 3, suppressed: false });
  });
  it('refuses what is not a count', () => {
    expect(() => suppress(-1)).toThrow();
    expect(() => suppress(1.5)).toThrow();
  });
});

describe('the figures', () => {
  it('map each figure to exactly one audit action, and no action twice', () => {
    expect(FIGURES.map((f) => f.key)).toEqual([...FIGURE_KEYS]);
    expect(new Set(FIGURES.map((f) => f.action)).size).toBe(FIGURES.length);
    expect(Object.fromEntries(FIGURES.map((f) => [f.key, f.action]))).toEqual({
      requestsFiled: 'footage_request.filed',
      supervisorApproved: 'footage_request.supervisor_approved',
      supervisorRejected: 'footage_request.supervisor_rejected',
      ownerApproved: 'footage_request.owner_approved',
      ownerDeclined: 'footage_request.owner_declined',
      releases: 'footage.released',
      evidenceExports: 'evidence.exported',
      camerasEnrolled: 'camera.enrolled',
      camerasPaused: 'consent.paused',
      camerasWithdrawn: 'consent.withdrawn',
    });
  });
});

describe('months', () => {
  it('count across years', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-12', -11)).toBe('2026-01');
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03', '2026-03')).toEqual(['2026-03']);
  });

  it("are the ward's calendar months, not UTC's", () => {
    // 17:30 UTC on 31 October is 00:30 on 1 November in Hanoi (UTC+7).
    expect(monthAt(new Date('2026-10-31T17:30:00Z'), 'Asia/Ho_Chi_Minh')).toBe('2026-11');
    expect(monthAt(new Date('2026-10-31T16:59:59Z'), 'Asia/Ho_Chi_Minh')).toBe('2026-10');
    expect(monthAt(new Date('2026-10-31T17:30:00Z'), 'UTC')).toBe('2026-10');
  });

  it('default to the twelve months up to the current one; refuse malformed, reversed, future and long periods', () => {
    expect(checkPeriod(undefined, undefined, '2026-12')).toMatchObject({ ok: true, from: '2026-01', to: '2026-12' });
    expect(checkPeriod('2026-11', undefined, '2026-12')).toMatchObject({ ok: true, months: ['2026-11', '2026-12'] });
    expect(checkPeriod(undefined, '2026-06', '2026-12')).toMatchObject({ ok: true, from: '2025-07', to: '2026-06' });
    expect(checkPeriod('2025-01', '2026-12', '2026-12')).toMatchObject({ ok: true });
    expect(checkPeriod('2024-12', '2026-12', '2026-12')).toMatchObject({ ok: false, reason: 'too_long' });
    expect(checkPeriod('2026-13', undefined, '2026-12')).toMatchObject({ ok: false, reason: 'malformed' });
    expect(checkPeriod('2026-1', undefined, '2026-12')).toMatchObject({ ok: false, reason: 'malformed' });
    expect(checkPeriod('2026-10', '2026-09', '2026-12')).toMatchObject({ ok: false, reason: 'reversed' });
    expect(checkPeriod(undefined, '2027-01', '2026-12')).toMatchObject({ ok: false, reason: 'future' });
  });
});

describe('rows and CSV', () => {
  const wards = [
    { id: 'w2', code: 'b', name: 'Phường Tân Thanh' },
    { id: 'w1', code: 'a', name: 'Phường Him Lam' },
  ];
  const rows = assembleRows(
    [
      { month: '2026-11', wardId: 'w1', action: 'footage_request.filed', count: 7 },
      { month: '2026-11', wardId: 'w1', action: 'consent.withdrawn', count: 1 },
      { month: '2026-12', wardId: 'w2', action: 'camera.enrolled', count: 5 },
      { month: '2026-12', wardId: 'w2', action: 'something.else', count: 9 },
    ],
    wards,
    ['2026-11', '2026-12'],
  );

  it('has every month × ward, zeros where nothing happened, ordered by month then ward name', () => {
    expect(rows.map((r) => `${r.month} ${r.wardName}`)).toEqual([
      '2026-11 Phường Him Lam',
      '2026-11 Phường Tân Thanh',
      '2026-12 Phường Him Lam',
      '2026-12 Phường Tân Thanh',
    ]);
    expect(rows[0].figures.requestsFiled).toEqual({ value: 7, suppressed: false });
    expect(rows[0].figures.camerasWithdrawn).toEqual({ value: null, suppressed: true });
    expect(rows[0].figures.releases).toEqual({ value: 0, suppressed: false });
    expect(rows[3].figures.camerasEnrolled).toEqual({ value: 5, suppressed: false });
    expect(Object.keys(rows[1].figures)).toEqual([...FIGURE_KEYS]);
  });

  it('writes CSV with a BOM, one column per figure, suppressed cells as "<5"', () => {
    const csv = reportCsv(rows);
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'month,ward_id,ward_name,requests_filed,supervisor_approved,supervisor_rejected,owner_approved,owner_declined,releases,evidence_exports,cameras_enrolled,cameras_paused,cameras_withdrawn',
    );
    expect(lines[1]).toBe('2026-11,w1,Phường Him Lam,7,0,0,0,0,0,0,0,0,<5');
    expect(lines).toHaveLength(5);
    expect(reportCsv([{ ...rows[0], wardName: 'Ward "A", north' }]).split('\r\n')[1]).toContain('"Ward ""A"", north"');
    // An administrator's ward name that a spreadsheet would run as a formula is written as text.
    expect(reportCsv([{ ...rows[0], wardName: '=cmd()' }]).split('\r\n')[1]).toContain(",'=cmd(),");
  });
});
