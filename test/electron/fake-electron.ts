// Stand-ins for ipcMain / ipcRenderer / webContents that pass values through structuredClone, as Electron's
// IPC does (functions, symbols and class identity do not survive; a non-cloneable value throws).
import type { IpcMainLike, InvokeEventLike } from '../../electron/ipc.js';
import type { IpcRendererLike } from '../../electron/preload-bridge.js';

type Handler = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;

export class FakeIpcMain implements IpcMainLike {
  handlers = new Map<string, Handler>();
  handle(channel: string, listener: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

export class FakeIpcRenderer implements IpcRendererLike {
  private listeners = new Map<string, Set<(event: unknown, message: unknown) => void>>();
  constructor(
    private main: FakeIpcMain,
    /** The URL of the frame this renderer stands for (null: a frame that is gone). */
    public frameUrl: string | null,
  ) {}
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const cloned = structuredClone(args); // throws DataCloneError like Electron for functions etc.
    const handler = this.main.handlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    const result = await handler({ senderFrame: this.frameUrl === null ? null : { url: this.frameUrl } }, ...cloned);
    return structuredClone(result);
  }
  on(channel: string, listener: (event: unknown, message: unknown) => void): void {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
    this.listeners.get(channel)!.add(listener);
  }
  removeListener(channel: string, listener: (event: unknown, message: unknown) => void): void {
    this.listeners.get(channel)?.delete(listener);
  }
  /** webContents.send from the main side. */
  deliver(channel: string, message: unknown): void {
    const cloned = structuredClone(message);
    for (const l of this.listeners.get(channel) ?? []) l({ sender: null }, cloned);
  }
  listenerCount(channel: string): number {
    return this.listeners.get(channel)?.size ?? 0;
  }
}
