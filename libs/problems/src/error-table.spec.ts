import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { problemCodes } from './catalogue';
import { renderErrorTable, withErrorTable } from './error-table';

describe("README's table of error codes", () => {
  const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');

  it('is the one the catalogue makes (run npm run docs:errors when this fails)', () => {
    expect(withErrorTable(readme)).toBe(readme);
  });

  it('has one row per code', () => {
    const table = renderErrorTable();
    const codesInTable = [...table.matchAll(/^\| `([a-z0-9_.]+)` +\|/gm)].map((m) => m[1]);
    expect(codesInTable).toEqual(problemCodes());
  });
});
