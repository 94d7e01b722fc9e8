/**
 * Keeping logs from filling the disk: conmon caps the k8s-file log at
 * `--log-size-max` bytes, from `--log-opt max-size` (json-file's option),
 * 10 MiB when unset. conmon truncates the file when it reaches the cap
 * rather than keeping old files, so `max-file` is accepted but only one
 * file is kept.
 */
import { ramInBytes } from '@quai/common';
import type { ContainerRecord } from './container-record.js';

export const DEFAULT_LOG_SIZE_MAX = 10 * 1024 * 1024;

export function logSizeMax(c: ContainerRecord): number | undefined {
  const raw = c.hostConfig.LogConfig?.Config?.['max-size'];
  if (raw === '-1') return undefined;
  if (!raw) return DEFAULT_LOG_SIZE_MAX;
  try { return ramInBytes(raw) || DEFAULT_LOG_SIZE_MAX; } catch { return DEFAULT_LOG_SIZE_MAX; }
}
