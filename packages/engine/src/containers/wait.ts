/**
 * `wait` with Docker's conditions: `not-running` (default; returns at once
 * for a stopped container), `next-exit`, `removed`.
 */
import { InvalidArgumentError } from '@quai/common';
import type { ContainerContext } from './context.js';
import { isRunning, type ContainerRecord } from './container-record.js';

export type WaitCondition = 'not-running' | 'next-exit' | 'removed';

export function parseWaitCondition(value: string | null): WaitCondition {
  if (!value) return 'not-running';
  if (value === 'not-running' || value === 'next-exit' || value === 'removed') return value;
  throw new InvalidArgumentError(`invalid condition: "${value}"`);
}

/** Registers the waiter synchronously, so a caller can start the container right after. */
export function waitContainer(d: ContainerContext, c: ContainerRecord, condition: WaitCondition, signal?: AbortSignal): Promise<number> {
  if (condition === 'removed') return d.exits.removal(c.id, signal);
  if (condition === 'not-running' && !isRunning(c)) return Promise.resolve(c.state.exitCode);
  return d.exits.nextExit(c.id, signal);
}
