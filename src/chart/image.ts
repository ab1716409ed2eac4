// The Image Vega's canvas renderer asks for in Node: bytes read through the chart's sandboxed loader, size from the file header.
import { inflateSync } from 'node:zlib';
import { isBriefError } from '../errors.js';
import { readUserFile } from '../files.js';

/** Pixels one image may have: a 20-megapixel photo fits; a decompression bomb does not. */
const MAX_PIXELS = 40_000_000;

/** Width and height of a PNG or JPEG from its header; undefined for anything else. */
export function imageSize(bytes: Buffer): { width: number; height: number; type: 'png' | 'jpeg' } | undefined {
  if (bytes.length > 24 && bytes.readUInt32BE(0) === 0x89504e47) {
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), type: 'png' };
  }
  if (bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let i = 2;
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) return undefined;
      const marker = bytes[i + 1];
      const len = bytes.readUInt16BE(i + 2);
      // Start-of-frame markers carry the size; DHT (C4), JPG (C8) and DAC (CC) do not.
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7), type: 'jpeg' };
      }
      i += 2 + len;
    }
  }
  return undefined;
}

/**
 * Why an image PDFKit would fail on (or draw as garbage) cannot be drawn, or undefined when it is
 * whole: the PNG's chunks end in IEND and its pixels inflate; the JPEG has a frame and its end marker.
 */
export function imageDamage(bytes: Buffer, size: NonNullable<ReturnType<typeof imageSize>>): string | undefined {
  if (!(size.width > 0 && size.height > 0)) return 'it has no width or height';
  if (size.width * size.height > MAX_PIXELS) return `it has ${size.width} × ${size.height} pixels; an image may have at most ${MAX_PIXELS / 1e6} million`;
  if (size.type === 'jpeg') return bytes.readUInt16BE(bytes.length - 2) === 0xffd9 ? undefined : 'it is cut short (no end-of-image marker)';
  const idat: Buffer[] = [];
  for (let i = 8; ;) {
    if (i + 8 > bytes.length) return 'it is cut short (no IEND chunk)';
    const len = bytes.readUInt32BE(i);
    const type = bytes.toString('latin1', i + 4, i + 8);
    if (i + 12 + len > bytes.length) return `it is cut short (its ${type} chunk runs past the end)`;
    if (type === 'IDAT') idat.push(bytes.subarray(i + 8, i + 8 + len));
    if (type === 'IEND') break;
    i += 12 + len;
  }
  if (!idat.length) return 'it has no pixel data (no IDAT chunk)';
  try {
    // Never more than the largest image's worth of bytes, whatever the stream claims.
    inflateSync(Buffer.concat(idat), { maxOutputLength: MAX_PIXELS * 8 + size.height });
  } catch (e) {
    return `its pixel data is damaged (${(e as Error).message})`;
  }
  return undefined;
}

/** Images that could not be drawn since the last call, by path, with why: a chart with one is refused. */
export const imageFailures: { path: string; reason: string }[] = [];

/**
 * Vega's ResourceLoader sanitizes an image URL through the chart's loader (which only hands out
 * paths inside the data folder) and then sets `src` on `new Image()`. Node has no Image; this one
 * reads that path, and only PNG and JPEG, which PDFKit embeds as they are.
 */
export class SandboxedImage {
  src_ = '';
  width = 0;
  height = 0;
  complete = false;
  bytes?: Buffer;
  crossOrigin?: string;
  onload?: () => void;
  onerror?: () => void;

  get src() {
    return this.src_;
  }

  set src(path: string) {
    this.src_ = path;
    let size: ReturnType<typeof imageSize>;
    let reason: string | undefined;
    try {
      this.bytes = readUserFile(path, 'image', { stage: 'chart' });
      size = imageSize(this.bytes);
      reason = size ? imageDamage(this.bytes, size) : 'it is not a PNG or JPEG image';
    } catch (e) {
      reason = isBriefError(e) ? e.reason : (e as Error).message;
    }
    // Vega draws nothing where an image fails: a published figure with holes. Keep why, to refuse it.
    if (reason) {
      size = undefined;
      imageFailures.push({ path, reason });
    }
    if (size) {
      this.width = size.width;
      this.height = size.height;
      this.complete = true;
    }
    queueMicrotask(() => (this.complete ? this.onload?.() : this.onerror?.()));
  }
}

let installed = false;

/** Makes vega-canvas find our Image (it looks for a global one, as in a browser). */
export function installImage() {
  if (installed) return;
  installed = true;
  const g = globalThis as { Image?: unknown };
  if (g.Image === undefined) g.Image = SandboxedImage;
}
