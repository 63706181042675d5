import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNumber, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { CAMERA_HEALTH, SHARING_MODES } from '@wardwatch/cameras';
import { SEARCH_BOUNDS } from '@wardwatch/search';
import { GeoJsonPolygonResponse } from '../../cameras/dto/camera.dto';
import { PageOf, PageQuery } from '../../http/page';
import { problemContext } from '../../http/validation-problem';
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

// The place of a search sent as a body: documented as one of four shapes (discriminated by kind), and
// checked by the search library itself (placeParamsFromBody, parseCameraSearch), whose problems say
// exactly what to fix (search.invalid_place, search.invalid_area, ...).

export class StreetPlace {
  @ApiProperty({ enum: ['street'] }) kind: 'street';
  @ApiProperty({ example: 'hoang van thai', description: 'Street name; diacritics and case ignored, small typos tolerated' })
  street: string;
  @ApiPropertyOptional({ example: '10', description: 'Lowest house number (main number: 12A and 12/3 count as 12)' }) houseFrom?: string;
  @ApiPropertyOptional({ example: '40', description: 'Highest house number, inclusive' }) houseTo?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Narrows the street to one ward' }) wardId?: string;
}

export class CirclePlace {
  @ApiProperty({ enum: ['circle'] }) kind: 'circle';
  @ApiProperty({ example: 21.3895 }) latitude: number;
  @ApiProperty({ example: 103.0312 }) longitude: number;
  @ApiProperty({ example: 150, minimum: 1, maximum: SEARCH_BOUNDS.maxRadiusM, description: 'Metres' }) radiusM: number;
}

export class SearchPolygonInput {
  @ApiProperty({ enum: ['Polygon'] }) type: 'Polygon';
  @ApiProperty({
    type: 'array',
    minItems: 1,
    maxItems: 1,
    items: {
      type: 'array',
      minItems: 4,
      maxItems: SEARCH_BOUNDS.maxPolygonVertices + 1,
      items: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
    },
    example: [
      [
        [103.03, 21.389],
        [103.033, 21.389],
        [103.033, 21.392],
        [103.03, 21.392],
        [103.03, 21.389],
      ],
    ],
    description: `One outer ring of [longitude, latitude], closed (last = first), at most ${SEARCH_BOUNDS.maxPolygonVertices} corners, not crossing itself, at most π·2000² m²`,
  })
  coordinates: [number, number][][];
}

export class PolygonPlace {
  @ApiProperty({ enum: ['polygon'] }) kind: 'polygon';
  @ApiProperty({ type: SearchPolygonInput }) polygon: SearchPolygonInput;
}

export class WardPlace {
  @ApiProperty({ enum: ['ward'] }) kind: 'ward';
  @ApiProperty({ format: 'uuid' }) wardId: string;
}

const limitMessage = `limit must be a whole number between 1 and ${SEARCH_BOUNDS.maxLimit}`;

/** POST /search/cameras: the place as an object (a drawn polygon does not fit a query string). */
@ApiExtraModels(StreetPlace, CirclePlace, PolygonPlace, WardPlace)
export class CameraSearchBodyDto {
  @ApiProperty({
    oneOf: [StreetPlace, CirclePlace, PolygonPlace, WardPlace].map((m) => ({ $ref: getSchemaPath(m) })),
    discriminator: {
      propertyName: 'kind',
      mapping: {
        street: getSchemaPath(StreetPlace),
        circle: getSchemaPath(CirclePlace),
        polygon: getSchemaPath(PolygonPlace),
        ward: getSchemaPath(WardPlace),
      },
    },
    description: 'Where to search: one of street, circle, polygon or ward (by kind)',
  })
  @IsObject({ message: 'place must be an object with a kind: street, circle, polygon or ward' })
  place: Record<string, unknown>;

  @ApiProperty({
    type: String,
    format: 'date-time',
    example: '2026-11-28T21:00:00+07:00',
    description: `Start of the time window. ${LOCAL_READING}`,
  })
  @WardDateTime()
  from: Date;

  @ApiProperty({
    type: String,
    format: 'date-time',
    example: '2026-11-29T01:00:00+07:00',
    description: `End of the time window (at most SEARCH_MAX_WINDOW_HOURS after from). ${LOCAL_READING}`,
  })
  @WardDateTime()
  to: Date;

  @ApiPropertyOptional({ format: 'uuid', description: 'The investigation this search is for (recorded in the audit log)' })
  @IsOptional()
  @IsUUID('all', { message: 'investigationId must be an investigation id' })
  investigationId?: string;

  @ApiPropertyOptional({ description: '`next` of the previous page (opaque); omit for the first page', maxLength: 1000 })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,1000}$/, {
    message: 'cursor is not one this API issued; start again without a cursor',
    context: problemContext('validation.bad_cursor'),
  })
  cursor?: string;

  @ApiPropertyOptional({ default: SEARCH_BOUNDS.defaultLimit, minimum: 1, maximum: SEARCH_BOUNDS.maxLimit, description: 'Items per page' })
  @IsOptional()
  @IsInt({ message: limitMessage })
  @Min(1, { message: limitMessage })
  @Max(SEARCH_BOUNDS.maxLimit, { message: limitMessage })
  limit?: number;
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
  @ApiProperty({ enum: ['offline', 'subscription_lost', 'stream_lost', 'auth_failed', 'no_worker', 'no_capacity', 'network_refused'] })
  reason: string;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'null: still open' }) endedAt: string | null;
}

class SearchHitCoverage {
  @ApiProperty({ description: 'The view cone reaches into the searched area (always false for street and ward searches)' })
  viewCovers: boolean;
  @ApiProperty({
    nullable: true,
    type: Number,
    minimum: 0,
    maximum: 1,
    description: 'Fraction of the searched area inside the view cone; null without a cone or for street and ward searches',
  })
  coveredFraction: number | null;
}

export class CameraHitResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() label: string;
  @ApiProperty({ type: SearchAddress }) address: SearchAddress;
  @ApiProperty({ type: SearchLocation }) location: SearchLocation;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Metres from the point (radius/circle) or from the polygon’s centroid (polygon); null for street and ward searches',
  })
  distanceM: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Metres from the searched area’s edge, 0 inside it (area searches); null otherwise',
  })
  distanceToAreaM: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Street name similarity 0-1 (street searches)' })
  streetSimilarity: number | null;
  @ApiProperty({ enum: CAMERA_HEALTH }) health: string;
  @ApiProperty({ type: SearchConsent }) consent: SearchConsent;
  @ApiProperty({ type: [SearchEventResponse], description: 'Events in the window, oldest first (at most 100)' })
  events: SearchEventResponse[];
  @ApiProperty({ description: 'More events than shown: narrow the window' }) eventsTruncated: boolean;
  @ApiProperty({ type: [SearchGapResponse], description: 'Where footage and events are missing in the window' }) gaps: SearchGapResponse[];
  @ApiProperty({
    type: GeoJsonPolygonResponse,
    nullable: true,
    description: 'Where the camera looks; null when its owner gave no direction',
  })
  viewCone: GeoJsonPolygonResponse | null;
  @ApiProperty({ type: SearchHitCoverage }) coverage: SearchHitCoverage;
}

class SearchAreaPolygon {
  @ApiProperty({ enum: ['Polygon'] }) type: 'Polygon';
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 } },
    description: 'Rings of [longitude, latitude]; a circle is drawn with 64 sides',
  })
  coordinates: [number, number][][];
}

class SearchUncoveredArea {
  @ApiProperty({ enum: ['MultiPolygon'] }) type: 'MultiPolygon';
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'array', items: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 } } },
    description: 'Polygons of [longitude, latitude] rings; empty ([]) when the cones cover the whole area',
  })
  coordinates: [number, number][][][];
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
    description: 'The place criterion as understood: kind street, radius (GET lat/lon/radiusM, or a POST circle), polygon or ward',
  })
  place: object;
  @ApiProperty({ type: SearchWindow }) window: SearchWindow;
  @ApiProperty({
    type: SearchAreaPolygon,
    nullable: true,
    description: 'The searched area (radius/circle and polygon searches); null otherwise',
  })
  area: SearchAreaPolygon | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The searched area in m² (area searches); null otherwise' })
  areaM2: number | null;
  @ApiProperty({
    type: SearchUncoveredArea,
    nullable: true,
    description:
      'The parts of the area no view cone of a camera whose consent allows police search covers (over all of them, not only this page); ' +
      'empty when they cover it all; null for street and ward searches',
  })
  uncovered: SearchUncoveredArea | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: 0,
    maximum: 1,
    description: 'uncovered’s share of the area, 0-1; null for street and ward searches',
  })
  uncoveredFraction: number | null;
}
