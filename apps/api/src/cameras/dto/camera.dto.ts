import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
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
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ACCESS_LOG_MAX_PAGE, CONSENT_METHODS, CONSENT_PURPOSES, NOTICE_LANGUAGES, SHARING_MODES } from '@wardwatch/cameras';
import type { ConsentMethod, ConsentPurpose, NoticeLanguage, SharingMode } from '@wardwatch/cameras';
import { PageQuery } from '../../http/page';
import { ViewDirectionDto } from './camera-portal.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Given in the ward's time zone (WARD_TIME_ZONE); the consent records that zone with the hours. */
export class ActiveHoursDto {
  @ApiProperty({ example: '22:00' }) @Matches(HHMM, { message: "from must be HH:MM (24-hour, the ward's time zone)" }) from: string;
  @ApiProperty({ example: '06:00' }) @Matches(HHMM, { message: "to must be HH:MM (24-hour, the ward's time zone)" }) to: string;
}

export class ConsentTermsDto {
  @ApiProperty({ enum: CONSENT_PURPOSES, isArray: true, example: ['event_metadata', 'clips', 'police_search'] })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(CONSENT_PURPOSES.length)
  @IsIn(CONSENT_PURPOSES, { each: true, message: `each purpose must be one of ${CONSENT_PURPOSES.join(', ')}` })
  purposes: ConsentPurpose[];

  @ApiProperty({ minimum: 1, example: 7, description: 'Days clips and events are kept unless held for an investigation' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  retentionDays: number;

  @ApiProperty({ enum: SHARING_MODES, description: 'ask: approve each police request; auto_release: approved investigations get footage' })
  @IsIn(SHARING_MODES)
  sharingMode: SharingMode;

  @ApiPropertyOptional({ type: ActiveHoursDto, nullable: true, description: 'Only share footage in this daily window' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ActiveHoursDto)
  activeHours?: ActiveHoursDto | null;

  @ApiProperty({ example: '2026-11', description: 'The notice version the resident read (GET /consent-notice)' })
  @Matches(/^[\w.-]{1,16}$/)
  noticeVersion: string;

  @ApiProperty({ enum: NOTICE_LANGUAGES })
  @IsIn(NOTICE_LANGUAGES)
  noticeLanguage: NoticeLanguage;

  @ApiPropertyOptional({ enum: CONSENT_METHODS, default: 'api' })
  @IsOptional()
  @IsIn(CONSENT_METHODS)
  method?: ConsentMethod;
}

export class CameraAddressDto {
  @ApiProperty({ example: 'tan-dinh', description: 'Ward code (GET /wards)' })
  @Matches(/^[A-Za-z0-9_.-]{1,32}$/, { message: 'wardCode must be a ward code from GET /wards' })
  wardCode: string;
  @ApiProperty({ example: 'Hoàng Văn Thái' }) @Transform(trim) @IsString() @Length(1, 160) street: string;
  @ApiProperty({ example: '12A' }) @Transform(trim) @IsString() @Length(1, 32) houseNumber: string;
  @ApiPropertyOptional({ example: 'Ngõ 34' }) @IsOptional() @Transform(trim) @IsString() @Length(1, 120) alley?: string;
  @ApiPropertyOptional({ example: 'Tổ 5' }) @IsOptional() @Transform(trim) @IsString() @Length(1, 32) residentialGroup?: string;
}

export class OnvifEndpointDto {
  @ApiProperty({ example: '10.88.3.17', description: 'IP or host name on an allowed camera network' })
  @Transform(trim)
  @IsString()
  @Length(1, 253)
  host: string;

  @ApiProperty({ example: 80 }) @Type(() => Number) @IsInt() @Min(1) @Max(65535) port: number;

  @ApiPropertyOptional({ example: '/onvif/device_service', default: '/onvif/device_service' })
  @IsOptional()
  @Matches(/^\/[\w./-]{0,254}$/, { message: 'path must start with / and contain only letters, digits, . _ - /' })
  path?: string;

  @ApiProperty({ example: 'admin' }) @IsString() @Length(1, 64) username: string;
  @ApiProperty({ writeOnly: true }) @IsString() @Length(1, 128) password: string;
}

export class EnrolCameraDto {
  @ApiProperty({ example: 'Cổng trước' }) @Transform(trim) @IsString() @Length(1, 80) label: string;
  @ApiProperty({ type: CameraAddressDto }) @ValidateNested() @Type(() => CameraAddressDto) address: CameraAddressDto;
  @ApiProperty({ example: 10.7905 }) @Type(() => Number) @IsLatitude() latitude: number;
  @ApiProperty({ example: 106.6903 }) @Type(() => Number) @IsLongitude() longitude: number;
  @ApiPropertyOptional({ example: 'Looks east along the alley' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 240)
  facingNote?: string;
  @ApiPropertyOptional({ type: ViewDirectionDto, description: 'Where the camera looks (a cone on the map)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ViewDirectionDto)
  direction?: ViewDirectionDto;
  @ApiProperty({ type: OnvifEndpointDto }) @ValidateNested() @Type(() => OnvifEndpointDto) onvif: OnvifEndpointDto;
  @ApiPropertyOptional({
    type: ConsentTermsDto,
    description:
      'Omit it to enrol the camera pending (nothing captured or shared), look at GET /cameras/:id/snapshot, then consent with PUT /cameras/:id/consent',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConsentTermsDto)
  consent?: ConsentTermsDto;
}

export class CameraIdParam {
  @IsUUID('4', { message: 'id must be a UUID' }) id: string;
}

export class NoticeQueryDto {
  @ApiPropertyOptional({ enum: NOTICE_LANGUAGES, default: 'vi' }) @IsOptional() @IsIn(NOTICE_LANGUAGES) language?: NoticeLanguage;
}

export class CameraCredentialsDto {
  @ApiProperty({ example: 'admin' }) @IsString() @Length(1, 64) username: string;
  @ApiProperty({ writeOnly: true }) @IsString() @Length(1, 128) password: string;
}

export class ClipSettingsDto {
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Seconds of video before motion (null: the default); at most CLIP_MAX_PRE_ROLL_S',
  })
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(0)
  preRollSeconds: number | null;

  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Seconds of video after motion (null: the default); at most CLIP_MAX_POST_ROLL_S',
  })
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(0)
  postRollSeconds: number | null;
}

/** Keyset paging over the audit log, newest first. */
export class AuditCursorQueryDto extends PageQuery({ defaultLimit: 50, maxLimit: ACCESS_LOG_MAX_PAGE }) {}

/** A camera list: oldest first. Residents have a few; an admin sees the whole ward's (hundreds), so it pages. */
export class CameraListQueryDto extends PageQuery({ defaultLimit: 100, maxLimit: 500 }) {}
