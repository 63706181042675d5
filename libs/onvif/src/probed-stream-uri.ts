import { pinnedStreamUri, StreamUriError } from '@wardwatch/media';

/**
 * The stream address enrolment stores: the camera's GetStreamUri answer parsed strictly and rebuilt
 * on the enrolled address (see @wardwatch/media stream-uri). A refusal becomes the probe's own error
 * (`toError`, so this file needs nothing from the probe), which the resident sees as what to fix.
 */
export function probedStreamUri(uri: unknown, enrolledAddress: string, toError: (message: string) => Error): string {
  try {
    if (typeof uri !== 'string') throw new StreamUriError('the camera gave no stream address');
    return pinnedStreamUri(uri, enrolledAddress);
  } catch (error) {
    if (!(error instanceof StreamUriError)) throw error;
    throw toError(`reading the stream address: ${error.message}; set the camera to offer a plain rtsp://host:port/path stream address`);
  }
}
