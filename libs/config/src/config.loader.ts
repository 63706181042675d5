import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

/** Thrown at start-up when the environment does not satisfy an app's schema. */
export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration; fix these variables (see config/*.env for documented defaults):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.name = 'ConfigurationError';
  }
}

export type Environment = Record<string, string | undefined>;

/**
 * True when this code runs compiled (node dist/...), as the images and `npm run start:*` do; false
 * under ts-node or jest (a checkout of the source).
 */
export const RUNNING_BUILT = !__filename.endsWith('.ts');

/**
 * The environment the process runs with: the env file overlaid by the real environment, so that
 * deployments can override any default. The file is WARDWATCH_ENV_FILE when given, otherwise
 * config/<NODE_ENV>.env when it exists. With NODE_ENV unset a source checkout falls back to
 * config/development.env (developer convenience), but a built start refuses: an image or a
 * server started without NODE_ENV must not quietly run on the committed development secrets.
 * This is the one place in the code base that reads process.env.
 */
export function readEnvironment(env: Environment = process.env, cwd = process.cwd(), built = RUNNING_BUILT): Environment {
  const explicit = env.WARDWATCH_ENV_FILE;
  if (!explicit && !env.NODE_ENV && built) {
    throw new ConfigurationError([
      'NODE_ENV: not set. A built start reads no config/*.env file on a guess: set NODE_ENV=production and the ' +
        'settings in the environment (see config/production.env.example), or NODE_ENV=development to use config/development.env',
    ]);
  }
  const file = explicit ? resolve(cwd, explicit) : resolve(cwd, 'config', `${env.NODE_ENV ?? 'development'}.env`);
  if (explicit && !existsSync(file)) {
    throw new ConfigurationError([`WARDWATCH_ENV_FILE points at ${file}, which does not exist`]);
  }
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  return { ...fromFile, ...env };
}

function describe(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const name = `${prefix}${e.property}`;
    const own = Object.values(e.constraints ?? {}).map((message) => `${name}: ${message}`);
    return [...own, ...describe(e.children ?? [], `${name}.`)];
  });
}

/**
 * Validates the environment against a schema class and returns the typed instance.
 * Only the variables the schema exposes are read (the environment holds many others); every problem is reported at once,
 * naming the variable and what it should be, so that a misconfigured deployment fails fast.
 */
export function loadConfig<T extends object>(schema: new () => T, env: Environment = readEnvironment()): T {
  const instance = plainToInstance(schema, env, { excludeExtraneousValues: true, exposeDefaultValues: true });
  // Defaults that depend on another variable (e.g. API docs off in production) are the schema's to fill in.
  (instance as { resolveDefaults?: () => void }).resolveDefaults?.();
  const errors = validateSync(instance, { skipMissingProperties: false, forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigurationError(describe(errors));
  return instance;
}
