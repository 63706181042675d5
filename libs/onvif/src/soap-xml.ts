import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type XmlNode = { [key: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[];

export class MalformedReplyError extends Error {
  override name = 'MalformedReplyError';
}

const parser = new XMLParser({
  ignoreAttributes: false,
  removeNSPrefix: true,
  // Entities are never expanded: a camera reply is untrusted input.
  processEntities: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Elements that may repeat are always arrays, so a single message does not change the shape.
  isArray: (name) => name === 'NotificationMessage' || name === 'SimpleItem' || name === 'ElementItem',
});

/**
 * Parses a SOAP reply from a camera and returns its Body. A reply with a DOCTYPE is refused before
 * parsing (SOAP forbids DTDs; this is where entity-expansion payloads live), and a reply that is
 * not well-formed says where it broke.
 */
export function parseSoapBody(xml: string): XmlNode {
  if (/<!DOCTYPE/i.test(xml)) throw new MalformedReplyError('the camera reply contains a document type declaration, which SOAP forbids');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new MalformedReplyError(`the camera reply is not well-formed XML (${valid.err.msg} at line ${valid.err.line})`);
  const doc = parser.parse(xml) as XmlNode;
  const envelope = doc.Envelope as XmlNode | undefined;
  const body = envelope && typeof envelope === 'object' ? (envelope.Body as XmlNode | undefined) : undefined;
  if (!body || typeof body !== 'object') throw new MalformedReplyError('the camera reply is not a SOAP envelope with a Body');
  return body;
}

/** Text content of a child element, whether the parser gave a string or a node with #text. */
export function text(node: XmlValue | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return text(node[0]);
  const t = node['#text'];
  return typeof t === 'string' ? t : undefined;
}

export function child(node: XmlValue | undefined, name: string): XmlValue | undefined {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
  return node[name];
}

/** A SOAP fault's code, subcode and reason, if the body is one. */
export function soapFault(body: XmlNode): { code: string; subcode?: string; reason: string } | null {
  const fault = child(body, 'Fault');
  if (!fault) return null;
  const code = child(fault, 'Code');
  const subcode = text(child(child(code, 'Subcode'), 'Value'));
  return {
    code: text(child(code, 'Value')) ?? 'unknown',
    subcode,
    reason: text(child(child(fault, 'Reason'), 'Text')) ?? 'no reason given',
  };
}

const BUILT_IN_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Decodes XML's five built-in entities and numeric character references in text the parser left
 * as written (it runs with processEntities off, so that a camera's DOCTYPE entities are never
 * expanded). For address text: a camera that writes `?a=1&amp;b=2` means `?a=1&b=2`. Anything
 * else that looks like a reference (a named entity, a reference to no character) stays as it is.
 */
export function decodeXmlText(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});/g, (whole, name: string) => {
    if (name[0] !== '#') return BUILT_IN_ENTITIES[name];
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    const isXmlChar =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      (code >= 0x10000 && code <= 0x10ffff);
    return isXmlChar ? String.fromCodePoint(code) : whole;
  });
}
