import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { AUDIT_FLAG_KINDS } from '@wardwatch/audit';
import { PageOf, PageQuery } from '../../http/page';
import { LOCAL_READING, WardDateTime } from '../../http/ward-date-time';

/** The filters shared by the list and the CSV export. */
export class AuditFilterDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() actorId?: string;
  @ApiPropertyOptional({
    example: 'link.',
    description: 'An exact action (`auth.login_failed`), or a domain prefix ending with a dot (`link.`) for every action of that domain',
  })
  @IsOptional()
  @Matches(/^[a-z_]+\.([a-z_.]*[a-z_])?\.?$/, { message: 'action must look like domain.verb, or domain. for every action of a domain' })
  action?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() cameraId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() investigationId?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'Entries about this clip: those whose subject it is (stored, link issued, opened or revoked, deleted) and those whose details name it (an evidence export)',
  })
  @IsOptional()
  @IsUUID()
  clipId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Searches whose results included this camera' })
  @IsOptional()
  @IsUUID()
  returnedCameraId?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'Street searches that named this street of the gazetteer (GET /wards/{id}/streets), in its ward or in no ward; the name is compared without diacritics or case. Area searches that covered it are found with returnedCameraId.',
  })
  @IsOptional()
  @IsUUID()
  streetId?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', description: `Entries at or after this time. ${LOCAL_READING}` })
  @IsOptional()
  @WardDateTime()
  from?: Date;
  @ApiPropertyOptional({ type: String, format: 'date-time', description: `Entries before this time. ${LOCAL_READING}` })
  @IsOptional()
  @WardDateTime()
  to?: Date;
}

export class AuditQueryDto extends IntersectionType(AuditFilterDto, PageQuery({ defaultLimit: 100, maxLimit: 500 })) {}

export class AuditEntryResponse {
  @ApiProperty() seq: string;
  @ApiProperty() at: Date;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorRole: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "The actor's display name now (not part of the hashed entry); null for the system and for a deleted account",
  })
  actorName: string | null;
  @ApiProperty() action: string;
  @ApiProperty() subjectType: string;
  @ApiProperty({ nullable: true, type: String }) subjectId: string | null;
  @ApiProperty({ nullable: true, type: String }) cameraId: string | null;
  @ApiProperty({ nullable: true, type: String }) investigationId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
  @ApiProperty() prevHash: string;
  @ApiProperty() hash: string;
}

export class AuditPage extends PageOf(AuditEntryResponse) {}

export class ChainVerificationResponse {
  @ApiProperty() ok: boolean;
  @ApiProperty({ description: 'Entries checked before the result' }) entries: number;
  @ApiPropertyOptional({ nullable: true, type: String }) headSeq?: string | null;
  @ApiPropertyOptional() headHash?: string;
  @ApiPropertyOptional({ description: 'The first entry that does not hold, and why' }) firstBroken?: { seq: string; reason: string };
  @ApiPropertyOptional({ nullable: true, type: String }) lastGoodSeq?: string | null;
}

export class AuditFlagsQueryDto {
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: `Start of the period (default: 7 days before \`to\`). ${LOCAL_READING}`,
  })
  @IsOptional()
  @WardDateTime()
  from?: Date;
  @ApiPropertyOptional({ type: String, format: 'date-time', description: `End of the period, exclusive (default: now). ${LOCAL_READING}` })
  @IsOptional()
  @WardDateTime()
  to?: Date;
  @ApiPropertyOptional({ description: 'Flag more than this many download links by one user... (default AUDIT_FLAG_DOWNLOAD_LINKS, 20)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  maxLinks?: number;
  @ApiPropertyOptional({ description: '...within this many minutes (default AUDIT_FLAG_DOWNLOAD_WINDOW_MINUTES, 10)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1440)
  windowMinutes?: number;
}

export class AuditFlagRuleResponse {
  @ApiProperty({ enum: AUDIT_FLAG_KINDS }) kind: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description:
      'The numbers the rule saw and its thresholds, to word the explanation in another language: searches (search_without_investigation), links, maxLinks, windowMinutes (download_burst), declined (request_declined_by_owner), attempts (access_refused), approvals (same_admin_approval), requests (repeated_refiling)',
    example: { links: 25, maxLinks: 20, windowMinutes: 10 },
  })
  params: Record<string, number>;
}

export class AuditFlagResponse {
  @ApiProperty({ enum: AUDIT_FLAG_KINDS }) kind: string;
  @ApiProperty() summary: string;
  @ApiProperty({ description: 'Why the flag was raised, one English sentence with its numbers' }) explanation: string;
  @ApiProperty({ type: AuditFlagRuleResponse }) rule: AuditFlagRuleResponse;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) investigationId: string | null;
  @ApiProperty() firstAt: Date;
  @ApiProperty() lastAt: Date;
  @ApiProperty({ description: 'How many entries the flag is based on' }) entryCount: number;
  @ApiProperty({ type: [AuditEntryResponse], description: 'The entries it is based on (at most 100), in chain order' })
  entries: AuditEntryResponse[];
}

/**
 * Flags of one period, beside the period and the rule applied. Bounded by nature (`next` is always
 * null): they are computed on demand over at most 92 days, one flag per pattern and person or investigation.
 */
export class AuditFlagsResponse extends PageOf(AuditFlagResponse) {
  @ApiProperty() from: Date;
  @ApiProperty() to: Date;
  @ApiProperty({ description: 'The download-burst rule applied' }) downloadRule: { maxLinks: number; windowMinutes: number };
}

export class VerificationBrokenAt {
  @ApiProperty() seq: string;
  @ApiProperty() reason: string;
}

/** A background walk of the whole chain (POST /audit/verifications) and how far it got. */
export class VerificationRunResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    enum: ['running', 'ok', 'broken', 'interrupted'],
    description: 'interrupted: the process walking it stopped (a run that saves no progress for a minute); start another',
  })
  state: 'running' | 'ok' | 'broken' | 'interrupted';
  @ApiProperty({ description: 'Entries checked so far (saved after every 2,000)' }) checked: number;
  @ApiProperty({ description: 'Entries in the chain when the run started: it checks up to that head' }) total: number;
  @ApiProperty() startedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) finishedAt: Date | null;
  @ApiProperty({ nullable: true, type: VerificationBrokenAt, description: 'When broken: the first entry that does not hold, and why' })
  firstBroken: VerificationBrokenAt | null;
  @ApiProperty({ nullable: true, type: String, description: 'ok: the head verified; broken: the last good entry' }) headSeq: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'ok: the hash of the head verified' }) headHash: string | null;
}
