/**
 * The languages the web app offers and how each formats dates and numbers. Pure data: the
 * catalogue check (catalogues.spec.ts, run by jest under Node) imports it too.
 */
export const LANGUAGES = ['vi', 'en', 'hmn'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = 'vi';

/** Every namespace: one JSON file per language and namespace under locales/. */
export const NAMESPACES = [
  'common',
  'accounts',
  'cameras',
  'places',
  'outreach',
  'consent',
  'footage',
  'audit',
  'requests',
  'notifications',
  'account',
  'search',
  'investigations',
  'review',
  'links',
  'admin',
  'transparency',
] as const;
export type Namespace = (typeof NAMESPACES)[number];

/**
 * Complete languages carry every namespace. Hmong covers the outreach screens only (consent notice,
 * enrolment help); everything else falls back to Vietnamese, the language of the ward's other notices.
 */
export const COMPLETE_LANGUAGES: readonly Language[] = ['vi', 'en'];
export const PARTIAL_LANGUAGES: Readonly<Partial<Record<Language, readonly Namespace[]>>> = { hmn: ['outreach'] };

/**
 * The Intl locale for each language's dates and numbers. Browsers (and CLDR) have no Latin-script
 * Hmong locale, and `Intl` would silently fall back to en-US: Hmong readers in Vietnam get the
 * Vietnamese conventions they see on every other notice (15/1/2025, 20:04, 1.234,5).
 */
export const FORMAT_LOCALE: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB', hmn: 'vi-VN' };

/** Each language in its own name (never translated: a reader must find their own language). */
export const LANGUAGE_NAMES: Record<Language, string> = { vi: 'Tiếng Việt', en: 'English', hmn: 'Hmoob' };

export const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
