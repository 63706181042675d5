import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  registerDecorator,
  ValidateNested,
} from 'class-validator';
import { checkPolygon, MAX_POLYGON_VERTICES, type GeoJsonPolygonInput } from '@wardwatch/places';
import {
  CAMERA_REQUEST_STATES,
  INVESTIGATION_STATUSES,
  JUSTIFICATION_MAX_CHARS,
  JUSTIFICATION_MIN_CHARS,
  LINK_ASSETS,
  LINK_KINDS,
  LINK_STATES,
  MAX_CAMERAS_PER_REQUEST,
  REJECTION_NOTE_MIN_CHARS,
  REQUEST_STATES,
  SUPERVISOR_DECISION_FILTERS,
  type SupervisorDecisionFilter,
  type CameraRequestState,
  type InvestigationStatus,
  type LinkAsset,
  type LinkKind,
  type LinkRefusal,
  type LinkState,
  type RequestState,
} from '@wardwatch/investigations';
import { PageOf, PageQuery } from '../../http/page';
import { LOCAL_READING, WardDateTime } from '../../http/ward-date-time';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class IdParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'id must be a UUID' }) id: string;
}

export class RequestCameraParams {
  @ApiProperty({ format: 'uuid', description: 'The footage request' }) @IsUUID('4', { message: 'id must be a UUID' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'Your camera in it' }) @IsUUID('4', { message: 'cameraId must be a UUID' }) cameraId: string;
}

export class PageQueryDto extends PageQuery({ defaultLimit: 50, maxLimit: 200 }) {}

export class ListInvestigationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: INVESTIGATION_STATUSES }) @IsOptional() @IsIn(INVESTIGATION_STATUSES) status?: InvestigationStatus;
}

export class ListRequestsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REQUEST_STATES, description: 'e.g. pending_supervisor for the approval queue' })
  @IsOptional()
  @IsIn(REQUEST_STATES)
  state?: RequestState;

  @ApiPropertyOptional({
    enum: SUPERVISOR_DECISION_FILTERS,
    description:
      "The supervisor's decision: pending (waiting for one now, the same as state=pending_supervisor), approved or rejected. " +
      'Combines with state and investigationId.',
  })
  @IsOptional()
  @IsIn(SUPERVISOR_DECISION_FILTERS, { message: `decision must be one of ${SUPERVISOR_DECISION_FILTERS.join(', ')}` })
  decision?: SupervisorDecisionFilter;

  @ApiPropertyOptional({ format: 'uuid', description: "One investigation's requests" })
  @IsOptional()
  @IsUUID('4', { message: 'investigationId must be a UUID' })
  investigationId?: string;
}

export class OwnerRequestsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CAMERA_REQUEST_STATES, description: 'e.g. pending_owner for what waits for your answer' })
  @IsOptional()
  @IsIn(CAMERA_REQUEST_STATES)
  state?: CameraRequestState;
}

export class OpenInvestigationDto {
  @ApiProperty({ example: 'HCM-2026-00417', description: 'The police case number; one investigation per case' })
  @Transform(trim)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9/_.-]{0,63}$/, {
    message: 'caseNumber must be 1-64 letters, digits, / _ . - (starting with a letter or digit)',
  })
  caseNumber: string;

  @ApiProperty({ example: 'Motorbike theft, Hoàng Văn Thái' }) @Transform(trim) @IsString() @Length(1, 200) title: string;

  @ApiProperty({ example: 'A red Honda Wave taken from outside no. 12 between 01:00 and 03:00.' })
  @Transform(trim)
  @IsString()
  @Length(1, 4000)
  summary: string;
}

export class AddMemberDto {
  @ApiProperty({ format: 'uuid', description: 'An active officer or supervisor', example: '6f1c2a9e-4b7d-4e11-9a3f-2d5c8b7e1f04' })
  @IsUUID('4', { message: 'userId must be a UUID' })
  userId: string;
}

export class HandOverLeadDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The new lead: an active officer or supervisor who is a member already',
    example: '6f1c2a9e-4b7d-4e11-9a3f-2d5c8b7e1f04',
  })
  @IsUUID('4', { message: 'userId must be a UUID' })
  userId: string;
}

export class MemberParams {
  @ApiProperty({ format: 'uuid', description: 'The investigation' }) @IsUUID('4', { message: 'id must be a UUID' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The member to remove' }) @IsUUID('4', { message: 'userId must be a UUID' }) userId: string;
}

export class CloseInvestigationDto {
  @ApiProperty({ example: 'Case closed by the prosecutor' }) @Transform(trim) @IsString() @Length(1, 500) reason: string;
}

export class AreaDto {
  @ApiProperty({ example: 10.79 }) @Type(() => Number) @IsLatitude() latitude: number;
  @ApiProperty({ example: 106.69 }) @Type(() => Number) @IsLongitude() longitude: number;
  @ApiProperty({ example: 150, minimum: 1, maximum: 2000 }) @Type(() => Number) @IsInt() @Min(1) @Max(2000) radiusMetres: number;
}

/**
 * A GeoJSON Polygon, checked by the same pure rules as everywhere else (checkPolygon in
 * @wardwatch/places), and normalised (2-D positions, no repeated ones) before the service sees it.
 */
function IsGeoJsonPolygon(): PropertyDecorator {
  const transform = Transform(({ value }: { value: unknown }) => {
    if (value === undefined || value === null) return value;
    const checked = checkPolygon(value);
    return checked.ok ? checked.polygon : value;
  });
  return (target: object, propertyName: string | symbol) => {
    transform(target, propertyName);
    registerDecorator({
      name: 'geoJsonPolygon',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: ({ property, value }) => {
          const checked = checkPolygon(value);
          return checked.ok ? `${property} must be a GeoJSON Polygon` : `${property}: ${checked.errors.join('; ')}`;
        },
      },
      validator: { validate: (value: unknown) => checkPolygon(value).ok },
    });
  };
}

export class GeoJsonPolygonDto implements GeoJsonPolygonInput {
  @ApiProperty({ enum: ['Polygon'] }) type: 'Polygon';

  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 3 } },
    minItems: 1,
    maxItems: 1,
    description: `One closed ring of [longitude, latitude] positions (RFC 7946), at most ${MAX_POLYGON_VERTICES} corners, not crossing itself; no holes`,
    example: [
      [
        [103.03, 21.39],
        [103.034, 21.39],
        [103.034, 21.393],
        [103.03, 21.393],
        [103.03, 21.39],
      ],
    ],
  })
  coordinates: [number, number][][];
}

export class FileFootageRequestDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: `Cameras from a search (at most ${MAX_CAMERAS_PER_REQUEST})` })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CAMERAS_PER_REQUEST)
  @IsUUID('4', { each: true, message: 'each camera id must be a UUID' })
  cameraIds?: string[];

  @ApiPropertyOptional({ type: AreaDto, description: 'Or: every consenting camera within radiusMetres of a point' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AreaDto)
  area?: AreaDto;

  @ApiPropertyOptional({ format: 'uuid', description: 'Or: every consenting camera of a ward (GET /wards)' })
  @IsOptional()
  @IsUUID('4', { message: 'wardId must be a UUID' })
  wardId?: string;

  @ApiPropertyOptional({
    type: GeoJsonPolygonDto,
    description:
      'Or: a drawn area. Takes every consenting camera standing inside it, every camera whose view cone reaches into it, ' +
      'and cameras without a view direction within 25 m of it',
  })
  @IsOptional()
  @IsGeoJsonPolygon()
  polygon?: GeoJsonPolygonDto;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-28T18:00:00Z', description: LOCAL_READING })
  @WardDateTime()
  from: Date;
  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-28T20:00:00Z', description: LOCAL_READING })
  @WardDateTime()
  to: Date;

  @ApiProperty({ example: 'Suspect seen leaving along the alley at about 19:10' })
  @Transform(trim)
  @IsString()
  @Length(1, 2000)
  reason: string;

  @ApiProperty({ example: 'Criminal Procedure Code 2015, art. 88 (collection of evidence)' })
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  legalBasis: string;

  @ApiPropertyOptional({
    minLength: JUSTIFICATION_MIN_CHARS,
    maxLength: JUSTIFICATION_MAX_CHARS,
    example: 'The suspect drove through the whole ward between 18:00 and 08:00; every street he could have taken is needed.',
    description:
      'Needed when the area is larger than FOOTAGE_REQUEST_MAX_AREA_KM2 or the window longer than FOOTAGE_REQUEST_MAX_WINDOW_HOURS ' +
      '(GET /settings: footageRequestLimits): why the larger request is necessary. Such a request always goes to a supervisor, who reads it.',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(JUSTIFICATION_MIN_CHARS, JUSTIFICATION_MAX_CHARS, {
    message: `justification must be ${JUSTIFICATION_MIN_CHARS} to ${JUSTIFICATION_MAX_CHARS} characters: say why the larger request is necessary`,
  })
  justification?: string;
}

export class SupervisorDecisionDto {
  @ApiProperty({ enum: ['approve', 'reject'] }) @IsIn(['approve', 'reject']) decision: 'approve' | 'reject';
  @ApiPropertyOptional({
    example: 'Window narrowed enough; proportionate',
    maxLength: 1000,
    description: `Optional when approving; a rejection needs one of at least ${REJECTION_NOTE_MIN_CHARS} characters saying why (the officer reads it)`,
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 1000)
  note?: string;
}

export class OwnerDecisionDto {
  @ApiProperty({ enum: ['approve', 'decline'] }) @IsIn(['approve', 'decline']) decision: 'approve' | 'decline';
  @ApiPropertyOptional({ example: 'My camera faces my yard only' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 1000)
  note?: string;
}

export class IssueLinkDto {
  @ApiProperty({ format: 'uuid', description: 'The investigation the clip was released to (you must be a member)' })
  @IsUUID('4', { message: 'investigationId must be a UUID' })
  investigationId: string;

  @ApiProperty({ enum: LINK_KINDS, description: 'view: play in the browser; download: saved as a file' }) @IsIn(LINK_KINDS) kind: LinkKind;

  @ApiPropertyOptional({ enum: LINK_ASSETS, default: 'clip' }) @IsOptional() @IsIn(LINK_ASSETS) asset?: LinkAsset;
}

// Responses

export class MemberResponse {
  @ApiProperty() userId: string;
  @ApiProperty() displayName: string;
  @ApiProperty() role: string;
  @ApiProperty() addedBy: string;
  @ApiProperty() addedAt: Date;
}

export class LeadResponse {
  @ApiProperty() userId: string;
  @ApiProperty() displayName: string;
}

export class InvestigationSummaryResponse {
  @ApiProperty() id: string;
  @ApiProperty() caseNumber: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: INVESTIGATION_STATUSES }) status: InvestigationStatus;
  @ApiProperty() leadOfficerId: string;
  @ApiProperty({ type: LeadResponse, description: 'The lead officer (the same user as leadOfficerId)' }) lead: LeadResponse;
  @ApiProperty() openedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) closedAt: Date | null;
}

export class RequestStateCountsResponse {
  @ApiProperty() total: number;
  @ApiProperty() pendingSupervisor: number;
  @ApiProperty() pendingOwner: number;
  @ApiProperty() released: number;
  @ApiProperty() partiallyReleased: number;
  @ApiProperty() declined: number;
  @ApiProperty() expired: number;
  @ApiProperty() cancelled: number;
}

export class InvestigationListItemResponse extends InvestigationSummaryResponse {
  @ApiProperty({ type: RequestStateCountsResponse, description: "The investigation's footage requests counted by state" })
  requests: RequestStateCountsResponse;
}

export class InvestigationResponse extends InvestigationSummaryResponse {
  @ApiProperty() summary: string;
  @ApiProperty({ nullable: true, type: String }) closedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) closeReason: string | null;
  @ApiProperty({ type: [MemberResponse] }) members: MemberResponse[];
}

export class InvestigationPage extends PageOf(InvestigationListItemResponse) {}

export class ReleaseStatusResponse {
  @ApiProperty() id: string;
  @ApiProperty() releasedAt: Date;
  @ApiProperty() expiresAt: Date;
  @ApiProperty({ nullable: true, type: Date }) revokedAt: Date | null;
  @ApiProperty({ description: 'Not expired and not revoked: its clips can be fetched' }) live: boolean;
}

export class UserRefResponse {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() displayName: string;
}

export class RequestCameraResponse {
  @ApiProperty() cameraId: string;
  @ApiProperty() label: string;
  @ApiProperty() street: string;
  @ApiProperty() houseNumber: string;
  @ApiProperty({ description: "The camera's position (WGS 84), to draw it on the request's map" }) latitude: number;
  @ApiProperty() longitude: number;
  @ApiProperty({ enum: ['ask', 'auto_release'] }) sharingMode: string;
  @ApiProperty({ enum: CAMERA_REQUEST_STATES }) state: CameraRequestState;
  @ApiProperty({ nullable: true, type: Date }) decidedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ nullable: true, type: ReleaseStatusResponse }) release: ReleaseStatusResponse | null;
}

export class SupervisorDecisionResponse {
  @ApiProperty({ nullable: true, enum: ['approved', 'rejected'] }) decision: 'approved' | 'rejected' | null;
  @ApiProperty({ nullable: true, type: String }) by: string | null;
  @ApiProperty({ nullable: true, type: String, description: "The deciding supervisor's display name" }) byName: string | null;
  @ApiProperty({ nullable: true, type: Date }) at: Date | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
}

export class ExceedsLimitsResponse {
  @ApiProperty({ description: 'Larger than FOOTAGE_REQUEST_MAX_AREA_KM2 when filed' }) area: boolean;
  @ApiProperty({ description: 'Longer than FOOTAGE_REQUEST_MAX_WINDOW_HOURS when filed' }) window: boolean;
}

export class CameraStateCountsResponse {
  @ApiProperty() total: number;
  @ApiProperty() pendingSupervisor: number;
  @ApiProperty() pendingOwner: number;
  @ApiProperty() released: number;
  @ApiProperty() declined: number;
  @ApiProperty() rejected: number;
  @ApiProperty() expired: number;
  @ApiProperty() cancelled: number;
}

export class FootageRequestResponse {
  @ApiProperty() id: string;
  @ApiProperty() investigationId: string;
  @ApiProperty() caseNumber: string;
  @ApiProperty({ enum: REQUEST_STATES }) state: RequestState;
  @ApiProperty() windowFrom: Date;
  @ApiProperty() windowTo: Date;
  @ApiProperty() reason: string;
  @ApiProperty() legalBasis: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'How the cameras were chosen: {kind: cameras} | {kind: radius, latitude, longitude, radiusMetres} | {kind: ward, wardId} | {kind: polygon, polygon}',
  })
  selection: object;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description:
      'The area the request covers, GeoJSON (Polygon or MultiPolygon, lon/lat): a polygon itself, the circle, the ward boundary, ' +
      'or the convex hull of the named cameras buffered by 25 m. Null for requests filed before areas were kept.',
  })
  area: object | null;
  @ApiProperty({ type: Number, nullable: true, description: "The area's size in km² (null for requests filed before areas were kept)" })
  areaKm2: number | null;
  @ApiProperty({ type: ExceedsLimitsResponse }) exceedsLimits: ExceedsLimitsResponse;
  @ApiProperty({ type: String, nullable: true, description: "The officer's justification for going beyond a limit" })
  justification: string | null;
  @ApiProperty() requestedBy: string;
  @ApiProperty({ type: UserRefResponse, description: 'The officer who filed it (the same user as requestedBy)' })
  requester: UserRefResponse;
  @ApiProperty({ description: 'A supervisor decides first: FOOTAGE_SUPERVISOR_APPROVAL was on, or the request exceeds a limit' })
  supervisorRequired: boolean;
  @ApiProperty({ type: SupervisorDecisionResponse }) supervisor: SupervisorDecisionResponse;
  @ApiProperty({ description: 'Pending cameras expire if not answered by then' }) expiresAt: Date;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) settledAt: Date | null;
  @ApiProperty({ type: [RequestCameraResponse] }) cameras: RequestCameraResponse[];
}

export class FootageRequestSummaryResponse {
  @ApiProperty() id: string;
  @ApiProperty() investigationId: string;
  @ApiProperty() caseNumber: string;
  @ApiProperty({ enum: REQUEST_STATES }) state: RequestState;
  @ApiProperty() windowFrom: Date;
  @ApiProperty() windowTo: Date;
  @ApiProperty() reason: string;
  @ApiProperty() legalBasis: string;
  @ApiProperty() requestedBy: string;
  @ApiProperty({ type: UserRefResponse, description: 'The officer who filed it (the same user as requestedBy)' })
  requester: UserRefResponse;
  @ApiProperty() cameraCount: number;
  @ApiProperty({
    type: CameraStateCountsResponse,
    description: "The request's cameras counted by state (GET /footage-requests/{id} has each)",
  })
  cameraStates: CameraStateCountsResponse;
  @ApiProperty({ enum: ['cameras', 'radius', 'ward', 'polygon'] }) selectionKind: 'cameras' | 'radius' | 'ward' | 'polygon';
  @ApiProperty({ type: Number, nullable: true }) areaKm2: number | null;
  @ApiProperty({ type: ExceedsLimitsResponse }) exceedsLimits: ExceedsLimitsResponse;
  @ApiProperty({ type: String, nullable: true, description: "The officer's justification for going beyond a limit" })
  justification: string | null;
  @ApiProperty() supervisorRequired: boolean;
  @ApiProperty({ nullable: true, enum: ['approved', 'rejected'], description: "The supervisor's decision, null until one is taken" })
  supervisorDecision: 'approved' | 'rejected' | null;
  @ApiProperty({ nullable: true, type: Date }) supervisorDecidedAt: Date | null;
  @ApiProperty() expiresAt: Date;
  @ApiProperty() createdAt: Date;
}

export class FootageRequestPage extends PageOf(FootageRequestSummaryResponse) {}

export class OwnerCameraResponse {
  @ApiProperty() id: string;
  @ApiProperty() label: string;
}

export class OwnerRequestResponse {
  @ApiProperty() requestId: string;
  @ApiProperty() caseNumber: string;
  @ApiProperty() reason: string;
  @ApiProperty() legalBasis: string;
  @ApiProperty() windowFrom: Date;
  @ApiProperty() windowTo: Date;
  @ApiProperty() requestedAt: Date;
  @ApiProperty() expiresAt: Date;
  @ApiProperty({ type: OwnerCameraResponse }) camera: OwnerCameraResponse;
  @ApiProperty({ enum: CAMERA_REQUEST_STATES }) state: CameraRequestState;
  @ApiProperty({ nullable: true, type: Date }) decidedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
}

export class OwnerRequestPage extends PageOf(OwnerRequestResponse) {}

export class ReleasedClipCameraResponse {
  @ApiProperty() id: string;
  @ApiProperty() label: string;
  @ApiProperty() street: string;
  @ApiProperty() houseNumber: string;
  @ApiProperty({ nullable: true, type: String }) alley: string | null;
  @ApiProperty() latitude: number;
  @ApiProperty() longitude: number;
}

export class ReleasedClipReleaseResponse {
  @ApiProperty() id: string;
  @ApiProperty() requestId: string;
  @ApiProperty() releasedAt: Date;
  @ApiProperty() expiresAt: Date;
}

export class ReleasedClipResponse {
  @ApiProperty() clipId: string;
  @ApiProperty({ type: ReleasedClipCameraResponse }) camera: ReleasedClipCameraResponse;
  @ApiProperty({ nullable: true, type: Date }) startedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) endedAt: Date | null;
  @ApiProperty({ nullable: true, type: Number }) durationMs: number | null;
  @ApiProperty({ nullable: true, type: Number }) sizeBytes: number | null;
  @ApiProperty({ nullable: true, type: String }) sha256: string | null;
  @ApiProperty() hasThumbnail: boolean;
  @ApiProperty({ type: ReleasedClipReleaseResponse }) release: ReleasedClipReleaseResponse;
}

export class ReleasedClipPage extends PageOf(ReleasedClipResponse) {}

/** Released clips: an area request over a busy street can release many, so they page. */
export class ReleasedClipsQueryDto extends PageQuery({ defaultLimit: 100, maxLimit: 500 }) {}

export class LinkResponse {
  @ApiProperty({ format: 'uuid', description: 'The link: GET /links/{id} opens it, POST /links/{id}/revoke ends it early' }) id: string;
  @ApiProperty({
    example: '/api/v1/links/6f1c2a9e-4b7d-4e11-9a3f-2d5c8b7e1f04',
    description:
      "The API's own path for this link (GET /links/{id}), relative to the API's origin; no longer a presigned object-store URL. " +
      'It opens only for you (your bearer token or session cookie), until expiresAt, while the release lasts and unless revoked; ' +
      'each opening is audited as link.opened and answers 302 to a store URL valid for at most 120 s. ' +
      'A browser on the API origin can use it as it is (<video src>, <a href>); other clients resolve it against the API origin, ' +
      'send their credentials and follow the redirect.',
  })
  url: string;
  @ApiProperty({ enum: LINK_KINDS }) kind: LinkKind;
  @ApiProperty({ enum: LINK_ASSETS }) asset: LinkAsset;
  @ApiProperty() clipId: string;
  @ApiProperty() investigationId: string;
  @ApiProperty({ description: 'After this the link no longer opens (DOWNLOAD_LINK_TTL_SECONDS after issuing)' }) expiresAt: Date;
}

export class LinkCameraResponse {
  @ApiProperty() id: string;
  @ApiProperty() label: string;
}

export class LinkUserResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() role: string;
}

export class LinkRevokerResponse {
  @ApiProperty() name: string;
  @ApiProperty({ description: 'supervisor, or officer when the user it was issued to revoked it' }) role: string;
}

export class ClipLinkResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() clipId: string;
  @ApiProperty() investigationId: string;
  @ApiProperty({ type: LinkCameraResponse }) camera: LinkCameraResponse;
  @ApiProperty({ type: LinkUserResponse, description: 'The only user who may open it' }) issuedTo: LinkUserResponse;
  @ApiProperty({ enum: LINK_KINDS }) kind: LinkKind;
  @ApiProperty({ enum: LINK_ASSETS }) asset: LinkAsset;
  @ApiProperty() issuedAt: Date;
  @ApiProperty() expiresAt: Date;
  @ApiProperty({
    enum: LINK_STATES,
    description:
      'revoked: ended early; expired: its own time, or its release (expired, or revoked by closing the case), is over; live otherwise',
  })
  state: LinkState;
  @ApiProperty({ description: 'Times it was opened (each audited as link.opened)' }) openedCount: number;
  @ApiProperty({ nullable: true, type: Date }) lastOpenedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) revokedAt: Date | null;
  @ApiProperty({ nullable: true, type: LinkRevokerResponse }) revokedBy: LinkRevokerResponse | null;
  @ApiProperty({ nullable: true, type: String }) revokeReason: string | null;
  @ApiProperty({
    nullable: true,
    enum: ['link.revoked', 'link.expired', 'link.release_ended', 'link.consent_withdrawn', 'investigation.not_member'],
    description: 'The problem code opening it would answer the user it was issued to now; null when it would open',
  })
  refusal: LinkRefusal | null;
}

export class ClipLinkPage extends PageOf(ClipLinkResponse) {}

export class RevokeLinkDto {
  @ApiProperty({ minLength: 10, maxLength: 1000, example: 'Sent to the wrong officer; a new link will be issued to the case lead' })
  @Transform(trim)
  @IsString()
  @Length(10, 1000, { message: 'reason must be 10 to 1000 characters: say why the link is revoked' })
  reason: string;
}

export class RevokeReleaseDto {
  @ApiProperty({
    minLength: 10,
    maxLength: 1000,
    example: 'The footage is no longer needed: the suspect was identified from another camera',
    description: "Why the release ends early; the investigation's lead and the camera's owner (in their access log) read it",
  })
  @Transform(trim)
  @IsString()
  @Length(10, 1000, { message: 'reason must be 10 to 1000 characters: say why the release ends early' })
  reason: string;
}

export class RevokedReleaseResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty({ format: 'uuid' }) investigationId: string;
  @ApiProperty({ format: 'uuid' }) cameraId: string;
  @ApiProperty({ description: 'When it would have expired' }) expiresAt: Date;
  @ApiProperty() revokedAt: Date;
  @ApiProperty({ format: 'uuid' }) revokedBy: string;
  @ApiProperty() revokeReason: string;
}
