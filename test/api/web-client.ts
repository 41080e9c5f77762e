// A Node client for web mode, speaking the wire protocol of shared/transport.ts as renderer/api.ts does.
import WebSocket from 'ws';
import type { EventName, WorkbenchApi, WorkbenchEvents } from '../../shared/api.js';
import { API_METHODS } from '../../shared/api.js';
import { API_PREFIX, EVENTS_PATH, TOKEN_HEADER } from '../../shared/transport.js';
import { ApiError } from '../../electron/services/errors.js';

export interface WebClient {
  api: WorkbenchApi;
  on<E extends EventName>(event: E, cb: (p: WorkbenchEvents[E]) => void): () => void;
  close(): void;
}

export async function connectWebClient(port: number, token: string): Promise<WebClient> {
  const base = `http://127.0.0.1:${port}`;
  const api = {} as Record<string, (...a: unknown[]) => Promise<unknown>>;
  for (const method of API_METHODS) {
    api[method] = async (...args: unknown[]) => {
      const res = await fetch(`${base}${API_PREFIX}${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
        body: JSON.stringify({ args }),
      });
      const body = (await res.json()) as { result?: unknown; error?: { code: ApiError['code']; message: string } };
      if (!res.ok) throw new ApiError(body.error!.code, body.error!.message);
      return body.result;
    };
  }
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const ws = new WebSocket(`ws://127.0.0.1:${port}${EVENTS_PATH}?token=${encodeURIComponent(token)}`, { headers: { origin: base } });
  ws.on('message', (data) => {
    const { event, payload } = JSON.parse(String(data)) as { event: string; payload: unknown };
    listeners.get(event)?.forEach((l) => l(payload));
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    api: api as unknown as WorkbenchApi,
    on(event, cb) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(cb as (p: unknown) => void);
      return () => listeners.get(event)!.delete(cb as (p: unknown) => void);
    },
    close: () => ws.close(),
  };
}
