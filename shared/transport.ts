// Wire conventions shared by the web server (electron/web/) and the renderer's web transport.
// HTTP: POST /api/<method> with body { args: [...] } and header `x-mtlw-token: <token>`;
//   200 -> { result }, 4xx/5xx -> { error: { code, message } }.
// WebSocket: GET /events?token=<token>; server sends { event, payload } frames (WorkbenchEvents).
// Electron: preload exposes window.workbench with one method per API verb and `on(event, cb)`.
export const TOKEN_HEADER = 'x-mtlw-token';
export const API_PREFIX = '/api/';
/** Web mode's file picker: POST the file's bytes (application/octet-stream) with ?name=<file name>, token header. */
export const UPLOAD_PATH = '/api/upload';
export const EVENTS_PATH = '/events';
export const IPC_CHANNEL_PREFIX = 'api:';
export const IPC_EVENT_CHANNEL = 'event';
