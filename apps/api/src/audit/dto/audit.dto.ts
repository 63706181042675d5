import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';

export class AuditQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() actorId?: string;
  @ApiPropertyOptional({ example: 'auth.login_failed' })
  @IsOptional()
  @Matches(/^[a-z_]+\.[a-z_.]+$/, { message: 'action must look like domain.verb' })
  action?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() cameraId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() investigationId?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) @IsOptional() @Type(() => Date) @IsDate() from?: Date;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) @IsOptional() @Type(() => Date) @IsDate() to?: Date;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @Matches(/^\d{1,19}$/) cursor?: string;
  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class AuditEntryResponse {
  @ApiProperty() seq: string;
  @ApiProperty() at: Date;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorRole: string | null;
  @ApiProperty() action: string;
  @ApiProperty() subjectType: string;
  @ApiProperty({ nullable: true, type: String }) subjectId: string | null;
  @ApiProperty({ nullable: true, type: String }) cameraId: string | null;
  @ApiProperty({ nullable: true, type: String }) investigationId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
  @ApiProperty() prevHash: string;
  @ApiProperty() hash: string;
}

export class AuditPage {
  @ApiProperty({ type: [AuditEntryResponse] }) items: AuditEntryResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ChainVerificationResponse {
  @ApiProperty() ok: boolean;
  @ApiProperty({ description: 'Entries checked before the result' }) entries: number;
  @ApiPropertyOptional({ nullable: true, type: String }) headSeq?: string | null;
  @ApiPropertyOptional() headHash?: string;
  @ApiPropertyOptional({ description: 'The first entry that does not hold, and why' }) firstBroken?: { seq: string; reason: string };
  @ApiPropertyOptional({ nullable: true, type: String }) lastGoodSeq?: string | null;
}
