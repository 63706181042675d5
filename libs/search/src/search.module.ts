import { Module } from '@nestjs/common';
import { AuditModule } from '@wardwatch/audit';
import { ApiConfig } from '@wardwatch/config';
import { InvestigationAccessModule } from '@wardwatch/investigations';
import { SearchRepository } from './search.repository';
import { SEARCH_SETTINGS, SearchService, type SearchSettings } from './search.service';

/** The officers' search over cameras, their events, clips and gaps. Needs the API's configuration. */
@Module({
  imports: [AuditModule, InvestigationAccessModule],
  providers: [
    SearchRepository,
    SearchService,
    {
      provide: SEARCH_SETTINGS,
      inject: [ApiConfig],
      useFactory: (c: ApiConfig): SearchSettings => ({ maxWindowHours: c.SEARCH_MAX_WINDOW_HOURS }),
    },
  ],
  exports: [SearchService],
})
export class SearchModule {}
