/**
 * A daemon that just moved a hundred megabytes (a pull, a load, a build)
 * holds their buffers until V8's next full collection, which an idle
 * daemon may not run for a long time; the resident size stays up. When
 * the launcher exposes gc (bin/quai starts servers with --expose-gc), a
 * collection runs a second after the last such request instead (about
 * 10 ms on this daemon's small heap), and malloc_trim hands what it freed
 * back to the system.
 */
import { releaseFreedMemory } from '@quai/engine';

const gc = (globalThis as { gc?: () => void }).gc;
let timer: NodeJS.Timeout | undefined;

export function tidyHeapSoon(delayMs = 1000): void {
  if (!gc) return;
  clearTimeout(timer);
  timer = setTimeout(() => {
    gc();
    releaseFreedMemory();
  }, delayMs).unref();
}
