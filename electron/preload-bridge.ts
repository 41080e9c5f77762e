// What the preload exposes as window.workbench: one method per API verb and on(event, cb). Never raw ipcRenderer.
import type { ApiErrorShape, EventName, WorkbenchApi, WorkbenchEvents } from '../shared/api.js';
import { API_METHODS } from '../shared/api.js';
import { IPC_CHANNEL_PREFIX, IPC_EVENT_CHANNEL } from '../shared/transport.js';
import type { IpcReply } from './ipc.js';

/** The part of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, message: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, message: unknown) => void): unknown;
}

export const EVENT_NAMES: EventName[] = ['runProgress', 'runStatus', 'runMetrics'];

/**
 * Each verb answers with the reply envelope ({ ok, result } or { ok: false, error: { code, message } }), not a
 * thrown Error: contextBridge copies only an Error's message into the page, so the code would be lost.
 * renderer/api.ts unwraps the envelope into a result or an ApiError.
 */
export type BridgeMethods = { [M in keyof WorkbenchApi]: (...args: Parameters<WorkbenchApi[M]>) => Promise<IpcReply<Awaited<ReturnType<WorkbenchApi[M]>>>> };

export type WorkbenchBridge = BridgeMethods & {
  on<E extends EventName>(event: E, listener: (payload: WorkbenchEvents[E]) => void): () => void;
  /** Electron: the path on disk of a file picked with <input type=file> (the native open dialog); no upload needed. */
  pathForFile?(file: unknown): string;
};

/** Electron's webUtils.getPathForFile, passed in by preload.ts (this module never imports electron). */
export interface FilePaths {
  pathForFile(file: unknown): string;
}

function noReply(method: string): IpcReply {
  const error: ApiErrorShape = { code: 'internal', message: `${method}: no reply from the main process` };
  return { ok: false, error };
}

export function buildBridge(ipc: IpcRendererLike, files?: FilePaths): WorkbenchBridge {
  const bridge: Record<string, unknown> = {};
  if (files) bridge.pathForFile = (file: unknown) => files.pathForFile(file);
  for (const method of API_METHODS) {
    bridge[method] = async (...args: unknown[]): Promise<IpcReply> => {
      const reply = (await ipc.invoke(IPC_CHANNEL_PREFIX + method, ...args)) as IpcReply;
      return reply && typeof reply === 'object' && typeof reply.ok === 'boolean' ? reply : noReply(method);
    };
  }
  bridge.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!EVENT_NAMES.includes(event)) throw new Error(`Unknown event ${JSON.stringify(event)}: one of ${EVENT_NAMES.join(', ')}`);
    if (typeof listener !== 'function') throw new Error('on(event, listener): the listener must be a function');
    const l = (_e: unknown, message: unknown) => {
      const m = message as { event?: string; payload?: unknown };
      if (m && m.event === event) listener(m.payload);
    };
    ipc.on(IPC_EVENT_CHANNEL, l);
    return () => void ipc.removeListener(IPC_EVENT_CHANNEL, l);
  };
  return Object.freeze(bridge) as unknown as WorkbenchBridge;
}
