import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** The namespaces every reply declares on its Envelope, so handlers can use the prefixes freely. */
export const NAMESPACES = {
  env: 'http://www.w3.org/2003/05/soap-envelope',
  wsa: 'http://www.w3.org/2005/08/addressing',
  tds: 'http://www.onvif.org/ver10/device/wsdl',
  trt: 'http://www.onvif.org/ver10/media/wsdl',
  tev: 'http://www.onvif.org/ver10/events/wsdl',
  tt: 'http://www.onvif.org/ver10/schema',
  ter: 'http://www.onvif.org/ver10/error',
  tns1: 'http://www.onvif.org/ver10/topics',
  wsnt: 'http://docs.oasis-open.org/wsn/b-2',
  wstop: 'http://docs.oasis-open.org/wsn/t-1',
  'wsrf-rw': 'http://docs.oasis-open.org/wsrf/rw-2',
  xs: 'http://www.w3.org/2001/XMLSchema',
} as const;

const NS_DECLARATIONS = Object.entries(NAMESPACES)
  .map(([prefix, uri]) => `xmlns:${prefix}="${uri}"`)
  .join(' ');

/** A parsed XML element as fast-xml-parser gives it (prefixes removed, attributes as `@_name`). */
export type XmlNode = { [key: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[];

/** Why a request could not be read as SOAP; answered with an env:Sender fault. */
export class SoapParseError extends Error {
  override name = 'SoapParseError';
}

export interface SoapRequest {
  /** Local name of the Body's first element, e.g. `PullMessages`. */
  action: string;
  /** That element's content. */
  body: XmlNode;
  header: XmlNode;
}

/**
 * Reads incoming SOAP 1.2 requests. Entities are never expanded (processEntities false) and a
 * request with a DOCTYPE is refused outright: SOAP 1.2 forbids DTDs in messages, and refusing them
 * keeps entity-expansion attacks away from the simulator itself.
 */
export class SoapEnvelopeParser {
  private readonly parser = new XMLParser({
    ignoreAttributes: false,
    removeNSPrefix: true,
    processEntities: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
  });

  parse(xml: string): SoapRequest {
    if (/<!DOCTYPE/i.test(xml)) throw new SoapParseError('a SOAP message must not contain a document type declaration');
    const valid = XMLValidator.validate(xml);
    if (valid !== true) throw new SoapParseError(`the request is not well-formed XML: ${valid.err.msg}`);
    const doc = this.parser.parse(xml) as XmlNode;
    const envelope = doc.Envelope;
    if (!isNode(envelope)) throw new SoapParseError('the request has no SOAP Envelope');
    const body = envelope.Body;
    if (!isNode(body)) throw new SoapParseError('the SOAP Envelope has no Body');
    const action = Object.keys(body).find((k) => !k.startsWith('@_') && k !== '#text');
    if (!action) throw new SoapParseError('the SOAP Body is empty');
    const content = body[action];
    return {
      action,
      body: isNode(content) ? content : {},
      header: isNode(envelope.Header) ? envelope.Header : {},
    };
  }
}

export function isNode(value: XmlValue | undefined): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The text of a child element (first one if repeated), or undefined. */
export function childText(node: XmlNode | undefined, name: string): string | undefined {
  if (!node) return undefined;
  let value = node[name];
  if (Array.isArray(value)) value = value[0];
  if (typeof value === 'string') return value;
  if (isNode(value)) {
    const text = value['#text'];
    return typeof text === 'string' ? text : '';
  }
  return undefined;
}

export function childNode(node: XmlNode | undefined, name: string): XmlNode | undefined {
  if (!node) return undefined;
  let value = node[name];
  if (Array.isArray(value)) value = value[0];
  return isNode(value) ? value : undefined;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** A reply ready to send: HTTP status and the XML text. */
export interface SoapReply {
  status: number;
  xml: string;
  /** Extra HTTP headers (a list repeats the header, as for two WWW-Authenticate challenges). */
  headers?: Record<string, string | string[]>;
}

/**
 * Builds replies. The Header is always present (it carries the wsa:Action), so fault injection
 * has a fixed place to put its payload.
 */
export function soapEnvelope(bodyXml: string, action?: string): string {
  const header = action ? `<wsa:Action>${escapeXml(action)}</wsa:Action>` : '';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<env:Envelope ${NS_DECLARATIONS}><env:Header>${header}</env:Header><env:Body>${bodyXml}</env:Body></env:Envelope>`
  );
}

export function soapOk(bodyXml: string, action?: string): SoapReply {
  return { status: 200, xml: soapEnvelope(bodyXml, action) };
}

export interface SoapFaultSpec {
  /** `Sender` (the client's fault: HTTP 400) or `Receiver` (the device's: HTTP 500), per SOAP 1.2. */
  code: 'Sender' | 'Receiver';
  /** Qualified subcodes, outermost first, e.g. ['ter:NotAuthorized']. */
  subcodes: string[];
  reason: string;
  /** HTTP status; defaults to 400 for Sender and 500 for Receiver. */
  status?: number;
}

export function soapFault(spec: SoapFaultSpec): SoapReply {
  let subcode = '';
  for (const value of [...spec.subcodes].reverse()) {
    subcode = `<env:Subcode><env:Value>${value}</env:Value>${subcode}</env:Subcode>`;
  }
  const body =
    `<env:Fault><env:Code><env:Value>env:${spec.code}</env:Value>${subcode}</env:Code>` +
    `<env:Reason><env:Text xml:lang="en">${escapeXml(spec.reason)}</env:Text></env:Reason></env:Fault>`;
  return {
    status: spec.status ?? (spec.code === 'Sender' ? 400 : 500),
    xml: soapEnvelope(body, 'http://www.w3.org/2005/08/addressing/soap/fault'),
  };
}

/** The faults the simulator answers with, in one place so their codes stay consistent. */
export const Faults = {
  notAuthorized: (reason = 'Sender not Authorized') => soapFault({ code: 'Sender', subcodes: ['ter:NotAuthorized'], reason }),
  badRequest: (reason: string) => soapFault({ code: 'Sender', subcodes: ['ter:WellFormed'], reason }),
  invalidArg: (subcode: string, reason: string) => soapFault({ code: 'Sender', subcodes: ['ter:InvalidArgVal', subcode], reason }),
  actionNotSupported: (action: string) =>
    soapFault({ code: 'Receiver', subcodes: ['ter:ActionNotSupported'], reason: `the action ${action} is not supported here` }),
  resourceUnknown: (reason: string) => soapFault({ code: 'Sender', subcodes: ['wsrf-rw:ResourceUnknownFault'], reason }),
  unacceptableTerminationTime: (initial: boolean) =>
    soapFault({
      code: 'Sender',
      subcodes: [initial ? 'wsnt:UnacceptableInitialTerminationTimeFault' : 'wsnt:UnacceptableTerminationTimeFault'],
      reason: 'the termination time is not acceptable',
    }),
  tooManySubscriptions: () =>
    soapFault({
      code: 'Receiver',
      subcodes: ['ter:Action', 'ter:TooManySubscriptions'],
      reason: 'the camera has no free subscription slot',
    }),
};
