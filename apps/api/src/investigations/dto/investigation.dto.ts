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
  ValidateNested,
} from 'class-validator';
import {
  CAMERA_REQUEST_STATES,
  INVESTIGATION_STATUSES,
  LINK_ASSETS,
  LINK_KINDS,
  MAX_CAMERAS_PER_REQUEST,
  REQUEST_STATES,
  type CameraRequestState,
  type InvestigationStatus,
  type LinkAsset,
  type LinkKind,
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

export class CloseInvestigationDto {
  @ApiProperty({ example: 'Case closed by the prosecutor' }) @Transform(trim) @IsString() @Length(1, 500) reason: string;
}

export class AreaDto {
  @ApiProperty({ example: 10.79 }) @Type(() => Number) @IsLatitude() latitude: number;
  @ApiProperty({ example: 106.69 }) @Type(() => Number) @IsLongitude() longitude: number;
  @ApiProperty({ example: 150, minimum: 1, maximum: 2000 }) @Type(() => Number) @IsInt() @Min(1) @Max(2000) radiusMetres: number;
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
}

export class SupervisorDecisionDto {
  @ApiProperty({ enum: ['approve', 'reject'] }) @IsIn(['approve', 'reject']) decision: 'approve' | 'reject';
  @ApiPropertyOptional({ example: 'Window narrowed enough; proportionate' })
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

export class InvestigationSummaryResponse {
  @ApiProperty() id: string;
  @ApiProperty() caseNumber: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: INVESTIGATION_STATUSES }) status: InvestigationStatus;
  @ApiProperty() leadOfficerId: string;
  @ApiProperty() openedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) closedAt: Date | null;
}

export class InvestigationResponse extends InvestigationSummaryResponse {
  @ApiProperty() summary: string;
  @ApiProperty({ nullable: true, type: String }) closedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) closeReason: string | null;
  @ApiProperty({ type: [MemberResponse] }) members: MemberResponse[];
}

export class InvestigationPage extends PageOf(InvestigationSummaryResponse) {}

export class ReleaseStatusResponse {
  @ApiProperty() id: string;
  @ApiProperty() releasedAt: Date;
  @ApiProperty() expiresAt: Date;
  @ApiProperty({ nullable: true, type: Date }) revokedAt: Date | null;
  @ApiProperty({ description: 'Not expired and not revoked: its clips can be fetched' }) live: boolean;
}

export class RequestCameraResponse {
  @ApiProperty() cameraId: string;
  @ApiProperty() label: string;
  @ApiProperty() street: string;
  @ApiProperty() houseNumber: string;
  @ApiProperty({ enum: ['ask', 'auto_release'] }) sharingMode: string;
  @ApiProperty({ enum: CAMERA_REQUEST_STATES }) state: CameraRequestState;
  @ApiProperty({ nullable: true, type: Date }) decidedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ nullable: true, type: ReleaseStatusResponse }) release: ReleaseStatusResponse | null;
}

export class SupervisorDecisionResponse {
  @ApiProperty({ nullable: true, enum: ['approved', 'rejected'] }) decision: 'approved' | 'rejected' | null;
  @ApiProperty({ nullable: true, type: String }) by: string | null;
  @ApiProperty({ nullable: true, type: Date }) at: Date | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
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
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'How the cameras were chosen (cameras, radius or ward)' })
  selection: object;
  @ApiProperty() requestedBy: string;
  @ApiProperty() supervisorRequired: boolean;
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
  @ApiProperty() cameraCount: number;
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
  @ApiProperty({ description: 'Presigned GET URL on the public object store endpoint' }) url: string;
  @ApiProperty({ enum: LINK_KINDS }) kind: LinkKind;
  @ApiProperty({ enum: LINK_ASSETS }) asset: LinkAsset;
  @ApiProperty() clipId: string;
  @ApiProperty() investigationId: string;
  @ApiProperty() expiresAt: Date;
}
