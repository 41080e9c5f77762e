// A typed emitter of WorkbenchEvents; a throwing listener never breaks the emitter or other listeners.
import type { EventName, WorkbenchEvents } from '../../shared/api.js';

export type Listener<E extends EventName> = (payload: WorkbenchEvents[E]) => void;
export type AnyListener = <E extends EventName>(event: E, payload: WorkbenchEvents[E]) => void;

export class WorkbenchEmitter {
  private listeners = new Map<EventName, Set<(p: unknown) => void>>();
  private anyListeners = new Set<AnyListener>();

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (p: unknown) => void);
    return () => set!.delete(listener as (p: unknown) => void);
  }

  /** Every event (transports forward them all). */
  onAny(listener: AnyListener): () => void {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: WorkbenchEvents[E]): void {
    for (const l of this.listeners.get(event) ?? []) this.safe(() => l(payload));
    for (const l of this.anyListeners) this.safe(() => l(event, payload));
  }

  clear(): void {
    this.listeners.clear();
    this.anyListeners.clear();
  }

  private safe(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      console.error('[workbench] an event listener threw:', err);
    }
  }
}
