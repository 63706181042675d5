import { BlockList, isIP } from 'node:net';
import { registerDecorator, type ValidationArguments } from 'class-validator';

/**
 * Secret values that are committed to this repository (development and test defaults, and the
 * examples an operator copies). They are public, so a production start that uses one is as good as
 * unauthenticated: anyone who can read the repository can sign tokens or decrypt camera passwords.
 * The list lives in code, not read from the files, because a built image contains no `config/`;
 * `production-checks.spec.ts` fails when one of those files gains a secret that is not listed here.
 */
export const COMMITTED_SECRETS: ReadonlySet<string> = new Set([
  // config/development.env and config/test.env
  'dev-only-secret-change-me-0123456789abcdef',
  'dev-metrics-token-0123456789',
  '3rFVIEGuGbDJ9UxEl71STV3jVordWTEkXoXI8fCyYVM=',
  'syxssHUo0yltLyTTHpcm1a9fDMjb32OlVMOTtKxnCgk=',
  // s3rver's keys (development, tests)
  'S3RVER',
]);

/** The files whose secrets COMMITTED_SECRETS must cover (checked by the spec). */
export const FILES_WITH_COMMITTED_SECRETS = [
  'config/development.env',
  'config/test.env',
  'config/production.env.example',
  'deploy/.env.example',
  'deploy/k8s/secret.example.yaml',
] as const;

const PLACEHOLDER = /change_?me/i;

const isProduction = (args: ValidationArguments) => (args.object as { NODE_ENV?: string }).NODE_ENV === 'production';

/** Why a secret value is not fit for production, or undefined when it is. */
export function secretProblem(value: string, options: { randomBytes?: number } = {}): string | undefined {
  if (PLACEHOLDER.test(value)) return 'is still a CHANGE_ME placeholder';
  if (COMMITTED_SECRETS.has(value)) return 'is a value committed to the repository (a development or test default)';
  if (options.randomBytes !== undefined && randomByteCount(value) < options.randomBytes) {
    return `must be at least ${options.randomBytes} random bytes, base64 or hex encoded`;
  }
  return undefined;
}

/**
 * How many random bytes an encoded secret carries: hex counts 4 bits a character, base64 (and
 * base64url) 6. A value with few distinct characters ("aaaa…", "0000…") counts as 0, since
 * `openssl rand` output of that length never looks like that.
 */
export function randomByteCount(value: string): number {
  if (new Set(value).size < 12) return 0;
  if (/^[0-9a-fA-F]+$/.test(value)) return Math.floor(value.length / 2);
  const body = value.replace(/=+$/, '');
  if (/^[A-Za-z0-9+/]+$/.test(body) || /^[A-Za-z0-9_-]+$/.test(body)) return Math.floor((body.length * 6) / 8);
  return 0;
}

/** The password inside a postgres:// or redis:// URL, if it has one. */
export function urlPassword(value: string): string | undefined {
  try {
    const password = new URL(value).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * In production, refuse placeholder and committed secrets (and, with `randomBytes`, secrets too
 * short to be random keys). Elsewhere the committed defaults are exactly what is meant.
 */
export function ProductionSecret(options: { randomBytes?: number; what?: string } = {}) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'productionSecret',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          !isProduction(args) || typeof value !== 'string' || secretProblem(value, options) === undefined,
        defaultMessage: (args: ValidationArguments) =>
          `${secretProblem(String(args.value), options)}; in production set a new random ${options.what ?? 'secret'}, ` +
          `e.g. \`openssl rand -base64 ${Math.max(32, options.randomBytes ?? 32)}\``,
      },
    });
}

/** In production, the password inside a connection URL must not be a placeholder or a committed value. */
export function ProductionUrlPassword() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'productionUrlPassword',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          if (!isProduction(args) || typeof value !== 'string') return true;
          const password = urlPassword(value);
          return password === undefined || secretProblem(password) === undefined;
        },
        defaultMessage: (args: ValidationArguments) =>
          `its password ${secretProblem(urlPassword(String(args.value)) ?? '')}; set the role's real password ` +
          '(URL-safe, e.g. `openssl rand -hex 24`)',
      },
    });
}

/** Shortest prefix accepted for a camera network: anything broader is the internet, not a ward overlay. */
export const MIN_CAMERA_PREFIX = { 4: 8, 6: 32 } as const;

/** Why one CIDR is not an acceptable camera network, or undefined when it is. */
export function cameraNetworkProblem(range: string): string | undefined {
  const cidr = range.trim();
  const [address, bits, extra] = cidr.split('/');
  const family = isIP(address ?? '');
  const prefix = Number(bits);
  if (extra !== undefined || (family !== 4 && family !== 6) || !/^\d{1,3}$/.test(bits ?? '')) {
    return `${cidr} is not a CIDR range such as 10.8.0.0/16 or fd00:8::/32`;
  }
  const max = family === 4 ? 32 : 128;
  if (prefix > max) return `${cidr}: an IPv${family} prefix is at most /${max}`;
  const min = MIN_CAMERA_PREFIX[family];
  if (prefix < min) {
    return `${cidr} is far too broad (shorter than /${min}); list only the ward overlay networks cameras are reached through`;
  }
  // BlockList refuses what it cannot represent; the checks above should have caught it.
  new BlockList().addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
  return undefined;
}

/** Each comma-separated range must parse and be no broader than MIN_CAMERA_PREFIX, in every environment. */
export function CameraNetworks() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'cameraNetworks',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && value.split(',').every((c) => c.trim() === '' || cameraNetworkProblem(c) === undefined),
        defaultMessage: (args: ValidationArguments) =>
          String(args.value)
            .split(',')
            .map((c) => (c.trim() === '' ? undefined : cameraNetworkProblem(c)))
            .filter((p): p is string => p !== undefined)
            .join('; '),
      },
    });
}
