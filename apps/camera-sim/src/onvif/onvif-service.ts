import type { SoapReply, SoapRequest } from '../soap/soap-envelope';

/** What a handler knows about the request besides its SOAP content. */
export interface RequestContext {
  /** `host:port` to put in addresses handed back (service XAddrs, subscription references). */
  authority: string;
  /** Path the request was sent to, e.g. `/onvif/subscription/<id>`. */
  path: string;
  /** Aborted when the client goes away (ends long-polls early). */
  signal: AbortSignal;
}

/** One ONVIF service (device, media, events, a subscription); answers the actions it knows. */
export interface OnvifService {
  handle(request: SoapRequest, context: RequestContext): Promise<SoapReply> | SoapReply;
}
