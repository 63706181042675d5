/**
 * What an officer types in the console's one search box, read into a place and a time window:
 * "Hoàng Văn Thái 21:30 hôm qua", "dien bien phu 21:30", "… 30/11 21:30", "… 20:00-22:00",
 * "… 9 giờ tối", "… yesterday 9:30pm". Pure (no DOM, unit-tested): the clock, the ward's time zone
 * and the default half-window are given, never read.
 *
 * The rest of the text, once the time words are taken out, is the street: the API tolerates missing
 * diacritics and small typos, so nothing here corrects names. Times are the ward's wall clock.
 * A time without a date that would lie in the future means the last such time (typed at 08:00,
 * "21:30" is last night's): officers search what happened.
 */
import { instantOf, wardDatePlus, wallTimeAt } from '../i18n/zone';

export interface ParseOptions {
  /** Now, as an instant (ms). */
  now: number;
  timeZone: string;
  /** Minutes either side of a single time (default window ±30 min). */
  halfWindowMin: number;
}

export interface ParsedSearch {
  /** The place as typed, time words removed ('' when only a time was typed). */
  street: string;
  /** The moment the results are cued to (the cursor); null when no time was typed. */
  at: number | null;
  from: number | null;
  to: number | null;
  /** A date or day word was typed (else the date was inferred). */
  dated: boolean;
  /** A range (20:00-22:00) was typed, rather than one time with the default window. */
  range: boolean;
}

const NOT_WORD_BEFORE = '(?<![\\p{L}\\p{N}])';
const NOT_WORD_AFTER = '(?![\\p{L}\\p{N}])';
const word = (body: string) => new RegExp(`${NOT_WORD_BEFORE}(?:${body})${NOT_WORD_AFTER}`, 'iu');

/** Days before today, by the words for them (with and without diacritics). */
const DAY_WORDS: [RegExp, number][] = [
  [word('h[oô]m\\s+kia|day\\s+before\\s+yesterday'), 2],
  [word('h[oô]m\\s+qua|t[oố]i\\s+qua|[dđ][eê]m\\s+qua|yesterday|last\\s+night'), 1],
  [word('h[oô]m\\s+nay|s[aá]ng\\s+nay|chi[eề]u\\s+nay|t[oố]i\\s+nay|today|tonight'), 0],
];

/** Parts of the day that make a 12-hour reading afternoon or evening ("9 giờ tối" is 21:00). */
const LATER = /^(pm|chi[eề]u|t[oố]i|[dđ][eê]m)$/iu;
const EARLIER = /^(am|s[aá]ng)$/iu;

/** One time: 21:30, 21h30, 21h, 21g30, 21 giờ 30 (phút), 9pm, 9:30 pm, 9 giờ tối. */
const TIME_BODY =
  '(\\d{1,2})\\s*(?:(?::|h|g|gi[oờ]\\s*)\\s*(\\d{2})?(?:\\s*(?:ph[uú]t|p))?|(?=\\s*(?:am|pm)))' +
  '(?:\\s*(am|pm|s[aá]ng|chi[eề]u|t[oố]i|[dđ][eê]m)(?!\\s+(?:qua|nay)))?';
const TIME = new RegExp(`${NOT_WORD_BEFORE}${TIME_BODY}${NOT_WORD_AFTER}`, 'iu');
const RANGE = new RegExp(
  `${NOT_WORD_BEFORE}${TIME_BODY}\\s*(?:-|–|—|đến|den|tới|toi|to|until)\\s*${TIME_BODY.replace(/\((?!\?)/g, '(?:')}${NOT_WORD_AFTER}`,
  'iu',
);
/** Dates: 30/11, 30/11/2026, 30-11-2026, 2026-11-30 (optionally after "ngày" or "on"). */
const DMY = new RegExp(`${NOT_WORD_BEFORE}(\\d{1,2})[/.-](\\d{1,2})(?:[/.-](\\d{4}))?${NOT_WORD_AFTER}`, 'u');
const YMD = new RegExp(`${NOT_WORD_BEFORE}(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:T(?=\\d))?`, 'u');
/** Words that only join the place and the time. */
const FILLER = word('l[uú]c|v[aà]o\\s+l[uú]c|ng[aà]y|kho[aả]ng|t[uừ]|at|on|around|from|about');

interface Clock {
  hour: number;
  minute: number;
}

function readClock(hour: string, minute: string | undefined, part: string | undefined): Clock | null {
  let h = Number(hour);
  const m = minute === undefined ? 0 : Number(minute);
  if (part && LATER.test(part) && h < 12) h += 12;
  if (part && EARLIER.test(part) && h === 12) h = 0;
  // "12 giờ đêm" is midnight.
  if (part && /^[dđ][eê]m$/iu.test(part) && h === 24) h = 0;
  if (h > 23 || m > 59) return null;
  return { hour: h, minute: m };
}

/** Reads one time out of a matched TIME's groups. */
function clockOf(match: string): Clock | null {
  const m = TIME.exec(match);
  return m ? readClock(m[1], m[2], m[3]) : null;
}

export function parseSearch(text: string, options: ParseOptions): ParsedSearch {
  const { now, timeZone, halfWindowMin } = options;
  let rest = ` ${text.normalize('NFC')} `;
  const take = (re: RegExp): RegExpExecArray | null => {
    const m = re.exec(rest);
    if (m) rest = `${rest.slice(0, m.index)} ${rest.slice(m.index + m[0].length)}`;
    return m;
  };

  const takeIf = (re: RegExp, ok: (m: RegExpExecArray) => boolean): RegExpExecArray | null => {
    const m = re.exec(rest);
    if (!m || !ok(m)) return null;
    rest = `${rest.slice(0, m.index)} ${rest.slice(m.index + m[0].length)}`;
    return m;
  };

  // A day word first (no digits in it): "tối qua" also says the evening.
  let date: { year: number; month: number; day: number } | null = null;
  let evening = false;
  for (const [re, daysBack] of DAY_WORDS) {
    const m = take(re);
    if (m) {
      date = wardDatePlus(now, -daysBack, timeZone);
      evening = /^(t[oố]i|[dđ][eê]m|chi[eề]u|tonight|last)/iu.test(m[0]);
      break;
    }
  }

  // The time, before written dates (so "20:00-22:00" is never read as a date): a range, else one time.
  let start: Clock | null = null;
  let end: Clock | null = null;
  const range = take(RANGE);
  if (range) {
    const [first, second] = splitRange(range[0]);
    start = clockOf(first);
    end = clockOf(second);
    if (!start || !end) start = end = null;
  } else {
    const one = take(TIME);
    if (one) start = readClock(one[1], one[2], one[3]);
  }
  if (evening) {
    if (start && start.hour < 12) start = { ...start, hour: start.hour + 12 };
    if (end && end.hour < 12 && start && end.hour + 12 > start.hour) end = { ...end, hour: end.hour + 12 };
  }

  // A written date, when no day word gave one.
  let dmyWithoutYear = false;
  if (!date) {
    const ymd = takeIf(YMD, (m) => validDate(Number(m[1]), Number(m[2]), Number(m[3])));
    if (ymd) date = { year: Number(ymd[1]), month: Number(ymd[2]), day: Number(ymd[3]) };
  }
  if (!date) {
    const today = wallTimeAt(now, timeZone);
    const dmy = takeIf(DMY, (m) => validDate(m[3] ? Number(m[3]) : today.year, Number(m[2]), Number(m[1])));
    if (dmy) {
      dmyWithoutYear = dmy[3] === undefined;
      date = { year: dmy[3] ? Number(dmy[3]) : today.year, month: Number(dmy[2]), day: Number(dmy[1]) };
    }
  }
  const dated = date !== null;

  while (take(FILLER));
  const street = rest
    .replace(/[,;]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[-–—\s]+|[-–—\s]+$/g, '');

  const base = date ?? wardDatePlus(now, 0, timeZone);
  const at = (clock: Clock, day: { year: number; month: number; day: number }, plusDays = 0) =>
    instantOf({ ...day, day: day.day + plusDays, hour: clock.hour, minute: clock.minute }, timeZone);

  if (!start) {
    if (!date) return { street, at: null, from: null, to: null, dated: false, range: false };
    // A date alone: that whole day in the ward.
    let from = at({ hour: 0, minute: 0 }, base);
    if (dmyWithoutYear && from > now) from = at({ hour: 0, minute: 0 }, { ...base, year: base.year - 1 });
    const to = from + 86_400_000;
    return { street, at: from, from, to, dated, range: true };
  }

  let from = at(start, base);
  // No date typed: a time still to come today means yesterday's; a date without a year still to come, last year's.
  if (!dated && from > now) from = at(start, base, -1);
  if (dmyWithoutYear && from > now) from = at(start, { ...base, year: base.year - 1 });
  if (end) {
    const startWall = wallTimeAt(from, timeZone);
    const startDay = { year: startWall.year, month: startWall.month, day: startWall.day };
    let to = at(end, startDay);
    if (to <= from) to = at(end, startDay, 1); // 23:00-01:00 ends the next day
    return { street, at: from, from, to, dated, range: true };
  }
  const half = halfWindowMin * 60_000;
  return { street, at: from, from: from - half, to: from + half, dated, range: false };
}

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The two times of a matched range, split at its separator. */
function splitRange(matched: string): [string, string] {
  const sep = /\s*(?:-|–|—|đến|den|tới|toi|to|until)\s*(?=\d)/iu.exec(matched);
  if (!sep) return [matched, ''];
  return [matched.slice(0, sep.index), matched.slice(sep.index + sep[0].length)];
}
