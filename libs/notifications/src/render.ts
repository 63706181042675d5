import type { Language } from '@wardwatch/accounts';
import { localeFor, wordsFor } from './catalogue';
import type { NotificationKind, NotificationParams, RenderedNotification } from './notification.types';

export interface RenderOptions {
  /** The ward's time zone (WARD_TIME_ZONE): every date is shown in it, whatever the server's zone. */
  timeZone: string;
  /** PUBLIC_WEB_URL for e-mail (absolute links); omitted in the app (paths). */
  webBaseUrl?: string;
  /** Add the e-mail footer (why this mail came, how to turn e-mail off). */
  footer?: boolean;
}

/** Where in the web app each notification leads (the web app's routes). */
export const WEB_PATHS = {
  ownerRequests: '/requests',
  investigation: (investigationId: string) => `/investigations/${encodeURIComponent(investigationId)}`,
} as const;

const fill = (template: string, values: Record<string, string>): string =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);

/** Header-safe: a case number or label never breaks a subject line. */
const oneLine = (value: string): string => value.replace(/[\r\n\t]+/g, ' ').trim();

export function formatDateTime(iso: string, language: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(localeFor(language), {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

function formatList(items: string[], language: Language): string {
  return new Intl.ListFormat(localeFor(language), { style: 'long', type: 'conjunction' }).format(items.map((i) => `“${oneLine(i)}”`));
}

function joinUrl(base: string | undefined, path: string): string {
  return base ? `${base.replace(/\/+$/, '')}${path}` : path;
}

/**
 * A notification in the recipient's words: subject, plain text and the link into the web app.
 * Pure (no I/O), so the words and formats are unit-tested; the same text serves the app and e-mail.
 */
export function renderNotification<K extends NotificationKind>(
  kind: K,
  params: NotificationParams[K],
  language: Language,
  options: RenderOptions,
): RenderedNotification {
  const w = wordsFor(language);
  const at = (iso: string) => formatDateTime(iso, language, options.timeZone);
  let subject: string;
  let body: string;
  let path: string;
  switch (kind) {
    case 'footage_request.awaiting_owner': {
      const p = params as NotificationParams['footage_request.awaiting_owner'];
      path = WEB_PATHS.ownerRequests;
      const values = {
        caseNumber: oneLine(p.caseNumber),
        cameras: formatList(p.cameraLabels, language),
        windowFrom: at(p.windowFrom),
        windowTo: at(p.windowTo),
        expiresAt: at(p.expiresAt),
        link: joinUrl(options.webBaseUrl, path),
      };
      subject = fill(w.awaitingOwnerSubject, values);
      body = fill(w.awaitingOwnerText, values);
      break;
    }
    case 'footage_request.owner_answered': {
      const p = params as NotificationParams['footage_request.owner_answered'];
      path = WEB_PATHS.investigation(p.investigationId);
      const values = {
        caseNumber: oneLine(p.caseNumber),
        decision: p.decision === 'approved' ? w.approved : w.declined,
        at: at(p.answeredAt),
        link: joinUrl(options.webBaseUrl, path),
      };
      subject = fill(w.ownerAnsweredSubject, values);
      body = fill(w.ownerAnsweredText, values);
      break;
    }
    case 'footage_request.supervisor_decided': {
      const p = params as NotificationParams['footage_request.supervisor_decided'];
      path = WEB_PATHS.investigation(p.investigationId);
      const values = {
        caseNumber: oneLine(p.caseNumber),
        decision: p.decision === 'approved' ? w.approved : w.rejected,
        at: at(p.decidedAt),
        link: joinUrl(options.webBaseUrl, path),
      };
      subject = fill(w.supervisorDecidedSubject, values);
      body = fill(w.supervisorDecidedText, values);
      break;
    }
    case 'footage_request.awaiting_supervisor': {
      const p = params as NotificationParams['footage_request.awaiting_supervisor'];
      path = WEB_PATHS.investigation(p.investigationId);
      const values = {
        caseNumber: oneLine(p.caseNumber),
        exceeds: p.exceedsArea && p.exceedsWindow ? w.exceedsBoth : p.exceedsArea ? w.exceedsArea : w.exceedsWindow,
        areaKm2: new Intl.NumberFormat(localeFor(language), { maximumFractionDigits: 4 }).format(p.areaKm2),
        windowFrom: at(p.windowFrom),
        windowTo: at(p.windowTo),
        justification: p.justification,
        link: joinUrl(options.webBaseUrl, path),
      };
      subject = fill(w.awaitingSupervisorSubject, values);
      body = fill(w.awaitingSupervisorText, values);
      break;
    }
    case 'footage.release_revoked': {
      const p = params as NotificationParams['footage.release_revoked'];
      path = WEB_PATHS.investigation(p.investigationId);
      const values = {
        caseNumber: oneLine(p.caseNumber),
        at: at(p.revokedAt),
        reason: p.reason,
        link: joinUrl(options.webBaseUrl, path),
      };
      subject = fill(w.releaseRevokedSubject, values);
      body = fill(w.releaseRevokedText, values);
      break;
    }
    default: {
      const unknown: never = kind;
      throw new Error(`no words for notification kind ${String(unknown)}`);
    }
  }
  return {
    language,
    subject: oneLine(subject),
    text: options.footer ? `${body}\n\n-- \n${w.footer}\n` : body,
    link: joinUrl(options.webBaseUrl, path),
  };
}
