import { Foundation1795900000000 } from './1795900000000-Foundation';
import { CamerasAndConsent1795910000000 } from './1795910000000-CamerasAndConsent';
import { EventsAndGaps1795920000000 } from './1795920000000-EventsAndGaps';
import { ConsentHistoryIsPermanent1795930000000 } from './1795930000000-ConsentHistoryIsPermanent';
import { CameraEventsPath1795940000000 } from './1795940000000-CameraEventsPath';
import { ClipsAndLegalHolds1795950000000 } from './1795950000000-ClipsAndLegalHolds';
import { CameraSubscriptions1795960000000 } from './1795960000000-CameraSubscriptions';
import { SearchAndStreets1795970000000 } from './1795970000000-SearchAndStreets';
import { InvestigationsAndReleases1795980000000 } from './1795980000000-InvestigationsAndReleases';
import { CameraClipSettings1795990000000 } from './1795990000000-CameraClipSettings';
import { SeparationOfDuties1796117615563 } from './1796117615563-SeparationOfDuties';
import { CameraOwnershipAndAccessLog1796117670485 } from './1796117670485-CameraOwnershipAndAccessLog';
import { OpenEpisodesAndStreamHealth1796117809649 } from './1796117809649-OpenEpisodesAndStreamHealth';
import { FootageObjectDeletions1796118606215 } from './1796118606215-FootageObjectDeletions';
import { ActiveHoursCarryTheirZone1796128141871 } from './1796128141871-ActiveHoursCarryTheirZone';
import { Notifications1796128440575 } from './1796128440575-Notifications';
import { CameraViewAndRemoval1796128774304 } from './1796128774304-CameraViewAndRemoval';
import { BrowserSessions1796130485523 } from './1796130485523-BrowserSessions';
import { CameraViewCones1796138559246 } from './1796138559246-CameraViewCones';
import { RequestAreasAndMembers1796140000000 } from './1796140000000-RequestAreasAndMembers';
import { ManualHoldsAndRevocations1796150000000 } from './1796150000000-ManualHoldsAndRevocations';
import { AuditConsole1796150000001 } from './1796150000001-AuditConsole';
import { RevocableClipLinks1796150735530 } from './1796150735530-RevocableClipLinks';
import { TokensEndWithPasswordChange1796151082805 } from './1796151082805-TokensEndWithPasswordChange';
import { RetentionAtVolumeAndIntegrityCursor1796165445247 } from './1796165445247-RetentionAtVolumeAndIntegrityCursor';
import { MotionEventsByDay1796166048725 } from './1796166048725-MotionEventsByDay';
import { AuditQueue1796166739786 } from './1796166739786-AuditQueue';
import { CameraHoldings1796170000000 } from './1796170000000-CameraHoldings';

/** In order. Listed explicitly (not globbed) so that a bundled or compiled build finds them all. */
export const ALL_MIGRATIONS = [
  Foundation1795900000000,
  CamerasAndConsent1795910000000,
  EventsAndGaps1795920000000,
  ConsentHistoryIsPermanent1795930000000,
  CameraEventsPath1795940000000,
  ClipsAndLegalHolds1795950000000,
  CameraSubscriptions1795960000000,
  SearchAndStreets1795970000000,
  InvestigationsAndReleases1795980000000,
  CameraClipSettings1795990000000,
  SeparationOfDuties1796117615563,
  CameraOwnershipAndAccessLog1796117670485,
  OpenEpisodesAndStreamHealth1796117809649,
  FootageObjectDeletions1796118606215,
  ActiveHoursCarryTheirZone1796128141871,
  Notifications1796128440575,
  CameraViewAndRemoval1796128774304,
  BrowserSessions1796130485523,
  CameraViewCones1796138559246,
  RequestAreasAndMembers1796140000000,
  ManualHoldsAndRevocations1796150000000,
  AuditConsole1796150000001,
  RevocableClipLinks1796150735530,
  TokensEndWithPasswordChange1796151082805,
  RetentionAtVolumeAndIntegrityCursor1796165445247,
  MotionEventsByDay1796166048725,
  AuditQueue1796166739786,
  CameraHoldings1796170000000,
];
