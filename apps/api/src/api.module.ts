import type { Writable } from 'node:stream';
import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { AccountsModule, AuthenticationModule } from '@wardwatch/accounts';
import { AuditModule } from '@wardwatch/audit';
import { CamerasModule } from '@wardwatch/cameras';
import { EvidenceModule } from '@wardwatch/evidence';
import { ApiConfig, ConfigModule } from '@wardwatch/config';
import { DatabaseModule } from '@wardwatch/database';
import { FootageModule } from '@wardwatch/footage';
import { CameraRosterModule } from '@wardwatch/ingest';
import { InvestigationEvidenceSource, InvestigationsModule } from '@wardwatch/investigations';
import { NotificationsModule } from '@wardwatch/notifications';
import { ObservabilityModule } from '@wardwatch/observability';
import { SearchModule } from '@wardwatch/search';
import { QueueModule, RedisConnection, RedisThrottlerStorage } from '@wardwatch/queue';
import { ResidentsModule } from '@wardwatch/residents';
import { StorageModule } from '@wardwatch/storage';
import { TransparencyModule } from '@wardwatch/transparency';
import { AccountDeletionController } from './accounts/account-deletion.controller';
import { AuthController } from './accounts/auth.controller';
import { UsersController } from './accounts/users.controller';
import { AuditController } from './audit/audit.controller';
import { CameraNetworksController } from './cameras/camera-networks.controller';
import { CameraRosterController } from './cameras/camera-roster.controller';
import { CameraPortalController } from './cameras/camera-portal.controller';
import { CamerasController } from './cameras/cameras.controller';
import { StreetsController } from './places/streets.controller';
import { EvidenceController } from './evidence/evidence.controller';
import { FootageController, OwnerClipsController, OwnerTimelineController } from './footage/footage.controller';
import { LegalHoldsController } from './footage/legal-holds.controller';
import { WardsController } from './places/wards.controller';
import { SearchController } from './search/search.controller';
import { WardCameraLayerController } from './search/ward-camera-layer.controller';
import { ClipLinksController } from './investigations/clip-links.controller';
import { FootageRequestsController, OwnerFootageRequestsController } from './investigations/footage-requests.controller';
import { InvestigationsController } from './investigations/investigations.controller';
import { ReleasesController } from './investigations/releases.controller';
import { AccessGuard } from './auth/access.guard';
import { HealthController } from './health/health.controller';
import { ObjectStoreHealthIndicator, RedisHealthIndicator } from './health/health.indicators';
import { HttpExceptionFilter } from './http/http-exception.filter';
import { HttpMetricsMiddleware } from './http/http-metrics.middleware';
import { accountTracker, addressTracker } from './http/rate-limit-trackers';
import { MetricsController } from './metrics/metrics.controller';
import { NotificationsController } from './notifications/notifications.controller';
import { MapController } from './map/map.controller';
import { SettingsController } from './settings/settings.controller';
import { TransparencyController } from './transparency/transparency.controller';

export const API_CONTROLLERS = [
  AuthController,
  AccountDeletionController,
  UsersController,
  AuditController,
  CamerasController,
  CameraPortalController,
  CameraNetworksController,
  EvidenceController,
  FootageController,
  OwnerClipsController,
  OwnerTimelineController,
  LegalHoldsController,
  WardsController,
  StreetsController,
  SearchController,
  WardCameraLayerController,
  CameraRosterController,
  InvestigationsController,
  FootageRequestsController,
  OwnerFootageRequestsController,
  ClipLinksController,
  ReleasesController,
  NotificationsController,
  MapController,
  HealthController,
  MetricsController,
  SettingsController,
  TransparencyController,
];

/** The HTTP API: composes the domain libraries and translates HTTP to their services. */
@Module({})
export class ApiModule implements NestModule {
  static forRoot(config?: ApiConfig, logDestination?: Writable): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(ApiConfig, config),
        ObservabilityModule.forRoot('wardwatch-api', logDestination),
        DatabaseModule.forRoot('wardwatch-api'),
        QueueModule,
        StorageModule,
        AuditModule,
        AccountsModule,
        AuthenticationModule,
        CamerasModule,
        CameraRosterModule,
        SearchModule,
        InvestigationsModule,
        FootageModule,
        NotificationsModule,
        ResidentsModule,
        TransparencyModule,
        EvidenceModule.withPackageSource({ imports: [InvestigationsModule], useExisting: InvestigationEvidenceSource }),
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
        ThrottlerModule.forRootAsync({
          inject: [ApiConfig, RedisConnection],
          // Applied only where a controller opts in (login, registration). Counted in Redis so that
          // every API instance shares the counts.
          useFactory: (c: ApiConfig, redis: RedisConnection) => ({
            storage: new RedisThrottlerStorage(redis),
            throttlers: [
              // Guessing one account's password: per e-mail, from any address.
              { name: 'per-account', ttl: 60_000, limit: c.LOGIN_RATE_LIMIT_PER_MINUTE, getTracker: accountTracker },
              // Spraying many accounts from one address (generous: a police station shares one address).
              { name: 'per-address', ttl: 60_000, limit: c.LOGIN_RATE_LIMIT_PER_MINUTE * 20, getTracker: addressTracker },
            ],
            errorMessage: 'too many attempts; wait a minute and try again',
          }),
        }),
      ],
      controllers: API_CONTROLLERS,
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        RedisHealthIndicator,
        ObjectStoreHealthIndicator,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // Every route (Express 5 / path-to-regexp 8 spelling of a wildcard; '*' is deprecated and warned about at start).
    consumer.apply(HttpMetricsMiddleware).forRoutes('{*splat}');
  }
}
