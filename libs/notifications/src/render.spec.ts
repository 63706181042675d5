import { wordsFor, CATALOGUES, type Words } from './catalogue';
import { formatDateTime, renderNotification } from './render';
import { describeSmtpFailure, isPermanentSmtpFailure } from './smtp-mailer';

const asked = {
  requestId: '6f1c1d1e-0000-4000-8000-000000000001',
  caseNumber: 'HL-2026-042',
  windowFrom: '2026-12-01T07:30:00.000Z',
  windowTo: '2026-12-01T09:00:00.000Z',
  expiresAt: '2026-12-04T02:15:00.000Z',
  cameraLabels: ['Cổng trước', 'Sân sau'],
};
const options = { timeZone: 'Asia/Ho_Chi_Minh', webBaseUrl: 'https://himlam.example.vn/', footer: true };

describe('renderNotification: a request waiting for the owner', () => {
  it('speaks Vietnamese by default, with the ward-time window, the cameras and the inbox link', () => {
    const r = renderNotification('footage_request.awaiting_owner', asked, 'vi', options);
    expect(r.subject).toBe('Yêu cầu trích xuất hình ảnh từ camera của bạn (hồ sơ HL-2026-042)');
    // 07:30Z is 14:30 in Asia/Ho_Chi_Minh, whatever the server's zone.
    expect(r.text).toContain('từ 14:30 01/12/2026 đến 16:00 01/12/2026');
    expect(r.text).toContain('trước 09:15 04/12/2026');
    expect(r.text).toContain('“Cổng trước” và “Sân sau”');
    expect(r.text).toContain('https://himlam.example.vn/requests');
    expect(r.link).toBe('https://himlam.example.vn/requests');
    expect(r.text).toMatch(/tắt thông báo qua e-mail/);
  });

  it('speaks English when asked, with its formats', () => {
    const r = renderNotification('footage_request.awaiting_owner', asked, 'en', options);
    expect(r.subject).toBe('A request for footage from your camera (case HL-2026-042)');
    expect(r.text).toContain('from 01/12/2026, 14:30 to 01/12/2026, 16:00');
    expect(r.text).toContain('“Cổng trước” and “Sân sau”');
  });

  it('falls back to Vietnamese words and formats for Hmong until its catalogue is reviewed', () => {
    expect(renderNotification('footage_request.awaiting_owner', asked, 'hmn', options)).toEqual({
      ...renderNotification('footage_request.awaiting_owner', asked, 'vi', options),
      language: 'hmn',
    });
  });

  it('in the app: a path, not an address, and no e-mail footer', () => {
    const r = renderNotification('footage_request.awaiting_owner', asked, 'vi', { timeZone: 'Asia/Ho_Chi_Minh' });
    expect(r.link).toBe('/requests');
    expect(r.text).not.toMatch(/tắt thông báo/);
  });

  it('keeps a subject on one line whatever the case number holds', () => {
    const r = renderNotification('footage_request.awaiting_owner', { ...asked, caseNumber: 'X\r\nBcc: a@b.c' }, 'vi', options);
    expect(r.subject).not.toMatch(/[\r\n]/);
  });
});

describe("renderNotification: the officer's side", () => {
  const base = { requestId: 'r1', investigationId: 'inv-1', caseNumber: 'HL-2026-042' };

  it('an owner answered: the decision and the case, never which resident or camera', () => {
    const r = renderNotification(
      'footage_request.owner_answered',
      { ...base, decision: 'declined', answeredAt: '2026-12-01T10:00:00Z' },
      'vi',
      options,
    );
    expect(r.subject).toBe('Chủ camera đã trả lời yêu cầu (hồ sơ HL-2026-042)');
    expect(r.text).toContain('Một chủ camera đã từ chối');
    expect(r.text).toContain('17:00 01/12/2026');
    expect(r.link).toBe('https://himlam.example.vn/investigations/inv-1');
  });

  it('a supervisor decided', () => {
    const r = renderNotification(
      'footage_request.supervisor_decided',
      { ...base, decision: 'approved', decidedAt: '2026-12-01T10:00:00Z' },
      'en',
      options,
    );
    expect(r.subject).toBe('A supervisor approved your footage request (case HL-2026-042)');
  });

  it("a supervisor revoked one of the case's releases: when, why, and no camera or owner named", () => {
    const params = { ...base, releaseId: 'rel-1', revokedAt: '2026-12-01T10:00:00Z', reason: 'Kept beyond what the case needs' };
    const vi = renderNotification('footage.release_revoked', params, 'vi', options);
    expect(vi.subject).toBe('Lãnh đạo đã thu hồi quyền xem một phần hình ảnh (hồ sơ HL-2026-042)');
    expect(vi.text).toContain('Lúc 17:00 01/12/2026');
    expect(vi.text).toContain('Kept beyond what the case needs');
    expect(vi.link).toBe('https://himlam.example.vn/investigations/inv-1');
    const en = renderNotification('footage.release_revoked', params, 'en', options);
    expect(en.subject).toBe('A supervisor revoked a release of footage (case HL-2026-042)');
    expect(en.text).toContain('It can no longer be viewed or downloaded.');
  });
});

describe("renderNotification: the supervisors' side", () => {
  const waiting = {
    requestId: 'r1',
    investigationId: 'inv-1',
    caseNumber: 'HL-2026-042',
    windowFrom: '2026-12-01T07:30:00.000Z',
    windowTo: '2026-12-01T21:30:00.000Z',
    areaKm2: 0.7854,
    exceedsArea: true,
    exceedsWindow: true,
    justification: 'The suspect drove through the whole ward overnight.',
  };

  it('a request beyond the limits: which limits, the numbers in the ward formats, and the justification', () => {
    const vi = renderNotification('footage_request.awaiting_supervisor', waiting, 'vi', options);
    expect(vi.subject).toBe('Yêu cầu trích xuất hình ảnh vượt giới hạn chờ lãnh đạo quyết định (hồ sơ HL-2026-042)');
    expect(vi.text).toContain('vượt giới hạn diện tích và thời gian (diện tích 0,7854 km², từ 14:30 01/12/2026 đến 04:30 02/12/2026)');
    expect(vi.text).toContain('The suspect drove through the whole ward overnight.');
    expect(vi.link).toBe('https://himlam.example.vn/investigations/inv-1');
    const en = renderNotification('footage_request.awaiting_supervisor', { ...waiting, exceedsArea: false }, 'en', options);
    expect(en.subject).toBe('A footage request beyond the limits waits for your decision (case HL-2026-042)');
    expect(en.text).toContain('is longer than the window limit (0.7854 km²');
  });
});

describe('the catalogue', () => {
  const keys = Object.keys(wordsFor('vi')) as (keyof Words)[];

  it.each(['vi', 'en'] as const)('%s has every key (hmn is allowed to fall back)', (language) => {
    expect(Object.keys(CATALOGUES[language]).sort()).toEqual([...keys].sort());
  });

  it('holds no date or number formats, only words and {placeholders}', () => {
    for (const catalogue of Object.values(CATALOGUES)) {
      for (const text of Object.values(catalogue)) expect(text).not.toMatch(/\d{1,2}[:/]\d{2}/);
    }
  });

  it('formats in the ward time zone, not the server one', () => {
    expect(formatDateTime('2026-12-31T17:30:00Z', 'vi', 'Asia/Ho_Chi_Minh')).toBe('00:30 01/01/2027');
    expect(formatDateTime('2026-12-31T17:30:00Z', 'vi', 'UTC')).toBe('17:30 31/12/2026');
  });
});

describe('SMTP failures', () => {
  it('a 5xx refusal or a bad address is permanent; an outage, a 4xx or a failed login is retried', () => {
    expect(isPermanentSmtpFailure({ code: 'EENVELOPE', responseCode: 550 })).toBe(true);
    expect(isPermanentSmtpFailure({ code: 'EENVELOPE' })).toBe(true);
    expect(isPermanentSmtpFailure({ code: 'EMESSAGE', responseCode: 554 })).toBe(true);
    expect(isPermanentSmtpFailure({ code: 'ECONNECTION' })).toBe(false);
    expect(isPermanentSmtpFailure({ code: 'ETIMEDOUT' })).toBe(false);
    expect(isPermanentSmtpFailure({ code: 'EENVELOPE', responseCode: 451 })).toBe(false);
    expect(isPermanentSmtpFailure({ code: 'EAUTH', responseCode: 535 })).toBe(false);
  });

  it('describes a failure by its code and reply, on one line', () => {
    expect(describeSmtpFailure({ code: 'EENVELOPE', responseCode: 451, response: '451 try\nlater' })).toBe('EENVELOPE 451 451 try later');
    expect(describeSmtpFailure({})).toBe('unknown SMTP failure');
  });
});
