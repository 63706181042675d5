import type { Language } from '@wardwatch/accounts';

/**
 * What a notification is about, with the facts its words need. Only what the recipient may see:
 * an owner's notice names their own cameras; an officer's names no resident, camera or address.
 */
export interface NotificationParams {
  /** A supervisor let a request through (or none was needed) and it waits for this owner's answer. */
  'footage_request.awaiting_owner': {
    requestId: string;
    caseNumber: string;
    windowFrom: string;
    windowTo: string;
    expiresAt: string;
    /** The recipient's own cameras the request names (their labels). */
    cameraLabels: string[];
  };
  /** An owner answered the officer's request for one camera. */
  'footage_request.owner_answered': {
    requestId: string;
    investigationId: string;
    caseNumber: string;
    decision: 'approved' | 'declined';
    answeredAt: string;
  };
  /**
   * A request beyond the area or window limit waits for a supervisor's decision: its justification,
   * for every active supervisor who may decide it (not the requester, not a member of the case).
   */
  'footage_request.awaiting_supervisor': {
    requestId: string;
    investigationId: string;
    caseNumber: string;
    windowFrom: string;
    windowTo: string;
    /** The area's size in km², rounded to 4 places. */
    areaKm2: number;
    exceedsArea: boolean;
    exceedsWindow: boolean;
    justification: string;
  };
  /** A supervisor decided the officer's request. */
  'footage_request.supervisor_decided': {
    requestId: string;
    investigationId: string;
    caseNumber: string;
    decision: 'approved' | 'rejected';
    decidedAt: string;
  };
  /**
   * A supervisor revoked one release of the lead's investigation before it expired: its footage can
   * no longer be fetched. The supervisor's reason is given; no camera, owner or address is named.
   */
  'footage.release_revoked': {
    releaseId: string;
    requestId: string;
    investigationId: string;
    caseNumber: string;
    revokedAt: string;
    reason: string;
  };
}
export type NotificationKind = keyof NotificationParams;
export const NOTIFICATION_KINDS = [
  'footage_request.awaiting_owner',
  'footage_request.owner_answered',
  'footage_request.supervisor_decided',
  'footage_request.awaiting_supervisor',
  'footage.release_revoked',
] as const satisfies readonly NotificationKind[];

/** A notification to write: `key` is its domain key, unique per recipient (a second notify with it is a no-op). */
export type Notice = {
  [K in NotificationKind]: {
    recipientId: string;
    kind: K;
    params: NotificationParams[K];
    key: string;
    subject: { type: string; id: string };
  };
}[NotificationKind];

/** The channels; a messenger (e.g. `zalo`) is one more name here and one more NotificationChannel. */
export const CHANNELS = ['in_app', 'email'] as const;
export type ChannelName = (typeof CHANNELS)[number];
/** Channels the worker delivers from the outbox (in-app is written with the event itself). */
export const OUTBOX_CHANNELS = ['email'] as const satisfies readonly ChannelName[];
export type OutboxChannelName = (typeof OUTBOX_CHANNELS)[number];

export const DELIVERY_STATES = ['pending', 'sent', 'failed', 'skipped'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** Whom a notification goes to, as the channels need it. */
export interface Recipient {
  userId: string;
  email: string;
  language: Language;
  /** The user's choice to get notifications by e-mail too. */
  emailNotifications: boolean;
  active: boolean;
}

/** A notification in words, in the recipient's language. */
export interface RenderedNotification {
  language: Language;
  subject: string;
  text: string;
  /** Absolute for e-mail (PUBLIC_WEB_URL + path); the path alone in the app. */
  link: string;
}
