/**
 * `network connect` / `disconnect`: a stopped container only changes its
 * record; a running one gets (or loses) a veth at once, as in Docker, and
 * its /etc/hosts and resolv.conf follow: connected to a user-defined
 * network, it asks that network's embedded DNS server (names on every
 * network it is on resolve); disconnected from the last one, the host's
 * resolvers again.
 */
import { ConflictError } from '@quai/common';
import type { ContainerContext } from '../containers/context.js';
import type { ContainerRecord } from '../containers/container-record.js';
import { rewriteEtcFiles } from '../containers/links.js';
import { endpointConfig, type EndpointRequest } from './endpoint-config.js';

export function connectContainer(d: ContainerContext, c: ContainerRecord, netRef: string, cfg: EndpointRequest): Promise<void> {
  const net = d.networks.nets.get(netRef);
  return d.locks.run(c.id, async () => {
    const mode = c.hostConfig.NetworkMode ?? '';
    if (mode === 'host' || mode === 'none' || mode.startsWith('container:') || net.driver !== 'bridge') {
      throw new ConflictError(`container cannot be disconnected from host network or connected to host network`);
    }
    if (Object.values(c.networks ?? {}).some((e) => e.networkId === net.id)) {
      throw new ConflictError(`endpoint with name ${c.name} already exists in network ${net.name}`);
    }
    await d.networks.connect(c, net, endpointConfig(net, cfg));
    await d.store.save(c);
    if (c.netns) await rewriteEtcFiles(d, c);
    else d.networks.nets.emit('connect', net.id, c.id);
  });
}

export function disconnectContainer(d: ContainerContext, c: ContainerRecord, netRef: string): Promise<void> {
  const net = d.networks.nets.get(netRef);
  return d.locks.run(c.id, async () => {
    const running = !!c.netns;
    await d.networks.disconnect(c, net);
    await d.store.save(c);
    if (running) await rewriteEtcFiles(d, c);
    else d.networks.nets.emit('disconnect', net.id, c.id);
  });
}
