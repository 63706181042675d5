import { pinStreamAddress, RtspRelay } from '@wardwatch/media';

export interface RelayedStream {
  /** What ffmpeg opens: the relay on 127.0.0.1, the camera's path, the camera's credentials. */
  url: string;
  relay: RtspRelay;
}

/**
 * A recorder's only way to its camera. The stored stream address is parsed again, strictly (one
 * stored before the strict parser existed may be anything), and only its port and path are used:
 * the relay connects to the enrolled, pinned camera IP and refuses redirects. Throws
 * StreamUriError for an address that does not parse; nothing is opened then.
 */
export async function openRelayedStream(
  cameraId: string,
  streamUri: string,
  enrolledHost: string,
  credentials: { username: string; password: string },
  handshakeTimeoutMs: number,
): Promise<RelayedStream> {
  const address = pinStreamAddress(streamUri, enrolledHost);
  const relay = new RtspRelay({ cameraId, cameraHost: address.host, cameraPort: address.port, handshakeTimeoutMs });
  await relay.listen();
  return { url: relay.url(address.pathAndQuery, credentials), relay };
}
