/**
 * `npm run verify-export -- <archive.tar> [...]`: checks evidence archives offline and prints a
 * report per archive. Exit status 0 when every archive verifies, 1 when one fails, 2 on misuse.
 * Needs no database, network or configuration.
 */
import { describeVerification, verifyEvidenceArchive } from '../verify-evidence-archive';

async function main(paths: string[]): Promise<number> {
  if (paths.length === 0 || paths.some((p) => p === '-h' || p === '--help')) {
    process.stderr.write('usage: npm run verify-export -- <evidence archive (.tar)> [more archives]\n');
    return 2;
  }
  let failed = false;
  for (const path of paths) {
    try {
      const result = await verifyEvidenceArchive(path);
      process.stdout.write(`${describeVerification(path, result)}\n`);
      failed ||= !result.ok;
    } catch (e) {
      process.stdout.write(`FAILED ${path}\n  could not be read: ${(e as Error).message}\n`);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`verify-export: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 2;
  },
);
