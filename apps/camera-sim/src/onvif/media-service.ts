import { childText, escapeXml, Faults, soapOk, type SoapReply, type SoapRequest } from '../soap/soap-envelope';
import { TOKENS } from '../events/notification-messages';
import type { SimulatedCamera } from '../simulated-camera';
import type { OnvifService, RequestContext } from './onvif-service';

/** The one H.264 profile every simulated camera has, matching what the RTSP server encodes. */
export const VIDEO = { width: 320, height: 240, fps: 10, gop: 20, bitrateKbps: 256 } as const;

function profileXml(): string {
  return (
    `<trt:Profiles token="${TOKENS.profile}" fixed="true"><tt:Name>mainStream</tt:Name>` +
    `<tt:VideoSourceConfiguration token="${TOKENS.videoSourceConfiguration}"><tt:Name>VideoSourceConfig</tt:Name><tt:UseCount>1</tt:UseCount>` +
    `<tt:SourceToken>${TOKENS.videoSource}</tt:SourceToken><tt:Bounds x="0" y="0" width="${VIDEO.width}" height="${VIDEO.height}"/></tt:VideoSourceConfiguration>` +
    `<tt:VideoEncoderConfiguration token="${TOKENS.videoEncoderConfiguration}"><tt:Name>VideoEncoderConfig</tt:Name><tt:UseCount>1</tt:UseCount>` +
    `<tt:Encoding>H264</tt:Encoding><tt:Resolution><tt:Width>${VIDEO.width}</tt:Width><tt:Height>${VIDEO.height}</tt:Height></tt:Resolution>` +
    `<tt:Quality>5</tt:Quality><tt:RateControl><tt:FrameRateLimit>${VIDEO.fps}</tt:FrameRateLimit><tt:EncodingInterval>1</tt:EncodingInterval>` +
    `<tt:BitrateLimit>${VIDEO.bitrateKbps}</tt:BitrateLimit></tt:RateControl>` +
    `<tt:H264><tt:GovLength>${VIDEO.gop}</tt:GovLength><tt:H264Profile>Baseline</tt:H264Profile></tt:H264>` +
    `<tt:Multicast><tt:Address><tt:Type>IPv4</tt:Type><tt:IPv4Address>0.0.0.0</tt:IPv4Address></tt:Address><tt:Port>0</tt:Port>` +
    `<tt:TTL>1</tt:TTL><tt:AutoStart>false</tt:AutoStart></tt:Multicast><tt:SessionTimeout>PT60S</tt:SessionTimeout></tt:VideoEncoderConfiguration>` +
    `<tt:VideoAnalyticsConfiguration token="${TOKENS.videoAnalyticsConfiguration}"><tt:Name>VideoAnalyticsConfig</tt:Name><tt:UseCount>1</tt:UseCount>` +
    `<tt:AnalyticsEngineConfiguration/><tt:RuleEngineConfiguration><tt:Rule Name="${TOKENS.motionRule}" Type="tt:CellMotionDetector"/></tt:RuleEngineConfiguration>` +
    `</tt:VideoAnalyticsConfiguration></trt:Profiles>`
  );
}

/** Media: the profile, the video source, and where to get the stream and a snapshot. */
export class MediaService implements OnvifService {
  constructor(private readonly camera: SimulatedCamera) {}

  handle(request: SoapRequest, context: RequestContext): SoapReply {
    switch (request.action) {
      case 'GetProfiles':
        return soapOk(`<trt:GetProfilesResponse>${profileXml()}</trt:GetProfilesResponse>`);
      case 'GetProfile': {
        const unknown = this.checkProfile(request);
        if (unknown) return unknown;
        return soapOk(`<trt:GetProfileResponse>${profileXml().replace(/trt:Profiles/g, 'trt:Profile')}</trt:GetProfileResponse>`);
      }
      case 'GetVideoSources':
        return soapOk(
          `<trt:GetVideoSourcesResponse><trt:VideoSources token="${TOKENS.videoSource}"><tt:Framerate>${VIDEO.fps}</tt:Framerate>` +
            `<tt:Resolution><tt:Width>${VIDEO.width}</tt:Width><tt:Height>${VIDEO.height}</tt:Height></tt:Resolution></trt:VideoSources></trt:GetVideoSourcesResponse>`,
        );
      case 'GetStreamUri': {
        const unknown = this.checkProfile(request);
        if (unknown) return unknown;
        return soapOk(
          `<trt:GetStreamUriResponse><trt:MediaUri><tt:Uri>${escapeXml(this.camera.rtspUri(hostOf(context.authority)))}</tt:Uri>` +
            `<tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot>` +
            `<tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:GetStreamUriResponse>`,
        );
      }
      case 'GetSnapshotUri': {
        if (this.camera.faults.snapshot === 'unsupported') return Faults.actionNotSupported(request.action);
        const unknown = this.checkProfile(request);
        if (unknown) return unknown;
        return soapOk(
          `<trt:GetSnapshotUriResponse><trt:MediaUri><tt:Uri>http://${escapeXml(context.authority)}/onvif/snapshot.jpg</tt:Uri>` +
            `<tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot>` +
            `<tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:GetSnapshotUriResponse>`,
        );
      }
      default:
        return Faults.actionNotSupported(request.action);
    }
  }

  private checkProfile(request: SoapRequest): SoapReply | undefined {
    const token = childText(request.body, 'ProfileToken');
    if (token === undefined || token === TOKENS.profile) return undefined;
    return Faults.invalidArg('ter:NoProfile', `no profile with token ${token}`);
  }
}

/** The host part of `host:port` (an IPv6 host keeps its brackets). */
export function hostOf(authority: string): string {
  const bracket = authority.startsWith('[') ? authority.indexOf(']') : -1;
  if (bracket > 0) return authority.slice(0, bracket + 1);
  const colon = authority.lastIndexOf(':');
  return colon > 0 ? authority.slice(0, colon) : authority;
}
