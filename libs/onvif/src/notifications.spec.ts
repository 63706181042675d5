import { interpret, normaliseTopic, parseNotifications } from './notifications';
import { parseSoapBody } from './soap-xml';

const envelope = (body: string) =>
  `<?xml version="1.0"?><env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:tev="http://www.onvif.org/ver10/events/wsdl"` +
  ` xmlns:wsnt="http://docs.oasis-open.org/wsn/b-2" xmlns:tt="http://www.onvif.org/ver10/schema"><env:Body>${body}</env:Body></env:Envelope>`;

const message = (topic: string, utc: string, op: string, data: string, source = '<tt:SimpleItem Name="Rule" Value="R1"/>') =>
  `<wsnt:NotificationMessage><wsnt:Topic Dialect="x">${topic}</wsnt:Topic><wsnt:Message><tt:Message UtcTime="${utc}" PropertyOperation="${op}">` +
  `<tt:Source>${source}</tt:Source><tt:Data>${data}</tt:Data></tt:Message></wsnt:Message></wsnt:NotificationMessage>`;

describe('normaliseTopic', () => {
  it.each([
    ['tns1:RuleEngine/CellMotionDetector/Motion', 'tns1:RuleEngine/CellMotionDetector/Motion'],
    ['  tns1:RuleEngine/CellMotionDetector/Motion  ', 'tns1:RuleEngine/CellMotionDetector/Motion'],
    ['tns1:RuleEngine/CellMotionDetector/Motion/', 'tns1:RuleEngine/CellMotionDetector/Motion'],
    ['tns1:RuleEngine/CellMotionDetector/Motion//.', 'tns1:RuleEngine/CellMotionDetector/Motion'],
    ['tnsaxis:VideoSource/MotionAlarm', 'tnsaxis:VideoSource/MotionAlarm'],
    ['tns2:VideoSource/MotionAlarm', 'tns1:VideoSource/MotionAlarm'],
    ['tns1:Rule Engine/Cell MotionDetector/Motion', 'tns1:RuleEngine/CellMotionDetector/Motion'],
  ])('%j -> %s', (raw, expected) => expect(normaliseTopic(raw)).toBe(expected));
});

describe('parseNotifications and interpret', () => {
  it('reads topic, camera time, operation, source and data of each message', () => {
    const body = parseSoapBody(
      envelope(
        `<tev:PullMessagesResponse><tev:CurrentTime>2026-11-29T01:00:00Z</tev:CurrentTime>` +
          message(
            ' tns1:RuleEngine/CellMotionDetector/Motion/ ',
            '2026-11-29T01:00:00.250Z',
            'Initialized',
            '<tt:SimpleItem Name="IsMotion" Value="false"/>',
          ) +
          message('tns1:VideoSource/MotionAlarm', '2026-11-29T01:00:01Z', 'Changed', '<tt:SimpleItem Name="State" Value="true"/>') +
          `</tev:PullMessagesResponse>`,
      ),
    );
    const { notifications, unreadable } = parseNotifications(body.PullMessagesResponse);
    expect(unreadable).toBe(0);
    expect(notifications).toEqual([
      {
        topic: 'tns1:RuleEngine/CellMotionDetector/Motion',
        cameraTime: new Date('2026-11-29T01:00:00.250Z'),
        operation: 'Initialized',
        source: { Rule: 'R1' },
        data: { IsMotion: 'false' },
      },
      expect.objectContaining({ topic: 'tns1:VideoSource/MotionAlarm', operation: 'Changed', data: { State: 'true' } }),
    ]);
    expect(notifications.map(interpret)).toEqual([
      { kind: 'motion', active: false },
      { kind: 'motion', active: true },
    ]);
  });

  it('an empty response has no messages', () => {
    const body = parseSoapBody(
      envelope('<tev:PullMessagesResponse><tev:CurrentTime>2026-11-29T01:00:00Z</tev:CurrentTime></tev:PullMessagesResponse>'),
    );
    expect(parseNotifications(body.PullMessagesResponse)).toEqual({ notifications: [], unreadable: 0 });
  });

  it('skips and counts messages without a topic or payload, and tolerates a bad timestamp', () => {
    const body = parseSoapBody(
      envelope(
        `<tev:PullMessagesResponse><wsnt:NotificationMessage><wsnt:Message/></wsnt:NotificationMessage>` +
          message('tns1:RuleEngine/MotionRegionDetector/Motion', 'not-a-time', 'Changed', '<tt:SimpleItem Name="State" Value="1"/>') +
          `</tev:PullMessagesResponse>`,
      ),
    );
    const { notifications, unreadable } = parseNotifications(body.PullMessagesResponse);
    expect(unreadable).toBe(1);
    expect(notifications[0].cameraTime).toBeNull();
    expect(interpret(notifications[0])).toEqual({ kind: 'motion', active: true });
  });

  it('classifies analytics and unknown topics without crashing', () => {
    const n = (topic: string, data: Record<string, string>) => ({
      topic,
      cameraTime: null,
      operation: 'Changed' as const,
      source: {},
      data,
    });
    expect(interpret(n('tns1:RuleEngine/FieldDetector/ObjectsInside', { IsInside: 'true' }))).toEqual({
      kind: 'analytics',
      type: 'FieldDetector',
      active: true,
    });
    expect(interpret(n('tns1:RuleEngine/LineDetector/Crossed', { ObjectId: '3' }))).toEqual({
      kind: 'analytics',
      type: 'LineDetector',
      active: null,
    });
    expect(interpret(n('tns1:Device/Trigger/DigitalInput', { LogicalState: 'true' }))).toEqual({ kind: 'unknown' });
    expect(interpret(n('tns1:RuleEngine/CellMotionDetector/Motion', { IsMotion: 'maybe' }))).toEqual({ kind: 'unknown' });
  });
});

describe('parseSoapBody refuses what it must not read', () => {
  it('a DOCTYPE (entity expansion) before parsing', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><env:Envelope xmlns:env="x"><env:Body>&lol2;</env:Body></env:Envelope>`;
    expect(() => parseSoapBody(bomb)).toThrow(/document type declaration/);
  });
  it('XML that is not well-formed, saying where', () => {
    expect(() => parseSoapBody('<env:Envelope><env:Body><a></env:Body>')).toThrow(/not well-formed XML .* at line 1/);
  });
  it('XML that is not a SOAP envelope', () => {
    expect(() => parseSoapBody('<html><body>login</body></html>')).toThrow(/not a SOAP envelope/);
  });
});
