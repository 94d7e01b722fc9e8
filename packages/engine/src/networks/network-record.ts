/**
 * A network as recorded in <dataRoot>/networks/<id>.json.
 *
 * Three are predefined, as Docker's: `bridge` (the default, driver bridge,
 * no DNS), `host` (the host's namespace) and `none` (only lo). User-defined
 * networks use the bridge driver with their own Linux bridge `br-<id12>`,
 * an embedded DNS server on the gateway, and are isolated from each other.
 * With `--ipv6` a bridge network is dual stack: an IPv6 subnet beside the
 * IPv4 one (ipam6.ts).
 */
export interface NetworkRecord {
  id: string;
  name: string;
  driver: 'bridge' | 'host' | 'null';
  created: string;
  internal: boolean;
  attachable: boolean;
  labels: Record<string, string>;
  options: Record<string, string>;
  /** Bridge networks: subnet (CIDR), gateway, and --ip-range. */
  subnet?: string;
  gateway?: string;
  ipRange?: string;
  /** The Linux bridge. */
  bridge?: string;
  /** `--ipv6`: containers get an address from subnet6 too (dual stack). */
  enableIPv6?: boolean;
  subnet6?: string;
  gateway6?: string;
  ipRange6?: string;
  /** Whether the user gave the IPv6 gateway (IPAM.Config shows it only then, as dockerd). */
  gateway6Given?: boolean;
}

export const PREDEFINED = new Set(['bridge', 'host', 'none']);
