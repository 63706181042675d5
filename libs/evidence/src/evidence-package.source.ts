import type { AuditActor } from '@wardwatch/audit';
import type { CaseEvidencePackage, EvidencePackage } from './evidence-export.service';

/**
 * Where an export's content comes from: the module that owns releases (investigations) implements
 * this and is bound to EVIDENCE_PACKAGE_SOURCE. It decides who may export what: it throws
 * NotFoundException for an unknown release and ForbiddenException when `requester` is not a member
 * of the release's investigation or the release has ended.
 */
export interface EvidencePackageSource {
  packageForRelease(releaseId: string, requester: AuditActor & { userId: string }): Promise<EvidencePackage>;
  /**
   * Every live release of an investigation in one package. Throws (as problems) for an unknown
   * investigation, a requester who is not a member, and an investigation with nothing released.
   */
  packageForInvestigation(investigationId: string, requester: AuditActor & { userId: string }): Promise<CaseEvidencePackage>;
}

export const EVIDENCE_PACKAGE_SOURCE = Symbol('EVIDENCE_PACKAGE_SOURCE');
