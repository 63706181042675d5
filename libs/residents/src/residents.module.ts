import { Module } from '@nestjs/common';
import { AccountsModule } from '@wardwatch/accounts';
import { CamerasModule } from '@wardwatch/cameras';
import { InvestigationsModule } from '@wardwatch/investigations';
import { ResidentPortalService } from './resident-portal.service';

/** The residents' own account and cameras across domains (removal, account deletion); the API only. */
@Module({
  imports: [AccountsModule, CamerasModule, InvestigationsModule],
  providers: [ResidentPortalService],
  exports: [ResidentPortalService],
})
export class ResidentsModule {}
