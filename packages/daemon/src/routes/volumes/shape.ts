/** Volume records in Docker's wire shape. */
import type { EngineScope, VolumeRecord } from '@quai/engine';

export function toVolumeJson(engine: EngineScope, v: VolumeRecord): Record<string, unknown> {
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
