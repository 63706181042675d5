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
 * The environment the process runs with: the env file (WARDWATCH_ENV_FILE, or config/<NODE_ENV>.env
 * when it exists) overlaid by the real environment, so that deployments can override any default.
 * This is the one place in the code base that reads process.env.
 */
export function readEnvironment(env: Environment = process.env, cwd = process.cwd()): Environment {
  const explicit = env.WARDWATCH_ENV_FILE;
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
  const errors = validateSync(instance, { skipMissingProperties: false, forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigurationError(describe(errors));
  return instance;
}
