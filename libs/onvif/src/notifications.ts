import { child, text, type XmlNode, type XmlValue } from './soap-xml';

export type PropertyOperation = 'Initialized' | 'Changed' | 'Deleted' | null;

/** One ONVIF event message, as the service keeps it. */
export interface CameraNotification {
  /** Normalised: prefix kept, spaces and trailing '/' (or '//.') removed. */
  topic: string;
  /** The camera's own timestamp (camera clock); null when the camera sent none or an unreadable one. */
  cameraTime: Date | null;
  operation: PropertyOperation;
  source: Record<string, string>;
  data: Record<string, string>;
}

/**
 * Cameras send topics padded with spaces, with a trailing '/' or '//.', or with different
 * namespace prefixes for the same ONVIF topic namespace; one spelling keeps deduplication and
 * search honest.
 */
export function normaliseTopic(raw: string): string {
  let topic = raw.replace(/\s+/g, '');
  topic = topic.replace(/\/\/\.$/, '').replace(/\/+$/, '');
  const colon = topic.indexOf(':');
  // Any prefix bound to the ONVIF topic namespace is 'tns1' in practice; normalise the common variants.
  if (colon > 0 && /^(tns\d*|tnsonvif|onvif)$/i.test(topic.slice(0, colon))) topic = `tns1${topic.slice(colon)}`;
  return topic;
}

function simpleItems(node: XmlValue | undefined): Record<string, string> {
  const items = child(node, 'SimpleItem');
  const list = Array.isArray(items) ? items : items ? [items] : [];
  const out: Record<string, string> = {};
  for (const item of list) {
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      const name = item['@_Name'];
      const value = item['@_Value'];
      if (typeof name === 'string' && typeof value === 'string') out[name] = value;
    }
  }
  return out;
}

/** NotificationMessage elements of a PullMessages response, parsed; unreadable ones are skipped and counted. */
export function parseNotifications(response: XmlValue | undefined): { notifications: CameraNotification[]; unreadable: number } {
  const raw = child(response, 'NotificationMessage');
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  const notifications: CameraNotification[] = [];
  let unreadable = 0;
  for (const m of list) {
    const topic = text(child(m, 'Topic'));
    const message = child(child(m, 'Message'), 'Message') as XmlNode | undefined;
    if (!topic || !message || typeof message !== 'object') {
      unreadable += 1;
      continue;
    }
    const utc = typeof message['@_UtcTime'] === 'string' ? new Date(message['@_UtcTime']) : null;
    const op = message['@_PropertyOperation'];
    notifications.push({
      topic: normaliseTopic(topic),
      cameraTime: utc && !Number.isNaN(utc.getTime()) ? utc : null,
      operation: op === 'Initialized' || op === 'Changed' || op === 'Deleted' ? op : null,
      source: simpleItems(child(message, 'Source')),
      data: simpleItems(child(message, 'Data')),
    });
  }
  return { notifications, unreadable };
}

const truthy = (v: string | undefined) => v !== undefined && /^(true|1)$/i.test(v.trim());
const known = (v: string | undefined) => v !== undefined && /^(true|false|1|0)$/i.test(v.trim());

export type Interpretation =
  { kind: 'motion'; active: boolean } | { kind: 'analytics'; type: string; active: boolean | null } | { kind: 'unknown' };

/** What a notification means for the event index: motion on/off, another analytics event, or unknown. */
export function interpret(n: CameraNotification): Interpretation {
  switch (n.topic) {
    case 'tns1:RuleEngine/CellMotionDetector/Motion':
      return known(n.data.IsMotion) ? { kind: 'motion', active: truthy(n.data.IsMotion) } : { kind: 'unknown' };
    case 'tns1:VideoSource/MotionAlarm':
      return known(n.data.State) ? { kind: 'motion', active: truthy(n.data.State) } : { kind: 'unknown' };
    case 'tns1:RuleEngine/MotionRegionDetector/Motion':
      return known(n.data.State) ? { kind: 'motion', active: truthy(n.data.State) } : { kind: 'unknown' };
  }
  if (/^tns1:RuleEngine\/(FieldDetector|LineDetector|CountAggregation|ObjectDetector|PeopleDetector|MyRuleDetector)/.test(n.topic)) {
    const flag = Object.values(n.data).find(known);
    return { kind: 'analytics', type: n.topic.split('/')[1], active: flag === undefined ? null : truthy(flag) };
  }
  return { kind: 'unknown' };
}
