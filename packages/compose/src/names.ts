/**
 * The labels and names docker compose gives what it creates, so that docker
 * compose (v2, and Debian's docker-compose 1.29) and `quai compose` find the
 * same project on the same engine:
 *
 *   container  <project>-<service>-<n>     (container_name: when set; one-offs <project>-<service>-run-<slug12>)
 *   network    <project>_<key>             (name: when set)
 *   volume     <project>_<key>             (name: when set)
 *   image      <project>-<service>         (for a build without image:)
 */
import type { Project, Service } from './model.js';

export const LABELS = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  containerNumber: 'com.docker.compose.container-number',
  oneoff: 'com.docker.compose.oneoff',
  slug: 'com.docker.compose.slug',
  configHash: 'com.docker.compose.config-hash',
  image: 'com.docker.compose.image',
  workingDir: 'com.docker.compose.project.working_dir',
  configFiles: 'com.docker.compose.project.config_files',
  environmentFile: 'com.docker.compose.project.environment_file',
  dependsOn: 'com.docker.compose.depends_on',
  version: 'com.docker.compose.version',
  network: 'com.docker.compose.network',
  volume: 'com.docker.compose.volume',
  replace: 'com.docker.compose.replace',
} as const;

/**
 * What the version label says: the docker compose release whose behaviour this
 * follows (docker-compose 1.29 reads the label as a version and treats anything
 * before 1.21 as a legacy project).
 */
export const COMPOSE_VERSION = '2.40.3';

export function containerName(project: string, service: Service, number: number): string {
  return service.container_name ?? `${project}-${service.name}-${number}`;
}

export function oneOffName(project: string, service: string, slug: string): string {
  return `${project}-${service}-run-${slug.slice(0, 12)}`;
}

export function imageName(project: string, service: Service): string {
  return service.image ?? `${project}-${service.name}`;
}

/** The labels every project resource carries. */
export function projectLabels(project: Project): Record<string, string> {
  return {
    [LABELS.project]: project.name,
    [LABELS.version]: COMPOSE_VERSION,
  };
}

/** `label=...` filters for the engine's list calls. */
export function projectFilter(project: string, extra: Record<string, string> = {}): string {
  const label = [`${LABELS.project}=${project}`, ...Object.entries(extra).map(([k, v]) => `${k}=${v}`)];
  return JSON.stringify({ label });
}
