// The one renderer file that knows which transport it is on: Electron's preload bridge, or web mode.
import type { WorkbenchApi, WorkbenchEvents, EventName, ApiErrorShape, UploadedFile } from '../shared/api.js';
import { API_METHODS } from '../shared/api.js';
import { API_PREFIX, EVENTS_PATH, TOKEN_HEADER, UPLOAD_PATH } from '../shared/transport.js';

type Listener<E extends EventName> = (payload: WorkbenchEvents[E]) => void;

export interface Bridge {
  api: WorkbenchApi;
  on<E extends EventName>(event: E, listener: Listener<E>): () => void;
  transport: 'electron' | 'web';
  /**
   * A path the Node side may import from for a file picked in the page: Electron reads it where it lies
   * (the preload's pathForFile); web mode uploads it into the data folder's uploads/ first.
   */
  fileForImport?(file: File): Promise<string>;
}

export class ApiError extends Error {
  constructor(public code: ApiErrorShape['code'], message: string) {
    super(message);
  }
}

/** window.workbench from the preload: each verb answers with a reply envelope (an Error's code would not survive contextBridge). */
type Reply = { ok: true; result: unknown } | { ok: false; error: ApiErrorShape };
type ElectronBridge = Record<string, (...args: unknown[]) => Promise<Reply>> & {
  on(event: string, listener: (payload: unknown) => void): () => void;
  pathForFile?(file: File): string;
};

/**
 * A plain copy of one argument, as web mode sends it (JSON). contextBridge and Electron's IPC structured-clone
 * every argument, and a Vue reactive object (a Proxy) cannot be cloned: every call goes through here first.
 */
export function plainCopy(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function electronBridge(bridge: ElectronBridge): Bridge {
  const api = {} as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const method of API_METHODS) {
    api[method] = async (...args: unknown[]) => {
      const reply = await bridge[method](...args.map(plainCopy));
      if (!reply.ok) throw new ApiError(reply.error.code, reply.error.message);
      return reply.result;
    };
  }
  const fileForImport = async (file: File) => {
    const p = bridge.pathForFile?.(file);
    if (!p) throw new ApiError('invalid-argument', `${file.name}: the app could not tell where this file lies on disk; type its path instead.`);
    return p;
  };
  return { api: api as unknown as WorkbenchApi, on: (event, listener) => bridge.on(event, listener as (p: unknown) => void), transport: 'electron', fileForImport };
}

/** The token leaves the address bar (and history, bookmarks, screen shares) once the page holds it. */
function dropTokenFromUrl(): void {
  const url = new URL(location.href);
  if (!url.searchParams.has('token')) return;
  url.searchParams.delete('token');
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
}

function webBridge(): Bridge {
  const token = new URLSearchParams(location.search).get('token') ?? sessionStorage.getItem('mtlw-token') ?? '';
  sessionStorage.setItem('mtlw-token', token);
  dropTokenFromUrl();
  const api = {} as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const method of API_METHODS) {
    api[method] = async (...args: unknown[]) => {
      const res = await fetch(`${API_PREFIX}${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
        body: JSON.stringify({ args }),
      });
      const body = await res.json().catch(() => ({ error: { code: 'internal', message: `HTTP ${res.status}` } }));
      if (!res.ok) throw new ApiError(body.error?.code ?? 'internal', body.error?.message ?? `HTTP ${res.status}`);
      return body.result;
    };
  }
  const fileForImport = async (file: File) => {
    const res = await fetch(`${UPLOAD_PATH}?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', [TOKEN_HEADER]: token },
      body: file,
    });
    const body = await res.json().catch(() => ({ error: { code: 'internal', message: `HTTP ${res.status}` } }));
    if (!res.ok) throw new ApiError(body.error?.code ?? 'internal', body.error?.message ?? `HTTP ${res.status}`);
    return (body.result as UploadedFile).path;
  };
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  let socket: WebSocket | null = null;
  const connect = () => {
    const proto = location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(`${proto}://${location.host}${EVENTS_PATH}?token=${encodeURIComponent(token)}`);
    socket.onmessage = (msg) => {
      const { event, payload } = JSON.parse(String(msg.data));
      listeners.get(event)?.forEach((l) => l(payload));
    };
    socket.onclose = () => setTimeout(connect, 1000); // the server restarts: reconnect
  };
  connect();
  return {
    api: api as unknown as WorkbenchApi,
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener as (p: unknown) => void);
      return () => listeners.get(event)!.delete(listener as (p: unknown) => void);
    },
    transport: 'web',
    fileForImport,
  };
}

let bridge: Bridge | null = null;

export function getBridge(): Bridge {
  if (!bridge) {
    const electron = (window as unknown as { workbench?: ElectronBridge }).workbench;
    bridge = electron ? electronBridge(electron) : webBridge();
  }
  return bridge;
}

/** For component tests: put a bridge of your own in place. */
export function setBridge(b: Bridge): void {
  bridge = b;
}
