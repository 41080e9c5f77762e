// Image decoding (PNG via pngjs, JPEG via jpeg-js), resizing, and PNG data URLs for previews.
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { DatasetError } from './errors.js';
import { MAX_IMAGE_FILE_BYTES, MAX_IMAGE_PIXELS, readRegularFile } from './read.js';

export interface RgbImage {
  width: number;
  height: number;
  /** width × height × 3 bytes. */
  data: Uint8Array;
  /** True when every pixel has r = g = b. */
  grey: boolean;
}

function toRgb(width: number, height: number, rgba: Uint8Array): RgbImage {
  const n = width * height;
  const data = new Uint8Array(n * 3);
  let grey = true;
  for (let i = 0; i < n; i++) {
    const r = rgba[i * 4], g = rgba[i * 4 + 1], b = rgba[i * 4 + 2];
    data[i * 3] = r; data[i * 3 + 1] = g; data[i * 3 + 2] = b;
    if (grey && (r !== g || g !== b)) grey = false;
  }
  return { width, height, data, grey };
}

export async function decodeImage(file: string, where: { list: string; line: number; column: number; columnName: string }): Promise<RgbImage> {
  const at = { file: where.list, line: where.line, column: where.column, columnName: where.columnName };
  const buf = await readRegularFile(file, { maxBytes: MAX_IMAGE_FILE_BYTES, what: 'one image', noun: 'image', where: at });
  try {
    if (buf.length >= 8 && buf[0] === 0x89 && buf[1] === 0x50 && buf[2] === 0x4e && buf[3] === 0x47) {
      // IHDR's width and height, checked before pngjs allocates width × height × 4 bytes
      if (buf.length >= 24 && buf.readUInt32BE(16) * buf.readUInt32BE(20) > MAX_IMAGE_PIXELS) {
        throw new DatasetError(`image ${file} is ${buf.readUInt32BE(16)} × ${buf.readUInt32BE(20)} pixels, more than the ${MAX_IMAGE_PIXELS.toLocaleString('en-US')} allowed`, at);
      }
      const png = PNG.sync.read(buf);
      return toRgb(png.width, png.height, png.data);
    }
    if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) {
      const img = jpeg.decode(buf, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 512, maxResolutionInMP: MAX_IMAGE_PIXELS / 1e6 });
      return toRgb(img.width, img.height, img.data);
    }
  } catch (e) {
    if (e instanceof DatasetError) throw e;
    throw new DatasetError(`cannot decode image ${file}: ${(e as Error).message}`, at);
  }
  throw new DatasetError(`not a PNG or JPEG image: ${file}`, at);
}

/** Bilinear resize of an RGB image (pixel centres aligned, as most libraries do). */
export function resizeRgb(img: RgbImage, width: number, height: number): Uint8Array {
  if (img.width === width && img.height === height) return img.data;
  const out = new Uint8Array(width * height * 3);
  const sx = img.width / width, sy = img.height / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(img.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy), y1 = Math.min(img.height - 1, y0 + 1), wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(img.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx), x1 = Math.min(img.width - 1, x0 + 1), wx = fx - x0;
      for (let c = 0; c < 3; c++) {
        const a = img.data[(y0 * img.width + x0) * 3 + c], b = img.data[(y0 * img.width + x1) * 3 + c];
        const d = img.data[(y1 * img.width + x0) * 3 + c], e = img.data[(y1 * img.width + x1) * 3 + c];
        const top = a + (b - a) * wx, bottom = d + (e - d) * wx;
        out[(y * width + x) * 3 + c] = Math.round(top + (bottom - top) * wy);
      }
    }
  }
  return out;
}

/** A PNG data URL of an image stored as bytes (channels 1 or 3) or floats in [0, 1]. */
export function pngDataUrl(pixels: ArrayLike<number>, width: number, height: number, channels: number, scale = 1): string {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < 3; c++) {
      const v = pixels[i * channels + (channels === 1 ? 0 : c)] * scale;
      png.data[i * 4 + c] = Math.max(0, Math.min(255, Math.round(v)));
    }
    png.data[i * 4 + 3] = 255;
  }
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
}

/** Encodes an RGB (or grey when channels = 1) image as PNG bytes; for fixtures and tests. */
export function encodePng(pixels: Uint8Array, width: number, height: number, channels: 1 | 3): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < 3; c++) png.data[i * 4 + c] = pixels[i * channels + (channels === 1 ? 0 : c)];
    png.data[i * 4 + 3] = 255;
  }
  return PNG.sync.write(png);
}

export function encodeJpeg(rgb: Uint8Array, width: number, height: number, quality = 95): Buffer {
  const rgba = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    rgba[i * 4] = rgb[i * 3]; rgba[i * 4 + 1] = rgb[i * 3 + 1]; rgba[i * 4 + 2] = rgb[i * 3 + 2]; rgba[i * 4 + 3] = 255;
  }
  return jpeg.encode({ data: rgba, width, height }, quality).data;
}
