import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CamerasModule } from '@wardwatch/cameras';
import { CameraHoldingEntity } from './camera-holding.entity';
import { CameraHoldings } from './camera-holdings.service';
import { CameraLeases } from './camera-leases';
import { HoldingFence } from './holding-fence';
import { HoldingsRepository } from './holdings.repository';

/** The leases alone, for processes that read them without holding cameras (the API's roster). */
@Module({ providers: [CameraLeases], exports: [CameraLeases] })
export class CameraLeasesModule {}

/** The fencing check alone, for repositories whose owner writes carry a lease token (API and worker). */
@Module({ providers: [HoldingFence], exports: [HoldingFence] })
export class HoldingFenceModule {}

/** The worker's holdings: which cameras it holds, their fencing tokens; ingest and clip capture follow it. */
@Module({
  imports: [TypeOrmModule.forFeature([CameraHoldingEntity]), CamerasModule, CameraLeasesModule, HoldingFenceModule],
  providers: [HoldingsRepository, CameraHoldings],
  exports: [CameraLeasesModule, HoldingFenceModule, HoldingsRepository, CameraHoldings],
})
export class HoldingsModule {}
