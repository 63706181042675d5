import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import {
  CAMERA_HEALTH,
  CAMERA_LIFECYCLES,
  CONSENT_PURPOSES,
  CONSENT_STATES,
  type CameraHealth,
  type ConsentState,
} from '@wardwatch/cameras';
import { CameraRoster, type RosterCamera } from '@wardwatch/ingest';
import { Roles } from '../auth/access-policy';
import { cursorKeys, keysetPage, PageOf, PageQuery } from '../http/page';
import { uuidParam } from '../http/validation-problem';
import { ApiProblems } from '../openapi/api-problems';

const ROSTER_CONSENT = [...CONSENT_STATES, 'none'] as const;

export class CameraRosterQueryDto extends PageQuery({ defaultLimit: 50, maxLimit: 200 }) {
  @ApiPropertyOptional({ enum: CAMERA_HEALTH })
  @IsOptional()
  @IsIn(CAMERA_HEALTH, { message: `health must be one of ${CAMERA_HEALTH.join(', ')}` })
  health?: CameraHealth;

  @ApiPropertyOptional({ enum: ROSTER_CONSENT, description: 'The consent in force; none: the camera has none' })
  @IsOptional()
  @IsIn(ROSTER_CONSENT, { message: `consent must be one of ${ROSTER_CONSENT.join(', ')}` })
  consent?: ConsentState | 'none';

  @ApiPropertyOptional({
    type: Boolean,
    description:
      'true: a worker holds the camera; false: enrolled but not covered (active, consenting to event metadata, and no worker holds it)',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'covered must be true or false' })
  covered?: boolean;

  @ApiPropertyOptional({ description: "Part of the label, the street or the owner's name (diacritics and case ignored)" })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  q?: string;
}

class RosterOwner {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Nguyễn Thị Lan' }) displayName: string;
}

class RosterAddress {
  @ApiProperty({ example: 'Võ Nguyên Giáp' }) street: string;
  @ApiProperty({ example: '12' }) houseNumber: string;
  @ApiProperty({ type: String, nullable: true }) alley: string | null;
  @ApiProperty({ type: String, nullable: true }) residentialGroup: string | null;
}

class RosterConsent {
  @ApiProperty({ enum: CONSENT_STATES }) state: string;
  @ApiProperty({ enum: CONSENT_PURPOSES, isArray: true }) purposes: string[];
  @ApiProperty() retentionDays: number;
}

class RosterCoverage {
  @ApiProperty({ description: 'A worker holds the camera’s lease (its event subscription runs there)' }) held: boolean;
  @ApiProperty({ type: String, nullable: true }) workerId: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the lease lapses unless renewed' })
  leaseExpiresAt: Date | null;
  @ApiProperty({
    description: 'A worker should hold it (active, consent given with event metadata): expected and not held is "enrolled but not covered"',
  })
  expected: boolean;
}

export class RosterCameraResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() label: string;
  @ApiProperty({ type: RosterOwner }) owner: RosterOwner;
  @ApiProperty({ type: RosterAddress }) address: RosterAddress;
  @ApiProperty({ enum: CAMERA_LIFECYCLES }) lifecycle: string;
  @ApiProperty({ enum: CAMERA_HEALTH }) health: string;
  @ApiProperty({ type: RosterConsent, nullable: true, description: 'The consent in force; null: none yet' }) consent: RosterConsent | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastEventAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', description: 'The last ONVIF probe (enrolment or re-probe)' }) lastProbedAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The last message from the camera' })
  lastSeenAt: Date | null;
  @ApiProperty({ type: RosterCoverage }) coverage: RosterCoverage;
}

export class CameraRosterPage extends PageOf(RosterCameraResponse) {}

/** The administrators' view of a ward's cameras, with which worker covers each. */
@ApiTags('cameras')
@Controller('wards')
export class CameraRosterController {
  constructor(private readonly roster: CameraRoster) {}

  @Get(':id/camera-roster')
  @Roles('admin')
  @ApiParam({ name: 'id', format: 'uuid', description: 'The ward' })
  @ApiOperation({
    operationId: 'getWardCameraRoster',
    summary:
      "The ward's enrolled cameras for administrators: owner, address, lifecycle, health, consent, last event and probe, and which worker holds each (from the leases)",
  })
  @ApiOkResponse({ type: CameraRosterPage })
  @ApiProblems({ status: 404, description: 'No such ward' })
  async list(@Param('id', uuidParam('id')) wardId: string, @Query() query: CameraRosterQueryDto): Promise<CameraRosterPage> {
    const limit = query.limit ?? 50;
    const after = cursorKeys(query.cursor, ['key', 'house', 'id'] as const);
    const rows: RosterCamera[] = await this.roster.page(
      wardId,
      { health: query.health, consent: query.consent, covered: query.covered, q: query.q },
      { after: after ? { street: after.key, house: after.house, id: after.id } : null, limit: limit + 1 },
    );
    return keysetPage(rows, limit, (last) => ({ key: last.address.street, house: last.address.houseNumber, id: last.id }));
  }
}
