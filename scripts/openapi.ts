/**
 * `npm run openapi`: writes the API's OpenAPI document (apps/api/openapi.json) and regenerates the
 * typed client's schema from it (libs/api-client/src/schema.d.ts). Needs no database.
 * `npm run openapi -- --check`: changes nothing; fails, naming the file, when either is stale.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import {
  CLIENT_SCHEMA_FILE,
  currentDocument,
  DOCUMENT_FILE,
  renderClientSchema,
  renderDocument,
  REPO_ROOT,
} from '../apps/api/src/openapi/contract';

async function main(): Promise<number> {
  const check = process.argv.includes('--check');
  const documentText = renderDocument(await currentDocument());
  const files = [
    { file: DOCUMENT_FILE, text: documentText },
    { file: CLIENT_SCHEMA_FILE, text: await renderClientSchema(documentText) },
  ];
  let stale = 0;
  for (const { file, text } of files) {
    const name = relative(REPO_ROOT, file);
    const current = existsSync(file) ? readFileSync(file, 'utf8') : null;
    if (current === text) {
      console.log(`${name}: up to date`);
    } else if (check) {
      stale++;
      console.error(`${name}: ${current === null ? 'missing' : 'stale'}; the API's DTOs or decorators changed: run \`npm run openapi\` and commit the result`);
    } else {
      writeFileSync(file, text);
      console.log(`${name}: written`);
    }
  }
  return stale > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
