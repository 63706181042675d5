import { useTranslation } from 'react-i18next';
import { useSettings } from '../app/settings';
import { FORMAT_LOCALE, isLanguage, DEFAULT_LANGUAGE } from './languages';

/**
 * Dates and numbers are formatted here, with Intl, never inside a translation string: in the
 * reader's language's conventions (Hmong falls back to Vietnamese ones) and always in the ward's
 * time zone, whatever zone the phone is set to.
 */
export function formatLocale(language: string): string {
  return FORMAT_LOCALE[isLanguage(language) ? language : DEFAULT_LANGUAGE];
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

/**
 * One Intl formatter per language, zone and options, made once: building one costs far more than
 * formatting with it, and a timeline formats hundreds of instants per render.
 */
function dateTimeFormat(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let format = dateTimeFormats.get(key);
  if (!format) dateTimeFormats.set(key, (format = new Intl.DateTimeFormat(formatLocale(language), options)));
  return format;
}
function numberFormat(language: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(formatLocale(language), options)));
  return format;
}

export function formatDate(value: Date | string, language: string, timeZone: string): string {
  return dateTimeFormat(language, { dateStyle: 'medium', timeZone }).format(new Date(value));
}

export function formatDateTime(value: Date | string, language: string, timeZone: string): string {
  return dateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(value));
}

export function formatTime(value: Date | string | number, language: string, timeZone: string): string {
  return dateTimeFormat(language, { timeStyle: 'short', timeZone }).format(new Date(value));
}

/** Date and time to the second (an event's start and end). */
export function formatDateTimeSeconds(value: Date | string | number, language: string, timeZone: string): string {
  return dateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium', timeZone }).format(new Date(value));
}

/** A fraction 0..1 as a percentage ("12 %", "12%"). */
export function formatPercent(fraction: number, language: string): string {
  return numberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(fraction);
}

/** Day and month only (a timeline's day ticks). */
export function formatDayMonth(value: Date | string | number, language: string, timeZone: string): string {
  return dateTimeFormat(language, { day: 'numeric', month: 'numeric', timeZone }).format(new Date(value));
}

/** A calendar month given as YYYY-MM ("tháng 12, 2026", "December 2026"): a calendar label, no zone to apply. */
export function formatMonth(month: string, language: string, style: 'long' | 'short' = 'long'): string {
  const [year, m] = month.split('-').map(Number);
  return dateTimeFormat(language, { month: style, year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, m - 1, 1)));
}

/** A length of time in seconds, with the unit in the reader's language ("12 giây", "12 sec"). */
export function formatSeconds(seconds: number, language: string): string {
  return numberFormat(language, {
    style: 'unit',
    unit: 'second',
    unitDisplay: 'short',
    maximumFractionDigits: 0,
  }).format(seconds);
}

/** A number in the reader's conventions; `maximumFractionDigits` for measures (0,42 km²). */
export function formatNumber(value: number, language: string, maximumFractionDigits?: number): string {
  return numberFormat(language, maximumFractionDigits === undefined ? {} : { maximumFractionDigits }).format(value);
}

/** The formatters bound to the current language and the ward's time zone. */
export function useFormat() {
  const { i18n } = useTranslation();
  const { timeZone } = useSettings();
  const language = i18n.resolvedLanguage ?? i18n.language;
  return {
    date: (value: Date | string) => formatDate(value, language, timeZone),
    dateTime: (value: Date | string) => formatDateTime(value, language, timeZone),
    number: (value: number, maximumFractionDigits?: number) => formatNumber(value, language, maximumFractionDigits),
    time: (value: Date | string | number) => formatTime(value, language, timeZone),
    dayMonth: (value: Date | string | number) => formatDayMonth(value, language, timeZone),
    dateTimeSeconds: (value: Date | string | number) => formatDateTimeSeconds(value, language, timeZone),
    percent: (fraction: number) => formatPercent(fraction, language),
    seconds: (value: number) => formatSeconds(value, language),
    month: (month: string, style?: 'long' | 'short') => formatMonth(month, language, style),
  };
}
