// Not a test: a script. Generates a 1,000,000-row × 20-column CSV in a temporary folder, imports it
// (two streaming passes, binary files written and fsynced), prints rows/s and peak RSS.
//   node --import tsx bench/csv-throughput.ts [rows] [columns]
import * as os from 'node:os';
import { benchCsvImport } from './csv-data.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const columns = Number(process.argv[3] ?? 20);
const rssBefore = process.memoryUsage().rss / 2 ** 20;
const r = await benchCsvImport({ rows, columns });
console.log(`CSV import: ${r.rows.toLocaleString('en-US')} rows × ${r.columns} columns, ${(r.bytes / 1e6).toFixed(1)} MB`);
console.log(`  generate  ${r.generateSeconds.toFixed(1)} s`);
console.log(`  import    ${r.importSeconds.toFixed(1)} s  = ${Math.round(r.rowsPerSecond).toLocaleString('en-US')} rows/s, ${r.megabytesPerSecond.toFixed(1)} MB/s`);
console.log(`  CPU time  ${r.importCpuSeconds.toFixed(1)} s  = ${Math.round(r.rowsPerCpuSecond).toLocaleString('en-US')} rows per CPU-second (load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`);
console.log(`  peak RSS  ${Math.round(r.peakRssMB)} MB (process at start: ${Math.round(rssBefore)} MB)`);
console.log(`  features  ${r.info.features.map((f) => `${f.name}:${f.kind}`).join(', ')}; tasks ${r.info.tasks.map((t) => `${t.name}:${t.kind}`).join(', ')}`);
