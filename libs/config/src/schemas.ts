import { Expose, Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsNumber, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { registerDecorator, type ValidationArguments } from 'class-validator';
import { statSync } from 'node:fs';
import { isIP } from 'node:net';
import { CameraNetworks, ProductionSecret, ProductionUrlPassword } from './production-checks';
import { DEFAULT_WARD_TIME_ZONE, isIanaTimeZone } from './time-zone';

/** A path to a regular file that exists when the configuration is read. */
function ExistingFile() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'existingFile',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          try {
            return statSync(value).isFile();
          } catch {
            return false;
          }
        },
        defaultMessage: (args: ValidationArguments) => `must be the path of an existing file (${String(args.value)} is not one), or empty`,
      },
    });
}

/** An IANA time zone name the runtime knows (checked with Intl). */
function IanaTimeZone() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'ianaTimeZone',
      target: target.constructor,
      propertyName,
      options: { message: 'must be an IANA time zone name such as Asia/Ho_Chi_Minh (not an offset like +07:00)' },
      validator: { validate: (value: unknown) => isIanaTimeZone(value) },
    });
}

/** A switch that must be off when NODE_ENV is production (development conveniences). */
function FalseInProduction() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'falseInProduction',
      target: target.constructor,
      propertyName,
      options: { message: 'must be false in production: loopback cameras are for the simulator in development and tests' },
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          (args.object as { NODE_ENV?: string }).NODE_ENV !== 'production' || value === 'false',
      },
    });
}

/** A number that may be lowered for development and tests, but not below `min` in production. */
function AtLeastInProduction(min: number, why: string) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'atLeastInProduction',
      target: target.constructor,
      propertyName,
      options: { message: `must be at least ${min} in production (${why})` },
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          (args.object as { NODE_ENV?: string }).NODE_ENV !== 'production' || (typeof value === 'number' && value >= min),
      },
    });
}

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value);
const toDecimal = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value.trim()) : value;

const postgresUrl = /^postgres(ql)?:\/\/[^\s]+$/;
const redisUrl = /^rediss?:\/\/[^\s]+$/;
const urlOptions = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Every entry of an address list for TRUST_PROXY parses as an IP address or a CIDR range. */
function TrustProxyAddresses() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'trustProxyAddresses',
      target: target.constructor,
      propertyName,
      options: {
        message:
          "must be false, a hop count (1-10), or a comma-separated list of the reverse proxies' addresses or CIDR ranges " +
          '(and/or loopback), e.g. 172.18.0.1 or 10.42.0.0/16',
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && trustProxySetting(value) !== undefined,
      },
    });
}

/**
 * TRUST_PROXY as Express's `trust proxy` takes it: false, a hop count, or a list of addresses,
 * ranges and the name `loopback`. Undefined when the value does not parse.
 */
export function trustProxySetting(value: string): false | number | string[] | undefined {
  const v = value.trim();
  if (v === 'false') return false;
  if (/^([1-9]|10)$/.test(v)) return Number(v);
  const entries = v.split(',').map((e) => e.trim());
  const valid = entries.every((e) => {
    if (e === 'loopback') return true;
    const [address, bits, extra] = e.split('/');
    const family = isIP(address ?? '');
    if (family === 0 || extra !== undefined) return false;
    return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
  });
  return valid ? entries : undefined;
}

/** Settings every process shares: where the data lives. */
export class CoreConfig {
  @Expose()
  @IsIn(NODE_ENVS, { message: 'must be one of development, test, production' })
  NODE_ENV: NodeEnv = 'development';

  @Expose()
  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /**
   * The ward's time zone: a date-time given without an offset (`2026-12-01T21:30`) is read in it,
   * never in the server's zone. Answers are always UTC instants.
   */
  @Expose()
  @IanaTimeZone()
  WARD_TIME_ZONE: string = DEFAULT_WARD_TIME_ZONE;

  /** The application's role (wardwatch_app): it can append to the audit log but not alter it. */
  @Expose()
  @Matches(postgresUrl, {
    message: 'must be a postgres:// URL for the application role, e.g. postgres://wardwatch_app@127.0.0.1:5432/wardwatch',
  })
  @ProductionUrlPassword()
  DATABASE_URL: string;

  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of connections' })
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE: number = 10;

  @Expose()
  @Matches(redisUrl, { message: 'must be a redis:// URL, e.g. redis://127.0.0.1:6379' })
  @ProductionUrlPassword()
  REDIS_URL: string;

  /** Internal S3 endpoint the services talk to (s3rver locally, MinIO in production). */
  @Expose()
  @IsUrl(urlOptions, { message: 'must be an http(s) URL, e.g. http://127.0.0.1:9100' })
  S3_ENDPOINT: string;

  /** Endpoint officers' browsers reach; download links are signed for this host. */
  @Expose()
  @IsUrl(urlOptions, { message: 'must be an http(s) URL that browsers can reach' })
  S3_PUBLIC_ENDPOINT: string;

  @Expose()
  @IsString()
  @IsNotEmpty({ message: 'must name the S3 region, e.g. us-east-1' })
  S3_REGION: string = 'us-east-1';

  @Expose()
  @IsString()
  @IsNotEmpty({ message: 'must be set (S3 access key)' })
  @ProductionSecret({ what: "access key for the application's own object-store user" })
  S3_ACCESS_KEY: string;

  @Expose()
  @IsString()
  @IsNotEmpty({ message: 'must be set (S3 secret key)' })
  @ProductionSecret({ what: "secret key for the application's own object-store user" })
  S3_SECRET_KEY: string;

  @Expose()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: 'must be a valid S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)',
  })
  S3_BUCKET: string = 'wardwatch-footage';

  /**
   * The integrity check re-reads every stored clip once per this many days: each run takes its share
   * of the stored count (runs every INTEGRITY_EVERY_S), continuing from where the last one stopped.
   */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of days' })
  @Min(1)
  @Max(365)
  INTEGRITY_CYCLE_DAYS: number = 30;

  /** How often the worker runs the integrity check (its share of the cycle each time). */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(60)
  @Max(7 * 86_400)
  INTEGRITY_EVERY_S: number = 86_400;

  /** The most clips one integrity run re-reads, whatever the cycle would ask (a run must end). */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of clips' })
  @Min(1)
  @Max(10_000_000)
  INTEGRITY_MAX_PER_RUN: number = 200_000;

  /**
   * The most bytes a second the integrity check reads from the object store, so that re-reading
   * evidence never starves uploads and playback. 20 MB/s is about 1.7 TB a day.
   */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of bytes per second' })
  @Min(1024)
  INTEGRITY_READ_BYTES_PER_S: number = 20 * 1024 * 1024;

  /**
   * Prefix of everything the installation keeps in Redis (BullMQ queues, rate-limit counters, camera
   * leases, the camera-signal channel): installations, or test runs, sharing one Redis stay apart.
   */
  @Expose()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'must be 1-64 letters, digits, _ or - (no ":")' })
  QUEUE_PREFIX: string = 'wardwatch';

  /** Bearer token Prometheus presents to /metrics (the API's and each worker's); in production 32+ random bytes. */
  @Expose()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  @ProductionSecret({ randomBytes: 32, what: 'metrics token' })
  METRICS_TOKEN: string;

  /** AES-256-GCM key (base64 of 32 bytes) for camera credentials at rest. Keep a backup: it cannot be recovered. */
  @Expose()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'must be base64 of exactly 32 random bytes, e.g. `openssl rand -base64 32`' })
  @ProductionSecret({ randomBytes: 32, what: 'credentials key (and re-enter the camera passwords stored with the old one)' })
  CREDENTIALS_KEY: string;

  @Expose()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'must be 1-32 letters, digits, _ or -' })
  CREDENTIALS_KEY_ID: string = 'k1';

  /** Earlier keys still needed to read old rows during a rotation: "id:base64,id:base64". */
  @Expose()
  @Matches(/^$|^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=)*$/, {
    message: 'must be empty or a comma-separated list of id:base64-key',
  })
  CREDENTIALS_PREVIOUS_KEYS: string = '';

  /** Initial allowed camera networks (CIDR, comma-separated); admins manage the list in the database afterwards. */
  @Expose()
  @Matches(/^$|^[0-9a-fA-F.:]+\/\d{1,3}(,\s*[0-9a-fA-F.:]+\/\d{1,3})*$/, {
    message: 'must be comma-separated CIDR ranges, e.g. 10.8.0.0/16,fd00:8::/32',
  })
  @CameraNetworks()
  CAMERA_NETWORKS: string = '';

  /** Allow cameras on 127.0.0.0/8 and ::1: development and tests (the simulator), never production. */
  @Expose()
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  @FalseInProduction()
  CAMERA_ALLOW_LOOPBACK: 'true' | 'false' = 'false';

  /** How long an ONVIF probe of a camera may take before enrolment gives up. */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(500)
  @Max(60000)
  ONVIF_TIMEOUT_MS: number = 8000;

  /**
   * The whole probe (every request, all reply handling) ends by then, however the camera answers:
   * ONVIF_TIMEOUT_MS bounds only silence, and a camera sending a byte at a time is never silent.
   */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(1000)
  @Max(120_000)
  ONVIF_PROBE_DEADLINE_MS: number = 20_000;

  /** Camera probes one API process runs at once (each in its own thread); more are refused until one ends. */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of probes' })
  @Min(1)
  @Max(64)
  ONVIF_PROBE_MAX_CONCURRENT: number = 2;

  /**
   * Camera probes (enrolment, re-probe, credential change) one resident may start per window:
   * bounds mapping the camera networks and guessing camera passwords through the service.
   */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of probes per window' })
  @Min(1)
  @Max(10000)
  PROBE_RATE_LIMIT_PER_USER: number = 20;

  /** Probes of one camera address and port per window, whoever asks (many accounts, one camera). */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of probes per window' })
  @Min(1)
  @Max(10000)
  PROBE_RATE_LIMIT_PER_TARGET: number = 10;

  /** The window of the two probe limits, in seconds. */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(1)
  @Max(86400)
  PROBE_RATE_LIMIT_WINDOW_S: number = 600;

  /** Snapshots (GET /cameras/:id/snapshot) one owner may take per SNAPSHOT_RATE_LIMIT_WINDOW_S: each one reaches the camera. */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of snapshots per window' })
  @Min(1)
  @Max(10000)
  SNAPSHOT_RATE_LIMIT_PER_USER: number = 30;

  /** The window of the snapshot limit, in seconds. */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(1)
  @Max(86400)
  SNAPSHOT_RATE_LIMIT_WINDOW_S: number = 60;

  /** A snapshot (every request to the camera, or the frame from its stream) ends by then, however the camera answers. */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(1000)
  @Max(60_000)
  SNAPSHOT_DEADLINE_MS: number = 8000;

  /** Largest snapshot taken from a camera, in bytes (a 1080p JPEG is a few hundred KiB). */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of bytes' })
  @Min(64 * 1024)
  @Max(16 * 1024 * 1024)
  SNAPSHOT_MAX_BYTES: number = 2 * 1024 * 1024;

  /** The most pre-roll (seconds) a camera's owner may set for its clips. */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(0)
  @Max(60)
  CLIP_MAX_PRE_ROLL_S: number = 30;

  /** The most post-roll (seconds) a camera's owner may set for its clips. */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(0)
  @Max(120)
  CLIP_MAX_POST_ROLL_S: number = 60;

  /** The most days of retention a resident may consent to. */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of days' })
  @Min(1)
  @Max(3650)
  CONSENT_MAX_RETENTION_DAYS: number = 30;

  /**
   * scrypt's parallelism p for new password hashes (N=2^15, r=8): 3 is OWASP's baseline at 32 MiB
   * a hash (equivalent to N=2^17, p=1 at 128 MiB). Hashes made with less are upgraded at the next
   * login. Lower only where many accounts are made at once and nothing real is protected (tests).
   */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(16)
  @AtLeastInProduction(3, "OWASP's scrypt baseline (N=2^15, r=8, p=3)")
  SCRYPT_PARALLELISM: number = 3;
}

/** The HTTP API. */
export class ApiConfig extends CoreConfig {
  @Expose()
  @IsString()
  @IsNotEmpty()
  API_HOST: string = '127.0.0.1';

  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a TCP port number' })
  @Min(0)
  @Max(65535)
  API_PORT: number = 3000;

  /** HMAC key for access tokens; in production 32+ random bytes (base64 or hex), never a committed value. */
  @Expose()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters of random data' })
  @ProductionSecret({ randomBytes: 32, what: 'JWT secret (signing in again is all users need afterwards)' })
  JWT_SECRET: string;

  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(60)
  @Max(86400)
  JWT_TTL_SECONDS: number = 900;

  /**
   * How long a browser stays signed in (the session cookie and its row); signing out, or changing
   * the password, ends it sooner. API clients use bearer tokens (JWT_TTL_SECONDS) instead.
   */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of hours' })
  @Min(1)
  @Max(720)
  SESSION_TTL_HOURS: number = 168;

  /** The name the web app shows for this deployment (the ward or programme), e.g. "Phường Him Lam". */
  @Expose()
  @IsString()
  @IsNotEmpty({ message: 'must name the ward or programme the web app shows' })
  WARD_NAME: string = 'wardwatch';

  /**
   * The built web app (`npm run web:build`), served at `/`. Relative paths are read from the
   * working directory. When the folder has no index.html the API serves only /api (and says so at start-up).
   */
  @Expose()
  @IsString()
  @IsNotEmpty()
  WEB_DIST_DIR: string = 'apps/web/dist';

  /**
   * Optional offline basemap for the web app's map: the path of a PMTiles (v3) file the deployment
   * supplies (e.g. an extract of the ward from OpenStreetMap, made with `pmtiles extract`). Served
   * at /api/v1/map/basemap.pmtiles with Range support; empty (the default) means no basemap: the
   * map shows its vector layers (ward, streets, cameras) only. Relative paths are read from the
   * working directory. Checked at start-up: the file must exist.
   */
  @Expose()
  @ValidateIf((o: ApiConfig) => o.MAP_BASEMAP_PMTILES !== '')
  @ExistingFile()
  MAP_BASEMAP_PMTILES: string = '';

  @Expose()
  @Matches(/^\d+(b|kb|mb)$/i, { message: 'must be a size like 100kb or 1mb' })
  HTTP_BODY_LIMIT: string = '100kb';

  /**
   * The body limit of the import routes only (POST /wards/import, POST /wards/:id/streets/import):
   * an OpenStreetMap export of a ward's streets is larger than HTTP_BODY_LIMIT. Measured with the
   * synthetic export of test/support/osm-export.ts (ways of 12 nodes with their OSM tags,
   * pretty-printed as Overpass turbo writes them): 600 ways 745 KB, so a large urban ward of
   * ~1,500 ways ~1.9 MB; the default leaves room for two and a half times that (the Him Lam demo's
   * 19 streets are 3.6 KB). Every other route keeps HTTP_BODY_LIMIT.
   */
  @Expose()
  @Matches(/^\d+(b|kb|mb)$/i, { message: 'must be a size like 5mb or 800kb' })
  HTTP_IMPORT_BODY_LIMIT: string = '5mb';

  /** Failed-or-not login attempts allowed per client address and e-mail each minute. */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of attempts per minute' })
  @Min(1)
  @Max(1000)
  LOGIN_RATE_LIMIT_PER_MINUTE: number = 5;

  /** Serve the OpenAPI document and UI at /api/docs: by default everywhere but production (see resolveDefaults). */
  @Expose()
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  API_DOCS_ENABLED!: 'true' | 'false';

  /**
   * Which proxies' X-Forwarded-For the API believes (Express `trust proxy`): `false` (none, the
   * default: the client address is the socket's), `loopback`, a comma-separated list of proxy
   * addresses or CIDR ranges, or a hop count. Set it to the reverse proxy's address, or every
   * client shares the proxy's login bucket and audit entries name the proxy.
   */
  @Expose()
  @TrustProxyAddresses()
  TRUST_PROXY: string = 'false';

  /** The longest time window one officers' search may cover, so that searches stay targeted. */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of hours' })
  @Min(1)
  @Max(720)
  SEARCH_MAX_WINDOW_HOURS: number = 24;

  /** Footage requests need a supervisor's approval before owners are asked or anything is released. */
  @Expose()
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  FOOTAGE_SUPERVISOR_APPROVAL: 'true' | 'false' = 'true';

  /** A footage request not answered (by the supervisor and the owners) within this expires. */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of hours' })
  @Min(1)
  @Max(2160)
  FOOTAGE_REQUEST_TTL_HOURS: number = 72;

  /**
   * Preservation holds an officer places alone (before a supervisor decides) are short: a request
   * the supervisor has not decided within this many hours expires and its holds lift. After the
   * supervisor's approval the request runs to FOOTAGE_REQUEST_TTL_HOURS from filing.
   */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of hours' })
  @Min(1)
  @Max(720)
  FOOTAGE_PREAPPROVAL_HOLD_HOURS: number = 24;

  /** Requests one officer may have open (waiting for a supervisor or owners) at a time. */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of requests' })
  @Min(1)
  @Max(1000)
  FOOTAGE_MAX_OPEN_REQUESTS_PER_OFFICER: number = 10;

  /**
   * Preservation one officer may hold before any supervisor has decided, in camera-hours summed
   * over their requests waiting for a supervisor (cameras x window hours): 2400 is e.g. 100 cameras
   * for a day, or 10 cameras for 10 days.
   */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of camera-hours' })
  @Min(1)
  @Max(1_000_000)
  FOOTAGE_PREAPPROVAL_MAX_CAMERA_HOURS: number = 2400;

  /**
   * The largest area one footage request may cover without a written justification, in km²
   * (issue 13: 0.5 km² by default). Larger requests need a justification, which the supervisor sees,
   * and always go to a supervisor, whatever FOOTAGE_SUPERVISOR_APPROVAL says.
   */
  @Expose()
  @Transform(toDecimal)
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 }, { message: 'must be a number of km² such as 0.5' })
  @Min(0.001)
  @Max(1000)
  FOOTAGE_REQUEST_MAX_AREA_KM2: number = 0.5;

  /**
   * The longest window one footage request may cover without a written justification, in hours
   * (issue 13: 12 by default). The absolute cap of 31 days stays whatever the justification.
   */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of hours' })
  @Min(1)
  @Max(744)
  FOOTAGE_REQUEST_MAX_WINDOW_HOURS: number = 12;

  /** How long released footage stays available to an investigation's members (and on legal hold). */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of days' })
  @Min(1)
  @Max(3650)
  RELEASE_TTL_DAYS: number = 30;

  /** Lifetime of a presigned clip or thumbnail link. */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(10)
  @Max(3600)
  DOWNLOAD_LINK_TTL_SECONDS: number = 300;
  /** Audit flag "many downloads": more than this many download links issued by one user... */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of links' })
  @Min(1)
  @Max(10_000)
  AUDIT_FLAG_DOWNLOAD_LINKS: number = 20;

  /** ...within this many minutes (a sliding window). */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of minutes' })
  @Min(1)
  @Max(1440)
  AUDIT_FLAG_DOWNLOAD_WINDOW_MINUTES: number = 10;

  /**
   * The public transparency report is computed at most once per period in this many seconds and
   * served from memory in between (it is public and unauthenticated; 0 computes it on every call).
   */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(0)
  @Max(86_400)
  TRANSPARENCY_CACHE_SECONDS: number = 300;

  /** Defaults that depend on NODE_ENV (loadConfig calls this before validating). */
  resolveDefaults(): void {
    if (!this.API_DOCS_ENABLED) this.API_DOCS_ENABLED = this.NODE_ENV === 'production' ? 'false' : 'true';
  }
}

/** The background worker (no HTTP). */
export class WorkerConfig extends CoreConfig {
  @Expose()
  @ValidateIf((o: WorkerConfig) => o.WORKER_ID !== undefined)
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'must be 1-64 letters, digits, _ . -' })
  WORKER_ID?: string;

  /** How often the worker re-reads which cameras to hold, and renews its leases. */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(100)
  @Max(600_000)
  INGEST_RECONCILE_MS: number = 10_000;

  /** A dead worker's cameras move to another within this (must exceed INGEST_RECONCILE_MS). */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(1000)
  @Max(3_600_000)
  INGEST_LEASE_MS: number = 30_000;

  /**
   * The most cameras this worker holds (each has an event subscription). Cameras with video also
   * count against CLIP_MAX_CAMERAS: a worker takes a camera only when it can serve it in full.
   */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of cameras' })
  @Min(0)
  @Max(100_000)
  INGEST_MAX_CAMERAS: number = 1000;

  /** PullMessages long-poll Timeout in seconds (the HTTP timeout is longer). */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(1)
  @Max(300)
  INGEST_PULL_TIMEOUT_S: number = 20;

  /** Silence allowed on one camera request (beyond a pull's long-poll Timeout) before it fails. */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(500)
  @Max(120_000)
  INGEST_REQUEST_TIMEOUT_MS: number = 10_000;

  /**
   * Overall time one camera request may take (beyond a pull's long-poll Timeout), however the
   * camera answers: at the deadline the socket is destroyed, so a camera trickling a byte at a time
   * cannot hold a request open. Should exceed INGEST_REQUEST_TIMEOUT_MS.
   */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(1000)
  @Max(300_000)
  INGEST_REQUEST_DEADLINE_MS: number = 20_000;

  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(100)
  @Max(3_600_000)
  INGEST_BACKOFF_MAX_MS: number = 60_000;

  /**
   * Least time between the starts of two pulls of one camera, whatever it answers (a camera that
   * answers every PullMessages at once with messages drove one worker to 386 pulls/s).
   */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(10)
  @Max(60_000)
  INGEST_MIN_PULL_INTERVAL_MS: number = 100;

  /**
   * Messages per second one camera may send on average, and in one burst. Beyond that its pulls
   * wait until the budget refills, the excess is counted (wardwatch_ingest_messages_over_budget_total)
   * and the camera is marked noisy (wardwatch_ingest_camera_noisy), so one camera cannot take the
   * worker's time from the others. A busy real camera sends a few per second.
   */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of messages per second' })
  @Min(1)
  @Max(10_000)
  INGEST_CAMERA_MESSAGES_PER_S: number = 20;

  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of messages' })
  @Min(1)
  @Max(100_000)
  INGEST_CAMERA_MESSAGE_BURST: number = 200;

  /**
   * A motion start whose stop never came (a stop lost on the network, a camera that rebooted) is
   * closed this long after it started, at start + this, marked closed_by max_duration.
   */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(1)
  @Max(86_400)
  INGEST_MOTION_MAX_SECONDS: number = 600;

  /** How often overdue motion is closed (a BullMQ job scheduler: one run per period, whatever the number of workers). */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(100)
  @Max(3_600_000)
  INGEST_OVERDUE_CHECK_MS: number = 60_000;

  /** The worker serves /metrics (and /health) for Prometheus here; 0 picks a free port (tests). */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a TCP port number' })
  @Min(0)
  @Max(65535)
  WORKER_METRICS_PORT: number = 9464;

  @Expose()
  @IsString()
  @IsNotEmpty()
  WORKER_METRICS_HOST: string = '127.0.0.1';

  /** Where this worker keeps buffered segments and clips waiting for upload (local disk, not shared). */
  @Expose()
  @IsString()
  @IsNotEmpty({ message: 'must be a directory path, e.g. /var/lib/wardwatch/spool' })
  CLIP_SPOOL_DIR: string = '.data/spool';

  /**
   * The most cameras with video (consent includes clips, a stream address) this worker holds, and so
   * buffers (about 50 per worker on 2 cores). A video camera beyond it is left to another worker, or
   * shown not_covered with a no_capacity gap: never held for events with its video silently dropped.
   */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of cameras' })
  @Min(0)
  @Max(1000)
  CLIP_MAX_CAMERAS: number = 50;

  /** Target length of a buffered segment; real segments end at the next keyframe. */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(1)
  @Max(10)
  CLIP_SEGMENT_SECONDS: number = 2;

  /** How much video each camera's rolling buffer keeps (beyond segments pinned by an open clip). */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(10)
  @Max(3600)
  CLIP_BUFFER_SECONDS: number = 60;

  /** Byte cap of one camera's rolling buffer. */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of bytes' })
  @Min(1_000_000)
  CLIP_BUFFER_MAX_BYTES: number = 64 * 1024 * 1024;

  /** Ceiling for the whole worker's spool (buffers and clips awaiting upload): above it, buffering stops. */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of bytes' })
  @Min(100_000)
  CLIP_DISK_CEILING_BYTES: number = 4 * 1024 * 1024 * 1024;

  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(0)
  @Max(60)
  CLIP_PRE_ROLL_S: number = 5;

  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(0)
  @Max(120)
  CLIP_POST_ROLL_S: number = 10;

  /** Longest single clip; longer motion becomes consecutive clips. */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(10)
  @Max(1800)
  CLIP_MAX_SECONDS: number = 120;

  /** Largest clip file: single PUTs only (no multipart on s3rver), so below 64 MiB. */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of bytes' })
  @Min(100_000)
  @Max(64 * 1024 * 1024)
  CLIP_MAX_BYTES: number = 60 * 1024 * 1024;

  /** RTSP socket timeout: a stream silent this long counts as lost. */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(1)
  @Max(120)
  CLIP_RTSP_TIMEOUT_S: number = 5;

  /** An assembly or thumbnail ffmpeg run taking longer than this is killed and retried or failed. */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(1)
  @Max(600)
  CLIP_FFMPEG_TIMEOUT_S: number = 30;

  /**
   * Clips assembled at once (0: one per CPU core). Each assembly is one short ffmpeg run; when every
   * camera's motion ends together, assembling one camera after another made the last clip wait for
   * all the others (bench:clips, 100 cameras: 53 s after motion end), while more runs than cores only
   * take CPU from the recorders.
   */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of ffmpeg runs' })
  @Min(0)
  @Max(64)
  CLIP_ASSEMBLY_CONCURRENCY: number = 0;

  /** Clip uploads in flight at once: they wait on the object store, not on this worker's CPU. */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of uploads' })
  @Min(1)
  @Max(64)
  CLIP_UPLOAD_CONCURRENCY: number = 8;

  /** How often capture looks for motion to clip and clips to assemble. */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(100)
  @Max(60_000)
  CLIP_TICK_MS: number = 500;

  /**
   * How often retention deletes expired clips, then expired motion events, closed gaps and ended
   * subscription records (in batches of 5,000 rows per statement), that no hold covers.
   */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(1)
  @Max(86_400)
  RETENTION_EVERY_S: number = 3600;

  /**
   * Clips one retention transaction deletes (and audits). The transaction holds the audit log's
   * lock, so every other audited action waits for it: larger is faster, smaller keeps that wait short.
   */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of clips' })
  @Min(1)
  @Max(10_000)
  RETENTION_BATCH: number = 500;

  /**
   * How long one retention pass may run before it yields the footage queue (withdrawal purges and
   * integrity checks share it); a pass that stops with clips left queues the next pass at once.
   */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(1)
  @Max(3600)
  RETENTION_PASS_BUDGET_S: number = 120;

  /** How often the worker expires unanswered footage requests and ends expired releases' holds. */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(100)
  @Max(3_600_000)
  FOOTAGE_EXPIRY_SWEEP_MS: number = 60_000;

  /**
   * The SMTP server e-mail notifications go through; empty turns the e-mail channel off (residents
   * still get their notifications in the app, and e-mail deliveries are recorded as skipped).
   */
  @Expose()
  @ValidateIf((o: WorkerConfig) => o.SMTP_HOST !== '')
  @Matches(/^[A-Za-z0-9.-]{1,253}$|^\[?[0-9a-fA-F:.]+\]?$/, { message: 'must be a host name or IP address, or empty to turn e-mail off' })
  SMTP_HOST: string = '';

  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a TCP port number (587 for STARTTLS, 465 for TLS)' })
  @Min(1)
  @Max(65535)
  SMTP_PORT: number = 587;

  /** true: TLS from the first byte (port 465); false: plain, upgraded with STARTTLS when the server offers it. */
  @Expose()
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  SMTP_SECURE: 'true' | 'false' = 'false';

  /** SMTP user name; empty: no authentication. */
  @Expose()
  @IsString()
  SMTP_USER: string = '';

  /** SMTP password (a secret: never logged, never in a mail). */
  @Expose()
  @ValidateIf((o: WorkerConfig) => o.SMTP_HOST !== '' && o.SMTP_PASSWORD !== '')
  @IsString()
  @ProductionSecret({ what: 'SMTP password (from the mail provider)' })
  SMTP_PASSWORD: string = '';

  /** The From of every notification e-mail, e.g. "Phường Him Lam <no-reply@himlam.example.vn>". */
  @Expose()
  @ValidateIf((o: WorkerConfig) => o.SMTP_HOST !== '')
  @Matches(/^([^<>\r\n]{0,100}<)?[^\s@<>]+@[^\s@<>]+>?$/, { message: 'must be an e-mail address, optionally "Name <address>"' })
  SMTP_FROM: string = 'wardwatch <no-reply@wardwatch.local>';

  /** Silence allowed on the SMTP connection before a delivery attempt fails (and is retried). */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(500)
  @Max(120_000)
  SMTP_TIMEOUT_MS: number = 15_000;

  /** Where residents open the web app: links in notification e-mails point here (never with a token). */
  @Expose()
  @IsUrl(urlOptions, { message: 'must be the http(s) address residents open the web app at, e.g. https://himlam.example.vn' })
  PUBLIC_WEB_URL: string = 'http://127.0.0.1:3000';

  /**
   * How often the worker reads the notification outbox and queues what is still to be sent: a
   * notification is written with the event that caused it, so a restart (or Redis losing its queues)
   * delays an e-mail by at most this, and loses none.
   */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(100)
  @Max(600_000)
  NOTIFY_OUTBOX_SWEEP_MS: number = 5_000;
}

/** The migration CLI: connects as the role that owns the schema. */
export class MigrationConfig {
  @Expose()
  @Matches(postgresUrl, { message: 'must be a postgres:// URL for the schema owner, e.g. postgres://postgres@127.0.0.1:5432/wardwatch' })
  DATABASE_MIGRATION_URL: string;

  @Expose()
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';
}
