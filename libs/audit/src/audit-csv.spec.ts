import { AuditEntryEntity } from './audit-entry.entity';
import { auditCsvHeader, auditCsvRow, csvField, csvRecord } from './audit-csv';

describe('csvField (RFC 4180)', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['carriage\rreturn', '"carriage\rreturn"'],
    ['=SUM(A1)', '=SUM(A1)'],
  ])('%p -> %p', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('writes null as an empty field', () => {
    expect(csvField(null)).toBe('');
  });

  it('ends each record with CRLF', () => {
    expect(csvRecord(['a', null, 'b,c'])).toBe('a,,"b,c"\r\n');
  });
});

describe('audit CSV rows', () => {
  const entry = Object.assign(new AuditEntryEntity(), {
    seq: '42',
    at: new Date('2026-11-29T01:02:03.004Z'),
    actorId: null,
    actorRole: 'system',
    action: 'clip.stored',
    subjectType: 'clip',
    subjectId: 'c-1',
    cameraId: null,
    investigationId: null,
    details: { note: 'a "quoted", comma' },
    prevHash: 'a'.repeat(64),
    hash: 'b'.repeat(64),
    actorName: null,
  });

  it('has one column per header field, the details as JSON, the time to the millisecond', () => {
    expect(auditCsvHeader()).toBe(
      '\uFEFFseq,at,actor_id,actor_role,actor_name,action,subject_type,subject_id,camera_id,investigation_id,details,prev_hash,hash\r\n',
    );
    expect(Buffer.from(auditCsvHeader(), 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(auditCsvRow(entry)).toBe(
      `42,2026-11-29T01:02:03.004Z,,system,,clip.stored,clip,c-1,,,"{""note"":""a \\""quoted\\"", comma""}",${'a'.repeat(64)},${'b'.repeat(64)}\r\n`,
    );
  });

  it('writes a display name that a spreadsheet would run as a formula as text, and leaves the hashed cells as stored', () => {
    const row = (actorName: string) => auditCsvRow(Object.assign(new AuditEntryEntity(), { ...entry, actorName }));
    expect(row('=HYPERLINK("http://x","y")')).toContain(`,system,"'=HYPERLINK(""http://x"",""y"")",clip.stored,`);
    for (const name of ['+84 912', '-1', '@SUM(A1)', '\tTab']) expect(row(name).split(',')[4]).toBe(`'${name}`);
    expect(row('Nguyễn Thị Lan').split(',')[4]).toBe('Nguyễn Thị Lan');
    expect(row('Lan = Hoa').split(',')[4]).toBe('Lan = Hoa');
  });
});
