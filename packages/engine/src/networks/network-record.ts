/**
 * A network as recorded in <dataRoot>/networks/<id>.json.
 *
 * Three are predefined, as Docker's: `bridge` (the default, driver bridge,
 * no DNS), `host` (the host's namespace) and `none` (only lo). User-defined
 * networks use the bridge driver with their own Linux bridge `br-<id12>`,
 * an embedded DNS server on the gateway, and are isolated from each other.
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
  /** Whether the user chose the subnet (shown in IPAM.Config as given). */
  bridge?: string;
}

export const PREDEFINED = new Set(['bridge', 'host', 'none']);
