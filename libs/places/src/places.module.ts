import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@wardwatch/audit';
import { WardEntity } from './ward.entity';
import { WardsService } from './wards.service';

/** Wards (and, with search, streets): the places cameras and searches refer to. */
@Module({
  imports: [TypeOrmModule.forFeature([WardEntity]), AuditModule],
  providers: [WardsService],
  exports: [WardsService],
})
export class PlacesModule {}
