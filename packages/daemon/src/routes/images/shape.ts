/** Image records in Docker's wire shapes (ImageSummary, ImageInspect), by API version. */
import type { ImageSummary } from '@quai/common';
import type { ImageRecord } from '@quai/engine';
import { compareVersions } from '../../version.js';

const ZERO_TIME = '0001-01-01T00:00:00Z';

export function unixSeconds(iso: string): number {
  return Math.floor((Date.parse(iso) || 0) / 1000);
}

export function toSummary(image: ImageRecord, apiVersion: string): ImageSummary {
  return {
    Id: image.id,
    ParentId: image.parent,
    RepoTags: image.repoTags,
    RepoDigests: image.repoDigests,
    Created: unixSeconds(image.created),
    Size: image.size,
    SharedSize: -1,
    ...(compareVersions(apiVersion, '1.44') < 0 ? { VirtualSize: image.size } : {}),
    Labels: image.config.config?.Labels ?? null,
    Containers: -1,
  };
}

/** The container-config shape Docker gives an image's Config (absent fields as Docker zero values). */
function configShape(image: ImageRecord): Record<string, unknown> {
  return {
    Hostname: '', Domainname: '', User: '', AttachStdin: false, AttachStdout: false, AttachStderr: false,
    Tty: false, OpenStdin: false, StdinOnce: false, Env: null, Cmd: null, Image: '', Volumes: null,
    WorkingDir: '', Entrypoint: null, OnBuild: null, Labels: null,
    ...image.config.config,
  };
}

export function toInspect(image: ImageRecord, layerDirs: string[], apiVersion: string): Record<string, unknown> {
  const old = (v: string) => compareVersions(apiVersion, v) < 0;
  const [upper, ...lower] = layerDirs;
  const graphData: Record<string, string> = {};
  if (lower.length) graphData.LowerDir = lower.join(':');
  if (upper) graphData.UpperDir = upper;
  return {
    Id: image.id,
    RepoTags: image.repoTags,
    RepoDigests: image.repoDigests,
    Parent: image.parent,
    Comment: image.config.comment ?? '',
    Created: image.config.created ?? image.created,
    ...(old('1.45') ? { Container: image.config.container ?? '', ContainerConfig: configShape({ ...image, config: { ...image.config, config: {} } }) } : {}),
    DockerVersion: '',
    Author: image.config.author ?? '',
    Config: configShape(image),
    Architecture: image.config.architecture,
    ...(image.config.variant ? { Variant: image.config.variant } : {}),
    Os: image.config.os,
    Size: image.size,
    ...(old('1.44') ? { VirtualSize: image.size } : {}),
    GraphDriver: { Name: 'overlay2', Data: graphData },
    RootFS: { Type: 'layers', Layers: image.layers.map((l) => l.diffId) },
    Metadata: { LastTagTime: image.lastTagTime ?? ZERO_TIME },
  };
}
