import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One device, one active enrolment; and which audit entries concern which camera.
 *
 * - A camera endpoint (host and port) and a device (manufacturer and serial number, as
 *   GetDeviceInformation reports them) each have at most one enrolment that is not withdrawn.
 *   HardwareId is not used: it names a hardware model, shared by every unit of it.
 * - `audit_entry_cameras` lists, for each audit entry, every camera it concerns (its `camera_id`
 *   and, for a search, every camera it returned), so that an owner's access log is one keyset scan
 *   on (camera_id, seq) instead of a search through JSON details. It is derived from hashed content
 *   (`camera_id` and `details.cameraIds`), so it can be checked against the chain, and it is
 *   append-only like the chain.
 */
export class CameraOwnershipAndAccessLog1796117670485 implements MigrationInterface {
  name = 'CameraOwnershipAndAccessLog1796117670485';

  public async up(q: QueryRunner): Promise<void> {
    // An installation where a camera was already enrolled twice cannot get the unique indexes: say
    // which enrolments collide, so an administrator can withdraw the wrong one, rather than pick one here.
    const duplicates = (await q.query(`
      SELECT array_agg(id::text ORDER BY created_at) AS cameras FROM cameras WHERE lifecycle <> 'withdrawn'
       GROUP BY onvif_host, onvif_port HAVING count(*) > 1
      UNION ALL
      SELECT array_agg(id::text ORDER BY created_at) FROM cameras
       WHERE lifecycle <> 'withdrawn' AND btrim(coalesce(device_info->>'serialNumber', '')) <> ''
       GROUP BY lower(btrim(coalesce(device_info->>'manufacturer', ''))), lower(btrim(device_info->>'serialNumber')) HAVING count(*) > 1`)) as {
      cameras: string[];
    }[];
    if (duplicates.length > 0) {
      throw new Error(
        `these cameras are enrolled more than once (same address and port, or same serial number): ` +
          `${duplicates.map((d) => d.cameras.join(' = ')).join('; ')}. Withdraw the enrolments that are not the owner's ` +
          `(POST /cameras/:id/consent/withdraw as that resident, or set lifecycle = 'withdrawn'), then run the migrations again.`,
      );
    }
    await q.query(
      `CREATE UNIQUE INDEX "uq_cameras_active_endpoint" ON "cameras" ("onvif_host", "onvif_port") WHERE "lifecycle" <> 'withdrawn'`,
    );
    await q.query(`
      CREATE UNIQUE INDEX "uq_cameras_active_device" ON "cameras"
        (lower(btrim(coalesce("device_info"->>'manufacturer', ''))), lower(btrim("device_info"->>'serialNumber')))
        WHERE "lifecycle" <> 'withdrawn' AND btrim(coalesce("device_info"->>'serialNumber', '')) <> ''`);

    await q.query(`
      CREATE TABLE "audit_entry_cameras" (
        "camera_id" uuid NOT NULL,
        "seq" bigint NOT NULL,
        CONSTRAINT "pk_audit_entry_cameras" PRIMARY KEY ("camera_id", "seq")
      )`);
    // No foreign key to audit_entries on purpose: it would change how the chain table itself
    // refuses TRUNCATE and DELETE (a constraint error instead of its append-only trigger), and
    // rows are only ever written by AuditService in the transaction that appends the entry.
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit_entry_cameras" FROM wardwatch_app`);
    await q.query(`
      CREATE TRIGGER audit_entry_cameras_no_update_delete BEFORE UPDATE OR DELETE ON "audit_entry_cameras"
      FOR EACH ROW EXECUTE FUNCTION audit_entries_reject_change()`);
    await q.query(`
      CREATE TRIGGER audit_entry_cameras_no_truncate BEFORE TRUNCATE ON "audit_entry_cameras"
      FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_reject_change()`);
    // Entries written before this table: their camera, and the cameras each search returned.
    await q.query(`
      INSERT INTO "audit_entry_cameras" ("camera_id", "seq")
      SELECT camera_id, seq FROM audit_entries WHERE camera_id IS NOT NULL
      UNION
      SELECT c.value::uuid, e.seq FROM audit_entries e, jsonb_array_elements_text(e.details->'cameraIds') c
       WHERE e.action = 'search.performed' AND jsonb_typeof(e.details->'cameraIds') = 'array'
      ON CONFLICT DO NOTHING`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit_entry_cameras"`);
    await q.query(`DROP INDEX "uq_cameras_active_device"`);
    await q.query(`DROP INDEX "uq_cameras_active_endpoint"`);
  }
}
