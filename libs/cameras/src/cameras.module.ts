import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@wardwatch/audit';
import { CoreConfig } from '@wardwatch/config';
import { MediaModule } from '@wardwatch/media';
import { OnvifProbe } from '@wardwatch/onvif';
import { PlacesModule } from '@wardwatch/places';
import { CameraAccessLog } from './camera-access-log';
import { CameraEntity } from './camera.entity';
import { CameraNetworkEntity } from './camera-network.entity';
import { CameraNetworksService, splitList } from './camera-networks.service';
import { CameraRegistryService } from './camera-registry.service';
import { CameraSnapshotService } from './camera-snapshot.service';
import { CameraSignals } from './camera-signals';
import { CamerasRepository } from './cameras.repository';
import { ConsentEntity } from './consent.entity';
import { ConsentService } from './consent.service';
import { CredentialCipher } from './credential-cipher';
import { ProbeThrottle } from './probe-throttle';

@Module({
  imports: [TypeOrmModule.forFeature([CameraEntity, ConsentEntity, CameraNetworkEntity]), AuditModule, PlacesModule, MediaModule],
  providers: [
    CamerasRepository,
    CameraSignals,
    ConsentService,
    CameraRegistryService,
    CameraSnapshotService,
    CameraNetworksService,
    CameraAccessLog,
    ProbeThrottle,
    {
      provide: CredentialCipher,
      inject: [CoreConfig],
      useFactory: (c: CoreConfig) =>
        new CredentialCipher(
          { id: c.CREDENTIALS_KEY_ID, key: Buffer.from(c.CREDENTIALS_KEY, 'base64') },
          splitList(c.CREDENTIALS_PREVIOUS_KEYS).map((entry) => {
            const [id, key] = entry.split(':');
            return { id, key: Buffer.from(key, 'base64') };
          }),
        ),
    },
    {
      provide: OnvifProbe,
      inject: [CoreConfig],
      useFactory: (c: CoreConfig) =>
        new OnvifProbe({
          idleTimeoutMs: c.ONVIF_TIMEOUT_MS,
          deadlineMs: c.ONVIF_PROBE_DEADLINE_MS,
          maxConcurrent: c.ONVIF_PROBE_MAX_CONCURRENT,
        }),
    },
  ],
  exports: [
    CameraRegistryService,
    CameraSnapshotService,
    CameraAccessLog,
    ConsentService,
    CameraNetworksService,
    CredentialCipher,
    CamerasRepository,
    PlacesModule,
  ],
})
export class CamerasModule {}
