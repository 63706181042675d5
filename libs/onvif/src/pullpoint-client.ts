import { request } from 'node:http';
import { GuardedAgent, type DestinationCheck } from './guarded-agent';
import { chooseDigestChallenge, DigestChallengeError, digestAuthorization, type DigestChallenge } from './http-digest';
import { isPathOnHost, MAX_CLOCK_OFFSET_MS } from './onvif-probe';
import { parseNotifications, type CameraNotification } from './notifications';
import { child, decodeXmlText, MalformedReplyError, parseSoapBody, soapFault, text, type XmlNode } from './soap-xml';
import { escapeXml, usernameTokenHeader } from './ws-security';

export type OnvifErrorKind =
  'unreachable' | 'timeout' | 'aborted' | 'auth' | 'fault' | 'subscription_gone' | 'malformed' | 'forbidden_address' | 'http';

/** Why a call to a camera failed, in a form the subscription loop can act on. */
export class OnvifError extends Error {
  override name = 'OnvifError';
  constructor(
    readonly kind: OnvifErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export interface CameraEndpoint {
  /** The enrolled, checked address and port; every URL the camera hands back is rewritten to them. */
  host: string;
  port: number;
  /** Paths of the device and event services (from the probe's capabilities, rewritten to the enrolled host). */
  devicePath: string;
  eventServicePath: string;
  username: string;
  password: string;
}

export interface Subscription {
  /** The subscription manager's URL, rewritten to the enrolled host and port. */
  address: string;
  /** Raw ReferenceParameters XML to echo in every request's header (some cameras need it). */
  referenceParameters: string;
  /** In the camera's clock. */
  currentTime: Date;
  terminationTime: Date;
}

export interface PullResult {
  notifications: CameraNotification[];
  unreadable: number;
  /** Size of the camera's reply: parsing it costs the worker's event loop in proportion (the pacer charges it). */
  replyBytes: number;
  currentTime: Date | null;
  terminationTime: Date | null;
}

/**
 * Largest reply taken from a camera. Parsing is synchronous on the worker's event loop (about
 * 0.2-0.4 s for 1 MiB, F13 of the 2026-12 review); 256 KiB still holds a full pull of 100 ordinary
 * notifications several times over.
 */
export const MAX_REPLY_BYTES = 256 * 1024;
const SOAP_NS = 'http://www.w3.org/2003/05/soap-envelope';
const WSA_NS = 'http://www.w3.org/2005/08/addressing';

interface HttpReply {
  status: number;
  body: string;
  /** Every WWW-Authenticate value, in order (a camera may offer MD5 and SHA-256 side by side). */
  challenges: string[];
}

/**
 * Our own PullPoint client (DESIGN: the onvif package's subscribe and pull cannot be aborted, have
 * fixed timeouts and no size cap). Every request can be aborted, has an idle timeout (a pull's is
 * its long-poll Timeout plus a margin) and an overall deadline (the same margin: at the deadline
 * the socket is destroyed, however the camera trickles its answer), goes through the GuardedAgent
 * (destination re-checked, reply capped), is signed with WS-Security in the camera's clock
 * (`clockOffsetMs`, re-measured by the caller) and answers an HTTP Digest challenge (RFC 7616)
 * when the camera asks for one. Every URL it sends to is built on the enrolled host and port.
 */
export class PullPointClient {
  private readonly agent: GuardedAgent;
  /** camera clock minus server clock. */
  clockOffsetMs = 0;

  /** The challenge the camera last sent (HTTP Digest), answered with a fresh nc on every request. */
  private digest?: { challenge: DigestChallenge; nc: number };

  constructor(
    private readonly camera: CameraEndpoint,
    checkDestination: DestinationCheck,
    /** Silence allowed on a request (beyond a pull's long-poll Timeout). */
    private readonly requestTimeoutMs = 10_000,
    /** Overall time a request may take (beyond a pull's long-poll Timeout), however the camera answers. */
    private readonly requestDeadlineMs = 20_000,
  ) {
    this.agent = new GuardedAgent(checkDestination, MAX_REPLY_BYTES, { keepAlive: true, maxSockets: 2 });
  }

  /**
   * A URL on the enrolled host and port. Built with the URL parser, not by gluing strings: a
   * "path" such as `@10.88.5.5/x` or `//10.88.5.5/x` would otherwise name another host (F14 of the
   * 2026-12 review). Only an absolute path is accepted, and the result's host is checked again.
   */
  private url(path: string): string {
    if (!isPathOnHost(path)) {
      throw new OnvifError('malformed', `the camera gave a service address that is not a path on the camera: ${path.slice(0, 120)}`);
    }
    const base = new URL(`http://${this.camera.host.includes(':') ? `[${this.camera.host}]` : this.camera.host}:${this.camera.port}/`);
    const url = new URL(path, base);
    if (url.host !== base.host) {
      throw new OnvifError('forbidden_address', `the service address ${path.slice(0, 120)} would leave the enrolled host ${base.host}`);
    }
    return url.href;
  }

  /**
   * Rewrites an address the camera handed back to the enrolled host and port, keeping its path and
   * query. The XML parser leaves entities as written, so `&amp;` and the other built-in entities
   * (and numeric references) are decoded here: `?a=1&amp;b=2` is the address `?a=1&b=2`.
   */
  rewrite(address: string): string {
    let parsed: URL;
    try {
      parsed = new URL(decodeXmlText(address));
    } catch {
      throw new OnvifError('malformed', `the camera gave a subscription address that is not a URL: ${address.slice(0, 120)}`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new OnvifError('malformed', `the camera gave a subscription address that is not http(s): ${address.slice(0, 120)}`);
    }
    return this.url(`${parsed.pathname}${parsed.search}`);
  }

  /** Measures the camera clock (unauthenticated, as cameras allow) and stores the offset. */
  async measureClock(signal?: AbortSignal): Promise<number> {
    const sentAt = Date.now();
    const body = await this.call(
      this.url(this.camera.devicePath),
      '<tds:GetSystemDateAndTime xmlns:tds="http://www.onvif.org/ver10/device/wsdl"/>',
      { signal, authenticate: false },
    );
    const utc = child(child(child(body, 'GetSystemDateAndTimeResponse'), 'SystemDateAndTime'), 'UTCDateTime');
    const date = child(utc, 'Date');
    const time = child(utc, 'Time');
    const parts = [
      text(child(date, 'Year')),
      text(child(date, 'Month')),
      text(child(date, 'Day')),
      text(child(time, 'Hour')),
      text(child(time, 'Minute')),
      text(child(time, 'Second')),
    ].map(Number);
    if (parts.some((p) => !Number.isFinite(p))) throw new OnvifError('malformed', 'the camera reported no readable UTC time');
    const cameraMs = Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5]);
    // Whole seconds on the camera side: take the midpoint of the round trip as the server moment.
    const offset = Math.round(cameraMs + 500 - (sentAt + Date.now()) / 2);
    if (Math.abs(offset) > MAX_CLOCK_OFFSET_MS) {
      throw new OnvifError(
        'malformed',
        `the camera's clock is ${Math.round(Math.abs(offset) / 86_400_000)} days off; its event times cannot be trusted until it is set`,
      );
    }
    this.clockOffsetMs = offset;
    return offset;
  }

  async createSubscription(initialTerminationTime = 'PT10M', signal?: AbortSignal): Promise<Subscription> {
    const { body, xml } = await this.exchange(
      this.url(this.camera.eventServicePath),
      '<tev:CreatePullPointSubscription xmlns:tev="http://www.onvif.org/ver10/events/wsdl">' +
        `<tev:InitialTerminationTime>${initialTerminationTime}</tev:InitialTerminationTime></tev:CreatePullPointSubscription>`,
      { signal, action: 'http://www.onvif.org/ver10/events/wsdl/EventPortType/CreatePullPointSubscriptionRequest' },
    );
    const response = child(body, 'CreatePullPointSubscriptionResponse');
    const reference = child(response, 'SubscriptionReference');
    const address = text(child(reference, 'Address'));
    if (!address) throw new OnvifError('malformed', 'CreatePullPointSubscription answered without a subscription address');
    const times = this.times(response);
    if (!times.currentTime || !times.terminationTime)
      throw new OnvifError('malformed', 'CreatePullPointSubscription answered without CurrentTime/TerminationTime');
    return {
      address: this.rewrite(address),
      // Echoed verbatim in every later request's header; some cameras route on them.
      referenceParameters: /<(?:[\w-]+:)?ReferenceParameters[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?ReferenceParameters>/.exec(xml)?.[1] ?? '',
      currentTime: times.currentTime,
      terminationTime: times.terminationTime,
    };
  }

  /** Long-polls for up to `timeoutSeconds`; the HTTP timeout is longer, so an idle poll is not a failure. */
  async pull(subscription: Subscription, timeoutSeconds: number, messageLimit = 100, signal?: AbortSignal): Promise<PullResult> {
    const { body, xml } = await this.exchange(
      subscription.address,
      '<tev:PullMessages xmlns:tev="http://www.onvif.org/ver10/events/wsdl">' +
        `<tev:Timeout>PT${timeoutSeconds}S</tev:Timeout><tev:MessageLimit>${messageLimit}</tev:MessageLimit></tev:PullMessages>`,
      {
        signal,
        timeoutMs: timeoutSeconds * 1000 + this.requestTimeoutMs,
        deadlineMs: timeoutSeconds * 1000 + this.requestDeadlineMs,
        referenceParameters: subscription.referenceParameters,
        action: 'http://www.onvif.org/ver10/events/wsdl/PullPointSubscription/PullMessagesRequest',
      },
    );
    const response = child(body, 'PullMessagesResponse');
    if (!response) throw new OnvifError('malformed', 'PullMessages answered without a PullMessagesResponse');
    const { notifications, unreadable } = parseNotifications(response);
    return { notifications, unreadable, replyBytes: Buffer.byteLength(xml), ...this.times(response) };
  }

  async renew(
    subscription: Subscription,
    terminationTime = 'PT10M',
    signal?: AbortSignal,
  ): Promise<{ currentTime: Date | null; terminationTime: Date | null }> {
    const body = await this.call(
      subscription.address,
      `<wsnt:Renew xmlns:wsnt="http://docs.oasis-open.org/wsn/b-2"><wsnt:TerminationTime>${terminationTime}</wsnt:TerminationTime></wsnt:Renew>`,
      {
        signal,
        referenceParameters: subscription.referenceParameters,
        action: 'http://docs.oasis-open.org/wsn/bw-2/SubscriptionManager/RenewRequest',
      },
    );
    return this.times(child(body, 'RenewResponse'));
  }

  async unsubscribe(subscription: Subscription, signal?: AbortSignal): Promise<void> {
    await this.call(subscription.address, '<wsnt:Unsubscribe xmlns:wsnt="http://docs.oasis-open.org/wsn/b-2"/>', {
      signal,
      referenceParameters: subscription.referenceParameters,
      action: 'http://docs.oasis-open.org/wsn/bw-2/SubscriptionManager/UnsubscribeRequest',
    });
  }

  /**
   * One other SOAP call to the camera (GetCapabilities, GetSnapshotUri…), with everything above:
   * a path on the enrolled host, WS-Security, HTTP Digest, the size cap and the deadline.
   */
  async request(path: string, bodyXml: string, signal?: AbortSignal): Promise<XmlNode> {
    return this.call(this.url(path), bodyXml, { signal });
  }

  close(): void {
    this.agent.destroy();
  }

  private times(node: XmlNode | XmlNode[keyof XmlNode] | undefined): { currentTime: Date | null; terminationTime: Date | null } {
    const asDate = (v: string | undefined) => {
      const d = v ? new Date(v) : null;
      return d && !Number.isNaN(d.getTime()) ? d : null;
    };
    return { currentTime: asDate(text(child(node, 'CurrentTime'))), terminationTime: asDate(text(child(node, 'TerminationTime'))) };
  }

  private async call(url: string, bodyXml: string, options: RequestOptions): Promise<XmlNode> {
    return (await this.exchange(url, bodyXml, options)).body;
  }

  private async exchange(url: string, bodyXml: string, options: RequestOptions): Promise<{ body: XmlNode; xml: string }> {
    const { status, body: xml } = await this.send(url, bodyXml, options);
    let body: XmlNode;
    try {
      body = parseSoapBody(xml);
    } catch (e) {
      if (e instanceof MalformedReplyError) {
        throw new OnvifError(status >= 400 ? 'http' : 'malformed', status >= 400 ? `HTTP ${status} with an unreadable body` : e.message);
      }
      throw e;
    }
    const fault = soapFault(body);
    if (fault) {
      const what = `${fault.subcode ?? fault.code}: ${fault.reason}`;
      if (/NotAuthorized/i.test(what)) throw new OnvifError('auth', `the camera refused the credentials (${what})`);
      if (/ResourceUnknown|UnknownSubscription|InvalidSubscription/i.test(what))
        throw new OnvifError('subscription_gone', `the subscription no longer exists (${what})`);
      throw new OnvifError('fault', `the camera answered with a fault (${what})`);
    }
    if (status >= 400) throw new OnvifError('http', `the camera answered HTTP ${status}`);
    return { body, xml };
  }

  /**
   * Sends one request, answering an HTTP Digest challenge if the camera sends one: once per new
   * challenge (and once more for a stale nonce), so a wrong password is an auth failure after at
   * most two round trips, never a loop. WS-Security is sent as well, for cameras that want both.
   */
  private async send(url: string, bodyXml: string, options: RequestOptions): Promise<HttpReply> {
    const requestUri = new URL(url);
    const target = `${requestUri.pathname}${requestUri.search}`;
    let answered: 'nothing' | 'earlier challenge' | 'this challenge' = this.digest ? 'earlier challenge' : 'nothing';
    for (let attempt = 1; ; attempt++) {
      const authorization = this.digest
        ? digestAuthorization(this.digest.challenge, {
            method: 'POST',
            uri: target,
            username: this.camera.username,
            password: this.camera.password,
            nc: ++this.digest.nc,
          })
        : undefined;
      const reply = await this.post(url, this.envelope(url, bodyXml, options), options, authorization);
      if (reply.status !== 401) return reply;
      let challenge: DigestChallenge | null;
      try {
        challenge = chooseDigestChallenge(reply.challenges);
      } catch (e) {
        if (e instanceof DigestChallengeError)
          throw new OnvifError('auth', `the camera asked for HTTP authentication that cannot be answered: ${e.message}`);
        throw e;
      }
      if (!challenge) {
        throw new OnvifError(
          'auth',
          'the camera answered HTTP 401 without a Digest challenge (only HTTP Digest is supported, never Basic)',
        );
      }
      if ((answered === 'this challenge' && !challenge.stale) || attempt >= 3) {
        throw new OnvifError('auth', 'the camera refused the username or password (HTTP Digest)');
      }
      this.digest = { challenge, nc: 0 };
      answered = 'this challenge';
    }
  }

  private envelope(url: string, bodyXml: string, options: RequestOptions): string {
    const security =
      options.authenticate === false
        ? ''
        : usernameTokenHeader(this.camera.username, this.camera.password, Date.now() + this.clockOffsetMs);
    const addressing = options.action ? `<wsa:Action>${options.action}</wsa:Action><wsa:To>${escapeXml(url)}</wsa:To>` : '';
    return (
      `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="${SOAP_NS}" xmlns:wsa="${WSA_NS}">` +
      `<s:Header>${security}${addressing}${options.referenceParameters ?? ''}</s:Header><s:Body>${bodyXml}</s:Body></s:Envelope>`
    );
  }

  private post(url: string, envelope: string, options: RequestOptions, authorization?: string): Promise<HttpReply> {
    const timeoutMs = options.timeoutMs ?? this.requestTimeoutMs;
    const deadlineMs = options.deadlineMs ?? this.requestDeadlineMs;
    const signal = options.signal;
    return new Promise<HttpReply>((resolve, reject) => {
      if (signal?.aborted) return reject(new OnvifError('aborted', 'the request was aborted'));
      const headers: Record<string, string | number> = {
        'content-type': 'application/soap+xml; charset=utf-8',
        'content-length': Buffer.byteLength(envelope),
      };
      if (authorization) headers.authorization = authorization;
      const req = request(url, { method: 'POST', agent: this.agent, headers, signal, timeout: timeoutMs });
      // The first outcome wins (a promise settles once); destroying the request afterwards frees the socket.
      const fail = (error: OnvifError) => {
        clearTimeout(deadline);
        reject(error);
        req.destroy();
      };
      // An idle timeout alone never fires for a camera that sends a byte now and then.
      const deadline = setTimeout(
        () => fail(new OnvifError('timeout', `the camera did not finish answering within ${deadlineMs} ms`)),
        deadlineMs,
      );
      req.on('timeout', () => fail(new OnvifError('timeout', `the camera did not answer within ${timeoutMs} ms`)));
      req.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(deadline);
        if (e instanceof OnvifError) return reject(e);
        if (e.name === 'AbortError') return reject(new OnvifError('aborted', 'the request was aborted'));
        if (e.code === 'EDESTINATIONREFUSED') return reject(new OnvifError('forbidden_address', e.message));
        if (e.code === 'EREPLYTOOLARGE') return reject(new OnvifError('malformed', e.message));
        reject(new OnvifError('unreachable', `the camera could not be reached (${e.code ?? e.message})`));
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => fail(new OnvifError('unreachable', `the reply was cut off (${e.message})`)));
        res.on('end', () => {
          clearTimeout(deadline);
          const challenges: string[] = [];
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
            if (res.rawHeaders[i].toLowerCase() === 'www-authenticate') challenges.push(res.rawHeaders[i + 1]);
          }
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), challenges });
        });
      });
      req.end(envelope);
    });
  }
}

interface RequestOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  deadlineMs?: number;
  authenticate?: boolean;
  referenceParameters?: string;
  action?: string;
}
