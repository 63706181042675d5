import { Module } from '@nestjs/common';
import { TransparencyRepository } from './transparency.repository';
import { TransparencyService } from './transparency.service';

/** The public transparency report: figures from the audit log, per ward and month, small counts suppressed. */
@Module({
  providers: [TransparencyRepository, TransparencyService],
  exports: [TransparencyService],
})
export class TransparencyModule {}
