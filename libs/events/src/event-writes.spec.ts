import type { CameraNotification } from '@wardwatch/onvif';
import { planEventWrites, sourceKeyOf } from './event-writes';

const CAM = '11111111-1111-4111-8111-111111111111';
const motion = (isMotion: boolean, at: string | null, operation: CameraNotification['operation'] = 'Changed'): CameraNotification => ({
  topic: 'tns1:RuleEngine/CellMotionDetector/Motion',
  cameraTime: at ? new Date(at) : null,
  operation,
  source: { Rule: 'R1', VideoSourceConfigurationToken: 'VS1' },
  data: { IsMotion: String(isMotion) },
});
const received = new Date('2026-11-29T01:00:10.000Z');

describe('planEventWrites', () => {
  it('a start and a stop become open and close in server time (camera time minus the offset)', () => {
    const { writes } = planEventWrites(
      CAM,
      120_000,
      [motion(true, '2026-11-29T01:02:00.000Z'), motion(false, '2026-11-29T01:02:05.500Z')],
      received,
    );
    expect(writes).toEqual([
      expect.objectContaining({
        op: 'open',
        at: new Date('2026-11-29T01:00:00.000Z'),
        cameraAt: new Date('2026-11-29T01:02:00.000Z'),
        sourceKey: 'Rule=R1;VideoSourceConfigurationToken=VS1',
      }),
      expect.objectContaining({ op: 'close', at: new Date('2026-11-29T01:00:05.500Z') }),
    ]);
  });

  it('the same message planned twice gets the same dedupe key; another start does not', () => {
    const a = planEventWrites(CAM, 0, [motion(true, '2026-11-29T01:00:00.000Z')], received).writes[0];
    const b = planEventWrites(CAM, 0, [motion(true, '2026-11-29T01:00:00.000Z')], new Date()).writes[0];
    const c = planEventWrites(CAM, 0, [motion(true, '2026-11-29T01:00:01.000Z')], received).writes[0];
    expect(a.op === 'open' && b.op === 'open' && a.dedupeKey === b.dedupeKey).toBe(true);
    expect(a.op === 'open' && c.op === 'open' && a.dedupeKey !== c.dedupeKey).toBe(true);
  });

  it('Initialized messages only report the state', () => {
    const { writes } = planEventWrites(CAM, 0, [motion(true, '2026-11-29T01:00:00.000Z', 'Initialized')], received);
    expect(writes).toEqual([
      {
        op: 'state',
        topic: 'tns1:RuleEngine/CellMotionDetector/Motion',
        sourceKey: 'Rule=R1;VideoSourceConfigurationToken=VS1',
        active: true,
        at: received,
      },
    ]);
  });

  it('a message without a camera time is placed at its receive time', () => {
    const { writes } = planEventWrites(CAM, 5_000, [motion(true, null)], received);
    expect(writes[0]).toMatchObject({ op: 'open', at: received, cameraAt: new Date(received.getTime() + 5_000) });
  });

  it('analytics are point events with their data; unknown topics are kept raw and counted', () => {
    const { writes, unknownTopics } = planEventWrites(
      CAM,
      0,
      [
        {
          topic: 'tns1:RuleEngine/FieldDetector/ObjectsInside',
          cameraTime: received,
          operation: 'Changed',
          source: {},
          data: { IsInside: 'true' },
        },
        {
          topic: 'tns1:Device/Trigger/DigitalInput',
          cameraTime: received,
          operation: 'Changed',
          source: { InputToken: 'DI1' },
          data: { LogicalState: 'true' },
        },
      ],
      received,
    );
    expect(writes.map((w) => (w.op === 'point' ? [w.kind, w.topic, w.data] : w.op))).toEqual([
      ['analytics', 'tns1:RuleEngine/FieldDetector/ObjectsInside', { IsInside: 'true' }],
      ['other', 'tns1:Device/Trigger/DigitalInput', { LogicalState: 'true' }],
    ]);
    expect(unknownTopics).toBe(1);
  });

  it('sourceKeyOf sorts names so the order the camera used does not matter', () => {
    expect(sourceKeyOf({ b: '2', a: '1' })).toBe(sourceKeyOf({ a: '1', b: '2' }));
  });

  it('cleans what PostgreSQL would refuse, so one odd message cannot fail a batch forever', () => {
    const { writes } = planEventWrites(
      CAM,
      0,
      [
        {
          topic: `tns1:Odd/${'x'.repeat(400)}\u0000`,
          cameraTime: received,
          operation: 'Changed',
          source: { 'a\u0000': 'b\uD800' },
          data: { v: 'ok\u0000' },
        },
      ],
      received,
    );
    const w = writes[0];
    expect(w.op).toBe('point');
    if (w.op !== 'point') return;
    expect(w.topic.length).toBe(255);
    expect(w.topic).not.toContain('\u0000');
    expect(w.sourceKey).toBe('a=b\uFFFD');
    expect(w.data).toEqual({ v: 'ok' });
  });

  it('cuts over-long text without leaving half of a surrogate pair', () => {
    const topic = `tns1:${'x'.repeat(249)}\u{1F600}tail`; // the emoji's two units straddle the 255th
    const { writes } = planEventWrites(CAM, 0, [{ topic, cameraTime: received, operation: 'Changed', source: {}, data: {} }], received);
    expect(writes[0].topic).toBe(`tns1:${'x'.repeat(249)}`);
  });

  it('rejects a message whose own time is days from the camera clock, and plans the others', () => {
    const { writes, rejected } = planEventWrites(
      CAM,
      0,
      [motion(true, '2026-11-29T01:00:00.000Z'), motion(false, '-001000-01-01T00:00:00.000Z'), motion(false, '2026-11-29T01:00:05.000Z')],
      received,
    );
    expect(writes.map((w) => w.op)).toEqual(['open', 'close']);
    expect(rejected).toEqual([{ topic: 'tns1:RuleEngine/CellMotionDetector/Motion', reason: expect.stringMatching(/more than 7 days/) }]);
  });
});
