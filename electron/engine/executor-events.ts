// The listener set every RunExecutor keeps: events stamped with their run, a throwing listener logged and
// never breaking the others.
import type { ExecutorEvent, TrainEvent } from './types.js';

export function executorEvents(tag: string) {
  const listeners = new Set<(e: ExecutorEvent) => void>();
  return {
    emit(runId: string, e: TrainEvent): void {
      const event = { runId, ...e } as ExecutorEvent;
      for (const l of [...listeners]) {
        try {
          l(event);
        } catch (err) {
          console.error(`[${tag}] an event listener threw:`, err);
        }
      }
    },
    onEvent(listener: (e: ExecutorEvent) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear(): void {
      listeners.clear();
    },
  };
}
