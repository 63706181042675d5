/**
 * Bundle budget (run by the test command after `npm run web:build`): the compressed JavaScript a
 * resident's phone downloads before the first screen works must stay under BUDGET_KB. Counted from
 * Vite's manifest: the entry chunk and everything it imports statically, plus the first page a
 * resident sees (sign in) with its static imports. Later pages are separate chunks and not counted.
 *
 *   node -r ts-node/register/transpile-only scripts/check-web-bundle.ts [distDir]
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 250;
/** The source of the first page's lazy chunk, as the manifest names it. */
const FIRST_PAGE = 'src/accounts/SignInPage.tsx';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

const dist = resolve(process.argv[2] ?? 'apps/web/dist');
let manifest: Record<string, ManifestChunk>;
try {
  manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
} catch {
  console.error(`web bundle: no ${join(dist, '.vite', 'manifest.json')}; run npm run web:build first`);
  process.exit(1);
}

/** A chunk and its static imports, transitively (dynamic imports load later, on demand). */
function closure(key: string, into = new Set<string>()): Set<string> {
  if (into.has(key)) return into;
  const chunk = manifest[key];
  if (!chunk) throw new Error(`web bundle: the manifest has no chunk ${key}`);
  into.add(key);
  for (const imported of chunk.imports ?? []) closure(imported, into);
  return into;
}

const entries = Object.keys(manifest).filter((key) => manifest[key].isEntry);
if (entries.length !== 1) {
  console.error(`web bundle: expected one entry chunk, found ${entries.length}`);
  process.exit(1);
}
const firstPage = Object.keys(manifest).find((key) => key.endsWith(FIRST_PAGE));
if (!firstPage) {
  console.error(`web bundle: ${FIRST_PAGE} is not a chunk of its own (is its route still lazy?)`);
  process.exit(1);
}

const gzipped = (key: string) => gzipSync(readFileSync(join(dist, manifest[key].file)), { level: 9 }).length;
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

const startup = closure(entries[0]);
const firstScreen = closure(firstPage, new Set(startup));
const startupBytes = [...startup].reduce((sum, key) => sum + gzipped(key), 0);
const firstScreenBytes = [...firstScreen].reduce((sum, key) => sum + gzipped(key), 0);

console.log(`web bundle: entry and its static imports ${kb(startupBytes)} KB gzip (${startup.size} chunks)`);
console.log(
  `web bundle: first screen (sign in) ${kb(firstScreenBytes)} KB gzip of JavaScript (${firstScreen.size} chunks); budget ${BUDGET_KB} KB`,
);
if (firstScreenBytes > BUDGET_KB * 1024) {
  console.error(`web bundle: over budget by ${kb(firstScreenBytes - BUDGET_KB * 1024)} KB`);
  process.exit(1);
}
