import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import type { Principal } from '@wardwatch/accounts';
import { HOLD_KINDS, type HoldKind } from '@wardwatch/footage';
import { MAX_MANUAL_HOLD_WINDOW_MS, SupervisorHoldsService } from '@wardwatch/investigations';
import { CurrentUser, Roles } from '../auth/access-policy';
import { cursorKeys, keysetPage, PageOf, PageQuery, type Page } from '../http/page';
import { LOCAL_READING, WardDateTime } from '../http/ward-date-time';
import { ApiProblems } from '../openapi/api-problems';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const MAX_DAYS = MAX_MANUAL_HOLD_WINDOW_MS / 86_400_000;

export class HoldIdParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'id must be a UUID' }) id: string;
}

export class ListHoldsQuery extends PageQuery({ defaultLimit: 50, maxLimit: 200 }) {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4', { message: 'cameraId must be a UUID' }) cameraId?: string;
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('4', { message: 'investigationId must be a UUID' })
  investigationId?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: holds in force; false: lifted ones; omitted: both' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'active must be true or false' })
  active?: 'true' | 'false';
  @ApiPropertyOptional({ enum: HOLD_KINDS })
  @IsOptional()
  @IsIn(HOLD_KINDS, { message: `kind must be one of ${HOLD_KINDS.join(', ')}` })
  kind?: HoldKind;
}

export class PlaceHoldDto {
  @ApiProperty({ format: 'uuid', description: 'The camera whose footage is held (GET /wards/{id}/cameras lists them)' })
  @IsUUID('4', { message: 'cameraId must be a UUID' })
  cameraId: string;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-28T18:00:00Z', description: `Not in the future. ${LOCAL_READING}` })
  @WardDateTime()
  from: Date;

  @ApiProperty({
    type: String,
    format: 'date-time',
    example: '2026-11-29T18:00:00Z',
    description: `After from, at most ${MAX_DAYS} days later. ${LOCAL_READING}`,
  })
  @WardDateTime()
  until: Date;

  @ApiProperty({ minLength: 10, maxLength: 1000, example: 'Prosecutor asked to preserve the night of the fire, pending a formal request' })
  @Transform(trim)
  @IsString()
  @Length(10, 1000, { message: 'reason must be 10 to 1000 characters: say why the footage must be kept' })
  reason: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The (open) investigation the hold serves; closing it lifts the hold' })
  @IsOptional()
  @IsUUID('4', { message: 'investigationId must be a UUID' })
  investigationId?: string;
}

export class LiftHoldDto {
  @ApiProperty({ minLength: 10, maxLength: 1000, example: 'The prosecutor withdrew the preservation order' })
  @Transform(trim)
  @IsString()
  @Length(10, 1000, { message: 'reason must be 10 to 1000 characters: say why the footage need not be kept' })
  reason: string;
}

class HoldCameraResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() label: string;
  @ApiProperty() street: string;
  @ApiProperty() houseNumber: string;
  @ApiProperty({ nullable: true, type: String }) alley: string | null;
}

class HoldInvestigationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() caseNumber: string;
}

class HoldUserResponse {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() displayName: string;
}

export class LegalHoldResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    enum: HOLD_KINDS,
    description: 'preservation: while a request is decided; release: while a release lasts; manual: placed by a supervisor',
  })
  kind: HoldKind;
  @ApiProperty() from: Date;
  @ApiProperty() until: Date;
  @ApiProperty() reason: string;
  @ApiProperty({ type: HoldCameraResponse }) camera: HoldCameraResponse;
  @ApiProperty({ type: HoldInvestigationResponse, nullable: true }) investigation: HoldInvestigationResponse | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) footageRequestId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The release this hold protects (kind release)' })
  releaseId: string | null;
  @ApiProperty({ type: HoldUserResponse, nullable: true, description: 'null when the system placed it' })
  placedBy: HoldUserResponse | null;
  @ApiProperty() placedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) liftedAt: Date | null;
  @ApiProperty({ type: HoldUserResponse, nullable: true }) liftedBy: HoldUserResponse | null;
  @ApiProperty({ nullable: true, type: String }) liftReason: string | null;
  @ApiProperty({
    description: 'In force and needed by no live release or pending request: POST /legal-holds/{id}/lift will lift it',
  })
  liftable: boolean;
}

class LegalHoldPage extends PageOf(LegalHoldResponse) {}

/** Supervisors: every legal hold with what it protects; manual holds placed and lifted with a reason (audited). */
@ApiTags('footage')
@Controller('legal-holds')
@Roles('supervisor')
export class LegalHoldsController {
  constructor(private readonly holds: SupervisorHoldsService) {}

  @Get()
  @ApiOperation({
    operationId: 'listLegalHolds',
    summary: 'Legal holds, newest placed first: by camera, investigation, kind, in force or lifted',
  })
  @ApiOkResponse({ type: LegalHoldPage })
  async list(@Query() q: ListHoldsQuery): Promise<Page<LegalHoldResponse>> {
    const limit = q.limit ?? 50;
    const after = cursorKeys(q.cursor, ['at', 'id'] as const);
    const rows = await this.holds.list(
      {
        cameraId: q.cameraId,
        investigationId: q.investigationId,
        kind: q.kind,
        active: q.active === undefined ? undefined : q.active === 'true',
      },
      after ? { placedAt: new Date(after.at), id: after.id } : null,
      limit,
    );
    return keysetPage(rows, limit, (last) => ({ at: last.placedAt.toISOString(), id: last.id }));
  }

  @Post()
  @ApiOperation({
    operationId: 'placeLegalHold',
    summary: "Place a manual hold on one camera's footage over a window (audited as hold.placed)",
    description: `The window: until after from, from not in the future, at most ${MAX_DAYS} days. Retention keeps held footage until the hold is lifted.`,
  })
  @ApiCreatedResponse({ type: LegalHoldResponse })
  @ApiProblems({ status: 400, description: 'The window is not valid (legal_hold.invalid_window), or a field is malformed' })
  @ApiProblems({ status: 404, description: 'No such camera or investigation' })
  @ApiProblems({ status: 409, description: 'The investigation is closed' })
  place(@CurrentUser() user: Principal, @Body() body: PlaceHoldDto): Promise<LegalHoldResponse> {
    return this.holds.placeManual(user, body);
  }

  @Post(':id/lift')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'liftLegalHold',
    summary: 'Lift a hold with a reason (audited as hold.lifted): a manual hold, or one whose release or request has ended',
  })
  @ApiOkResponse({ type: LegalHoldResponse })
  @ApiProblems({ status: 404, description: 'No such hold' })
  @ApiProblems({
    status: 409,
    description:
      'Already lifted (legal_hold.already_lifted), or a live release or pending request still needs it (legal_hold.still_needed)',
  })
  lift(@CurrentUser() user: Principal, @Param() { id }: HoldIdParam, @Body() body: LiftHoldDto): Promise<LegalHoldResponse> {
    return this.holds.lift(user, id, body.reason);
  }
}
