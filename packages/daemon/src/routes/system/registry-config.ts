/**
 * `RegistryConfig` in `GET /info`, as dockerd fills it: CIDRs in
 * InsecureRegistryCIDRs (the docker CLI parses each one as a CIDR and fails
 * `docker info` on anything else), every `host[:port]` insecure registry and
 * docker.io (with the mirrors) in IndexConfigs.
 */
import { parseInsecureRegistries } from '@quai/engine';

interface IndexInfo { Name: string; Mirrors: string[]; Secure: boolean; Official: boolean }

export function registryConfig(mirrors: string[], insecure: string[]) {
  const { cidrs, hosts } = parseInsecureRegistries(insecure);
  const normalisedMirrors = [...new Set(mirrors.map((m) => m.replace(/\/*$/, '/')))];
  const indexConfigs: Record<string, IndexInfo> = {};
  for (const host of hosts) indexConfigs[host] = { Name: host, Mirrors: [], Secure: false, Official: false };
  indexConfigs['docker.io'] = { Name: 'docker.io', Mirrors: normalisedMirrors, Secure: true, Official: true };
  return { AllowNondistributableArtifactsCIDRs: null, AllowNondistributableArtifactsHostnames: null, InsecureRegistryCIDRs: cidrs, IndexConfigs: indexConfigs, Mirrors: normalisedMirrors };
}
