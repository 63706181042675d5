export const CAMERA_LIFECYCLES = ['pending', 'active', 'paused', 'withdrawn'] as const;
export type CameraLifecycle = (typeof CAMERA_LIFECYCLES)[number];

/** not_covered: consenting, but no worker holds it (see the camera's coverage gap for why). */
export const CAMERA_HEALTH = [
  'unknown',
  'online',
  'offline',
  'auth_failed',
  'subscription_failing',
  'stream_unreachable',
  'not_covered',
] as const;
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

/**
 * A daily window, e.g. 22:00-06:00 across midnight, in the time zone it was given in: the ward's
 * WARD_TIME_ZONE when the resident consented (recorded with the consent, so a later change of
 * configuration cannot move the window a resident agreed to). Absent on input; always present on
 * consents given since migration ActiveHoursCarryTheirZone (older ones were given in Asia/Ho_Chi_Minh).
 */
export interface ActiveHours {
  from: string;
  to: string;
  timeZone?: string;
}

/** The zone consents given before active hours carried their own were read in. */
export const LEGACY_ACTIVE_HOURS_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Stored active hours with their zone always named (older versions' zone filled in as they were read). */
export const activeHoursWithZone = (hours: ActiveHours | null): Required<ActiveHours> | null =>
  hours && { from: hours.from, to: hours.to, timeZone: hours.timeZone ?? LEGACY_ACTIVE_HOURS_TIME_ZONE };
