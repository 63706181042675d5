import { isIPv4, isIPv6 } from 'node:net';

/**
 * Stream addresses come from the camera (GetStreamUri), which is not trusted. WHATWG `URL` is too
 * lenient for them: `rtsp:10.0.0.5:554/x` parses as an opaque path whose `hostname` setter does
 * nothing, so a "rewrite" left the camera's chosen host in place. This parser accepts one plain
 * form only, `rtsp://[userinfo@]host[:port]/path[?query]`, refuses everything a second parser
 * (ffmpeg's) might read differently, and the builder puts the enrolled host back in.
 */

/** Longer than any real camera's stream address; a bound on what is stored and logged. */
export const MAX_STREAM_URI_LENGTH = 1024;
export const DEFAULT_RTSP_PORT = 554;

export class StreamUriError extends Error {
  override name = 'StreamUriError';
}

export interface RtspAddress {
  /** The host as the camera wrote it (never connected to: see pinStreamAddress). */
  host: string;
  port: number;
  /** Path and query, starting with "/"; percent-escapes kept as they are. */
  pathAndQuery: string;
}

// RFC 3986: unreserved / sub-delims / ":" / "@" (pchar) plus "/" and, in the query, "?".
// "@" is left out on purpose: it is where authority tricks start, and no camera needs it in a path.
const PATH_QUERY = /^\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:/?]|%[0-9A-Fa-f]{2})*$/;
const USERINFO = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:]|%[0-9A-Fa-f]{2})*$/;
const DNS_NAME = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?$/;

/** What is safe to put in an error message: short, printable, credentials masked. */
function shown(uri: string): string {
  const printable = uri.slice(0, 120).replace(/[^\x21-\x7e]/g, '?');
  return printable.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/]*@/i, '$1***@');
}

/** Parses a camera's stream address strictly; throws StreamUriError saying what is wrong. */
export function parseRtspUri(uri: string): RtspAddress {
  const refuse = (why: string): never => {
    throw new StreamUriError(`the camera's stream address ${JSON.stringify(shown(uri))} is refused: ${why}`);
  };
  if (typeof uri !== 'string' || uri.length === 0) refuse('it is empty');
  if (uri.length > MAX_STREAM_URI_LENGTH) refuse(`it is longer than ${MAX_STREAM_URI_LENGTH} characters`);
  // Control characters, spaces, non-ASCII and backslashes: parsers disagree about all of them.
  if (/[^\x21-\x7e]/.test(uri)) refuse('it contains whitespace, control or non-ASCII characters');
  if (uri.includes('\\')) refuse('it contains a backslash');
  if (uri.includes('#')) refuse('it contains a fragment (#)');
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri);
  if (!scheme) refuse('it has no scheme (it must start with rtsp://)');
  if (scheme![1].toLowerCase() !== 'rtsp') refuse(`only rtsp:// is accepted, not ${scheme![1]}:`);
  if (!/^rtsp:\/\//i.test(uri)) refuse('it has no "//" authority (the form must be rtsp://host[:port]/path)');

  const rest = uri.slice('rtsp://'.length);
  const end = rest.search(/[/?]/);
  const authority = end === -1 ? rest : rest.slice(0, end);
  let pathAndQuery = end === -1 ? '/' : rest.slice(end);
  if (pathAndQuery.startsWith('?')) pathAndQuery = `/${pathAndQuery}`;
  if (!PATH_QUERY.test(pathAndQuery)) refuse('its path has characters outside RFC 3986 (or an "@", or a bad %-escape)');
  if (/%(?:0[0-9a-f]|1[0-9a-f]|7f)/i.test(pathAndQuery)) refuse('its path encodes a control character');
  // ffmpeg's RTSP client reads these query items as its own options (ff_rtsp_connect) and changes
  // transport: UDP or multicast sockets, or an HTTP tunnel. The camera does not get to choose.
  const query = pathAndQuery.includes('?') ? pathAndQuery.slice(pathAndQuery.indexOf('?') + 1) : '';
  if (query.split(/[&?]/).some((item) => /^(?:udp|multicast|tcp|http|https)$/i.test(item))) {
    refuse('its query names an ffmpeg transport option (udp, multicast, tcp, http), which would change how the stream is fetched');
  }

  const ats = authority.split('@').length - 1;
  if (ats > 1) refuse('it has more than one "@" in the authority');
  let hostPort = authority;
  if (ats === 1) {
    const [userinfo, after] = authority.split('@');
    if (!USERINFO.test(userinfo)) refuse('its user part has characters outside RFC 3986');
    // A parser that decodes before splitting would read "127.0.0.1%2f@10.0.0.5" as host 127.0.0.1.
    if (/%(?:2f|5c|40|3f|23)/i.test(userinfo)) refuse('its user part percent-encodes a delimiter (/ \\ @ ? #)');
    hostPort = after;
  }

  let host: string;
  let portText: string | undefined;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close === -1) refuse('its IPv6 host has no closing "]"');
    host = hostPort.slice(1, close);
    if (host.includes('%')) refuse('its IPv6 host has a zone id (%), which names a local interface');
    if (!isIPv6(host)) refuse('its bracketed host is not an IPv6 address');
    const after = hostPort.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) refuse('it has characters between "]" and the port');
    portText = after === '' ? undefined : after.slice(1);
  } else {
    const parts = hostPort.split(':');
    if (parts.length > 2) refuse('its host has more than one ":" (an IPv6 address must be in brackets)');
    [host, portText] = parts;
    if (host.includes('%')) refuse('its host is percent-encoded');
    if (host === '') refuse('it has no host');
    // All digits and dots must be a plain dotted quad: "2130706433" or "127.1" mean different hosts to different parsers.
    if (/^[0-9.]+$/.test(host) && !isIPv4(host)) refuse('its host is a numeric form other than a dotted-quad IPv4 address');
    if (!isIPv4(host) && !DNS_NAME.test(host)) refuse('its host is neither an IP address nor a valid DNS name');
  }
  let port = DEFAULT_RTSP_PORT;
  if (portText !== undefined) {
    if (!/^[0-9]{1,5}$/.test(portText)) refuse('its port is not a number');
    port = Number(portText);
    if (port < 1 || port > 65535) refuse('its port is outside 1-65535');
  }
  return { host, port, pathAndQuery };
}

/**
 * The camera's stream address with the enrolled host put in, the camera's port and path kept and
 * any credentials dropped (they are added at capture time from the sealed credentials).
 *
 * The camera's own host is ignored, not compared: cameras behind NAT or an overlay report their
 * LAN address, and since only the enrolled (allow-listed, pinned) host is ever connected to, the
 * camera's host cannot move the connection. A different port on that host is allowed: RTSP
 * normally sits on 554 while ONVIF is on 80 or 8080, and the host is already the one the allow-list
 * admitted; the RTSP relay refuses a port that does not answer as an RTSP server.
 */
export function pinStreamAddress(uri: string, enrolledHost: string): RtspAddress {
  const parsed = parseRtspUri(uri);
  const host = enrolledHost.startsWith('[') && enrolledHost.endsWith(']') ? enrolledHost.slice(1, -1) : enrolledHost;
  if (!isIPv4(host) && !isIPv6(host)) throw new StreamUriError(`the enrolled host ${JSON.stringify(host)} is not an IP address`);
  return { host, port: parsed.port, pathAndQuery: parsed.pathAndQuery };
}

/** rtsp://[user:pass@]host:port/path, with the user and password percent-encoded. */
export function buildRtspUri(address: RtspAddress, credentials?: { username: string; password: string }): string {
  const host = isIPv6(address.host) ? `[${address.host}]` : address.host;
  const userinfo = credentials ? `${encodeURIComponent(credentials.username)}:${encodeURIComponent(credentials.password)}@` : '';
  return `rtsp://${userinfo}${host}:${address.port}${address.pathAndQuery}`;
}

/** The stored form of a camera's stream address: strict, pinned, without credentials. */
export function pinnedStreamUri(uri: string, enrolledHost: string): string {
  return buildRtspUri(pinStreamAddress(uri, enrolledHost));
}
