// Web mode: the same API over HTTP + WebSocket on loopback, every request and socket carrying a random token,
// serving the built renderer. Wire format: shared/transport.ts.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import type { ApiErrorShape, ApiMethod } from '../../shared/api.js';
import { API_PREFIX, EVENTS_PATH, TOKEN_HEADER } from '../../shared/transport.js';
import type { Workbench } from '../services/workbench.js';
import { toApiError } from '../services/errors.js';
import { isApiMethod } from '../services/schemas.js';
import { allowedHosts, allowedOrigins, assertLoopback, ASSET_COOKIE, cookieValue, newToken, tokensEqual } from './auth.js';
import { parseJsonBody } from './body.js';
import { CONTENT_SECURITY_POLICY } from './csp.js';
import { routeUpload } from './upload.js';
import { DEFAULT_UPLOAD_LIMIT } from '../datasets/uploads.js';

export interface WebServerOptions {
  /** With a home (data folder), the page's file picker can upload into <home>/uploads/. */
  workbench: Pick<Workbench, 'api' | 'events'> & Partial<Pick<Workbench, 'home'>>;
  /** Upload limit in bytes (default DEFAULT_UPLOAD_LIMIT). */
  uploadLimit?: number;
  port?: number;
  host?: string;
  rendererDir?: string;
  /** Request body limit in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** A fixed token (tests); default: 32 random bytes. */
  token?: string;
}

export interface WebServer {
  url: string;
  port: number;
  host: string;
  token: string;
  close(): Promise<void>;
}

export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

const STATUS: Record<ApiErrorShape['code'], number> = {
  'invalid-argument': 400,
  unauthorized: 401,
  'not-found': 404,
  conflict: 409,
  failed: 422,
  internal: 500,
};

function sendError(reply: FastifyReply, code: ApiErrorShape['code'], message: string): FastifyReply {
  return reply.code(STATUS[code]).type('application/json').send({ error: { code, message } });
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const host = opts.host ?? '127.0.0.1';
  assertLoopback(host);
  const token = opts.token ?? newToken();
  const assetKey = newToken();
  const rendererDir = path.resolve(opts.rendererDir ?? DEFAULT_RENDERER_DIR);
  const app = Fastify({ logger: false, bodyLimit: opts.bodyLimit ?? DEFAULT_BODY_LIMIT, trustProxy: false });
  let port = 0; // known once listening; the checks below read it per request
  const sockets = new Set<{ close(code?: number, reason?: string): void }>();

  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer'); // the token is in the page URL
    reply.header('cache-control', 'no-store');
    if (!allowedHosts(port).has(String(req.headers.host ?? ''))) {
      return sendError(reply, 'unauthorized', `Host ${JSON.stringify(req.headers.host ?? '')} is not this server (expected 127.0.0.1:${port}).`);
    }
    const url = new URL(req.url, 'http://x');
    const isApi = url.pathname.startsWith(API_PREFIX);
    const isEvents = url.pathname === EVENTS_PATH;
    // API calls carry the header; the event socket and the page carry ?token=; the page's own assets the asset cookie
    const fromQuery = url.searchParams.get('token');
    const allowed = isApi
      ? tokensEqual(token, req.headers[TOKEN_HEADER])
      : isEvents
        ? tokensEqual(token, fromQuery ?? undefined)
        : fromQuery !== null
          ? tokensEqual(token, fromQuery)
          : tokensEqual(assetKey, cookieValue(req.headers.cookie, ASSET_COOKIE));
    if (!allowed) {
      return sendError(reply, 'unauthorized', `Missing or wrong token: open the URL printed by \`mtl-workbench serve\` (it ends in ?token=…).`);
    }
    // a browser always sends Origin with a POST or a WebSocket: only this server's own page may call
    const origin = req.headers.origin;
    if ((isApi || isEvents) && origin !== undefined && !allowedOrigins(port).has(origin)) {
      return sendError(reply, 'unauthorized', `${isEvents ? 'WebSocket origin' : 'Origin'} ${JSON.stringify(origin)} is not allowed: only pages served by this server (http://127.0.0.1:${port}) may call it.`);
    }
    if (!isApi && !isEvents && fromQuery !== null) {
      reply.header('set-cookie', `${ASSET_COOKIE}=${assetKey}; Path=/; HttpOnly; SameSite=Strict`);
    }
  });

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(String(body)));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  app.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, req, reply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413) {
      return reply.code(413).send({ error: { code: 'invalid-argument', message: `Request body too large (limit ${opts.bodyLimit ?? DEFAULT_BODY_LIMIT} bytes).` } });
    }
    if (err.statusCode === 403) {
      const message = `Not served: ${req.url.split('?')[0]} (files whose names start with a dot are never served).`;
      return reply.code(403).type('application/json').send({ error: { code: 'unauthorized', message } });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.code(err.statusCode).send({ error: { code: 'invalid-argument', message: `Malformed request: ${err.message}` } });
    }
    const e = toApiError(err);
    return sendError(reply, e.code, e.message);
  });

  // the bytes arrive as a stream and go to disk as they come (routeUpload); the JSON body limit does not apply
  app.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));
  routeUpload(app, opts.workbench.home, opts.uploadLimit ?? DEFAULT_UPLOAD_LIMIT);

  app.post(`${API_PREFIX}:method`, async (req: FastifyRequest<{ Params: { method: string } }>, reply) => {
    const method = req.params.method;
    if (!isApiMethod(method)) return sendError(reply, 'not-found', `No API method ${JSON.stringify(method)}.`);
    const body = req.body as { args?: unknown } | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      return sendError(reply, 'invalid-argument', `${method}: the body must be a JSON object { "args": [...] }.`);
    }
    const args = body.args === undefined ? [] : body.args;
    if (!Array.isArray(args)) return sendError(reply, 'invalid-argument', `${method}: body.args must be an array.`);
    try {
      const fn = opts.workbench.api[method as ApiMethod] as (...a: unknown[]) => Promise<unknown>;
      const result = await fn(...args);
      return reply.type('application/json').send(JSON.stringify({ result: result === undefined ? null : result }));
    } catch (err) {
      const e = toApiError(err, method);
      return sendError(reply, e.code, e.message);
    }
  });
  app.all(`${API_PREFIX}*`, async (req, reply) =>
    sendError(reply, 'not-found', `No API route ${req.method} ${req.url.split('?')[0]}: use POST ${API_PREFIX}<method>.`),
  );

  app.get(EVENTS_PATH, { websocket: true }, (socket) => {
    sockets.add(socket);
    const off = opts.workbench.events.onAny((event, payload) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ event, payload }));
    });
    socket.on('close', () => {
      off();
      sockets.delete(socket);
    });
    socket.on('message', () => socket.close(1008, 'the event socket is one-way'));
  });

  if (fs.existsSync(path.join(rendererDir, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: rendererDir,
      wildcard: true,
      index: ['index.html'],
      dotfiles: 'deny',
      serveDotFiles: false,
      // keep the onRequest hook's no-store: the page's URL carries the token, so nothing may be cached
      cacheControl: false,
      setHeaders: (res) => res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY),
    });
  } else {
    app.get('/', async (_req, reply) =>
      reply.code(503).type('text/plain').send(`The renderer is not built (${rendererDir} has no index.html): run \`npm run build:renderer\`.`),
    );
  }

  try {
    await app.listen({ port: opts.port ?? 0, host });
  } catch (err) {
    await app.close();
    if ((err as { code?: string }).code === 'EADDRINUSE') {
      throw new Error(`Port ${opts.port} on ${host} is in use: choose another with --port N, or leave --port out to take a free one.`);
    }
    throw err;
  }
  const addr = app.server.address();
  port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? 0);
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${hostInUrl}:${port}/?token=${token}`,
    port,
    host,
    token,
    async close() {
      for (const s of sockets) s.close(1001, 'server closing');
      await app.close();
    },
  };
}
