import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import type { Principal } from '@wardwatch/accounts';
import { AuditService } from '@wardwatch/audit';
import { CoreConfig } from '@wardwatch/config';
import { problem } from '@wardwatch/problems';
import { CameraNetworkPolicy, parseCidr } from './camera-network-policy';
import { CameraNetworkEntity } from './camera-network.entity';

export const splitList = (list: string) =>
  list
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);

/**
 * The camera networks: admin-managed CIDR ranges in the database; CAMERA_NETWORKS seeds them on a
 * fresh installation. The policy is rebuilt from the table for each use, so a change made through
 * one API instance applies to all of them at once.
 */
@Injectable()
export class CameraNetworksService implements OnApplicationBootstrap {
  private readonly logger = new Logger(CameraNetworksService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly config: CoreConfig,
  ) {}

  private get repo() {
    return this.dataSource.getRepository(CameraNetworkEntity);
  }

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.repo.count()) > 0) return;
    const seeds = splitList(this.config.CAMERA_NETWORKS);
    for (const cidr of seeds) {
      await this.repo.createQueryBuilder().insert().values({ cidr, label: 'from CAMERA_NETWORKS', createdBy: null }).orIgnore().execute();
    }
    if (seeds.length) this.logger.log({ seeds }, 'seeded camera networks from configuration');
  }

  list(): Promise<CameraNetworkEntity[]> {
    return this.repo.find({ order: { createdAt: 'ASC' } });
  }

  async policy(): Promise<CameraNetworkPolicy> {
    const rows = await this.repo.find({ select: { cidr: true } });
    return new CameraNetworkPolicy({ cidrs: rows.map((r) => r.cidr), allowLoopback: this.config.CAMERA_ALLOW_LOOPBACK === 'true' });
  }

  async add(actor: Principal, cidr: string, label: string): Promise<CameraNetworkEntity> {
    try {
      parseCidr(cidr);
    } catch (e) {
      throw problem('camera_network.invalid_cidr', (e as Error).message);
    }
    try {
      return await this.dataSource.transaction('READ COMMITTED', async (manager) => {
        const saved = await manager.getRepository(CameraNetworkEntity).save({ cidr, label, createdBy: actor.userId });
        await this.audit.record(
          {
            actor: { userId: actor.userId, role: actor.role },
            action: 'camera_network.added',
            subject: { type: 'camera_network', id: saved.id },
            details: { cidr: saved.cidr, label },
          },
          manager,
        );
        return saved;
      });
    } catch (e) {
      const code = e instanceof QueryFailedError ? (e.driverError as { code?: string }).code : undefined;
      if (code === '23505') throw problem('camera_network.exists', `${cidr} is already an allowed camera network`);
      if (code === '22P02')
        throw problem('camera_network.invalid_cidr', `"${cidr}" is not a network address (host bits must be zero, e.g. 10.8.0.0/16)`);
      throw e;
    }
  }

  async remove(actor: Principal, id: string): Promise<void> {
    await this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const network = await manager.getRepository(CameraNetworkEntity).findOneBy({ id });
      if (!network) throw problem('camera_network.not_found', `no camera network with id ${id}`);
      await manager.getRepository(CameraNetworkEntity).delete({ id });
      await this.audit.record(
        {
          actor: { userId: actor.userId, role: actor.role },
          action: 'camera_network.removed',
          subject: { type: 'camera_network', id },
          details: { cidr: network.cidr },
        },
        manager,
      );
    });
  }
}
