import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class ReleaseIdParam {
  @ApiProperty({ format: 'uuid', description: 'The release' }) @IsUUID() releaseId: string;
}

export class InvestigationIdParam {
  @ApiProperty({ format: 'uuid', description: 'The investigation' }) @IsUUID() id: string;
}
