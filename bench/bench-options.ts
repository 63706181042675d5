import { parseArgs } from 'node:util';

type NumberOptions = Record<string, { default: number; help: string }>;
type TextOptions = Record<string, { default: string; help: string; pattern: RegExp }>;
type Values<N extends NumberOptions, F extends string, T extends TextOptions = Record<never, never>> = { [K in keyof N]: number } & {
  [K in F]: boolean;
} & { [K in keyof T]: string };

/**
 * The command line of a benchmark: numeric options with defaults, boolean flags, `--help`. A
 * benchmark runs for minutes and may load a database first, so a mistyped option or a value that
 * is not a positive number stops it at once with the usage, instead of a stack trace (parseArgs'
 * own error) or a run with NaN.
 */
export function benchOptions<N extends NumberOptions, F extends string = never, T extends TextOptions = Record<never, never>>(
  command: string,
  summary: string,
  numbers: N,
  flags: Record<F, string> = {} as Record<F, string>,
  texts: T = {} as T,
): Values<N, F, T> {
  const usage = [
    `usage: ${command} [-- options]`,
    `  ${summary}`,
    ...Object.entries(numbers).map(([name, o]) => `  --${name} N`.padEnd(24) + `${o.help} (default ${o.default})`),
    ...Object.entries<string>(flags).map(([name, help]) => `  --${name}`.padEnd(24) + help),
    ...Object.entries(texts).map(([name, o]) => `  --${name} TEXT`.padEnd(24) + `${o.help} (default ${o.default})`),
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
        ...Object.fromEntries(Object.keys(texts).map((name) => [name, { type: 'string' as const }])),
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
  const out: Record<string, number | boolean | string> = {};
  for (const [name, o] of Object.entries(numbers)) {
    const given = values[name];
    const n = given === undefined ? o.default : Number(given);
    if (!Number.isFinite(n) || n <= 0) fail(`--${name} must be a positive number, not '${String(given)}'`);
    out[name] = n;
  }
  for (const name of Object.keys(flags)) out[name] = values[name] === true;
  for (const [name, o] of Object.entries(texts)) {
    const given = values[name];
    const text = given === undefined ? o.default : String(given);
    if (!o.pattern.test(text)) fail(`--${name} must match ${String(o.pattern)}, not '${text}'`);
    out[name] = text;
  }
  return out as Values<N, F, T>;
}
