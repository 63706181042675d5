import { parseIsoDuration, parseTerminationTime, xsDateTime } from '../durations';
import { MOTION_ALARM_TOPIC, MOTION_TOPIC } from '../events/notification-messages';
import { UnknownSubscriptionError, type Subscription } from '../events/subscription-manager';
import { childText, escapeXml, Faults, soapOk, type SoapReply, type SoapRequest } from '../soap/soap-envelope';
import type { SimulatedCamera } from '../simulated-camera';
import { eventCapabilities } from './device-service';
import type { OnvifService, RequestContext } from './onvif-service';

/** Used when CreatePullPointSubscription names no InitialTerminationTime. */
const DEFAULT_TERMINATION_MS = 60_000;
/** Longer requests are clamped (and the clamped time reported), as cameras do. */
const MAX_TERMINATION_MS = 3_600_000;
/** Longest PullMessages wait; ONVIF requires at least a minute to be supported. */
const MAX_PULL_TIMEOUT_MS = 300_000;
const DEFAULT_MESSAGE_LIMIT = 100;
const MAX_MESSAGE_LIMIT = 1000;

export const SUBSCRIPTION_PATH_PREFIX = '/onvif/subscription/';

/** The query the entityAddresses fault puts on event-side addresses, written in XML as `profile=1&amp;channel=1`. */
export const ENTITY_ADDRESS_QUERY = 'profile=1&channel=1';

/** The query to append to an event-side address in a reply ('' when the fault is off), already XML-escaped. */
export function addressQueryXml(camera: SimulatedCamera): string {
  return camera.faults.entityAddresses ? `?${escapeXml(ENTITY_ADDRESS_QUERY)}` : '';
}

function topicDescription(source: [string, string][], data: [string, string][]): string {
  const items = (list: [string, string][]) => list.map(([n, t]) => `<tt:SimpleItemDescription Name="${n}" Type="${t}"/>`).join('');
  return (
    `<tt:MessageDescription IsProperty="true"><tt:Source>${items(source)}</tt:Source>` +
    `<tt:Data>${items(data)}</tt:Data></tt:MessageDescription>`
  );
}

/** The event service: what topics exist, and creating PullPoint subscriptions. */
export class EventService implements OnvifService {
  constructor(private readonly camera: SimulatedCamera) {}

  handle(request: SoapRequest, context: RequestContext): SoapReply {
    switch (request.action) {
      case 'GetServiceCapabilities':
        return soapOk(
          `<tev:GetServiceCapabilitiesResponse>${eventCapabilities(this.camera.maxSubscriptions)}</tev:GetServiceCapabilitiesResponse>`,
        );
      case 'GetEventProperties':
        return soapOk(this.eventProperties());
      case 'CreatePullPointSubscription':
        return this.create(request, context);
      default:
        return Faults.actionNotSupported(request.action);
    }
  }

  private create(request: SoapRequest, context: RequestContext): SoapReply {
    const asked = childText(request.body, 'InitialTerminationTime');
    const cameraNow = this.camera.nowMs();
    let lengthMs = DEFAULT_TERMINATION_MS;
    if (asked !== undefined && asked !== '') {
      const parsed = parseTerminationTime(asked, cameraNow);
      if (parsed === undefined)
        return Faults.invalidArg('ter:InvalidArgVal', `InitialTerminationTime "${asked}" is not a duration or time`);
      if (parsed <= 0) return Faults.unacceptableTerminationTime(true);
      lengthMs = Math.min(parsed, MAX_TERMINATION_MS);
    }
    const subscription = this.camera.createSubscription(lengthMs);
    if (!subscription) return Faults.tooManySubscriptions();
    return soapOk(
      `<tev:CreatePullPointSubscriptionResponse><tev:SubscriptionReference>` +
        `<wsa:Address>http://${escapeXml(context.authority)}${SUBSCRIPTION_PATH_PREFIX}${subscription.id}${addressQueryXml(this.camera)}</wsa:Address>` +
        `</tev:SubscriptionReference>${this.times(subscription)}</tev:CreatePullPointSubscriptionResponse>`,
      'http://www.onvif.org/ver10/events/wsdl/EventPortType/CreatePullPointSubscriptionResponse',
    );
  }

  private times(subscription: Subscription): string {
    return (
      `<wsnt:CurrentTime>${xsDateTime(this.camera.nowMs())}</wsnt:CurrentTime>` +
      `<wsnt:TerminationTime>${xsDateTime(this.camera.toCameraMs(subscription.reportedTerminationMs))}</wsnt:TerminationTime>`
    );
  }

  private eventProperties(): string {
    const motion = topicDescription(
      [
        ['VideoSourceConfigurationToken', 'tt:ReferenceToken'],
        ['VideoAnalyticsConfigurationToken', 'tt:ReferenceToken'],
        ['Rule', 'xs:string'],
      ],
      [['IsMotion', 'xs:boolean']],
    );
    const alarm = topicDescription([['Source', 'tt:ReferenceToken']], [['State', 'xs:boolean']]);
    const alarmTopic = this.camera.motionAlarmTopic
      ? `<tns1:VideoSource wstop:topic="true"><MotionAlarm wstop:topic="true">${alarm}</MotionAlarm></tns1:VideoSource>`
      : '';
    return (
      `<tev:GetEventPropertiesResponse>` +
      `<tev:TopicNamespaceLocation>http://www.onvif.org/onvif/ver10/topics/topicns.xml</tev:TopicNamespaceLocation>` +
      `<wsnt:FixedTopicSet>true</wsnt:FixedTopicSet>` +
      `<wstop:TopicSet><tns1:RuleEngine wstop:topic="true"><CellMotionDetector wstop:topic="true"><Motion wstop:topic="true">${motion}</Motion>` +
      `</CellMotionDetector></tns1:RuleEngine>${alarmTopic}</wstop:TopicSet>` +
      `<wsnt:TopicExpressionDialect>http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet</wsnt:TopicExpressionDialect>` +
      `<wsnt:TopicExpressionDialect>http://docs.oasis-open.org/wsn/t-1/TopicExpression/Concrete</wsnt:TopicExpressionDialect>` +
      `<tev:MessageContentFilterDialect>http://www.onvif.org/ver10/tev/messageContentFilter/ItemFilter</tev:MessageContentFilterDialect>` +
      `<tev:MessageContentSchemaLocation>http://www.onvif.org/onvif/ver10/schema/onvif.xsd</tev:MessageContentSchemaLocation>` +
      `</tev:GetEventPropertiesResponse>`
    );
  }

  /** Topics this camera can send (for the control API's description). */
  topics(): string[] {
    return this.camera.motionAlarmTopic ? [MOTION_TOPIC, MOTION_ALARM_TOPIC] : [MOTION_TOPIC];
  }
}

/** One subscription's manager endpoint: PullMessages, Renew, Unsubscribe, SetSynchronizationPoint. */
export class SubscriptionService implements OnvifService {
  constructor(private readonly camera: SimulatedCamera) {}

  async handle(request: SoapRequest, context: RequestContext): Promise<SoapReply> {
    const id = context.path.slice(SUBSCRIPTION_PATH_PREFIX.length);
    const subscription = this.camera.subscriptions.get(id);
    if (!subscription) return Faults.resourceUnknown('the subscription does not exist (it expired, was unsubscribed, or never existed)');
    switch (request.action) {
      case 'PullMessages':
        return this.pull(request, subscription, context);
      case 'Renew': {
        const asked = childText(request.body, 'TerminationTime');
        const parsed = asked ? parseTerminationTime(asked, this.camera.nowMs()) : DEFAULT_TERMINATION_MS;
        if (parsed === undefined) return Faults.invalidArg('ter:InvalidArgVal', `TerminationTime "${asked}" is not a duration or time`);
        if (parsed <= 0) return Faults.unacceptableTerminationTime(false);
        this.camera.renewSubscription(subscription, Math.min(parsed, MAX_TERMINATION_MS));
        return soapOk(
          `<wsnt:RenewResponse><wsnt:TerminationTime>${xsDateTime(this.camera.toCameraMs(subscription.reportedTerminationMs))}</wsnt:TerminationTime>` +
            `<wsnt:CurrentTime>${xsDateTime(this.camera.nowMs())}</wsnt:CurrentTime></wsnt:RenewResponse>`,
          'http://docs.oasis-open.org/wsn/bw-2/SubscriptionManager/RenewResponse',
        );
      }
      case 'Unsubscribe':
        this.camera.subscriptions.end(subscription.id, 'unsubscribed');
        return soapOk(`<wsnt:UnsubscribeResponse/>`, 'http://docs.oasis-open.org/wsn/bw-2/SubscriptionManager/UnsubscribeResponse');
      case 'SetSynchronizationPoint':
        // Re-sends the current state as Initialized messages, as the ONVIF events spec asks.
        this.camera.subscriptions.enqueue(subscription, this.camera.stateMessages('Initialized'));
        return soapOk(`<tev:SetSynchronizationPointResponse/>`);
      default:
        return Faults.actionNotSupported(request.action);
    }
  }

  private pullResponse(subscription: Subscription, messages: string[]): SoapReply {
    this.camera.countDelivered(messages.length);
    return soapOk(
      `<tev:PullMessagesResponse><tev:CurrentTime>${xsDateTime(this.camera.nowMs())}</tev:CurrentTime>` +
        `<tev:TerminationTime>${xsDateTime(this.camera.toCameraMs(subscription.reportedTerminationMs))}</tev:TerminationTime>` +
        `${messages.join('')}</tev:PullMessagesResponse>`,
      'http://www.onvif.org/ver10/events/wsdl/PullPointSubscription/PullMessagesResponse',
    );
  }

  private async pull(request: SoapRequest, subscription: Subscription, context: RequestContext): Promise<SoapReply> {
    const timeoutText = childText(request.body, 'Timeout');
    const timeoutMs = timeoutText === undefined ? undefined : parseIsoDuration(timeoutText);
    if (timeoutMs === undefined) return Faults.invalidArg('ter:InvalidArgVal', 'PullMessages needs a Timeout duration');
    const limitText = childText(request.body, 'MessageLimit');
    const limit = limitText === undefined ? DEFAULT_MESSAGE_LIMIT : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1) return Faults.invalidArg('ter:InvalidArgVal', 'MessageLimit must be a positive integer');
    const storm = this.camera.faults.instantAnswerStorm;
    if (storm !== null) {
      return this.pullResponse(subscription, this.camera.stormMessages(Math.min(storm, limit)));
    }
    try {
      const result = await this.camera.subscriptions.pull(
        subscription.id,
        Math.min(timeoutMs, MAX_PULL_TIMEOUT_MS),
        Math.min(limit, MAX_MESSAGE_LIMIT),
        context.signal,
      );
      return this.pullResponse(subscription, result.messages);
    } catch (error) {
      if (error instanceof UnknownSubscriptionError) return Faults.resourceUnknown(error.message);
      throw error;
    }
  }
}
