/**
 * The engine's event stream (`docker events`). Every state change publishes
 * one event, stamped with the namespace it happened in; subscribers get them
 * live, and the last few thousand are kept so `--since` can replay the
 * recent past. A namespace sees only its own events: `scoped(ns)` filters at
 * the source, so no consumer has to remember to.
 */
import { DEFAULT_NAMESPACE } from '../paths.js';

export type EventType = 'container' | 'image' | 'volume' | 'network' | 'daemon' | 'namespace';

export interface EngineEvent {
  type: EventType;
  action: string;
  /** Full id of the object (image events use the reference or id Docker uses). */
  actorId: string;
  attributes: Record<string, string>;
  /** Nanoseconds since the epoch. */
  timeNano: bigint;
  namespace: string;
}

export type EventListener = (event: EngineEvent) => void;

/** What the engine's services publish to and clients read from: one namespace's stream. */
export interface Events {
  publish(type: EventType, action: string, actorId: string, attributes?: Record<string, string>): void;
  /** Events already published at or after `sinceNano`. */
  replay(sinceNano: bigint): EngineEvent[];
  subscribe(listener: EventListener): () => void;
}

const KEEP = 4096;

export class EventBus implements Events {
  private readonly recent: EngineEvent[] = [];
  private readonly listeners = new Map<string, Set<EventListener>>();
  private lastNano = 0n;

  publish(type: EventType, action: string, actorId: string, attributes: Record<string, string> = {}, namespace = DEFAULT_NAMESPACE): void {
    // Strictly increasing timestamps keep since/until filtering unambiguous.
    let timeNano = BigInt(Date.now()) * 1_000_000n;
    if (timeNano <= this.lastNano) timeNano = this.lastNano + 1n;
    this.lastNano = timeNano;
    const event: EngineEvent = { type, action, actorId, attributes, timeNano, namespace };
    this.recent.push(event);
    if (this.recent.length > KEEP) this.recent.splice(0, this.recent.length - KEEP);
    for (const listener of this.listeners.get(namespace) ?? []) listener(event);
  }

  replay(sinceNano: bigint, namespace = DEFAULT_NAMESPACE): EngineEvent[] {
    return this.recent.filter((e) => e.timeNano >= sinceNano && e.namespace === namespace);
  }

  subscribe(listener: EventListener, namespace = DEFAULT_NAMESPACE): () => void {
    let set = this.listeners.get(namespace);
    if (!set) this.listeners.set(namespace, (set = new Set()));
    set.add(listener);
    return () => {
      set!.delete(listener);
      if (!set!.size && this.listeners.get(namespace) === set) this.listeners.delete(namespace);
    };
  }

  /** The stream of one namespace: publishes stamped with it, reads filtered to it. */
  scoped(namespace: string): Events {
    return {
      publish: (type, action, actorId, attributes) => this.publish(type, action, actorId, attributes, namespace),
      replay: (since) => this.replay(since, namespace),
      subscribe: (listener) => this.subscribe(listener, namespace),
    };
  }

  /** Forget a removed namespace's past (its listeners went with its socket). */
  forget(namespace: string): void {
    this.listeners.delete(namespace);
    for (let i = this.recent.length - 1; i >= 0; i--) if (this.recent[i]!.namespace === namespace) this.recent.splice(i, 1);
  }
}
