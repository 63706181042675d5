import { UserEntity } from '@wardwatch/accounts';
import { AuditEntryEntity } from '@wardwatch/audit';
import { CameraEntity, CameraNetworkEntity, ConsentEntity } from '@wardwatch/cameras';
import { CameraGapEntity, MotionEventEntity } from '@wardwatch/events';
import { ClipEntity, LegalHoldEntity } from '@wardwatch/footage';
import {
  FootageReleaseEntity,
  FootageRequestCameraEntity,
  FootageRequestEntity,
  InvestigationEntity,
  InvestigationMemberEntity,
} from '@wardwatch/investigations';
import { WardEntity } from '@wardwatch/places';

/** Every entity, for the migration CLI and the schema check (the apps load theirs through their modules). */
export const ALL_ENTITIES = [
  UserEntity,
  AuditEntryEntity,
  WardEntity,
  CameraNetworkEntity,
  CameraEntity,
  ConsentEntity,
  MotionEventEntity,
  CameraGapEntity,
  ClipEntity,
  LegalHoldEntity,
  InvestigationEntity,
  InvestigationMemberEntity,
  FootageRequestEntity,
  FootageRequestCameraEntity,
  FootageReleaseEntity,
];
