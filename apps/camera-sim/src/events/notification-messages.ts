import { escapeXml } from '../soap/soap-envelope';
import { xsDateTime } from '../durations';

export const MOTION_TOPIC = 'tns1:RuleEngine/CellMotionDetector/Motion';
export const MOTION_ALARM_TOPIC = 'tns1:VideoSource/MotionAlarm';
const CONCRETE_SET = 'http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet';

/** The tokens the profile advertises; motion messages name them as their Source. */
export const TOKENS = {
  profile: 'Profile_1',
  videoSource: 'VideoSource_1',
  videoSourceConfiguration: 'VideoSourceConfig_1',
  videoEncoderConfiguration: 'VideoEncoderConfig_1',
  videoAnalyticsConfiguration: 'VideoAnalyticsConfig_1',
  motionRule: 'MyMotionDetectorRule',
} as const;

export type PropertyOperation = 'Initialized' | 'Changed' | 'Deleted';

function simpleItems(items: [string, string][]): string {
  return items.map(([name, value]) => `<tt:SimpleItem Name="${escapeXml(name)}" Value="${escapeXml(value)}"/>`).join('');
}

function notification(
  topic: string,
  utc: number | string,
  operation: PropertyOperation,
  source: [string, string][],
  data: [string, string][],
): string {
  return (
    `<wsnt:NotificationMessage><wsnt:Topic Dialect="${CONCRETE_SET}">${escapeXml(topic)}</wsnt:Topic>` +
    `<wsnt:Message><tt:Message UtcTime="${escapeXml(typeof utc === 'number' ? xsDateTime(utc) : utc)}" PropertyOperation="${operation}">` +
    `<tt:Source>${simpleItems(source)}</tt:Source><tt:Data>${simpleItems(data)}</tt:Data>` +
    `</tt:Message></wsnt:Message></wsnt:NotificationMessage>`
  );
}

/** `tns1:RuleEngine/CellMotionDetector/Motion` with IsMotion, as cell-motion cameras send it. */
export function cellMotionMessage(isMotion: boolean, cameraUtcMs: number, operation: PropertyOperation): string {
  return notification(
    MOTION_TOPIC,
    cameraUtcMs,
    operation,
    [
      ['VideoSourceConfigurationToken', TOKENS.videoSourceConfiguration],
      ['VideoAnalyticsConfigurationToken', TOKENS.videoAnalyticsConfiguration],
      ['Rule', TOKENS.motionRule],
    ],
    [['IsMotion', String(isMotion)]],
  );
}

/** `tns1:VideoSource/MotionAlarm` with State, the older per-source motion topic. */
export function motionAlarmMessage(state: boolean, cameraUtcMs: number, operation: PropertyOperation): string {
  return notification(MOTION_ALARM_TOPIC, cameraUtcMs, operation, [['Source', TOKENS.videoSource]], [['State', String(state)]]);
}

/** Any message a test asks for: a topic, a raw UtcTime (possibly nonsense) and items, as odd cameras send them. */
export interface CustomNotification {
  topic: string;
  /** Sent verbatim as UtcTime; default: the camera's clock now. */
  utcTime?: string;
  source?: Record<string, string>;
  data?: Record<string, string>;
}

export function customMessage(n: CustomNotification, cameraUtcMs: number): string {
  return notification(n.topic, n.utcTime ?? cameraUtcMs, 'Changed', Object.entries(n.source ?? {}), Object.entries(n.data ?? {}));
}
