import { UserEntity } from '@wardwatch/accounts';
import { AuditEntryEntity } from '@wardwatch/audit';
import { CameraEntity, ConsentEntity } from '@wardwatch/cameras';

/** Every entity, for the migration CLI and the schema check (the apps load theirs through their modules). */
export const ALL_ENTITIES = [UserEntity, AuditEntryEntity, CameraEntity, ConsentEntity];
