// Streaming CSV: the file is read in chunks (never as one string), optionally gunzipped, decoded as
// UTF-8 (or Latin-1 when it is not valid UTF-8 from the start), and parsed row by row. Rows without
// a quote character take a fast path (split); quoted fields may contain delimiters, doubled quotes
// and newlines.
import { createReadStream, promises as fsp } from 'node:fs';
import * as zlib from 'node:zlib';
import { DatasetError } from '../errors.js';

export const SAMPLE_BYTES = 64 * 1024;
/** A single row (a quoted field spanning lines) longer than this is treated as an unterminated quote. */
export const MAX_ROW_CHARS = 16 * 1024 * 1024;

export interface TextSource {
  file: string;
  gzip: boolean;
  encoding: 'utf-8' | 'windows-1252';
  /** Raw size on disk. */
  bytes: number;
  /** The first characters, for sniffing. */
  sample: string;
  /** True when the sample is the whole text. */
  complete: boolean;
  /** Lines end with a lone CR (old Mac files): read as if they were LF. */
  crOnly: boolean;
}

function binaryError(file: string, what: string): DatasetError {
  return new DatasetError(`not a text file (${what}); expected CSV text`, { file });
}

/** A row past MAX_ROW_CHARS: an open quote when the text has one, else a line with no line break at all. */
export function longRowError(text: string, quote: string, file: string, line: number): DatasetError {
  const mb = MAX_ROW_CHARS / (1024 * 1024);
  return new DatasetError(
    quote && text.includes(quote)
      ? `a row longer than ${mb} MB: probably a quote that is never closed`
      : `a line longer than ${mb} MB with no line break and no quote: a CSV needs one row per line (is this a text file?)`,
    { file, line },
  );
}

/** Opens a text file for parsing: rejects empty and binary files, detects gzip and the encoding. */
export async function openText(file: string, sampleBytes = SAMPLE_BYTES): Promise<TextSource> {
  let st;
  try {
    st = await fsp.stat(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DatasetError(code === 'ENOENT' ? 'file not found' : `cannot read the file (${code})`, { file, code: code === 'ENOENT' ? 'not-found' : 'invalid-argument' });
  }
  if (!st.isFile()) throw new DatasetError('not a file', { file });
  if (st.size === 0) throw new DatasetError('empty file', { file });
  const fh = await fsp.open(file, 'r');
  let head: Buffer;
  try {
    head = Buffer.alloc(Math.min(st.size, sampleBytes));
    await fh.read(head, 0, head.length, 0);
  } finally {
    await fh.close();
  }
  let gzip = false;
  let raw = head;
  let complete = st.size <= sampleBytes;
  if (head[0] === 0x1f && head[1] === 0x8b) {
    gzip = true;
    raw = await gunzipHead(file, sampleBytes);
    complete = raw.length < sampleBytes;
  } else if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    throw binaryError(file, 'a ZIP archive, e.g. an .xlsx workbook: export it as CSV');
  }
  if (raw.length === 0) throw new DatasetError('empty file', { file });
  let controls = 0;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i];
    if (b === 0) throw binaryError(file, `a zero byte at offset ${i}`);
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) controls++;
  }
  if (controls > Math.max(2, raw.length * 0.01)) throw binaryError(file, `${controls} control bytes in the first ${raw.length}`);
  let encoding: TextSource['encoding'] = 'utf-8';
  let sample: string;
  try {
    // A multi-byte character may be cut at the end of the sample: decode in stream mode.
    sample = new TextDecoder('utf-8', { fatal: true }).decode(raw, { stream: !complete });
  } catch {
    encoding = 'windows-1252';
    sample = new TextDecoder('windows-1252').decode(raw);
  }
  if (sample.charCodeAt(0) === 0xfeff) sample = sample.slice(1);
  if (complete && sample.trim() === '') throw new DatasetError('empty file (only blank lines)', { file });
  const crOnly = sample.indexOf('\r') !== -1 && sample.indexOf('\n') === -1;
  if (crOnly) sample = sample.replace(/\r/g, '\n');
  return { file, gzip, encoding, bytes: st.size, sample, complete, crOnly };
}

async function gunzipHead(file: string, sampleBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    const input = createReadStream(file);
    const gz = zlib.createGunzip();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      input.destroy();
      gz.destroy();
      resolve(Buffer.concat(chunks).subarray(0, sampleBytes));
    };
    gz.on('data', (c: Buffer) => {
      chunks.push(c);
      n += c.length;
      if (n >= sampleBytes) finish();
    });
    gz.on('end', finish);
    gz.on('error', (e) => {
      if (done) return;
      done = true;
      input.destroy();
      reject(new DatasetError(`corrupt gzip data (${e.message})`, { file, cause: e }));
    });
    input.on('error', (e) => { if (!done) { done = true; reject(e); } });
    input.pipe(gz);
  });
}

export type RowHandler = (fields: string[], line: number) => void;

export class CsvParser {
  private buf = '';
  /** Physical line number (1-based) of the start of `buf`. */
  private line = 1;
  private readonly d: string;
  private readonly q: string;

  constructor(
    delimiter: string,
    quote: string,
    private readonly onRow: RowHandler,
    private readonly file: string,
  ) {
    if (delimiter.length !== 1) throw new DatasetError(`the delimiter must be one character, got ${JSON.stringify(delimiter)}`);
    if (delimiter === '\n' || delimiter === '\r' || delimiter === quote) throw new DatasetError(`unusable delimiter ${JSON.stringify(delimiter)}`);
    this.d = delimiter;
    this.q = quote;
  }

  push(text: string): void {
    this.buf = this.buf.length ? this.buf + text : text;
    this.process(false);
    if (this.buf.length > MAX_ROW_CHARS) throw longRowError(this.buf, this.q, this.file, this.line);
  }

  end(): void {
    this.process(true);
    this.buf = '';
  }

  private process(final: boolean): void {
    const s = this.buf;
    const n = s.length;
    const d = this.d, q = this.q;
    let pos = 0;
    let nextQuote = q ? s.indexOf(q) : -1;
    while (pos < n) {
      let nl = s.indexOf('\n', pos);
      if (nl === -1) {
        if (!final) break;
        nl = n;
      }
      if (nextQuote !== -1 && nextQuote < pos) nextQuote = s.indexOf(q, pos);
      if (nextQuote === -1 || nextQuote >= nl) {
        let end = nl;
        if (end > pos && s.charCodeAt(end - 1) === 13) end--;
        if (end > pos) this.onRow(s.slice(pos, end).split(d), this.line);
        this.line++;
        pos = nl + 1;
      } else {
        const r = this.slowRow(s, pos, final);
        if (!r) break;
        if (!(r.fields.length === 1 && r.fields[0] === '' && !r.quoted)) this.onRow(r.fields, this.line);
        this.line += r.lines;
        pos = r.next;
      }
    }
    this.buf = pos >= n ? '' : s.slice(pos);
  }

  /** Parses one row that contains a quote; null = needs more text. */
  private slowRow(s: string, pos: number, final: boolean): { fields: string[]; next: number; lines: number; quoted: boolean } | null {
    const n = s.length, d = this.d, q = this.q;
    const fields: string[] = [];
    let i = pos;
    let lines = 1;
    let quoted = false;
    for (;;) {
      // Spaces before an opening quote are allowed (a, "b").
      let k = i;
      while (k < n && s.charCodeAt(k) === 32) k++;
      if (k < n && s[k] === q) {
        quoted = true;
        const startLine = this.line + lines - 1;
        let j = k + 1;
        let val = '';
        for (;;) {
          const c = s.indexOf(q, j);
          if (c === -1) {
            if (!final) return null;
            throw new DatasetError('unterminated quoted field (the closing quote is missing)', { file: this.file, line: startLine, column: fields.length + 1 });
          }
          val += s.slice(j, c);
          if (c + 1 < n && s[c + 1] === q) {
            val += q;
            j = c + 2;
            continue;
          }
          if (c + 1 >= n && !final) return null;
          j = c + 1;
          break;
        }
        for (let t = val.indexOf('\n'); t !== -1; t = val.indexOf('\n', t + 1)) lines++;
        // Lenient: text between the closing quote and the next delimiter is kept ("a"b -> ab).
        let e = j;
        while (e < n && s[e] !== d && s[e] !== '\n') e++;
        if (e === n && !final) return null;
        let tail = s.slice(j, e);
        if (tail.endsWith('\r')) tail = tail.slice(0, -1);
        fields.push(tail.trim() === '' ? val : val + tail);
        i = e;
      } else {
        let e = i;
        while (e < n && s[e] !== d && s[e] !== '\n') e++;
        if (e === n && !final) return null;
        let v = s.slice(i, e);
        if (e >= n || s[e] === '\n') {
          if (v.endsWith('\r')) v = v.slice(0, -1);
        }
        fields.push(v);
        i = e;
      }
      if (i >= n) return { fields, next: n, lines, quoted };
      if (s[i] === d) {
        i++;
        if (i >= n && !final) return null;
        continue;
      }
      return { fields, next: i + 1, lines, quoted }; // s[i] === '\n'
    }
  }
}

export interface StreamOptions {
  delimiter: string;
  quote: string;
  onRow: RowHandler;
  /** Called with raw bytes read so far. */
  onBytes?: (bytes: number) => void;
}

/** Streams the whole file through the parser. */
export async function parseFile(src: TextSource, opts: StreamOptions): Promise<void> {
  const parser = new CsvParser(opts.delimiter, opts.quote, opts.onRow, src.file);
  const decoder = new TextDecoder(src.encoding, { fatal: src.encoding === 'utf-8' });
  const input = createReadStream(src.file, { highWaterMark: 1 << 20 });
  let rawBytes = 0;
  input.on('data', (c) => {
    rawBytes += (c as Buffer).length;
  });
  let stream: AsyncIterable<Buffer> = input;
  if (src.gzip) {
    const gz = zlib.createGunzip();
    // pipe() does not forward a read error: without this the loop below would wait forever.
    input.on('error', (e) => gz.destroy(e));
    stream = input.pipe(gz);
  }
  let decoded = 0;
  let first = true;
  try {
    for await (const chunk of stream) {
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw new DatasetError(`not valid UTF-8 text (an invalid byte after about ${decoded.toLocaleString('en-US')} bytes); save it as UTF-8`, { file: src.file });
      }
      decoded += chunk.length;
      if (first) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      if (text.indexOf('\0') !== -1) throw binaryError(src.file, 'a zero byte');
      if (src.crOnly) text = text.replace(/\r/g, '\n');
      parser.push(text);
      opts.onBytes?.(rawBytes);
    }
    let tail: string;
    try {
      tail = decoder.decode();
    } catch {
      throw new DatasetError('not valid UTF-8 text (the file ends inside a character)', { file: src.file });
    }
    if (tail) parser.push(src.crOnly ? tail.replace(/\r/g, '\n') : tail);
    parser.end();
  } catch (e) {
    input.destroy();
    if (e instanceof DatasetError) throw e;
    const err = e as NodeJS.ErrnoException;
    if (src.gzip && (err.code?.startsWith('Z_') || /gzip|header|unexpected end/i.test(err.message))) {
      throw new DatasetError(`corrupt gzip data (${err.message})`, { file: src.file, cause: e });
    }
    throw new DatasetError(`cannot read the file (${err.message})`, { file: src.file, cause: e });
  }
}

/** Parses text held in memory (the sample), returning complete rows only unless `final`. */
export function parseText(text: string, delimiter: string, quote: string, maxRows: number, final: boolean, file: string): { fields: string[]; line: number }[] {
  const rows: { fields: string[]; line: number }[] = [];
  const stop = new Error('enough');
  const parser = new CsvParser(delimiter, quote, (fields, line) => {
    rows.push({ fields, line });
    if (rows.length >= maxRows) throw stop;
  }, file);
  try {
    parser.push(text);
    if (final) parser.end();
  } catch (e) {
    if (e !== stop) throw e;
  }
  return rows;
}
