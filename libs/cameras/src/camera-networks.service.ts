import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { Principal } from '@wardwatch/accounts';
import { AuditService } from '@wardwatch/audit';
import { cameraNetworkProblem, CoreConfig } from '@wardwatch/config';
import { problem } from '@wardwatch/problems';
import { BlockList, isIP } from 'node:net';
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

  /**
   * Each network with the number of enrolled cameras (not withdrawn or removed) whose ONVIF host
   * falls in it, and how many fall in none (the service cannot reach them; loopback cameras, which
   * only development and tests allow, are counted apart). Ranges may overlap: a camera counts in
   * each range that holds it. Hosts are the addresses enrolment pinned; a host name counts as outside.
   */
  async listWithCoverage(): Promise<{ networks: (CameraNetworkEntity & { cameras: number })[]; outside: number; loopback: number }> {
    const networks = await this.list();
    const { counts, outside, loopback } = this.coverage(
      await this.enrolledHosts(this.dataSource.manager),
      networks.map((n) => n.cidr),
    );
    return { networks: networks.map((n, i) => Object.assign(n, { cameras: counts[i] })), outside, loopback };
  }

  private enrolledHosts(manager: EntityManager): Promise<{ host: string; cameras: number }[]> {
    return manager.query<{ host: string; cameras: number }[]>(
      `SELECT onvif_host AS host, count(*)::int AS cameras FROM cameras
       WHERE lifecycle <> 'withdrawn' AND removed_at IS NULL GROUP BY onvif_host`,
    );
  }

  /** How many of the hosts' cameras each range holds, and how many no range holds (loopback apart where allowed). */
  private coverage(hosts: { host: string; cameras: number }[], cidrs: string[]): { counts: number[]; outside: number; loopback: number } {
    const lists = cidrs.map((cidr) => {
      const { network, prefix, family } = parseCidr(cidr);
      const list = new BlockList();
      list.addSubnet(network, prefix, family);
      return list;
    });
    const counts = cidrs.map(() => 0);
    let outside = 0;
    let loopback = 0;
    for (const { host, cameras } of hosts) {
      const ip = host.replace(/^\[(.*)\]$/, '$1').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
      const version = isIP(ip);
      const family = version === 6 ? 'ipv6' : 'ipv4';
      const inside = version === 0 ? [] : lists.flatMap((list, i) => (list.check(ip, family) ? [i] : []));
      for (const i of inside) counts[i] += cameras;
      if (inside.length > 0) continue;
      if (this.config.CAMERA_ALLOW_LOOPBACK === 'true' && (/^127\./.test(ip) || ip === '::1')) loopback += cameras;
      else outside += cameras;
    }
    return { counts, outside, loopback };
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
    // The same rule as CAMERA_NETWORKS at start-up: 0.0.0.0/0 would let a resident's "camera" be any host.
    const tooBroad = cameraNetworkProblem(cidr);
    if (tooBroad) throw problem('camera_network.too_broad', tooBroad);
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

  /**
   * Removes a network. One that enrolled cameras still have their address in is refused (409
   * camera_network.in_use, with their number) unless `force`: removing it cuts those cameras off.
   */
  async remove(actor: Principal, id: string, force = false): Promise<void> {
    await this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const network = await manager.getRepository(CameraNetworkEntity).findOneBy({ id });
      if (!network) throw problem('camera_network.not_found', `no camera network with id ${id}`);
      const { counts } = this.coverage(await this.enrolledHosts(manager), [network.cidr]);
      const cameras = counts[0];
      if (cameras > 0 && !force) {
        throw problem(
          'camera_network.in_use',
          `${cameras} enrolled camera(s) have their address in ${network.cidr}; removing it cuts them off. Send force=true to remove it anyway.`,
          { cameras },
        );
      }
      await manager.getRepository(CameraNetworkEntity).delete({ id });
      await this.audit.record(
        {
          actor: { userId: actor.userId, role: actor.role },
          action: 'camera_network.removed',
          subject: { type: 'camera_network', id },
          details: { cidr: network.cidr, camerasCutOff: cameras },
        },
        manager,
      );
    });
  }
}
