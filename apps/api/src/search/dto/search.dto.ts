import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNumber, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { CAMERA_HEALTH, SHARING_MODES } from '@wardwatch/cameras';
import { SEARCH_BOUNDS } from '@wardwatch/search';
import { PageOf, PageQuery } from '../../http/page';
import { LOCAL_READING, WardDateTime } from '../../http/ward-date-time';

const HOUSE = /^[\p{L}\s.]{0,8}\d{1,9}[\p{L}\d/\s-]{0,20}$/u;

/** Paged like every list (`cursor`, `limit` up to SEARCH_BOUNDS.maxLimit), so a bad limit is a field error too. */
export class CameraSearchQueryDto extends PageQuery({ defaultLimit: SEARCH_BOUNDS.defaultLimit, maxLimit: SEARCH_BOUNDS.maxLimit }) {
  @ApiPropertyOptional({
    example: 'hoang van thai',
    description: 'Street name; diacritics and case are ignored and small typos tolerated (closest streets first)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(SEARCH_BOUNDS.maxStreetChars)
  street?: string;

  @ApiPropertyOptional({ example: '10', description: 'With street: lowest house number (main number: 12A and 12/3 count as 12)' })
  @IsOptional()
  @Matches(HOUSE, { message: 'houseFrom must be a house number such as 12, 12A or 12/3' })
  houseFrom?: string;

  @ApiPropertyOptional({ example: '40', description: 'With street: highest house number, inclusive' })
  @IsOptional()
  @Matches(HOUSE, { message: 'houseTo must be a house number such as 40, 40B or 40/7' })
  houseTo?: string;

  @ApiPropertyOptional({ example: 10.79, description: 'Latitude of the point (with lon and radiusM)' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({}, { message: 'lat must be a number' })
  lat?: number;

  @ApiPropertyOptional({ example: 106.69, description: 'Longitude of the point (with lat and radiusM)' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({}, { message: 'lon must be a number' })
  lon?: number;

  @ApiPropertyOptional({ example: 300, description: `Radius in metres, 1-${SEARCH_BOUNDS.maxRadiusM}` })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({}, { message: 'radiusM must be a number of metres' })
  radiusM?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'A ward (alone), or narrows a street search to one ward' })
  @IsOptional()
  @IsUUID('all', { message: 'wardId must be a ward id (GET /wards lists them)' })
  wardId?: string;

  @ApiProperty({ type: String, format: 'date-time', description: `Start of the time window (required). ${LOCAL_READING}` })
  @WardDateTime()
  from: Date;

  @ApiProperty({
    type: String,
    format: 'date-time',
    description: `End of the time window (required; at most SEARCH_MAX_WINDOW_HOURS after from). ${LOCAL_READING}`,
  })
  @WardDateTime()
  to: Date;

  @ApiPropertyOptional({ format: 'uuid', description: 'The investigation this search is for (recorded in the audit log)' })
  @IsOptional()
  @IsUUID('all', { message: 'investigationId must be an investigation id' })
  investigationId?: string;
}

class WardRef {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

class SearchAddress {
  @ApiProperty({ type: WardRef }) ward: WardRef;
  @ApiProperty() street: string;
  @ApiProperty() houseNumber: string;
  @ApiProperty({ nullable: true, type: String }) alley: string | null;
  @ApiProperty({ nullable: true, type: String }) residentialGroup: string | null;
}

class SearchLocation {
  @ApiProperty() latitude: number;
  @ApiProperty() longitude: number;
}

class SearchActiveHours {
  @ApiProperty({ example: '22:00' }) from: string;
  @ApiProperty({ example: '06:00' }) to: string;
  @ApiProperty({ example: 'Asia/Ho_Chi_Minh', description: 'The IANA time zone the hours were given in' }) timeZone: string;
}

class SearchConsent {
  @ApiProperty() version: number;
  @ApiProperty({ enum: [true], description: 'Always true: cameras whose consent excludes police search never appear' })
  policeSearch: true;
  @ApiProperty({ description: 'The owner consents to clips being captured' }) clips: boolean;
  @ApiProperty({
    enum: SHARING_MODES,
    description: 'ask: the owner approves each request; auto_release: approved investigations get footage',
  })
  sharingMode: string;
  @ApiProperty({ type: SearchActiveHours, nullable: true, description: 'Events outside these hours are not shown' })
  activeHours: SearchActiveHours | null;
}

class SearchEventResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['motion', 'analytics', 'other'] }) kind: string;
  @ApiProperty() topic: string;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) endedAt: string | null;
  @ApiProperty({ description: 'A stored clip exists (seeing it needs a footage request and release)' }) hasClip: boolean;
}

class SearchGapResponse {
  @ApiProperty({ enum: ['offline', 'subscription_lost', 'stream_lost', 'auth_failed'] }) reason: string;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'null: still open' }) endedAt: string | null;
}

export class CameraHitResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() label: string;
  @ApiProperty({ type: SearchAddress }) address: SearchAddress;
  @ApiProperty({ type: SearchLocation }) location: SearchLocation;
  @ApiProperty({ nullable: true, type: Number, description: 'Metres from the point (radius searches)' }) distanceM: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Street name similarity 0-1 (street searches)' })
  streetSimilarity: number | null;
  @ApiProperty({ enum: CAMERA_HEALTH }) health: string;
  @ApiProperty({ type: SearchConsent }) consent: SearchConsent;
  @ApiProperty({ type: [SearchEventResponse], description: 'Events in the window, oldest first (at most 100)' })
  events: SearchEventResponse[];
  @ApiProperty({ description: 'More events than shown: narrow the window' }) eventsTruncated: boolean;
  @ApiProperty({ type: [SearchGapResponse], description: 'Where footage and events are missing in the window' }) gaps: SearchGapResponse[];
}

class SearchWindow {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
}

/** The list envelope with what the search understood beside it. */
export class CameraSearchPage extends PageOf(CameraHitResponse) {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The place criterion as understood: kind street, radius or ward',
  })
  place: object;
  @ApiProperty({ type: SearchWindow }) window: SearchWindow;
}
