// A worker's dataset cache: each dataset fetched once from the coordinator into <home>/datasets/<id>,
// verified against the checksum the job names before it is used, and kept for the next runs.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DatasetInfo } from '../../shared/dataset.js';
import { datasetDir, readManifest } from '../datasets/load.js';
import { computeChecksum } from '../datasets/materialise.js';
import { API, type DatasetFiles } from './protocol.js';
import { untilDone, type CoordinatorClient } from './http.js';

const MARK = '.mtlw-checksum';

export function datasetCache(home: string, client: CoordinatorClient, log: (line: string) => void) {
  const inflight = new Map<string, Promise<void>>();

  const fetchOne = async (info: DatasetInfo): Promise<void> => {
    const dir = datasetDir(home, info.id);
    if (fs.existsSync(path.join(dir, MARK)) && fs.readFileSync(path.join(dir, MARK), 'utf8') === info.checksum) return;
    const tmp = `${dir}.part-${process.pid}`;
    await fs.promises.rm(tmp, { recursive: true, force: true });
    await fs.promises.mkdir(tmp, { recursive: true });
    const list = await untilDone(
      async () => (await (await client.get(`${API}/datasets/${encodeURIComponent(info.id)}?checksum=${info.checksum}`)).json()) as DatasetFiles,
      `dataset ${info.id}`,
    );
    let bytes = 0;
    for (const name of list.files) {
      await untilDone(async () => {
        const res = await client.get(`${API}/datasets/${encodeURIComponent(info.id)}/files/${encodeURIComponent(name)}`);
        await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), fs.createWriteStream(path.join(tmp, name)));
      }, `dataset ${info.id} file ${name}`);
      bytes += fs.statSync(path.join(tmp, name)).size;
    }
    const sum = await computeChecksum(tmp, await readManifest(tmp));
    if (sum !== info.checksum) {
      await fs.promises.rm(tmp, { recursive: true, force: true });
      throw new Error(`Dataset '${info.name}' (${info.id}) arrived with checksum ${sum.slice(0, 12)}…, not the ${info.checksum.slice(0, 12)}… its record names: refusing to train on it.`);
    }
    fs.writeFileSync(path.join(tmp, MARK), info.checksum);
    await fs.promises.rm(dir, { recursive: true, force: true });
    await fs.promises.rename(tmp, dir);
    log(`dataset ${info.id} fetched and verified (${bytes} bytes, checksum ${info.checksum.slice(0, 12)}…)`);
  };

  return {
    /** Makes sure every dataset is here and verified; concurrent jobs wait for one fetch. */
    async ensure(infos: DatasetInfo[]): Promise<void> {
      for (const info of infos) {
        const key = `${info.id}:${info.checksum}`;
        let p = inflight.get(key);
        if (!p) {
          p = fetchOne(info).finally(() => inflight.delete(key));
          inflight.set(key, p);
        }
        await p;
      }
    },
  };
}
