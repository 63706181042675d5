import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@wardwatch/audit';
import { FootageModule } from '@wardwatch/footage';
import { NotificationsModule } from '@wardwatch/notifications';
import { StorageModule } from '@wardwatch/storage';
import { ClipLinkEntity } from './clip-link.entity';
import { ClipLinksService } from './clip-links.service';
import { FootageReleaseEntity } from './footage-release.entity';
import { FootageRequestCameraEntity } from './footage-request-camera.entity';
import { FootageRequestEntity } from './footage-request.entity';
import { FootageRequestsService } from './footage-requests.service';
import { InvestigationAccess } from './investigation-access';
import { InvestigationEvidenceSource } from './investigation-evidence.source';
import { InvestigationMemberEntity } from './investigation-member.entity';
import { InvestigationEntity } from './investigation.entity';
import { InvestigationsService } from './investigations.service';
import { ReleasesService } from './releases.service';
import { RequestExpiryProcessor, RequestExpirySchedule } from './request-expiry.processor';
import { RequestExpiry } from './request-expiry.service';
import { RequestLedger } from './request-ledger';
import { SupervisorHoldsService } from './supervisor-holds.service';

const ENTITIES = TypeOrmModule.forFeature([
  InvestigationEntity,
  InvestigationMemberEntity,
  FootageRequestEntity,
  FootageRequestCameraEntity,
  FootageReleaseEntity,
  ClipLinkEntity,
]);

/** Investigations, footage requests and their approvals, releases and their revocable links (the API; needs ApiConfig). */
@Module({
  imports: [ENTITIES, AuditModule, FootageModule, StorageModule, NotificationsModule],
  providers: [
    InvestigationAccess,
    RequestLedger,
    RequestExpiry,
    ReleasesService,
    ClipLinksService,
    FootageRequestsService,
    InvestigationsService,
    InvestigationEvidenceSource,
    SupervisorHoldsService,
  ],
  exports: [
    InvestigationsService,
    FootageRequestsService,
    ReleasesService,
    ClipLinksService,
    InvestigationEvidenceSource,
    SupervisorHoldsService,
  ],
})
export class InvestigationsModule {}

/** The worker's side: the scheduled expiry of unanswered requests and of releases (needs WorkerConfig). */
@Module({
  imports: [ENTITIES, AuditModule, FootageModule],
  providers: [RequestLedger, RequestExpiry, RequestExpiryProcessor, RequestExpirySchedule],
  exports: [RequestExpiry],
})
export class InvestigationsJobsModule {}
