import type { Page } from 'playwright-core';

/**
 * The officers' console (/search) as the browser tests drive it: the one search box, the
 * investigation picker, the timeline and its rows and marks, and the result's "request footage"
 * button, all by their accessible names (Vietnamese, the default). Shared by officer-search and
 * officer-case so that both walk the console the same way.
 */

/** The demo deployments' ward time zone (GET /settings gives it to the app). */
export const WARD_TZ = 'Asia/Ho_Chi_Minh';

/** The ward's wall clock ("21:30") at an instant, as the officer would read it off a report. */
export const wardClock = (at: Date) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: WARD_TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);

const wardDate = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: WARD_TZ }).format(at);

/**
 * "hôm nay" or "hôm qua" for an instant of the last day, seen from `now` in the ward: a motion at
 * 23:58 searched for at 00:01 was yesterday (the tests run at any hour; UTC 17:00 is ward midnight).
 */
export const wardDayWord = (at: Date, now: Date = new Date()) => (wardDate(at) === wardDate(now) ? 'hôm nay' : 'hôm qua');

/** What the officer types for a street at the ward time of `at`: "hoang van thai 21:30 hôm nay". */
export const streetAtTime = (street: string, at: Date) => `${street} ${wardClock(at)} ${wardDayWord(at)}`;

/** The console's controls and results, by role and accessible name. */
export const consoleOf = (page: Page) => ({
  heading: page.getByRole('heading', { level: 1, name: 'Tìm camera theo phố và thời gian' }),
  searchBox: page.getByRole('textbox', { name: 'Phố và thời gian' }),
  investigationPicker: page.getByRole('textbox', { name: 'Hồ sơ điều tra' }),
  /** An open investigation in the picker's list ("HL-2026-0042 · Mất trộm xe máy"). */
  investigationOption: (caseNumber: string) => page.getByRole('option', { name: new RegExp(`^${caseNumber} · `) }),
  timeline: (cameras: number) => page.getByRole('region', { name: `Dòng thời gian của ${cameras} camera` }),
  /** A camera's row on the timeline, named by the camera's label. */
  lane: (cameraLabel: string) => page.getByRole('group', { name: new RegExp(`^${cameraLabel}: \\d+ sự kiện`) }),
  /** A motion mark with a clip, in a row (or anywhere). */
  motionMarks: (within: Pick<Page, 'getByRole'> = page) =>
    within.getByRole('button', { name: /^Chuyển động lúc \d{2}:\d{2}, có đoạn phim$/ }),
  /** The result's "request footage" button (a link to the prefilled request form). */
  requestFootage: page.getByRole('link', { name: 'Yêu cầu trích xuất' }),
});
