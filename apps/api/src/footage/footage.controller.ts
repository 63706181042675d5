import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { Principal } from '@wardwatch/accounts';
import { ApiConfig } from '@wardwatch/config';
import { FootageIntegrityService, OwnerClipsService, TIMELINE_MAX_DAYS } from '@wardwatch/footage';
import { CurrentUser, Roles } from '../auth/access-policy';
import { cursorKeys, keysetPage, PageOf, PageQuery } from '../http/page';

export class IntegrityCheckDto {
  @ApiPropertyOptional({
    description:
      'The most stored clips to re-read in this run, continuing after the last clip any run checked (the rolling cursor; it wraps around at the end)',
    default: 10_000,
    example: 1000,
    minimum: 1,
    maximum: 100_000,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  limit?: number;
}

class IntegrityMismatchResponse {
  @ApiProperty() clipId: string;
  @ApiProperty() cameraId: string;
  @ApiProperty({ enum: ['clip', 'thumbnail'] }) object: string;
  @ApiProperty() key: string;
  @ApiProperty({ description: 'SHA-256 recorded at capture' }) expected: string;
  @ApiProperty({ nullable: true, type: String, description: 'SHA-256 of what the store holds now' }) actual: string | null;
  @ApiProperty({ enum: ['hash_differs', 'missing', 'unreadable'] }) problem: string;
}

class IntegrityProgressResponse {
  @ApiProperty({ description: 'Cycles started so far; each re-reads every clip stored when it started' }) cycle: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Null between cycles' })
  cycleStartedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The last clip checked (clips are walked in id order)' })
  position: string | null;
  @ApiProperty() checkedInCycle: number;
  @ApiProperty({ description: 'Stored clips when the cycle started' }) cycleTotal: number;
  @ApiProperty({ description: 'Stored clips still ahead of the cursor in this cycle' }) remainingInCycle: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastCycleFinishedAt: string | null;
  @ApiProperty({ description: 'Clips a scheduled run checks so that a cycle ends within cycleDays' }) quotaPerRun: number;
  @ApiProperty() cycleDays: number;
}

class IntegrityReportResponse {
  @ApiProperty() checked: number;
  @ApiProperty() ok: number;
  @ApiProperty({ type: [IntegrityMismatchResponse] }) mismatches: IntegrityMismatchResponse[];
  @ApiProperty() startedAt: string;
  @ApiProperty() finishedAt: string;
  @ApiProperty({ description: 'Bytes re-read from the object store' }) bytesRead: number;
  @ApiProperty({ description: 'The read rate bound (INTEGRITY_READ_BYTES_PER_S)' }) readBytesPerSecond: number;
  @ApiProperty({ description: 'Time the run waited to stay under the read rate bound' }) pausedMs: number;
  @ApiProperty({ description: 'The run reached the last stored clip; the next run starts a new cycle' }) cycleCompleted: boolean;
  @ApiProperty({ type: IntegrityProgressResponse }) progress: IntegrityProgressResponse;
}

@ApiTags('footage')
@Controller('footage')
export class FootageController {
  constructor(private readonly integrity: FootageIntegrityService) {}

  /** Reads no footage out: it only says whether what is stored still matches what was captured. */
  @Post('integrity-checks')
  @HttpCode(200)
  @Roles('admin', 'supervisor')
  @ApiOperation({
    operationId: 'checkFootageIntegrity',
    summary: 'Re-read stored clips and thumbnails and compare their SHA-256 with the capture record',
    description:
      'Each mismatch is audited as clip.integrity_failed; the run as footage.integrity_checked. The worker also runs this daily.',
  })
  @ApiOkResponse({ type: IntegrityReportResponse })
  check(@CurrentUser() user: Principal, @Body() body: IntegrityCheckDto) {
    return this.integrity.verify({ userId: user.userId, role: user.role }, body.limit ?? 10_000);
  }

  @Get('integrity-checks/progress')
  @Roles('admin', 'supervisor')
  @ApiOperation({
    operationId: 'getFootageIntegrityProgress',
    summary: 'Where the rolling integrity check stands: cycle, cursor, clips checked of the total',
  })
  @ApiOkResponse({ type: IntegrityProgressResponse })
  progress() {
    return this.integrity.progress();
  }
}

export class OwnerClipParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() clipId: string;
}

export class CameraParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
}

export class OwnerClipsQuery extends PageQuery({ defaultLimit: 50, maxLimit: 200 }) {}

export class OwnerClipLinkDto {
  @ApiProperty({ enum: ['clip', 'thumbnail'] }) @IsIn(['clip', 'thumbnail']) asset: 'clip' | 'thumbnail';
}

class OwnerClipResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['capturing', 'assembled', 'stored', 'failed'] }) status: string;
  @ApiProperty() motionEventId: string;
  @ApiProperty() requestedFrom: Date;
  @ApiProperty({ nullable: true, type: Date }) requestedTo: Date | null;
  @ApiProperty({ nullable: true, type: Date, description: 'True start (stream copy cuts at keyframes)' }) startedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) endedAt: Date | null;
  @ApiProperty({ nullable: true, type: Number }) durationMs: number | null;
  @ApiProperty({ nullable: true, type: Number }) sizeBytes: number | null;
  @ApiProperty({ nullable: true, type: String }) sha256: string | null;
  @ApiProperty({ nullable: true, type: String }) failureReason: string | null;
  @ApiProperty() retainUntil: Date;
  @ApiProperty({ description: 'A legal hold keeps it past retention and withdrawal' }) onHold: boolean;
}

class OwnerClipPage extends PageOf(OwnerClipResponse) {}

class OwnerClipLinkResponse {
  @ApiProperty({ description: 'Presigned URL on the public object store endpoint' }) url: string;
  @ApiProperty() expiresAt: Date;
  @ApiProperty({ description: 'SHA-256 recorded at capture, to check what was fetched' }) sha256: string;
}

/** Residents' own footage: their cameras' clips, and short-lived links to play them (audited). */
@ApiTags('footage')
@Controller('cameras/:id/clips')
export class OwnerClipsController {
  constructor(
    private readonly clips: OwnerClipsService,
    private readonly config: ApiConfig,
  ) {}

  @Get()
  @Roles('resident')
  @ApiOperation({ operationId: 'listOwnCameraClips', summary: 'Clips of one of your cameras, newest first' })
  @ApiOkResponse({ type: OwnerClipPage })
  async list(@CurrentUser() user: Principal, @Param() { id }: CameraParam, @Query() q: OwnerClipsQuery): Promise<OwnerClipPage> {
    const limit = q.limit ?? 50;
    const after = cursorKeys(q.cursor, ['requestedFrom', 'id'] as const);
    const rows = await this.clips.list(user, id, after ? { requestedFrom: new Date(after.requestedFrom), id: after.id } : null, limit + 1);
    return keysetPage(rows, limit, (last) => ({ requestedFrom: last.requestedFrom.toISOString(), id: last.id }));
  }

  @Post(':clipId/links')
  @HttpCode(200)
  @Roles('resident')
  @ApiOperation({
    operationId: 'issueOwnClipLink',
    summary: 'A short-lived link to play a clip or its thumbnail of your camera (audited as link.issued)',
  })
  @ApiOkResponse({ type: OwnerClipLinkResponse })
  link(@CurrentUser() user: Principal, @Param() { id, clipId }: OwnerClipParams, @Body() body: OwnerClipLinkDto) {
    return this.clips.link(user, id, clipId, body.asset, this.config.DOWNLOAD_LINK_TTL_SECONDS);
  }
}

export class OwnerTimelineQuery {
  @ApiPropertyOptional({
    description: 'How many days back from now (1: the last 24 hours; 7: the last week)',
    default: 1,
    minimum: 1,
    maximum: TIMELINE_MAX_DAYS,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `days must be a whole number between 1 and ${TIMELINE_MAX_DAYS}` })
  @Min(1, { message: `days must be a whole number between 1 and ${TIMELINE_MAX_DAYS}` })
  @Max(TIMELINE_MAX_DAYS, { message: `days must be a whole number between 1 and ${TIMELINE_MAX_DAYS}` })
  days?: number;
}

class TimelineEventResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['motion', 'analytics', 'other'] }) kind: string;
  @ApiProperty() startedAt: Date;
  @ApiProperty({ nullable: true, type: Date, description: 'null while the motion lasts' }) endedAt: Date | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The clip made of this event, if any' }) clipId: string | null;
  @ApiProperty({ nullable: true, type: String, enum: ['capturing', 'assembled', 'stored', 'failed'] }) clipStatus: string | null;
}

class TimelineGapResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    enum: ['offline', 'subscription_lost', 'stream_lost', 'auth_failed', 'no_worker', 'no_capacity', 'network_refused'],
    description: 'Why nothing could be seen',
  })
  reason: string;
  @ApiProperty() startedAt: Date;
  @ApiProperty({ nullable: true, type: Date, description: 'null while the gap is open' }) endedAt: Date | null;
}

class OwnerTimelineResponse {
  @ApiProperty() from: Date;
  @ApiProperty() to: Date;
  @ApiProperty({ type: [TimelineEventResponse], description: 'Oldest first' }) events: TimelineEventResponse[];
  @ApiProperty({ type: [TimelineGapResponse], description: 'Spans in which the camera could not be seen, oldest first' })
  gaps: TimelineGapResponse[];
  @ApiProperty({ description: 'More events than one timeline carries: the oldest were left out' }) truncated: boolean;
}

/** The owner's timeline: when the camera saw motion, which clips were made, and when it could not be seen. */
@ApiTags('footage')
@Controller('cameras/:id/timeline')
export class OwnerTimelineController {
  constructor(private readonly clips: OwnerClipsService) {}

  @Get()
  @Roles('resident')
  @ApiOperation({
    operationId: 'getOwnCameraTimeline',
    summary: 'Events (with their clips) and coverage gaps of one of your cameras over the last days, ending now',
  })
  @ApiOkResponse({ type: OwnerTimelineResponse })
  timeline(@CurrentUser() user: Principal, @Param() { id }: CameraParam, @Query() q: OwnerTimelineQuery): Promise<OwnerTimelineResponse> {
    return this.clips.timeline(user, id, q.days ?? 1);
  }
}
