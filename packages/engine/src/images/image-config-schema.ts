/**
 * An image config comes from whoever built the image (a pull, a `docker
 * load`, an import): it is checked as dockerd decodes it (OCI image-spec's
 * Image with Docker's config extensions) before anything stores it, so a
 * config with `"Labels": {"a": 1}` is refused at the door instead of
 * breaking `docker images` and `docker ps` later for everyone.
 */
import type { ImageConfig } from '@quai/common';
import { checkValue } from '@quai/common/schema/check';
import { bool, int, int64, list, map, set, string, struct, type GoSchema } from '@quai/common/schema/go-schema';

const strings = () => list(string());

const imageConfigSchema: GoSchema<ImageConfig> = struct('ocispec.Image', {
  created: string(), author: string(), architecture: string(), os: string(), 'os.version': string(),
  'os.features': strings(), variant: string(),
  config: struct('dockerspec.DockerOCIImageConfig', {
    User: string(), ExposedPorts: set(), Env: strings(), Entrypoint: strings(), Cmd: strings(), Volumes: set(),
    WorkingDir: string(), Labels: map(string()), StopSignal: string(), ArgsEscaped: bool(),
    Healthcheck: struct('dockerspec.HealthcheckConfig', {
      Test: strings(), Interval: int64(), Timeout: int64(), StartPeriod: int64(), StartInterval: int64(), Retries: int(),
    }),
    OnBuild: strings(), Shell: strings(),
  }),
  rootfs: struct('ocispec.RootFS', { type: string(), diff_ids: strings() }),
  history: list(struct('ocispec.History', { created: string(), created_by: string(), author: string(), comment: string(), empty_layer: bool() })),
});

/** Refuses a config Docker could not decode, in its words (`invalid image config: json: cannot unmarshal ...`). */
export function checkImageConfig(config: unknown): void {
  try {
    // On a copy: the config is kept as its author wrote it (its bytes are its id).
    checkValue(imageConfigSchema, structuredClone(config));
  } catch (err) {
    (err as Error).message = `invalid image config: ${(err as Error).message.replace(/^invalid JSON: /, '')}`;
    throw err;
  }
}
