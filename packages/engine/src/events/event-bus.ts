/**
 * The engine's event stream (`docker events`). Every state change publishes
 * one event; subscribers get them live, and the last few thousand are kept
 * so `--since` can replay the recent past.
 */
export type EventType = 'container' | 'image' | 'volume' | 'network' | 'daemon';

export interface EngineEvent {
  type: EventType;
  action: string;
  /** Full id of the object (image events use the reference or id Docker uses). */
  actorId: string;
  attributes: Record<string, string>;
  /** Nanoseconds since the epoch. */
  timeNano: bigint;
}

export type EventListener = (event: EngineEvent) => void;

const KEEP = 4096;

export class EventBus {
  private readonly recent: EngineEvent[] = [];
  private readonly listeners = new Set<EventListener>();
  private lastNano = 0n;

  publish(type: EventType, action: string, actorId: string, attributes: Record<string, string> = {}): void {
    // Strictly increasing timestamps keep since/until filtering unambiguous.
    let timeNano = BigInt(Date.now()) * 1_000_000n;
    if (timeNano <= this.lastNano) timeNano = this.lastNano + 1n;
    this.lastNano = timeNano;
    const event: EngineEvent = { type, action, actorId, attributes, timeNano };
    this.recent.push(event);
    if (this.recent.length > KEEP) this.recent.splice(0, this.recent.length - KEEP);
    for (const listener of this.listeners) listener(event);
  }

  /** Events already published at or after `sinceNano`. */
  replay(sinceNano: bigint): EngineEvent[] {
    return this.recent.filter((e) => e.timeNano >= sinceNano);
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
