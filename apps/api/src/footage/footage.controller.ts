import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Principal } from '@wardwatch/accounts';
import { FootageIntegrityService } from '@wardwatch/footage';
import { CurrentUser, Roles } from '../auth/access-policy';

export class IntegrityCheckDto {
  @ApiPropertyOptional({
    description: 'The most stored clips to re-read in this run (oldest ids first)',
    default: 10_000,
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

class IntegrityReportResponse {
  @ApiProperty() checked: number;
  @ApiProperty() ok: number;
  @ApiProperty({ type: [IntegrityMismatchResponse] }) mismatches: IntegrityMismatchResponse[];
  @ApiProperty() startedAt: string;
  @ApiProperty() finishedAt: string;
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
    summary: 'Re-read stored clips and thumbnails and compare their SHA-256 with the capture record',
    description:
      'Each mismatch is audited as clip.integrity_failed; the run as footage.integrity_checked. The worker also runs this daily.',
  })
  @ApiOkResponse({ type: IntegrityReportResponse })
  check(@CurrentUser() user: Principal, @Body() body: IntegrityCheckDto) {
    return this.integrity.verify({ userId: user.userId, role: user.role }, body.limit);
  }
}
