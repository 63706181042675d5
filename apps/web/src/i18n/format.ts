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

export function formatDate(value: Date | string, language: string, timeZone: string): string {
  return new Intl.DateTimeFormat(formatLocale(language), { dateStyle: 'medium', timeZone }).format(new Date(value));
}

export function formatDateTime(value: Date | string, language: string, timeZone: string): string {
  return new Intl.DateTimeFormat(formatLocale(language), { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(value));
}

export function formatTime(value: Date | string | number, language: string, timeZone: string): string {
  return new Intl.DateTimeFormat(formatLocale(language), { timeStyle: 'short', timeZone }).format(new Date(value));
}

/** Day and month only (a timeline's day ticks). */
export function formatDayMonth(value: Date | string | number, language: string, timeZone: string): string {
  return new Intl.DateTimeFormat(formatLocale(language), { day: 'numeric', month: 'numeric', timeZone }).format(new Date(value));
}

/** A length of time in seconds, with the unit in the reader's language ("12 giây", "12 sec"). */
export function formatSeconds(seconds: number, language: string): string {
  return new Intl.NumberFormat(formatLocale(language), {
    style: 'unit',
    unit: 'second',
    unitDisplay: 'short',
    maximumFractionDigits: 0,
  }).format(seconds);
}

/** A number in the reader's conventions; `maximumFractionDigits` for measures (0,42 km²). */
export function formatNumber(value: number, language: string, maximumFractionDigits?: number): string {
  return new Intl.NumberFormat(formatLocale(language), maximumFractionDigits === undefined ? {} : { maximumFractionDigits }).format(value);
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
    seconds: (value: number) => formatSeconds(value, language),
  };
}
