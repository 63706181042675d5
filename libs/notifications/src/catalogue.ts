import type { Language } from '@wardwatch/accounts';

/**
 * The words of every notification, per language. Placeholders are `{name}`; dates, numbers and
 * lists are formatted in code (Intl) before they are put in, never inside these strings.
 */
export interface Words {
  awaitingOwnerSubject: string;
  awaitingOwnerText: string;
  ownerAnsweredSubject: string;
  ownerAnsweredText: string;
  supervisorDecidedSubject: string;
  supervisorDecidedText: string;
  awaitingSupervisorSubject: string;
  awaitingSupervisorText: string;
  releaseRevokedSubject: string;
  releaseRevokedText: string;
  /** What the request exceeds, put into awaitingSupervisorText as {exceeds}. */
  exceedsArea: string;
  exceedsWindow: string;
  exceedsBoth: string;
  approved: string;
  declined: string;
  rejected: string;
  footer: string;
}

const vi: Words = {
  awaitingOwnerSubject: 'Yêu cầu trích xuất hình ảnh từ camera của bạn (hồ sơ {caseNumber})',
  awaitingOwnerText:
    'Công an phường đề nghị bạn cho phép sử dụng đoạn ghi hình của camera {cameras} từ {windowFrom} đến {windowTo}, cho hồ sơ {caseNumber}.\n' +
    'Bạn có thể đồng ý hoặc từ chối trước {expiresAt}. Lý do và căn cứ pháp lý có trong ứng dụng:\n{link}\n\n' +
    'Không có đoạn ghi hình nào được chia sẻ khi bạn chưa đồng ý.',
  ownerAnsweredSubject: 'Chủ camera đã trả lời yêu cầu (hồ sơ {caseNumber})',
  ownerAnsweredText: 'Một chủ camera đã {decision} yêu cầu trích xuất hình ảnh của hồ sơ {caseNumber} lúc {at}.\nXem chi tiết:\n{link}',
  supervisorDecidedSubject: 'Lãnh đạo đã {decision} yêu cầu trích xuất hình ảnh (hồ sơ {caseNumber})',
  supervisorDecidedText: 'Yêu cầu trích xuất hình ảnh của hồ sơ {caseNumber} đã được lãnh đạo {decision} lúc {at}.\nXem chi tiết:\n{link}',
  awaitingSupervisorSubject: 'Yêu cầu trích xuất hình ảnh vượt giới hạn chờ lãnh đạo quyết định (hồ sơ {caseNumber})',
  awaitingSupervisorText:
    'Một yêu cầu trích xuất hình ảnh của hồ sơ {caseNumber} {exceeds} (diện tích {areaKm2} km², từ {windowFrom} đến {windowTo}).\n' +
    'Lý do cán bộ giải trình:\n{justification}\n\nXem và quyết định:\n{link}',
  releaseRevokedSubject: 'Lãnh đạo đã thu hồi quyền xem một phần hình ảnh (hồ sơ {caseNumber})',
  releaseRevokedText:
    'Lúc {at}, lãnh đạo đã thu hồi quyền xem hình ảnh của một camera đã được cấp cho hồ sơ {caseNumber}. ' +
    'Từ nay không thể xem hay tải đoạn ghi hình đó.\nLý do:\n{reason}\n\nXem chi tiết:\n{link}',
  exceedsArea: 'vượt giới hạn diện tích',
  exceedsWindow: 'vượt giới hạn thời gian',
  exceedsBoth: 'vượt giới hạn diện tích và thời gian',
  approved: 'đồng ý',
  declined: 'từ chối',
  rejected: 'từ chối',
  footer:
    'Thư này được gửi tự động từ hệ thống camera an ninh của phường. Bạn có thể tắt thông báo qua e-mail trong phần cài đặt tài khoản.',
};

const en: Words = {
  awaitingOwnerSubject: 'A request for footage from your camera (case {caseNumber})',
  awaitingOwnerText:
    'The ward police ask your permission to use the recording of camera {cameras} from {windowFrom} to {windowTo}, for case {caseNumber}.\n' +
    'You can approve or decline until {expiresAt}. The reason and the legal basis are in the app:\n{link}\n\n' +
    'No footage is shared unless you approve.',
  ownerAnsweredSubject: 'A camera owner answered your request (case {caseNumber})',
  ownerAnsweredText: 'A camera owner {decision} your footage request for case {caseNumber} at {at}.\nDetails:\n{link}',
  supervisorDecidedSubject: 'A supervisor {decision} your footage request (case {caseNumber})',
  supervisorDecidedText: 'Your footage request for case {caseNumber} was {decision} by a supervisor at {at}.\nDetails:\n{link}',
  awaitingSupervisorSubject: 'A footage request beyond the limits waits for your decision (case {caseNumber})',
  awaitingSupervisorText:
    'A footage request for case {caseNumber} {exceeds} ({areaKm2} km², from {windowFrom} to {windowTo}).\n' +
    "The officer's justification:\n{justification}\n\nReview and decide:\n{link}",
  releaseRevokedSubject: 'A supervisor revoked a release of footage (case {caseNumber})',
  releaseRevokedText:
    "At {at}, a supervisor revoked one camera's released footage for case {caseNumber}. " +
    'It can no longer be viewed or downloaded.\nReason:\n{reason}\n\nDetails:\n{link}',
  exceedsArea: 'is larger than the area limit',
  exceedsWindow: 'is longer than the window limit',
  exceedsBoth: 'is beyond both the area and the window limits',
  approved: 'approved',
  declined: 'declined',
  rejected: 'rejected',
  footer:
    "This message was sent automatically by the ward's camera network. You can turn off e-mail notifications in your account settings.",
};

/**
 * Hmong words wait for a native speaker's review (DESIGN: outreach screens are marked for review);
 * until then every key falls back to Vietnamese, the language of the ward's notices.
 */
const hmn: Partial<Words> = {};

export const CATALOGUES: Record<Language, Partial<Words>> = { vi, en, hmn };

/** The words for a language, each missing one taken from Vietnamese. */
export function wordsFor(language: Language): Words {
  return { ...vi, ...CATALOGUES[language] };
}

/** The locale Intl formats with: browsers and Node have no Hmong locale data, so hmn formats as vi-VN. */
export function localeFor(language: Language): string {
  return language === 'en' ? 'en-GB' : 'vi-VN';
}
