import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@wardwatch/audit';
import { CoreConfig } from '@wardwatch/config';
import { OnvifProbe } from '@wardwatch/onvif';
import { CameraEntity } from './camera.entity';
import { CameraNetworkPolicy } from './camera-network-policy';
import { CameraRegistryService } from './camera-registry.service';
import { CameraSignals } from './camera-signals';
import { CamerasRepository } from './cameras.repository';
import { ConsentEntity } from './consent.entity';
import { ConsentService } from './consent.service';
import { CredentialCipher } from './credential-cipher';

const cidrs = (list: string) =>
  list
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);

@Module({
  imports: [TypeOrmModule.forFeature([CameraEntity, ConsentEntity]), AuditModule],
  providers: [
    CamerasRepository,
    CameraSignals,
    ConsentService,
    CameraRegistryService,
    {
      provide: CameraNetworkPolicy,
      inject: [CoreConfig],
      useFactory: (c: CoreConfig) =>
        new CameraNetworkPolicy({ cidrs: cidrs(c.CAMERA_NETWORKS), allowLoopback: c.CAMERA_ALLOW_LOOPBACK === 'true' }),
    },
    {
      provide: CredentialCipher,
      inject: [CoreConfig],
      useFactory: (c: CoreConfig) =>
        new CredentialCipher(
          { id: c.CREDENTIALS_KEY_ID, key: Buffer.from(c.CREDENTIALS_KEY, 'base64') },
          cidrs(c.CREDENTIALS_PREVIOUS_KEYS).map((entry) => {
            const [id, key] = entry.split(':');
            return { id, key: Buffer.from(key, 'base64') };
          }),
        ),
    },
    {
      provide: OnvifProbe,
      inject: [CoreConfig, CameraNetworkPolicy],
      useFactory: (c: CoreConfig, policy: CameraNetworkPolicy) =>
        new OnvifProbe((address) => {
          const d = policy.checkAddress(address);
          return d.allowed ? null : d.reason;
        }, c.ONVIF_TIMEOUT_MS),
    },
  ],
  exports: [CameraRegistryService, ConsentService, CameraNetworkPolicy, CredentialCipher, CamerasRepository],
})
export class CamerasModule {}
