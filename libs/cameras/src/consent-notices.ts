import type { NoticeLanguage } from './camera.types';

/**
 * The notice a resident reads before consenting. Each consent version records which notice version
 * and language it was given against; a changed text gets a new version, never an edit.
 */
export const CURRENT_NOTICE_VERSION = '2026-11';

export const CONSENT_NOTICES: Record<string, Record<NoticeLanguage, string>> = {
  '2026-11': {
    vi:
      'Tôi là chủ sở hữu camera này và đồng ý chia sẻ với chương trình camera khu dân cư của phường theo các lựa chọn dưới đây. ' +
      'Dữ liệu sự kiện chuyển động và đoạn video chỉ được lưu trong số ngày tôi chọn, trừ khi đã được cấp cho một vụ việc. ' +
      'Công an chỉ xem được video khi có yêu cầu gắn với một vụ việc đã được duyệt; nếu tôi chọn "hỏi tôi mỗi lần", tôi sẽ quyết định từng yêu cầu. ' +
      'Tôi xem được mọi lần truy cập video của mình, và có thể tạm dừng hoặc rút lại sự đồng ý bất cứ lúc nào; khi rút lại, việc ghi hình dừng ngay ' +
      'và video chưa bị giữ cho vụ việc sẽ bị xoá.',
    en:
      "I own this camera and agree to share it with the ward's neighbourhood camera programme as chosen below. " +
      'Motion event data and clips are kept only for the number of days I choose, unless they have been released to an investigation. ' +
      'Police can see footage only through a request linked to an approved investigation; if I choose "ask me each time", I decide each request. ' +
      'I can see every access to my footage, and I can pause or withdraw my consent at any time; on withdrawal, capture stops at once ' +
      'and footage not held for an investigation is deleted.',
  },
};

export function noticeText(version: string, language: NoticeLanguage): string | undefined {
  return CONSENT_NOTICES[version]?.[language];
}
