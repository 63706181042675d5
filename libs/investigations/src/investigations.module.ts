import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@wardwatch/audit';
import { FootageModule } from '@wardwatch/footage';
import { StorageModule } from '@wardwatch/storage';
import { FootageReleaseEntity } from './footage-release.entity';
import { FootageRequestCameraEntity } from './footage-request-camera.entity';
import { FootageRequestEntity } from './footage-request.entity';
import { FootageRequestsService } from './footage-requests.service';
import { InvestigationAccess } from './investigation-access';
import { InvestigationMemberEntity } from './investigation-member.entity';
import { InvestigationEntity } from './investigation.entity';
import { InvestigationsService } from './investigations.service';
import { ReleasesService } from './releases.service';

/** Investigations, footage requests and their approvals, releases and download links. Needs ApiConfig. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      InvestigationEntity,
      InvestigationMemberEntity,
      FootageRequestEntity,
      FootageRequestCameraEntity,
      FootageReleaseEntity,
    ]),
    AuditModule,
    FootageModule,
    StorageModule,
  ],
  providers: [InvestigationAccess, ReleasesService, FootageRequestsService, InvestigationsService],
  exports: [InvestigationsService, FootageRequestsService, ReleasesService],
})
export class InvestigationsModule {}
