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
}

/**
 * Text from a camera as PostgreSQL will take it: no NUL characters (text columns and jsonb refuse
 * them, which would fail the whole batch on every retry), no lone surrogates, bounded length.
 */
export function cleanText(value: string, max: number): string {
  return value
    .replaceAll('\u0000', '')
    .replace(/[\uD800-\uDFFF]/g, (c, i: number, s: string) => {
      const code = c.charCodeAt(0);
      const pairsNext = code < 0xdc00 && /[\uDC00-\uDFFF]/.test(s[i + 1] ?? '');
      const pairsPrev = code >= 0xdc00 && /[\uD800-\uDBFF]/.test(s[i - 1] ?? '');
      return pairsNext || pairsPrev ? c : '\uFFFD';
    })
    .slice(0, max);
}

const cleanItems = (items: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(items).map(([k, v]) => [cleanText(k, 128), cleanText(v, 1024)]));

/** Source items as a stable key: separates parallel rules (or video sources) on one camera. */
export function sourceKeyOf(source: Record<string, string>): string {
  return Object.keys(source)
    .sort()
    .map((k) => `${k}=${source[k]}`)
    .join(';')
    .slice(0, 512);
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
  let unknownTopics = 0;
  for (const raw of notifications) {
    const n = { ...raw, topic: cleanText(raw.topic, 255), source: cleanItems(raw.source), data: cleanItems(raw.data) };
    const cameraAt = n.cameraTime ?? new Date(receivedAt.getTime() + clockOffsetMs);
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
  return { writes, unknownTopics };
}
