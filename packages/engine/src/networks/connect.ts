/**
 * `network connect` / `disconnect`: a stopped container only changes its
 * record; a running one gets (or loses) a veth at once, as in Docker.
 */
import { ConflictError } from '@quai/common';
import type { ContainerContext } from '../containers/context.js';
import type { ContainerRecord } from '../containers/container-record.js';

export interface EndpointSettings { Aliases?: string[] | null; IPAMConfig?: { IPv4Address?: string } | null }

export function connectContainer(d: ContainerContext, c: ContainerRecord, netRef: string, cfg: EndpointSettings): Promise<void> {
  const net = d.networks.nets.get(netRef);
  return d.locks.run(c.id, async () => {
    const mode = c.hostConfig.NetworkMode ?? '';
    if (mode === 'host' || mode === 'none' || mode.startsWith('container:') || net.driver !== 'bridge') {
      throw new ConflictError(`container cannot be disconnected from host network or connected to host network`);
    }
    if (Object.values(c.networks ?? {}).some((e) => e.networkId === net.id)) {
      throw new ConflictError(`endpoint with name ${c.name} already exists in network ${net.name}`);
    }
    await d.networks.connect(c, net, d.networks.endpointConfig(net, cfg));
    await d.store.save(c);
    if (!c.netns) d.networks.nets.emit('connect', net.id, c.id);
  });
}

export function disconnectContainer(d: ContainerContext, c: ContainerRecord, netRef: string): Promise<void> {
  const net = d.networks.nets.get(netRef);
  return d.locks.run(c.id, async () => {
    const running = !!c.netns;
    await d.networks.disconnect(c, net);
    await d.store.save(c);
    if (!running) d.networks.nets.emit('disconnect', net.id, c.id);
  });
}
