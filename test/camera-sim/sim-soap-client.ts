/* eslint-disable @typescript-eslint/no-explicit-any -- parsed SOAP replies are walked untyped; the assertions check their shape. */
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import { usernameTokenHeader, type Credentials } from '../../apps/camera-sim/src/soap/ws-security';

/**
 * A raw SOAP client for the simulator tests: builds the envelope by hand (so tests control the
 * WS-Security header exactly) and returns status, text and how long the answer took.
 */
export interface SoapCall {
  credentials?: Credentials;
  /** The Created value's time; default now (host clock). */
  createdMs?: number;
  /** Extra SOAP header XML (e.g. wsa:To). */
  header?: string;
}

export interface SoapAnswer {
  status: number;
  text: string;
  ms: number;
}

export async function soap(url: string, bodyXml: string, call: SoapCall = {}): Promise<SoapAnswer> {
  const security = call.credentials ? usernameTokenHeader(call.credentials, call.createdMs ?? Date.now(), randomBytes(16)) : '';
  const envelope =
    `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing">` +
    `<s:Header>${security}${call.header ?? ''}</s:Header><s:Body>${bodyXml}</s:Body></s:Envelope>`;
  const started = Date.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
    body: envelope,
  });
  const text = await res.text();
  return { status: res.status, text, ms: Date.now() - started };
}

const parser = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true, processEntities: false, attributeNamePrefix: '@_' });

/** Parses a reply (prefixes removed) and returns its Body. */
export function body(text: string): any {
  return parser.parse(text).Envelope.Body;
}

/** The notification messages of a PullMessages answer, flattened for assertions. */
export function notifications(text: string): { topic: string; operation: string; utcTime: string; data: Record<string, string> }[] {
  let list = body(text).PullMessagesResponse.NotificationMessage ?? [];
  if (!Array.isArray(list)) list = [list];
  return list.map((n: any) => {
    const message = n.Message.Message;
    let items = message.Data.SimpleItem;
    if (!Array.isArray(items)) items = [items];
    return {
      topic: typeof n.Topic === 'string' ? n.Topic : n.Topic['#text'],
      operation: message['@_PropertyOperation'],
      utcTime: message['@_UtcTime'],
      data: Object.fromEntries(items.map((i: any) => [i['@_Name'], i['@_Value']])),
    };
  });
}

export const EV = 'xmlns="http://www.onvif.org/ver10/events/wsdl"';
export const WSNT = 'xmlns="http://docs.oasis-open.org/wsn/b-2"';

export async function createPullPoint(base: string, credentials: Credentials, initialTermination = 'PT60S'): Promise<string> {
  const answer = await soap(
    `${base}/onvif/Events`,
    `<CreatePullPointSubscription ${EV}><InitialTerminationTime>${initialTermination}</InitialTerminationTime></CreatePullPointSubscription>`,
    { credentials },
  );
  if (answer.status !== 200) throw new Error(`CreatePullPointSubscription answered ${answer.status}: ${answer.text}`);
  return body(answer.text).CreatePullPointSubscriptionResponse.SubscriptionReference.Address as string;
}

export function pull(address: string, credentials: Credentials, timeout = 'PT2S', limit = 10): Promise<SoapAnswer> {
  return soap(address, `<PullMessages ${EV}><Timeout>${timeout}</Timeout><MessageLimit>${limit}</MessageLimit></PullMessages>`, {
    credentials,
  });
}

/** Resolves with the connect error code (e.g. ECONNREFUSED), or 'connected'. */
export function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

export async function control(base: string, method: string, path: string, json?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: json === undefined ? {} : { 'content-type': 'application/json' },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  return { status: res.status, body: await res.json() };
}
