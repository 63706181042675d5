import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CameraEntity } from './camera.entity';
import { ConsentEntity } from './consent.entity';

/** Cameras and their consent history. */
@Injectable()
export class CamerasRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('READ COMMITTED', work);
  }

  private cameras(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(CameraEntity);
  }

  private consents(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(ConsentEntity);
  }

  newId(): string {
    return crypto.randomUUID();
  }

  insertCamera(manager: EntityManager, camera: CameraEntity): Promise<CameraEntity> {
    return this.cameras(manager).save(camera);
  }

  saveCamera(manager: EntityManager, camera: CameraEntity): Promise<CameraEntity> {
    return this.cameras(manager).save(camera);
  }

  findCamera(id: string, manager?: EntityManager): Promise<CameraEntity | null> {
    return this.cameras(manager).findOne({ where: { id }, relations: { ward: true } });
  }

  /** Locks the camera row so that concurrent consent changes get consecutive versions. */
  lockCamera(manager: EntityManager, id: string): Promise<CameraEntity | null> {
    return this.cameras(manager).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id }).getOne();
  }

  /**
   * The enrolment (not withdrawn) of this device, by manufacturer and serial number as the probe
   * read them, compared as the unique index does; none for a device that reports no serial number.
   */
  findActiveByDevice(device: { manufacturer: string; serialNumber: string }, exceptId?: string): Promise<CameraEntity | null> {
    if (device.serialNumber.trim() === '') return Promise.resolve(null);
    const qb = this.cameras()
      .createQueryBuilder('c')
      .where(`c.lifecycle <> 'withdrawn'`)
      .andWhere(`lower(btrim(coalesce(c.device_info->>'manufacturer', ''))) = lower(btrim(:manufacturer))`, {
        manufacturer: device.manufacturer,
      })
      .andWhere(`lower(btrim(c.device_info->>'serialNumber')) = lower(btrim(:serial))`, { serial: device.serialNumber });
    if (exceptId) qb.andWhere('c.id <> :exceptId', { exceptId });
    return qb.getOne();
  }

  /** The enrolment (not withdrawn) at this pinned address and port. */
  findActiveByEndpoint(host: string, port: number): Promise<CameraEntity | null> {
    return this.cameras()
      .createQueryBuilder('c')
      .where(`c.lifecycle <> 'withdrawn'`)
      .andWhere('c.onvifHost = :host AND c.onvifPort = :port', { host, port })
      .getOne();
  }

  async setHealth(id: string, health: CameraEntity['health']): Promise<void> {
    await this.cameras().update({ id }, { health });
  }

  /** Oldest first by (created_at, id), a keyset page: created_at is stored at millisecond precision, as JS dates carry it. */
  listCameras(ownerId: string | null, page: { after: { createdAt: Date; id: string } | null; limit: number }): Promise<CameraEntity[]> {
    const qb = this.cameras()
      .createQueryBuilder('c')
      .leftJoinAndSelect('c.ward', 'w')
      .orderBy('c.createdAt', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(page.limit);
    // An owner's list leaves out the cameras they removed (an admin's shows every camera).
    if (ownerId) qb.andWhere('c.ownerId = :ownerId AND c.removedAt IS NULL', { ownerId });
    if (page.after) qb.andWhere('(c.createdAt, c.id) > (:afterAt, :afterId)', { afterAt: page.after.createdAt, afterId: page.after.id });
    return qb.getMany();
  }

  insertConsent(manager: EntityManager, consent: Partial<ConsentEntity>): Promise<ConsentEntity> {
    return this.consents(manager).save(this.consents(manager).create(consent));
  }

  /**
   * Shortened retention applies to footage already stored: each clip's deadline becomes the earlier
   * of its own and its end plus the new days (as capture computes it), so the next retention pass
   * deletes what the resident no longer agrees to keep. Held clips get the new deadline too: the
   * hold still protects them, and once it is lifted they go when the current consent says.
   * (Raw SQL on clips: the footage library sits above this one, and the change must commit with
   * the consent version.) Returns how many clips got an earlier deadline.
   */
  async shortenClipRetention(manager: EntityManager, cameraId: string, retentionDays: number): Promise<number> {
    const [, affected] = await manager.query<[unknown[], number]>(
      `UPDATE clips SET retain_until = COALESCE(requested_to, requested_from) + make_interval(days => $2::int)
       WHERE camera_id = $1 AND retain_until > COALESCE(requested_to, requested_from) + make_interval(days => $2::int)`,
      [cameraId, retentionDays],
    );
    return affected;
  }

  currentConsent(cameraId: string, manager?: EntityManager): Promise<ConsentEntity | null> {
    return this.consents(manager).findOne({ where: { cameraId }, order: { version: 'DESC' } });
  }

  consentHistory(cameraId: string): Promise<ConsentEntity[]> {
    return this.consents().find({ where: { cameraId }, order: { version: 'ASC' } });
  }
}
