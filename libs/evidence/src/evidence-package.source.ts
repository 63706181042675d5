import { Injectable, NotImplementedException } from '@nestjs/common';
import type { AuditActor } from '@wardwatch/audit';
import type { EvidencePackage } from './evidence-export.service';

/**
 * Where an export's content comes from: the module that owns releases (investigations) implements
 * this and is bound to EVIDENCE_PACKAGE_SOURCE. It decides who may export what: it throws
 * NotFoundException for an unknown release and ForbiddenException when `requester` is not a member
 * of the release's investigation or the release has ended.
 */
export interface EvidencePackageSource {
  packageForRelease(releaseId: string, requester: AuditActor & { userId: string }): Promise<EvidencePackage>;
}

export const EVIDENCE_PACKAGE_SOURCE = Symbol('EVIDENCE_PACKAGE_SOURCE');

/** The binding until releases exist in this build: every export answers 501, saying why. */
@Injectable()
export class ReleasesNotWiredPackageSource implements EvidencePackageSource {
  packageForRelease(): Promise<EvidencePackage> {
    return Promise.reject(new NotImplementedException('evidence export needs footage releases, which this build does not include yet'));
  }
}
