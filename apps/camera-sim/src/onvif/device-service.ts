import { childText, escapeXml, Faults, soapOk, type SoapReply, type SoapRequest } from '../soap/soap-envelope';
import type { SimulatedCamera } from '../simulated-camera';
import { addressQueryXml } from './event-service';
import type { OnvifService, RequestContext } from './onvif-service';

const VERSION = { major: 2, minor: 60 };
/** The camera's local time zone: Vietnam (no daylight saving), POSIX notation. */
const TIME_ZONE = { posix: 'ICT-7', offsetMs: 7 * 3600 * 1000 };

function dateTimeXml(ms: number): string {
  const d = new Date(ms);
  return (
    `<tt:Time><tt:Hour>${d.getUTCHours()}</tt:Hour><tt:Minute>${d.getUTCMinutes()}</tt:Minute><tt:Second>${d.getUTCSeconds()}</tt:Second></tt:Time>` +
    `<tt:Date><tt:Year>${d.getUTCFullYear()}</tt:Year><tt:Month>${d.getUTCMonth() + 1}</tt:Month><tt:Day>${d.getUTCDate()}</tt:Day></tt:Date>`
  );
}

/** Device management: clock, identity, and where the other services are. */
export class DeviceService implements OnvifService {
  constructor(private readonly camera: SimulatedCamera) {}

  handle(request: SoapRequest, context: RequestContext): SoapReply {
    const base = `http://${context.authority}`;
    switch (request.action) {
      case 'GetSystemDateAndTime':
        return this.systemDateAndTime();
      case 'GetDeviceInformation': {
        const info = this.camera.deviceInformation();
        return soapOk(
          `<tds:GetDeviceInformationResponse><tds:Manufacturer>${escapeXml(info.manufacturer)}</tds:Manufacturer>` +
            `<tds:Model>${escapeXml(info.model)}</tds:Model><tds:FirmwareVersion>${escapeXml(info.firmwareVersion)}</tds:FirmwareVersion>` +
            `<tds:SerialNumber>${escapeXml(info.serialNumber)}</tds:SerialNumber><tds:HardwareId>${escapeXml(info.hardwareId)}</tds:HardwareId>` +
            `</tds:GetDeviceInformationResponse>`,
        );
      }
      case 'GetCapabilities':
        return soapOk(
          `<tds:GetCapabilitiesResponse><tds:Capabilities>` +
            `<tt:Device><tt:XAddr>${base}/onvif/device_service</tt:XAddr></tt:Device>` +
            `<tt:Events><tt:XAddr>${base}/onvif/Events${addressQueryXml(this.camera)}</tt:XAddr><tt:WSSubscriptionPolicySupport>false</tt:WSSubscriptionPolicySupport>` +
            `<tt:WSPullPointSupport>true</tt:WSPullPointSupport><tt:WSPausableSubscriptionManagerInterfaceSupport>false</tt:WSPausableSubscriptionManagerInterfaceSupport></tt:Events>` +
            `<tt:Media><tt:XAddr>${base}/onvif/media_service</tt:XAddr><tt:StreamingCapabilities><tt:RTPMulticast>false</tt:RTPMulticast>` +
            `<tt:RTP_TCP>true</tt:RTP_TCP><tt:RTP_RTSP_TCP>true</tt:RTP_RTSP_TCP></tt:StreamingCapabilities></tt:Media>` +
            `</tds:Capabilities></tds:GetCapabilitiesResponse>`,
        );
      case 'GetServices': {
        const events = `/onvif/Events${addressQueryXml(this.camera)}`;
        const include = childText(request.body, 'IncludeCapability') === 'true';
        const service = (namespace: string, path: string, capabilities: string) =>
          `<tds:Service><tds:Namespace>${namespace}</tds:Namespace><tds:XAddr>${base}${path}</tds:XAddr>` +
          (include ? `<tds:Capabilities>${capabilities}</tds:Capabilities>` : '') +
          `<tds:Version><tt:Major>${VERSION.major}</tt:Major><tt:Minor>${VERSION.minor}</tt:Minor></tds:Version></tds:Service>`;
        return soapOk(
          `<tds:GetServicesResponse>` +
            service('http://www.onvif.org/ver10/device/wsdl', '/onvif/device_service', deviceCapabilities()) +
            service('http://www.onvif.org/ver10/media/wsdl', '/onvif/media_service', mediaCapabilities()) +
            service('http://www.onvif.org/ver10/events/wsdl', events, eventCapabilities(this.camera.maxSubscriptions)) +
            `</tds:GetServicesResponse>`,
        );
      }
      case 'GetServiceCapabilities':
        return soapOk(`<tds:GetServiceCapabilitiesResponse>${deviceCapabilities()}</tds:GetServiceCapabilitiesResponse>`);
      case 'GetHostname':
        return soapOk(
          `<tds:GetHostnameResponse><tds:HostnameInformation><tt:FromDHCP>false</tt:FromDHCP><tt:Name>wardwatch-sim-cam${this.camera.number}</tt:Name></tds:HostnameInformation></tds:GetHostnameResponse>`,
        );
      default:
        return Faults.actionNotSupported(request.action);
    }
  }

  private systemDateAndTime(): SoapReply {
    const now = this.camera.nowMs();
    return soapOk(
      `<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime>` +
        `<tt:DateTimeType>Manual</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings>` +
        `<tt:TimeZone><tt:TZ>${TIME_ZONE.posix}</tt:TZ></tt:TimeZone>` +
        `<tt:UTCDateTime>${dateTimeXml(now)}</tt:UTCDateTime><tt:LocalDateTime>${dateTimeXml(now + TIME_ZONE.offsetMs)}</tt:LocalDateTime>` +
        `</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>`,
    );
  }
}

function deviceCapabilities(): string {
  return (
    `<tds:Capabilities><tds:Network IPFilter="false" ZeroConfiguration="false" IPVersion6="false" DynDNS="false"/>` +
    `<tds:Security UsernameToken="true" HttpDigest="false" TLS1.2="false"/>` +
    `<tds:System DiscoveryResolve="false" DiscoveryBye="false" RemoteDiscovery="false" SystemBackup="false" SystemLogging="false" FirmwareUpgrade="false"/>` +
    `</tds:Capabilities>`
  );
}

function mediaCapabilities(): string {
  return (
    `<trt:Capabilities SnapshotUri="true" Rotation="false" VideoSourceMode="false" OSD="false">` +
    `<trt:ProfileCapabilities MaximumNumberOfProfiles="1"/>` +
    `<trt:StreamingCapabilities RTPMulticast="false" RTP_TCP="true" RTP_RTSP_TCP="true" NonAggregateControl="false"/>` +
    `</trt:Capabilities>`
  );
}

export function eventCapabilities(maxPullPoints: number): string {
  return (
    `<tev:Capabilities WSSubscriptionPolicySupport="false" WSPullPointSupport="true" WSPausableSubscriptionManagerInterfaceSupport="false" ` +
    `MaxNotificationProducers="0" MaxPullPoints="${maxPullPoints}" PersistentNotificationStorage="false"/>`
  );
}
