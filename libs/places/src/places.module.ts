import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@wardwatch/audit';
import { StreetEntity } from './street.entity';
import { StreetsService } from './streets.service';
import { WardEntity } from './ward.entity';
import { WardsService } from './wards.service';

/** Wards and their streets: the places cameras and searches refer to. Both are data an admin imports. */
@Module({
  imports: [TypeOrmModule.forFeature([WardEntity, StreetEntity]), AuditModule],
  providers: [WardsService, StreetsService],
  exports: [WardsService, StreetsService],
})
export class PlacesModule {}
