// The coordinator's worker API over HTTP: workers say hello (token and protocol checked), fetch datasets by
// checksum, post their runs' events, upload final weights. Every request carries `Authorization: Bearer T`.
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyReply } from 'fastify';
import type { DatasetInfo } from '../../shared/dataset.js';
import { tokensEqual } from '../web/auth.js';
import { datasetDir, readManifest } from '../datasets/load.js';
import { MANIFEST } from '../datasets/materialise.js';
import { artifactsDir } from '../engine/train/artifacts.js';
import { API, PROTOCOL, type DatasetFiles, type EventBatch, type Heartbeat, type Hello } from './protocol.js';
import type { QueueExecutor } from './executor.js';

export interface CoordinatorServerOptions {
  executor: QueueExecutor;
  home: string;
  dataset(id: string): DatasetInfo | undefined;
  token: string;
  version: string;
  host?: string;
  port?: number;
  /** Upload limit for one weights file (default 1 GiB). */
  maxUpload?: number;
}

export interface CoordinatorServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const SAFE_NAME = /^[A-Za-z0-9_.-]+$/;

function fail(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).type('application/json').send({ error: message });
}

export async function startCoordinatorServer(opts: CoordinatorServerOptions): Promise<CoordinatorServer> {
  if (!opts.token || opts.token.length < 16) throw new Error('The worker token must have at least 16 characters (--token): workers on other machines use it to prove they are yours.');
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 * 1024 });
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: opts.maxUpload ?? 1 << 30 }, (_req, body, done) => done(null, body));

  app.addHook('onRequest', async (req, reply) => {
    const auth = String(req.headers.authorization ?? '');
    const given = auth.startsWith('Bearer ') ? auth.slice(7) : undefined;
    if (!tokensEqual(opts.token, given)) {
      return fail(reply, 401, 'Wrong or missing worker token: start the worker with the --token the coordinator was started with.');
    }
  });

  app.post(`${API}/hello`, async (req, reply) => {
    const h = req.body as Hello;
    if (h?.protocol !== PROTOCOL || h?.version !== opts.version) {
      return fail(reply, 409, `Version mismatch: this worker is MTL Workbench ${h?.version ?? '?'} (worker protocol ${h?.protocol ?? '?'}), the coordinator is ${opts.version} (protocol ${PROTOCOL}). Install the same version on both machines.`);
    }
    opts.executor.hello(h);
    return { protocol: PROTOCOL, version: opts.version };
  });

  app.post(`${API}/heartbeat`, async (req) => opts.executor.heartbeat(req.body as Heartbeat));

  app.post<{ Params: { runId: string } }>(`${API}/runs/:runId/events`, async (req) => opts.executor.receive(req.params.runId, req.body as EventBatch));

  app.put<{ Params: { runId: string; name: string } }>(`${API}/runs/:runId/artifacts/:name`, async (req, reply) => {
    const { runId, name } = req.params;
    if (!SAFE_NAME.test(name) || !SAFE_NAME.test(runId)) return fail(reply, 400, `Not a file name: ${JSON.stringify(name)}.`);
    if (!Buffer.isBuffer(req.body)) return fail(reply, 400, 'Send the file as application/octet-stream.');
    const dir = artifactsDir(opts.home, runId);
    await fs.promises.mkdir(dir, { recursive: true });
    const tmp = path.join(dir, `.${name}.${process.pid}.part`);
    await fs.promises.writeFile(tmp, req.body);
    await fs.promises.rename(tmp, path.join(dir, name));
    return { ok: true };
  });

  app.get<{ Params: { id: string }; Querystring: { checksum?: string } }>(`${API}/datasets/:id`, async (req, reply) => {
    const info = opts.dataset(req.params.id);
    if (!info) return fail(reply, 404, `Dataset '${req.params.id}' does not exist on the coordinator.`);
    if (req.query.checksum && req.query.checksum !== info.checksum) {
      return fail(reply, 409, `Dataset '${info.id}' on the coordinator has checksum ${info.checksum.slice(0, 12)}…, not the ${req.query.checksum.slice(0, 12)}… the job names.`);
    }
    const manifest = await readManifest(datasetDir(opts.home, info.id));
    const files: DatasetFiles = { checksum: info.checksum, files: [MANIFEST, ...manifest.checksumFiles.filter((f) => f !== MANIFEST)] };
    return files;
  });

  app.get<{ Params: { id: string; name: string } }>(`${API}/datasets/:id/files/:name`, async (req, reply) => {
    const info = opts.dataset(req.params.id);
    if (!info) return fail(reply, 404, `Dataset '${req.params.id}' does not exist on the coordinator.`);
    const dir = datasetDir(opts.home, info.id);
    const manifest = await readManifest(dir);
    const { name } = req.params;
    if (name !== MANIFEST && !manifest.checksumFiles.includes(name)) return fail(reply, 404, `Dataset '${info.id}' has no file ${JSON.stringify(name)}.`);
    return reply.type('application/octet-stream').send(fs.createReadStream(path.join(dir, name)));
  });

  await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? 0);
  const host = opts.host ?? '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () => app.close(),
  };
}
