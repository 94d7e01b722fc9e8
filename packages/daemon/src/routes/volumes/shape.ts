/** Volume records in Docker's wire shape. */
import type { Volume } from '@quai/common';
import type { EngineScope, VolumeRecord } from '@quai/engine';

export function toVolumeJson(engine: EngineScope, v: VolumeRecord): Volume {
  return {
    CreatedAt: v.createdAt,
    Driver: v.driver,
    Labels: v.labels,
    Mountpoint: engine.volumes.dataPath(v.name),
    Name: v.name,
    Options: v.options,
    Scope: 'local',
  };
}
