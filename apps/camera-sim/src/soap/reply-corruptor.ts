/**
 * Turns a correct reply into the broken ones the fault model asks for. Pure functions: the
 * service side's parser tests need exact, repeatable payloads.
 */

/** Well-formedness broken in a way every parser must notice: the Body's closing tag is mismatched. */
export function malformedXml(xml: string): string {
  const broken = xml.replace('</env:Body>', '</env:Bodyy><unclosed attr="1>');
  return broken === xml ? `${xml}<` : broken;
}

/** The first half of the reply: cut inside the Body, so the XML ends mid-element. */
export function truncatedXml(xml: string): string {
  return xml.slice(0, Math.max(1, Math.floor(xml.length / 2)));
}

/**
 * The "billion laughs" payload: nine levels of ten-fold entity references (10^9 "lol"s, ~3 GB
 * when expanded) declared in a DOCTYPE and referenced from the Header. A parser that expands
 * entities runs out of memory or time; a safe one refuses the DOCTYPE or leaves `&lol9;` alone.
 */
export function entityBombXml(xml: string): string {
  const levels = ['<!ENTITY lol "lol">'];
  for (let i = 1; i <= 9; i++) levels.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
  const doctype = `<!DOCTYPE env:Envelope [\n${levels.join('\n')}\n]>\n`;
  const withoutDeclaration = xml.replace(/^<\?xml[^>]*\?>\s*/, '');
  const body = withoutDeclaration.replace('<env:Header>', '<env:Header><sim:Note xmlns:sim="urn:wardwatch:camera-sim">&lol9;</sim:Note>');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${doctype}${body}`;
}

/**
 * The hostile reply body: the real reply followed by an XML comment of `xmlns ` repeated, so the
 * reply is `bytes` longer. Still well-formed XML (comments may follow the root element), so a
 * client reads the real answer after it has run its regular expressions over the whole text;
 * `/xmlns([^=]*?)=(".*?")/g` (the onvif client's) scans to the end from each `xmlns`: quadratic.
 */
export function hostileXml(xml: string, bytes: number): string {
  if (bytes <= 0) return xml;
  const filler = 'xmlns '.repeat(Math.ceil(bytes / 6)).slice(0, Math.max(0, bytes - 7));
  return `${xml}<!--${filler}-->`;
}
