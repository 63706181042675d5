import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPLETE_LANGUAGES, LANGUAGES, NAMESPACES, PARTIAL_LANGUAGES, type Language, type Namespace } from './languages';

/**
 * The catalogues are complete and carry words only:
 * - every key of every namespace exists in Vietnamese and English (plural forms compared by their base key);
 * - Hmong has exactly its outreach namespaces, with every key, and says it needs a native speaker's review;
 * - no string holds a date or number format (formats live in code, with Intl: translators cannot break them).
 */
const LOCALES = join(__dirname, 'locales');
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

type Catalogue = { [key: string]: string | Catalogue };

const load = (language: Language, ns: Namespace): Catalogue =>
  JSON.parse(readFileSync(join(LOCALES, language, `${ns}.json`), 'utf8')) as Catalogue;

/** Flattened `a.b.c` keys with their strings; `_meta` (reviewer notes) is not a translation. */
function entries(catalogue: Catalogue, prefix = ''): [string, string][] {
  return Object.entries(catalogue).flatMap(([key, value]): [string, string][] => {
    if (prefix === '' && key === '_meta') return [];
    const path = prefix ? `${prefix}.${key}` : key;
    return typeof value === 'string' ? [[path, value]] : entries(value, path);
  });
}

const keysOf = (catalogue: Catalogue) => [...new Set(entries(catalogue).map(([key]) => key.replace(PLURAL_SUFFIX, '')))].sort();

/** What a date or number format looks like inside a string: i18next formatters, CLDR/moment/strftime patterns, literal dates and times. */
const FORMAT_PATTERNS: [string, RegExp][] = [
  ['an i18next formatter ({{value, datetime}})', /\{\{\s*[\w.]+\s*,[^}]*\}\}/],
  ['a date pattern (dd/MM/yyyy, YYYY-MM-DD, …)', /\b(d{1,4}|D{1,4})[/.-](M{1,4})|\b(y{2,4}|Y{2,4})\b|\bM{2,4}[/.-]/],
  ['a time pattern (HH:mm, hh:mm:ss)', /\b[Hh]{1,2}:mm\b/],
  ['a strftime pattern (%d, %Y)', /%[aAbBcdHIjmMpSUwWxXyYZ]/],
  ['a literal date (15/1/2025, 2025-01-15)', /\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b/],
  ['a literal time (20:04)', /\b\d{1,2}:\d{2}\b/],
  ['a formatted number (1.234.567 or 1,234.5)', /\b\d{1,3}([.,]\d{3})+\b|\b\d+[.,]\d+\b/],
];

describe('translation catalogues', () => {
  it('has exactly the files the app loads', () => {
    for (const language of LANGUAGES) {
      const expected = (PARTIAL_LANGUAGES[language] ?? NAMESPACES).map((ns) => `${ns}.json`).sort();
      expect([language, readdirSync(join(LOCALES, language)).sort()]).toEqual([language, expected]);
    }
  });

  it.each(NAMESPACES)('namespace %s: Vietnamese and English have the same keys, none empty', (ns) => {
    const [vi, ...others] = COMPLETE_LANGUAGES.map((language) => load(language, ns));
    for (const other of others) expect(keysOf(other)).toEqual(keysOf(vi));
    for (const language of COMPLETE_LANGUAGES) {
      for (const [key, value] of entries(load(language, ns)))
        expect([language, ns, key, value.trim().length > 0]).toEqual([language, ns, key, true]);
    }
  });

  it.each(Object.entries(PARTIAL_LANGUAGES))(
    '%s: every key of its namespaces, marked for review by a native speaker',
    (language, namespaces) => {
      for (const ns of namespaces ?? []) {
        const catalogue = load(language as Language, ns);
        expect(keysOf(catalogue)).toEqual(keysOf(load('vi', ns)));
        expect((catalogue._meta as Catalogue | undefined)?.review).toBe('needs-native-review');
      }
    },
  );

  it('no string carries a date or number format', () => {
    const offences: string[] = [];
    for (const language of LANGUAGES) {
      for (const ns of PARTIAL_LANGUAGES[language] ?? NAMESPACES) {
        for (const [key, value] of entries(load(language, ns))) {
          for (const [what, pattern] of FORMAT_PATTERNS) {
            if (pattern.test(value)) offences.push(`${language}/${ns}.json ${key}: ${what} in "${value}"`);
          }
        }
      }
    }
    expect(offences).toEqual([]);
  });

  it('the format check catches what it is meant to', () => {
    const caught = (s: string) => FORMAT_PATTERNS.some(([, p]) => p.test(s));
    for (const bad of ['{{at, datetime}}', 'ngày dd/MM/yyyy', 'HH:mm', '%d/%m', 'lúc 20:04', '15/1/2025', '1.500.000 ₫', 'YYYY-MM-DD']) {
      expect([bad, caught(bad)]).toEqual([bad, true]);
    }
    for (const good of ['Xin chào, {{name}}', '{{count}} camera', 'Đăng nhập', 'Ít nhất 10 ký tự'])
      expect([good, caught(good)]).toEqual([good, false]);
  });
});
