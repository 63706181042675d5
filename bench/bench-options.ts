import { parseArgs } from 'node:util';

type NumberOptions = Record<string, { default: number; help: string }>;
type Values<N extends NumberOptions, F extends string> = { [K in keyof N]: number } & { [K in F]: boolean };

/**
 * The command line of a benchmark: numeric options with defaults, boolean flags, `--help`. A
 * benchmark runs for minutes and may load a database first, so a mistyped option or a value that
 * is not a positive number stops it at once with the usage, instead of a stack trace (parseArgs'
 * own error) or a run with NaN.
 */
export function benchOptions<N extends NumberOptions, F extends string = never>(
  command: string,
  summary: string,
  numbers: N,
  flags: Record<F, string> = {} as Record<F, string>,
): Values<N, F> {
  const usage = [
    `usage: ${command} [-- options]`,
    `  ${summary}`,
    ...Object.entries(numbers).map(([name, o]) => `  --${name} N`.padEnd(24) + `${o.help} (default ${o.default})`),
    ...Object.entries<string>(flags).map(([name, help]) => `  --${name}`.padEnd(24) + help),
    '  --help'.padEnd(24) + 'this text',
  ].join('\n');
  const fail = (message: string): never => {
    process.stderr.write(`${command}: ${message}\n\n${usage}\n`);
    process.exit(2);
  };
  let values: Record<string, string | boolean | undefined> = {};
  try {
    values = parseArgs({
      options: {
        ...Object.fromEntries(Object.keys(numbers).map((name) => [name, { type: 'string' as const }])),
        ...Object.fromEntries(Object.keys(flags).map((name) => [name, { type: 'boolean' as const }])),
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const out: Record<string, number | boolean> = {};
  for (const [name, o] of Object.entries(numbers)) {
    const given = values[name];
    const n = given === undefined ? o.default : Number(given);
    if (!Number.isFinite(n) || n <= 0) fail(`--${name} must be a positive number, not '${String(given)}'`);
    out[name] = n;
  }
  for (const name of Object.keys(flags)) out[name] = values[name] === true;
  return out as Values<N, F>;
}
