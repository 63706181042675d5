// Regenerates the table of error codes in README.md from the catalogue (libs/problems).
// `npm run docs:errors` writes it; `npm run docs:errors -- --check` only says whether it is current.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withErrorTable } from '@wardwatch/problems';

const path = join(__dirname, '..', 'README.md');
const current = readFileSync(path, 'utf8');
const wanted = withErrorTable(current);
if (process.argv.includes('--check')) {
  if (current !== wanted) {
    console.error('README.md: the table of error codes is stale; run npm run docs:errors');
    process.exit(1);
  }
  console.log('README.md: the table of error codes is current');
} else if (current !== wanted) {
  writeFileSync(path, wanted);
  console.log('README.md: table of error codes updated');
} else {
  console.log('README.md: table of error codes already current');
}
