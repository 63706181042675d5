import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { MAX_REPORT_MONTHS, SUPPRESSION_THRESHOLD } from '@wardwatch/transparency';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export class TransparencyQueryDto {
  @ApiPropertyOptional({
    example: '2026-01',
    description: `First month (YYYY-MM, the ward's calendar). Default: eleven months before \`to\` (twelve in all); at most ${MAX_REPORT_MONTHS} months`,
  })
  @IsOptional()
  @Matches(MONTH, { message: 'from must be a month YYYY-MM, e.g. 2026-01' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12', description: 'Last month, included (YYYY-MM); default and latest: the current month' })
  @IsOptional()
  @Matches(MONTH, { message: 'to must be a month YYYY-MM, e.g. 2026-12' })
  to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'One ward only (the report lists the wards); default every ward' })
  @IsOptional()
  @IsUUID()
  wardId?: string;
}

export class CellResponse {
  @ApiProperty({ type: Number, nullable: true, description: `The count; null when suppressed (1 to ${SUPPRESSION_THRESHOLD - 1})` })
  value: number | null;
  @ApiProperty({ description: `True for counts from 1 to ${SUPPRESSION_THRESHOLD - 1}, which are not published` })
  suppressed: boolean;
}

export class FiguresResponse {
  @ApiProperty({ type: CellResponse, description: 'Audit action footage_request.filed' }) requestsFiled: CellResponse;
  @ApiProperty({ type: CellResponse, description: 'footage_request.supervisor_approved' }) supervisorApproved: CellResponse;
  @ApiProperty({ type: CellResponse, description: 'footage_request.supervisor_rejected' }) supervisorRejected: CellResponse;
  @ApiProperty({ type: CellResponse, description: 'footage_request.owner_approved (one per camera asked)' }) ownerApproved: CellResponse;
  @ApiProperty({ type: CellResponse, description: 'footage_request.owner_declined (one per camera asked)' }) ownerDeclined: CellResponse;
  @ApiProperty({ type: CellResponse, description: 'footage.released (one per camera)' }) releases: CellResponse;
  @ApiProperty({ type: CellResponse, description: 'evidence.exported (completed packages)' }) evidenceExports: CellResponse;
  @ApiProperty({ type: CellResponse, description: 'camera.enrolled' }) camerasEnrolled: CellResponse;
  @ApiProperty({ type: CellResponse, description: 'consent.paused' }) camerasPaused: CellResponse;
  @ApiProperty({ type: CellResponse, description: 'consent.withdrawn' }) camerasWithdrawn: CellResponse;
}

export class TransparencyRowResponse {
  @ApiProperty({ example: '2026-12', description: "A calendar month in the ward's time zone" }) month: string;
  @ApiProperty({ format: 'uuid' }) wardId: string;
  @ApiProperty() wardName: string;
  @ApiProperty({ type: FiguresResponse }) figures: FiguresResponse;
}

export class TransparencyWardResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class TransparencyReportResponse {
  @ApiProperty({ description: 'When the figures were counted (they are kept for a few minutes)' }) generatedAt: Date;
  @ApiProperty({ example: 'Asia/Ho_Chi_Minh', description: 'The zone whose calendar months the figures count' }) timeZone: string;
  @ApiProperty({ example: SUPPRESSION_THRESHOLD, description: 'Counts from 1 to threshold - 1 are suppressed' }) threshold: number;
  @ApiProperty({ example: '2026-01' }) from: string;
  @ApiProperty({ example: '2026-12' }) to: string;
  @ApiProperty({ type: [TransparencyRowResponse], description: 'One row per month and ward, oldest month first; no totals' })
  months: TransparencyRowResponse[];
  @ApiProperty({ type: [TransparencyWardResponse] }) wards: TransparencyWardResponse[];
  @ApiProperty({ type: [String], description: 'Where the figures come from and how they are suppressed' }) notes: string[];
}
