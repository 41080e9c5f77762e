// POST /api/upload?name=<file name>: the page's file picker. The body (application/octet-stream) is streamed into
// <data folder>/uploads/ under a generated name; the token is checked by the server's onRequest hook like any API call.
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { UPLOAD_PATH } from '../../shared/transport.js';
import { saveUpload, UploadTooLarge } from '../datasets/uploads.js';
import { toApiError } from '../services/errors.js';

export function routeUpload(app: FastifyInstance, home: string | undefined, limit: number): void {
  app.post(UPLOAD_PATH, async (req, reply) => {
    const fail = (status: number, code: string, message: string) => reply.code(status).type('application/json').send({ error: { code, message } });
    if (!home) return fail(404, 'not-found', 'uploadFile: this server has no data folder to upload into.');
    const name = new URL(req.url, 'http://x').searchParams.get('name') ?? '';
    if (!name.trim()) return fail(400, 'invalid-argument', 'uploadFile: give the file name as ?name=<file name>.');
    const body = req.body as Readable | undefined;
    if (!body || typeof (body as Readable).pipe !== 'function') {
      return fail(400, 'invalid-argument', 'uploadFile: send the file\'s bytes with content-type application/octet-stream.');
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      body.resume(); // drain, so the reply can be read
      return fail(413, 'invalid-argument', `uploadFile: ${JSON.stringify(name)} is ${declared.toLocaleString('en-US')} bytes, over the upload limit of ${limit.toLocaleString('en-US')} bytes.`);
    }
    try {
      return reply.type('application/json').send(JSON.stringify({ result: await saveUpload(home, name, body, limit) }));
    } catch (err) {
      if (err instanceof UploadTooLarge) body.resume();
      const e = toApiError(err, 'uploadFile');
      return fail(err instanceof UploadTooLarge ? 413 : e.code === 'internal' ? 500 : 400, e.code, e.message);
    }
  });
}
