export const CAMERA_LIFECYCLES = ['pending', 'active', 'paused', 'withdrawn'] as const;
export type CameraLifecycle = (typeof CAMERA_LIFECYCLES)[number];

export const CAMERA_HEALTH = ['unknown', 'online', 'offline', 'auth_failed', 'subscription_failing', 'stream_unreachable'] as const;
export type CameraHealth = (typeof CAMERA_HEALTH)[number];

/** What a resident may share; each is a separate, explicit choice. */
export const CONSENT_PURPOSES = ['event_metadata', 'clips', 'police_search'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** ask: the owner approves each police request; auto_release: approved investigations get footage without asking. */
export const SHARING_MODES = ['ask', 'auto_release'] as const;
export type SharingMode = (typeof SHARING_MODES)[number];

/** given: in force; paused: kept but nothing is captured or shared; withdrawn: final. */
export const CONSENT_STATES = ['given', 'paused', 'withdrawn'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

export const CONSENT_METHODS = ['web', 'api', 'paper'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export const NOTICE_LANGUAGES = ['vi', 'en'] as const;
export type NoticeLanguage = (typeof NOTICE_LANGUAGES)[number];

/** Daily window in the ward's local time (Asia/Ho_Chi_Minh), e.g. 22:00-06:00 across midnight. */
export interface ActiveHours {
  from: string;
  to: string;
}
