/**
 * Keeping logs from filling the disk, with json-file's options:
 *
 *   --log-opt max-size=N            conmon caps the k8s-file log at N bytes
 *                                   (`--log-size-max`; 10 MiB when unset):
 *                                   past it conmon starts the file afresh.
 *   --log-opt max-size=N max-file=M the daemon rotates (log-rotation.ts):
 *                                   container.log, .1 ... .M-1 are kept, and
 *                                   conmon's cap is raised to a backstop.
 */
import { ramInBytes } from '@quai/common';
import type { ContainerRecord } from './container-record.js';

export const DEFAULT_LOG_SIZE_MAX = 10 * 1024 * 1024;
/** With rotation, conmon truncates only if a burst outruns the daemon's check this much. */
const BACKSTOP_FACTOR = 8;
const MIN_BACKSTOP = 1024 * 1024;

/** max-size in bytes (undefined = unlimited) and max-file (1 when unset). */
export function rotationOptions(c: ContainerRecord): { maxSize: number | undefined; maxFiles: number } {
  const config = c.hostConfig.LogConfig?.Config ?? {};
  const raw = config['max-size'];
  let maxSize: number | undefined = DEFAULT_LOG_SIZE_MAX;
  if (raw === '-1') maxSize = undefined;
  else if (raw) { try { maxSize = ramInBytes(raw) || DEFAULT_LOG_SIZE_MAX; } catch { maxSize = DEFAULT_LOG_SIZE_MAX; } }
  const files = Number.parseInt(config['max-file'] ?? '1', 10);
  return { maxSize, maxFiles: Number.isFinite(files) && files > 0 ? files : 1 };
}

/** conmon's `--log-size-max`. */
export function logSizeMax(c: ContainerRecord): number | undefined {
  const { maxSize, maxFiles } = rotationOptions(c);
  if (!maxSize || maxFiles < 2) return maxSize;
  return Math.max(maxSize * BACKSTOP_FACTOR, MIN_BACKSTOP);
}
