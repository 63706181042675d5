import { BlockList, isIP } from 'node:net';
import { lookup } from 'node:dns/promises';

export type NetworkRefusal = { allowed: false; reason: string };
export type NetworkDecision = { allowed: true; address: string; family: 4 | 6 } | NetworkRefusal;

export interface CameraNetworkRules {
  /** CIDR ranges cameras may live in (the ward's overlay networks in production). */
  cidrs: string[];
  /** Loopback is refused unless this is set (development and tests run simulators on 127.0.0.1). */
  allowLoopback: boolean;
}

/** Parses "10.8.0.0/16" or "fd00::/8"; throws a message naming the bad range. */
export function parseCidr(cidr: string): { network: string; prefix: number; family: 'ipv4' | 'ipv6' } {
  const match = /^([^/\s]+)\/(\d{1,3})$/.exec(cidr.trim());
  const family = match ? isIP(match[1]) : 0;
  const prefix = match ? Number(match[2]) : NaN;
  if (!match || family === 0 || prefix > (family === 4 ? 32 : 128)) {
    throw new Error(`"${cidr}" is not a CIDR range such as 10.8.0.0/16 or fd00::/8`);
  }
  return { network: match[1], prefix, family: family === 4 ? 'ipv4' : 'ipv6' };
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Addresses that are never cameras, whatever the allow-list says (metadata services, unspecified, multicast). */
const NEVER = new BlockList();
NEVER.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local, incl. cloud metadata 169.254.169.254
NEVER.addSubnet('0.0.0.0', 8, 'ipv4');
NEVER.addSubnet('224.0.0.0', 4, 'ipv4');
NEVER.addSubnet('fe80::', 10, 'ipv6');
NEVER.addSubnet('ff00::', 8, 'ipv6');
NEVER.addAddress('::', 'ipv6');

const familyOf = (address: string): 'ipv4' | 'ipv6' => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

/**
 * Decides whether the service may connect to an address a resident (or a camera's own reply)
 * names. Host names are resolved here and every resolved address must pass; the caller connects to
 * the returned address, not the name, so a second DNS answer cannot point elsewhere (rebinding).
 */
export class CameraNetworkPolicy {
  private readonly allowed = new BlockList();

  constructor(private readonly rules: CameraNetworkRules) {
    for (const cidr of rules.cidrs) {
      const { network, prefix, family } = parseCidr(cidr);
      this.allowed.addSubnet(network, prefix, family);
    }
  }

  checkAddress(address: string): NetworkDecision {
    const v = isIP(address);
    if (v === 0) return { allowed: false, reason: `"${address}" is not an IP address` };
    // IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it carries.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    const ip = mapped ? mapped[1] : address;
    const family = familyOf(ip);
    if (NEVER.check(ip, family)) return { allowed: false, reason: `${ip} is a reserved address that is never a camera` };
    if (LOOPBACK.check(ip, family)) {
      return this.rules.allowLoopback
        ? { allowed: true, address: ip, family: family === 'ipv4' ? 4 : 6 }
        : { allowed: false, reason: `${ip} is a loopback address; cameras must be on an allowed camera network` };
    }
    if (!this.allowed.check(ip, family)) {
      return {
        allowed: false,
        reason: `${ip} is outside the allowed camera networks (${this.rules.cidrs.join(', ') || 'none configured'})`,
      };
    }
    return { allowed: true, address: ip, family: family === 'ipv4' ? 4 : 6 };
  }

  /** Resolves a host (name or literal) and checks every address it resolves to. */
  async checkHost(host: string, resolve: typeof lookup = lookup): Promise<NetworkDecision> {
    const bare = host.replace(/^\[(.*)\]$/, '$1');
    if (isIP(bare)) return this.checkAddress(bare);
    if (!/^[A-Za-z0-9.-]{1,253}$/.test(bare)) return { allowed: false, reason: `"${host}" is not a valid host name` };
    let addresses: { address: string }[];
    try {
      addresses = await resolve(bare, { all: true, verbatim: true });
    } catch (e) {
      return { allowed: false, reason: `host name ${bare} does not resolve (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
    }
    if (addresses.length === 0) return { allowed: false, reason: `host name ${bare} has no addresses` };
    let first: NetworkDecision | undefined;
    for (const { address } of addresses) {
      const decision = this.checkAddress(address);
      if (!decision.allowed) return { allowed: false, reason: `host name ${bare} resolves to ${address}: ${decision.reason}` };
      first ??= decision;
    }
    return first!;
  }
}
