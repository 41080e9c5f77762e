// Electron IPC: one handle() wrapper over ipcMain.handle that checks the sender frame's URL and parses the
// arguments with the API schemas. Replies are envelopes, because Electron drops an Error's fields on the way.
import type { ApiErrorShape, ApiMethod, EventName, WorkbenchApi, WorkbenchEvents } from '../shared/api.js';
import { API_METHODS } from '../shared/api.js';
import { IPC_CHANNEL_PREFIX, IPC_EVENT_CHANNEL } from '../shared/transport.js';
import { parseArgs } from './services/schemas.js';
import { toApiError } from './services/errors.js';

/** The part of Electron's IpcMainInvokeEvent this module reads. */
export interface InvokeEventLike {
  senderFrame: { url: string } | null;
}

/** The part of Electron's ipcMain this module uses (a stand-in in tests). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export type IpcReply<T = unknown> = { ok: true; result: T } | { ok: false; error: ApiErrorShape };

export interface HandleOptions {
  /** Whether the frame at this URL may call the API (the app's own page only). */
  isTrustedSender(url: string): boolean;
}

/** Registers one channel: sender check, then argument schema, then fn; every failure a clear { code, message }. */
export function handle<M extends ApiMethod>(
  ipcMain: IpcMainLike,
  method: M,
  fn: (...args: unknown[]) => Promise<unknown>,
  opts: HandleOptions,
): void {
  ipcMain.handle(IPC_CHANNEL_PREFIX + method, async (event, ...args): Promise<IpcReply> => {
    const url = event?.senderFrame?.url ?? '';
    if (!url || !opts.isTrustedSender(url)) {
      return { ok: false, error: { code: 'unauthorized', message: `${method}: calls are accepted only from the workbench's own page, not from ${JSON.stringify(url || 'an unknown frame')}.` } };
    }
    try {
      const parsed = parseArgs(method, args);
      return { ok: true, result: await fn(...parsed) };
    } catch (err) {
      const e = toApiError(err, method);
      return { ok: false, error: { code: e.code, message: e.message } };
    }
  });
}

/** Binds every API verb. Returns a function that removes the handlers. */
export function bindApi(ipcMain: IpcMainLike, api: WorkbenchApi, opts: HandleOptions): () => void {
  for (const method of API_METHODS) {
    handle(ipcMain, method, api[method] as (...a: unknown[]) => Promise<unknown>, opts);
  }
  return () => API_METHODS.forEach((m) => ipcMain.removeHandler(IPC_CHANNEL_PREFIX + m));
}

/** Forwards workbench events to a window on the one event channel. */
export function forwardEvents(
  events: { onAny(l: <E extends EventName>(event: E, payload: WorkbenchEvents[E]) => void): () => void },
  send: (channel: string, message: { event: EventName; payload: unknown }) => void,
): () => void {
  return events.onAny((event, payload) => send(IPC_EVENT_CHANNEL, { event, payload }));
}
