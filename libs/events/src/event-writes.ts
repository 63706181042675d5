import { createHash } from 'node:crypto';
import { interpret, type CameraNotification } from '@wardwatch/onvif';

export type EventWrite =
  | { op: 'open'; topic: string; sourceKey: string; cameraAt: Date; at: Date; dedupeKey: string }
  | { op: 'close'; topic: string; sourceKey: string; cameraAt: Date; at: Date }
  | {
      op: 'point';
      kind: 'analytics' | 'other';
      topic: string;
      sourceKey: string;
      cameraAt: Date;
      at: Date;
      data: Record<string, string>;
      dedupeKey: string;
    }
  /** The state an Initialized message reports: reconciles what was missed while unsubscribed. */
  | { op: 'state'; topic: string; sourceKey: string; active: boolean; at: Date };

export interface PlannedWrites {
  writes: EventWrite[];
  unknownTopics: number;
  /** Notifications that cannot be indexed as they are, with why (the caller counts and logs them). */
  rejected: { topic: string; reason: string }[];
}

/**
 * How far a message's own time may be from the camera's clock at the moment we received it. A
 * camera delivers queued messages within minutes; a time days away is a corrupt field, and taken as
 * it is it would file the event where no search finds it, or outside what PostgreSQL can store.
 */
export const MAX_MESSAGE_TIME_SKEW_MS = 7 * 24 * 3600 * 1000;

/** Cuts to at most `max` UTF-16 units without leaving half of a surrogate pair at the end. */
function cut(value: string, max: number): string {
  if (value.length <= max) return value;
  const code = value.charCodeAt(max - 1);
  return value.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/**
 * Text from a camera as PostgreSQL will take it: no NUL characters (text columns and jsonb refuse
 * them, which would fail the whole batch on every retry), no lone surrogates, bounded length.
 */
export function cleanText(value: string, max: number): string {
  const cleaned = value.replaceAll('\u0000', '').replace(/[\uD800-\uDFFF]/g, (c, i: number, s: string) => {
    const code = c.charCodeAt(0);
    const pairsNext = code < 0xdc00 && /[\uDC00-\uDFFF]/.test(s[i + 1] ?? '');
    const pairsPrev = code >= 0xdc00 && /[\uD800-\uDBFF]/.test(s[i - 1] ?? '');
    return pairsNext || pairsPrev ? c : '\uFFFD';
  });
  return cut(cleaned, max);
}

const cleanItems = (items: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(items).map(([k, v]) => [cleanText(k, 128), cleanText(v, 1024)]));

/** Source items as a stable key: separates parallel rules (or video sources) on one camera. */
export function sourceKeyOf(source: Record<string, string>): string {
  return cut(
    Object.keys(source)
      .sort()
      .map((k) => `${k}=${source[k]}`)
      .join(';'),
    512,
  );
}

export function dedupeKey(cameraId: string, topic: string, sourceKey: string, what: string, cameraAt: Date): string {
  return createHash('sha1').update(`${cameraId}|${topic}|${sourceKey}|${what}|${cameraAt.toISOString()}`).digest('hex');
}

/**
 * Turns pulled notifications into index writes. Pure: the camera's time (or, when it sent none,
 * the receive time in camera clock) identifies a message, so the same message pulled twice plans
 * the same writes; server time is camera time minus the measured offset.
 */
export function planEventWrites(
  cameraId: string,
  clockOffsetMs: number,
  notifications: CameraNotification[],
  receivedAt: Date,
): PlannedWrites {
  const writes: EventWrite[] = [];
  const rejected: PlannedWrites['rejected'] = [];
  let unknownTopics = 0;
  const cameraNow = receivedAt.getTime() + clockOffsetMs;
  for (const raw of notifications) {
    const n = { ...raw, topic: cleanText(raw.topic, 255), source: cleanItems(raw.source), data: cleanItems(raw.data) };
    if (n.cameraTime && Math.abs(n.cameraTime.getTime() - cameraNow) > MAX_MESSAGE_TIME_SKEW_MS) {
      rejected.push({
        topic: n.topic,
        reason: `its time ${n.cameraTime.toISOString()} is more than 7 days from the camera's clock (${new Date(cameraNow).toISOString()})`,
      });
      continue;
    }
    const cameraAt = n.cameraTime ?? new Date(cameraNow);
    const at = new Date(cameraAt.getTime() - clockOffsetMs);
    const sourceKey = sourceKeyOf(n.source);
    const meaning = interpret(n);
    if (meaning.kind === 'motion') {
      if (n.operation === 'Initialized') {
        writes.push({ op: 'state', topic: n.topic, sourceKey, active: meaning.active, at: receivedAt });
      } else if (meaning.active) {
        writes.push({
          op: 'open',
          topic: n.topic,
          sourceKey,
          cameraAt,
          at,
          dedupeKey: dedupeKey(cameraId, n.topic, sourceKey, 'start', cameraAt),
        });
      } else {
        writes.push({ op: 'close', topic: n.topic, sourceKey, cameraAt, at });
      }
      continue;
    }
    if (n.operation === 'Initialized') continue;
    if (meaning.kind === 'unknown') unknownTopics += 1;
    writes.push({
      op: 'point',
      kind: meaning.kind === 'analytics' ? 'analytics' : 'other',
      topic: n.topic,
      sourceKey,
      cameraAt,
      at,
      data: n.data,
      dedupeKey: dedupeKey(cameraId, n.topic, sourceKey, `point:${JSON.stringify(n.data)}`, cameraAt),
    });
  }
  return { writes, unknownTopics, rejected };
}
