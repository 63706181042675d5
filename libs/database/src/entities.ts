import { SessionEntity, UserEntity } from '@wardwatch/accounts';
import { AuditEntryEntity } from '@wardwatch/audit';
import { CameraEntity, CameraNetworkEntity, ConsentEntity } from '@wardwatch/cameras';
import { ClipEntity, IntegrityCursorEntity, LegalHoldEntity, ObjectDeletionEntity } from '@wardwatch/footage';
import { CameraGapEntity, CameraSubscriptionEntity, MotionEventEntity, MotionEventKeyEntity } from '@wardwatch/events';
import { CameraHoldingEntity } from '@wardwatch/holdings';
import { NotificationDeliveryEntity, NotificationEntity } from '@wardwatch/notifications';
import { StreetEntity, WardEntity } from '@wardwatch/places';
import {
  ClipLinkEntity,
  FootageReleaseEntity,
  FootageRequestCameraEntity,
  FootageRequestEntity,
  InvestigationEntity,
  InvestigationMemberEntity,
} from '@wardwatch/investigations';

/** Every entity, for the migration CLI and the schema check (the apps load theirs through their modules). */
export const ALL_ENTITIES = [
  UserEntity,
  SessionEntity,
  AuditEntryEntity,
  WardEntity,
  StreetEntity,
  CameraNetworkEntity,
  CameraEntity,
  ConsentEntity,
  MotionEventEntity,
  MotionEventKeyEntity,
  CameraGapEntity,
  CameraHoldingEntity,
  ClipEntity,
  LegalHoldEntity,
  ObjectDeletionEntity,
  IntegrityCursorEntity,
  CameraSubscriptionEntity,
  InvestigationEntity,
  InvestigationMemberEntity,
  FootageRequestEntity,
  FootageRequestCameraEntity,
  FootageReleaseEntity,
  ClipLinkEntity,
  NotificationEntity,
  NotificationDeliveryEntity,
];
