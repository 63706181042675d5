import type { TFunction } from 'i18next';
import { ApiError, type Camera } from '../api';

/** Every probe.* code the API can answer with, each with a plain sentence in the catalogue (cameras:probe.*). */
export const PROBE_FAILURES = [
  'forbidden_address',
  'no_onvif_camera',
  'unreachable',
  'timeout',
  'auth_refused',
  'malformed_reply',
  'no_pullpoint',
  'no_h264',
  'clock_unset',
  'rate_limited',
  'busy',
  'limiter_unavailable',
] as const;

/** Every snapshot.* code, each with its sentence (cameras:snapshot.*). */
export const SNAPSHOT_FAILURES = [
  'camera_withdrawn',
  'rate_limited',
  'busy',
  'limiter_unavailable',
  'too_large',
  'not_jpeg',
  'redirect',
  'timeout',
  'unreachable',
  'auth_refused',
  'http_error',
  'forbidden_address',
  'unavailable',
] as const;

const ENROL_PROBLEMS = ['outside_ward', 'ward_without_boundary', 'unknown_street', 'already_enrolled', 'enrolled_by_someone_else'] as const;

const suffix = (code: string | undefined, prefix: string) => (code?.startsWith(prefix) ? code.slice(prefix.length) : undefined);
const oneOf = <T extends string>(list: readonly T[], value: string | undefined): value is T =>
  !!value && (list as readonly string[]).includes(value);

/**
 * What a failed enrolment means, in plain words, or null when it is none of the camera's own
 * problems (the page then shows the common message: network, server, field errors).
 */
export function enrolmentProblem(t: TFunction<'cameras'>, error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  const probe = suffix(error.code, 'probe.');
  if (probe !== undefined) return oneOf(PROBE_FAILURES, probe) ? t(`probe.${probe}`) : t('probe.unknown');
  const camera = suffix(error.code, 'camera.');
  if (oneOf(ENROL_PROBLEMS, camera)) return t(`enrolProblem.${camera}`);
  return null;
}

/** What a refused snapshot means, in plain words. */
export function snapshotProblem(t: TFunction<'cameras'>, error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  const code = suffix(error.code, 'snapshot.');
  if (oneOf(SNAPSHOT_FAILURES, code)) return t(`snapshot.${code}`);
  return error.status === 403 ? t('detail.notYours') : t('snapshot.unknown');
}

/** "12A Ngõ 35, Hoàng Văn Thái": the address as residents write it. */
export function addressLine(camera: Pick<Camera, 'address'>): string {
  const { houseNumber, alley, street } = camera.address;
  return [[houseNumber, alley].filter(Boolean).join(' '), street].filter(Boolean).join(', ');
}

/** The camera's sharing in words, from its lifecycle (pending: enrolled, not consented yet). */
export const consentWords = (t: TFunction<'cameras'>, camera: Pick<Camera, 'lifecycle'>) => t(`camera.consentState.${camera.lifecycle}`);
export const healthWords = (t: TFunction<'cameras'>, camera: Pick<Camera, 'health'>) => t(`camera.healthState.${camera.health}`);
